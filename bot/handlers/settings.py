"""The owner's /settings: the page, its buttons, and the one-shot typed form."""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import BadRequest

from alignment.services.events import SettingsPage
from alignment.services.schedule_settings import Setting
from bot.callbacks import ChangeSetting
from bot.handlers.base import Handlers
from bot.handlers.replies import Context, person_of

TYPED = {
    "checkin": Setting.CHECKIN,
    "pulse": Setting.PULSE,
    "quiet": Setting.QUIET,
    "timezone": Setting.TIMEZONE,
    "tz": Setting.TIMEZONE,
    "items": Setting.ITEMS,
    "every": Setting.EVERY,
    "threshold": Setting.THRESHOLD,
    "nudges": Setting.NUDGES,
}
"""``/settings <word> <value>``: the word names the setting, the rest is its value."""
SWITCHES = {"pause": "on", "resume": "off"}
"""``/settings pause`` and ``/settings resume``: the whole workspace."""


class SettingsHandlers(Handlers):
    """Owner-only; the service runs every call in owner_scope, so anyone else is refused."""

    async def settings(self, update: Update, context: Context) -> None:
        """/settings, /settings <setting> <value>, /settings pause|resume."""
        person = person_of(update)
        service = self._runtime.schedule_settings
        args = list(context.args or ())
        verb = args[0].lower() if args else ""
        if not args:
            events = await service.show(person)
        elif verb in SWITCHES and len(args) == 1:
            events = await service.change(person, Setting.PAUSE, SWITCHES[verb])
        elif verb in TYPED and len(args) > 1:
            events = await service.change(person, TYPED[verb], " ".join(args[1:]))
        else:
            events = await service.usage(person)
        await self._reply(update, context, events)

    async def press(self, update: Update, context: Context, button: ChangeSetting) -> None:
        """A settings button: the page is redrawn in place, a refusal is a new message."""
        person = person_of(update)
        service = self._runtime.schedule_settings
        if button.setting is None or button.value is None:
            events = await service.show(person, button.setting)
        else:
            events = await service.change(person, button.setting, button.value, pressed=True)
        query = update.callback_query
        message = query.message if query is not None else None
        if query is None or not isinstance(message, Message) or not events:
            return
        if not isinstance(events[0], SettingsPage):
            await self._reply(update, context, events)
            return
        redrawn = self._replier.renderer(update, context).settings(events[0])
        try:
            await query.edit_message_text(redrawn.text, reply_markup=redrawn.keyboard)
        except BadRequest as error:  # the same press twice: Telegram refuses an identical edit
            if "not modified" not in str(error).lower():
                raise
