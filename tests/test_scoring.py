"""Scoring: every expected value below is worked out by hand in the comments next to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment.dimensions import Dimension
from alignment.scoring import (
    EXPECTED_ERROR_VARIANCE,
    DimensionScore,
    Item,
    ItemCounts,
    answer_count,
    average_deviation,
    flip,
    headline,
    hundredths,
    item_mean,
    owner_levels,
    recall_rate,
    rwg_j,
    sample_variance,
    score_all,
    score_dimension,
    to_level,
    whole,
)
from alignment.team.report import agreement_band, headline_band
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts

VISION = Dimension.VISION_CLARITY
GOALS = Dimension.GOAL_ALIGNMENT

V1 = Item("t_vision_clear", VISION)
V2 = Item("t_vision_ignored", VISION, reverse=True)
G1 = Item("t_goal_priorities", GOALS)
G2 = Item("t_goal_offtrack", GOALS, reverse=True)


def _score(
    team: float | None,
    rwg: float | None = None,
    owner: float | None = None,
) -> DimensionScore:
    return DimensionScore(VISION, team=team, rwg=rwg, ad=None, n=5, owner=owner)


def _known(value: float | None) -> float:
    assert value is not None
    return value


def _agreement(rwg: float) -> str:
    # Agreement in words with its number, as the report's Details and docs/scoring.md say it.
    words = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml").report.agreement
    return words[_known_band(agreement_band(rwg))].format(rwg=f"{hundredths(rwg):.2f}")


def _known_band(band: str | None) -> str:
    assert band is not None
    return band


def _shown(score: DimensionScore) -> str:
    # How the worked example in docs/scoring.md lays out a report line (without the change arrow).
    return (
        f"team {whole(_known(score.team))} · {_agreement(_known(score.rwg))}"
        f" · you {whole(_known(score.owner))} · gap {whole(_known(score.gap)):+d} · n {score.n}"
    )


# --- the scale ---------------------------------------------------------------------------------


def test_scale_mapping_and_flip() -> None:
    # to_level: (v − 1) / 4 × 100, so 1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100.
    assert [to_level(v) for v in (1, 2, 3, 4, 5)] == [0.0, 25.0, 50.0, 75.0, 100.0]
    # flip: 6 − v, so 1 <-> 5, 2 <-> 4, 3 stays.
    assert [flip(v) for v in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    # (A² − 1) / 12 with A = 5: 24 / 12 = 2.
    assert EXPECTED_ERROR_VARIANCE == (5**2 - 1) / 12 == 2.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (58.5, 59),  # round(58.5) would give 58 (banker's rounding)
        (-27.5, -28),
        (0.5, 1),
        (-0.5, -1),
        (2.5, 3),
        (58.49, 58),
        (-4.167, -4),
        (70.8333, 71),
    ],
)
def test_whole_rounds_half_away_from_zero(value: float, expected: int) -> None:
    assert whole(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.125, 0.13),  # round(0.125, 2) would give 0.12
        (-0.125, -0.13),
        (1.005, 1.01),  # the float is 1.00499999…; its repr "1.005" rounds up
        (0.8571428, 0.86),
        (0.4722, 0.47),
        (0.0, 0.0),
    ],
)
def test_hundredths_rounds_half_away_from_zero(value: float, expected: float) -> None:
    assert hundredths(value) == expected


# --- item statistics and rWG(J) ----------------------------------------------------------------


def test_full_agreement() -> None:
    # Five people all answer 4: mean 4, level (4 − 1)/4 × 100 = 75, every deviation 0,
    # so variance 0 and AD 0; rWG(1) = 1(1 − 0) / (1(1 − 0) + 0) = 1.
    counts = {4: 5}
    assert item_mean(counts, reverse=False) == 4.0
    assert sample_variance(counts) == 0.0
    assert average_deviation(counts) == 0.0
    score = score_dimension(VISION, [ItemCounts(V1, counts)])
    assert score.team == 75.0
    assert score.rwg == 1.0
    assert score.ad == 0.0
    assert score.n == 5


def test_uniform_spread_has_no_agreement() -> None:
    # One person on each of 1..5: mean 15/5 = 3.
    # Squared deviations 4 + 1 + 0 + 1 + 4 = 10; sample variance 10 / (5 − 1) = 2.5.
    # 2.5 >= σE² = 2, so rWG is truncated to 0.
    # Absolute deviations 2 + 1 + 0 + 1 + 2 = 6; AD = 6 / 5 = 1.2.
    counts = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert item_mean(counts, reverse=False) == 3.0
    assert sample_variance(counts) == 2.5
    assert average_deviation(counts) == pytest.approx(1.2)
    score = score_dimension(VISION, [ItemCounts(V1, counts)])
    assert score.team == 50.0
    assert score.rwg == 0.0
    assert score.ad == pytest.approx(1.2)


def test_variance_above_expected_error_is_truncated_to_zero() -> None:
    # Two answer 1, two answer 5: mean 3, squared deviations 4 × 4 = 16,
    # sample variance 16 / 3 = 5.333. r = 5.333 / 2 = 2.667; the raw formula would give
    # 1(1 − 2.667) / (1(1 − 2.667) + 2.667) = −1.667 / 1 = −1.667, so it is truncated to 0.
    # AD: every answer is 2 away from 3, so AD = 2.
    counts = {1: 2, 5: 2}
    assert sample_variance(counts) == pytest.approx(16 / 3)
    assert average_deviation(counts) == 2.0
    assert rwg_j([16 / 3]) == 0.0
    # Exactly σE² means "no better than random": r = 1, so J(1 − r) = 0 and rWG = 0.
    assert rwg_j([EXPECTED_ERROR_VARIANCE]) == 0.0
    assert rwg_j([]) is None


def test_partial_agreement_two_items() -> None:
    # Item 1 answered 2, 3, 4: mean 3, squared deviations 1 + 0 + 1 = 2, variance 2/2 = 1;
    #   absolute deviations 1 + 0 + 1 = 2, AD = 2/3; level (3 − 1)/4 × 100 = 50.
    # Item 2 answered 3, 3, 4: mean 10/3, deviations −1/3, −1/3, +2/3,
    #   squared 1/9 + 1/9 + 4/9 = 6/9, variance (6/9)/2 = 1/3;
    #   absolute 1/3 + 1/3 + 2/3 = 4/3, AD = (4/3)/3 = 4/9; level (10/3 − 1)/4 × 100 = 58.333.
    # rWG(J), J = 2: s̄² = (1 + 1/3)/2 = 2/3; r = (2/3)/2 = 1/3; J(1 − r) = 2 × 2/3 = 4/3;
    #   rWG(J) = (4/3) / (4/3 + 1/3) = 4/5 = 0.8.
    # team = (50 + 58.333)/2 = 54.167; AD = (2/3 + 4/9)/2 = (6/9 + 4/9)/2 = 5/9 = 0.556.
    one = ItemCounts(V1, {2: 1, 3: 1, 4: 1})
    two = ItemCounts(Item("t_vision_extra", VISION), {3: 2, 4: 1})
    assert sample_variance(one.counts) == 1.0
    assert sample_variance(two.counts) == pytest.approx(1 / 3)
    assert rwg_j([1.0, 1 / 3]) == pytest.approx(0.8)
    score = score_dimension(VISION, [one, two])
    assert score.team == pytest.approx(325 / 6)
    assert score.rwg == pytest.approx(0.8)
    assert score.ad == pytest.approx(5 / 9)
    assert score.n == 3


def test_reverse_item_is_flipped() -> None:
    # Everyone answers 2 to a reverse-worded statement: flipped 6 − 2 = 4, level 75.
    # Variance and AD are the same on either scale: all 0 here.
    counts = {2: 4}
    assert item_mean(counts, reverse=True) == 4.0
    assert item_mean(counts, reverse=False) == 2.0
    score = score_dimension(VISION, [ItemCounts(V2, counts)])
    assert score.team == 75.0
    assert score.rwg == 1.0


def test_flipping_keeps_the_spread() -> None:
    # 1, 1, 2 has mean 4/3 and variance ((1/3)² + (1/3)² + (2/3)²)/2 = (6/9)/2 = 1/3;
    # flipped it is 5, 5, 4: mean 14/3 = 6 − 4/3 and the same deviations, so the same variance.
    assert item_mean({1: 2, 2: 1}, reverse=True) == pytest.approx(14 / 3)
    assert sample_variance({1: 2, 2: 1}) == pytest.approx(1 / 3)
    assert sample_variance({5: 2, 4: 1}) == pytest.approx(1 / 3)


def test_unanswered_items_have_no_statistics() -> None:
    assert item_mean({}, reverse=False) is None
    assert item_mean({3: 0}, reverse=True) is None
    assert sample_variance({4: 1}) is None
    assert average_deviation({4: 1}) is None
    assert answer_count({1: 2, 3: 0, 5: 1}) == 3


def test_skips_lower_an_items_count() -> None:
    # Item 1: five people answer 4 (level 75, variance 0, AD 0).
    # Item 2: only one person answers, with 5: level 100; one answer has no spread, so the item
    # counts for the team level but not for rWG or AD.
    # team = (75 + 100)/2 = 87.5; rWG from item 1 alone: 1; AD 0; n = max(5, 1) = 5.
    items = [ItemCounts(V1, {4: 5}), ItemCounts(Item("t_vision_extra", VISION), {5: 1})]
    score = score_dimension(VISION, items)
    assert score.team == 87.5
    assert score.rwg == 1.0
    assert score.ad == 0.0
    assert score.n == 5


def test_dimension_with_only_single_answers_has_no_agreement() -> None:
    # Each item has one answer: 3 (level 50) and reverse 2 -> 4 (level 75); team 62.5.
    # No item has 2 answers, so rWG and AD are None; n = 1.
    score = score_dimension(VISION, [ItemCounts(V1, {3: 1}), ItemCounts(V2, {2: 1})])
    assert score.team == 62.5
    assert score.rwg is None
    assert score.ad is None
    assert score.n == 1


def test_other_dimensions_are_ignored() -> None:
    # Only V1 belongs to vision clarity: the goal item does not move its level (75).
    items = [ItemCounts(V1, {4: 3}), ItemCounts(G1, {1: 3})]
    score = score_dimension(VISION, items)
    assert score.team == 75.0
    assert score.n == 3


def test_dimension_without_data() -> None:
    score = score_dimension(VISION, [ItemCounts(V1, {})])
    assert (score.team, score.rwg, score.ad, score.n) == (None, None, None, 0)


# --- owner, gap and change ---------------------------------------------------------------------


def test_owner_levels_flip_reverse_items() -> None:
    # Vision: V1 answered 5 -> 100; V2 (reverse) answered 2 -> 4 -> 75; mean 87.5.
    # Goals: G1 answered 3 -> 50. Other dimensions: absent.
    levels = owner_levels([(V1, 5), (V2, 2), (G1, 3)])
    assert levels == {VISION: 87.5, GOALS: 50.0}
    assert owner_levels([]) == {}


def test_owner_levels_reject_answers_off_the_scale() -> None:
    with pytest.raises(ValueError, match="outside"):
        owner_levels([(V1, 6)])


def test_gap_sign_and_change() -> None:
    # Owner 85, team 58: gap 85 − 58 = +27 (the owner sees it rosier than the team).
    rosier = DimensionScore(VISION, team=58.0, rwg=0.72, ad=0.6, n=6, owner=85.0, previous=62.0)
    assert rosier.gap == 27.0
    # Change against the previous round: 58 − 62 = −4 (the team level went down).
    assert rosier.change == -4.0
    # Owner 40, team 58: gap −18 (the owner sees it gloomier than the team).
    assert DimensionScore(VISION, 58.0, None, None, 6, owner=40.0).gap == -18.0
    missing = DimensionScore(VISION, team=None, rwg=None, ad=None, n=0, owner=85.0, previous=62.0)
    assert missing.gap is None
    assert missing.change is None
    no_owner = DimensionScore(VISION, 58.0, None, None, 6)
    assert no_owner.gap is None
    assert no_owner.change is None


# --- headline ----------------------------------------------------------------------------------


def test_headline_equals_team_with_full_agreement_and_no_gap() -> None:
    # 75 × (1 + 1)/2 × (1 − 0/100) = 75.
    assert headline([_score(75.0, rwg=1.0, owner=75.0)]) == 75.0


def test_headline_falls_when_agreement_falls() -> None:
    # Same team level 80, no gap: rWG 1 -> 80 × 1 = 80; rWG 0.5 -> 80 × 0.75 = 60;
    # rWG 0 -> 80 × 0.5 = 40 (the agreement factor can at most halve the level).
    assert headline([_score(80.0, rwg=1.0, owner=80.0)]) == 80.0
    assert headline([_score(80.0, rwg=0.5, owner=80.0)]) == 60.0
    assert headline([_score(80.0, rwg=0.0, owner=80.0)]) == 40.0


def test_headline_falls_when_the_gap_grows_either_way() -> None:
    # Team 80, rWG 1: owner 90 -> |gap| 10 -> 80 × 0.9 = 72; owner 100 -> 80 × 0.8 = 64;
    # owner 70 -> |gap| 10 again -> 72 (a pessimistic owner is penalised like an optimistic one).
    assert headline([_score(80.0, rwg=1.0, owner=90.0)]) == pytest.approx(72.0)
    assert headline([_score(80.0, rwg=1.0, owner=100.0)]) == pytest.approx(64.0)
    assert headline([_score(80.0, rwg=1.0, owner=70.0)]) == pytest.approx(72.0)


def test_headline_treats_missing_agreement_and_gap_as_factor_one() -> None:
    # rWG None (nobody's item had 2 answers) and no owner self-check: the level itself, 60.
    assert headline([_score(60.0)]) == 60.0
    # rWG None, gap 80 − 60 = 20: 60 × 1 × 0.8 = 48.
    assert headline([_score(60.0, owner=80.0)]) == pytest.approx(48.0)
    # rWG 0.5, no owner: 60 × 0.75 × 1 = 45.
    assert headline([_score(60.0, rwg=0.5)]) == 45.0


def test_headline_averages_dimensions_with_data_only() -> None:
    # 60 (factors 1) and 40 (factors 1) average to 50; the empty dimension is left out.
    scores = [
        _score(60.0),
        DimensionScore(GOALS, team=40.0, rwg=None, ad=None, n=3),
        DimensionScore(Dimension.ADAPTABILITY, team=None, rwg=None, ad=None, n=0, owner=90.0),
    ]
    assert headline(scores) == 50.0


def test_headline_without_data() -> None:
    assert headline([]) is None
    assert headline(score_all([])) is None


# --- score_all ---------------------------------------------------------------------------------


def test_score_all_returns_every_dimension_in_order() -> None:
    items = [ItemCounts(V1, {4: 3}), ItemCounts(G1, {2: 2, 3: 1})]
    scores = score_all(items, owner={VISION: 100.0}, previous={GOALS: 50.0})
    assert [s.dimension for s in scores] == list(Dimension)
    assert len(scores) == 8
    vision, goals, *rest = scores
    # Vision: three 4s -> 75; owner 100 -> gap +25; no previous.
    assert (vision.team, vision.n, vision.gap, vision.change) == (75.0, 3, 25.0, None)
    # Goals: 2, 2, 3 -> mean 7/3 -> level (4/3)/4 × 100 = 33.333; change 33.333 − 50 = −16.667.
    assert goals.team == pytest.approx(100 / 3)
    assert goals.change == pytest.approx(-50 / 3)
    assert goals.owner is None
    for empty in rest:
        assert (empty.team, empty.rwg, empty.ad, empty.n) == (None, None, None, 0)


# --- validation and recall ---------------------------------------------------------------------


def test_item_counts_validation() -> None:
    with pytest.raises(ValueError, match="outside"):
        ItemCounts(V1, {6: 1})
    with pytest.raises(ValueError, match="outside"):
        ItemCounts(V1, {0: 1})
    with pytest.raises(ValueError, match="negative"):
        ItemCounts(V1, {3: -1})
    assert ItemCounts(V1, {1: 0, 5: 2}).counts == {1: 0, 5: 2}


def test_item_counts_keep_their_own_copy() -> None:
    raw = {4: 2}
    counted = ItemCounts(V1, raw)
    raw[4] = 9
    assert counted.counts == {4: 2}


def test_recall_rate() -> None:
    # 3 of 4 correct: 100 × 3/4 = 75; 1 of 3: 33.333.
    assert recall_rate(3, 4) == 75.0
    assert recall_rate(1, 3) == pytest.approx(100 / 3)
    assert recall_rate(0, 5) == 0.0
    assert recall_rate(0, 0) is None
    with pytest.raises(ValueError, match="correct"):
        recall_rate(5, 4)
    with pytest.raises(ValueError, match="correct"):
        recall_rate(-1, 4)


# --- the worked example in docs/scoring.md -----------------------------------------------------


def test_worked_example_in_docs() -> None:
    # Vision clarity, 4 team members; member D skipped the reverse item.
    #   t_vision_clear:   A 4, B 4, C 3, D 5  -> {3: 1, 4: 2, 5: 1}
    #   t_vision_ignored: A 2, B 3, C 2, D –  -> {2: 2, 3: 1} (reverse)
    vision_clear = ItemCounts(V1, {3: 1, 4: 2, 5: 1})
    vision_ignored = ItemCounts(V2, {2: 2, 3: 1})
    # Item means: (3 + 8 + 5)/4 = 4; raw (4 + 3)/3 = 7/3 = 2.333, flipped 6 − 7/3 = 11/3 = 3.667.
    assert item_mean(vision_clear.counts, reverse=False) == 4.0
    assert item_mean(vision_ignored.counts, reverse=True) == pytest.approx(11 / 3)
    # Levels: (4 − 1)/4 × 100 = 75; (11/3 − 1)/4 × 100 = 200/3 = 66.667.
    # Variances: deviations 0, 0, −1, +1 -> 2/3 = 0.667; −1/3, −1/3, +2/3 -> (6/9)/2 = 1/3.
    assert sample_variance(vision_clear.counts) == pytest.approx(2 / 3)
    assert sample_variance(vision_ignored.counts) == pytest.approx(1 / 3)
    # AD: (0 + 0 + 1 + 1)/4 = 0.5; (1/3 + 1/3 + 2/3)/3 = 4/9 = 0.444.
    assert average_deviation(vision_clear.counts) == 0.5
    assert average_deviation(vision_ignored.counts) == pytest.approx(4 / 9)

    # Goal alignment, the same 4 members, nobody skipped.
    #   t_goal_priorities: {4: 4}; t_goal_offtrack (reverse): {1: 1, 2: 3} -> flipped 5, 4, 4, 4.
    goal_priorities = ItemCounts(G1, {4: 4})
    goal_offtrack = ItemCounts(G2, {1: 1, 2: 3})
    items = [vision_clear, vision_ignored, goal_priorities, goal_offtrack]

    # Owner: vision_clear 5 -> 100, vision_ignored (reverse) 2 -> 4 -> 75: (100 + 75)/2 = 87.5.
    #        priorities_known 4 -> 75, work_off_goals (reverse) 2 -> 4 -> 75: 75.
    owner = owner_levels([(V1, 5), (V2, 2), (G1, 4), (G2, 2)])
    assert owner == {VISION: 87.5, GOALS: 75.0}

    scores = score_all(items, owner=owner, previous={VISION: 75.0})
    vision, goals = scores[0], scores[1]

    # Vision team: (75 + 66.667)/2 = 425/6 = 70.833 -> 71.
    assert vision.team == pytest.approx(425 / 6)
    # rWG(J): s̄² = (2/3 + 1/3)/2 = 0.5; r = 0.25; J(1 − r) = 1.5; 1.5 / 1.75 = 6/7 = 0.857.
    assert vision.rwg == pytest.approx(6 / 7)
    # AD: (0.5 + 0.444)/2 = 17/36 = 0.472.
    assert vision.ad == pytest.approx(17 / 36)
    assert vision.n == 4
    # Gap: 87.5 − 70.833 = 16.667 -> +17. Change: 70.833 − 75 = −4.167 -> ▼4.
    assert vision.gap == pytest.approx(50 / 3)
    assert vision.change == pytest.approx(-25 / 6)
    assert whole(_known(vision.change)) == -4

    # Goal team: 75 and (4.25 − 1)/4 × 100 = 81.25 -> 78.125 -> 78.
    # Variances 0 and (3 × 0.25² + 0.75²)/3 = 0.75/3 = 0.25; s̄² = 0.125; r = 0.0625;
    # J(1 − r) = 1.875; rWG = 1.875 / 1.9375 = 30/31 = 0.968 -> 0.97.
    # AD: 0 and (3 × 0.25 + 0.75)/4 = 0.375; mean 0.1875 -> 0.19. Gap: 75 − 78.125 = −3.125 -> −3.
    assert goals.team == 78.125
    assert goals.rwg == pytest.approx(30 / 31)
    assert goals.ad == pytest.approx(0.1875)
    assert goals.n == 4
    assert goals.gap == -3.125
    assert goals.change is None

    # The report lines, rounded only for display, exactly as docs/scoring.md shows them.
    doc = (Path(__file__).parents[1] / "docs" / "scoring.md").read_text(encoding="utf-8")
    vision_line = "Vision clarity: " + _shown(vision) + " · ▼4"
    goals_line = "Goal alignment: " + _shown(goals)
    assert agreement_band(_known(vision.rwg)) == agreement_band(_known(goals.rwg)) == "agrees"
    assert vision_line.startswith("Vision clarity: team 71 · ")
    assert vision_line.endswith("(0.86) · you 88 · gap +17 · n 4 · ▼4")
    assert goals_line.endswith("(0.97) · you 75 · gap -3 · n 4")
    assert vision_line in doc
    assert goals_line in doc
    assert hundredths(_known(vision.ad)) == 0.47
    assert hundredths(_known(goals.ad)) == 0.19

    # Headline: vision 425/6 × 13/14 × 5/6 = 27625/504 = 54.812;
    #           goals 625/8 × 61/62 × 31/32 = 38125/512 = 74.463;
    #           mean (54.812 + 74.463)/2 = 64.637 -> 65. The other six dimensions have no data.
    total = _known(headline(scores))
    assert total == pytest.approx((27625 / 504 + 38125 / 512) / 2)
    assert whole(total) == 65
    assert "Headline alignment: 65" in doc


@pytest.mark.parametrize(
    ("rwg", "band"),
    [(1.0, "agrees"), (0.70, "agrees"), (0.69, "moderate"), (0.50, "moderate"), (0.49, "split")],
)
def test_agreement_in_words_uses_the_cut_offs_in_docs(rwg: float, band: str) -> None:
    assert agreement_band(rwg) == band


@pytest.mark.parametrize(
    ("value", "band"),
    [(100.0, "strong"), (70.0, "strong"), (69.9, "fair"), (50.0, "fair"), (49.9, "weak")],
)
def test_headline_bands_match_docs(value: float, band: str) -> None:
    assert headline_band(value) == band
