"""The owner's team: invite links, departments and the anonymity threshold."""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from alignment.privacy import MIN_THRESHOLD, disclosed_groups
from alignment.services.clock import Clock
from alignment.services.errors import NotOwner
from alignment.services.events import (
    DepartmentLine,
    Event,
    InviteLink,
    Notice,
    Person,
    PrivacyTerms,
    TeamView,
)
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import Department, Invite, Workspace
from storage.repositories import Repositories

TOKEN_BYTES = 16
"""128 random bits: unguessable, and short enough for a t.me deep link (22 characters)."""
NAME_LIMIT = 40
MAX_THRESHOLD = 50
"""Above the largest team we expect, a threshold would only ever hide everything."""


def token_hash(token: str) -> str:
    """Only this is stored, so reading the database never yields a working invite link."""
    return hashlib.sha256(token.encode()).hexdigest()


class TeamService:
    """Owner-only actions; each call loads the owner's workspace and refuses anyone else."""

    def __init__(self, sessions: Sessions, clock: Clock, invite_days: int = 14) -> None:
        self._sessions = sessions
        self._clock = clock
        self._invite_life = timedelta(days=invite_days)

    async def invite(self, person: Person, department: str | None) -> list[Event]:
        """A fresh invite link, optionally placing members in a department."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            chosen = None
            if department:
                chosen = await _find_department(repos, workspace.id, department)
                if chosen is None:
                    return [Notice("unknown_department", {"name": department})]
            now = self._clock.now()
            token = secrets.token_urlsafe(TOKEN_BYTES)
            invite = Invite(
                workspace_id=workspace.id,
                token_hash=token_hash(token),
                department_id=chosen.id if chosen else None,
                created_at=now,
                expires_at=now + self._invite_life,
            )
            await repos.team.add(invite)
            expires_on = invite.expires_at.astimezone(tzinfo_for(workspace.timezone)).date()
            return [
                InviteLink(
                    invite.id, token, workspace.name, expires_on, chosen.name if chosen else None
                )
            ]

    async def revoke(self, person: Person, invite_id: int | None) -> list[Event]:
        """Revoke one invite (from its button) or, with None, every live one."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            now = self._clock.now()
            if invite_id is None:
                live = await repos.team.live_invites(workspace.id, now)
                for invite in live:
                    invite.revoked_at = now
                return [Notice("invites_revoked", {"count": len(live)})]
            found = await repos.team.invite(invite_id)
            if found is None or found.workspace_id != workspace.id:
                return [Notice("button_expired")]
            found.revoked_at = found.revoked_at or now
            return [Notice("invite_revoked")]

    async def overview(self, person: Person) -> list[Event]:
        """Members and participation per department, with small groups left blank.

        A department's participation is shown only when ``disclosed_groups`` allows it for its
        number of members: hiding only the small ones would let total minus the shown ones
        say whether a one-person department answered.
        """
        async with owner_scope(self._sessions, person) as (repos, workspace):
            threshold = workspace.anonymity_threshold
            members = await repos.team.members(workspace.id)
            closed = await repos.pulses.closed_rounds(workspace.id, self._clock.now())
            latest = closed[0] if closed else None
            turnout = await repos.pulses.turnout([latest.id]) if latest else []
            sizes = Counter(m.department_id for m in members)
            shown = disclosed_groups(sizes, threshold) if latest else frozenset()
            lines = []
            for number, department in enumerate(await repos.team.departments(workspace.id), 1):
                answered = sum(1 for _, _, d in turnout if d == department.id)
                lines.append(
                    DepartmentLine(
                        number,
                        department.name,
                        sizes[department.id],
                        min(answered, sizes[department.id]) if department.id in shown else None,
                    )
                )
            view = TeamView(
                business=workspace.name,
                threshold=threshold,
                members=len(members),
                unassigned=sum(1 for m in members if m.department_id is None),
                departments=tuple(lines),
                last_round=latest.number if latest else None,
                answered=min(len(turnout), len(members)) if latest else None,
                live_invites=len(await repos.team.live_invites(workspace.id, self._clock.now())),
                unreachable=await repos.users.unreachable_count([m.user_id for m in members]),
            )
            return [view]

    async def add_department(self, person: Person, name: str) -> list[Event]:
        """/team add <name>."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            clean = _clean(name)
            if clean is None:
                return [Notice("department_name", {"limit": NAME_LIMIT})]
            if await _find_department(repos, workspace.id, clean, by_number=False):
                return [Notice("department_exists", {"name": clean})]
            await repos.team.add(
                Department(workspace_id=workspace.id, name=clean, created_at=self._clock.now())
            )
            return [Notice("department_added", {"name": clean})]

    async def rename_department(self, person: Person, which: str, name: str) -> list[Event]:
        """/team rename <number or name> <new name>."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            department = await _find_department(repos, workspace.id, which)
            if department is None:
                return [Notice("unknown_department", {"name": which})]
            clean = _clean(name)
            if clean is None:
                return [Notice("department_name", {"limit": NAME_LIMIT})]
            clash = await _find_department(repos, workspace.id, clean, by_number=False)
            if clash is not None and clash.id != department.id:
                return [Notice("department_exists", {"name": clean})]
            old, department.name = department.name, clean
            return [Notice("department_renamed", {"old": old, "name": clean})]

    async def remove_department(self, person: Person, which: str) -> list[Event]:
        """/team remove <number or name>; its members stay on the team without a department."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            department = await _find_department(repos, workspace.id, which)
            if department is None:
                return [Notice("unknown_department", {"name": which})]
            await repos.team.remove(department)
            return [Notice("department_removed", {"name": department.name})]

    async def privacy(self, person: Person) -> list[Event]:
        """/privacy: the protections, with the threshold that applies to this person."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            user = await repos.users.by_telegram_id(person.external_id)
            teams = [w for _, w in await repos.team.memberships_of(user.id)] if user else []
            owned = await repos.workspaces.owned_by(user.id) if user else None
            sizes = [
                (w.name, await repos.team.member_count(w.id))
                for w in [*([owned] if owned else []), *teams]
            ]
            return [PrivacyTerms(await threshold_of(repos, person), tuple(sizes))]

    async def set_threshold(self, person: Person, value: int) -> list[Event]:
        """/team threshold <n>: only ever raised, never below the minimum.

        Members joined on the promise of the current threshold (/privacy: "the owner can raise
        this, never lower it"), so the floor is the current value, and never below the minimum.
        """
        async with owner_scope(self._sessions, person) as (_repos, workspace):
            return [raise_threshold(workspace, value)]


def raise_threshold(workspace: Workspace, value: int) -> Notice:
    """Set the threshold if ``value`` is not below the current one (nor the minimum)."""
    floor = max(MIN_THRESHOLD, workspace.anonymity_threshold)
    if not floor <= value <= MAX_THRESHOLD:
        return Notice("threshold_invalid", {"minimum": floor, "maximum": MAX_THRESHOLD})
    workspace.anonymity_threshold = value
    return Notice("threshold_set", {"threshold": value})


async def threshold_of(repos: Repositories, person: Person) -> int:
    """The strictest threshold among the teams this person owns or belongs to."""
    user = await repos.users.by_telegram_id(person.external_id)
    if user is None:
        return MIN_THRESHOLD
    owned = await repos.workspaces.owned_by(user.id)
    teams = [w for _, w in await repos.team.memberships_of(user.id)]
    return max(
        [w.anonymity_threshold for w in [*teams, *([owned] if owned else [])]] or [MIN_THRESHOLD]
    )


@asynccontextmanager
async def owner_scope(
    sessions: Sessions, person: Person
) -> AsyncIterator[tuple[Repositories, Workspace]]:
    """One transaction with the workspace this person owns.

    The one owner check: anyone else gets NotOwner, raised inside the transaction so it rolls
    back, and the edge words it once for every owner-only command and button.
    """
    async with sessions.begin() as session:
        repos = Repositories(session)
        workspace = await owned_by(repos, person)
        if workspace is None:
            raise NotOwner
        yield repos, workspace


async def owned_by(repos: Repositories, person: Person) -> Workspace | None:
    """The workspace this person owns, or None for members and strangers."""
    user = await repos.users.by_telegram_id(person.external_id)
    return await repos.workspaces.owned_by(user.id) if user else None


async def _find_department(
    repos: Repositories, workspace_id: int, which: str, *, by_number: bool = True
) -> Department | None:
    """A department by its number in /team or by name, ignoring case."""
    departments = await repos.team.departments(workspace_id)
    wanted = which.strip()
    if by_number and wanted.isdigit() and 1 <= int(wanted) <= len(departments):
        return departments[int(wanted) - 1]
    return next((d for d in departments if d.name.casefold() == wanted.casefold()), None)


def _clean(name: str) -> str | None:
    clean = " ".join(name.split())
    return clean if 0 < len(clean) <= NAME_LIMIT else None
