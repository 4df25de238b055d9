"""The questionnaire cursor: which step comes next for plain, counted and for-each scripts."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from alignment.dimensions import Dimension
from alignment.questionnaire import (
    Plan,
    QuestionType,
    RepeatItem,
    ReviewKind,
    Script,
    ScriptCatalog,
    load_scripts,
)
from alignment.questionnaire.validation import AnswerValue, choices
from bot.settings import PROJECT_ROOT

CHECKINS = PROJECT_ROOT / "prompts" / "checkins"
ALL_YES: dict[str, AnswerValue] = {f"more#{n}": "yes" for n in range(1, 11)}


def make_script(questions: list[dict[str, Any]], repeat: dict[str, Any] | None = None) -> Script:
    raw: dict[str, Any] = {"id": "demo", "title": "Demo", "intro": "Hi", "outro": "Bye"}
    raw["questions"] = questions
    if repeat is not None:
        raw["repeat"] = repeat
    return Script.model_validate(raw)


def text_question(qid: str, text: str = "Question?", **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "text", "text": text, **extra}


PLAIN = make_script([text_question("a"), text_question("b"), text_question("c")])
COUNTED = make_script(
    [text_question("title", "Goal {n}: what?"), text_question("target")],
    repeat={
        "min": 1,
        "max": 3,
        "more_prompt": "Add another goal?",
        "more_yes": "Add another",
        "more_no": "That's all",
    },
)
FOR_EACH = make_script(
    [
        text_question("value", "Goal {n}: {item}. Where is it now?", hint="Progress on {item}"),
        text_question("blocker"),
    ],
    repeat={"for_each": "goal"},
)
GOALS = (RepeatItem("17", "Win 5 cafés"), RepeatItem("18", "Grow online sales"))


def keys(plan: Plan, answers: dict[str, AnswerValue]) -> list[str]:
    return [step.key for step in plan.path(answers)]


@pytest.fixture(scope="module")
def catalog() -> ScriptCatalog:
    return load_scripts(CHECKINS)


# --- plain scripts ---


def test_plain_script_is_asked_in_file_order() -> None:
    assert keys(Plan(PLAIN), {}) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("answered", "expected"),
    [
        ([], "a"),
        (["a"], "b"),
        (["a", "c"], "b"),
        (["b", "c"], "a"),
        (["a", "b"], "c"),
    ],
)
def test_next_step_is_the_first_unanswered(answered: list[str], expected: str) -> None:
    step = Plan(PLAIN).next_step(dict.fromkeys(answered, "x"))
    assert step is not None
    assert step.key == expected


def test_next_step_is_none_when_every_question_is_answered() -> None:
    assert Plan(PLAIN).next_step({"a": "x", "b": "y", "c": "z"}) is None


def test_a_skipped_optional_answer_counts_as_answered() -> None:
    assert Plan(PLAIN).next_step({"a": "x", "b": None, "c": "z"}) is None


def test_plain_keys_have_no_pass_suffix() -> None:
    step = Plan(PLAIN).find("b")
    assert step is not None
    assert (step.n, step.item, step.is_more) == (1, None, False)


# --- counted repeats ---


def test_counted_repeat_asks_more_after_the_first_pass() -> None:
    plan = Plan(COUNTED)
    assert keys(plan, {}) == ["title#1", "target#1", "more#1"]
    step = plan.next_step({"title#1": "Win cafés", "target#1": "20"})
    assert step is not None
    assert step.key == "more#1"
    assert step.is_more
    assert step.text == "Add another goal?"
    assert step.question.type is QuestionType.CHOICE
    assert [(c.label, c.value) for c in choices(step.question)] == [
        ("Add another", "yes"),
        ("That's all", "no"),
    ]


def test_counted_repeat_stops_when_more_is_no() -> None:
    answers: dict[str, AnswerValue] = {"title#1": "Win cafés", "target#1": "20", "more#1": "no"}
    assert Plan(COUNTED).next_step(answers) is None
    assert keys(Plan(COUNTED), answers) == ["title#1", "target#1", "more#1"]


def test_counted_repeat_continues_to_pass_two_on_yes() -> None:
    answers: dict[str, AnswerValue] = {"title#1": "Win cafés", "target#1": "20", "more#1": "yes"}
    step = Plan(COUNTED).next_step(answers)
    assert step is not None
    assert step.key == "title#2"
    assert step.n == 2
    assert step.text == "Goal 2: what?"


def test_no_more_question_after_the_last_allowed_pass() -> None:
    plan = Plan(COUNTED)
    assert keys(plan, ALL_YES) == [
        "title#1",
        "target#1",
        "more#1",
        "title#2",
        "target#2",
        "more#2",
        "title#3",
        "target#3",
    ]
    assert plan.find("more#3") is None
    assert plan.find("title#4") is None
    done = dict.fromkeys(keys(plan, ALL_YES), "x") | ALL_YES
    assert plan.next_step(done) is None


def test_no_more_question_before_the_minimum_is_reached() -> None:
    script = make_script(
        [text_question("title")],
        repeat={"min": 2, "max": 3, "more_prompt": "More?", "more_yes": "Y", "more_no": "N"},
    )
    assert keys(Plan(script), {}) == ["title#1", "title#2", "more#2"]


def test_fixed_count_repeat_without_more_prompt() -> None:
    script = make_script([text_question("title")], repeat={"min": 2, "max": 2})
    assert keys(Plan(script), {}) == ["title#1", "title#2"]


# --- for-each repeats ---


def test_for_each_keys_use_item_keys() -> None:
    assert keys(Plan(FOR_EACH, GOALS), {}) == ["value@17", "blocker@17", "value@18", "blocker@18"]


def test_for_each_fills_item_and_n_placeholders() -> None:
    step = Plan(FOR_EACH, GOALS).next_step({"value@17": 40, "blocker@17": None})
    assert step is not None
    assert step.key == "value@18"
    assert step.item == GOALS[1]
    assert step.n == 2
    assert step.text == "Goal 2: Grow online sales. Where is it now?"
    assert step.hint == "Progress on Grow online sales"


def test_for_each_with_no_items_is_done_at_once() -> None:
    plan = Plan(FOR_EACH, ())
    assert plan.next_step({}) is None
    assert plan.progress({}) == (0, 0)


def test_step_without_hint_has_none() -> None:
    step = Plan(FOR_EACH, GOALS).find("blocker@17")
    assert step is not None
    assert step.hint is None


# --- find, same_pass, progress ---


def test_find_returns_steps_off_the_current_path() -> None:
    step = Plan(COUNTED).find("target#3")
    assert step is not None
    assert step.question.id == "target"
    assert step.n == 3


@pytest.mark.parametrize("key", ["nope", "title", "title#0", "value@17"])
def test_find_unknown_key_is_none(key: str) -> None:
    assert Plan(COUNTED).find(key) is None


@pytest.mark.parametrize(
    ("plan", "key", "expected"),
    [
        (Plan(PLAIN), "b", ["a", "b", "c"]),
        (Plan(COUNTED), "target#2", ["title#2", "target#2"]),
        (Plan(COUNTED), "title#1", ["title#1", "target#1"]),
        (Plan(COUNTED), "more#1", ["title#1", "target#1"]),
        (Plan(FOR_EACH, GOALS), "blocker@18", ["value@18", "blocker@18"]),
    ],
)
def test_same_pass_excludes_the_more_step(plan: Plan, key: str, expected: list[str]) -> None:
    assert plan.same_pass(key) == expected


@pytest.mark.parametrize(
    ("plan", "answered", "expected"),
    [
        (Plan(PLAIN), {}, (0, 3)),
        (Plan(PLAIN), {"a": "x", "c": "z"}, (2, 3)),
        (Plan(COUNTED), {}, (0, 2)),
        (Plan(COUNTED), {"title#1": "x"}, (1, 2)),
        # the open "add another?" step and a finished repeat show no count
        (Plan(COUNTED), {"title#1": "x", "target#1": "y"}, (0, 0)),
        (Plan(COUNTED), {"title#1": "x", "target#1": "y", "more#1": "no"}, (0, 0)),
        # adding a goal starts a new count of that goal's questions, never 3/6 after 2/2
        (Plan(COUNTED), {"title#1": "x", "target#1": "y", "more#1": "yes"}, (0, 2)),
        (Plan(COUNTED), {"title#1": "x", "target#1": "y", "more#1": "yes", "title#2": "z"}, (1, 2)),
        # an answer left over from a pass that is no longer on the path does not count
        (Plan(COUNTED), {"title#1": "x", "more#1": "no", "title#2": "stale"}, (1, 2)),
        (Plan(COUNTED), ALL_YES, (0, 2)),
        (Plan(FOR_EACH, GOALS), {"value@17": 1}, (1, 2)),
        (Plan(FOR_EACH, GOALS), {"value@17": 1, "blocker@17": None}, (0, 2)),
    ],
)
def test_progress_counts_answered_steps_of_the_open_pass(
    plan: Plan, answered: dict[str, AnswerValue], expected: tuple[int, int]
) -> None:
    assert plan.progress(answered) == expected


# --- the real scripts ---


def test_every_real_step_renders_its_text_and_hint(catalog: ScriptCatalog) -> None:
    for script in catalog.values():
        plan = Plan(script, GOALS)
        steps = list(plan.path(ALL_YES))
        assert steps, script.id
        for step in steps:
            assert "{" not in step.text, step.key
            assert step.hint is None or "{" not in step.hint, step.key


def test_self_assessment_covers_every_dimension_twice(catalog: ScriptCatalog) -> None:
    questions = catalog["self_assessment"].questions
    assert all(q.type is QuestionType.LIKERT5 for q in questions)
    per_dimension = Counter(q.dimension for q in questions)
    for dimension in Dimension:
        assert per_dimension[dimension] >= 2, dimension


def test_self_assessment_has_reverse_worded_items(catalog: ScriptCatalog) -> None:
    assert any(q.reverse for q in catalog["self_assessment"].questions)


def test_goals_ask_which_part_of_the_vision_last_with_a_goal_review(
    catalog: ScriptCatalog,
) -> None:
    script = catalog["goals"]
    last = script.questions[-1]
    assert last.id == "serves"
    assert last.review is ReviewKind.GOAL
    assert keys(Plan(script), ALL_YES)[-1] == "serves#3"


def test_goals_first_question_numbers_the_goal(catalog: ScriptCatalog) -> None:
    step = Plan(catalog["goals"]).find("title#2")
    assert step is not None
    assert "Goal 2" in step.text
