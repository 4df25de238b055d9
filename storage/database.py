"""Engine and session factory: one place that knows how to talk to SQLite or PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

Sessions = async_sessionmaker[AsyncSession]
"""The session factory type services and tests receive."""


def create_engine(url: str) -> AsyncEngine:
    """Build the async engine; SQLite gets WAL, secure delete, foreign keys and a busy timeout."""
    engine = create_async_engine(url, pool_pre_ping=not is_sqlite(url))
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> Sessions:
    """Sessions keep loaded objects usable after commit, so replies can be rendered later."""
    return async_sessionmaker(engine, expire_on_commit=False)


def is_sqlite(url: str) -> bool:
    """Whether the URL points at the embedded SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def redact(url: str) -> str:
    """The URL with any password masked, safe for logs."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection settings; docs/security.md states what secure delete guarantees with WAL.

    ``secure_delete`` zeroes deleted rows (a member's unfinished answers) instead of leaving
    them in free space. In WAL mode the old text also sits in the ``-wal`` file until a
    checkpoint; ``journal_size_limit=0`` truncates that file whenever SQLite starts it over
    after a complete checkpoint, so no stale frames stay behind in its tail.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA journal_size_limit=0")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
