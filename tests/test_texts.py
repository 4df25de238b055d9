"""The UI texts: ui.yaml loads, words every notice and refusal, and fills every placeholder."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment.questionnaire.model import Question, QuestionType, ReviewKind
from alignment.questionnaire.validation import REASONS, InvalidAnswer, parse_choice, parse_text
from alignment.services.events import NOTICES
from bot.settings import PROJECT_ROOT
from bot.texts import UiTexts, load_texts

UI_YAML = PROJECT_ROOT / "prompts" / "ui.yaml"
TODAY = date(2026, 11, 23)


def question(kind: QuestionType, **fields: Any) -> Question:
    return Question.model_validate({"id": "q", "text": "Question?", "type": kind, **fields})


def typed(q: Question, raw: str) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        parse_text(q, raw, TODAY)
    return caught.value


def tapped(q: Question, index: int) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        parse_choice(q, index)
    return caught.value


def raised_refusals() -> list[InvalidAnswer]:
    """One refusal per reason, raised by the real validators so params are the real ones."""
    text = question(QuestionType.TEXT, min_length=5, max_length=20)
    values = question(QuestionType.TEXT, min_items=3, max_items=5)
    whole = question(QuestionType.NUMBER, integer=True, min=1, max=10)
    choice = question(QuestionType.CHOICE, options=[{"value": "a", "label": "A"}])
    return [
        typed(text, "x" * 21),
        typed(text, "  "),
        typed(text, "abc"),
        typed(values, "Honesty, Care"),
        typed(values, "a, b, c, d, e, f"),
        typed(whole, "lots"),
        typed(whole, "2.5"),
        typed(whole, "11"),
        typed(question(QuestionType.NUMBER, min=0), "-3"),
        typed(question(QuestionType.NUMBER, max=100), "120"),
        typed(question(QuestionType.DATE), "soon"),
        typed(question(QuestionType.DATE, future=True), "2020-01-01"),
        typed(question(QuestionType.TIMEZONE), "Mars/Olympus"),
        typed(choice, "B"),
        tapped(choice, 5),
    ]


REFUSALS = raised_refusals()


@pytest.fixture(scope="module")
def texts() -> UiTexts:
    return load_texts(UI_YAML)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_refusals_cover_every_reason() -> None:
    assert {error.reason for error in REFUSALS} == REASONS


def test_every_notice_is_worded(texts: UiTexts) -> None:
    assert not NOTICES - texts.notices.keys()


def test_every_refusal_reason_is_worded(texts: UiTexts) -> None:
    assert not REASONS - texts.rejected.keys()


def test_every_review_kind_has_a_header(texts: UiTexts) -> None:
    assert not set(ReviewKind) - texts.review.headers.keys()


@pytest.mark.parametrize("error", REFUSALS, ids=lambda error: error.reason)
def test_refusal_template_formats_with_the_raised_params(
    texts: UiTexts, error: InvalidAnswer
) -> None:
    template = texts.rejected[error.reason]
    assert fields(template) <= error.params.keys()
    message = template.format(**error.params)
    assert "{" not in message


def test_too_long_message_reads_well(texts: UiTexts) -> None:
    error = REFUSALS[0]
    assert error.reason == "too_long"
    message = texts.rejected["too_long"].format(**error.params)
    assert "21 characters" in message
    assert "under 20" in message


def write_without(tmp_path: Path, *path: str) -> Path:
    """A copy of ui.yaml with the entry at ``path`` removed."""
    raw = yaml.safe_load(UI_YAML.read_text(encoding="utf-8"))
    parent = raw
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    broken = tmp_path / "ui.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return broken


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("notices", "welcome"), "notices is missing: welcome"),
        (("notices", "onboarding_done"), "notices is missing: onboarding_done"),
        (("rejected", "too_long"), "rejected is missing: too_long"),
        (("rejected", "stale_button"), "rejected is missing: stale_button"),
        (("review", "headers", "goal"), "review.headers is missing: goal"),
        (("buttons", "skip"), "buttons.skip: Field required"),
    ],
)
def test_a_missing_entry_stops_loading_and_names_it(
    tmp_path: Path, path: tuple[str, ...], expected: str
) -> None:
    broken = write_without(tmp_path, *path)
    with pytest.raises(ValueError, match=re.escape(expected)) as caught:
        load_texts(broken)
    assert str(broken) in str(caught.value)


def test_an_unknown_entry_is_refused(tmp_path: Path) -> None:
    raw = yaml.safe_load(UI_YAML.read_text(encoding="utf-8"))
    raw["buttons"]["surprise"] = "Boo"
    broken = tmp_path / "ui.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("buttons.surprise: Extra inputs")):
        load_texts(broken)
