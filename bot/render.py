"""Turning service events into Telegram messages with inline keyboards."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from telegram import InlineKeyboardMarkup

from alignment.dimensions import Dimension
from alignment.questionnaire import QuestionType
from alignment.reassessment.triggers import Kind
from alignment.reviewers import Advice, Review
from alignment.scoring import whole
from alignment.services import (
    Event,
    Finished,
    Notice,
    Prompt,
    Rejected,
    Reviewed,
    Started,
)
from alignment.services.checkins import Action
from alignment.services.events import (
    ActionsPage,
    AskTopGoal,
    AwayChoice,
    CheckinPrompt,
    CloseConfirmation,
    CoachAnswer,
    CoachInsight,
    CommitmentAsk,
    CommitmentCheck,
    Committed,
    DepartmentChoice,
    Digest,
    DigestWaiting,
    FirstContact,
    GoalsPage,
    HelpPage,
    Idle,
    InviteLink,
    LeaveChoice,
    LeaveConfirm,
    MemberResults,
    Nudge,
    PrivacyTerms,
    PulseReminder,
    QuarterlyReview,
    Queued,
    ReportDetails,
    ReportTable,
    Role,
    RoleChanged,
    RoundInvitation,
    RoundStatus,
    SelfCheckSummary,
    SettingsPage,
    StrategyChange,
    StrategyRecheck,
    SuggestInvite,
    SwotSummary,
    TeamReport,
    TeamView,
    UnknownCommand,
    VisionPage,
)
from alignment.services.journey import GOALS
from alignment.services.members import NO_DEPARTMENT
from alignment.services.quarterly import QUARTERLY
from bot import guide, keyboards, menus
from bot.callbacks import (
    INVITE_STEP,
    AnswerPulse,
    CheckInButton,
    ChooseDepartment,
    ChooseEntry,
    CloseRound,
    CommitmentDone,
    CommitToAction,
    ConfirmLeave,
    Entry,
    GoAway,
    LeaveTeam,
    MarkTopGoal,
    MenuButton,
    NextStep,
    NudgeAction,
    NudgeButton,
    ShowDetails,
    TakeSuggestion,
    WithdrawInvite,
)
from bot.keyboards import TICK
from bot.outgoing import Document, Outgoing, Photo, Reply
from bot.report_render import ReportRenderer, changed_parts
from bot.settings_render import SettingsRenderer
from bot.strategy_render import StrategyRenderer
from bot.team_render import TeamRenderer
from bot.texts import UiTexts

ROW_OF = {QuestionType.LIKERT5: 5, QuestionType.NUMBER: 5, QuestionType.TIMEZONE: 2}
SHORT_LABEL = 14
CSV_NAME = "northstar-rounds.csv"
QUARTERLY_LENGTH = 600
"""The quarterly review's opening message stays this short; the review itself says the rest."""


class Renderer:
    """Words come from UiTexts; layout decisions live here."""

    def __init__(self, texts: UiTexts, first_name: str = "", bot_username: str = "") -> None:
        self._texts = texts
        self._first_name = first_name
        self._bot_username = bot_username
        self._strategy = StrategyRenderer(texts)
        self._team = TeamRenderer(texts)
        self._reports = ReportRenderer(texts)
        self._settings = SettingsRenderer(texts)

    def events(self, events: Iterable[Event]) -> list[Reply]:
        """Every event as messages, in order."""
        return [reply for event in events for reply in self.event(event)]

    def event(self, event: Event) -> list[Reply]:
        """One event as messages: one text for most; text, round status and chart for a report."""
        texts = self._texts
        match event:
            case RoleChanged() | Queued():
                return []  # the reply path refreshes the menu, or sends the queued messages
            case FirstContact():
                return [self._first_contact()]
            case Idle(role=role, text=text):
                return [Outgoing(guide.answer(text, role, texts.guide))]
            case HelpPage(role=role):
                return [Outgoing(self.help(role))]
            case UnknownCommand(command=command, role=role):
                close = menus.suggestion(command, role)
                errors = texts.errors
                reply = (
                    errors.did_you_mean.format(command=close) if close else errors.unknown_command
                )
                return [Outgoing(reply)]
            case LeaveConfirm(workspace_id=workspace_id, business=business):
                return [self._leave_confirm(workspace_id, business)]
            case Started(title=title, intro=intro):
                return [Outgoing(f"{title}\n\n{intro}")]
            case Prompt():
                return [self.prompt(event)]
            case Rejected(reason=reason, params=params):
                return [Outgoing(texts.rejected[reason].format(**params))]
            case Reviewed():
                return [self._reviewed(event)]
            case Finished(outro=outro):
                return [Outgoing(texts.finished.format(outro=outro))]
            case SelfCheckSummary():
                return [Outgoing(self._self_check(event))]
            case AskTopGoal(goals=goals):
                rows = [
                    [keyboards.button(f"{position}. {title}", MarkTopGoal(goal_id))]
                    for goal_id, position, title in goals
                ]
                return [Outgoing(texts.strategy.ask_top_goal, InlineKeyboardMarkup(rows))]
            case SuggestInvite():
                button = keyboards.single(texts.buttons.invite_team, NextStep(INVITE_STEP))
                return [Outgoing(texts.team.invite_next, button)]
            case Notice(key=key, params=params):
                return [Outgoing(texts.notices[key].format(first_name=self._first_name, **params))]
            case InviteLink():
                return [self._invite(event)]
            case DepartmentChoice():
                return [self._department_choice(event)]
            case RoundStatus():
                return [self._round_status(event)]
            case CloseConfirmation():
                return [self._close_confirmation(event)]
            case LeaveChoice(workspaces=workspaces):
                rows = [[keyboards.button(name, LeaveTeam(wid))] for wid, name in workspaces]
                return [Outgoing(texts.team.leave_question, InlineKeyboardMarkup(rows))]
            case RoundInvitation() | PulseReminder():
                return [self.invitation(event)]
            case SettingsPage():
                return [self.settings(event)]
            case AwayChoice():
                words = texts.buttons
                away = [keyboards.button(words.one_week, GoAway(1))]
                away.append(keyboards.button(words.two_weeks, GoAway(2)))
                return [Outgoing(texts.team.away_question, InlineKeyboardMarkup([away]))]
            case VisionPage(strategy=strategy):
                return [self._strategy.vision(strategy)]
            case GoalsPage(strategy=strategy):
                return [self._strategy.goals(strategy)]
            case TeamView():
                return [Outgoing(self._team.overview(event))]
            case PrivacyTerms():
                return [Outgoing(self._team.privacy(event))]
            case MemberResults():
                return [Outgoing(self._reports.results(event))]
            case TeamReport(open_round=open_round):
                status = [self._round_status(open_round)] if open_round else []
                summary, chart = self._report(self._reports.summary(event), event)
                return [summary, *status, chart]
            case Digest(report=report):
                return list(self._report(self._reports.digest(event), report))
            case DigestWaiting():
                return [Outgoing(self._reports.waiting(event))]
            case CheckinPrompt():
                return [self._checkin_prompt(event)]
            case QuarterlyReview():
                return [self._quarterly(event)]
            case SwotSummary(lines=lines):
                swot = self._texts.quarterly
                shown = [swot.swot[key].format(line=line) for key, line in lines]
                return [Outgoing("\n".join([swot.swot_intro, *shown]))]
            case StrategyRecheck():
                return [Outgoing(self._recheck(event))]
            case Nudge():
                return [self._nudge(event)]
            case ReportDetails(report=report):
                return [Outgoing(self._reports.details(report))]
            case ReportTable():
                csv = self._reports.csv(event)
                return [Document(csv, CSV_NAME, self._reports.csv_caption(event))]
            case CommitmentAsk():
                return [self._commitment_ask(event)]
            case Committed(what=what, due_on=due_on, team_message=message):
                said = texts.commitments.committed
                return [Outgoing(said.format(what=what, due=due_on, message=message))]
            case CommitmentCheck():
                return [self._commitment_check(event)]
            case ActionsPage():
                return [Outgoing(self._actions(event))]
            case CoachInsight():
                return [Outgoing(self._insight(event))]
            case CoachAnswer(text=text):
                return [Outgoing(text)]

    def settings(self, page: SettingsPage) -> Outgoing:
        """The /settings page, for editing the pressed message in place."""
        return self._settings.page(page)

    def invitation(self, event: RoundInvitation | PulseReminder) -> Outgoing:
        """A round's invitation, or its reminder a day later: both have the Answer button."""
        template = (
            self._texts.team.round_invitation
            if isinstance(event, RoundInvitation)
            else self._texts.rhythm.pulse_reminder
        )
        text = template.format(
            business=event.business, number=event.number, closes=event.closes_on.isoformat()
        )
        if isinstance(event, RoundInvitation) and event.changed is not None:
            text = f"{self._change_line(event.changed)}\n\n{text}"
        if isinstance(event, RoundInvitation) and event.said:
            text = f"{self._texts.commitments.round_said.format(said=event.said)}\n\n{text}"
        return Outgoing(
            text, keyboards.single(self._texts.buttons.answer_now, AnswerPulse(event.number))
        )

    def _change_line(self, change: StrategyChange) -> str:
        """What the owner changed, in their words: the first line of the team's next round."""
        return self._texts.restate.round_line.format(
            owner=change.owner,
            parts=changed_parts(self._texts, change),
            date=change.on.isoformat(),
            summary=change.summary,
        )

    def _recheck(self, event: StrategyRecheck) -> str:
        """The owner's re-check: each changed text's review, each new goal's SMART check."""
        words = self._texts.restate
        change = event.change
        blocks = [
            words.recheck_intro.format(
                parts=changed_parts(self._texts, change), date=change.on.isoformat()
            )
        ]
        blocks += [self._review_lines(review) for review in event.reviews]
        for goal in event.goals:
            line = words.goal.format(title=goal.title, confidence=goal.confidence)
            blocks.append(f"{line}\n{self._review_lines(goal.review)}" if goal.review else line)
        blocks.append(words.recheck_outro)
        return "\n\n".join(blocks)

    def _review_lines(self, review: Review) -> str:
        """A review's header, one line per check, and its coaching question."""
        texts = self._texts.review
        lines = [texts.headers[review.kind]]
        for check in review.checks:
            template = texts.passed if check.passed else texts.open
            lines.append(template.format(label=check.label, note=check.note))
        return "\n".join(lines) + f"\n\n{review.question}"

    def _checkin_prompt(self, event: CheckinPrompt) -> Outgoing:
        """The owner's weekly prompt, with one Start button per check-in it offers."""
        words = self._texts.rhythm
        topics = words.joiner.join(title for _, title in event.scripts)
        rows = [[keyboards.button(title, MenuButton(sid))] for sid, title in event.scripts]
        text = words.checkin_prompt.format(business=event.business, topics=topics)
        return Outgoing(text, InlineKeyboardMarkup(rows))

    def _quarterly(self, event: QuarterlyReview) -> Outgoing:
        """What the quarter showed, kept short (the smallest changes go first), and the button."""
        words = self._texts.quarterly
        head = [words.intro.format(business=event.business)]
        if event.headline is not None:
            before, after = event.headline
            head.append(words.headline.format(before=whole(before), after=whole(after)))
        moves = sorted(event.dimensions, key=lambda move: -abs(move[2] - move[1]))
        dimensions = [
            words.dimension.format(
                dimension=self._texts.dimensions[d], before=whole(old), after=whole(new)
            )
            for d, old, new in moves
        ]
        goals = [
            template.format(goals=words.joiner.join(titles))
            for template, titles in ((words.reached, event.reached), (words.missed, event.missed))
            if titles
        ]
        if len(head) == 1 and not dimensions and not goals:
            goals.append(words.no_figures)

        def text() -> str:
            return "\n".join([*head, *dimensions, *goals, words.outro])

        while dimensions and len(text()) > QUARTERLY_LENGTH:
            dimensions.pop()
        start = keyboards.button(self._texts.buttons.start_review, MenuButton(QUARTERLY))
        return Outgoing(text(), InlineKeyboardMarkup([[start]]))

    def _nudge(self, event: Nudge) -> Outgoing:
        """What changed, what it usually means and one next step; a drifting goal's choices."""
        texts = self._texts
        words = texts.nudges
        subject = texts.dimensions.get(event.subject, event.subject)
        changed = words.changed[event.wording].format(subject=subject, **event.figures)
        text = " ".join((changed, words.meaning[event.kind], words.next_step[event.kind]))
        buttons = texts.buttons
        rows = []
        if event.kind == Kind.GOAL_DRIFT:
            rows.append(
                [
                    keyboards.button(buttons.nudge_keep, NudgeButton(NudgeAction.KEEP)),
                    keyboards.button(buttons.nudge_change, MenuButton(GOALS)),
                    keyboards.button(buttons.nudge_drop, NudgeButton(NudgeAction.DROP)),
                ]
            )
        snooze = NudgeButton(NudgeAction.NOT_NOW, Kind(event.kind))
        rows.append([keyboards.button(buttons.nudge_not_now, snooze)])
        return Outgoing(text, InlineKeyboardMarkup(rows))

    def _report(self, text: str, report: TeamReport) -> tuple[Outgoing, Photo]:
        """A report's words with the Details and "Commit to an action" buttons, and its chart."""
        words = self._texts.buttons
        rows = [[keyboards.button(words.details, ShowDetails())]]
        if report.focus is not None:
            rows.append([keyboards.button(words.commit, CommitToAction(report.focus))])
        chart = Photo(partial(self._reports.chart, report), self._reports.chart_caption())
        return Outgoing(text, InlineKeyboardMarkup(rows)), chart

    def _commitment_ask(self, event: CommitmentAsk) -> Outgoing:
        """A question of committing; a tap on "Use this" takes the suggestion."""
        words = self._texts.commitments
        if event.suggestion is None:
            return Outgoing(words.ask_due)
        if event.stage == "what":
            name = self._texts.dimensions[event.dimension]
            text = words.ask_what.format(dimension=name, suggestion=event.suggestion)
        else:
            text = words.ask_message.format(suggestion=event.suggestion)
        take = TakeSuggestion(event.commitment_id, event.stage)
        return Outgoing(text, keyboards.single(self._texts.buttons.take_suggestion, take))

    def _commitment_check(self, event: CommitmentCheck) -> Outgoing:
        """Was it done? Yes or Not yet, asked once after the date."""
        words = self._texts.buttons
        text = self._texts.commitments.check.format(what=event.what, due=event.due_on)
        answers = [
            keyboards.button(words.done_yes, CommitmentDone(event.commitment_id, done=True)),
            keyboards.button(words.done_not_yet, CommitmentDone(event.commitment_id, done=False)),
        ]
        return Outgoing(text, InlineKeyboardMarkup([answers]))

    def _actions(self, page: ActionsPage) -> str:
        """/actions: one line per commitment with its outcome."""
        words = self._texts.commitments
        if not page.actions:
            return words.actions_empty
        lines = [words.actions_header]
        for action in page.actions:
            name = self._texts.dimensions[action.dimension]
            state = words.states[action.state]
            lines.append(
                words.action_line.format(
                    what=action.what, dimension=name, due=action.due_on, state=state
                )
            )
            if action.before is not None and action.after is not None:
                before, after = (
                    self._reports.figure(action.before),
                    self._reports.figure(action.after),
                )
                lines.append(words.before_after.format(dimension=name, before=before, after=after))
        return "\n".join(lines)

    def _insight(self, event: CoachInsight) -> str:
        """The weekly insight: the finding, why it matters here, and the dated actions."""
        words, insight = self._texts.coach, event.insight
        actions = "\n".join(
            words.action.format(text=a.text, due=a.due.isoformat()) for a in insight.actions
        )
        return words.insight.format(
            business=event.business, finding=insight.finding, why=insight.why, actions=actions
        )

    def _self_check(self, event: SelfCheckSummary) -> str:
        texts = self._texts.self_check
        if event.high == event.low:
            return texts.even.format(level=event.high)
        return texts.summary.format(
            strongest=self._names(event.strongest),
            weakest=self._names(event.weakest),
            high=event.high,
            low=event.low,
        )

    def _names(self, dimensions: tuple[Dimension, ...]) -> str:
        names = self._texts.dimensions
        return self._texts.self_check.joiner.join(names[d] for d in dimensions)

    def _invite(self, event: InviteLink) -> Outgoing:
        team = self._texts.team
        department = (
            team.invite_department.format(department=event.department) if event.department else ""
        )
        text = team.invite.format(
            business=event.business,
            department=department,
            link=f"https://t.me/{self._bot_username}?start={event.token}",
            expires=event.expires_on.isoformat(),
        )
        return Outgoing(
            text, keyboards.single(self._texts.buttons.revoke, WithdrawInvite(event.invite_id))
        )

    def _department_choice(self, event: DepartmentChoice) -> Outgoing:
        member = event.membership_id
        buttons = [
            keyboards.button(name, ChooseDepartment(member, did)) for did, name in event.departments
        ]
        rows = keyboards.rows(buttons, 2)
        rows.append(
            [
                keyboards.button(
                    self._texts.buttons.no_department,
                    ChooseDepartment(member, NO_DEPARTMENT),
                )
            ]
        )
        return Outgoing(self._texts.team.department_question, InlineKeyboardMarkup(rows))

    def _round_status(self, event: RoundStatus) -> Outgoing:
        text = self._texts.team.round_status.format(
            number=event.number,
            closes=event.closes_on.isoformat(),
            answered=event.respondents,
            members=event.members,
        )
        return Outgoing(
            text, keyboards.single(self._texts.buttons.close_round, CloseRound(event.round_id))
        )

    def _close_confirmation(self, event: CloseConfirmation) -> Outgoing:
        text = self._texts.team.close_confirm.format(
            number=event.number, answered=event.answered, threshold=event.threshold
        )
        anyway = CloseRound(event.round_id, confirmed=True)
        return Outgoing(text, keyboards.single(self._texts.buttons.close_anyway, anyway))

    def prompt(self, prompt: Prompt) -> Outgoing:
        """A question with its buttons."""
        texts = self._texts.prompt
        done, total = prompt.position
        lines = [f"{texts.position.format(done=done, total=total)} · {prompt.text}"]
        if total <= 1:
            lines = [prompt.text]
        limit = texts.limit.format(limit=prompt.limit) if prompt.limit else None
        hint = " ".join(part for part in (prompt.hint, limit) if part)
        if hint:
            lines.append(hint)
        if prompt.type is QuestionType.LIKERT5:
            lines.append(texts.likert_scale)
        if prompt.type is QuestionType.MULTI:
            lines.append(texts.multi)
        if prompt.current:
            lines.append(texts.current.format(current=prompt.current))
        if prompt.earlier:
            lines.append(texts.earlier.format(answer=prompt.earlier))
        return Outgoing("\n\n".join(lines), self._keyboard(prompt))

    def chosen(self, original: str, label: str) -> str:
        """The question text with the tapped answer appended, once its buttons are gone."""
        return f"{original}\n\n{self._texts.prompt.chosen.format(label=label)}"

    def ticked(self, markup: InlineKeyboardMarkup | None) -> str | None:
        """The options ticked on a multi-select's keyboard, as the summary of the answer."""
        rows = markup.inline_keyboard if markup else ()
        labels = [b.text.removeprefix(TICK) for row in rows for b in row if b.text.startswith(TICK)]
        return ", ".join(labels) or None

    def help(self, role: Role) -> str:
        """The /help text of a role, with only that role's commands."""
        described = self._texts.commands
        commands = "\n".join(f"/{name} - {described[name]}" for name in menus.ROLE_COMMANDS[role])
        template: str = getattr(self._texts.help, role.value)
        return template.format(commands=commands)

    def _first_contact(self) -> Outgoing:
        words = self._texts.buttons
        keyboard = InlineKeyboardMarkup(
            [
                [keyboards.button(words.set_up, ChooseEntry(Entry.SET_UP))],
                [keyboards.button(words.join, ChooseEntry(Entry.JOIN))],
            ]
        )
        return Outgoing(self._texts.first_contact.format(first_name=self._first_name), keyboard)

    def _leave_confirm(self, workspace_id: int, business: str) -> Outgoing:
        words = self._texts.buttons
        keyboard = InlineKeyboardMarkup(
            [
                [keyboards.button(words.leave, ConfirmLeave(workspace_id, confirmed=True))],
                [keyboards.button(words.stay, ConfirmLeave(workspace_id, confirmed=False))],
            ]
        )
        return Outgoing(self._texts.team.leave_confirm.format(business=business), keyboard)

    def _reviewed(self, event: Reviewed) -> Outgoing:
        """The checks with Keep and Rewrite, or only the short note once every check passed."""
        texts = self._texts.review
        review = event.review
        if event.moving_on:
            return Outgoing(review.question)
        advice = event.advice or Advice(None)
        kind = [texts.kinds[advice.kind]] if advice.kind else []
        wording = texts.suggestion if advice.ready else texts.suggestion_to_fill
        suggestion = [wording.format(rewrite=advice.rewrite)] if advice.rewrite else []
        body = "\n\n".join([self._review_lines(review), *kind, *suggestion, texts.keep_or_rewrite])
        buttons = self._texts.buttons
        rows = [
            [
                keyboards.button(
                    buttons.keep,
                    CheckInButton(Action.KEEP_REVIEWED, event.checkin_id, event.step),
                ),
                keyboards.button(
                    buttons.rewrite, CheckInButton(Action.REWRITE, event.checkin_id, event.step)
                ),
            ]
        ]
        if advice.ready:
            use = CheckInButton(Action.USE_SUGGESTION, event.checkin_id, event.step)
            rows.append([keyboards.button(buttons.use_suggestion, use)])
        return Outgoing(body, InlineKeyboardMarkup(rows))

    def _keyboard(self, prompt: Prompt) -> InlineKeyboardMarkup | None:
        multi = prompt.type is QuestionType.MULTI
        buttons = []
        for index, choice in enumerate(prompt.choices):
            ticked = multi and choice.value in prompt.selected
            label = keyboards.ticked(choice.label, ticked)
            action = Action.TOGGLE if multi else Action.ANSWER
            buttons.append(
                keyboards.button(
                    label, CheckInButton(action, prompt.checkin_id, prompt.step, index)
                )
            )
        rows = keyboards.rows(buttons, _row_width(prompt))
        words = self._texts.buttons
        extra = []
        if prompt.current:
            extra.append(
                keyboards.button(
                    words.keep_current,
                    CheckInButton(Action.KEEP_CURRENT, prompt.checkin_id, prompt.step),
                )
            )
        if prompt.optional:
            extra.append(
                keyboards.button(
                    words.skip, CheckInButton(Action.SKIP, prompt.checkin_id, prompt.step)
                )
            )
        if multi:
            extra.append(
                keyboards.button(
                    words.done, CheckInButton(Action.DONE, prompt.checkin_id, prompt.step)
                )
            )
        if prompt.can_go_back:
            extra.insert(
                0,
                keyboards.button(
                    words.back, CheckInButton(Action.BACK, prompt.checkin_id, prompt.step)
                ),
            )
        if extra:
            rows.append(extra)
        return InlineKeyboardMarkup(rows) if rows else None


def _row_width(prompt: Prompt) -> int:
    if prompt.type in ROW_OF:
        return ROW_OF[prompt.type]
    short = all(len(choice.label) <= SHORT_LABEL for choice in prompt.choices)
    return 2 if short else 1
