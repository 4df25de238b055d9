"""Vision echo: stemmed content-word cosine between the owner's vision and an answer."""

from __future__ import annotations

import math

import pytest

from alignment.scoring.echo import comparable, echo_score, mean_similarity, similarity

VISION = "Become the best-loved bakery in Leeds by 2028"
PARAPHRASE = "we want to be the most loved bakery in leeds"
UNRELATED = "Ship more software to hospitals in Norway"


def test_identical_sentences_score_exactly_one() -> None:
    assert similarity(VISION, VISION) == 1.0
    assert similarity("Grow grow grow customers", "Grow grow grow customers") == 1.0


def test_unrelated_answer_scores_zero() -> None:
    assert similarity(VISION, UNRELATED) == 0.0


def test_paraphrase_with_shared_stems() -> None:
    # Vision stems: best, lov, baker, leed, 2028 ("become", "the", "in", "by" are stop words).
    # Answer stems: lov, baker, leed ("we", "want", "to", "be", "the", "most", "in" are stop).
    # Cosine = 3 / sqrt(5 * 3) = sqrt(3 / 5) = 0.7745966692...
    score = similarity(VISION, PARAPHRASE)
    assert score == pytest.approx(math.sqrt(3 / 5))
    assert score > similarity(VISION, UNRELATED) + 0.5


def test_suffixes_join_word_forms() -> None:
    assert similarity("growing our customers", "We grow our customer!") == 1.0
    assert similarity("families love our bakeries", "a family-loved bakery") == 1.0


def test_short_stems_are_left_alone() -> None:
    # "best" would become "b" without "est"; the 3-character rule keeps it whole.
    assert similarity("the best", "the b") == 0.0


def test_numbers_are_words() -> None:
    assert similarity("Open 3 shops by 2028", "3 shops by 2028") == pytest.approx(
        3 / math.sqrt(4 * 3)
    )
    assert similarity("by 2028", "by 2029") == 0.0


def test_stop_words_alone_score_zero() -> None:
    assert similarity(VISION, "We will be there for our company.") == 0.0
    assert similarity("", VISION) == 0.0
    assert similarity("", "") == 0.0


def test_case_and_punctuation_do_not_matter() -> None:
    assert similarity(VISION, "BECOME... the best loved BAKERY, in leeds (by 2028)!") == 1.0


def test_unicode_letters_are_words() -> None:
    assert similarity("Das beliebteste Café in München", "café münchen") > 0.0


def test_symmetric() -> None:
    pairs = [(VISION, PARAPHRASE), (VISION, UNRELATED), ("grow grow shops", "shops in Leeds")]
    for a, b in pairs:
        assert similarity(a, b) == similarity(b, a)


def test_mean_similarity() -> None:
    assert mean_similarity(VISION, []) is None
    assert mean_similarity(VISION, iter([VISION, UNRELATED])) == 0.5
    assert mean_similarity(VISION, [PARAPHRASE]) == similarity(VISION, PARAPHRASE)


def test_an_echo_in_another_language_is_not_scored_as_misaligned() -> None:
    vision = "Become the best-loved bakery in Leeds by 2028"
    german = "Wir wollen die beliebteste Bäckerei in Leeds werden"
    english = "We want to be the most loved bakery in Leeds"

    assert echo_score(vision, german) is None
    assert echo_score(vision, english) == similarity(vision, english)
    assert mean_similarity(vision, [german, english]) == similarity(vision, english)


def test_a_vision_of_one_or_two_content_words_is_too_short_to_compare() -> None:
    assert not comparable("Grow the business")
    assert comparable("Fresh bread in every café of the region")
