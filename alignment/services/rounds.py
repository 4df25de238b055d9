"""Pulse rounds from the owner's side: open one, see how many answered, close it."""

from __future__ import annotations

from datetime import datetime, timedelta

from alignment.services.clock import Clock
from alignment.services.closing import close_due_rounds
from alignment.services.events import (
    CloseConfirmation,
    Event,
    Notice,
    Person,
    Queued,
    RoundStatus,
)
from alignment.services.outbox import queue_round_invitation
from alignment.services.rotation import Rotation
from alignment.services.team import owner_scope
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import PulseRound, Workspace
from storage.repositories import Repositories

ROUND_DAYS = 3


async def open_new_round(
    repos: Repositories,
    workspace: Workspace,
    now: datetime,
    days: int,
    rotation: Rotation | None = None,
    slot: str | None = None,
) -> PulseRound:
    """Number and open the next round, or return the one a concurrent update just opened.

    With a ``rotation`` the round asks a short rotated set of questions, chosen only once the
    workspace is locked so two rounds never choose from the same history; without one (a
    newcomer's join) it asks the full pulse, the baseline. ``slot`` is the scheduled time that
    opened it, when the tick did.

    Callers have seen no open round, but so may another update at the same moment: the
    workspace lock makes the second wait for the first and then find its round, so a workspace
    never has two open rounds.
    """
    await repos.workspaces.lock(workspace.id)
    current = await repos.pulses.open_round(workspace.id, now)
    if current is not None:
        return current
    items = await rotation.next_items(repos, workspace, now) if rotation else None
    closes_at = now + timedelta(days=days)
    return await repos.pulses.add_round(workspace.id, now, closes_at, slot=slot, items=items)


def closes_on(pulse_round: PulseRound, workspace: Workspace) -> datetime:
    """When the round closes, in the business's time zone."""
    return pulse_round.closes_at.astimezone(tzinfo_for(workspace.timezone))


async def round_status(
    repos: Repositories, workspace: Workspace, pulse_round: PulseRound
) -> RoundStatus:
    """How many have answered an open round: a count, never who."""
    return RoundStatus(
        round_id=pulse_round.id,
        number=pulse_round.number,
        respondents=len(await repos.pulses.turnout([pulse_round.id])),
        members=await repos.team.member_count(workspace.id),
        closes_on=closes_on(pulse_round, workspace).date(),
    )


class RoundService:
    """Owner-only: the callback data of a Close button is re-checked against the owner."""

    def __init__(
        self,
        sessions: Sessions,
        clock: Clock,
        days: int = ROUND_DAYS,
        rotation: Rotation | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._rotation = rotation
        """None opens full rounds (every statement); the bot passes the workspace's rotation."""

    async def status(self, person: Person) -> list[Event]:
        """/round: the open round and its turnout, or how to open one."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            pulse_round = await repos.pulses.open_round(workspace.id, self._clock.now())
            if pulse_round is None:
                return [Notice("round_none_open")]
            return [await round_status(repos, workspace, pulse_round)]

    async def open(self, person: Person) -> list[Event]:
        """/round open: start a round, short and rotated with a rotation, and invite the team.

        A round a newcomer's join opened has not been announced yet: it is announced now, to
        everyone who has not paused or answered it, instead of opening a second one.
        """
        async with owner_scope(self._sessions, person) as (repos, workspace):
            now = self._clock.now()
            current = await repos.pulses.open_round(workspace.id, now)
            if current is not None and current.announced_at is not None:
                return [await round_status(repos, workspace, current)]
            if not await repos.team.member_count(workspace.id):
                return [Notice("team_empty")]
            if current is None:
                await close_due_rounds(repos, workspace, now)
            pulse_round = current or await open_new_round(
                repos, workspace, now, self._days, self._rotation
            )
            pulse_round.announced_at = now
            today = now.astimezone(tzinfo_for(workspace.timezone)).date()
            chats = await repos.team.chats_to_prompt(workspace.id, pulse_round.id, today)
            day = closes_on(pulse_round, workspace).date()
            await queue_round_invitation(repos, workspace, pulse_round, chats, day, now)
            return [
                Notice(
                    "round_opened",
                    {"number": pulse_round.number, "closes": day.isoformat(), "count": len(chats)},
                ),
                Queued(),
            ]

    async def close(self, person: Person, round_id: int, *, confirmed: bool = False) -> list[Event]:
        """Close the open round early and fix its block, so its results can be reported now.

        With fewer answers than the threshold the round could only wait to be pooled, which
        the owner may not expect: unless ``confirmed``, say so and ask first.
        """
        async with owner_scope(self._sessions, person) as (repos, workspace):
            now = self._clock.now()
            pulse_round = await repos.pulses.open_round(workspace.id, now)
            if pulse_round is None or pulse_round.id != round_id:
                return [Notice("button_expired")]
            threshold = workspace.anonymity_threshold
            answered = len(await repos.pulses.turnout([pulse_round.id]))
            if answered < threshold and not confirmed:
                return [CloseConfirmation(pulse_round.id, pulse_round.number, answered, threshold)]
            pulse_round.closed_at = now
            await repos.pulses.rewrite_closed([pulse_round.id])
            await close_due_rounds(repos, workspace, now)
            return [Notice("round_closed", {"number": pulse_round.number, "answered": answered})]
