"""A team member's commands and buttons: answering rounds, results, pausing and leaving."""

from __future__ import annotations

from telegram import Update

from alignment.services import Event, Notice
from bot.callbacks import AnswerPulse, ChooseDepartment, ConfirmLeave, GoAway, LeaveTeam
from bot.handlers.base import Handlers
from bot.handlers.buttons import retire_buttons
from bot.handlers.replies import Context, person_of


class MemberHandlers(Handlers):
    """Every action looks the membership up from the person; ids in buttons are only hints."""

    async def pulse(self, update: Update, context: Context) -> None:
        """/pulse: answer the open round."""
        await self._reply(update, context, await self._runtime.members.pulse(person_of(update)))

    async def results(self, update: Update, context: Context) -> None:
        """/results: the team-level results of each team the member is on."""
        await self._reply(update, context, await self._runtime.reports.results(person_of(update)))

    async def pause(self, update: Update, context: Context) -> None:
        """/pause: no more round invitations until /resume."""
        events = await self._runtime.members.pause(person_of(update), paused=True)
        await self._reply(update, context, events)

    async def resume(self, update: Update, context: Context) -> None:
        """/resume: round invitations again, also ending a vacation early."""
        events = await self._runtime.members.pause(person_of(update), paused=False)
        await self._reply(update, context, events)

    async def away(self, update: Update, context: Context) -> None:
        """/away <date>: a vacation; without a date, buttons for one or two weeks."""
        typed = " ".join(context.args or ()).strip() or None
        await self._reply(
            update, context, await self._runtime.members.away(person_of(update), typed)
        )

    async def go_away(self, update: Update, context: Context, button: GoAway) -> None:
        """The "1 week" or "2 weeks" button under /away."""
        events = await self._runtime.members.away(person_of(update), weeks=button.weeks)
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def leave(self, update: Update, context: Context) -> None:
        """/leave: which team (when on several), then Leave or Stay before anything is deleted."""
        await self._reply(update, context, await self._runtime.members.leave(person_of(update)))

    async def department(self, update: Update, context: Context, button: ChooseDepartment) -> None:
        """A new member's department button."""
        events = await self._runtime.members.choose_department(
            person_of(update), button.membership_id, button.department_id
        )
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def answer_now(self, update: Update, context: Context, button: AnswerPulse) -> None:
        """The "Answer now" button under a round invitation: the same as /pulse."""
        events = await self._runtime.members.pulse(person_of(update))
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def leave_team(self, update: Update, context: Context, button: LeaveTeam) -> None:
        """The team picked after /leave: ask to confirm."""
        events = await self._runtime.members.leave(person_of(update), button.workspace_id)
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def confirm_leave(self, update: Update, context: Context, button: ConfirmLeave) -> None:
        """Leave (deletes the membership and personal data) or Stay (changes nothing)."""
        events: list[Event] = [Notice("leave_stayed")]
        if button.confirmed:
            person = person_of(update)
            events = await self._runtime.members.leave(person, button.workspace_id, confirmed=True)
        await retire_buttons(update, events)
        await self._reply(update, context, events)
