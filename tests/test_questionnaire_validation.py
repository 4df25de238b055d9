"""Typed and tapped answers: what each question type accepts and why it refuses the rest."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from typing import Any

import pytest

from alignment.questionnaire import validation
from alignment.questionnaire.catalog import load_scripts
from alignment.questionnaire.model import Question, QuestionType
from alignment.questionnaire.validation import (
    REASONS,
    Choice,
    InvalidAnswer,
    check_selection,
    choices,
    parse_choice,
    parse_text,
    split_items,
    years_after,
)
from alignment.reviewers import goal as goal_review
from bot.settings import PROJECT_ROOT

TODAY = date(2026, 11, 23)


def question(kind: QuestionType, **fields: Any) -> Question:
    return Question.model_validate({"id": "q", "text": "Question?", "type": kind, **fields})


def options(*values: str) -> list[dict[str, str]]:
    return [{"value": value, "label": value.replace("_", " ").title()} for value in values]


TEXT = question(QuestionType.TEXT, max_length=20)
LIST = question(QuestionType.TEXT, min_items=3, max_items=5, max_length=400)
NUMBER = question(QuestionType.NUMBER)
WHOLE_1_TO_10 = question(QuestionType.NUMBER, integer=True, min=1, max=10)
PERCENT = question(QuestionType.NUMBER, allow_percent=True)
DATE = question(QuestionType.DATE)
FUTURE_DATE = question(QuestionType.DATE, future=True)
TIMEZONE = question(
    QuestionType.TIMEZONE,
    options=[
        {"value": "Europe/London", "label": "London"},
        {"value": "Europe/Berlin", "label": "Berlin / Paris / Madrid"},
        {"value": "UTC", "label": "UTC"},
    ],
)
CHOICE = question(
    QuestionType.CHOICE,
    options=[{"value": "retail", "label": "Retail / shop"}, {"value": "tech", "label": "Tech"}],
)
CHOICE_OR_OTHER = question(
    QuestionType.CHOICE, allow_other=True, options=[{"value": "retail", "label": "Retail / shop"}]
)
LIKERT = question(QuestionType.LIKERT5, dimension="adaptability")
MULTI = question(QuestionType.MULTI, options=options("meetings", "chat", "email"))


def refusal(q: Question, raw: str, today: date = TODAY) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        parse_text(q, raw, today)
    assert caught.value.reason in REASONS
    return caught.value


# --- every question type: too long and empty come first ---


@pytest.mark.parametrize(
    "q", [TEXT, LIST, NUMBER, DATE, TIMEZONE, CHOICE, LIKERT, MULTI], ids=lambda q: q.type
)
def test_too_long_reports_limit_and_length(q: Question) -> None:
    raw = "x" * (q.max_length + 1)
    error = refusal(q, f"  {raw}  ")
    assert error.reason == "too_long"
    assert error.params == {"limit": q.max_length, "length": q.max_length + 1}


@pytest.mark.parametrize(
    "q", [TEXT, LIST, NUMBER, DATE, TIMEZONE, CHOICE, LIKERT, MULTI], ids=lambda q: q.type
)
@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_blank_is_empty(q: Question, raw: str) -> None:
    assert refusal(q, raw).reason == "empty"


# --- text ---


def test_text_is_stripped_and_kept() -> None:
    assert parse_text(TEXT, "  Rosie's Bakery \n", TODAY) == "Rosie's Bakery"


def test_text_at_the_length_limit_is_accepted() -> None:
    assert parse_text(TEXT, "x" * 20, TODAY) == "x" * 20


def test_text_shorter_than_min_length() -> None:
    error = refusal(question(QuestionType.TEXT, min_length=10), "short")
    assert error.reason == "too_short"
    assert error.params == {"minimum": 10}


def test_list_answer_is_split_into_items() -> None:
    assert parse_text(LIST, "Honesty, Care for the customer, Own your mistakes", TODAY) == [
        "Honesty",
        "Care for the customer",
        "Own your mistakes",
    ]
    assert parse_text(LIST, "Honesty\nCare, always\nOwn your mistakes", TODAY) == [
        "Honesty",
        "Care, always",
        "Own your mistakes",
    ]


@pytest.mark.parametrize(
    ("raw", "reason", "params"),
    [
        ("Honesty, Care", "too_few_items", {"minimum": 3, "count": 2}),
        ("a, b, c, d, e, f", "too_many_items", {"maximum": 5, "count": 6}),
    ],
)
def test_list_item_count_limits(raw: str, reason: str, params: dict[str, Any]) -> None:
    error = refusal(LIST, raw)
    assert (error.reason, error.params) == (reason, params)


# --- numbers ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42.0),
        ("3.5", 3.5),
        ("3,5", 3.5),
        ("-2", -2.0),
        ("+7", 7.0),
        ("1 000", 1000.0),
        ("1\u00a0000", 1000.0),
    ],
)
def test_number_accepts_decimals(raw: str, expected: float) -> None:
    assert parse_text(NUMBER, raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["forty", "4 2 x", "1e3", "3.", ".5", "1.2.3", "60%"])
def test_not_a_number(raw: str) -> None:
    assert refusal(NUMBER, raw).reason == "not_a_number"


def test_whole_number_question_returns_int() -> None:
    value = parse_text(WHOLE_1_TO_10, "7", TODAY)
    assert value == 7
    assert isinstance(value, int)


def test_whole_number_question_refuses_fractions() -> None:
    assert refusal(WHOLE_1_TO_10, "7,5").reason == "not_whole"


@pytest.mark.parametrize("raw", ["0", "11", "-3"])
def test_out_of_range_names_the_bounds(raw: str) -> None:
    error = refusal(WHOLE_1_TO_10, raw)
    assert error.reason == "out_of_range"
    assert error.params == {"minimum": "1", "maximum": "10"}


def test_out_of_range_shows_fractional_bounds() -> None:
    error = refusal(question(QuestionType.NUMBER, min=0.5, max=2.5), "3")
    assert error.params == {"minimum": "0.5", "maximum": "2.5"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("60%", {"value": 60.0, "percent": True}),
        ("60 %", {"value": 60.0, "percent": True}),
        ("12,5%", {"value": 12.5, "percent": True}),
        ("42", {"value": 42.0, "percent": False}),
    ],
)
def test_percent_where_allowed(raw: str, expected: dict[str, Any]) -> None:
    assert parse_text(PERCENT, raw, TODAY) == expected


# --- dates ---


@pytest.mark.parametrize("raw", ["2027-06-30", "30.06.2027", "2027/06/30"])
def test_date_formats(raw: str) -> None:
    assert parse_text(DATE, raw, TODAY) == "2027-06-30"


@pytest.mark.parametrize("raw", ["June 30", "30/06/2027", "2027-02-30", "31.13.2027", "soon"])
def test_not_a_date(raw: str) -> None:
    assert refusal(DATE, raw).reason == "not_a_date"


def test_past_date_is_fine_unless_future_is_required() -> None:
    assert parse_text(DATE, "2020-01-01", TODAY) == "2020-01-01"


@pytest.mark.parametrize("raw", ["2026-11-23", "22.11.2026", "2001-01-01"])
def test_future_date_refuses_today_and_earlier(raw: str) -> None:
    error = refusal(FUTURE_DATE, raw)
    assert error.reason == "date_not_future"
    assert error.params == {"today": "2026-11-23"}


WITHIN_3_YEARS = question(QuestionType.DATE, future=True, max_years=3)
TARGET = question(QuestionType.TEXT, needs_number=True)


def test_a_deadline_at_most_three_years_out() -> None:
    assert parse_text(WITHIN_3_YEARS, "2029-11-23", TODAY) == "2029-11-23"
    error = refusal(WITHIN_3_YEARS, "2029-11-24")
    assert (error.reason, error.params) == ("date_too_far", {"years": 3, "latest": "2029-11-23"})
    assert refusal(WITHIN_3_YEARS, "2026-11-23").reason == "date_not_future"


def test_three_years_from_a_leap_day_end_on_the_28th() -> None:
    leap_day = date(2028, 2, 29)
    assert years_after(leap_day, 3) == date(2031, 2, 28)
    assert refusal(WITHIN_3_YEARS, "2031-03-01", today=leap_day).reason == "date_too_far"


@pytest.mark.parametrize("raw", ["lots of cafés", "more than last year", "twenty cafés"])
def test_a_target_without_a_number_is_refused(raw: str) -> None:
    assert refusal(TARGET, raw).reason == "no_number"


@pytest.mark.parametrize("raw", ["40 cafés", "€40k a month", "from 12 to 17"])
def test_a_target_with_a_number_is_kept(raw: str) -> None:
    assert parse_text(TARGET, raw, TODAY) == raw


@pytest.mark.parametrize(
    ("kind", "field"), [(QuestionType.NUMBER, "needs_number"), (QuestionType.TEXT, "max_years")]
)
def test_field_checks_belong_to_their_question_type(kind: QuestionType, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        question(kind, **{field: 3 if field == "max_years" else True})


def test_the_goals_script_refuses_deadlines_the_reviewer_would() -> None:
    goals = load_scripts(PROJECT_ROOT / "prompts" / "checkins")["goals"]
    deadline = next(q for q in goals.questions if q.id == "deadline")
    target = next(q for q in goals.questions if q.id == "target")
    assert deadline.max_years == goal_review.MAX_YEARS
    assert deadline.future
    assert target.needs_number


def test_future_is_relative_to_the_injected_today() -> None:
    assert parse_text(FUTURE_DATE, "2026-11-24", TODAY) == "2026-11-24"
    assert refusal(FUTURE_DATE, "2026-11-24", today=date(2026, 12, 1)).params == {
        "today": "2026-12-01"
    }


# --- time zones ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("London", "Europe/London"),
        ("berlin / paris / madrid", "Europe/Berlin"),
        ("utc", "UTC"),
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("europe/kyiv", "Europe/Kyiv"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("+3", "UTC+03:00"),
        ("UTC-05:30", "UTC-05:30"),
        ("GMT+5:45", "UTC+05:45"),
    ],
)
def test_timezone_accepted(raw: str, expected: str) -> None:
    assert parse_text(TIMEZONE, raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["+15", "Mars/Olympus", "Kyiv time", "UTC+3:20"])
def test_not_a_timezone(raw: str) -> None:
    assert refusal(TIMEZONE, raw).reason == "not_a_timezone"


# --- choice, likert and multi ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Retail / shop", "retail"), ("retail / SHOP", "retail"), ("tech", "tech")],
)
def test_choice_accepts_a_typed_label_or_value(raw: str, expected: str) -> None:
    assert parse_text(CHOICE, raw, TODAY) == expected


def test_choice_refuses_other_text() -> None:
    assert refusal(CHOICE, "Bakery").reason == "use_buttons"


def test_choice_with_allow_other_keeps_free_text() -> None:
    assert parse_text(CHOICE_OR_OTHER, "retail / shop", TODAY) == "retail"
    assert parse_text(CHOICE_OR_OTHER, " Bakery and café ", TODAY) == "Bakery and café"


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("4", 4), (" 5 ", 5)])
def test_likert_accepts_typed_points(raw: str, expected: int) -> None:
    assert parse_text(LIKERT, raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["maybe", "0", "6", "4.0", "agree"])
def test_likert_refuses_anything_else(raw: str) -> None:
    assert refusal(LIKERT, raw).reason == "use_buttons"


@pytest.mark.parametrize("raw", ["meetings", "Meetings, Chat"])
def test_multi_must_use_buttons(raw: str) -> None:
    assert refusal(MULTI, raw).reason == "use_buttons"


# --- buttons ---


def test_likert_buttons_are_one_to_five() -> None:
    assert choices(LIKERT) == tuple(Choice(str(i), i) for i in range(1, 6))
    assert [parse_choice(LIKERT, index) for index in range(5)] == [1, 2, 3, 4, 5]


def test_small_whole_number_range_gets_buttons() -> None:
    assert [c.label for c in choices(WHOLE_1_TO_10)] == [str(i) for i in range(1, 11)]
    assert parse_choice(WHOLE_1_TO_10, 0) == 1
    assert parse_choice(WHOLE_1_TO_10, 9) == 10


@pytest.mark.parametrize(
    "q",
    [
        NUMBER,
        PERCENT,
        question(QuestionType.NUMBER, integer=True, min=0, max=10),
        question(QuestionType.NUMBER, integer=True, min=1),
        question(QuestionType.NUMBER, min=1, max=5),
    ],
)
def test_other_numbers_get_no_buttons(q: Question) -> None:
    assert choices(q) == ()


def test_number_buttons_stay_within_the_range() -> None:
    q = question(QuestionType.NUMBER, integer=True, min=1.5, max=5)
    for index in range(len(choices(q))):
        value = parse_choice(q, index)
        assert isinstance(value, int)
        assert parse_text(q, str(value), TODAY) == value


def test_choice_buttons_follow_the_options() -> None:
    assert choices(CHOICE) == (Choice("Retail / shop", "retail"), Choice("Tech", "tech"))
    assert parse_choice(CHOICE, 1) == "tech"
    assert parse_choice(MULTI, 2) == "email"


@pytest.mark.parametrize(("q", "index"), [(LIKERT, 5), (LIKERT, -1), (CHOICE, 2), (NUMBER, 0)])
def test_out_of_range_index_is_a_stale_button(q: Question, index: int) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        parse_choice(q, index)
    assert caught.value.reason == "stale_button"


# --- multi selections ---


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        (["email", "meetings"], ["meetings", "email"]),
        (["chat", "chat"], ["chat"]),
        (["chat", "carrier_pigeon"], ["chat"]),
    ],
)
def test_selection_follows_option_order(selected: list[str], expected: list[str]) -> None:
    assert check_selection(MULTI, selected) == expected


@pytest.mark.parametrize(
    ("selected", "reason", "params"),
    [
        ([], "too_few_items", {"minimum": 1, "count": 0}),
        (["nope"], "too_few_items", {"minimum": 1, "count": 0}),
        (["meetings", "chat", "email"], "too_many_items", {"maximum": 2, "count": 3}),
    ],
)
def test_selection_count_limits(selected: list[str], reason: str, params: dict[str, Any]) -> None:
    q = question(
        QuestionType.MULTI, options=options("meetings", "chat", "email"), min_items=1, max_items=2
    )
    with pytest.raises(InvalidAnswer) as caught:
        check_selection(q, selected)
    assert (caught.value.reason, caught.value.params) == (reason, params)
    assert caught.value.reason in REASONS


def test_selection_without_limits_may_be_empty() -> None:
    assert check_selection(MULTI, []) == []


# --- splitting lists ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Honesty, Care; Speed", ["Honesty", "Care", "Speed"]),
        ("Honesty\nCare\n\nSpeed", ["Honesty", "Care", "Speed"]),
        ("- Honesty\n- Care\n* Speed.", ["Honesty", "Care", "Speed"]),
        ("• Honesty • Care · Speed", ["Honesty", "Care", "Speed"]),
        ("Honesty - Care - Speed", ["Honesty", "Care", "Speed"]),
        ("Well-being, Follow-through", ["Well-being", "Follow-through"]),
        (" , ;\n", []),
        (
            "Fast, but never rushed\nKind to customers",
            ["Fast, but never rushed", "Kind to customers"],
        ),
        ("Honesty, Care\n", ["Honesty", "Care"]),
    ],
)
def test_split_items(text: str, expected: list[str]) -> None:
    assert split_items(text) == expected


# --- the reason codes ---


def test_every_reason_the_module_raises_is_known() -> None:
    tree = ast.parse(inspect.getsource(validation))
    raised = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "InvalidAnswer"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert raised, "no InvalidAnswer calls found"
    assert raised == REASONS


def test_every_known_reason_can_be_triggered() -> None:
    triggered = {
        refusal(TEXT, "x" * 21).reason,
        refusal(TEXT, " ").reason,
        refusal(question(QuestionType.TEXT, min_length=5), "abc").reason,
        refusal(LIST, "a, b").reason,
        refusal(LIST, "a, b, c, d, e, f").reason,
        refusal(NUMBER, "lots").reason,
        refusal(WHOLE_1_TO_10, "2.5").reason,
        refusal(WHOLE_1_TO_10, "12").reason,
        refusal(question(QuestionType.NUMBER, min=0), "-3").reason,
        refusal(question(QuestionType.NUMBER, max=100), "120").reason,
        refusal(DATE, "tomorrow").reason,
        refusal(FUTURE_DATE, "2020-01-01").reason,
        refusal(WITHIN_3_YEARS, "2040-01-01").reason,
        refusal(TARGET, "lots").reason,
        refusal(TIMEZONE, "Mars/Olympus").reason,
        refusal(CHOICE, "something else").reason,
    }
    with pytest.raises(InvalidAnswer) as caught:
        parse_choice(CHOICE, 99)
    triggered.add(caught.value.reason)
    assert triggered == REASONS


def test_split_items_takes_each_line_whole_and_drops_list_markers() -> None:
    text = "Honesty, customer-first; Fix it before we bill it\n• Kindness\n- Courage\n2. Grit\n\n,"
    assert split_items(text) == [
        "Honesty, customer-first; Fix it before we bill it",
        "Kindness",
        "Courage",
        "Grit",
    ]
