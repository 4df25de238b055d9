"""Loading and validating every question script at start-up, with errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from alignment.questionnaire.model import Script

PLACEHOLDERS = {"n": 1, "item": "item"}


class ScriptError(ValueError):
    """A malformed script: names the file, the question and what is wrong."""


class ScriptCatalog(Mapping[str, Script]):
    """All scripts by id; read-only once loaded."""

    def __init__(self, scripts: Mapping[str, Script]) -> None:
        self._scripts = dict(scripts)

    def __getitem__(self, script_id: str) -> Script:
        return self._scripts[script_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._scripts)

    def __len__(self) -> int:
        return len(self._scripts)


def load_scripts(directory: Path) -> ScriptCatalog:
    """Parse and check every *.yaml script in a directory; fail on the first bad one."""
    scripts: dict[str, Script] = {}
    for path in sorted(directory.glob("*.yaml")):
        script = _load_one(path)
        if script.id in scripts:
            raise ScriptError(f"{path}: script id {script.id!r} is used by another file")
        scripts[script.id] = script
    if not scripts:
        raise ScriptError(f"{directory}: no question scripts found")
    return ScriptCatalog(scripts)


def _load_one(path: Path) -> Script:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScriptError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ScriptError(f"{path}: expected a mapping with id, title, intro, outro, questions")
    try:
        script = Script.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _describe_location(raw, first["loc"])
        raise ScriptError(f"{path}: {where}: {first['msg']}") from exc
    for question in script.questions:
        _check_placeholders(path, f"question {question.id}", question.text, question.hint)
    if script.repeat is not None:
        _check_placeholders(path, "repeat", script.repeat.more_prompt)
    return script


def _describe_location(raw: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location such as ('questions', 3, 'options') into 'question q4: options'."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        entry = questions[loc[1]] if loc[1] < len(questions) else {}
        qid = entry.get("id") if isinstance(entry, dict) else None
        rest = ".".join(str(part) for part in loc[2:]) or "definition"
        return f"question {qid or f'#{loc[1] + 1}'}: {rest}"
    return ".".join(str(part) for part in loc) or "script"


def _check_placeholders(path: Path, where: str, *texts: str | None) -> None:
    """Fail at start-up, not in front of an owner, on a placeholder the engine cannot fill."""
    for text in texts:
        try:
            (text or "").format(**PLACEHOLDERS)
        except (KeyError, IndexError, ValueError) as exc:
            raise ScriptError(f"{path}: {where}: unknown placeholder in {text!r} ({exc})") from exc
