"""Update handlers, registered on the Application by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import (
    PATTERNS,
    AnswerPulse,
    ChangeSetting,
    CheckInButton,
    ChooseDepartment,
    ChooseEntry,
    CloseRound,
    CommitmentDone,
    CommitToAction,
    ConfirmLeave,
    GoAway,
    LeaveTeam,
    MarkTopGoal,
    MenuButton,
    NextStep,
    NudgeButton,
    ShowDetails,
    TakeSuggestion,
    WithdrawInvite,
)
from bot.handlers.about import AboutHandlers
from bot.handlers.buttons import B, pressed
from bot.handlers.coach import CoachHandlers
from bot.handlers.commitments import CommitmentHandlers
from bot.handlers.conversation import CheckInHandlers
from bot.handlers.errors import ErrorHandler
from bot.handlers.fallbacks import Fallbacks
from bot.handlers.member import MemberHandlers
from bot.handlers.replies import Callback, Context, Replier
from bot.handlers.settings import SettingsHandlers
from bot.handlers.strategy import StrategyHandlers
from bot.handlers.team import TeamAdminHandlers
from bot.runtime import Runtime

PRIVATE = filters.ChatType.PRIVATE
NEW_MESSAGE = filters.UpdateType.MESSAGE


def register(app: Application, runtime: Runtime) -> None:  # type: ignore[type-arg]
    """Wire every handler; private-chat handlers first, fallbacks last.

    Every command and button goes through ``Replier.guarded``, the one place where a domain
    refusal such as NotOwner becomes its notice.
    """
    replier = Replier(runtime.texts, lambda: runtime.services.outbox)
    guarded = replier.guarded
    coach = CoachHandlers(runtime, replier)
    conversation = CheckInHandlers(runtime, replier, coach)
    strategy = StrategyHandlers(runtime, replier)
    team = TeamAdminHandlers(runtime, replier)
    member = MemberHandlers(runtime, replier)
    settings = SettingsHandlers(runtime, replier)
    about = AboutHandlers(runtime, replier)
    fallbacks = Fallbacks(runtime, replier)
    commitments = CommitmentHandlers(runtime, replier)
    commands: dict[str, Callback] = {
        "start": conversation.start,
        "help": about.help,
        "checkin": conversation.checkin,
        "vision": strategy.vision,
        "goals": strategy.goals,
        "cancel": conversation.cancel,
        "invite": team.invite,
        "team": team.team,
        "round": team.round,
        "report": team.report,
        "settings": settings.settings,
        "actions": commitments.actions,
        "coach": coach.coach,
        "pulse": member.pulse,
        "results": member.results,
        "pause": member.pause,
        "resume": member.resume,
        "away": member.away,
        "leave": member.leave,
        "privacy": about.privacy,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, guarded(callback), filters=PRIVATE & NEW_MESSAGE))

    def button(kind: type[B], handle: Callable[[Update, Context, B], Awaitable[None]]) -> None:
        pattern = PATTERNS[kind.namespace]
        app.add_handler(CallbackQueryHandler(guarded(pressed(kind, handle)), pattern=pattern))

    button(CheckInButton, conversation.press)
    button(MenuButton, strategy.menu)
    button(WithdrawInvite, team.withdraw)
    button(CloseRound, team.close_round)
    button(ChooseDepartment, member.department)
    button(AnswerPulse, member.answer_now)
    button(LeaveTeam, member.leave_team)
    button(ConfirmLeave, member.confirm_leave)
    button(ChooseEntry, conversation.entry)
    button(NextStep, team.invite_next)
    button(ShowDetails, team.details)
    button(MarkTopGoal, strategy.top_goal)
    button(ChangeSetting, settings.press)
    button(GoAway, member.go_away)
    button(CommitToAction, commitments.commit)
    button(TakeSuggestion, commitments.take)
    button(CommitmentDone, commitments.done)
    button(NudgeButton, strategy.nudge)
    app.add_handler(CallbackQueryHandler(guarded(conversation.stale)))
    app.add_handler(
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.COMMAND, fallbacks.unknown_command)
    )
    app.add_handler(
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.TEXT, guarded(conversation.text))
    )
    app.add_handler(
        MessageHandler(PRIVATE & NEW_MESSAGE & ~filters.StatusUpdate.ALL, fallbacks.not_text)
    )
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, fallbacks.group))
    app.add_handler(
        ChatMemberHandler(fallbacks.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    app.add_error_handler(ErrorHandler(runtime).handle)


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
"""What the bot asks Telegram for; edits and channel posts are not answers."""
