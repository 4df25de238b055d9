"""The team member's side: joining from a link, answering rounds, pausing and leaving."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta

from alignment.schedule_input import parse_date
from alignment.services.checkins import CheckInService
from alignment.services.clock import Clock
from alignment.services.closing import close_due_rounds
from alignment.services.events import (
    AwayChoice,
    DepartmentChoice,
    Event,
    LeaveChoice,
    LeaveConfirm,
    Notice,
    Person,
    Role,
    RoleChanged,
    Started,
)
from alignment.services.roles import role_of
from alignment.services.rounds import ROUND_DAYS, open_new_round
from alignment.services.team import owned_by, token_hash
from alignment.services.voters import Voters
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import Membership, Workspace
from storage.repositories import Repositories

NO_DEPARTMENT = 0
"""The department id a member picks with "Prefer not to say"."""
AWAY_WEEKS = (1, 2)
"""The vacation lengths offered as buttons; a week starts today."""
MAX_AWAY = timedelta(days=90)
"""The furthest a vacation may reach; longer absences are /pause or /leave."""


class MemberService:
    """Every action looks the membership up from the person; ids from buttons are re-checked."""

    def __init__(
        self,
        sessions: Sessions,
        checkins: CheckInService,
        clock: Clock,
        round_days: int = ROUND_DAYS,
        voters: Voters | None = None,
    ) -> None:
        self._sessions = sessions
        self._checkins = checkins
        self._clock = clock
        self._round_days = round_days
        self._voters = voters or Voters()

    async def join(self, person: Person, token: str) -> list[Event]:
        """/start <token>: check the invite, welcome, ask the department, start the baseline."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            now = self._clock.now()
            invite = await repos.team.invite_by_hash(token_hash(token))
            if invite is None:
                return [Notice("invite_unknown")]
            if invite.revoked_at is not None or invite.expires_at <= now:
                return [Notice("invite_expired")]
            workspace = await repos.workspaces.get(invite.workspace_id)
            if workspace is None:
                return [Notice("invite_unknown")]
            user = await repos.users.upsert(person.external_id, person.first_name, now)
            if workspace.owner_id == user.id:
                return [Notice("invite_own")]
            business = {"business": workspace.name}
            if await repos.team.membership(workspace.id, user.id) is not None:
                return [Notice("already_member", business)]
            membership = Membership(
                workspace_id=workspace.id,
                user_id=user.id,
                department_id=invite.department_id,
                respondent_key=secrets.token_hex(16),
                joined_at=now,
            )
            paused = await self._checkins.set_aside(repos, user)
            await repos.team.add(membership)
            events: list[Event] = [
                RoleChanged(person.external_id, await role_of(repos, user.id)),
                *paused,
                Notice("member_welcome", {**business, "threshold": workspace.anonymity_threshold}),
            ]
            departments = await repos.team.departments(workspace.id)
            if membership.department_id is None and departments:
                choices = tuple((d.id, d.name) for d in departments)
                return [*events, DepartmentChoice(membership.id, choices)]
            return [*events, *await self._answer(repos, person, workspace, membership)]

    async def choose_department(
        self, person: Person, membership_id: int, department_id: int
    ) -> list[Event]:
        """A tap on a department button; only the member themself can set it, and only once."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            found = await self._membership(repos, person, membership_id)
            if found is None:
                return [Notice("button_expired")]
            membership, workspace = found
            if membership.department_id is not None:
                return [Notice("button_expired")]  # set by the link or an earlier tap
            departments = {d.id: d.name for d in await repos.team.departments(workspace.id)}
            if department_id != NO_DEPARTMENT and department_id not in departments:
                return [Notice("button_expired")]
            membership.department_id = None if department_id == NO_DEPARTMENT else department_id
            name = departments.get(department_id)
            events: list[Event] = [Notice("department_set", {"department": name or "-"})]
            return [*events, *await self._answer(repos, person, workspace, membership)]

    async def pulse(self, person: Person) -> list[Event]:
        """/pulse: continue the open pulse, or start the first open round not yet answered."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            teams = await self._teams(repos, person)
            if not teams:
                return [await _not_on_a_team(repos, person)]
            now = self._clock.now()
            refused = False
            for membership, workspace in teams:
                pulse_round = await repos.pulses.open_round(workspace.id, now)
                if pulse_round is None:
                    continue
                if await repos.pulses.participated(pulse_round.id, membership.respondent_key):
                    continue
                if await self._voters.voted(repos, person.external_id, pulse_round.id):
                    refused = True  # filed under an earlier membership: left and rejoined
                    continue
                return await self._checkins.begin_pulse(repos, person, workspace, pulse_round.id)
            return [Notice("already_answered" if refused else "no_open_round")]

    async def pause(self, person: Person, *, paused: bool) -> list[Event]:
        """/pause and /resume: stop or restart round invitations on every team."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            teams = await self._teams(repos, person)
            if not teams:
                return [await _not_on_a_team(repos, person)]
            for membership, _ in teams:
                membership.paused = paused
                if not paused:
                    membership.away_until = None
            return [Notice("paused" if paused else "resumed")]

    async def away(
        self, person: Person, typed: str | None = None, *, weeks: int | None = None
    ) -> list[Event]:
        """/away <date> or a one- or two-week button: no invitations until that day, inclusive.

        "Today" and the date are in the (first) team's time zone; /resume ends it early.
        """
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            teams = await self._teams(repos, person)
            if not teams:
                return [await _not_on_a_team(repos, person)]
            if typed is None and weeks is None:
                return [AwayChoice()]
            today = self._clock.now().astimezone(tzinfo_for(teams[0][1].timezone)).date()
            if weeks in AWAY_WEEKS:
                until: date | None = today + timedelta(weeks=weeks, days=-1)
            else:
                until = parse_date(typed or "", today)
            if until is None:
                return [Notice("away_bad_date")]
            if until < today:
                return [Notice("away_past", {"today": today.isoformat()})]
            if until > today + MAX_AWAY:
                return [Notice("away_too_far", {"days": MAX_AWAY.days})]
            for membership, _ in teams:
                membership.away_until = until
            return [Notice("away_set", {"until": until.isoformat()})]

    async def leave(
        self, person: Person, workspace_id: int | None = None, *, confirmed: bool = False
    ) -> list[Event]:
        """/leave: drop the membership and every personal trace; filed counts stay anonymous.

        Nothing is deleted until the person has confirmed which team they leave.
        """
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            teams = await self._teams(repos, person)
            if not teams:
                return [await _not_on_a_team(repos, person)]
            if workspace_id is None and len(teams) > 1:
                return [LeaveChoice(tuple((w.id, w.name) for _, w in teams))]
            chosen = [(m, w) for m, w in teams if workspace_id in (None, w.id)]
            if not chosen:
                return [Notice("button_expired")]
            membership, workspace = chosen[0]
            if not confirmed:
                return [LeaveConfirm(workspace.id, workspace.name)]
            user = await repos.users.by_telegram_id(person.external_id)
            if user is None:
                return [Notice("not_a_member")]
            checkin = await repos.checkins.active_for(user.id)
            if checkin is not None and checkin.workspace_id == workspace.id:
                await repos.checkins.remove(checkin)
            await repos.team.remove(membership)
            role = await role_of(repos, user.id)
            if role is Role.NEWCOMER:
                await repos.users.remove(user)
            left = Notice("left", {"business": workspace.name})
            return [left, RoleChanged(person.external_id, role)]

    async def _answer(
        self, repos: Repositories, person: Person, workspace: Workspace, membership: Membership
    ) -> list[Event]:
        """Start the member's pulse in the open round, opening one when none is."""
        now = self._clock.now()
        pulse_round = await repos.pulses.open_round(workspace.id, now)
        if pulse_round is None:
            await close_due_rounds(repos, workspace, now)
            pulse_round = await open_new_round(repos, workspace, now, self._round_days)
        if await repos.pulses.participated(
            pulse_round.id, membership.respondent_key
        ) or await self._voters.voted(repos, person.external_id, pulse_round.id):
            return [Notice("already_answered")]
        events = await self._checkins.begin_pulse(repos, person, workspace, pulse_round.id)
        # the welcome has just said what the pulse is, so its introduction would say it twice
        return [event for event in events if not isinstance(event, Started)]

    async def _teams(
        self, repos: Repositories, person: Person
    ) -> Sequence[tuple[Membership, Workspace]]:
        user = await repos.users.by_telegram_id(person.external_id)
        return await repos.team.memberships_of(user.id) if user else []

    async def _membership(
        self, repos: Repositories, person: Person, membership_id: int
    ) -> tuple[Membership, Workspace] | None:
        teams = await self._teams(repos, person)
        return next(((m, w) for m, w in teams if m.id == membership_id), None)


async def _not_on_a_team(repos: Repositories, person: Person) -> Notice:
    """Owners get pointed at their own commands; anyone else at an invite link."""
    owns = await owned_by(repos, person) is not None
    return Notice("owner_not_member" if owns else "not_a_member")
