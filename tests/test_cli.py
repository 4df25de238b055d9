"""The `northstar` command as an operator meets it: clear messages, no tracebacks.

The commands run in-process with settings passed to ``main`` (no environment writes); one
smoke test starts ``python -m bot`` for real to prove the entry point and the environment path.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")

ROOT_VARS = ("PATH", "HOME", "SYSTEMROOT", "LANG")

pytestmark = pytest.mark.usefixtures("restore_logging")


def settings_of(tmp_path: Path, **values: Any) -> Callable[[], Settings]:
    """What main() would read from a clean environment: no token, no .env, a private database."""
    defaults: dict[str, Any] = {
        "telegram_bot_token": None,
        "database_url": f"sqlite:///{tmp_path / 'northstar.db'}",
        "prompts_dir": PROJECT_ROOT / "prompts",
    }
    return lambda: Settings(_env_file=None, **(defaults | values))


def test_run_without_a_token_explains_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"], settings_of(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err
    assert ".env" in err
    assert "Traceback" not in err
    assert not (tmp_path / "northstar.db").exists()


def test_a_malformed_token_is_named_without_echoing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load = settings_of(tmp_path, telegram_bot_token="not-a-token-secret-value")
    assert main(["check"], load) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "not-a-token-secret-value" not in err


def test_a_short_fingerprint_secret_is_named_without_echoing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load = settings_of(tmp_path, fingerprint_secret="short-secret-value")
    assert main(["check"], load) == 2
    err = capsys.readouterr().err
    assert "FINGERPRINT_SECRET" in err
    assert "at least 32 characters" in err
    assert "short-secret-value" not in err


def test_a_malformed_script_stops_start_up_naming_file_and_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = tmp_path / "prompts"
    (prompts / "checkins").mkdir(parents=True)
    for name in ("ui.yaml", "reviews.yaml"):
        (prompts / name).write_text((PROJECT_ROOT / "prompts" / name).read_text())
    (prompts / "checkins" / "broken.yaml").write_text(
        "id: broken\ntitle: T\nintro: I\noutro: O\n"
        "questions:\n  - id: size\n    text: How big?\n    type: choice\n"
    )
    assert main(["check"], settings_of(tmp_path, prompts_dir=prompts)) == 2
    err = capsys.readouterr().err
    assert "broken.yaml" in err
    assert "question size" in err
    assert "needs options" in err
    assert "Traceback" not in err


def test_migrate_creates_the_sqlite_database_in_wal_mode(tmp_path: Path) -> None:
    load = settings_of(tmp_path, database_url=f"sqlite:///{tmp_path / 'state.db'}")
    assert main(["migrate"], load) == 0
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"users", "workspaces", "checkins", "answers", "strategy_versions"} <= tables


def test_python_dash_m_bot_checks_settings_from_the_environment(tmp_path: Path) -> None:
    """The real entry point, in an empty directory with only the variables given."""
    base = {name: os.environ[name] for name in ROOT_VARS if name in os.environ}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=tmp_path,
        env={**base, "PYTHONPATH": str(PROJECT_ROOT), "TELEGRAM_BOT_TOKEN": "not-a-token"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_telegram_unreachable_at_start_up_is_one_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = "123456789:AAfake-token-for-an-unreachable-server"
    with socket.socket() as closed:  # a port nothing listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    load = settings_of(
        tmp_path, telegram_bot_token=token, telegram_api_base_url=f"http://127.0.0.1:{port}"
    )

    assert main(["run"], load) == 1

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith(f"Cannot reach Telegram at http://127.0.0.1:{port}")
    assert token not in err


def test_a_tick_without_a_token_explains_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "tick"], settings_of(tmp_path)) == 2
    assert "@BotFather" in capsys.readouterr().err


def test_a_tick_at_a_time_without_an_offset_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["jobs", "tick", "--at", "2026-12-07T09:00"], settings_of(tmp_path))
    assert exit_.value.code == 2
    assert "give a UTC offset" in capsys.readouterr().err


async def test_a_tick_from_cron_sends_the_owner_the_weekly_prompt_once(
    seeded: Chat, bot_api: FakeBotApi, settings: Settings
) -> None:
    prompt = UI.rhythm.checkin_prompt.split("{")[0]
    monday = ["jobs", "tick", "--at", "2026-11-30T09:00+00:00"]
    for _ in range(2):  # cron may well run it twice
        assert await asyncio.to_thread(main, monday, lambda: settings) == 0
    sent = [m for m in bot_api.sent_messages(seeded.user.id) if m["text"].startswith(prompt)]
    assert len(sent) == 1
