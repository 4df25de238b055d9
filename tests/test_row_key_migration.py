"""Migration 0007 gives the anonymous tables random keys and keeps every row they held."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine
from storage.migrate import alembic_config, upgrade

pytestmark = pytest.mark.both_databases

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)
SEED = [
    "INSERT INTO users (id, telegram_id, first_name, created_at) VALUES (1, 1, 'O', :now)",
    "INSERT INTO workspaces (id, owner_id, name, industry, team_size, timezone,"
    " anonymity_threshold, created_at) VALUES (1, 1, 'B', 'I', 'S', 'UTC', 3, :now)",
    "INSERT INTO pulse_rounds (id, workspace_id, number, opened_at, closes_at)"
    " VALUES (1, 1, 1, :now, :now)",
    "INSERT INTO participation (round_id, respondent_key, completed_on) VALUES"
    " (1, 'a', :day), (1, 'b', :day), (1, 'c', :day)",
    "INSERT INTO pulse_tallies (round_id, item_id, value, filed_on, count) VALUES"
    " (1, 'clear', 1, :day, 2), (1, 'clear', 2, :day, 1)",
    "INSERT INTO pulse_texts (id, round_id, kind, text, filed_on) VALUES"
    " ('t1', 1, 'comment', 'x', :day), ('t2', 1, 'comment', 'y', :day)",
]
CONTENT = {
    "participation": "SELECT respondent_key FROM participation ORDER BY 1",
    "pulse_tallies": "SELECT item_id || value || ':' || count FROM pulse_tallies ORDER BY 1",
    "pulse_texts": "SELECT text FROM pulse_texts ORDER BY 1",
}
"""What each table holds, without its keys."""
KEYS = {
    "participation": "SELECT id FROM participation",
    "pulse_tallies": "SELECT id FROM pulse_tallies",
    "pulse_texts": "SELECT id FROM pulse_texts",
}
KEPT = {
    "participation": ["a", "b", "c"],
    "pulse_tallies": ["clear1:2", "clear2:1"],
    "pulse_texts": ["x", "y"],
}


async def stored(engine: AsyncEngine) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(content, keys) per table, on fresh connections: PostgreSQL's cached plans of the old
    tables would be stale after a migration."""
    await engine.dispose()
    async with engine.connect() as connection:

        async def column(query: str) -> list[str]:
            return [str(value) for value in (await connection.execute(text(query))).scalars()]

        content = {table: await column(query) for table, query in CONTENT.items()}
        keys = {table: await column(query) for table, query in KEYS.items()}
    return content, keys


async def test_rows_survive_with_random_keys_and_the_way_back(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0005")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(text(statement), {"now": NOW, "day": DAY})
        await asyncio.to_thread(upgrade, database_url)
        content, keys = await stored(engine)
        assert content == KEPT
        assert all(re.fullmatch(r"[0-9a-f]{32}", k) for ks in keys.values() for k in ks), keys
        assert not {"t1", "t2"} & set(keys["pulse_texts"])  # texts got fresh keys as well

        await asyncio.to_thread(command.downgrade, config, "0005")
        content, keys = await stored(engine)
        assert content == KEPT
        assert sorted(keys["participation"]) == ["1", "2", "3"]
        assert sorted(keys["pulse_tallies"]) == ["1", "2"]
        async with engine.begin() as connection:  # numbering goes on after the rows kept
            added = await connection.execute(
                text(
                    "INSERT INTO participation (round_id, respondent_key, completed_on)"
                    " VALUES (1, 'd', :day) RETURNING id"
                ),
                {"day": DAY},
            )
            assert added.scalar_one() == 4
        await asyncio.to_thread(upgrade, database_url)
        content, _ = await stored(engine)
        assert content["participation"] == ["a", "b", "c", "d"]
    finally:
        await engine.dispose()
