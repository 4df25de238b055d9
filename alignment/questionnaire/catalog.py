"""Loading and validating every question script at start-up, with errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from alignment.prompt_files import PromptFileError, load_yaml
from alignment.questionnaire.model import Script


class ScriptCatalog(Mapping[str, Script]):
    """All scripts by id, and the file each came from; read-only once loaded."""

    def __init__(self, directory: Path, scripts: Mapping[str, tuple[Path, Script]]) -> None:
        self.directory = directory
        self._scripts = {script_id: script for script_id, (_, script) in scripts.items()}
        self._files = {script_id: path for script_id, (path, _) in scripts.items()}

    def __getitem__(self, script_id: str) -> Script:
        return self._scripts[script_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._scripts)

    def __len__(self) -> int:
        return len(self._scripts)

    def file_of(self, script_id: str) -> Path:
        """The YAML file a script was read from, for error messages."""
        return self._files[script_id]


def load_scripts(directory: Path) -> ScriptCatalog:
    """Parse and check every *.yaml script in a directory; fail on the first bad one."""
    scripts: dict[str, tuple[Path, Script]] = {}
    for path in sorted(directory.glob("*.yaml")):
        script = load_yaml(path, Script, _describe_location)
        if script.id in scripts:
            other = scripts[script.id][0].name
            raise PromptFileError(path, "id", f"script id {script.id!r} is also used by {other}")
        scripts[script.id] = (path, script)
    if not scripts:
        raise PromptFileError(directory, "folder", "no question scripts found")
    return ScriptCatalog(directory, scripts)


def _describe_location(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location such as ('questions', 3, 'options') into 'question q4: options'."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        entry = questions[loc[1]] if loc[1] < len(questions) else {}
        qid = entry.get("id") if isinstance(entry, dict) else None
        rest = ".".join(str(part) for part in loc[2:]) or "definition"
        return f"question {qid or f'#{loc[1] + 1}'}: {rest}"
    return ".".join(str(part) for part in loc) or "script"
