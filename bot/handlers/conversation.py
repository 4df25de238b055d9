"""The check-in conversation: /start, /checkin, /cancel, typed answers and check-in buttons."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update

from alignment.services import Event, Notice, Prompt, Rejected, journey
from alignment.services.checkins import Action
from alignment.services.events import Idle
from bot.callbacks import CheckInButton, ChooseEntry, Entry
from bot.handlers.base import Handlers
from bot.handlers.buttons import retire_buttons
from bot.handlers.coach import CoachHandlers, progress
from bot.handlers.replies import Context, Replier, person_of
from bot.render import Renderer
from bot.runtime import Runtime

OWNER_SCRIPTS = frozenset(journey.ONBOARDING) | frozenset(journey.ROTATION)
"""Check-ins /checkin <name> may start; the team pulse is not one of them."""


class CheckInHandlers(Handlers):
    """Owners and members answer questions here; the cursor lives in the database."""

    def __init__(self, runtime: Runtime, replier: Replier, coach: CoachHandlers) -> None:
        super().__init__(runtime, replier)
        self._coach = coach

    async def start(self, update: Update, context: Context) -> None:
        """/start: the first-contact question, a welcome back, or joining from an invite link."""
        person = person_of(update)
        if context.args:
            events = await self._runtime.members.join(person, context.args[0])
        else:
            events = await self._runtime.checkins.welcome(person)
        await self._reply(update, context, events)

    async def entry(self, update: Update, context: Context, button: ChooseEntry) -> None:
        """A newcomer's choice: set up a business now, or how to join a team (nothing stored)."""
        if button.entry is Entry.SET_UP:
            events = await self._runtime.checkins.set_up(person_of(update))
        else:
            events = [Notice("entry_join")]
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def checkin(self, update: Update, context: Context) -> None:
        """/checkin [name]: continue the open check-in or start the next one."""
        wanted = context.args[0].lower() if context.args else None
        script_id = wanted if wanted in OWNER_SCRIPTS else None
        events = await self._runtime.checkins.start(person_of(update), script_id)
        await self._reply(update, context, events)

    async def cancel(self, update: Update, context: Context) -> None:
        """/cancel: leave the open check-in, keeping the answers."""
        await self._reply(update, context, await self._runtime.checkins.cancel(person_of(update)))

    async def text(self, update: Update, context: Context) -> None:
        """A typed answer, a value /settings asked for, a commitment's, or a /coach question."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        person = person_of(update)
        events = await self._runtime.checkins.answer_text(
            person, message.text, progress(update, context)
        )
        if len(events) == 1 and isinstance(events[0], Idle):  # no check-in: maybe a setting
            events = (
                await self._runtime.schedule_settings.typed(person, message.text)
                or await self._runtime.commitments.typed(person, message.text)
                or await self._coach.typed(update, context, message.text)
                or events
            )
        await self._reply(update, context, events)

    async def press(self, update: Update, context: Context, button: CheckInButton) -> None:
        """A button under a question or review; the service re-checks id and step."""
        events = await self._runtime.checkins.press(
            person_of(update), button.action, button.checkin_id, button.step, button.option
        )
        query = update.callback_query
        renderer = self._replier.renderer(update, context)
        if query is not None and await _update_pressed(query, renderer, button, events):
            return
        await self._reply(update, context, events)


async def _update_pressed(
    query: CallbackQuery, renderer: Renderer, button: CheckInButton, events: list[Event]
) -> bool:
    """Tick a multi-choice option in place, or mark the pressed question as answered.

    Returns True when the press is fully handled by editing the message.
    """
    accepted = bool(events) and not isinstance(events[0], Notice | Rejected)
    message = query.message
    if not accepted or not isinstance(message, Message):
        return False
    if button.action == Action.TOGGLE and isinstance(events[0], Prompt):
        await query.edit_message_reply_markup(renderer.prompt(events[0]).keyboard)
        return True
    label = _label_of(message.reply_markup, query.data)
    if button.action == Action.DONE:
        label = renderer.ticked(message.reply_markup) or label
    if message.text and label:
        await query.edit_message_text(renderer.chosen(message.text, label))
    else:
        await query.edit_message_reply_markup(None)
    return False


def _label_of(markup: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
