"""Messages to other people: recorded in the deciding transaction, claimed and settled later.

A service that decides someone else must hear about something (a round opened: every member)
records one delivery per recipient with ``queue_*`` inside its own transaction. The one sender
at the edge (bot/sender.py) then claims deliveries, sends each and settles it here, one short
transaction each, so no transaction is held open across a Telegram call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from alignment.services.clock import Clock
from alignment.services.events import Event, RoundInvitation
from storage.database import Sessions
from storage.models import PulseRound, Workspace
from storage.repositories import Repositories
from storage.repositories.deliveries import FAILED, PENDING, SENT, UNCERTAIN

ROUND_INVITATION = "round_invitation"
MAX_ATTEMPTS = 5
"""Definite failures (Telegram down, a 5xx) are retried this many times, then recorded failed."""
LEASE = timedelta(minutes=5)
"""A claim older than this was never settled: its sender died, perhaps after Telegram took it."""
STALE = timedelta(days=1)
"""A message due longer ago than this is skipped: a check-in prompt on Thursday helps nobody."""
BACKOFF = timedelta(seconds=30)
"""The first retry's wait; each further attempt waits this times the attempt number squared."""


class Outcome(StrEnum):
    """How one send ended, as the edge saw it."""

    SENT = "sent"
    RETRY = "retry"
    """Definitely not delivered (refused connection, 5xx, 429): try again later."""
    FAILED = "failed"
    """Never deliverable (the person blocked the bot)."""
    UNCERTAIN = "uncertain"
    """The request may have reached Telegram (a timeout): never sent again."""


@dataclass(frozen=True)
class Claimed:
    """One delivery this sender now owns: where it goes and what to render."""

    id: int
    recipient: int
    event: Event
    attempts: int


async def queue_round_invitation(
    repos: Repositories,
    workspace: Workspace,
    pulse_round: PulseRound,
    recipients: Sequence[int],
    closes_on: date,
    now: datetime,
) -> None:
    """One invitation per member to a round; the same round never invites anyone twice."""
    payload = {
        "business": workspace.name,
        "number": pulse_round.number,
        "closes_on": closes_on.isoformat(),
    }
    await repos.deliveries.record(
        ROUND_INVITATION, f"round:{pulse_round.id}", recipients, payload, now
    )


def _event(kind: str, payload: dict[str, object]) -> Event:
    """The event a stored delivery renders as; one place knows every kind."""
    if kind == ROUND_INVITATION:
        return RoundInvitation(
            str(payload["business"]),
            int(str(payload["number"])),
            date.fromisoformat(str(payload["closes_on"])),
        )
    raise ValueError(f"unknown delivery kind {kind!r}")


class OutboxService:
    """Claims and outcomes of deliveries; the edge does the sending in between."""

    def __init__(self, sessions: Sessions, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def claim(self, limit: int) -> list[Claimed]:
        """Own up to ``limit`` pending deliveries; claims left by a dead sender become uncertain.

        The claim commits before anything is sent, so a second sender never takes the same one.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            for abandoned in await repos.deliveries.stale(now - LEASE):
                await repos.deliveries.settle(abandoned.id, UNCERTAIN, now, "claim expired")
            await repos.deliveries.skip_overdue(now - STALE, now)
            claimed = await repos.deliveries.claim(limit, now)
            return [
                Claimed(d.id, d.recipient, _event(d.kind, d.payload), d.attempts) for d in claimed
            ]

    async def unreachable(self, recipient: int) -> None:
        """The person blocked the bot or deleted their account: stop writing to them."""
        async with self._sessions.begin() as session:
            await Repositories(session).users.mark_unreachable(recipient, self._clock.now())

    async def reachable(self, recipient: int) -> None:
        """The person unblocked the bot: they can be written to again."""
        async with self._sessions.begin() as session:
            await Repositories(session).users.mark_reachable(recipient)

    async def settle(self, claimed: Claimed, outcome: Outcome, error: str | None = None) -> None:
        """Record how a send ended; a retry goes back to pending until the attempts run out."""
        status = {
            Outcome.SENT: SENT,
            Outcome.FAILED: FAILED,
            Outcome.UNCERTAIN: UNCERTAIN,
            Outcome.RETRY: PENDING if claimed.attempts < MAX_ATTEMPTS else FAILED,
        }[outcome]
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await Repositories(session).deliveries.settle(
                claimed.id,
                status,
                now,
                error[:200] if error else None,
                retry_at=now + BACKOFF * claimed.attempts**2,
            )
