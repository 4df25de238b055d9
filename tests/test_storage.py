"""Storage on SQLite and PostgreSQL: migrations match the models, repositories never commit."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import func, select

from storage.database import Sessions
from storage.migrate import alembic_config, upgrade
from storage.models import CheckIn, Goal, User, Workspace
from storage.repositories import Repositories

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def supply_goal() -> Goal:
    return Goal(
        title="Supply 40 cafés",
        metric="Cafés",
        target="40",
        deadline=date(2027, 9, 30),
        confidence=8,
        serves="cafés",
    )


async def test_migrations_from_empty_match_the_models(empty_database_url: str) -> None:
    """Runs every migration itself: other tests get copies of a template migrated once."""
    await asyncio.to_thread(upgrade, empty_database_url)
    await asyncio.to_thread(command.check, alembic_config(empty_database_url))


async def test_repositories_flush_but_never_commit(sessions: Sessions) -> None:
    async with sessions() as session:
        repos = Repositories(session)
        user = await repos.users.upsert(42, "Olena", NOW)
        assert user.id is not None
        await session.rollback()
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_strategy_versions_are_appended_never_overwritten(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        user = await repos.users.upsert(42, "Olena", NOW)
        workspace = await repos.workspaces.add(
            Workspace(
                owner_id=user.id,
                name="Rosie's",
                industry="retail",
                team_size="up_to_5",
                timezone="UTC",
                created_at=NOW,
            )
        )
        await repos.strategy.add_version(
            workspace.id, vision="v1", mission=None, values=["Craft"], goals=[], now=NOW
        )
        await repos.strategy.add_version(
            workspace.id, vision="v2", mission="m", values=["Craft"], goals=[supply_goal()], now=NOW
        )
    async with sessions() as session:
        repos = Repositories(session)
        current = await repos.strategy.current(workspace.id)
        assert current is not None
        assert (current.number, current.vision, [g.title for g in current.goals]) == (
            2,
            "v2",
            ["Supply 40 cafés"],
        )
        assert await repos.strategy.count(workspace.id) == 2


async def test_an_answer_to_the_same_step_replaces_the_earlier_one(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        user = await repos.users.upsert(42, "Olena", NOW)
        checkin = await repos.checkins.add(
            CheckIn(
                user_id=user.id,
                script_id="setup",
                status="active",
                step=1,
                answers=[],
                started_at=NOW,
                updated_at=NOW,
            )
        )
        for value in ("first", "second"):
            await repos.checkins.set_answer(
                checkin,
                key="business_name",
                question_id="business_name",
                value=value,
                dimension=None,
                reverse=False,
                now=NOW,
            )
        await repos.checkins.set_answer(
            checkin,
            key="industry",
            question_id="industry",
            value="x",
            dimension=None,
            reverse=False,
            now=NOW,
        )
        await repos.checkins.delete_answers(checkin, ["industry"])
    async with sessions() as session:
        repos = Repositories(session)
        stored = await repos.checkins.active_for(user.id)
        assert stored is not None
        assert [(a.key, a.value) for a in stored.answers] == [("business_name", "second")]
