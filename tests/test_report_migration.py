"""Migration 0004 fixes the figures of blocks formed before it, as closing fixes new ones."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text

from storage.database import create_engine
from storage.migrate import alembic_config, upgrade

pytestmark = pytest.mark.both_databases

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SEED = [
    "INSERT INTO users (id, telegram_id, first_name, created_at) VALUES (1, 1, 'O', :now)",
    "INSERT INTO workspaces (id, owner_id, name, industry, team_size, timezone,"
    " anonymity_threshold, created_at) VALUES (1, 1, 'B', 'I', 'S', 'UTC', 3, :now)",
    "INSERT INTO pulse_rounds (id, workspace_id, number, opened_at, closes_at, closed_at, block)"
    " VALUES (1, 1, 1, :now, :now, :now, 2), (2, 1, 2, :now, :now, :now, 2),"
    " (3, 1, 3, :now, :now, :now, NULL)",
    "INSERT INTO participation (round_id, respondent_key, completed_on) VALUES"
    " (1, 'a', :day), (1, 'b', :day), (2, 'a', :day), (2, 'c', :day), (3, 'd', :day)",
    "INSERT INTO pulse_texts (id, round_id, kind, text, similarity, filed_on) VALUES"
    " ('t1', 1, 'echo', 'x', 0.5, :day), ('t2', 2, 'echo', 'y', 1.0, :day),"
    " ('t3', 2, 'comment', 'z', NULL, :day)",
]


async def test_existing_blocks_get_their_respondents_and_echo(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0003")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(text(statement), {"now": NOW, "day": date(2026, 11, 23)})
        await asyncio.to_thread(upgrade, database_url)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT number, block_respondents, block_echo FROM pulse_rounds ORDER BY number"
                )
            )
            found = [tuple(row) for row in rows.all()]
    finally:
        await engine.dispose()
    assert [(n, people) for n, people, _ in found] == [(1, 3), (2, 3), (3, None)]
    assert [echo for _, _, echo in found[:2]] == [pytest.approx(0.75)] * 2
    assert found[2][2] is None
