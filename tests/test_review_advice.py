"""The offline coach's rewrite and outcome-or-activity verdict, in English and German."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from alignment.reviewers import GoalDraft, GoalKind, Reviewers, ReviewTexts, load_review_texts
from alignment.reviewers.advice import SUGGESTED_YEARS

REVIEWS_YAML = Path(__file__).resolve().parents[1] / "prompts" / "reviews.yaml"
TODAY = date(2026, 11, 23)
YEAR = TODAY.year + SUGGESTED_YEARS
VISION = "By 2030 we run 40 cafés across Yorkshire, each one the place locals meet."


@pytest.fixture(scope="module")
def texts() -> ReviewTexts:
    return load_review_texts(REVIEWS_YAML)


@pytest.fixture(scope="module")
def reviewers(texts: ReviewTexts) -> Reviewers:
    return Reviewers(texts)


def goal(title: str, metric: str, target: str, serves: str = "cafés across Yorkshire") -> GoalDraft:
    return GoalDraft(title, metric, target, date(2027, 6, 30), 8, serves)


def vision_rewrite(reviewers: Reviewers, text: str) -> str | None:
    return reviewers.advise_vision(reviewers.review_vision(text, TODAY), text, TODAY).rewrite


def test_a_vision_without_a_horizon_gets_a_year_added_in_its_own_words(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    text = "We run 40 cafés across Yorkshire."
    horizon = texts.advice["english"].horizon
    assert vision_rewrite(reviewers, text) == horizon.format(text=text[:-1], year=YEAR)


def test_a_vision_too_far_out_gets_the_suggested_year_in_place_of_its_own(
    reviewers: Reviewers,
) -> None:
    assert vision_rewrite(reviewers, "We run 40 cafés across Yorkshire by 2060.") == (
        f"We run 40 cafés across Yorkshire by {YEAR}."
    )


def test_a_relative_horizon_at_the_start_is_replaced_and_capitalised(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    phrase = texts.advice["english"].horizon_phrase.format(year=YEAR)
    rewrite = vision_rewrite(reviewers, "In 20 years we run 40 cafés across Yorkshire.")
    assert rewrite == f"{phrase[:1].upper()}{phrase[1:]} we run 40 cafés across Yorkshire."


def test_buzzwords_become_a_fill_in_and_the_nouns_stay(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    words = texts.advice["english"]
    rewrite = vision_rewrite(reviewers, "We will be the leading innovative bakery.")
    assert rewrite == words.horizon.format(text=f"We will be the {words.vague} bakery", year=YEAR)


def test_a_vision_that_passes_gets_no_rewrite(reviewers: Reviewers) -> None:
    assert vision_rewrite(reviewers, VISION) is None


def test_a_long_vision_keeps_its_first_sentence(reviewers: Reviewers) -> None:
    text = (
        "By 2030 we run 40 cafés across Yorkshire. Every café roasts its own beans. "
        "Every town has one. Every guest is known by name."
    )
    assert vision_rewrite(reviewers, text) == "By 2030 we run 40 cafés across Yorkshire."


def test_a_mission_without_whom_and_why_gets_both_asked_for(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    words = texts.advice["english"]
    rewrite = reviewers.advise_mission(
        reviewers.review_mission("We bake bread."), "We bake bread.", TODAY
    )
    expected = words.why.format(text=words.for_whom.format(text="We bake bread").rstrip("."))
    assert rewrite.rewrite == expected


def test_a_german_vision_gets_the_german_template(reviewers: Reviewers, texts: ReviewTexts) -> None:
    text = "Wir werden die beliebteste Bäckerei in Köln sein."
    german = texts.advice["german"]
    assert vision_rewrite(reviewers, text) == german.horizon.format(text=text[:-1], year=YEAR)


@pytest.mark.parametrize(
    ("draft", "kind"),
    [
        (goal("Post on Instagram 3 times a week", "posts", "12 a month"), GoalKind.ACTIVITY),
        (goal("Launch a podcast", "episodes", "10"), GoalKind.ACTIVITY),
        (goal("Hold tasting evenings", "", "monthly"), GoalKind.ACTIVITY),
        (goal("Grow monthly online sales", "online sales per month", "€40k"), GoalKind.OUTCOME),
        (goal("Supply cafés across the region", "cafés we supply", "20"), GoalKind.OUTCOME),
        (goal("Newsletter schreiben", "Newsletter", "2 pro Monat", "Kunden"), GoalKind.ACTIVITY),
        (goal("Workshops veranstalten", "Workshops", "4", "Kunden"), GoalKind.ACTIVITY),
        (goal("Umsatz im Laden steigern", "Monatsumsatz", "40000", "Kunden"), GoalKind.OUTCOME),
        (goal("Mehr Stammkunden gewinnen", "Stammkunden", "150", "Kunden"), GoalKind.OUTCOME),
    ],
)
def test_outcome_or_activity(reviewers: Reviewers, draft: GoalDraft, kind: GoalKind) -> None:
    assert reviewers.goal_kind(draft) is kind


def test_an_activity_goal_is_rewritten_as_a_result_with_its_number_and_date(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    words = texts.advice["english"]
    draft = goal("Post on Instagram 3 times a week", "posts", "12 a month")
    advice = reviewers.advise_goal(reviewers.review_goal(draft, VISION, TODAY), draft)
    title = words.activity.format(title=draft.title)
    assert advice.kind is GoalKind.ACTIVITY
    assert advice.rewrite == words.measured.format(
        title=title, metric="posts", target="12 a month", deadline="2027-06-30"
    )


def test_a_german_activity_goal_gets_the_german_rewrite(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    words = texts.advice["german"]
    draft = goal("Newsletter schreiben", "Newsletter", "monatlich", "Kunden")
    advice = reviewers.advise_goal(reviewers.review_goal(draft, VISION, TODAY), draft)
    assert advice.rewrite == words.measured.format(
        title=words.activity.format(title=draft.title),
        metric="Newsletter",
        target=words.target,
        deadline="2027-06-30",
    )


def test_a_goal_whose_title_measure_and_date_pass_gets_no_rewrite(reviewers: Reviewers) -> None:
    draft = GoalDraft(
        "Win 5 new café accounts in Leeds",
        "active café accounts",
        "from 12 to 17",
        date(2027, 6, 30),
        3,
        "cafés across Yorkshire",
    )
    review = reviewers.review_goal(draft, VISION, TODAY)
    assert not review.passed
    assert reviewers.advise_goal(review, draft).rewrite is None
