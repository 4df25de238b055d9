"""Turning what a person typed or tapped into a validated answer, or a reason it is not one."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from alignment.questionnaire.model import Question, QuestionType
from alignment.timezones import normalize_timezone

AnswerValue = str | int | float | list[str] | dict[str, Any] | None

LIKERT_POINTS = 5
MAX_NUMBER_BUTTONS = 10
REASONS = frozenset(
    {
        "too_long",
        "empty",
        "too_short",
        "too_few_items",
        "too_many_items",
        "not_a_number",
        "not_whole",
        "out_of_range",
        "too_small",
        "too_large",
        "not_a_date",
        "date_not_future",
        "date_too_far",
        "no_number",
        "not_a_timezone",
        "use_buttons",
        "stale_button",
    }
)
"""Every reason an answer can be refused for; the UI texts must explain each one."""
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
_BULLETS = "•◦▪▫‣●○■□·"
_ITEM_SPLIT = re.compile(rf"[,;{_BULLETS}]|\s+[-–—]\s+")
_LIST_MARKER = re.compile(rf"^(?:[-*–—{_BULLETS}]+|\d+[.)])\s*")
_NUMBER = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*(%?)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class InvalidAnswer(ValueError):
    """Why an answer was refused; ``reason`` picks the friendly message, ``params`` fill it."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Choice:
    """A button the question offers: its label and the answer it stands for."""

    label: str
    value: AnswerValue


def choices(question: Question) -> tuple[Choice, ...]:
    """The buttons for a question; typed answers are still accepted where they make sense."""
    if question.type is QuestionType.LIKERT5:
        return tuple(Choice(str(i), i) for i in range(1, LIKERT_POINTS + 1))
    if _number_buttons(question):
        low, high = math.ceil(question.min or 0), math.floor(question.max or 0)
        return tuple(Choice(str(i), i) for i in range(low, high + 1))
    return tuple(Choice(o.label, o.value) for o in question.options)


def parse_choice(question: Question, index: int) -> AnswerValue:
    """The answer behind the button at ``index``."""
    options = choices(question)
    if not 0 <= index < len(options):
        raise InvalidAnswer("stale_button")
    return options[index].value


def parse_text(question: Question, raw: str, today: date) -> AnswerValue:
    """Validate a typed answer for any question type."""
    text = raw.strip()
    if len(text) > question.max_length:
        raise InvalidAnswer("too_long", limit=question.max_length, length=len(text))
    if not text:
        raise InvalidAnswer("empty")
    match question.type:
        case QuestionType.TEXT:
            return _text(question, text)
        case QuestionType.NUMBER:
            return _number(question, text)
        case QuestionType.DATE:
            return _date(question, text, today)
        case QuestionType.TIMEZONE:
            return _timezone(question, text)
        case QuestionType.CHOICE | QuestionType.LIKERT5:
            return _typed_choice(question, text)
        case QuestionType.MULTI:
            raise InvalidAnswer("use_buttons")


def check_selection(question: Question, selected: list[str]) -> list[str]:
    """Validate the options picked for a multi question, in the order they are offered."""
    allowed = [o.value for o in question.options]
    picked = [value for value in allowed if value in selected]
    _check_count(question, len(picked))
    return picked


def split_items(text: str) -> list[str]:
    """Split a typed list into items.

    Several lines are several items, each kept whole, because a value such as "Fast, but never
    rushed" may hold a comma; only a list typed on one line is split at commas, semicolons,
    bullets and spaced dashes.
    """
    lines = [line for line in text.splitlines() if _item(line)]
    parts = lines if len(lines) > 1 else _ITEM_SPLIT.split(text)
    return [item for part in parts if (item := _item(part))]


def _item(part: str) -> str:
    """One item without its list marker, surrounding punctuation and full stop."""
    return _LIST_MARKER.sub("", part.strip()).strip(" ,;").rstrip(".").strip()


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _text(question: Question, text: str) -> AnswerValue:
    if len(text) < question.min_length:
        raise InvalidAnswer("too_short", minimum=question.min_length)
    if question.needs_number and not any(char.isdigit() for char in text):
        raise InvalidAnswer("no_number")
    if not question.is_list:
        return text
    items = split_items(text)
    _check_count(question, len(items))
    return items


def _check_count(question: Question, count: int) -> None:
    if question.min_items is not None and count < question.min_items:
        raise InvalidAnswer("too_few_items", minimum=question.min_items, count=count)
    if question.max_items is not None and count > question.max_items:
        raise InvalidAnswer("too_many_items", maximum=question.max_items, count=count)


def _number(question: Question, text: str) -> AnswerValue:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(compact):
        compact = compact.replace(",", "")
    match = _NUMBER.match(compact)
    if match is None:
        raise InvalidAnswer("not_a_number")
    value = float(match.group(1).replace(",", "."))
    percent = bool(match.group(2))
    if percent and not question.allow_percent:
        raise InvalidAnswer("not_a_number")
    if question.integer and not value.is_integer():
        raise InvalidAnswer("not_whole")
    _check_range(question, value)
    if question.allow_percent:
        return {"value": value, "percent": percent}
    return int(value) if question.integer else value


def _check_range(question: Question, value: float) -> None:
    low, high = question.min, question.max
    if (low is None or value >= low) and (high is None or value <= high):
        return
    if low is not None and high is not None:
        raise InvalidAnswer("out_of_range", minimum=_show(low), maximum=_show(high))
    if low is not None:
        raise InvalidAnswer("too_small", minimum=_show(low))
    raise InvalidAnswer("too_large", maximum=_show(high))


def _date(question: Question, text: str, today: date) -> AnswerValue:
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if question.future and parsed <= today:
            raise InvalidAnswer("date_not_future", today=today.isoformat())
        if question.max_years is not None:
            latest = years_after(today, question.max_years)
            if parsed > latest:
                raise InvalidAnswer(
                    "date_too_far", years=question.max_years, latest=latest.isoformat()
                )
        return parsed.isoformat()
    raise InvalidAnswer("not_a_date")


def _timezone(question: Question, text: str) -> AnswerValue:
    for option in question.options:
        if text.casefold() == option.label.casefold():
            return option.value
    zone = normalize_timezone(text)
    if zone is None:
        raise InvalidAnswer("not_a_timezone")
    return zone


def _typed_choice(question: Question, text: str) -> AnswerValue:
    for choice in choices(question):
        if text.casefold() == choice.label.casefold() or text.casefold() == str(choice.value):
            return choice.value
    if question.allow_other:
        return _text(question, text)
    raise InvalidAnswer("use_buttons")


def _number_buttons(question: Question) -> bool:
    return (
        question.type is QuestionType.NUMBER
        and question.integer
        and question.min is not None
        and question.max is not None
        and question.max - question.min < MAX_NUMBER_BUTTONS
    )


def _show(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)
