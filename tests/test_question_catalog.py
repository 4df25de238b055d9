"""Loading question scripts: the real catalog, and errors that point at the broken line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment.prompt_files import PromptFileError
from alignment.questionnaire import ScriptCatalog, load_scripts
from alignment.services.journey import check_catalog
from alignment.team.items import COMMENT, ECHO, RECALL
from bot.settings import PROJECT_ROOT

CHECKINS = PROJECT_ROOT / "prompts" / "checkins"


def script(*questions: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "id": "broken",
        "title": "Broken",
        "intro": "Hi",
        "outro": "Bye",
        "questions": list(questions),
        **top,
    }


def text_question(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "text", "text": "Question?", **extra}


def write(directory: Path, name: str, content: dict[str, Any] | str) -> Path:
    path = directory / name
    text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(directory: Path) -> str:
    with pytest.raises(PromptFileError) as caught:
        load_scripts(directory)
    return str(caught.value)


def test_real_catalog_loads_every_script() -> None:
    catalog = load_scripts(CHECKINS)
    assert isinstance(catalog, ScriptCatalog)
    assert set(catalog) == {
        "setup",
        "vision",
        "goals",
        "goal_progress",
        "communication",
        "self_assessment",
        "pulse",
        "quarterly",
    }
    assert len(catalog) == 8
    assert catalog["goals"].id == "goals"
    with pytest.raises(KeyError):
        catalog["nope"]


def test_a_good_script_loads(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", script(text_question("name", text="Hi {n} {item}")))
    write(tmp_path, "notes.txt", "not a script, ignored")
    catalog = load_scripts(tmp_path)
    assert list(catalog) == ["broken"]
    assert catalog["broken"].questions[0].id == "name"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(
            script({"id": "industry", "type": "choice", "text": "Which?"}),
            ["question industry", "a choice question needs options"],
            id="choice-without-options",
        ),
        pytest.param(
            script(text_question("name"), text_question("size"), text_question("name")),
            ["duplicate question ids: name"],
            id="duplicate-id",
        ),
        pytest.param(
            script(text_question("name", colour="red")),
            ["question name: colour", "not a known entry"],
            id="unknown-key",
        ),
        pytest.param(
            script(text_question("name"), colour="red"),
            ["colour", "not a known entry"],
            id="unknown-top-level-key",
        ),
        pytest.param(
            script(text_question("pitch", text="How is {business} doing?")),
            ["question pitch: text", "unknown placeholder {business}", "usable here: {item}, {n}"],
            id="unknown-placeholder-in-text",
        ),
        pytest.param(
            script(text_question("pitch", hint="e.g. {example}")),
            ["question pitch: hint", "unknown placeholder {example}"],
            id="unknown-placeholder-in-hint",
        ),
        pytest.param(
            script(text_question("pitch", text="Use {} here")),
            ["question pitch: text", "unknown placeholder {}"],
            id="positional-placeholder",
        ),
        pytest.param(
            script({"id": "cascade", "type": "likert5", "text": "Agree?"}),
            ["question cascade", "a likert5 question needs a dimension"],
            id="likert-without-dimension",
        ),
        pytest.param(
            script({"id": "cascade", "type": "likert5", "text": "Agree?", "dimension": "luck"}),
            ["question cascade", "dimension"],
            id="unknown-dimension",
        ),
        pytest.param(
            script(text_question("name"), {"type": "text", "text": "No id"}),
            ["question #2: id", "missing"],
            id="question-without-id",
        ),
        pytest.param(
            script(text_question("name"), repeat={"min": 1, "max": 3}),
            ["repeat", "more_prompt"],
            id="counted-repeat-without-more-prompt",
        ),
        pytest.param(
            "id: broken\nquestions: [unclosed\n",
            ["line 3, column 1", "not valid YAML", "flow sequence at line 2"],
            id="bad-yaml",
        ),
        pytest.param("- a\n- list\n", ["expected a mapping"], id="not-a-mapping"),
        pytest.param("", ["expected a mapping"], id="empty-file"),
    ],
)
def test_malformed_script_names_file_question_and_problem(
    tmp_path: Path, content: dict[str, Any] | str, fragments: list[str]
) -> None:
    write(tmp_path, "good.yaml", script(text_question("fine"), id="good"))
    path = write(tmp_path, "z_broken.yaml", content)
    message = load_error(tmp_path)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_two_files_with_the_same_script_id(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", script(text_question("one"), id="goals"))
    second = write(tmp_path, "b.yaml", script(text_question("two"), id="goals"))
    message = load_error(tmp_path)
    assert str(second) in message
    assert "'goals'" in message


@pytest.mark.parametrize("files", [[], ["README.md"]])
def test_a_directory_without_scripts(tmp_path: Path, files: list[str]) -> None:
    for name in files:
        (tmp_path / name).write_text("nothing", encoding="utf-8")
    message = load_error(tmp_path)
    assert str(tmp_path) in message
    assert "no question scripts found" in message


def test_unknown_placeholder_in_more_prompt_is_caught_at_load(tmp_path: Path) -> None:
    repeat = {
        "min": 1,
        "max": 3,
        "more_prompt": "Add another {goal}?",
        "more_yes": "Yes",
        "more_no": "No",
    }
    write(tmp_path, "script.yaml", script(text_question("title"), repeat=repeat))
    message = load_error(tmp_path)
    assert "repeat.more_prompt: unknown placeholder {goal}" in message


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        pytest.param({"keep_current": "goals"}, "keep_current: Input should be", id="unknown"),
        pytest.param(
            {"keep_current": "values"}, "keep_current: values needs a list", id="values-not-list"
        ),
        pytest.param(
            {"keep_current": "vision", "max_items": 5},
            "keep_current: vision needs a single answer",
            id="vision-as-list",
        ),
        pytest.param(
            {"keep_current": "mission", "type": "date"},
            "keep_current only applies to text questions",
            id="not-text",
        ),
    ],
)
def test_keep_current_accepts_only_what_the_strategy_can_fill(
    tmp_path: Path, extra: dict[str, Any], fragment: str
) -> None:
    write(tmp_path, "script.yaml", script(text_question("answer", **extra)))
    message = load_error(tmp_path)
    assert "question answer" in message
    assert fragment in message


def test_keep_current_on_the_real_vision_script() -> None:
    questions = load_scripts(CHECKINS)["vision"].questions
    assert {q.id: q.keep_current for q in questions} == {
        "vision": "vision",
        "mission": "mission",
        "values": "values",
    }


def copied_checkins(tmp_path: Path) -> Path:
    """A copy of the real scripts, to break one of them."""
    folder = tmp_path / "checkins"
    shutil.copytree(CHECKINS, folder)
    return folder


def edit_questions(path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw["questions"])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def catalog_error(folder: Path) -> PromptFileError:
    with pytest.raises(PromptFileError) as caught:
        check_catalog(load_scripts(folder))
    return caught.value


def test_the_real_catalog_has_what_the_code_reads() -> None:
    check_catalog(load_scripts(CHECKINS))


def test_start_up_refuses_a_catalog_missing_a_script(tmp_path: Path) -> None:
    folder = copied_checkins(tmp_path)
    (folder / "goal_progress.yaml").unlink()
    error = catalog_error(folder)
    assert (error.path, error.location) == (folder, "script goal_progress")
    assert "missing" in error.problem


@pytest.mark.parametrize("question_id", [ECHO, RECALL, COMMENT])
def test_start_up_refuses_a_pulse_without_a_question_filing_reads(
    tmp_path: Path, question_id: str
) -> None:
    folder = copied_checkins(tmp_path)
    pulse = folder / "pulse.yaml"
    edit_questions(pulse, lambda qs: qs.remove(next(q for q in qs if q["id"] == question_id)))
    error = catalog_error(folder)
    assert (error.path, error.location) == (pulse, "questions")
    assert error.problem.startswith(f"missing {question_id};")


def retype(question_id: str, **fields: Any) -> Callable[[list[dict[str, Any]]], None]:
    def change(questions: list[dict[str, Any]]) -> None:
        question = next(q for q in questions if q["id"] == question_id)
        question.pop("options_from", None)
        question.update(fields)

    return change


@pytest.mark.parametrize(
    ("question_id", "fields", "problem"),
    [
        pytest.param(
            RECALL,
            {"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
            "must be a choice question with options_from: recall",
            id="recall-with-fixed-options",
        ),
        pytest.param(
            ECHO,
            {"type": "choice", "options": [{"value": "a", "label": "A"}]},
            "must be a text question without max_items",
            id="echo-as-choice",
        ),
        pytest.param(
            COMMENT,
            {"max_items": 3},
            "must be a text question without max_items",
            id="comment-as-list",
        ),
    ],
)
def test_start_up_refuses_a_pulse_question_filing_cannot_read(
    tmp_path: Path, question_id: str, fields: dict[str, Any], problem: str
) -> None:
    folder = copied_checkins(tmp_path)
    pulse = folder / "pulse.yaml"
    edit_questions(pulse, retype(question_id, **fields))
    error = catalog_error(folder)
    assert (error.path, error.location, error.problem) == (
        pulse,
        f"question {question_id}",
        problem,
    )
