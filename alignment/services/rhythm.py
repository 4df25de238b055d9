"""The weekly rhythm: what falls due in each workspace, recorded as deliveries exactly once.

The tick (jobs/tick.py) calls ``RhythmService.record`` with the time and then lets the one
sender send. Everything here is a function of the database and that time: slots are computed
from the workspace's rhythm in its own time zone, every delivery has a key (recipient, kind,
period) so a second tick, a second process or a restart records nothing twice, and a delivery
is due no earlier than the end of the quiet hours. An item that fell due more than a day ago
is recorded as skipped instead of being sent late.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypeVar

from alignment.questionnaire import ScriptCatalog
from alignment.schedule import STALE, Rhythm, Weekly, next_allowed
from alignment.services import commitments, journey, quarterly, restate
from alignment.services.clock import Clock
from alignment.services.nudges import record_nudge
from alignment.services.outbox import (
    CHECKIN_PROMPT,
    DIGEST,
    PULSE_REMINDER,
    ROUND_INVITATION,
    queue_round_invitation,
)
from alignment.services.reports import ReportService
from alignment.services.rotation import Rotation
from alignment.services.rounds import closes_on, open_new_round
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import PulseRound, StrategyVersion, User, Workspace
from storage.repositories import Repositories
from storage.repositories.deliveries import PENDING, SKIPPED

log = logging.getLogger(__name__)
T = TypeVar("T")
REMIND_AFTER = timedelta(hours=24)
"""A member who has not answered this long after being asked gets one reminder."""
REMIND_MARGIN = timedelta(hours=2)
"""No reminder when the round closes sooner than this: it could not be acted on."""
TOPICS = (journey.COMMUNICATION, journey.VISION, journey.SELF_ASSESSMENT)
"""The check-ins that take turns next to goal progress in the owner's weekly prompt."""


def rhythm_of(workspace: Workspace, default: Rhythm) -> Rhythm:
    """The workspace's own choices, and the instance's default for everything it left alone."""
    return Rhythm(
        checkin_day=_either(workspace.checkin_day, default.checkin_day),
        checkin_time=_either(workspace.checkin_time, default.checkin_time),
        pulse_days=tuple(workspace.pulse_days) if workspace.pulse_days else default.pulse_days,
        pulse_time=_either(workspace.pulse_time, default.pulse_time),
        pulse_every=_either(workspace.pulse_every, default.pulse_every),
        pulse_items=_either(workspace.pulse_items, default.pulse_items),
        quiet_from=_either(workspace.quiet_from, default.quiet_from),
        quiet_until=_either(workspace.quiet_until, default.quiet_until),
    )


def _either(own: T | None, default: T) -> T:
    return default if own is None else own


class RhythmService:
    """Finds what is due and records it; sending is the edge's job, after the commit."""

    def __init__(
        self,
        sessions: Sessions,
        clock: Clock,
        scripts: ScriptCatalog,
        rotation: Rotation,
        default: Rhythm,
        round_days: int,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._scripts = scripts
        self._rotation = rotation
        self._default = default
        self._round_days = round_days
        self._reports = ReportService(sessions, scripts, clock)

    async def record(self, now: datetime | None = None) -> None:
        """Record everything due at ``now`` (the clock's time by default), one workspace at a time.

        Rounds whose time ran out are closed first (``jobs.rounds``), so digests can be recorded.

        Each workspace is one transaction under its lock, so tickers in several processes take
        turns on it and the second finds everything already recorded.
        """
        now = now or self._clock.now()
        async with self._sessions() as session:
            workspace_ids = await Repositories(session).workspaces.scheduled()
        for workspace_id in workspace_ids:
            async with self._sessions.begin() as session:
                repos = Repositories(session)
                workspace = await repos.workspaces.locked(workspace_id)
                if workspace is not None and not workspace.paused:
                    await _Due(repos, workspace, self, now).record()


class _Due:
    """What one workspace owes its owner and team at one moment."""

    def __init__(
        self, repos: Repositories, workspace: Workspace, service: RhythmService, now: datetime
    ) -> None:
        self.repos = repos
        self.workspace = workspace
        self.service = service
        self.now = now
        self.rhythm = rhythm_of(workspace, service._default)
        self.zone: tzinfo = tzinfo_for(workspace.timezone)

    async def record(self) -> None:
        strategy = await self.repos.strategy.current(self.workspace.id)
        owner = await self.repos.users.get(self.workspace.owner_id)
        if strategy is None or owner is None:
            return  # set-up is not finished: nothing to check in on or ask about yet
        await self._digests(owner)
        await self._checkin_prompt(owner, strategy)
        await restate.recheck(self.repos, owner, strategy, self.now, self._record)
        await commitments.follow_up(self.repos, self.workspace, owner, self.now, self._record)
        await quarterly.review(
            self.repos,
            self.workspace,
            owner,
            self.now,
            self._record,
            self.service._reports.snapshots,
        )
        if await self.repos.team.member_count(self.workspace.id):
            await self._scheduled_round()
            await self._invitations_and_reminders()
        if next_allowed(self.now, self.zone, self.rhythm) == self.now:
            # Looked for only when one could go out: the night's ticks would find the same
            # nudge for the morning, at the cost of a report computed every minute.
            await record_nudge(self.repos, self.workspace, owner, self.now, self.service._reports)

    async def _digests(self, owner: User) -> None:
        """One digest per round closed lately; one closed while the bot was down is skipped."""
        if owner.unreachable_at is not None:
            return
        for pulse_round in await self.repos.pulses.closed_since(
            self.workspace.id, self.now - 7 * STALE
        ):
            assert pulse_round.closed_at is not None
            upcoming = self._pulses().following(self.now, self.zone)
            payload = {
                "workspace": self.workspace.id,
                "round": pulse_round.id,
                "next_round": upcoming.key[:10] if upcoming else None,
            }
            await self._record(
                DIGEST, f"round:{pulse_round.id}", owner, payload, pulse_round.closed_at
            )

    async def _checkin_prompt(self, owner: User, strategy: StrategyVersion) -> None:
        """The owner's weekly prompt: goal progress once there are goals, and one topic in turn."""
        rhythm = self.rhythm
        checkins = Weekly(
            (rhythm.checkin_day,), rhythm.checkin_time, since=self.workspace.created_at
        )
        slot = checkins.latest(self.now, self.zone)
        if slot is None or owner.unreachable_at is not None:
            return
        week = slot.at.astimezone(self.zone).isocalendar().week
        chosen = [journey.GOAL_PROGRESS] if strategy.goals else []
        chosen.append(TOPICS[week % len(TOPICS)])
        scripts = [[s, self.service._scripts[s].title] for s in chosen]
        payload = {"business": self.workspace.name, "scripts": scripts}
        await self._record(CHECKIN_PROMPT, f"week:{slot.key}", owner, payload, slot.at)

    async def _scheduled_round(self) -> None:
        """Open (or announce) the round of the latest pulse slot, once, unless it is stale."""
        rhythm, repos, now = self.rhythm, self.repos, self.now
        slot = self._pulses().latest(now, self.zone)
        if slot is None or await repos.pulses.round_for_slot(self.workspace.id, slot.key):
            return
        due = next_allowed(slot.at, self.zone, rhythm)
        if due > now:
            return
        if now - due > STALE:
            log.info("workspace %d: pulse slot %s skipped, a day late", self.workspace.id, slot.key)
            return
        current = await repos.pulses.open_round(self.workspace.id, now)
        if current is not None and current.announced_at is not None:
            return  # the owner opened one by hand: this slot waits until it has closed
        if current is None:
            service = self.service
            current = await open_new_round(
                repos, self.workspace, now, service._round_days, service._rotation, slot.key
            )
        else:
            current.slot = slot.key  # a newcomer's baseline round: announce it to everyone
        current.announced_at = now

    def _pulses(self) -> Weekly:
        """When the workspace's rounds open."""
        rhythm = self.rhythm
        return Weekly(
            rhythm.pulse_days, rhythm.pulse_time, rhythm.pulse_every, self.workspace.created_at
        )

    async def _invitations_and_reminders(self) -> None:
        """Invite everyone the open round has not reached yet; remind once a day later.

        A member back from a pause or a vacation is invited then, once; one who joined after
        the round was announced was asked when they joined.
        """
        repos, workspace, now = self.repos, self.workspace, self.now
        pulse_round = await repos.pulses.open_round(workspace.id, now)
        if pulse_round is None or pulse_round.announced_at is None:
            return
        today = now.astimezone(self.zone).date()
        chats = await repos.team.chats_to_prompt(
            workspace.id, pulse_round.id, today, joined_by=pulse_round.announced_at
        )
        await self._round_message(ROUND_INVITATION, pulse_round, chats)
        if pulse_round.closes_at - now < REMIND_MARGIN:
            return
        invited = await repos.deliveries.sent_before(
            ROUND_INVITATION, f"round:{pulse_round.id}", now - REMIND_AFTER
        )
        await self._round_message(PULSE_REMINDER, pulse_round, [c for c in chats if c in invited])

    async def _round_message(
        self, kind: str, pulse_round: PulseRound, chats: Sequence[int]
    ) -> None:
        day = closes_on(pulse_round, self.workspace).date()
        await queue_round_invitation(
            self.repos,
            self.workspace,
            pulse_round,
            chats,
            day,
            self.now,
            kind=kind,
            not_before=next_allowed(self.now, self.zone, self.rhythm),
        )

    async def _record(
        self, kind: str, period: str, to: User, payload: dict[str, Any], fell_due: datetime
    ) -> None:
        """Record a message due since ``fell_due``; after quiet hours, or skipped if stale.

        Found late (the tick ran first inside the quiet hours), it still waits for the morning.
        """
        due = next_allowed(fell_due, self.zone, self.rhythm)
        status = SKIPPED if self.now - due > STALE else PENDING
        not_before = max(due, next_allowed(self.now, self.zone, self.rhythm))
        await self.repos.deliveries.record(
            kind, period, [to.telegram_id], payload, self.now, not_before=not_before, status=status
        )
