"""Reading the files under prompts/: one loader and one error for all of them.

Every prompt file is YAML validated by a pydantic model. Whatever goes wrong (no file, broken
YAML, a wrong field, a placeholder the code never fills) ends as a PromptFileError that names
the file, where in it, and the problem in plain words, so start-up can refuse with exit code 2
instead of a traceback, and a typo never reaches a user.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

Locate = Callable[[Any, tuple[int | str, ...]], str]
"""Turns a pydantic error location in the parsed YAML into words a person finds in the file."""

WHOLE_FILE = "file"
M = TypeVar("M", bound=BaseModel)

PLAIN = {
    "missing": "missing",
    "extra_forbidden": "not a known entry (a typo, or in the wrong section?)",
}
"""Plainer words for pydantic's most common complaints, by error type."""


class PromptFileError(ValueError):
    """A prompt file the bot cannot use: which file, where in it, and what is wrong."""

    def __init__(self, path: Path, location: str, problem: str) -> None:
        super().__init__(f"{path}: {location}: {problem}")
        self.path = path
        self.location = location
        self.problem = problem


def dotted(_raw: Any, loc: tuple[int | str, ...]) -> str:
    """The pydantic location as a dotted path, e.g. ``team.invite``."""
    return ".".join(str(part) for part in loc) or "(top level)"


def load_yaml(path: Path, model: type[M], locate: Locate = dotted) -> M:
    """Read, parse and validate one prompt file; any problem becomes a PromptFileError.

    Validation runs every time, so each caller gets its own model and its own error.
    """
    raw = _parsed(path)
    if not isinstance(raw, dict):
        found = "nothing" if raw is None else f"a {type(raw).__name__}"
        raise PromptFileError(
            path, WHOLE_FILE, f"expected a mapping of names to values, found {found}"
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        problem = _plain(first)
        if len(errors) > 1:
            problem += f" (and {len(errors) - 1} more problems)"
        raise PromptFileError(path, locate(raw, first["loc"]), problem) from exc


SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: ten times faster at every start-up."""


_PARSED: dict[Path, tuple[str, Any]] = {}
"""The last text read from each path and its parsed YAML, never mutated (validation copies)."""


def _parsed(path: Path) -> Any:
    """The file's YAML, parsed again only when its text changed.

    Every Runtime reads the same files, and parsing them is most of its start-up; tests build
    hundreds. Keyed by the text itself rather than mtime and size: a file rewritten within one
    timestamp tick at the same size would otherwise be served stale, and reading is cheap.
    """
    text = _read(path)
    cached = _PARSED.get(path)
    if cached is not None and cached[0] == text:
        return cached[1]
    raw = _parse(path, text)
    _PARSED[path] = (text, raw)
    return raw


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptFileError(path, WHOLE_FILE, "not found") from exc
    except UnicodeDecodeError as exc:
        raise PromptFileError(path, WHOLE_FILE, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise PromptFileError(path, WHOLE_FILE, f"cannot be read ({exc.strerror})") from exc


def _parse(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 (a safe loader, C or Python)
    except yaml.MarkedYAMLError as exc:
        raise PromptFileError(path, _line(exc.problem_mark), _yaml_problem(exc)) from exc
    except yaml.YAMLError as exc:
        raise PromptFileError(path, WHOLE_FILE, f"not valid YAML: {exc}") from exc


def _line(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """The parser's complaint, with where the construct it was reading began."""
    problem = f"not valid YAML: {exc.problem}"
    if exc.context and exc.context_mark:
        problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return problem


def _plain(error: ErrorDetails) -> str:
    """Our own sentences without pydantic's "Value error, " prefix; the rest in plain words."""
    return PLAIN.get(error["type"], error["msg"].removeprefix("Value error, "))


def _placeholders(template: str) -> set[str]:
    """Names used as {name} in a template; format specs and conversions are refused."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"broken braces ({exc})") from exc
    names = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"write {{{name}}} plainly, without format spec or conversion")
        names.add(name)
    return names


def check_template(template: str, allowed: Collection[str], required: Collection[str] = ()) -> None:
    """Refuse placeholders the code does not fill, and missing ones it cannot do without."""
    used = _placeholders(template)
    unknown = used - set(allowed)
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in sorted(unknown))
        usable = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
        raise ValueError(f"unknown placeholder {names}; usable here: {usable}")
    absent = sorted(set(required) - used)
    if absent:
        raise ValueError(f"needs {', '.join(f'{{{name}}}' for name in absent)}")
