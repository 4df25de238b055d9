"""The `northstar` command as an operator meets it: clear messages, no tracebacks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

ROOT_VARS = ("PATH", "HOME", "SYSTEMROOT", "LANG")


def northstar(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in an empty directory with only the variables given (no inherited token)."""
    base = {name: os.environ[name] for name in ROOT_VARS if name in os.environ}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**base, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_without_a_token_explains_how_to_get_one(tmp_path: Path) -> None:
    result = northstar(tmp_path, "run")
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert ".env" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "northstar.db").exists()


def test_a_malformed_token_is_named_without_echoing_it(tmp_path: Path) -> None:
    result = northstar(tmp_path, "check", TELEGRAM_BOT_TOKEN="not-a-token-secret-value")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "not-a-token-secret-value" not in result.stderr


def test_a_malformed_script_stops_start_up_naming_file_and_question(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    (prompts / "checkins").mkdir(parents=True)
    for name in ("ui.yaml", "reviews.yaml"):
        (prompts / name).write_text((PROJECT_ROOT / "prompts" / name).read_text())
    (prompts / "checkins" / "broken.yaml").write_text(
        "id: broken\ntitle: T\nintro: I\noutro: O\n"
        "questions:\n  - id: size\n    text: How big?\n    type: choice\n"
    )
    result = northstar(tmp_path, "check", PROMPTS_DIR=str(prompts))
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr
    assert "question size" in result.stderr
    assert "needs options" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_creates_the_sqlite_database_in_wal_mode(tmp_path: Path) -> None:
    result = northstar(tmp_path, "migrate", DATABASE_URL="sqlite:///state.db")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"users", "workspaces", "checkins", "answers", "strategy_versions"} <= tables
