"""The commands each role sees in /help and in Telegram's command menu."""

from __future__ import annotations

import difflib
import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from alignment.services.events import Role
from bot.texts import UiTexts

log = logging.getLogger(__name__)

COMMON = ("help", "privacy")
OWNER = (
    "checkin",
    "vision",
    "goals",
    "invite",
    "team",
    "round",
    "report",
    "actions",
    "coach",
    "settings",
    "cancel",
)
MEMBER = ("pulse", "results", "pause", "resume", "away", "leave", "cancel")
ROLE_COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.NEWCOMER: ("start", *COMMON),
    Role.OWNER: (*OWNER, *COMMON),
    Role.MEMBER: (*MEMBER, *COMMON),
    Role.BOTH: (*OWNER, *(c for c in MEMBER if c not in OWNER), *COMMON),
}
"""In menu order; every command here has a description in ui.yaml's ``commands``."""
CLOSE_ENOUGH = 0.75
"""difflib similarity above which a mistyped command is worth suggesting."""


def bot_commands(texts: UiTexts, role: Role) -> list[BotCommand]:
    """The command menu of a role, described in the UI texts."""
    return [BotCommand(name, texts.commands[name]) for name in ROLE_COMMANDS[role]]


def suggestion(command: str, role: Role) -> str | None:
    """The one command of this role that ``command`` is probably a typo of, if exactly one."""
    close = difflib.get_close_matches(
        command.lower(), ROLE_COMMANDS[role], n=2, cutoff=CLOSE_ENOUGH
    )
    return close[0] if len(close) == 1 else None


async def show_menu(bot: Bot, texts: UiTexts, chat_id: int, role: Role) -> None:
    """Give this chat its role's menu; a newcomer's falls back to the default menu.

    A failure is logged, not raised: the reply has been sent and the data is committed.
    """
    scope = BotCommandScopeChat(chat_id)
    try:
        if role is Role.NEWCOMER:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(bot_commands(texts, role), scope=scope)
    except TelegramError:
        log.warning("Could not update a chat's command menu")
