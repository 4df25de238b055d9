"""Fresh, migrated databases: a SQLite file always, PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from storage.migrate import upgrade

BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str | None:
    """The server CI started for us, or None on a developer machine without one."""
    return os.environ.get("TEST_DATABASE_URL") or None


@asynccontextmanager
async def fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the URL of an empty database with every migration applied."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'northstar.db'}"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    admin = postgres_admin_url()
    if admin is None:
        raise RuntimeError("TEST_DATABASE_URL is not set")
    name = f"northstar_test_{uuid.uuid4().hex[:12]}"
    server = make_url(admin)
    dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        url = server.set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()
