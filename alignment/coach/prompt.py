"""LLM prompt files (``prompts/coach/<id>.yaml``): an id, a version and two templates.

Every value filled into a template is data, never instructions: it is wrapped in
``<data name="...">`` tags and any angle bracket inside it is replaced, so an answer or comment
cannot close the tag and speak as the system prompt does.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alignment.prompt_files import PromptFileError, check_template, load_yaml

_BRACKETS = str.maketrans({"<": "‹", ">": "›"})


class CoachPrompt(BaseModel):
    """One prompt; ``variables`` names every placeholder the user template may use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)
    variables: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known_placeholders(self) -> CoachPrompt:
        check_template(self.user, self.variables, self.variables)
        check_template(self.system, ())
        return self

    def render(self, values: Mapping[str, str]) -> tuple[str, str]:
        """The system text and the user text with every value delimited as data."""
        missing = set(self.variables) - set(values)
        if missing:
            raise KeyError(f"prompt {self.id} needs {', '.join(sorted(missing))}")
        wrapped = {
            name: f'<data name="{name}">\n{values[name].translate(_BRACKETS)}\n</data>'
            for name in self.variables
        }
        return self.system, self.user.format(**wrapped)


def load_coach_prompts(folder: Path) -> dict[str, CoachPrompt]:
    """Every prompt file in the folder by id; a file must be named after its id."""
    prompts: dict[str, CoachPrompt] = {}
    for path in sorted(folder.glob("*.yaml")):
        prompt = load_yaml(path, CoachPrompt)
        if prompt.id != path.stem:
            raise PromptFileError(path, "id", f"must be {path.stem!r}, the file's name")
        prompts[prompt.id] = prompt
    return prompts
