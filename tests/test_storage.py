"""Storage on SQLite and PostgreSQL: migrations match the models, repositories never commit,
and counts, users and numbers are written by single statements that hold under concurrency."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from storage.database import Sessions, is_sqlite
from storage.migrate import alembic_config, upgrade
from storage.models import (
    Base,
    CheckIn,
    Department,
    PulseRound,
    PulseTally,
    StrategyVersion,
    User,
    Workspace,
)
from storage.repositories import Repositories
from tests.support.seed import add_workspace, supply_goal

pytestmark = pytest.mark.both_databases

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
CELLS = [("clear", 1), ("clear", 2), ("recall", 0), ("recall", 1)]
"""The count cells of a tiny pulse: one Likert item with two values, and recall."""


# SQLite cannot reflect expression indexes, so only the PostgreSQL run compares
# uq_pulse_tallies_cell; both runs compare everything else.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
async def test_migrations_from_empty_match_the_models(empty_database_url: str) -> None:
    """Runs every migration itself: other tests get copies of a template migrated once."""
    await asyncio.to_thread(upgrade, empty_database_url)
    await asyncio.to_thread(command.check, alembic_config(empty_database_url))
    if is_sqlite(empty_database_url):
        path = make_url(empty_database_url).database
        assert path is not None
        assert await asyncio.to_thread(sqlite_layout, path) == model_layout()


Layout = dict[str, tuple[bool, set[str]]]
"""Per table: whether it is WITHOUT ROWID, and the names of its own indexes."""
WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID\s*$", re.IGNORECASE)


def sqlite_layout(path: str) -> Layout:
    """What Alembic's check cannot see on SQLite: table options and expression indexes."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT type, tbl_name, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            " AND tbl_name NOT IN ('alembic_version', 'sqlite_sequence') ORDER BY type DESC"
        ).fetchall()
    layout: Layout = {}
    for kind, table, name, sql in rows:  # tables come before their indexes
        if kind == "table":
            layout[table] = (bool(WITHOUT_ROWID.search(sql)), set())
        elif kind == "index":
            layout[table][1].add(name)
    return layout


def model_layout() -> Layout:
    """The same, as the models declare it."""
    return {
        table.name: (
            table.dialect_options["sqlite"]["with_rowid"] is False,
            {str(index.name) for index in table.indexes},
        )
        for table in Base.metadata.sorted_tables
    }


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
        workspace = await add_workspace(repos, NOW)
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
        numbers = await session.scalars(
            select(StrategyVersion.number).order_by(StrategyVersion.number)
        )
        assert numbers.all() == [1, 2]


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


async def test_upsert_refreshes_the_name_of_the_same_row(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        first = await Repositories(session).users.upsert(42, "Olena", NOW)
    async with sessions.begin() as session:
        again = await Repositories(session).users.upsert(42, "Olena K." * 20, NOW + timedelta(1))
    assert (again.id, again.first_name, again.created_at) == (
        first.id,
        ("Olena K." * 20)[:128],
        NOW,
    )
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1


async def add_round(repos: Repositories, workspace: Workspace) -> PulseRound:
    return await repos.pulses.add_round(workspace.id, NOW, NOW + timedelta(days=3))


async def counts(sessions: Sessions) -> list[tuple[int | None, str, int, int]]:
    """(department, item, value, count) of every stored count, sorted by cell."""
    async with sessions() as session:
        cell = (PulseTally.department_id, PulseTally.item_id, PulseTally.value)
        rows = await session.execute(select(*cell, PulseTally.count).order_by(*cell))
        return [(d, i, v, c) for d, i, v, c in rows.all()]


async def test_counts_are_prepared_once_and_added_to(sessions: Sessions) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        pulse_round = await add_round(repos, await add_workspace(repos, NOW))
        for answers in ([("recall", 1), ("clear", 2)], [("clear", 2)]):
            await repos.pulses.prepare_counts(pulse_round.id, None, TODAY, CELLS)
            await repos.pulses.count_answers(pulse_round.id, None, TODAY, answers)
        with pytest.raises(LookupError):
            await repos.pulses.count_answers(pulse_round.id, None, TODAY, [("clear", 5)])
        with pytest.raises(ValueError, match="counted twice"):
            await repos.pulses.count_answers(pulse_round.id, None, TODAY, [("clear", 1)] * 2)
    assert await counts(sessions) == [
        (None, "clear", 1, 0),
        (None, "clear", 2, 2),
        (None, "recall", 0, 0),
        (None, "recall", 1, 1),
    ]


async def test_removing_a_department_folds_its_counts_into_the_team_ones(
    sessions: Sessions,
) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        workspace = await add_workspace(repos, NOW)
        kitchen = Department(workspace_id=workspace.id, name="Kitchen", created_at=NOW)
        await repos.team.add(kitchen)
        pulse_round = await add_round(repos, workspace)
        # The team has counted only the Likert item so far; the kitchen has recall as well.
        await repos.pulses.prepare_counts(pulse_round.id, None, TODAY, CELLS[:2])
        await repos.pulses.count_answers(pulse_round.id, None, TODAY, [("clear", 2)])
        await repos.pulses.prepare_counts(pulse_round.id, kitchen.id, TODAY, CELLS)
        await repos.pulses.count_answers(
            pulse_round.id, kitchen.id, TODAY, [("clear", 2), ("recall", 1)]
        )
        await repos.team.remove(kitchen)
    assert await counts(sessions) == [
        (None, "clear", 1, 0),
        (None, "clear", 2, 2),
        (None, "recall", 0, 0),
        (None, "recall", 1, 1),
    ]


async def test_migration_0004_sums_counts_that_were_stored_twice(
    database_url: str, sessions: Sessions
) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        pulse_round = await add_round(repos, await add_workspace(repos, NOW))
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0003")
    async with sessions.begin() as session:
        # Revision 0003 numbers the counts itself, so the model's random key stays out.
        await session.execute(
            text(
                "INSERT INTO pulse_tallies (round_id, item_id, value, filed_on, count)"
                " VALUES (:round, :item, :value, :day, :count)"
            ),
            [
                {"round": pulse_round.id, "item": item, "value": value, "day": TODAY, "count": n}
                for item, value, n in [("clear", 1, 1), ("clear", 2, 1), ("clear", 1, 2)]
            ],
        )
    await asyncio.to_thread(upgrade, database_url)
    assert await counts(sessions) == [(None, "clear", 1, 3), (None, "clear", 2, 1)]
