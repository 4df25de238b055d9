"""Fixtures: a fake Bot API, a fresh database per test, and the real bot wired to both."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from telegram.ext import Application

from alignment.coach.language_model import LanguageModel
from bot.app import run_tick
from bot.runtime import Runtime
from bot.settings import PROJECT_ROOT, Settings
from storage.database import Sessions, create_engine, create_sessionmaker
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.fakes.openai_api import FakeOpenAiApi
from tests.support.clock import FakeClock
from tests.support.databases import (
    BACKENDS,
    copied_database,
    empty_database,
    migrated_templates,
    postgres_admin_url,
)
from tests.support.harness import Chat, running_bot
from tests.support.seed import add_strategy, add_workspace


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/ from the current prompt files."""
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files of tests/golden/"
    )


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each backend migrated once per session; tests get copies (see tests/support/databases.py)."""
    with migrated_templates(tmp_path_factory.mktemp("templates")) as templates:
        yield templates


STORAGE_MARK = "both_databases"
"""Modules about storage semantics (locks, upserts, migrations, what is stored) carry this mark."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every database test runs on SQLite; those marked ``both_databases`` on PostgreSQL too.

    Chat behaviour does not depend on the database, so running each conversation test twice
    would double the suite for nothing; the storage, concurrency, anonymity, journey and round
    tests are what prove PostgreSQL.
    """
    if "database_url" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker(STORAGE_MARK) is not None
        backends = BACKENDS if both else BACKENDS[:1]
        metafunc.parametrize("database_url", backends, indirect=True)


LONG_MARK = "long"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the longest tests first, so no worker begins one while the others run dry."""

    def seconds(item: pytest.Item) -> int:
        mark = item.get_closest_marker(LONG_MARK)
        return int(mark.kwargs["seconds"]) if mark is not None else 0

    items.sort(key=seconds, reverse=True)


@pytest.fixture
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, database_templates: dict[str, str]
) -> AsyncIterator[str]:
    """A migrated database: SQLite, and PostgreSQL for ``both_databases`` tests in CI."""
    skip_without_server(request.param)
    async with copied_database(request.param, database_templates[request.param], tmp_path) as url:
        yield url


@pytest.fixture(params=BACKENDS)
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database with no tables yet, for tests that run the migrations themselves."""
    skip_without_server(request.param)
    async with empty_database(request.param, tmp_path) as url:
        yield url


def skip_without_server(backend: str) -> None:
    """PostgreSQL runs only where TEST_DATABASE_URL names a server (always in CI)."""
    if backend == "postgresql" and postgres_admin_url() is None:
        pytest.skip("TEST_DATABASE_URL is not set; PostgreSQL runs in CI")


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[Sessions]:
    """Sessions on the test database, for tests that look at what was stored."""
    engine = create_engine(database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger back for tests that call configure_logging (directly or via the CLI)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 23 November 2026, 09:00 UTC, until a test moves it."""
    return FakeClock()


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    """The fake Telegram Bot API on 127.0.0.1."""
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def openai_api() -> AsyncIterator[FakeOpenAiApi]:
    """The fake OpenAI-compatible API on 127.0.0.1; hanging requests end with the test."""
    async with FakeOpenAiApi() as api:
        yield api


@pytest.fixture
def settings(bot_api: FakeBotApi, database_url: str) -> Settings:
    """Settings passed explicitly: no .env file and no environment writes."""
    return Settings(
        _env_file=None,
        telegram_bot_token=bot_api.token,
        telegram_api_base_url=bot_api.base_url,
        database_url=database_url,
        log_level="DEBUG",
        prompts_dir=PROJECT_ROOT / "prompts",
    )


@pytest.fixture
def bot_model() -> LanguageModel | None:
    """The bot's language model: None for what the settings call for (offline); a module
    overrides this fixture to hand the bot a stub."""
    return None


@pytest.fixture
async def bot(
    settings: Settings, clock: FakeClock, bot_model: LanguageModel | None
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The real Application, polling the fake API."""
    async with running_bot(settings, clock, model=bot_model) as app:
        yield app


@pytest.fixture
async def runtime(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    """A second runtime on the bot's database, as `northstar jobs tick` from cron would open."""
    opened = Runtime(settings, clock)
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
def tick(bot: Application, runtime: Runtime) -> Callable[[], Awaitable[None]]:  # type: ignore[type-arg]
    """Run one tick at the fake clock's time, sending through the bot under test."""
    return partial(run_tick, bot.bot, runtime)


@pytest.fixture
def owner(bot_api: FakeBotApi, bot: Application) -> Chat:  # type: ignore[type-arg]
    """A business owner's private chat with the bot."""
    return Chat(bot_api, bot, FakeUser(id=1001, first_name="Olena", username="olena"))


@pytest.fixture
async def seeded(owner: Chat, sessions: Sessions, clock: FakeClock) -> Chat:
    """The owner with the business and a strategy written into the database, not walked through.

    Most chat tests start after set-up; walking it over HTTP in each was the suite's biggest cost.
    """
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    return owner
