"""Deterministic reviewers: each criterion passing and failing, and the coaching question."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment.reviewers import (
    Check,
    GoalDraft,
    Review,
    Reviewers,
    ReviewTexts,
    load_review_texts,
)
from alignment.reviewers.lexicon import Lexicon

REVIEWS_YAML = Path(__file__).resolve().parents[1] / "prompts" / "reviews.yaml"
TODAY = date(2026, 11, 23)
VISION = "By 2030 we run 40 cafés across Yorkshire, each one the place locals meet."
MISSION = "We roast fresh coffee for busy families in Leeds so that their mornings start well."
VALUES = [
    "Tell customers about delays before they ask",
    "Fix it before we bill it",
    "Answer every call by the third ring",
]
GOOD_GOAL = GoalDraft(
    title="Win 5 new café accounts in Leeds",
    metric="active café accounts",
    target="from 12 to 17",
    deadline=date(2027, 6, 30),
    confidence=8,
    serves="Growing our network of cafés",
)


@pytest.fixture(scope="module")
def texts() -> ReviewTexts:
    return load_review_texts(REVIEWS_YAML)


@pytest.fixture(scope="module")
def reviewers(texts: ReviewTexts) -> Reviewers:
    return Reviewers(texts)


def check(review: Review, criterion: str) -> Check:
    matches = [item for item in review.checks if item.criterion == criterion]
    assert len(matches) == 1, f"{criterion} not in {review.checks}"
    return matches[0]


def words(count: int) -> str:
    return " ".join(["word"] * count)


# --- loading prompts/reviews.yaml -------------------------------------------------------------


def raw_yaml() -> dict[str, Any]:
    loaded = yaml.safe_load(REVIEWS_YAML.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def write_yaml(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "reviews.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_real_file_loads_with_labels(texts: ReviewTexts) -> None:
    assert texts.vision.concrete.label == "Concrete"
    assert texts.goal.time_bound.label == "Time-bound"
    assert "customer" in texts.words.audience


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    data = raw_yaml()
    del data["vision"]["concrete"]["label"]
    path = write_yaml(tmp_path, data)
    with pytest.raises(ValueError, match=r"vision\.concrete\.label") as caught:
        load_review_texts(path)
    assert str(path) in str(caught.value)


def test_unknown_placeholder_names_field(tmp_path: Path) -> None:
    data = raw_yaml()
    data["goal"]["measurable"]["passed"] = "Tracking {metrik}."
    with pytest.raises(ValueError, match=r"goal\.measurable\.passed.*\{metrik\}"):
        load_review_texts(write_yaml(tmp_path, data))


def test_placeholder_in_label_is_refused(tmp_path: Path) -> None:
    data = raw_yaml()
    data["values"]["count"]["label"] = "{count} values"
    with pytest.raises(ValueError, match=r"values\.count\.label"):
        load_review_texts(write_yaml(tmp_path, data))


def test_unexpected_key_names_field(tmp_path: Path) -> None:
    data = raw_yaml()
    data["mission"]["why"]["hint"] = "not a known key"
    with pytest.raises(ValueError, match=r"mission\.why\.hint"):
        load_review_texts(write_yaml(tmp_path, data))


def test_yaml_boolean_in_word_list_names_entry(tmp_path: Path) -> None:
    data = raw_yaml()
    data["words"]["stop_words"] = [True, "the"]
    with pytest.raises(ValueError, match=r"words\.stop_words\.0"):
        load_review_texts(write_yaml(tmp_path, data))


def test_invalid_yaml_names_file(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    path.write_text("vision: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML") as caught:
        load_review_texts(path)
    assert str(path) in str(caught.value)


def test_stems_join_word_forms_but_keep_short_words(texts: ReviewTexts) -> None:
    lexicon = Lexicon(texts.words)
    assert lexicon.stem("Cafés") == lexicon.stem("cafe")
    assert lexicon.stem("customers") == lexicon.stem("Customer's")
    assert lexicon.stem("growing") == lexicon.stem("grow")
    assert lexicon.stem("yes") == "yes"


# --- vision -----------------------------------------------------------------------------------


def test_good_vision_passes_and_moves_on(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_vision(VISION, TODAY)
    assert review.kind == "vision"
    assert [item.criterion for item in review.checks] == ["concrete", "time_horizon", "memorable"]
    assert review.passed
    assert review.question == texts.vision.moving_on


def test_concrete_quotes_what_it_found(reviewers: Reviewers) -> None:
    concrete = check(reviewers.review_vision(VISION, TODAY), "concrete")
    assert concrete.passed
    assert concrete.label == "Concrete"
    assert "40 cafés" in concrete.note


@pytest.mark.parametrize(
    "vision",
    [
        "Within five years, the coffee Leeds talks about.",  # a name mid-sentence
        "Within five years, the first stop for families on the coast.",  # audience and place
        "Within five years, twelve roasteries of our own.",  # a number word
    ],
)
def test_concrete_anchors(reviewers: Reviewers, vision: str) -> None:
    assert check(reviewers.review_vision(vision, TODAY), "concrete").passed


def test_mostly_buzzwords_is_not_concrete(reviewers: Reviewers) -> None:
    concrete = check(
        reviewers.review_vision(
            "The best, most innovative, world-class bakery in 40 towns.", TODAY
        ),
        "concrete",
    )
    assert not concrete.passed
    assert "world-class" in concrete.note


@pytest.mark.parametrize(
    "vision",
    [
        "Be loved and trusted within 5 years.",
        "Loved and trusted within 5 years.",  # a capital that only opens the sentence
    ],
)
def test_nothing_observable_is_not_concrete(
    reviewers: Reviewers, texts: ReviewTexts, vision: str
) -> None:
    concrete = check(reviewers.review_vision(vision, TODAY), "concrete")
    assert not concrete.passed
    assert concrete.note == texts.vision.concrete.abstract


def test_the_horizon_year_alone_is_not_concrete(reviewers: Reviewers) -> None:
    assert not check(reviewers.review_vision("Be loved by 2030.", TODAY), "concrete").passed


@pytest.mark.parametrize(
    "horizon",
    [
        "by 2030",
        "in 3 years",
        "within five years",
        "over the next decade",
        "in 3 to 5 years",
        "within a couple of years",
        "within 18 months",
    ],
)
def test_time_horizon_passes(reviewers: Reviewers, horizon: str) -> None:
    time_horizon = check(
        reviewers.review_vision(f"40 cafés in Yorkshire {horizon}.", TODAY), "time_horizon"
    )
    assert time_horizon.passed, time_horizon.note


def test_time_horizon_names_the_year(reviewers: Reviewers) -> None:
    note = check(reviewers.review_vision("40 cafés within five years.", TODAY), "time_horizon").note
    assert "2031" in note


@pytest.mark.parametrize(
    ("vision", "variant", "year"),
    [
        ("40 cafés across Yorkshire.", "missing", ""),
        ("We have roasted for 10 years and own 2000 cups.", "missing", ""),
        ("In business for 10 years, with 40 cafés.", "missing", ""),
        ("40 cafés across Yorkshire by 2050.", "too_far", 2050),
        ("40 cafés across Yorkshire in the next 20 years.", "too_far", 2046),
        ("40 cafés across Yorkshire in six months.", "too_near", 2026),
        ("40 cafés across Yorkshire by 2026.", "too_near", 2026),
    ],
)
def test_time_horizon_fails(
    reviewers: Reviewers, texts: ReviewTexts, vision: str, variant: str, year: int | str
) -> None:
    time_horizon = check(reviewers.review_vision(vision, TODAY), "time_horizon")
    assert not time_horizon.passed
    template: str = getattr(texts.vision.time_horizon, variant)
    assert time_horizon.note == template.format(year=year, min_years=1, max_years=10)


def test_memorable_at_the_word_limit(reviewers: Reviewers) -> None:
    assert check(reviewers.review_vision(words(35), TODAY), "memorable").passed
    too_long = check(reviewers.review_vision(words(36), TODAY), "memorable")
    assert not too_long.passed
    assert "36" in too_long.note


def test_memorable_sentence_limit(reviewers: Reviewers) -> None:
    assert check(reviewers.review_vision("One. Two.", TODAY), "memorable").passed
    three = check(reviewers.review_vision("One. Two. Three.", TODAY), "memorable")
    assert not three.passed
    assert "3" in three.note


def test_empty_vision_is_not_memorable(reviewers: Reviewers, texts: ReviewTexts) -> None:
    memorable = check(reviewers.review_vision("   ", TODAY), "memorable")
    assert not memorable.passed
    assert memorable.note == texts.vision.memorable.empty


def test_vision_question_aims_at_the_only_gap(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_vision("40 cafés across Yorkshire.", TODAY)
    assert not review.passed
    expected = texts.vision.time_horizon.question.format(min_years=1, max_years=10, year="")
    assert review.question == expected


def test_vision_depends_on_the_injected_day(reviewers: Reviewers) -> None:
    text = "40 cafés across Yorkshire by 2030."
    assert check(reviewers.review_vision(text, TODAY), "time_horizon").passed
    assert not check(reviewers.review_vision(text, date(2030, 1, 1)), "time_horizon").passed


# --- mission ----------------------------------------------------------------------------------


def test_good_mission_passes(reviewers: Reviewers) -> None:
    review = reviewers.review_mission(MISSION)
    assert review.kind == "mission"
    assert review.passed
    assert "families" in check(review, "for_whom").note
    assert "so that" in check(review, "why").note


def test_mission_without_audience_or_purpose(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_mission("We roast coffee.")
    assert not check(review, "for_whom").passed
    assert not check(review, "why").passed
    assert check(review, "memorable").passed
    assert review.question == texts.mission.for_whom.question


def test_mission_question_goes_to_why(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_mission("We roast coffee for restaurants in Leeds.")
    assert check(review, "for_whom").passed
    assert not check(review, "why").passed
    assert review.question == texts.mission.why.question


def test_long_mission_is_not_memorable(reviewers: Reviewers) -> None:
    assert check(reviewers.review_mission(words(30)), "memorable").passed
    assert not check(reviewers.review_mission(words(31)), "memorable").passed


# --- values -----------------------------------------------------------------------------------


def test_good_values_pass(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_values(VALUES)
    assert review.kind == "values"
    assert review.passed
    assert review.question == texts.values.moving_on


@pytest.mark.parametrize(("count", "passed"), [(2, False), (3, True), (5, True), (6, False)])
def test_values_count(reviewers: Reviewers, count: int, passed: bool) -> None:
    values = [f"Do thing number {n} well" for n in range(count)]
    result = check(reviewers.review_values(values), "count")
    assert result.passed is passed
    assert str(count) in result.note


def test_blank_values_are_not_counted(reviewers: Reviewers) -> None:
    assert not check(reviewers.review_values([*VALUES[:2], "  ", ""]), "count").passed


def test_repeated_values_ignore_case(reviewers: Reviewers) -> None:
    distinct = check(reviewers.review_values([*VALUES, "fix IT  before we bill it"]), "distinct")
    assert not distinct.passed
    assert "Fix it before we bill it" in distinct.note


def test_generic_values_are_flagged(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_values(["Integrity", "Honesty", VALUES[0]])
    behavioural = check(review, "behavioural")
    assert not behavioural.passed
    assert "Integrity, Honesty" in behavioural.note
    assert review.question == texts.values.behavioural.question.format(
        value="Integrity", generic="Integrity, Honesty"
    )


def test_a_generic_word_inside_a_phrase_is_behaviour(reviewers: Reviewers) -> None:
    values = ["Honesty about delays, even when it hurts", *VALUES[1:]]
    assert check(reviewers.review_values(values), "behavioural").passed


def test_values_question_prefers_the_first_weak_criterion(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    review = reviewers.review_values(["Integrity"])
    assert not check(review, "count").passed
    assert not check(review, "behavioural").passed
    assert review.question == texts.values.count.question.format(count=1, min=3, max=5)


# --- goals ------------------------------------------------------------------------------------


def test_good_goal_passes(reviewers: Reviewers, texts: ReviewTexts) -> None:
    review = reviewers.review_goal(GOOD_GOAL, VISION, TODAY)
    assert review.kind == "goal"
    assert [item.criterion for item in review.checks] == [
        "outcome",
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time_bound",
    ]
    assert review.passed, review.checks
    assert review.question == texts.goal.moving_on
    assert review.rewrite == ()


@pytest.mark.parametrize("title", ["Grow sales", "Improve", "Improve things a lot"])
def test_vague_titles_are_not_specific(reviewers: Reviewers, title: str) -> None:
    goal = replace(GOOD_GOAL, title=title)
    assert not check(reviewers.review_goal(goal, VISION, TODAY), "specific").passed


def test_vague_title_note_names_the_words(reviewers: Reviewers) -> None:
    goal = replace(GOOD_GOAL, title="Improve and grow everything")
    assert "Improve" in check(reviewers.review_goal(goal, VISION, TODAY), "specific").note


def test_specific_title_may_use_one_vague_verb(reviewers: Reviewers) -> None:
    goal = replace(GOOD_GOAL, title="Increase catering revenue by 20%")
    assert check(reviewers.review_goal(goal, VISION, TODAY), "specific").passed


@pytest.mark.parametrize(
    ("metric", "target", "variant"),
    [("", "€40k", "no_metric"), ("monthly revenue", "a lot more", "no_number")],
)
def test_unmeasurable_goals(
    reviewers: Reviewers, texts: ReviewTexts, metric: str, target: str, variant: str
) -> None:
    goal = replace(GOOD_GOAL, metric=metric, target=target)
    measurable = check(reviewers.review_goal(goal, VISION, TODAY), "measurable")
    assert not measurable.passed
    template: str = getattr(texts.goal.measurable, variant)
    assert measurable.note == template.format(metric=metric, target=target)


@pytest.mark.parametrize("target", ["€40k", "20%", "twenty cafés", "10² m²"])
def test_targets_with_numbers_are_measurable(reviewers: Reviewers, target: str) -> None:
    goal = replace(GOOD_GOAL, target=target)
    assert check(reviewers.review_goal(goal, VISION, TODAY), "measurable").passed


@pytest.mark.parametrize(
    ("confidence", "passed", "variant"),
    [
        (10, True, "passed"),
        (7, True, "passed"),
        (6, False, "stretch"),
        (4, False, "stretch"),
        (3, False, "too_low"),
        (1, False, "too_low"),
    ],
)
def test_achievable_bands(
    reviewers: Reviewers, texts: ReviewTexts, confidence: int, passed: bool, variant: str
) -> None:
    goal = replace(GOOD_GOAL, confidence=confidence)
    achievable = check(reviewers.review_goal(goal, VISION, TODAY), "achievable")
    assert achievable.passed is passed
    template: str = getattr(texts.goal.achievable, variant)
    assert achievable.note == template.format(confidence=confidence, enough=7)


def test_confidence_outside_one_to_ten_is_rejected() -> None:
    with pytest.raises(ValueError, match="confidence"):
        replace(GOOD_GOAL, confidence=11)


def test_relevant_names_the_shared_word(reviewers: Reviewers) -> None:
    relevant = check(reviewers.review_goal(GOOD_GOAL, VISION, TODAY), "relevant")
    assert relevant.passed
    assert "cafés" in relevant.note


def test_relevance_matches_word_forms(reviewers: Reviewers) -> None:
    goal = replace(GOOD_GOAL, serves="Serving families")
    vision = "Within five years every family in Leeds starts the day with our bread."
    assert check(reviewers.review_goal(goal, vision, TODAY), "relevant").passed


@pytest.mark.parametrize("vision", [None, "", "   "])
def test_no_vision_yet(reviewers: Reviewers, texts: ReviewTexts, vision: str | None) -> None:
    relevant = check(reviewers.review_goal(GOOD_GOAL, vision, TODAY), "relevant")
    assert not relevant.passed
    assert relevant.note == texts.goal.relevant.no_vision


@pytest.mark.parametrize(
    ("serves", "variant"),
    [
        ("", "no_serves"),
        ("Making payroll on time", "no_overlap"),
        ("Be the best in all of it", "no_overlap"),  # stop and buzzwords don't count
        ("By 2030", "no_overlap"),  # nor numbers
    ],
)
def test_goal_not_linked_to_vision(
    reviewers: Reviewers, texts: ReviewTexts, serves: str, variant: str
) -> None:
    vision = "By 2030 be the best coffee roaster of all in Yorkshire."
    goal = replace(GOOD_GOAL, serves=serves)
    relevant = check(reviewers.review_goal(goal, vision, TODAY), "relevant")
    assert not relevant.passed
    assert relevant.note == getattr(texts.goal.relevant, variant)


@pytest.mark.parametrize(
    ("deadline", "passed"),
    [
        (TODAY + timedelta(days=1), True),
        (date(2029, 11, 23), True),
        (date(2029, 11, 24), False),
        (TODAY, False),
        (date(2026, 1, 31), False),
    ],
)
def test_time_bound_window(reviewers: Reviewers, deadline: date, passed: bool) -> None:
    goal = replace(GOOD_GOAL, deadline=deadline)
    time_bound = check(reviewers.review_goal(goal, VISION, TODAY), "time_bound")
    assert time_bound.passed is passed
    assert deadline.isoformat() in time_bound.note


def test_past_deadline_gets_a_clear_note(reviewers: Reviewers, texts: ReviewTexts) -> None:
    goal = replace(GOOD_GOAL, deadline=date(2025, 3, 1))
    time_bound = check(reviewers.review_goal(goal, VISION, TODAY), "time_bound")
    assert not time_bound.passed
    assert time_bound.note == texts.goal.time_bound.past.format(deadline="2025-03-01", max_years=3)


def test_three_years_from_leap_day(reviewers: Reviewers) -> None:
    leap_day = date(2024, 2, 29)
    last = replace(GOOD_GOAL, deadline=date(2027, 2, 28))
    too_late = replace(GOOD_GOAL, deadline=date(2027, 3, 1))
    assert check(reviewers.review_goal(last, VISION, leap_day), "time_bound").passed
    assert not check(reviewers.review_goal(too_late, VISION, leap_day), "time_bound").passed


def test_goal_question_prefers_a_failure_over_a_stretch(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    goal = replace(GOOD_GOAL, confidence=5, deadline=date(2020, 1, 1))
    review = reviewers.review_goal(goal, VISION, TODAY)
    assert review.question == texts.goal.time_bound.question.format(
        deadline="2020-01-01", max_years=3
    )


def test_goal_question_ties_follow_smart_order(reviewers: Reviewers, texts: ReviewTexts) -> None:
    goal = replace(GOOD_GOAL, metric="", deadline=date(2020, 1, 1))
    review = reviewers.review_goal(goal, VISION, TODAY)
    assert review.question == texts.goal.measurable.question.format(
        metric="", target=GOOD_GOAL.target
    )


def test_goal_question_asks_to_link_when_only_vision_is_missing(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    review = reviewers.review_goal(GOOD_GOAL, None, TODAY)
    assert not review.passed
    assert review.question == texts.goal.relevant.question.format(shared="")


def test_achievable_question_names_the_bar(reviewers: Reviewers) -> None:
    review = reviewers.review_goal(replace(GOOD_GOAL, confidence=2), VISION, TODAY)
    assert "7" in review.question


def test_goal_question_names_the_fields_a_rewrite_asks(reviewers: Reviewers) -> None:
    low = reviewers.review_goal(replace(GOOD_GOAL, confidence=2), VISION, TODAY)
    no_metric = reviewers.review_goal(replace(GOOD_GOAL, metric=""), VISION, TODAY)
    no_number = reviewers.review_goal(replace(GOOD_GOAL, target="many"), VISION, TODAY)
    assert low.rewrite == ("confidence",)
    assert no_metric.rewrite == ("metric",)
    assert no_number.rewrite == ("target",)


# --- activity goals ---------------------------------------------------------------------------

ACTIVITY = replace(
    GOOD_GOAL, title="Post on Instagram more", metric="posts per week", target="5 posts"
)


def test_an_activity_goal_is_named_and_gets_the_outcome_question(
    reviewers: Reviewers, texts: ReviewTexts
) -> None:
    review = reviewers.review_goal(ACTIVITY, VISION, TODAY)
    outcome = check(review, "outcome")
    assert not outcome.passed
    assert outcome.note == texts.goal.outcome.activity.format(activity="Post", title=ACTIVITY.title)
    expected = texts.goal.outcome.question.format(activity="Post", title=ACTIVITY.title)
    assert review.question == expected
    assert review.rewrite == ("title", "metric", "target")


@pytest.mark.parametrize(
    ("title", "metric", "target"),
    [
        ("Post on Instagram to fill the Saturday bookings", "posts per week", "5 posts"),
        ("Run tasting workshops", "repeat customers per month", "30"),
        ("Win 5 new café accounts in Leeds", "accounts", "5"),
    ],
)
def test_an_activity_with_an_outcome_is_an_outcome(
    reviewers: Reviewers, title: str, metric: str, target: str
) -> None:
    goal = replace(GOOD_GOAL, title=title, metric=metric, target=target)
    assert check(reviewers.review_goal(goal, VISION, TODAY), "outcome").passed


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        VISION,
        MISSION,
        "Craft, Care, Grit",
        "Win 5 new café accounts in Leeds",
        "Le Mans is the town where our 3 cafés will be by 2030",
        "",
    ],
)
def test_english_and_wordless_answers_are_reviewed(reviewers: Reviewers, text: str) -> None:
    assert reviewers.reads(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bis 2030 beliefern wir 40 Cafés in der Region aus zwei Bäckereien.",
        "Ehrlichkeit und Handwerk",
        "Nous livrons du pain frais à 40 cafés de la région",
        "Vendemos pan fresco a los cafés de la región",
        "Ogni giorno il pane più fresco per i caffè della città",
        "Wij bakken elke dag brood voor de cafés in onze stad",
        "До 2030 року ми постачаємо свіжий хліб у 40 кав'ярень",
    ],
)
def test_other_languages_and_scripts_are_not_reviewed(reviewers: Reviewers, text: str) -> None:
    assert not reviewers.reads(text)
