"""The owner's team administration: /invite, /team, /round, /report and their buttons."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import CloseRound, NextStep, ShowDetails, WithdrawInvite
from bot.handlers.base import Handlers
from bot.handlers.buttons import retire_buttons
from bot.handlers.coach import progress
from bot.handlers.replies import Context, person_of


class TeamAdminHandlers(Handlers):
    """Owner-only commands; the services refuse anyone else, and the reply path words it."""

    async def invite(self, update: Update, context: Context) -> None:
        """/invite [department] or /invite revoke."""
        person = person_of(update)
        argument = " ".join(context.args or ()).strip()
        team = self._runtime.team
        if argument.lower() == "revoke":
            events = await team.revoke(person, None)
        else:
            events = await team.invite(person, argument or None)
        await self._reply(update, context, events)

    async def team(self, update: Update, context: Context) -> None:
        """/team, /team add|rename|remove|threshold ..."""
        person = person_of(update)
        args = list(context.args or ())
        team = self._runtime.team
        verb = args[0].lower() if args else ""
        rest = args[1:]
        if verb == "add" and rest:
            events = await team.add_department(person, " ".join(rest))
        elif verb == "rename" and len(rest) >= 2:
            events = await team.rename_department(person, rest[0], " ".join(rest[1:]))
        elif verb == "remove" and rest:
            events = await team.remove_department(person, " ".join(rest))
        elif verb == "threshold" and len(rest) == 1 and rest[0].isdigit():
            events = await team.set_threshold(person, int(rest[0]))
        else:
            events = await team.overview(person)
        await self._reply(update, context, events)

    async def round(self, update: Update, context: Context) -> None:
        """/round shows the open round; /round open starts one and invites the team."""
        person = person_of(update)
        rounds = self._runtime.rounds
        wants_open = [a.lower() for a in context.args or ()] == ["open"]
        events = await (rounds.open(person) if wants_open else rounds.status(person))
        await self._reply(update, context, events)

    async def report(self, update: Update, context: Context) -> None:
        """/report: scores, call-outs and a chart; /report csv: the figures as a file."""
        person = person_of(update)
        reports = self._runtime.reports
        wants_csv = [a.lower() for a in context.args or ()] == ["csv"]
        events = await (reports.table(person) if wants_csv else reports.report(person))
        await self._reply(update, context, events)

    async def details(self, update: Update, context: Context, button: ShowDetails) -> None:
        """The "Details" button under the short /report: the figures, read again as the owner."""
        events = await self._runtime.reports.details(person_of(update), progress(update, context))
        await self._reply(update, context, events)

    async def withdraw(self, update: Update, context: Context, button: WithdrawInvite) -> None:
        """The "Withdraw this link" button under an invite."""
        events = await self._runtime.team.revoke(person_of(update), button.invite_id)
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def close_round(self, update: Update, context: Context, button: CloseRound) -> None:
        """Close the round now; or Close anyway, once told that the round would wait."""
        events = await self._runtime.rounds.close(
            person_of(update), button.round_id, confirmed=button.confirmed
        )
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def invite_next(self, update: Update, context: Context, button: NextStep) -> None:
        """The "Invite my team" button after onboarding: an invite, re-checked like /invite."""
        events = await self._runtime.team.invite(person_of(update), None)
        await retire_buttons(update, events)
        await self._reply(update, context, events)
