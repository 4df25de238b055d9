"""Rows written straight into the database, for tests that start after the owner's set-up."""

from __future__ import annotations

from datetime import date, datetime

from storage.models import Goal, StrategyVersion, Workspace
from storage.repositories import Repositories

OWNER_TELEGRAM_ID = 1001
"""The owner's Telegram id, as tests.fakes and the end-to-end chats use it."""
VISION = "Fresh bread in every café of the region"


async def add_workspace(repos: Repositories, now: datetime) -> Workspace:
    """Olena and her bakery, with no strategy yet."""
    owner = await repos.users.upsert(OWNER_TELEGRAM_ID, "Olena", now)
    return await repos.workspaces.add(
        Workspace(
            owner_id=owner.id,
            name="Rosie's",
            industry="retail",
            team_size="up_to_5",
            timezone="UTC",
            created_at=now,
        )
    )


def supply_goal() -> Goal:
    """A goal as the goals check-in would record it."""
    return Goal(
        title="Supply 40 cafés",
        metric="Cafés",
        target="40",
        deadline=date(2027, 9, 30),
        confidence=8,
        serves="cafés",
    )


async def add_strategy(repos: Repositories, workspace: Workspace, now: datetime) -> StrategyVersion:
    """A vision and one goal: enough for invites and the pulse's recall question."""
    return await repos.strategy.add_version(
        workspace.id,
        vision=VISION,
        mission=None,
        values=["Craft"],
        goals=[supply_goal()],
        now=now,
    )
