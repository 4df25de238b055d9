"""The UI texts: ui.yaml loads, words every notice and refusal, and fills every placeholder."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment.prompt_files import PromptFileError
from alignment.questionnaire.model import Question, QuestionType, ReviewKind
from alignment.questionnaire.validation import REASONS, InvalidAnswer, parse_choice, parse_text
from alignment.services.events import NOTICES
from bot.settings import PROJECT_ROOT
from bot.texts import NOTICE_PLACEHOLDERS, REJECTED_PLACEHOLDERS, UiTexts, load_texts

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
        typed(question(QuestionType.DATE, max_years=3), "2031-01-01"),
        typed(question(QuestionType.TEXT, needs_number=True), "lots of cafés"),
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


def write_changed(tmp_path: Path, path: tuple[str, ...], value: str | None) -> Path:
    """A copy of ui.yaml with the entry at ``path`` set to ``value``, or removed for None."""
    raw = yaml.safe_load(UI_YAML.read_text(encoding="utf-8"))
    parent = raw
    for part in path[:-1]:
        parent = parent[part]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    changed = tmp_path / "ui.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return changed


def load_error(path: Path) -> PromptFileError:
    with pytest.raises(PromptFileError) as caught:
        load_texts(path)
    assert caught.value.path == path
    return caught.value


@pytest.mark.parametrize(
    ("path", "location", "problem"),
    [
        (("notices", "welcome"), "notices", "missing welcome"),
        (("notices", "welcome_back"), "notices", "missing welcome_back"),
        (("rejected", "too_long"), "rejected", "missing too_long"),
        (("rejected", "stale_button"), "rejected", "missing stale_button"),
        (("review", "headers", "goal"), "review.headers", "missing goal"),
        (("report", "callouts", "split"), "report.callouts", "missing split"),
        (("dimensions", "adaptability"), "dimensions", "missing adaptability"),
        (("buttons", "skip"), "buttons.skip", "missing"),
    ],
)
def test_a_missing_entry_stops_loading_and_names_it(
    tmp_path: Path, path: tuple[str, ...], location: str, problem: str
) -> None:
    error = load_error(write_changed(tmp_path, path, None))
    assert (error.location, error.problem) == (location, problem)


@pytest.mark.parametrize(
    ("path", "location"),
    [(("buttons", "surprise"), "buttons.surprise"), (("surprise",), "surprise")],
)
def test_an_unknown_entry_is_refused(tmp_path: Path, path: tuple[str, ...], location: str) -> None:
    error = load_error(write_changed(tmp_path, path, "Boo"))
    assert error.location == location
    assert error.problem.startswith("not a known entry")


def test_an_unknown_key_in_a_keyed_section_is_refused(tmp_path: Path) -> None:
    error = load_error(write_changed(tmp_path, ("notices", "welcom"), "Hi"))
    assert (error.location, error.problem) == ("notices", "not used by the bot: welcom")


@pytest.mark.parametrize(
    ("path", "text", "problem"),
    [
        pytest.param(
            ("notices", "welcome"),
            "Hi {first_name}, welcome to {business}!",
            "unknown placeholder {business}; usable here: {first_name}",
            id="notice",
        ),
        pytest.param(
            ("notices", "left"),
            "You left {team}.",
            "unknown placeholder {team}; usable here: {business}, {first_name}",
            id="notice-with-params",
        ),
        pytest.param(
            ("rejected", "not_whole"),
            "A whole number from {minimum}, please.",
            "unknown placeholder {minimum}; usable here: none",
            id="refusal",
        ),
        pytest.param(
            ("report", "callouts", "split", "vision_clarity"),
            "Vision: split ({n} people)",
            "unknown placeholder {n}; usable here: {gap}",
            id="callout",
        ),
        pytest.param(
            ("team", "overview"),
            "{business}: {members} people, {departments} departments",
            "unknown placeholder {departments}; usable here: {business}, {members}, {threshold}",
            id="field",
        ),
        pytest.param(
            ("buttons", "skip"),
            "Skip {n}",
            "unknown placeholder {n}; usable here: none",
            id="shown-as-it-is",
        ),
        pytest.param(
            ("strategy", "goal"),
            "{position}. {goal.title}",
            "unknown placeholder {goal.title}",
            id="attribute",
        ),
        pytest.param(
            ("report", "headline"),
            "Headline: {headline:.1f}",
            "write {headline} plainly, without format spec or conversion",
            id="format-spec",
        ),
        pytest.param(
            ("report", "recall"),
            "Recall: {recall}% {",
            "broken braces",
            id="broken-braces",
        ),
        pytest.param(
            ("team", "invite"),
            "Join {business} before {expires}.",
            "needs {link}",
            id="invite-without-link",
        ),
    ],
)
def test_a_wrong_placeholder_stops_loading_and_names_key_and_placeholder(
    tmp_path: Path, path: tuple[str, ...], text: str, problem: str
) -> None:
    error = load_error(write_changed(tmp_path, path, text))
    assert error.location == ".".join(path)
    assert error.problem.startswith(problem)


def test_declared_notice_placeholders_name_real_notices() -> None:
    assert set(NOTICE_PLACEHOLDERS) <= NOTICES


@pytest.mark.parametrize("error", REFUSALS, ids=lambda error: error.reason)
def test_declared_refusal_placeholders_are_the_raised_params(error: InvalidAnswer) -> None:
    assert set(REJECTED_PLACEHOLDERS.get(error.reason, ())) == error.params.keys()
