"""Start-up keeps its promise: any broken prompt file ends `northstar check` and `run` with exit
code 2 and one line naming the file, the place in it and the problem, never a traceback."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from alignment.prompt_files import load_yaml
from alignment.team.items import ECHO
from bot.cli import main
from bot.settings import PROJECT_ROOT, Settings

Change = Callable[[Any], None]
"""Edits the parsed YAML of one file in place."""

FILES = ("ui.yaml", "reviews.yaml", "recall.yaml", "checkins/vision.yaml", "checkins/pulse.yaml")
FAKE_TOKEN = "123456789:AAfakefakefakefakefakefake"


pytestmark = pytest.mark.usefixtures("restore_logging")
"""`main` configures the root logger for the process; conftest puts it back after each test."""


@pytest.fixture
def prompts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of prompts/ that the CLI reads: PROMPTS_DIR points at it, no .env, no other setting."""
    copy = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", copy)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("PROMPTS_DIR", str(copy))
    monkeypatch.chdir(tmp_path)
    return copy


def northstar(capsys: pytest.CaptureFixture[str], command: str = "check") -> tuple[int, str]:
    """Run the CLI in-process; the exit code and what it printed to stderr."""
    code = main([command])
    return code, capsys.readouterr().err


def edit(path: Path, change: Change) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def question(raw: Any, question_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(q for q in raw["questions"] if q["id"] == question_id)
    return found


def test_the_real_prompt_files_pass(prompts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert northstar(capsys) == (0, "")


@pytest.mark.parametrize("name", FILES)
def test_a_yaml_syntax_error_names_file_line_and_problem(
    prompts: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = prompts / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\tbroken: tab\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    code, stderr = northstar(capsys)
    assert code == 2
    # The parser's own words differ between libyaml and PyYAML's Python parser; the place does not.
    assert stderr.startswith(f"Cannot start: {path}: line {line}, column 1: not valid YAML: ")
    assert len(stderr.split("not valid YAML: ", 1)[1].strip()) > 10  # the problem, in words
    assert stderr.count("\n") == 1


def drop_skip(raw: Any) -> None:
    del raw["buttons"]["skip"]


def misspell_review(raw: Any) -> None:
    raw["goal"]["measurable"]["passed"] = "Tracking {metrik}."


def two_distractors(raw: Any) -> None:
    raw["distractors"] = raw["distractors"][:2]


def keep_the_strategy(raw: Any) -> None:
    question(raw, "vision")["keep_current"] = "strategy"


def likert_without_dimension(raw: Any) -> None:
    del question(raw, "t_vision_clear")["dimension"]


@pytest.mark.parametrize(
    ("name", "change", "where", "problem"),
    [
        pytest.param("ui.yaml", drop_skip, "buttons.skip", "missing", id="ui"),
        pytest.param(
            "reviews.yaml",
            misspell_review,
            "goal.measurable.passed",
            "unknown placeholder {metrik}; usable here: {metric}, {target}",
            id="reviews",
        ),
        pytest.param(
            "recall.yaml",
            two_distractors,
            "distractors",
            "Tuple should have at least 5 items after validation, not 2",
            id="recall",
        ),
        pytest.param(
            "checkins/vision.yaml",
            keep_the_strategy,
            "question vision: keep_current",
            "Input should be 'vision', 'mission' or 'values'",
            id="checkin-keep-current",
        ),
        pytest.param(
            "checkins/pulse.yaml",
            likert_without_dimension,
            "question t_vision_clear: definition",
            "a likert5 question needs a dimension",
            id="checkin-pulse",
        ),
    ],
)
def test_a_schema_error_names_file_place_and_problem(
    prompts: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    change: Change,
    where: str,
    problem: str,
) -> None:
    path = prompts / name
    edit(path, change)
    assert northstar(capsys) == (2, f"Cannot start: {path}: {where}: {problem}\n")


def test_a_stray_placeholder_in_a_notice_fails(
    prompts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = prompts / "ui.yaml"

    def stray(raw: Any) -> None:
        raw["notices"]["welcome_back"] += " How is {business}?"

    edit(path, stray)
    problem = "unknown placeholder {business}; usable here: {first_name}"
    assert northstar(capsys) == (2, f"Cannot start: {path}: notices.welcome_back: {problem}\n")


def test_a_pulse_without_the_echo_question_fails(
    prompts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = prompts / "checkins" / "pulse.yaml"
    edit(path, lambda raw: raw["questions"].remove(question(raw, ECHO)))
    problem = f"missing {ECHO}; the bot reads these answers by id"
    assert northstar(capsys) == (2, f"Cannot start: {path}: questions: {problem}\n")


@pytest.mark.parametrize("name", ["ui.yaml", "recall.yaml"])
def test_a_missing_file_is_named(
    prompts: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = prompts / name
    path.unlink()
    assert northstar(capsys) == (2, f"Cannot start: {path}: file: not found\n")


def test_a_file_that_is_not_a_mapping_is_named(
    prompts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = prompts / "reviews.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    problem = "expected a mapping of names to values, found a list"
    assert northstar(capsys) == (2, f"Cannot start: {path}: file: {problem}\n")


def test_run_refuses_before_touching_the_database(
    prompts: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", FAKE_TOKEN)
    path = prompts / "ui.yaml"
    edit(path, drop_skip)
    assert northstar(capsys, "run") == (2, f"Cannot start: {path}: buttons.skip: missing\n")
    assert not (tmp_path / "northstar.db").exists()


def test_a_file_that_is_not_utf8_is_named(
    prompts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = prompts / "recall.yaml"
    path.write_bytes("distractors: [Caf\xe9]\n".encode("latin-1"))
    problem = "not UTF-8 text (invalid continuation byte)"
    assert northstar(capsys) == (2, f"Cannot start: {path}: file: {problem}\n")


class Words(BaseModel):
    """A stand-in prompt file: words by key."""

    words: dict[str, str]


def test_a_file_is_parsed_once_while_its_text_stays_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("words: {hello: Hi}\n", encoding="utf-8")
    parses: list[str] = []
    parse = yaml.load

    def counted(text: str, **kwargs: Any) -> Any:
        parses.append(text)
        return parse(text, **kwargs)

    monkeypatch.setattr(yaml, "load", counted)
    first, second = load_yaml(path, Words), load_yaml(path, Words)
    assert len(parses) == 1
    assert first == second
    assert first.words is not second.words, "each caller validates its own model"


def test_a_file_rewritten_at_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("words: {hello: Hi}\n", encoding="utf-8")
    assert load_yaml(path, Words).words == {"hello": "Hi"}
    before = path.stat()
    path.write_text("words: {hello: Yo}\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_yaml(path, Words).words == {"hello": "Yo"}
