"""`northstar chat` driven through standard input, as a person would type into it."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alignment.dimensions import Dimension
from alignment.scoring import whole
from bot.chat import folder_for
from bot.cli import main
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from tests.support.steps import GOAL, MISSION, VALUES, VISION

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
KEEP = "1"  # "Keep it" under a review
OWNER_JOURNEY = [
    "/start",
    "1",  # Set up my business
    "Rosie's Bakery",
    "1",  # Retail / shop
    "1",  # the smallest team
    "1",  # the first time zone
    VISION,
    KEEP,
    MISSION,
    KEEP,
    VALUES,
    KEEP,
    *GOAL,
    "2027-09-30",
    "7",
    "40 cafés across the region",
    "2",  # That's all for now
    *["4"] * 8,  # the brief self-check
]

pytestmark = pytest.mark.usefixtures("restore_logging")


def chat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *lines: str) -> int:
    """Run `northstar chat` on a database in ``tmp_path`` with ``lines`` as its input."""
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    database = tmp_path / "chat.db"

    def settings() -> Settings:
        return Settings(_env_file=None, prompts_dir=PROJECT_ROOT / "prompts")

    return main(["chat", "--db", str(database)], settings)


def test_the_owner_journey_a_member_joining_and_a_week_of_scheduled_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = chat(
        tmp_path, monkeypatch, *OWNER_JOURNEY, "/as anna", "/as owner", "/tick +1w", "/quit"
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "✓ 7" in out  # typing 7 pressed the button "7"
    joined = out.split("You are now anna", 1)[1].split("You are now you (owner).", 1)[0]
    assert "── Northstar → anna ──" in joined
    assert "Rosie's Bakery team" in joined
    weekly = UI.rhythm.checkin_prompt.split("{")[0]
    after_tick = out.rsplit("You are now you (owner).", 1)[1]
    owner_block = after_tick.split("── Northstar → you (owner) ──\n" + weekly, 1)
    assert len(owner_block) == 2, after_tick
    assert "1) Goal check-in" in owner_block[1]
    assert (folder_for(tmp_path / "chat.db") / "state.json").exists()


def test_a_continued_chat_keeps_its_members_and_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chat(tmp_path, monkeypatch, *OWNER_JOURNEY, "/as anna", "/tick +2d", "/quit")
    first = shown_time(capsys.readouterr().out)
    chat(tmp_path, monkeypatch, "/as anna", "/tick 2020-01-01T00:00", "/tick +1h")
    second = capsys.readouterr().out
    assert "opening the invite link" not in second  # anna is known: no second join
    assert "You are now anna." in second
    assert "The clock only moves forward." in second
    assert timedelta(hours=1) <= shown_time(second) - first < timedelta(hours=1, minutes=5)


def shown_time(out: str) -> datetime:
    """The last "It is now ..." time the chat printed."""
    return datetime.strptime(out.rsplit("It is now ", 1)[1][:20], "%a %Y-%m-%d %H:%M")


def test_the_demo_prints_a_report_and_writes_a_chart_and_a_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def settings() -> Settings:
        return Settings(_env_file=None, prompts_dir=PROJECT_ROOT / "prompts")

    # one week of the eight: the full story takes longer than the suite should wait
    assert main(["demo", "--out", str(tmp_path), "--weeks", "1"], settings) == 0
    out = capsys.readouterr().out
    header = UI.report.header.format(business="Crumb & Co Bakery", round=1)
    assert header in out
    chart = Path(out.split("Chart: ", 1)[1].splitlines()[0])
    table = Path(out.split("Figures (CSV): ", 1)[1].splitlines()[0])
    assert chart.parent == tmp_path
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert table.read_text().startswith("round,closed_on")
    clarity = next(
        row
        for row in csv.DictReader(table.read_text().splitlines())
        if row["dimension"] == Dimension.VISION_CLARITY
    )
    story = f"{UI.dimensions[Dimension.VISION_CLARITY]} by round: round 1: {whole(float(clarity['team']))}"
    assert f"{story}\n" in out.split(header, 1)[0], "before the report"
