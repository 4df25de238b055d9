"""Loading question scripts: the real catalog, and errors that point at the broken line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment.questionnaire import ScriptCatalog, ScriptError, load_scripts
from alignment.services.journey import check_catalog
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
    with pytest.raises(ScriptError) as caught:
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
    }
    assert len(catalog) == 7
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
            ["question name", "colour", "Extra inputs are not permitted"],
            id="unknown-key",
        ),
        pytest.param(
            script(text_question("name"), colour="red"),
            ["colour", "Extra inputs are not permitted"],
            id="unknown-top-level-key",
        ),
        pytest.param(
            script(text_question("pitch", text="How is {business} doing?")),
            ["question pitch", "unknown placeholder", "{business}"],
            id="unknown-placeholder-in-text",
        ),
        pytest.param(
            script(text_question("pitch", hint="e.g. {example}")),
            ["question pitch", "unknown placeholder", "{example}"],
            id="unknown-placeholder-in-hint",
        ),
        pytest.param(
            script(text_question("pitch", text="Use {} here")),
            ["question pitch", "unknown placeholder"],
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
            ["question #2", "id", "Field required"],
            id="question-without-id",
        ),
        pytest.param(
            script(text_question("name"), repeat={"min": 1, "max": 3}),
            ["repeat", "more_prompt"],
            id="counted-repeat-without-more-prompt",
        ),
        pytest.param("id: broken\nquestions: [unclosed\n", ["not valid YAML"], id="bad-yaml"),
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
    with pytest.raises(ScriptError, match=r"more_prompt|\{goal\}"):
        load_scripts(tmp_path)


def test_start_up_refuses_a_catalog_missing_what_the_journey_reads() -> None:
    scripts = dict(load_scripts(CHECKINS))
    del scripts["goal_progress"]
    with pytest.raises(ScriptError, match="goal_progress"):
        check_catalog(scripts)
