"""The owner's path through check-ins: what comes next, and what a finished one changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime

from alignment.prompt_files import PromptFileError
from alignment.questionnaire import AnswerValue, QuestionType, Script, ScriptCatalog
from alignment.reviewers import GoalDraft
from alignment.scoring import Item, owner_levels, whole
from alignment.services import quarterly
from alignment.services.events import SelfCheckSummary
from alignment.team.items import COMMENT, ECHO, PRIORITIES, RECALL
from alignment.team.recall import SOURCE
from storage.models import CheckIn, Goal, GoalProgress, StrategyVersion, Workspace
from storage.repositories import Repositories

SETUP = "setup"
VISION = "vision"
GOALS = "goals"
GOAL_PROGRESS = "goal_progress"
COMMUNICATION = "communication"
SELF_ASSESSMENT = "self_assessment"
PULSE = "pulse"

ONBOARDING = (SETUP, VISION, GOALS, SELF_ASSESSMENT)
"""Communication waits for the rotation, so that set-up stays short and ends with the self-check."""
ROTATION = (GOAL_PROGRESS, COMMUNICATION, VISION, SELF_ASSESSMENT)
GOAL_FIELDS = ("title", "metric", "target", "deadline", "confidence", "serves")
REQUIRED_QUESTIONS = {
    SETUP: ("business_name", "industry", "team_size", "timezone"),
    VISION: ("vision", "mission", "values"),
    GOALS: GOAL_FIELDS,
    GOAL_PROGRESS: ("value", "confidence", "blocker"),
    COMMUNICATION: (),
    SELF_ASSESSMENT: (),
    quarterly.QUARTERLY: quarterly.QUESTIONS,
}
"""Scripts and questions whose answers this module reads by id."""


def check_catalog(scripts: ScriptCatalog) -> None:
    """Fail at start-up when a script or question the code reads has been renamed away."""
    pulse_shapes = {
        ECHO: (QuestionType.TEXT, None),
        PRIORITIES: (QuestionType.TEXT, None),
        RECALL: (QuestionType.CHOICE, SOURCE),
        COMMENT: (QuestionType.TEXT, None),
    }
    required = {**REQUIRED_QUESTIONS, PULSE: tuple(pulse_shapes)}
    for script_id, question_ids in required.items():
        if script_id not in scripts:
            raise PromptFileError(
                scripts.directory, f"script {script_id}", "missing; the bot cannot run without it"
            )
        present = {q.id for q in scripts[script_id].questions}
        missing = [q for q in question_ids if q not in present]
        if missing:
            raise PromptFileError(
                scripts.file_of(script_id),
                "questions",
                f"missing {', '.join(missing)}; the bot reads these answers by id",
            )
    pulse = {q.id: q for q in scripts[PULSE].questions}
    for question_id, (kind, source) in pulse_shapes.items():
        question = pulse[question_id]
        if question.type is not kind or question.options_from != source or question.is_list:
            shape = f"with options_from: {source}" if source else "without max_items"
            raise PromptFileError(
                scripts.file_of(PULSE),
                f"question {question_id}",
                f"must be a {kind} question {shape}",
            )


def next_script(completed: Mapping[str, datetime], has_goals: bool) -> str:
    """Onboarding in order first; afterwards the regular check-in that is longest overdue."""
    for script_id in ONBOARDING:
        if script_id not in completed:
            return script_id
    rotation = [s for s in ROTATION if has_goals or s != GOAL_PROGRESS]
    never = [s for s in rotation if s not in completed]
    if never:
        return never[0]
    return min(rotation, key=lambda s: completed[s])


def onboarding_successor(script_id: str, completed: Mapping[str, datetime]) -> str | None:
    """During onboarding, the check-in that follows this one directly."""
    if script_id not in ONBOARDING:
        return None
    later = ONBOARDING[ONBOARDING.index(script_id) + 1 :]
    return next((s for s in later if s not in completed), None)


def onboarding_length(scripts: ScriptCatalog) -> int:
    """The questions set-up asks on its shortest path: one goal, the brief self-check."""
    total = 0
    for script_id in ONBOARDING:
        script = scripts[script_id]
        total += len((script.brief() if script.has_brief else script).questions)
        if script.repeat is not None and script.repeat.more_prompt is not None:
            total += 1  # "add another?"
    return total


def self_check_summary(
    script: Script, answers: Mapping[str, AnswerValue]
) -> SelfCheckSummary | None:
    """The areas the owner rated highest and lowest, as levels the report would show."""
    rated = [
        (Item(q.id, q.dimension, q.reverse), value)
        for q in script.questions
        if q.dimension is not None and type(value := answers.get(q.id)) is int
    ]
    levels = {dimension: whole(level) for dimension, level in owner_levels(rated).items()}
    if script.id != SELF_ASSESSMENT or not levels:
        return None
    high, low = max(levels.values()), min(levels.values())
    return SelfCheckSummary(
        strongest=tuple(d for d, level in levels.items() if level == high),
        weakest=tuple(d for d, level in levels.items() if level == low),
        high=high,
        low=low,
    )


def answers_of(checkin: CheckIn) -> dict[str, AnswerValue]:
    """The answers of a check-in by step key."""
    return {a.key: a.value for a in checkin.answers}


def by_question(answers: Mapping[str, AnswerValue], keys: list[str]) -> dict[str, AnswerValue]:
    """Answers of one pass keyed by question id (``title#2`` becomes ``title``)."""
    out: dict[str, AnswerValue] = {}
    for key in keys:
        if key in answers:
            out[key.split("#")[0].split("@")[0]] = answers[key]
    return out


def goal_draft(fields: Mapping[str, AnswerValue]) -> GoalDraft | None:
    """A goal from the answers of one pass, or None while any of its questions is open."""
    if not all(name in fields for name in GOAL_FIELDS):
        return None
    return GoalDraft(
        title=str(fields["title"]),
        metric=str(fields["metric"]),
        target=str(fields["target"]),
        deadline=date.fromisoformat(str(fields["deadline"])),
        confidence=int(str(fields["confidence"])),
        serves=str(fields["serves"]),
    )


def goal_passes(answers: Mapping[str, AnswerValue]) -> list[GoalDraft]:
    """Every fully answered goal of a goals check-in, in order."""
    passes = (by_question(answers, [f"{name}#{n}" for name in GOAL_FIELDS]) for n in range(1, 11))
    return [draft for fields in passes if (draft := goal_draft(fields)) is not None]


async def apply(
    repos: Repositories, checkin: CheckIn, strategy: StrategyVersion | None, now: datetime
) -> StrategyVersion | None:
    """Turn a closed check-in's answers into workspace, strategy or progress records.

    Works on partial answers too, so /cancel keeps whatever was completed. Returns the
    strategy version it added, if any, for the work that follows its commit.
    """
    answers = answers_of(checkin)
    if checkin.script_id == SETUP:
        await _create_workspace(repos, checkin, answers, now)
    elif checkin.script_id == VISION and checkin.workspace_id is not None:
        values = answers.get("values")
        if any(k in answers for k in ("vision", "mission", "values")):
            return await repos.strategy.add_version(
                checkin.workspace_id,
                vision=_text(answers.get("vision")) or (strategy.vision if strategy else None),
                mission=_text(answers.get("mission")) or (strategy.mission if strategy else None),
                values=list(values) if isinstance(values, list) else _values(strategy),
                goals=_rows(_goals(strategy)),
                now=now,
                top_goal=strategy.top_goal if strategy else None,
            )
    elif checkin.script_id == GOALS and checkin.workspace_id is not None:
        goals = goal_passes(answers)
        if goals:
            return await repos.strategy.add_version(
                checkin.workspace_id,
                vision=strategy.vision if strategy else None,
                mission=strategy.mission if strategy else None,
                values=_values(strategy),
                goals=_rows(goals),
                now=now,
            )
    elif checkin.script_id == GOAL_PROGRESS and strategy is not None:
        await _record_progress(repos, checkin, strategy, answers, now)
    return None


async def _create_workspace(
    repos: Repositories, checkin: CheckIn, answers: Mapping[str, AnswerValue], now: datetime
) -> None:
    needed = ("business_name", "industry", "team_size", "timezone")
    if not all(answers.get(k) for k in needed):
        return
    workspace = await repos.workspaces.add(
        Workspace(
            owner_id=checkin.user_id,
            name=str(answers["business_name"]),
            industry=str(answers["industry"]),
            team_size=str(answers["team_size"]),
            timezone=str(answers["timezone"]),
            created_at=now,
        )
    )
    checkin.workspace_id = workspace.id


async def _record_progress(
    repos: Repositories,
    checkin: CheckIn,
    strategy: StrategyVersion,
    answers: Mapping[str, AnswerValue],
    now: datetime,
) -> None:
    for goal in strategy.goals:
        fields = by_question(
            answers, [f"{q}@{goal.id}" for q in ("value", "confidence", "blocker")]
        )
        value = fields.get("value")
        if not isinstance(value, dict) or "confidence" not in fields:
            continue
        await repos.strategy.add_progress(
            GoalProgress(
                goal_id=goal.id,
                checkin_id=checkin.id,
                value=float(value["value"]),
                is_percent=bool(value["percent"]),
                confidence=int(str(fields["confidence"])),
                blocker=_text(fields.get("blocker")),
                recorded_at=now,
            )
        )


def _text(value: AnswerValue) -> str | None:
    return value if isinstance(value, str) and value else None


def _values(strategy: StrategyVersion | None) -> list[str]:
    return list(strategy.values) if strategy else []


def _goals(strategy: StrategyVersion | None) -> list[GoalDraft]:
    """The current goals, to carry into a new version."""
    if strategy is None:
        return []
    return [
        GoalDraft(g.title, g.metric, g.target, g.deadline, g.confidence, g.serves)
        for g in strategy.goals
    ]


def _rows(drafts: list[GoalDraft]) -> list[Goal]:
    return [Goal(**asdict(draft)) for draft in drafts]
