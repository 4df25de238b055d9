"""The bot's words, loaded from prompts/ui.yaml and checked at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Self

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from alignment.dimensions import Dimension
from alignment.questionnaire.model import ReviewKind
from alignment.questionnaire.validation import REASONS
from alignment.services.events import NOTICES
from alignment.team.report import CALLOUT_KINDS


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Buttons(_Texts):
    """Labels of the buttons the bot adds itself."""

    skip: str
    keep_current: str
    done: str
    keep: str
    rewrite: str
    edit_vision: str
    update_progress: str
    rewrite_goals: str
    back: str
    revoke: str
    close_round: str
    answer_now: str
    no_department: str


class PromptTexts(_Texts):
    """Pieces around a question."""

    position: str
    current: str
    likert_scale: str
    multi: str
    chosen: str


class ReviewTexts(_Texts):
    """Pieces around a reviewer's feedback."""

    headers: dict[str, str]
    passed: str
    open: str
    keep_or_rewrite: str

    @model_validator(mode="after")
    def _every_kind(self) -> Self:
        _require("review.headers", self.headers, frozenset(ReviewKind))
        return self


class StrategyTexts(_Texts):
    """The /vision and /goals views."""

    not_set_up: str
    no_vision: str
    no_goals: str
    vision: str
    missing: str
    goals_header: str
    goal: str
    progress: str
    blocker: str
    no_progress: str


class TeamTexts(_Texts):
    """Invites, /team, rounds and /privacy."""

    invite: str
    invite_department: str
    overview: str
    department: str
    participation: str
    unassigned: str
    no_departments: str
    last_round: str
    invites: str
    usage: str
    department_question: str
    round_invitation: str
    round_status: str
    leave_question: str
    privacy: str


class ReportTexts(_Texts):
    """/report, /report csv and /results."""

    header: str
    pooled: str
    waiting: str
    respondents: str
    headline: str
    line: str
    member_line: str
    no_data: str
    missing: str
    up: str
    down: str
    same: str
    participation: str
    recall: str
    echo: str
    callouts_header: str
    callouts: dict[str, str]
    departments: str
    department: str
    hidden: str
    comments_header: str
    echoes_header: str
    chart_title: str
    profile_title: str
    history_title: str
    team_label: str
    owner_label: str
    empty_history: str
    round_label: str
    csv_caption: str
    member_header: str
    member_none: str

    @model_validator(mode="after")
    def _every_kind(self) -> Self:
        _require("report.callouts", self.callouts, CALLOUT_KINDS)
        return self


class ErrorTexts(_Texts):
    """Replies to input the bot cannot use."""

    private_only: str
    unknown_command: str
    not_text: str
    internal: str


class UiTexts(_Texts):
    """All of prompts/ui.yaml."""

    commands: dict[str, str]
    help: str
    notices: dict[str, str]
    rejected: dict[str, str]
    buttons: Buttons
    prompt: PromptTexts
    review: ReviewTexts
    strategy: StrategyTexts
    finished: str
    dimensions: dict[str, str]
    team: TeamTexts
    report: ReportTexts
    errors: ErrorTexts

    @model_validator(mode="after")
    def _complete(self) -> Self:
        _require("notices", self.notices, NOTICES)
        _require("rejected", self.rejected, REASONS)
        _require("dimensions", self.dimensions, frozenset(Dimension))
        return self


def _require(section: str, texts: dict[str, str], keys: frozenset[str]) -> None:
    missing = sorted(keys - texts.keys())
    if missing:
        raise ValueError(f"{section} is missing: {', '.join(missing)}")


def load_texts(path: Path) -> UiTexts:
    """Parse ui.yaml; a missing or malformed entry stops start-up with its name."""
    try:
        return UiTexts.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise ValueError(f"{path}: {where}: {first['msg']}") from exc
