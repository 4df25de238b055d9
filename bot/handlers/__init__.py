"""Update handlers, registered on the Application by the composition root."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers.errors import ErrorHandler
from bot.handlers.fallbacks import Fallbacks
from bot.handlers.owner import OwnerHandlers
from bot.handlers.team import TeamHandlers
from bot.runtime import Runtime

PRIVATE = filters.ChatType.PRIVATE
NEW_MESSAGE = filters.UpdateType.MESSAGE


def register(app: Application, runtime: Runtime) -> None:  # type: ignore[type-arg]
    """Wire every handler; private-chat handlers first, fallbacks last."""
    team = TeamHandlers(runtime)
    owner = OwnerHandlers(runtime, team)
    fallbacks = Fallbacks(runtime)
    commands = {
        "start": owner.start,
        "help": owner.help,
        "checkin": owner.checkin,
        "vision": owner.vision,
        "goals": owner.goals,
        "cancel": owner.cancel,
        "invite": team.invite,
        "team": team.team,
        "round": team.round,
        "report": team.report,
        "pulse": team.pulse,
        "results": team.results,
        "pause": team.pause,
        "resume": team.resume,
        "leave": team.leave,
        "privacy": team.privacy,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE & NEW_MESSAGE))
    app.add_handler(CallbackQueryHandler(owner.button))
    app.add_handler(
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.COMMAND, fallbacks.unknown_command)
    )
    app.add_handler(MessageHandler(PRIVATE & NEW_MESSAGE & filters.TEXT, owner.text))
    app.add_handler(
        MessageHandler(PRIVATE & NEW_MESSAGE & ~filters.StatusUpdate.ALL, fallbacks.not_text)
    )
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, fallbacks.group))
    app.add_handler(ChatMemberHandler(fallbacks.added_to_group, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(ErrorHandler(runtime).handle)


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
"""What the bot asks Telegram for; edits and channel posts are not answers."""
