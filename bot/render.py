"""Turning service events into Telegram messages with inline keyboards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from alignment.questionnaire import QuestionType
from alignment.services import (
    Event,
    Finished,
    Notice,
    Prompt,
    Rejected,
    Reviewed,
    Started,
    StrategyView,
)
from alignment.services.checkins import Action
from alignment.services.events import (
    DepartmentChoice,
    GoalsPage,
    InviteLink,
    LeaveChoice,
    MemberResults,
    PrivacyTerms,
    ReportTable,
    RoundInvitation,
    RoundStatus,
    TeamReport,
    TeamView,
    VisionPage,
)
from alignment.services.members import NO_DEPARTMENT
from bot.callbacks import (
    AnswerPulse,
    Button,
    CheckInButton,
    ChooseDepartment,
    CloseRound,
    LeaveTeam,
    MenuButton,
    WithdrawInvite,
    pack,
)
from bot.outgoing import Document, Outgoing, Photo, Reply
from bot.report_render import ReportRenderer
from bot.team_render import TeamRenderer
from bot.texts import UiTexts

ROW_OF = {QuestionType.LIKERT5: 5, QuestionType.NUMBER: 5, QuestionType.TIMEZONE: 2}
SHORT_LABEL = 14
CSV_NAME = "northstar-rounds.csv"


class Renderer:
    """Words come from UiTexts; layout decisions live here."""

    def __init__(self, texts: UiTexts, first_name: str = "", bot_username: str = "") -> None:
        self._texts = texts
        self._first_name = first_name
        self._bot_username = bot_username
        self._team = TeamRenderer(texts)
        self._reports = ReportRenderer(texts)

    def events(self, events: Iterable[Event]) -> list[Reply]:
        """Every event as messages, in order."""
        return [reply for event in events for reply in self.event(event)]

    def event(self, event: Event) -> list[Reply]:
        """One event as messages: one text for most; text, round status and chart for a report."""
        texts = self._texts
        match event:
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
            case Notice(key=key, params=params):
                return [Outgoing(texts.notices[key].format(first_name=self._first_name, **params))]
            case InviteLink():
                return [self._invite(event)]
            case DepartmentChoice():
                return [self._department_choice(event)]
            case RoundStatus():
                return [self._round_status(event)]
            case LeaveChoice(workspaces=workspaces):
                rows = [[_button(name, LeaveTeam(wid))] for wid, name in workspaces]
                return [Outgoing(texts.team.leave_question, InlineKeyboardMarkup(rows))]
            case RoundInvitation():
                return [self.invitation(event)]
            case VisionPage(strategy=strategy):
                return [self.strategy(strategy)]
            case GoalsPage(strategy=strategy):
                return [self.goals(strategy)]
            case TeamView():
                return [Outgoing(self._team.overview(event))]
            case PrivacyTerms(threshold=threshold):
                return [Outgoing(self._team.privacy(threshold))]
            case MemberResults():
                return [Outgoing(self._reports.results(event))]
            case TeamReport(open_round=open_round):
                status = [self._round_status(open_round)] if open_round else []
                chart = Photo(partial(self._reports.chart, event))
                return [Outgoing(self._reports.text(event)), *status, chart]
            case ReportTable():
                csv = self._reports.csv(event)
                return [Document(csv, CSV_NAME, self._reports.csv_caption(event))]

    def invitation(self, event: RoundInvitation) -> Outgoing:
        """The message each member gets when a round opens."""
        text = self._texts.team.round_invitation.format(
            business=event.business, number=event.number, closes=event.closes_on.isoformat()
        )
        button = _button(self._texts.buttons.answer_now, AnswerPulse(event.number))
        return Outgoing(text, InlineKeyboardMarkup([[button]]))

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
        button = _button(self._texts.buttons.revoke, WithdrawInvite(event.invite_id))
        return Outgoing(text, InlineKeyboardMarkup([[button]]))

    def _department_choice(self, event: DepartmentChoice) -> Outgoing:
        member = event.membership_id
        buttons = [_button(name, ChooseDepartment(member, did)) for did, name in event.departments]
        rows = _rows(buttons, 2)
        rows.append(
            [
                _button(
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
        button = _button(self._texts.buttons.close_round, CloseRound(event.round_id))
        return Outgoing(text, InlineKeyboardMarkup([[button]]))

    def prompt(self, prompt: Prompt) -> Outgoing:
        """A question with its buttons."""
        texts = self._texts.prompt
        done, total = prompt.position
        lines = [f"{texts.position.format(done=done, total=total)} · {prompt.text}"]
        if total <= 1:
            lines = [prompt.text]
        if prompt.hint:
            lines.append(prompt.hint)
        if prompt.type is QuestionType.LIKERT5:
            lines.append(texts.likert_scale)
        if prompt.type is QuestionType.MULTI:
            lines.append(texts.multi)
        if prompt.current:
            lines.append(texts.current.format(current=prompt.current))
        return Outgoing("\n\n".join(lines), self._keyboard(prompt))

    def chosen(self, original: str, label: str) -> str:
        """The question text with the tapped answer appended, once its buttons are gone."""
        return f"{original}\n\n{self._texts.prompt.chosen.format(label=label)}"

    def strategy(self, view: StrategyView | None) -> Outgoing:
        """The /vision view."""
        texts = self._texts.strategy
        if view is None:
            return Outgoing(texts.not_set_up)
        edit = _menu(self._texts.buttons.edit_vision, "vision")
        if view.vision is None:
            return Outgoing(texts.no_vision, edit)
        return Outgoing(
            texts.vision.format(
                business=view.business,
                version=view.version,
                updated=view.updated_at.date().isoformat() if view.updated_at else "",
                vision=view.vision or texts.missing,
                mission=view.mission or texts.missing,
                values="\n".join(f"• {v}" for v in view.values) or texts.missing,
            ),
            edit,
        )

    def goals(self, view: StrategyView | None) -> Outgoing:
        """The /goals view."""
        texts = self._texts.strategy
        buttons = self._texts.buttons
        if view is None:
            return Outgoing(texts.not_set_up)
        if not view.goals:
            return Outgoing(texts.no_goals, _menu(buttons.rewrite_goals, "goals"))
        parts = [texts.goals_header.format(business=view.business, version=view.version)]
        for goal in view.goals:
            block = [
                texts.goal.format(
                    position=goal.position,
                    title=goal.title,
                    target=goal.target,
                    metric=goal.metric,
                    deadline=goal.deadline.isoformat(),
                    confidence=goal.confidence,
                )
            ]
            if goal.progress is None:
                block.append(texts.no_progress)
            else:
                value = f"{goal.progress:g}{'%' if goal.progress_is_percent else ''}"
                block.append(
                    texts.progress.format(value=value, confidence=goal.progress_confidence)
                )
            if goal.blocker:
                block.append(texts.blocker.format(blocker=goal.blocker))
            parts.append("\n".join(block))
        keyboard = InlineKeyboardMarkup(
            [
                [_button(buttons.update_progress, MenuButton("goal_progress"))],
                [_button(buttons.rewrite_goals, MenuButton("goals"))],
            ]
        )
        return Outgoing("\n\n".join(parts), keyboard)

    def help(self) -> str:
        """The /help text with the command list."""
        commands = "\n".join(f"/{name} - {text}" for name, text in self._texts.commands.items())
        return self._texts.help.format(commands=commands)

    def _reviewed(self, event: Reviewed) -> Outgoing:
        texts = self._texts.review
        review = event.review
        lines = [texts.headers[review.kind]]
        for check in review.checks:
            template = texts.passed if check.passed else texts.open
            lines.append(template.format(label=check.label, note=check.note))
        body = "\n".join(lines) + f"\n\n{review.question}\n\n{texts.keep_or_rewrite}"
        buttons = self._texts.buttons
        keyboard = InlineKeyboardMarkup(
            [
                [
                    _button(
                        buttons.keep,
                        CheckInButton(Action.KEEP_REVIEWED, event.checkin_id, event.step),
                    ),
                    _button(
                        buttons.rewrite, CheckInButton(Action.REWRITE, event.checkin_id, event.step)
                    ),
                ]
            ]
        )
        return Outgoing(body, keyboard)

    def _keyboard(self, prompt: Prompt) -> InlineKeyboardMarkup | None:
        multi = prompt.type is QuestionType.MULTI
        buttons = []
        for index, choice in enumerate(prompt.choices):
            ticked = multi and choice.value in prompt.selected
            label = f"✓ {choice.label}" if ticked else choice.label
            action = Action.TOGGLE if multi else Action.ANSWER
            buttons.append(
                _button(label, CheckInButton(action, prompt.checkin_id, prompt.step, index))
            )
        rows = _rows(buttons, _row_width(prompt))
        words = self._texts.buttons
        extra = []
        if prompt.current:
            extra.append(
                _button(
                    words.keep_current,
                    CheckInButton(Action.KEEP_CURRENT, prompt.checkin_id, prompt.step),
                )
            )
        if prompt.optional:
            extra.append(
                _button(words.skip, CheckInButton(Action.SKIP, prompt.checkin_id, prompt.step))
            )
        if multi:
            extra.append(
                _button(words.done, CheckInButton(Action.DONE, prompt.checkin_id, prompt.step))
            )
        if prompt.can_go_back:
            extra.insert(
                0, _button(words.back, CheckInButton(Action.BACK, prompt.checkin_id, prompt.step))
            )
        if extra:
            rows.append(extra)
        return InlineKeyboardMarkup(rows) if rows else None


def _row_width(prompt: Prompt) -> int:
    if prompt.type in ROW_OF:
        return ROW_OF[prompt.type]
    short = all(len(choice.label) <= SHORT_LABEL for choice in prompt.choices)
    return 2 if short else 1


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _button(label: str, button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(button))


def _menu(label: str, script_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(label, MenuButton(script_id))]])
