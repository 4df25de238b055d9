"""The composition root: the one place that builds the Application from Settings."""

from __future__ import annotations

import ssl
from functools import cache

import httpx
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes
from telegram.request import HTTPXRequest

from alignment.coach.language_model import LanguageModel
from alignment.services import Clock, SystemClock
from alignment.services.events import Role
from bot.handlers import register
from bot.menus import bot_commands
from bot.ratelimit import TelegramRateLimiter
from bot.runtime import Runtime
from bot.sender import flush
from bot.settings import Settings
from jobs.tick import FIRST_RUN_SECONDS, INTERVAL_SECONDS, tick


class MissingTokenError(RuntimeError):
    """Raised when the bot is built without TELEGRAM_BOT_TOKEN."""


def production_rate_limiter() -> BaseRateLimiter:  # type: ignore[type-arg]
    """Telegram's flood limits, paced for the bot as a whole and per chat.

    Our own limiter, not PTB's ``AIORateLimiter``: that one ends a 429 pause early (upstream
    issue 5338) and does not pace private chats (see ``bot/ratelimit.py``).
    """
    return TelegramRateLimiter()


DEFAULT_CONNECTIONS = 256
GET_UPDATES_CONNECTIONS = 1
"""PTB's own pool sizes: its default for requests, one for long polling's one open request."""


@cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every Bot API client in the process, built as httpx builds its own.

    Each client would otherwise load the CA bundle again (about 50 ms, two clients per
    application); a context is safe to share and nothing changes it after this.
    """
    return httpx.create_ssl_context()


def _request(connections: int = DEFAULT_CONNECTIONS) -> HTTPXRequest:
    """PTB's default request, on the shared TLS context."""
    return HTTPXRequest(connections, httpx_kwargs={"verify": tls_context()})


async def run_tick(bot: Bot, runtime: Runtime) -> None:
    """One tick at the clock's time: record what is due, then send it through ``bot``."""
    services = runtime.services

    async def send() -> None:
        await flush(bot, services.outbox, runtime.texts)

    await tick(services.sessions, services.rhythm, send, runtime.clock.now())


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rate_limiter: BaseRateLimiter | None,  # type: ignore[type-arg]
    scheduled_jobs: bool,
    model: LanguageModel | None = None,
) -> Application:  # type: ignore[type-arg]
    """Build the bot; connections open in post_init and close in post_shutdown.

    The rate limiter is an explicit argument: production passes ``production_rate_limiter()``,
    while the end-to-end harness talks to a local fake API and passes None (one test keeps it).
    Scheduled jobs are explicit too: they run on real time, so tests that travel with a fake
    clock call the job functions themselves instead (one test checks the schedule). A
    ``model`` replaces the language model the settings call for (LangChain with a key, offline
    without), so tests can stub it.
    """
    if settings.telegram_bot_token is None:
        raise MissingTokenError("TELEGRAM_BOT_TOKEN is not set")
    runtime = Runtime(settings, clock or SystemClock(), model)

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        await runtime.open()
        texts = runtime.texts
        await app.bot.set_my_commands(bot_commands(texts, Role.NEWCOMER))
        await app.bot.set_my_description(texts.profile.description)
        await app.bot.set_my_short_description(texts.profile.short_description)
        if scheduled_jobs and app.job_queue is not None:
            app.job_queue.run_repeating(
                tick_job, interval=INTERVAL_SECONDS, first=FIRST_RUN_SECONDS, name=tick.__name__
            )

    async def tick_job(context: ContextTypes.DEFAULT_TYPE) -> None:
        await run_tick(context.bot, runtime)

    async def post_shutdown(_app: Application) -> None:  # type: ignore[type-arg]
        await runtime.close()

    base = settings.telegram_api_base_url
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .request(_request())
        .get_updates_request(_request(GET_UPDATES_CONNECTIONS))
    )
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    register(app, runtime)
    return app
