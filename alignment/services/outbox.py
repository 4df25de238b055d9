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
from typing import TYPE_CHECKING, Any

from alignment.services import quarterly, restate
from alignment.services.clock import Clock
from alignment.services.commitments import COMMITMENT_CHECK, announcement
from alignment.services.events import (
    CheckinPrompt,
    CommitmentCheck,
    Digest,
    Event,
    PulseReminder,
    RoundInvitation,
)
from alignment.services.nudges import NUDGE, nudge_event
from storage.database import Sessions
from storage.models import PulseRound, Workspace
from storage.repositories import Repositories
from storage.repositories.deliveries import FAILED, PENDING, SENT, UNCERTAIN

if TYPE_CHECKING:  # reports imports rounds, which queues invitations here
    from alignment.services.coach import CoachService
    from alignment.services.reports import ReportService

ROUND_INVITATION = "round_invitation"
PULSE_REMINDER = "pulse_reminder"
CHECKIN_PROMPT = "checkin_prompt"
DIGEST = "digest"
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
    """One delivery this sender now owns: where it goes and what it is about."""

    id: int
    recipient: int
    kind: str
    payload: dict[str, Any]
    attempts: int


async def queue_round_invitation(
    repos: Repositories,
    workspace: Workspace,
    pulse_round: PulseRound,
    recipients: Sequence[int],
    closes_on: date,
    now: datetime,
    *,
    kind: str = ROUND_INVITATION,
    not_before: datetime | None = None,
) -> None:
    """One invitation (or, with ``kind``, reminder) per member to a round, never two.

    An invitation opens with the owner's latest commitment that no round has announced yet.
    """
    payload: dict[str, Any] = {
        "business": workspace.name,
        "number": pulse_round.number,
        "closes_on": closes_on.isoformat(),
    }
    if kind == ROUND_INVITATION and recipients:
        payload["changed"] = await restate.round_change(repos, pulse_round, workspace.timezone)
        payload["said"] = await announcement(repos, pulse_round)
    await repos.deliveries.record(
        kind, f"round:{pulse_round.id}", recipients, payload, now, not_before=not_before
    )


class OutboxService:
    """Claims and outcomes of deliveries; the edge does the sending in between."""

    def __init__(
        self,
        sessions: Sessions,
        clock: Clock,
        reports: ReportService,
        rechecks: restate.Rechecks,
        coach: CoachService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._reports = reports
        self._rechecks = rechecks
        self._coach = coach

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
            return [Claimed(d.id, d.recipient, d.kind, d.payload, d.attempts) for d in claimed]

    async def events(self, claimed: Claimed) -> list[Event]:
        """What a delivery says, read when it is sent; the one place that knows every kind.

        A digest is the report as it stands when it goes out (after quiet hours, say): only
        closed rounds are ever reported, so waiting cannot change what it shows. A reported
        digest is followed by the coach's weekly insight, worked out after the report's
        transaction has closed.
        """
        payload, kind = claimed.payload, claimed.kind
        if kind in (ROUND_INVITATION, PULSE_REMINDER):
            closes_on = date.fromisoformat(payload["closes_on"])
            if kind == PULSE_REMINDER:
                return [PulseReminder(payload["business"], int(payload["number"]), closes_on)]
            changed = restate.change_of(payload.get("changed"))
            said = payload.get("said")
            number = int(payload["number"])
            return [RoundInvitation(payload["business"], number, closes_on, changed, said)]
        if kind == CHECKIN_PROMPT:
            scripts = tuple((str(s), str(t)) for s, t in payload["scripts"])
            return [CheckinPrompt(payload["business"], scripts)]
        if kind == quarterly.REVIEW:
            return [quarterly.review_event(payload)]
        if kind == restate.RECHECK:
            return await self._rechecks.events(payload)
        if kind == NUDGE:
            return [nudge_event(payload)]
        if kind == DIGEST:
            after = payload.get("next_round")
            next_round = date.fromisoformat(after) if after else None
            found = await self._reports.digest(payload["workspace"], payload["round"], next_round)
            if any(isinstance(e, Digest) for e in found):
                found += await self._coach.insight(payload["workspace"])
            return found
        if kind == COMMITMENT_CHECK:
            due_on = date.fromisoformat(payload["due_on"])
            return [CommitmentCheck(int(payload["commitment"]), payload["what"], due_on)]
        raise ValueError(f"unknown delivery kind {kind!r}")

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
