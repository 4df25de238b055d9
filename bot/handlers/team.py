"""Team features at the edge: invites, /team, rounds, reports and the member commands."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.error import Forbidden

from alignment.services import Event, Notice
from alignment.services.events import RoundInvitation
from alignment.services.reports import TeamReport
from bot.callbacks import TeamButton
from bot.handlers.replies import Context, person_of, send
from bot.render import Outgoing, Renderer
from bot.report_render import ReportRenderer
from bot.runtime import Runtime
from bot.team_render import TeamRenderer

log = logging.getLogger(__name__)
CSV_NAME = "northstar-rounds.csv"
REFUSALS = frozenset({"button_expired", "owner_only", "not_a_member", "owner_not_member"})
"""Replies to a button this person may not use: its message keeps its buttons."""


class TeamHandlers:
    """Parse arguments and buttons, call a team service, render; services check authority."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    # -- owner ----------------------------------------------------------------------------

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
            view = await team.overview(person)
            if isinstance(view, Notice):
                await self._reply(update, context, [view])
            else:
                await send(update, context, [Outgoing(self._team_renderer().overview(view))])
            return
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
        chat = update.effective_chat
        assert chat is not None
        result = await self._runtime.reports.report(person_of(update))
        if not isinstance(result, TeamReport):
            await self._reply(update, context, list(result))
            return
        renderer = ReportRenderer(self._runtime.texts)
        if [a.lower() for a in context.args or ()] == ["csv"]:
            await context.bot.send_document(
                chat.id,
                document=renderer.csv(result),
                filename=CSV_NAME,
                caption=renderer.csv_caption(result),
            )
            return
        messages = [Outgoing(renderer.text(result))]
        if result.open_round is not None:
            messages.append(self._renderer(update, context).event(result.open_round))
        await send(update, context, messages)
        chart = await asyncio.to_thread(renderer.chart, result)
        await context.bot.send_photo(chat.id, photo=chart)

    # -- members --------------------------------------------------------------------------

    async def pulse(self, update: Update, context: Context) -> None:
        """/pulse: answer the open round."""
        await self._reply(update, context, await self._runtime.members.pulse(person_of(update)))

    async def results(self, update: Update, context: Context) -> None:
        """/results: the team-level results of each team the member is on."""
        found = await self._runtime.reports.results(person_of(update))
        if not found:
            await self._reply(update, context, [Notice("not_a_member")])
            return
        renderer = ReportRenderer(self._runtime.texts)
        await send(update, context, [Outgoing(renderer.results(r)) for r in found])

    async def pause(self, update: Update, context: Context) -> None:
        """/pause: no more round invitations until /resume."""
        events = await self._runtime.members.pause(person_of(update), paused=True)
        await self._reply(update, context, events)

    async def resume(self, update: Update, context: Context) -> None:
        """/resume: round invitations again."""
        events = await self._runtime.members.pause(person_of(update), paused=False)
        await self._reply(update, context, events)

    async def leave(self, update: Update, context: Context) -> None:
        """/leave: leave a team and delete personal data."""
        await self._reply(update, context, await self._runtime.members.leave(person_of(update)))

    async def privacy(self, update: Update, context: Context) -> None:
        """/privacy: exactly which protections apply."""
        threshold = await self._runtime.team.threshold_for(person_of(update))
        await send(update, context, [Outgoing(self._team_renderer().privacy(threshold))])

    # -- buttons --------------------------------------------------------------------------

    async def button(self, update: Update, context: Context, button: TeamButton) -> None:
        """A team button; the ids in it are only a hint, the services decide."""
        person = person_of(update)
        runtime = self._runtime
        match (button.namespace, button.action):
            case ("inv", "rev"):
                events = await runtime.team.revoke(person, button.target)
            case ("dep", "set") if button.option is not None:
                events = await runtime.members.choose_department(
                    person, button.target, button.option
                )
            case ("round", "close"):
                events = await runtime.rounds.close(person, button.target)
            case ("pulse", "go"):
                events = await runtime.members.pulse(person)
            case ("leave", "ws"):
                events = await runtime.members.leave(person, button.target)
            case _:
                events = [Notice("button_expired")]
        query = update.callback_query
        message = query.message if query is not None else None
        shows_buttons = isinstance(message, Message) and message.reply_markup is not None
        if query is not None and shows_buttons and not (events and _is_refusal(events[0])):
            await query.edit_message_reply_markup(None)
        await self._reply(update, context, events)

    # -- helpers --------------------------------------------------------------------------

    async def _reply(self, update: Update, context: Context, events: list[Event]) -> None:
        """Send replies to this chat and round invitations to every member's chat."""
        renderer = self._renderer(update, context)
        mine = [e for e in events if not isinstance(e, RoundInvitation)]
        await send(update, context, renderer.events(mine))
        for invitation in (e for e in events if isinstance(e, RoundInvitation)):
            message = Renderer(self._runtime.texts).invitation(invitation)
            for chat_id in invitation.external_ids:
                try:
                    await context.bot.send_message(
                        chat_id, message.text, reply_markup=message.keyboard
                    )
                except Forbidden:
                    log.info("a member has blocked the bot; skipped their round invitation")

    def _renderer(self, update: Update, context: Context) -> Renderer:
        return Renderer(
            self._runtime.texts, person_of(update).first_name, context.bot.username or ""
        )

    def _team_renderer(self) -> TeamRenderer:
        return TeamRenderer(self._runtime.texts)


def _is_refusal(event: Event) -> bool:
    return isinstance(event, Notice) and event.key in REFUSALS
