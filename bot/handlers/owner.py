"""The owner's private chat: commands, typed answers and button presses."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update

from alignment.services import Event, Notice, Prompt, Rejected, journey
from alignment.services.checkins import Action
from bot.callbacks import CheckInButton, MenuButton, TeamButton, parse
from bot.handlers.replies import Context, person_of, send
from bot.handlers.team import TeamHandlers
from bot.render import Outgoing, Renderer
from bot.runtime import Runtime

MENU_SCRIPTS = frozenset({"vision", "goals", "goal_progress"})
"""Check-ins a menu button may start; anything else in callback data is ignored."""
OWNER_SCRIPTS = frozenset(journey.ONBOARDING) | frozenset(journey.ROTATION)
"""Check-ins /checkin <name> may start; the team pulse is not one of them."""


class OwnerHandlers:
    """Each method parses one kind of update, calls a service and renders the result."""

    def __init__(self, runtime: Runtime, team: TeamHandlers) -> None:
        self._runtime = runtime
        self._team = team

    async def start(self, update: Update, context: Context) -> None:
        """/start: welcome and set-up, a welcome back, or joining a team from an invite link."""
        person = person_of(update)
        if context.args:
            events = await self._runtime.members.join(person, context.args[0])
        else:
            events = await self._runtime.checkins.welcome(person)
        await self._reply(update, context, events)

    async def help(self, update: Update, context: Context) -> None:
        """/help: what the bot does and its commands."""
        await send(update, context, [Outgoing(self._renderer(update).help())])

    async def checkin(self, update: Update, context: Context) -> None:
        """/checkin [name]: continue the open check-in or start the next one."""
        wanted = context.args[0].lower() if context.args else None
        script_id = wanted if wanted in OWNER_SCRIPTS else None
        events = await self._runtime.checkins.start(person_of(update), script_id)
        await self._reply(update, context, events)

    async def vision(self, update: Update, context: Context) -> None:
        """/vision: the current vision, mission and values."""
        view = await self._runtime.strategy.overview(person_of(update))
        await send(update, context, [self._renderer(update).strategy(view)])

    async def goals(self, update: Update, context: Context) -> None:
        """/goals: the current goals with their latest progress."""
        view = await self._runtime.strategy.overview(person_of(update))
        await send(update, context, [self._renderer(update).goals(view)])

    async def cancel(self, update: Update, context: Context) -> None:
        """/cancel: leave the open check-in, keeping the answers."""
        await self._reply(update, context, await self._runtime.checkins.cancel(person_of(update)))

    async def text(self, update: Update, context: Context) -> None:
        """A typed answer to the open question."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        events = await self._runtime.checkins.answer_text(person_of(update), message.text)
        await self._reply(update, context, events)

    async def button(self, update: Update, context: Context) -> None:
        """A tap on an inline button; works only in the private chat it was sent to."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        chat = update.effective_chat
        if chat is None or chat.type != chat.PRIVATE:
            return
        person = person_of(update)
        button = parse(query.data)
        checkins = self._runtime.checkins
        if isinstance(button, TeamButton):
            await self._team.button(update, context, button)
            return
        if isinstance(button, MenuButton) and button.script_id in MENU_SCRIPTS:
            events = await checkins.start(person, button.script_id)
        elif isinstance(button, CheckInButton):
            events = await checkins.press(
                person, button.action, button.checkin_id, button.step, button.option
            )
            if await self._update_pressed(query, button, events):
                return
        else:
            events = [Notice("stale_button"), *await checkins.current(person)]
        await self._reply(update, context, events)

    async def _update_pressed(
        self, query: CallbackQuery, button: CheckInButton, events: list[Event]
    ) -> bool:
        """Tick a multi-choice option in place, or mark the pressed question as answered.

        Returns True when the press is fully handled by editing the message.
        """
        accepted = bool(events) and not isinstance(events[0], Notice | Rejected)
        message = query.message
        if not accepted or not isinstance(message, Message):
            return False
        if button.action == Action.TOGGLE and isinstance(events[0], Prompt):
            keyboard = self._runtime_renderer().prompt(events[0]).keyboard
            await query.edit_message_reply_markup(keyboard)
            return True
        label = _label_of(message.reply_markup, query.data)
        if message.text and label:
            await query.edit_message_text(self._runtime_renderer().chosen(message.text, label))
        else:
            await query.edit_message_reply_markup(None)
        return False

    async def _reply(self, update: Update, context: Context, events: list[Event]) -> None:
        await send(update, context, self._renderer(update).events(events))

    def _renderer(self, update: Update) -> Renderer:
        return Renderer(self._runtime.texts, person_of(update).first_name)

    def _runtime_renderer(self) -> Renderer:
        return Renderer(self._runtime.texts)


def _label_of(markup: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
