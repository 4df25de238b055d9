"""Migrated databases for tests: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Alembic runs once per session into a template per backend; each test gets a copy (a file copy
on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), which is far cheaper than migrating
every test's database. The schema-drift test migrates an empty database itself.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from storage.migrate import upgrade

BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str | None:
    """The server CI started for us, or None on a developer machine without one."""
    return os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def migrated_templates(directory: Path) -> Iterator[dict[str, str]]:
    """Migrate one template per available backend; PostgreSQL's is dropped on the way out.

    Synchronous on purpose: Alembic runs its own event loop, so this belongs in a session
    fixture that is set up before any test's loop runs.
    """
    sqlite_path = directory / "template.db"
    upgrade(_sqlite_url(sqlite_path))
    if postgres_admin_url() is None:
        yield {"sqlite": str(sqlite_path)}
        return
    name = _unique_name("template")
    asyncio.run(_execute(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(_postgres_url(name))
        yield {"sqlite": str(sqlite_path), "postgresql": name}
    finally:
        asyncio.run(_drop(name))


@asynccontextmanager
async def copied_database(backend: str, template: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the URL of a private copy of ``template``, the migrated schema with no rows."""
    if backend == "sqlite":
        path = tmp_path / "northstar.db"
        shutil.copyfile(template, path)
        yield _sqlite_url(path)
        return
    async with _postgres_database(f'TEMPLATE "{template}"') as url:
        yield url


@asynccontextmanager
async def empty_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield the URL of a database with no tables, for tests that run the migrations."""
    if backend == "sqlite":
        yield _sqlite_url(tmp_path / "northstar.db")
        return
    async with _postgres_database() as url:
        yield url


@asynccontextmanager
async def _postgres_database(clause: str = "") -> AsyncIterator[str]:
    name = _unique_name("test")
    await _execute(f'CREATE DATABASE "{name}" {clause}')
    try:
        yield _postgres_url(name)
    finally:
        await _drop(name)


async def _drop(name: str) -> None:
    await _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _execute(statement: str) -> None:
    """Run one statement on the admin database (CREATE/DROP DATABASE cannot share a transaction)."""
    dsn = _admin_url().set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _admin_url() -> URL:
    admin = postgres_admin_url()
    if admin is None:
        raise RuntimeError("TEST_DATABASE_URL is not set")
    return make_url(admin)


def _postgres_url(name: str) -> str:
    return _admin_url().set(database=name).render_as_string(hide_password=False)


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _unique_name(kind: str) -> str:
    """Unique per call, so parallel runs on one server never collide."""
    return f"northstar_{kind}_{uuid.uuid4().hex[:12]}"
