"""The `northstar` command: run the bot, apply migrations, check the prompt files, tick."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from telegram.error import NetworkError
from telegram.ext import ExtBot

from alignment.services import SystemClock
from alignment.services.clock import StoppedClock
from bot.app import build_application, production_rate_limiter, run_tick
from bot.chat import run_chat
from bot.demo import WEEKS, run_demo
from bot.handlers import ALLOWED_UPDATES
from bot.logs import configure_logging
from bot.runtime import Runtime
from bot.settings import Settings
from storage.database import redact
from storage.migrate import upgrade

log = logging.getLogger("northstar")

BOTFATHER_HELP = """\
TELEGRAM_BOT_TOKEN is not set, so the bot cannot connect to Telegram.

  1. In Telegram, open @BotFather and send /newbot; it replies with a token
     that looks like 123456789:AA...
  2. Put it in a file named .env next to the Makefile:
         TELEGRAM_BOT_TOKEN=123456789:AA...
     (see .env.example for every setting), or export it in your shell.
  3. Run `make run` again.
"""

LOCAL_COMMANDS = frozenset({"chat", "demo"})
"""Commands that run the bot on the local Bot API (bot/local_api.py) instead of Telegram."""

UNREACHABLE = "Cannot reach Telegram at {url} ({error}). Check the network and try again."


def main(
    argv: Sequence[str] | None = None, load_settings: Callable[[], Settings] = Settings
) -> int:
    """Entry point of the console script and of `python -m bot`.

    ``load_settings`` reads the environment and .env; tests pass their own values instead.
    """
    parser = argparse.ArgumentParser(prog="northstar", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="apply migrations and start the bot (long polling)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    commands.add_parser("check", help="validate settings and every prompt file, then exit")
    jobs = commands.add_parser("jobs", help="scheduled work, for cron instead of the running bot")
    job = jobs.add_subparsers(dest="job", required=True)
    tick = job.add_parser("tick", help="send what is due now (or --at a time), then exit")
    tick.add_argument(
        "--at",
        type=_instant,
        help="act as if it were this time, e.g. 2026-12-07T09:00+01:00 (for tests and replays)",
    )
    chat = commands.add_parser(
        "chat", help="talk to the bot in this terminal: no token, no network"
    )
    chat.add_argument("--db", type=Path, default=Path("northstar-chat.db"), help="SQLite file")
    chat.add_argument(
        "--fresh", action="store_true", help="delete the chat's database and start over"
    )
    demo = commands.add_parser("demo", help="eight weeks of a sample bakery, offline, in a minute")
    demo.add_argument("--out", type=Path, help="folder for its database, chart and CSV")
    demo.add_argument("--weeks", type=int, default=WEEKS, help=argparse.SUPPRESS)  # tests: shorter
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except ValidationError as exc:
        print(f"Invalid settings:\n{_describe(exc)}", file=sys.stderr)
        return 2
    secrets = (settings.telegram_bot_token, settings.openai_api_key)
    quiet = args.command in LOCAL_COMMANDS  # log lines would break up the conversation
    configure_logging(
        "WARNING" if quiet else settings.log_level,
        [secret.get_secret_value() for secret in secrets if secret],
    )

    try:
        if args.command == "migrate":
            _migrate(settings)
        elif args.command == "check":
            Runtime(settings, SystemClock())
            print("Settings and prompt files are valid.")
        elif args.command == "chat":
            return run_chat(settings, args.db, fresh=args.fresh, read=input, write=print)
        elif args.command == "demo":
            return run_demo(settings, args.out, print, args.weeks)
        elif args.command == "jobs":
            return _tick(settings, args.at)
        else:
            return _run(settings)
    except ValueError as exc:  # a PromptFileError reads "<file>: <location>: <problem>"
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 2
    return 0


def _run(settings: Settings) -> int:
    if settings.telegram_bot_token is None:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    app = build_application(settings, rate_limiter=production_rate_limiter(), scheduled_jobs=True)
    _migrate(settings)
    log.info("Starting Northstar with long polling")
    try:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except NetworkError as exc:  # TimedOut too; PTB wraps httpx's ConnectError in it
        print(UNREACHABLE.format(url=settings.telegram_api_base_url, error=exc), file=sys.stderr)
        return 1
    return 0


def _tick(settings: Settings, at: datetime | None) -> int:
    """One tick with the bot's settings, as cron would run it every minute."""
    token = settings.telegram_bot_token
    if token is None:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    runtime = Runtime(settings, StoppedClock(at) if at else SystemClock())
    base = settings.telegram_api_base_url
    bot = ExtBot(
        token.get_secret_value(),
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        rate_limiter=production_rate_limiter(),
    )

    async def once() -> None:
        await runtime.open()
        try:
            async with bot:
                await run_tick(bot, runtime)
        finally:
            await runtime.close()

    try:
        asyncio.run(once())
    except NetworkError as exc:
        print(UNREACHABLE.format(url=base, error=exc), file=sys.stderr)
        return 1
    return 0


def _instant(text: str) -> datetime:
    """An ISO 8601 time with its offset: without one, the moment would be ambiguous."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give a UTC offset, e.g. {text}+00:00")
    return moment


def _migrate(settings: Settings) -> None:
    log.info("Applying migrations to %s", redact(settings.database_url))
    upgrade(settings.database_url)


def _describe(exc: ValidationError) -> str:
    return "\n".join(
        f"  {'.'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors()
    )
