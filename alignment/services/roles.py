"""Who a person is to the bot (newcomer, owner, member or both), which decides their commands."""

from __future__ import annotations

from alignment.services.events import Event, HelpPage, Person, Role, UnknownCommand
from storage.database import Sessions
from storage.repositories import Repositories


async def role_of(repos: Repositories, user_id: int | None) -> Role:
    """The role of a user row (None: someone the bot has not stored)."""
    if user_id is None:
        return Role.NEWCOMER
    owns = await repos.workspaces.owned_by(user_id) is not None
    member = bool(await repos.team.memberships_of(user_id))
    if owns and member:
        return Role.BOTH
    return Role.OWNER if owns else Role.MEMBER if member else Role.NEWCOMER


class RoleService:
    """Read-only answers that depend only on the person's role."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def help(self, person: Person) -> list[Event]:
        """/help for this person's role."""
        return [HelpPage(await self._role(person))]

    async def unknown_command(self, person: Person, command: str) -> list[Event]:
        """A command the bot does not have; the edge may suggest one of this role's commands."""
        return [UnknownCommand(command, await self._role(person))]

    async def _role(self, person: Person) -> Role:
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            user = await repos.users.by_telegram_id(person.external_id)
            return await role_of(repos, user.id if user else None)
