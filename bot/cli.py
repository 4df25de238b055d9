"""The `northstar` command: run the bot, apply migrations, check the prompt files."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from telegram.error import NetworkError

from alignment.services import SystemClock
from bot.app import build_application, production_rate_limiter
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
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except ValidationError as exc:
        print(f"Invalid settings:\n{_describe(exc)}", file=sys.stderr)
        return 2
    token = settings.telegram_bot_token
    configure_logging(settings.log_level, [token.get_secret_value()] if token else [])

    try:
        if args.command == "migrate":
            _migrate(settings)
        elif args.command == "check":
            Runtime(settings, SystemClock())
            print("Settings and prompt files are valid.")
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


def _migrate(settings: Settings) -> None:
    log.info("Applying migrations to %s", redact(settings.database_url))
    upgrade(settings.database_url)


def _describe(exc: ValidationError) -> str:
    return "\n".join(
        f"  {'.'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors()
    )
