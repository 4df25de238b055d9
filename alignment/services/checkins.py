"""Running check-ins: every call loads the cursor from the database, changes it and commits.

Nothing about a conversation lives in process memory, so a restart or a second process
continues exactly where the owner left off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum, auto
from typing import TYPE_CHECKING

from alignment.coach.reviews import ReviewCoach, Subject
from alignment.questionnaire import (
    AnswerValue,
    InvalidAnswer,
    Plan,
    Question,
    QuestionType,
    RepeatItem,
    ReviewKind,
    ScriptCatalog,
    Step,
    parse_choice,
    parse_text,
)
from alignment.questionnaire.validation import check_selection, choices
from alignment.reviewers import Advice, GoalDraft, GoalKind, Review, Reviewers
from alignment.services import journey, quarterly
from alignment.services.clock import Clock
from alignment.services.distractors import DistractorWriter, SavedGoals
from alignment.services.events import (
    AskTopGoal,
    Event,
    Finished,
    FirstContact,
    Idle,
    Notice,
    Person,
    Prompt,
    Rejected,
    Reviewed,
    Role,
    RoleChanged,
    Started,
    SuggestInvite,
)
from alignment.services.progress import NOT_SHOWN, Waiting
from alignment.services.roles import role_of
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import CheckIn, StrategyVersion, User, Workspace
from storage.repositories import Repositories
from storage.repositories.checkins import ACTIVE, CANCELLED, COMPLETED

if TYPE_CHECKING:
    from alignment.team.filing import PulseFiler

PULSE = "pulse"
"""The script team members answer in every round."""


class Action(Enum):
    """What a button press asks for; the edge maps its callback codes onto these."""

    ANSWER = auto()
    TOGGLE = auto()
    DONE = auto()
    SKIP = auto()
    KEEP_CURRENT = auto()
    KEEP_REVIEWED = auto()
    REWRITE = auto()
    USE_SUGGESTION = auto()
    BACK = auto()


GOAL_TITLE = "title"
"""The goal question a goal review's suggested rewrite answers."""


@dataclass(frozen=True)
class _Waiting:
    """A review this turn left waiting, to advise on once its transaction has committed."""

    checkin_id: int
    step: int
    key: str
    review: Review
    subject: Subject
    question: Question
    """The question the suggested rewrite answers; a rewrite it would refuse is not offered."""
    workspace_id: int


@dataclass
class _Turn:
    """Everything one update needs, loaded inside its transaction."""

    repos: Repositories
    user: User
    workspace: Workspace | None
    strategy: StrategyVersion | None
    checkin: CheckIn | None
    plan: Plan | None
    today: date
    waiting: _Waiting | None = None
    saved: SavedGoals | None = None
    """A strategy version with goals this turn added, to write recall distractors for."""

    @property
    def answers(self) -> dict[str, AnswerValue]:
        return journey.answers_of(self.checkin) if self.checkin else {}

    @property
    def open(self) -> tuple[CheckIn, Plan]:
        """The open check-in and its plan; callers have already checked there is one."""
        if self.checkin is None or self.plan is None:
            raise RuntimeError("no open check-in in this turn")
        return self.checkin, self.plan


class CheckInService:
    """The owner's conversations: start, answer, review, cancel."""

    def __init__(
        self,
        sessions: Sessions,
        scripts: ScriptCatalog,
        reviewers: Reviewers,
        coach: ReviewCoach,
        filer: PulseFiler,
        clock: Clock,
        distractors: DistractorWriter,
    ) -> None:
        self._sessions = sessions
        self._scripts = scripts
        self._reviewers = reviewers
        self._coach = coach
        self._filer = filer
        self._distractors = distractors
        self._clock = clock
        self._onboarding_length = journey.onboarding_length(scripts)

    async def welcome(self, person: Person) -> list[Event]:
        """/start: continue, welcome back, or ask a newcomer whether they set up or join."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            if turn.checkin is not None:
                return [Notice("welcome_back"), *self._show(turn)]
            if turn.workspace is None and await _on_a_team(turn):
                return [Notice("welcome_back_member")]
            if turn.workspace is None:
                return [FirstContact()]
            return [Notice("welcome_back_idle", {"business": turn.workspace.name})]

    async def set_up(self, person: Person) -> list[Event]:
        """The first-contact question's set-up button: only now is set-up created."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            if turn.checkin is not None:
                title = self._scripts[turn.checkin.script_id].title
                return [Notice("resuming", {"title": title}), *self._show(turn)]
            if turn.workspace is not None:
                return [Notice("welcome_back_idle", {"business": turn.workspace.name})]
            length = {"questions": self._onboarding_length}
            return [Notice("welcome", length), *await self._begin(turn, journey.SETUP)]

    async def start(self, person: Person, script_id: str | None = None) -> list[Event]:
        """/checkin: continue the open check-in or begin the one that is due (or asked for)."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            if turn.checkin is not None:
                title = self._scripts[turn.checkin.script_id].title
                return [Notice("resuming", {"title": title}), *self._show(turn)]
            if turn.workspace is None and await _on_a_team(turn):
                return [Notice("member_no_checkin")]
            if turn.workspace is None:
                return [FirstContact()]
            completed = await turn.repos.checkins.last_completed(turn.user.id)
            has_goals = bool(turn.strategy and turn.strategy.goals)
            chosen = script_id or journey.next_script(completed, has_goals)
            if chosen == journey.SETUP:
                chosen = journey.next_script(completed, has_goals)
            if chosen == journey.GOAL_PROGRESS and not has_goals:
                chosen = journey.GOALS
            return await self._begin(turn, chosen)

    async def current(self, person: Person) -> list[Event]:
        """Show the open question again, for example after a sticker instead of an answer."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            return self._show(turn) if turn.checkin else [await self._nothing_open(turn)]

    async def answer_text(
        self, person: Person, text: str, shown: Waiting = NOT_SHOWN
    ) -> list[Event]:
        """A typed answer; a review it leaves waiting is advised on after its transaction.

        ``shown.waiting()`` comes first when a model will be asked, so the owner sees "typing…".
        """
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            events = await self._typed(turn, text)
        return await self._committed(turn, events, shown)

    async def press(
        self, person: Person, action: Action, checkin_id: int, step_no: int, arg: int | None
    ) -> list[Event]:
        """A button press; the callback carries no authority, so everything is re-checked."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            events = await self._pressed(turn, action, checkin_id, step_no, arg)
        return await self._committed(turn, events)

    async def _typed(self, turn: _Turn, text: str) -> list[Event]:
        if turn.checkin is None:
            role = await role_of(turn.repos, turn.user.id)
            return [FirstContact() if role is Role.NEWCOMER else Idle(role, text)]
        if turn.checkin.pending_review is not None:
            return await self._rewrite_typed(turn, turn.checkin.pending_review, text)
        step = self._open_step(turn)
        if step is None:
            return await self._advance(turn)
        try:
            value = parse_text(step.question, text, turn.today)
        except InvalidAnswer as refusal:
            return [Rejected(refusal.reason, refusal.params), self._prompt(turn, step)]
        return await self._accept(turn, step, value)

    async def _pressed(
        self, turn: _Turn, action: Action, checkin_id: int, step_no: int, arg: int | None
    ) -> list[Event]:
        checkin = turn.checkin
        if checkin is None or checkin.id != checkin_id or checkin.step != step_no:
            return [Notice("stale_button"), *(self._show(turn) if checkin else [])]
        if checkin.pending_review is not None:
            return await self._decide_review(turn, checkin.pending_review, action)
        step = self._open_step(turn)
        if step is None:
            return await self._advance(turn)
        try:
            return await self._press_on_step(turn, step, action, arg)
        except InvalidAnswer as refusal:
            return [Rejected(refusal.reason, refusal.params), self._prompt(turn, step)]

    async def _committed(
        self, turn: _Turn, events: list[Event], shown: Waiting = NOT_SHOWN
    ) -> list[Event]:
        """The model's part of a committed turn: review advice, then recall distractors."""
        events = await self._advised(turn, events, shown)
        await self._distractors.write(turn.saved)
        return events

    async def _advised(
        self, turn: _Turn, events: list[Event], shown: Waiting = NOT_SHOWN
    ) -> list[Event]:
        """Ask the coach about a review the committed turn left waiting, then keep its advice.

        This runs after the answer's transaction, so the model is never called while a row is
        locked; the advice is stored in a second short transaction only if the review still
        waits at the same step, and shown with it. Offline advice takes no time at all.
        """
        waiting = turn.waiting
        if waiting is None:
            return events
        if self._coach.asks_model:
            await shown.waiting()
        advice = await self._coach.advise(
            waiting.subject, waiting.review, workspace=waiting.workspace_id
        )
        if advice is None:
            return events
        if advice.rewrite is not None and not _fits(waiting.question, advice.rewrite, turn.today):
            advice = replace(advice, rewrite=None)
        async with self._sessions.begin() as session:
            kept = await Repositories(session).checkins.suggest(
                waiting.checkin_id, waiting.step, waiting.key, _stored(advice)
            )
        if not kept:
            return events
        return [
            replace(event, advice=advice)
            if isinstance(event, Reviewed) and event.step == waiting.step and not event.moving_on
            else event
            for event in events
        ]

    async def cancel(self, person: Person) -> list[Event]:
        """/cancel: close the open check-in, keeping and applying what was answered."""
        async with self._sessions.begin() as session:
            turn = await self._load(Repositories(session), person)
            checkin = turn.checkin
            if checkin is None:
                return [Notice("nothing_to_cancel")]
            if checkin.script_id == journey.SETUP:
                return [Notice("setup_required")]
            if checkin.round_id is not None:
                await turn.repos.checkins.remove(checkin)
                return [Notice("pulse_cancelled")]
            turn.saved = SavedGoals.of(await self._close(turn.repos, checkin, turn.strategy))
            events: list[Event] = [
                Notice("cancelled", {"title": self._scripts[checkin.script_id].title})
            ]
        return await self._committed(turn, events)

    async def set_aside(self, repos: Repositories, user: User) -> list[Event]:
        """An invite link wins over the person's own check-in, inside the caller's transaction.

        A set-up with no business yet is discarded; any other owner check-in is closed as
        /cancel would, keeping its answers (a strategy version saved here gets no written
        distractors: its recall uses the bank). A pulse of another team stays open.
        """
        checkin = await repos.checkins.active_for(user.id)
        if checkin is None or checkin.round_id is not None:
            return []
        if checkin.script_id == journey.SETUP:
            await repos.checkins.remove(checkin)
            return []
        workspace_id = checkin.workspace_id
        strategy = await repos.strategy.current(workspace_id) if workspace_id else None
        await self._close(repos, checkin, strategy)
        return [Notice("checkin_paused", {"title": self._scripts[checkin.script_id].title})]

    async def _close(
        self, repos: Repositories, checkin: CheckIn, strategy: StrategyVersion | None
    ) -> StrategyVersion | None:
        """Cancel an owner check-in and apply what was answered; the version it saved, if any."""
        now = self._clock.now()
        checkin.status = CANCELLED
        checkin.updated_at = now
        checkin.pending_review = None
        return await journey.apply(repos, checkin, strategy, now)

    async def begin_pulse(
        self, repos: Repositories, person: Person, workspace: Workspace, round_id: int
    ) -> list[Event]:
        """Start a member's answers to a round, inside the caller's transaction."""
        turn = await self._load(repos, person)
        if turn.checkin is not None:
            title = self._scripts[turn.checkin.script_id].title
            return [Notice("resuming", {"title": title}), *self._show(turn)]
        turn.workspace = workspace
        turn.strategy = await repos.strategy.current(workspace.id)
        return await self._begin(turn, PULSE, round_id)

    # -- one turn -------------------------------------------------------------------------

    async def _load(self, repos: Repositories, person: Person) -> _Turn:
        """The person's open check-in and the workspace it belongs to (theirs, or a team's)."""
        now = self._clock.now()
        user = await repos.users.upsert(person.external_id, person.first_name, now)
        checkin, workspace = await repos.checkins.active_with_workspace(user.id) or (None, None)
        if checkin is None or checkin.workspace_id is None:
            workspace = await repos.workspaces.owned_by(user.id)
        strategy = await repos.strategy.current(workspace.id) if workspace else None
        today = now.astimezone(tzinfo_for(workspace.timezone)).date() if workspace else now.date()
        turn = _Turn(repos, user, workspace, strategy, checkin, None, today)
        if checkin is not None:
            turn.plan = await self._plan(repos, user.id, checkin, strategy)
        return turn

    async def _first_run(self, repos: Repositories, user_id: int, script_id: str) -> bool:
        """Whether a script with brief questions has never been completed, so asks only those."""
        if not self._scripts[script_id].has_brief:
            return False
        return script_id not in await repos.checkins.last_completed(user_id)

    async def _plan(
        self, repos: Repositories, user_id: int, checkin: CheckIn, strategy: StrategyVersion | None
    ) -> Plan:
        """What the check-in walks: a round's own questions, or the script (brief on a first run)."""
        goals = strategy.goals if strategy else []
        items = [RepeatItem(str(g.id), g.title) for g in goals]
        if checkin.round_id is not None:
            asked = await repos.pulses.items_of(checkin.round_id)
            return Plan(self._filer.script_for(strategy, checkin.id, asked), items)
        script = self._scripts[checkin.script_id]
        brief = await self._first_run(repos, user_id, checkin.script_id)
        return Plan(script.brief() if brief else script, items)

    async def _nothing_open(self, turn: _Turn) -> Notice:
        member = turn.workspace is None and await _on_a_team(turn)
        return Notice("member_no_checkin" if member else "no_checkin")

    def _open_step(self, turn: _Turn) -> Step | None:
        return turn.open[1].next_step(turn.answers)

    async def _begin(self, turn: _Turn, script_id: str, round_id: int | None = None) -> list[Event]:
        now = self._clock.now()
        script = self._scripts[script_id]
        turn.checkin = await turn.repos.checkins.add(
            CheckIn(
                user_id=turn.user.id,
                workspace_id=turn.workspace.id if turn.workspace else None,
                script_id=script_id,
                round_id=round_id,
                status=ACTIVE,
                step=1,
                answers=[],
                started_at=now,
                updated_at=now,
            )
        )
        turn.plan = await self._plan(turn.repos, turn.user.id, turn.checkin, turn.strategy)
        intro = turn.plan.script.intro
        return [Started(script.title, intro), *await self._advance(turn, bump=False)]

    async def _press_on_step(
        self, turn: _Turn, step: Step, action: Action, arg: int | None
    ) -> list[Event]:
        checkin = turn.open[0]
        question = step.question
        if action == Action.ANSWER and arg is not None:
            return await self._accept(turn, step, parse_choice(question, arg))
        if action == Action.TOGGLE and arg is not None and question.type is QuestionType.MULTI:
            value = str(parse_choice(question, arg))
            draft = list(checkin.draft or [])
            checkin.draft = [v for v in draft if v != value] if value in draft else [*draft, value]
            return [self._prompt(turn, step)]
        if action == Action.DONE and question.type is QuestionType.MULTI:
            return await self._accept(turn, step, check_selection(question, checkin.draft or []))
        if action == Action.SKIP and question.optional:
            return await self._accept(turn, step, None)
        if action == Action.BACK:
            previous = turn.open[1].previous(turn.answers)
            if turn.open[1].script.back and previous is not None:
                return await self._go_back(turn, previous)
        if action == Action.KEEP_CURRENT:
            current = self._current_value(turn, step)
            if current is not None:
                return await self._accept(turn, step, current, review=False)
        return [Notice("stale_button"), self._prompt(turn, step)]

    async def _go_back(self, turn: _Turn, previous: Step) -> list[Event]:
        """Ask the previous question again, saying what was answered (ticks stay ticked)."""
        checkin = turn.open[0]
        value = turn.answers.get(previous.key)
        await turn.repos.checkins.delete_answers(checkin, [previous.key])
        if previous.question.type is QuestionType.MULTI and isinstance(value, list):
            checkin.draft = value
        earlier = _shown(previous, value)
        return [
            replace(event, earlier=earlier) if isinstance(event, Prompt) else event
            for event in await self._advance(turn)
        ]

    async def _accept(
        self, turn: _Turn, step: Step, value: AnswerValue, *, review: bool = True
    ) -> list[Event]:
        checkin = turn.open[0]
        question = step.question
        await turn.repos.checkins.set_answer(
            checkin,
            key=step.key,
            question_id=question.id,
            value=value,
            dimension=question.dimension.value if question.dimension else None,
            reverse=question.reverse,
            now=self._clock.now(),
        )
        checkin.draft = None
        reviewed = self._reviewed_key(turn, step) if review else None
        if reviewed is None:
            return await self._advance(turn)
        return await self._check(turn, reviewed)

    def _reviewed_key(self, turn: _Turn, step: Step) -> str | None:
        """The answer to review now that this step is answered, if any.

        A reviewed question is reviewed when answered. A goal field asked again by a rewrite
        sends the whole goal back to review once its last missing field is answered.
        """
        if step.question.review is not None:
            return step.key
        if step.is_more:
            return None
        plan, answers = turn.open[1], turn.answers
        keys = plan.same_pass(step.key)
        goal = [key for key in keys if _reviews(plan, key) is ReviewKind.GOAL]
        if goal and all(key in answers for key in keys):
            return goal[0]
        return None

    async def _check(self, turn: _Turn, key: str) -> list[Event]:
        """Review an answer: wait for Keep or Rewrite only while a check is open.

        An answer the reviewers cannot read (not English) is kept as written, with a note
        saying why there is no review, rather than a review that would be wrong.
        """
        checkin = turn.open[0]
        review = self._review(turn, key)
        if review is None:
            checkin.pending_review = None
            return [Notice("review_english_only"), *await self._advance(turn)]
        if review.passed:
            checkin.pending_review = None
            passed = Reviewed(checkin.id, checkin.step, review, moving_on=True)
            return [passed, *await self._advance(turn)]
        checkin.pending_review = key
        checkin.step += 1
        if checkin.workspace_id is not None:
            turn.waiting = _Waiting(
                checkin.id,
                checkin.step,
                key,
                review,
                self._subject(turn, key),
                self._suggestion_step(turn, key).question,
                checkin.workspace_id,
            )
        return [Reviewed(checkin.id, checkin.step, review)]

    async def _decide_review(self, turn: _Turn, key: str, action: Action) -> list[Event]:
        checkin = turn.open[0]
        suggestion = _advice_of(checkin)
        if action == Action.USE_SUGGESTION and suggestion and suggestion.ready:
            return await self._use_suggestion(turn, key, str(suggestion.rewrite))
        if action == Action.KEEP_REVIEWED:
            checkin.pending_review = checkin.draft = None
            return await self._advance(turn)
        if action == Action.REWRITE:
            await turn.repos.checkins.delete_answers(checkin, self._rewrite_keys(turn, key))
            checkin.pending_review = checkin.draft = None
            return [Notice("rewrite"), *await self._advance(turn)]
        return [Notice("stale_button"), self._reviewed(turn, key)]

    async def _use_suggestion(self, turn: _Turn, key: str, rewrite: str) -> list[Event]:
        """The suggested rewrite becomes the answer, and is reviewed again like a typed one."""
        step = self._suggestion_step(turn, key)
        value = parse_text(step.question, rewrite, turn.today)  # it fit when it was stored
        turn.open[0].pending_review = None
        return await self._accept(turn, step, value)

    def _suggestion_step(self, turn: _Turn, key: str) -> Step:
        """What a suggested rewrite answers: the reviewed text, or the reviewed goal's title."""
        plan = turn.open[1]
        if _reviews(plan, key) is ReviewKind.GOAL:
            key = next(k for k in plan.same_pass(key) if _question_id(plan, k) == GOAL_TITLE)
        step = plan.find(key)
        if step is None:
            raise LookupError(f"no step at {key!r}")
        return step

    async def _rewrite_typed(self, turn: _Turn, key: str, text: str) -> list[Event]:
        """Text typed at a review is the rewrite: the answer to the first question it asks.

        The other questions the rewrite asks (a goal's metric and target after its title)
        follow, and the answer is reviewed again. A refused answer changes nothing.
        """
        checkin, plan = turn.open
        first, *others = self._rewrite_keys(turn, key)
        step = plan.find(first)
        if step is None:
            raise LookupError(f"no step at {first!r}")
        try:
            value = parse_text(step.question, text, turn.today)
        except InvalidAnswer as refusal:
            return [Rejected(refusal.reason, refusal.params)]
        await turn.repos.checkins.delete_answers(checkin, others)
        checkin.pending_review = None
        return await self._accept(turn, step, value)

    def _rewrite_keys(self, turn: _Turn, key: str) -> list[str]:
        """What a rewrite asks again: the reviewed answer, or only the goal fields that need it."""
        plan = turn.open[1]
        if _reviews(plan, key) is not ReviewKind.GOAL:
            return [key]
        review = self._review(turn, key)
        fields = review.rewrite if review else ()
        keys = [k for k in plan.same_pass(key) if _question_id(plan, k) in fields]
        return keys or [key]

    async def _advance(self, turn: _Turn, *, bump: bool = True) -> list[Event]:
        """Move the cursor to the next unanswered step, or finish the check-in."""
        checkin, plan = turn.open
        now = self._clock.now()
        checkin.updated_at = now
        if bump:
            checkin.step += 1
        step = plan.next_step(turn.answers)
        if step is not None:
            checkin.cursor = step.key
            return [self._prompt(turn, step)]
        return await self._finish(turn)

    async def _finish(self, turn: _Turn) -> list[Event]:
        checkin = turn.open[0]
        now = self._clock.now()
        if checkin.round_id is not None and turn.workspace is not None:
            refusal = await self._filer.file(
                turn.repos, checkin, turn.workspace, turn.strategy, now, turn.user.telegram_id
            )
            script = self._scripts[checkin.script_id]
            return [refusal or Finished(script.id, script.title, script.outro)]
        before = await turn.repos.checkins.last_completed(turn.user.id)
        checkin.status, checkin.completed_at, checkin.cursor = COMPLETED, now, None
        turn.saved = SavedGoals.of(await journey.apply(turn.repos, checkin, turn.strategy, now))
        script = self._scripts[checkin.script_id]
        events: list[Event] = [Finished(script.id, script.title, script.outro)]
        if script.id == journey.SETUP and checkin.workspace_id is not None:
            role = await role_of(turn.repos, turn.user.id)
            events.append(RoleChanged(turn.user.telegram_id, role))
        if script.id == journey.GOALS and checkin.workspace_id is not None:
            strategy = await turn.repos.strategy.current(checkin.workspace_id)
            if strategy is not None and len(strategy.goals) > 1:
                goals = tuple((g.id, g.position, g.title) for g in strategy.goals)
                events.append(AskTopGoal(goals))
        summary = journey.self_check_summary(script, turn.answers)
        if summary is not None:
            events.append(summary)
        shown_back, revise = quarterly.after(script.id, turn.answers)
        events += shown_back
        completed = {**before, script.id: now}
        successor = journey.GOALS if revise else journey.onboarding_successor(script.id, completed)
        if successor is not None and (revise or script.id not in before):
            fresh = await self._load(
                turn.repos, Person(turn.user.telegram_id, turn.user.first_name)
            )
            return [*events, *await self._begin(fresh, successor)]
        if script.id in journey.ONBOARDING and script.id not in before and successor is None:
            events.append(SuggestInvite())
        return events

    # -- rendering helpers ----------------------------------------------------------------

    def _show(self, turn: _Turn) -> list[Event]:
        """The open question or review, as it stands."""
        checkin = turn.open[0]
        if checkin.pending_review is not None:
            return [self._reviewed(turn, checkin.pending_review)]
        step = self._open_step(turn)
        return [self._prompt(turn, step)] if step else []

    def _prompt(self, turn: _Turn, step: Step) -> Prompt:
        checkin, plan = turn.open
        question = step.question
        current = self._current_value(turn, step)
        done, total = plan.progress(turn.answers)
        return Prompt(
            checkin_id=checkin.id,
            step=checkin.step,
            text=step.text,
            hint=step.hint,
            type=question.type,
            choices=choices(question),
            optional=question.optional,
            current=", ".join(current) if isinstance(current, list) else current,
            selected=tuple(checkin.draft or ()),
            position=(min(done + 1, total), total),
            can_go_back=plan.script.back and plan.previous(turn.answers) is not None,
            limit=question.max_length if question.type is QuestionType.TEXT else None,
        )

    def _current_value(self, turn: _Turn, step: Step) -> str | list[str] | None:
        """What the strategy says today for a question the owner may keep as it is."""
        field = step.question.keep_current
        strategy = turn.strategy
        if field is None or strategy is None:
            return None
        current = {
            "vision": strategy.vision,
            "mission": strategy.mission,
            "values": strategy.values,
        }
        value = current.get(field)
        return value or None

    def _reviewed(self, turn: _Turn, key: str) -> Reviewed:
        checkin = turn.open[0]
        review = self._review(turn, key)
        if review is None:
            raise LookupError(f"the answer at {key!r} was never reviewed")
        return Reviewed(checkin.id, checkin.step, review, advice=_advice_of(checkin))

    def _subject(self, turn: _Turn, key: str) -> Subject:
        """What the coach is told about a reviewed answer: the text, or the goal and vision."""
        plan = turn.open[1]
        kind = _reviews(plan, key)
        if kind is None:
            raise LookupError(f"no reviewed question at {key!r}")
        if kind is ReviewKind.GOAL:
            vision = turn.strategy.vision if turn.strategy else None
            return Subject(kind, turn.today, goal=self._goal_draft(turn, key), vision=vision)
        return Subject(kind, turn.today, text=str(turn.answers.get(key)))

    def _goal_draft(self, turn: _Turn, key: str) -> GoalDraft:
        plan = turn.open[1]
        draft = journey.goal_draft(journey.by_question(turn.answers, plan.same_pass(key)))
        if draft is None:
            raise LookupError(f"goal at {key!r} is not fully answered")
        return draft

    def _review(self, turn: _Turn, key: str) -> Review | None:
        """The review of an answer, or None when it is not in a language the reviewers read."""
        plan = turn.open[1]
        step = plan.find(key)
        if step is None or step.question.review is None:
            raise LookupError(f"no reviewed question at {key!r}")
        reviewers, kind = self._reviewers, step.question.review
        value = turn.answers.get(key)
        if kind is ReviewKind.GOAL:
            draft = self._goal_draft(turn, key)
            if not reviewers.reads(
                "\n".join((draft.title, draft.metric, draft.target, draft.serves))
            ):
                return None
            vision = turn.strategy.vision if turn.strategy else None
            return reviewers.review_goal(draft, vision, turn.today)
        if kind is ReviewKind.VALUES:
            values = value if isinstance(value, list) else []
            return reviewers.review_values(values) if reviewers.reads("\n".join(values)) else None
        text = str(value)
        if not reviewers.reads(text):
            return None
        if kind is ReviewKind.MISSION:
            return reviewers.review_mission(text)
        return reviewers.review_vision(text, turn.today)


def _reviews(plan: Plan, key: str) -> ReviewKind | None:
    """Which reviewer looks at the answer at this key, if any."""
    step = plan.find(key)
    return step.question.review if step else None


def _question_id(plan: Plan, key: str) -> str | None:
    step = plan.find(key)
    return step.question.id if step else None


def _fits(question: Question, text: str, today: date) -> bool:
    """Whether the question would accept the text as typed, so the suggestion can be used."""
    try:
        parse_text(question, text, today)
    except InvalidAnswer:
        return False
    return True


def _stored(advice: Advice) -> list[str]:
    """Advice as the check-in's ``draft`` holds it while a review waits: kind, rewrite."""
    return [advice.kind.value if advice.kind else "", advice.rewrite or ""]


def _advice_of(checkin: CheckIn) -> Advice | None:
    """The advice stored by ``_stored``, if any; ``draft`` holds nothing else during a review."""
    if checkin.pending_review is None or not checkin.draft or len(checkin.draft) != 2:
        return None
    kind, rewrite = checkin.draft
    return Advice(rewrite or None, GoalKind(kind) if kind else None)


def _shown(step: Step, value: AnswerValue) -> str | None:
    """An answer as the person gave it: the label of a button, the text or the list typed."""
    if value is None:
        return None
    labels = {str(choice.value): choice.label for choice in choices(step.question)}
    items = value if isinstance(value, list) else [value]
    return ", ".join(labels.get(str(item), str(item)) for item in items)


async def _on_a_team(turn: _Turn) -> bool:
    """Whether the person is a team member; asked only where the reply depends on it."""
    return bool(await turn.repos.team.memberships_of(turn.user.id))
