"""/vision and /goals, and the buttons under them that start a check-in."""

from __future__ import annotations

from telegram import Update

from alignment.services.nudges import NudgeService
from bot.callbacks import MarkTopGoal, MenuButton, NudgeAction, NudgeButton
from bot.handlers.base import Handlers
from bot.handlers.buttons import retire_buttons
from bot.handlers.replies import Context, person_of

MENU_SCRIPTS = frozenset(
    {"vision", "goals", "goal_progress", "communication", "self_assessment", "quarterly"}
)
"""Check-ins a menu or check-in prompt button may start; anything else in callback data is
stale."""


class StrategyHandlers(Handlers):
    """The owner's strategy as it stands, and the way into changing it."""

    async def vision(self, update: Update, context: Context) -> None:
        """/vision: the current vision, mission and values."""
        await self._reply(update, context, await self._runtime.strategy.vision(person_of(update)))

    async def goals(self, update: Update, context: Context) -> None:
        """/goals: the current goals with their latest progress."""
        await self._reply(update, context, await self._runtime.strategy.goals(person_of(update)))

    async def menu(self, update: Update, context: Context, button: MenuButton) -> None:
        """A menu button ("Edit vision", "Set new goals", ...): start that check-in."""
        if button.script_id not in MENU_SCRIPTS:
            await self._stale(update, context)
            return
        events = await self._runtime.checkins.start(person_of(update), button.script_id)
        await self._reply(update, context, events)

    async def top_goal(self, update: Update, context: Context, button: MarkTopGoal) -> None:
        """A goal picked as the top priority, from /goals or when the goals were set."""
        events = await self._runtime.strategy.mark_top(person_of(update), button.goal_id)
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def nudge(self, update: Update, context: Context, button: NudgeButton) -> None:
        """A button under a nudge: "Not now", or Keep or Drop a goal falling behind."""
        nudges: NudgeService = self._runtime.nudges
        person = person_of(update)
        if button.action is NudgeAction.NOT_NOW and button.kind is not None:
            events = await nudges.not_now(person, button.kind)
        elif button.action is NudgeAction.KEEP:
            events = await nudges.keep(person)
        else:
            events = await nudges.drop(person)
        await retire_buttons(update, events)
        await self._reply(update, context, events)
