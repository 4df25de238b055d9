"""The bot's words, loaded from prompts/ui.yaml and checked at start-up.

A text is a str.format template only where the code fills it in, and each may use exactly the
placeholders the code passes it: ``Uses`` beside a field lists them, ``Keyed`` does the same for
a section of texts by key. A field with neither is shown as it is and takes no placeholders. A
stray {business} therefore stops start-up instead of crashing in front of a user.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from alignment.dimensions import Dimension
from alignment.privacy import Hold
from alignment.prompt_files import check_template, load_yaml
from alignment.questionnaire.model import ReviewKind
from alignment.questionnaire.validation import REASONS
from alignment.reassessment.triggers import WORDINGS, Kind
from alignment.reviewers import GoalKind
from alignment.scoring.free_recall import Method
from alignment.services.commitments import STATES
from alignment.services.events import NOTICES
from alignment.services.quarterly import SWOT
from alignment.services.restate import PARTS
from alignment.services.schedule_settings import SECTIONS
from alignment.team.items import COMMENT, ECHO, PRIORITIES, RECALL
from alignment.team.report import AGREEMENT_BANDS, CALLOUT_KINDS, HEADLINE_BANDS
from alignment.team.themes import Sentiment


class Uses:
    """The placeholders the code fills into one text, and those it cannot do without."""

    def __init__(self, *names: str, required: Collection[str] = ()) -> None:
        self.names = frozenset(names)
        self.required = frozenset(required)

    def check(self, text: str) -> None:
        """Raise ValueError naming an unknown or a missing placeholder."""
        check_template(text, self.names, self.required)


class Keyed:
    """A section of texts by key: the keys the code looks up, and what each may use."""

    def __init__(
        self,
        keys: frozenset[str] | None,
        uses: Mapping[str, Collection[str]] | None = None,
        common: Collection[str] = (),
    ) -> None:
        self._keys = keys
        self._uses = {key: frozenset(names) for key, names in (uses or {}).items()}
        self._common = frozenset(common)

    def check(self, texts: Mapping[str, str]) -> None:
        """Raise for a missing or unknown key, or for a text with a wrong placeholder."""
        if self._keys is not None:
            missing = sorted(self._keys - texts.keys())
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            unknown = sorted(texts.keys() - self._keys)
            if unknown:
                raise ValueError(f"not used by the bot: {', '.join(unknown)}")
        errors: list[InitErrorDetails] = []
        for key, text in texts.items():
            try:
                check_template(text, self._uses.get(key, frozenset()) | self._common)
            except ValueError as exc:
                problem = PydanticCustomError("placeholder", "{problem}", {"problem": str(exc)})
                errors.append({"type": problem, "loc": (key,), "input": text})
        if errors:
            # Raised inside a validator, pydantic reports each error under the field's location,
            # so the message names the key: notices.welcome.
            raise ValidationError.from_exception_data("placeholders", errors)


class Nested(Keyed):
    """A section of sections: the outer keys, then the same inner keys and placeholders in each."""

    def __init__(self, outer: frozenset[str], inner: Keyed) -> None:
        super().__init__(outer)
        self._inner = inner

    def check(self, texts: Mapping[str, Any]) -> None:
        """Raise for a missing or unknown key at either level, or a wrong placeholder."""
        super().check(dict.fromkeys(texts, ""))
        errors: list[InitErrorDetails] = []
        for key, section in texts.items():
            try:
                self._inner.check(section)
            except ValidationError as exc:
                errors += [
                    {
                        "type": PydanticCustomError(
                            "placeholder", "{problem}", {"problem": e["msg"]}
                        ),
                        "loc": (key, *e["loc"]),
                        "input": e["input"],
                    }
                    for e in exc.errors()
                ]
        if errors:
            raise ValidationError.from_exception_data("placeholders", errors)


NOTICE_PLACEHOLDERS: Mapping[str, Collection[str]] = {
    "welcome": ("questions",),
    "welcome_back_idle": ("business",),
    "resuming": ("title",),
    "cancelled": ("title",),
    "already_member": ("business",),
    "member_welcome": ("business", "threshold"),
    "department_set": ("department",),
    "left": ("business",),
    "checkin_paused": ("title",),
    "invites_revoked": ("count",),
    "unknown_department": ("name",),
    "department_name": ("limit",),
    "department_exists": ("name",),
    "department_added": ("name",),
    "department_renamed": ("old", "name"),
    "department_removed": ("name",),
    "threshold_set": ("threshold",),
    "threshold_invalid": ("minimum", "maximum"),
    "bad_timezone": ("text",),
    "quiet_too_long": ("hours",),
    "bad_items": ("minimum", "maximum"),
    "bad_nudge": ("kinds",),
    "cadence_round_open": ("number", "closes"),
    "away_set": ("until",),
    "away_past": ("today",),
    "away_too_far": ("days",),
    "round_opened": ("number", "closes", "count"),
    "round_closed": ("number", "answered"),
    "report_team_small": ("threshold", "members"),
    "report_waiting": ("threshold", "members"),
    "top_goal_set": ("title",),
    "commit_too_long": ("limit",),
}
"""The params of each Notice the services create; notices not listed get none."""
NOTICE_COMMON = ("first_name",)
"""What the renderer adds to every notice."""
REJECTED_PLACEHOLDERS: Mapping[str, Collection[str]] = {
    "too_long": ("limit", "length"),
    "too_short": ("minimum",),
    "too_few_items": ("minimum", "count"),
    "too_many_items": ("maximum", "count"),
    "out_of_range": ("minimum", "maximum"),
    "too_small": ("minimum",),
    "too_large": ("maximum",),
    "date_not_future": ("today",),
    "date_too_far": ("years", "latest"),
}
"""The params of each InvalidAnswer the validators raise; reasons not listed get none."""
CALLOUT_PLACEHOLDERS = ("gap",)
SETTINGS_SECTIONS = frozenset(section.value for section in SECTIONS)


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: Any, info: ValidationInfo) -> Any:
        """Each text may use only what its Uses or Keyed marker lists; unmarked texts none."""
        field = info.field_name
        rules = cls.model_fields[field].metadata if field else []
        rule = next((r for r in rules if isinstance(r, Uses | Keyed)), None)
        if isinstance(value, str):
            (rule if isinstance(rule, Uses) else Uses()).check(value)
        elif isinstance(value, dict):
            (rule if isinstance(rule, Keyed) else Keyed(None)).check(value)
        return value


class Buttons(_Texts):
    """Labels of the buttons the bot adds itself."""

    skip: str
    keep_current: str
    done: str
    keep: str
    rewrite: str
    use_suggestion: str
    edit_vision: str
    update_progress: str
    rewrite_goals: str
    back: str
    revoke: str
    close_round: str
    answer_now: str
    no_department: str
    set_up: str
    join: str
    leave: str
    stay: str
    invite_team: str
    details: str
    close_anyway: str
    top_goal: Annotated[str, Uses("position", required=("position",))]
    one_week: str
    two_weeks: str
    commit: str
    take_suggestion: str
    done_yes: str
    done_not_yet: str
    nudge_not_now: str
    nudge_keep: str
    nudge_change: str
    nudge_drop: str
    start_review: str


class PromptTexts(_Texts):
    """Pieces around a question."""

    position: Annotated[str, Uses("done", "total")]
    current: Annotated[str, Uses("current")]
    earlier: Annotated[str, Uses("answer")]
    limit: Annotated[str, Uses("limit")]
    likert_scale: str
    multi: str
    chosen: Annotated[str, Uses("label")]


class ReviewTexts(_Texts):
    """Pieces around a reviewer's feedback."""

    headers: Annotated[dict[str, str], Keyed(frozenset(ReviewKind))]
    passed: Annotated[str, Uses("label", "note")]
    open: Annotated[str, Uses("label", "note")]
    keep_or_rewrite: str
    suggestion: Annotated[str, Uses("rewrite", required=("rewrite",))]
    suggestion_to_fill: Annotated[str, Uses("rewrite", required=("rewrite",))]
    kinds: Annotated[dict[str, str], Keyed(frozenset(GoalKind))]
    """Outcome or activity, said under a goal's review."""


class StrategyTexts(_Texts):
    """The /vision and /goals views."""

    not_set_up: str
    no_vision: str
    no_goals: str
    vision: Annotated[str, Uses("business", "version", "updated", "vision", "mission", "values")]
    missing: str
    goals_header: Annotated[str, Uses("business", "version")]
    goal: Annotated[str, Uses("position", "title", "target", "metric", "deadline", "confidence")]
    progress: Annotated[str, Uses("value", "confidence")]
    blocker: Annotated[str, Uses("blocker")]
    no_progress: str
    top_goal: str
    ask_top_goal: str


class TeamTexts(_Texts):
    """Invites, /team, rounds and /privacy."""

    invite: Annotated[str, Uses("business", "department", "link", "expires", required=("link",))]
    invite_department: Annotated[str, Uses("department")]
    invite_next: str
    overview: Annotated[str, Uses("business", "members", "threshold")]
    department: Annotated[str, Uses("number", "name", "members", "participation")]
    participation: Annotated[str, Uses("answered", "round")]
    unassigned: Annotated[str, Uses("count")]
    no_departments: str
    last_round: Annotated[str, Uses("round", "answered", "members")]
    invites: Annotated[str, Uses("count")]
    unreachable: Annotated[str, Uses("count", required=("count",))]
    usage: str
    department_question: str
    round_invitation: Annotated[str, Uses("business", "number", "closes")]
    round_status: Annotated[str, Uses("number", "closes", "answered", "members")]
    close_confirm: Annotated[str, Uses("number", "answered", "threshold")]
    leave_question: str
    leave_confirm: Annotated[str, Uses("business")]
    away_question: str
    privacy: Annotated[str, Uses("threshold", "minimum", "teams")]
    privacy_team: Annotated[str, Uses("business", "members")]


class SettingsButtons(_Texts):
    """Labels of the /settings buttons."""

    timezone: str
    checkin: str
    pulse: str
    quiet: str
    threshold: str
    items: Annotated[str, Uses("items", required=("items",))]
    pause: str
    resume: str
    back: str
    nudges: str


class SettingsTexts(_Texts):
    """The owner's /settings page and the choices of each section."""

    page: Annotated[
        str,
        Uses(
            "business",
            "timezone",
            "checkin",
            "pulse",
            "cadence",
            "items",
            "quiet",
            "threshold",
            "status",
        ),
    ]
    saved: str
    active: str
    paused: str
    slot: Annotated[str, Uses("day", "time")]
    quiet: Annotated[str, Uses("start", "end")]
    cadences: Annotated[dict[str, str], Keyed(frozenset({"1", "2"}))]
    days: Annotated[tuple[str, ...], Field(min_length=7, max_length=7)]
    sections: Annotated[dict[str, str], Keyed(SETTINGS_SECTIONS)]
    nudge_kinds: Annotated[dict[str, str], Keyed(frozenset(Kind))]
    buttons: SettingsButtons


class ReportTexts(_Texts):
    """/report, /report csv and /results."""

    header: Annotated[str, Uses("business", "round")]
    pooled: Annotated[str, Uses("rounds", "respondents")]
    waiting: Annotated[dict[str, str], Keyed(frozenset(Hold) - {Hold.COVER}, common=("rounds",))]
    newcomers: Annotated[str, Uses("count")]
    withheld: Annotated[dict[str, str], Keyed(frozenset(Hold), common=("figure", "threshold"))]
    figures: Annotated[dict[str, str], Keyed(frozenset({RECALL, PRIORITIES, ECHO, COMMENT}))]
    respondents: Annotated[str, Uses("respondents")]
    headline: Annotated[str, Uses("headline")]
    line: Annotated[str, Uses("dimension", "team", "agreement", "owner", "gap", "n", "change")]
    member_line: Annotated[str, Uses("dimension", "team", "agreement")]
    no_data: Annotated[str, Uses("dimension")]
    measured: Annotated[str, Uses("round", "closed")]
    """Said after a figure a short round did not ask, carried from the block that measured it."""
    missing: str
    up: Annotated[str, Uses("change")]
    down: Annotated[str, Uses("change")]
    same: str
    participation: Annotated[str, Uses("answered", "members", "rate")]
    recall: Annotated[str, Uses("recall")]
    recall_any: Annotated[str, Uses("recall")]
    free_recall: Annotated[str, Uses("named", "scored", "method")]
    free_recall_methods: Annotated[dict[str, str], Keyed(frozenset(Method))]
    echo: Annotated[str, Uses("echo")]
    echo_embeddings: Annotated[str, Uses("echo")]
    echo_foreign: Annotated[str, Uses("count")]
    summary: Annotated[
        dict[str, str], Keyed(frozenset(band for _, band in HEADLINE_BANDS), common=("headline",))
    ]
    no_headline: str
    focus_header: str
    lowest: Annotated[str, Uses("dimension", "team")]
    callouts: Annotated[
        dict[str, dict[str, str]],
        Nested(CALLOUT_KINDS, Keyed(frozenset(Dimension), common=CALLOUT_PLACEHOLDERS)),
    ]
    action: Annotated[str, Uses("action", required=("action",))]
    actions: Annotated[dict[str, str], Keyed(frozenset(Dimension))]
    agreement: Annotated[dict[str, str], Keyed(AGREEMENT_BANDS, common=("rwg",))]
    no_agreement: str
    chart_caption: str
    departments: Annotated[str, Uses("departments")]
    department: Annotated[str, Uses("name", "headline", "n")]
    hidden: Annotated[str, Uses("count")]
    comments_header: str
    themes_header: Annotated[str, Uses("comments")]
    theme: Annotated[str, Uses("label", "mentions", "comments", "sentiment")]
    sentiments: Annotated[dict[str, str], Keyed(frozenset(Sentiment))]
    echoes_header: str
    chart_title: Annotated[str, Uses("business", "round")]
    profile_title: str
    history_title: str
    team_label: str
    owner_label: str
    empty_history: str
    round_label: Annotated[str, Uses("round")]
    csv_caption: Annotated[str, Uses("business")]
    member_header: Annotated[str, Uses("business", "round", "respondents")]
    member_none: Annotated[str, Uses("business", "threshold")]


class SelfCheckTexts(_Texts):
    """The owner's own self-check in short, right after it."""

    summary: Annotated[str, Uses("strongest", "weakest", "high", "low")]
    even: Annotated[str, Uses("level")]
    joiner: str


class QuarterlyTexts(_Texts):
    """The quarterly review: what the quarter showed, and the owner's SWOT shown back."""

    intro: Annotated[str, Uses("business")]
    headline: Annotated[str, Uses("before", "after", required=("before", "after"))]
    dimension: Annotated[str, Uses("dimension", "before", "after", required=("before", "after"))]
    reached: Annotated[str, Uses("goals", required=("goals",))]
    missed: Annotated[str, Uses("goals", required=("goals",))]
    no_figures: str
    outro: str
    joiner: str
    swot_intro: str
    swot: Annotated[dict[str, str], Keyed(frozenset(SWOT), common=("line",))]


class ErrorTexts(_Texts):
    """Replies to input the bot cannot use."""

    private_only: str
    unknown_command: str
    did_you_mean: Annotated[str, Uses("command", required=("command",))]
    not_text: str
    internal: str


class ProfileTexts(_Texts):
    """What Telegram shows about the bot before the first /start; Telegram's length limits."""

    description: Annotated[str, Field(max_length=512)]
    short_description: Annotated[str, Field(max_length=120)]


class HelpTexts(_Texts):
    """/help for each role, around that role's command list."""

    newcomer: Annotated[str, Uses("commands")]
    owner: Annotated[str, Uses("commands")]
    member: Annotated[str, Uses("commands")]
    both: Annotated[str, Uses("commands")]


class Keywords(_Texts):
    """Words in free text that point to a topic; the first topic with a match wins."""

    report: tuple[str, ...]
    pulse: tuple[str, ...]
    invite: tuple[str, ...]
    help: tuple[str, ...]


class RoleAnswers(_Texts):
    """One topic's short answer for each role that has commands."""

    owner: str
    member: str
    both: str


class GuideAnswers(_Texts):
    """The answer to free text outside a check-in, by topic; ``help`` when nothing matches."""

    report: RoleAnswers
    pulse: RoleAnswers
    invite: RoleAnswers
    help: RoleAnswers


class GuideTexts(_Texts):
    """Free text outside a check-in: keywords to topics, and each topic's answer per role."""

    keywords: Keywords
    answers: GuideAnswers


class RhythmTexts(_Texts):
    """What the tick sends: check-in prompts, reminders and digests."""

    checkin_prompt: Annotated[str, Uses("business", "topics")]
    joiner: str
    pulse_reminder: Annotated[str, Uses("business", "closes")]
    digest_intro: Annotated[str, Uses("number")]
    digest_changed: Annotated[str, Uses("before", "after", "change")]
    digest_mover: Annotated[str, Uses("dimension", "change")]
    digest_first: str
    digest_waiting: Annotated[
        dict[str, str],
        Keyed(frozenset(Hold) - {Hold.COVER}, common=("number", "business", "threshold", "next")),
    ]
    next_round: Annotated[str, Uses("date")]


class RestateTexts(_Texts):
    """After a strategy change: the owner's re-check and the line the team's next round opens with."""

    parts: Annotated[dict[str, str], Keyed(frozenset(PARTS))]
    recheck_intro: Annotated[str, Uses("parts", "date")]
    goal: Annotated[str, Uses("title", "confidence")]
    recheck_outro: str
    round_line: Annotated[str, Uses("owner", "parts", "date", "summary", required=("summary",))]
    before_after: Annotated[str, Uses("parts", "date", "levels", required=("levels",))]
    level_change: Annotated[str, Uses("dimension", "before", "after", required=("before", "after"))]
    level_joiner: str


class CommitmentTexts(_Texts):
    """Committing to an action after a report, the team's word of it, and the follow-up."""

    ask_what: Annotated[str, Uses("dimension", "suggestion", required=("suggestion",))]
    ask_due: str
    ask_message: Annotated[str, Uses("suggestion", required=("suggestion",))]
    committed: Annotated[str, Uses("what", "due", "message")]
    check: Annotated[str, Uses("what", "due")]
    round_said: Annotated[str, Uses("said", required=("said",))]
    actions_header: str
    actions_empty: str
    action_line: Annotated[str, Uses("what", "dimension", "due", "state")]
    before_after: Annotated[str, Uses("dimension", "before", "after")]
    figure: Annotated[str, Uses("level", "n", "agreement")]
    states: Annotated[dict[str, str], Keyed(STATES)]
    message: Annotated[str, Uses("said", "what", "due")]
    said: Annotated[dict[str, str], Keyed(frozenset(Dimension))]


class CoachTexts(_Texts):
    """The coach's weekly insight after the digest; its words come from the coach itself."""

    insight: Annotated[
        str,
        Uses("business", "finding", "why", "actions", required=("finding", "why", "actions")),
    ]
    action: Annotated[str, Uses("text", "due", required=("text", "due"))]


class NudgeTexts(_Texts):
    """A reassessment nudge: what changed, what it usually means, one next step."""

    changed: Annotated[
        dict[str, str],
        Keyed(
            WORDINGS,
            {
                "score_drop": ("before", "after"),
                "low_agreement": (),
                "gap_widened": ("gap",),
                "goal_drift": ("progress", "elapsed"),
                "goal_drift_confidence": ("before", "after"),
                "owner_silent": ("days",),
                "low_participation": ("percent",),
            },
            common=("subject",),
        ),
    ]
    meaning: Annotated[dict[str, str], Keyed(frozenset(Kind))]
    next_step: Annotated[dict[str, str], Keyed(frozenset(Kind))]


class UiTexts(_Texts):
    """All of prompts/ui.yaml."""

    profile: ProfileTexts
    commands: dict[str, str]
    help: HelpTexts
    first_contact: Annotated[str, Uses("first_name")]
    guide: GuideTexts
    notices: Annotated[dict[str, str], Keyed(NOTICES, NOTICE_PLACEHOLDERS, common=NOTICE_COMMON)]
    rejected: Annotated[dict[str, str], Keyed(REASONS, REJECTED_PLACEHOLDERS)]
    buttons: Buttons
    prompt: PromptTexts
    review: ReviewTexts
    strategy: StrategyTexts
    finished: Annotated[str, Uses("outro")]
    dimensions: Annotated[dict[str, str], Keyed(frozenset(Dimension))]
    team: TeamTexts
    settings: SettingsTexts
    report: ReportTexts
    rhythm: RhythmTexts
    restate: RestateTexts
    commitments: CommitmentTexts
    coach: CoachTexts
    nudges: NudgeTexts
    self_check: SelfCheckTexts
    quarterly: QuarterlyTexts
    errors: ErrorTexts


def load_texts(path: Path) -> UiTexts:
    """Parse ui.yaml; a missing or malformed entry stops start-up with its name."""
    return load_yaml(path, UiTexts)
