"""The report chart: a valid PNG of the agreed size, stable bytes, and no pyplot."""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Sequence

import pytest

from alignment.reporting import HistoryPoint, ProfilePoint, render_chart
from alignment.reporting.chart import DPI, HEIGHT_IN, WIDTH_IN

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PROFILE = (
    ProfilePoint("Vision clarity", team=62.5, owner=87.5),
    ProfilePoint("Goal alignment", team=50.0, owner=75.0),
    ProfilePoint("Communication flow", team=None, owner=70.0),
    ProfilePoint("Operational harmony", team=40.0, owner=None),
    ProfilePoint("Market alignment", team=None, owner=None),
)
HISTORY = (HistoryPoint("R1", 48.0), HistoryPoint("R2", 55.5), HistoryPoint("R3", 61.0))


def render(profile: Sequence[ProfilePoint], history: Sequence[HistoryPoint]) -> bytes:
    return render_chart(
        profile,
        history,
        title="Alignment report",
        profile_title="Owner vs team",
        history_title="Alignment over time",
        team_label="Team",
        owner_label="You",
        empty_history="No history yet",
    )


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    # The first chunk is IHDR: 4-byte length, 4-byte type, then width and height.
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize(
    "history",
    [HISTORY, (), (HistoryPoint("R1", 70.0),)],
    ids=["several rounds", "no history", "one round"],
)
def test_renders_a_png_of_the_agreed_size(history: Sequence[HistoryPoint]) -> None:
    png = render(PROFILE, history)
    assert png_size(png) == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))


def test_renders_when_every_score_is_missing() -> None:
    blank = [ProfilePoint(p.label, team=None, owner=None) for p in PROFILE]
    assert png_size(render(blank, ())) == (1100, 495)


def test_same_data_gives_identical_bytes() -> None:
    assert render(PROFILE, HISTORY) == render(PROFILE, HISTORY)


def test_missing_values_change_the_picture() -> None:
    filled = [ProfilePoint(p.label, team=50.0, owner=50.0) for p in PROFILE]
    assert render(filled, HISTORY) != render(PROFILE, HISTORY)


def test_no_software_chunk_leaks_the_version() -> None:
    assert b"Software" not in render(PROFILE, HISTORY)


def fresh_interpreter(code: str) -> str:
    """What ``code`` prints in a new Python process, whose sys.modules starts empty."""
    result = subprocess.run(  # noqa: S603 - fixed code run by the current interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_rendering_never_imports_pyplot() -> None:
    code = (
        "import sys\n"
        "from alignment.reporting import HistoryPoint, ProfilePoint, render_chart\n"
        "render_chart([ProfilePoint('Vision clarity', team=50.0, owner=80.0)],\n"
        "             [HistoryPoint('R1', 60.0)], title='t', profile_title='p',\n"
        "             history_title='h', team_label='Team', owner_label='You',\n"
        "             empty_history='none')\n"
        "print('matplotlib.figure' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    assert fresh_interpreter(code) == "True False"


def test_starting_the_bot_leaves_matplotlib_unloaded() -> None:
    code = "import sys\nimport bot.app, bot.cli\nprint('matplotlib' in sys.modules)\n"
    assert fresh_interpreter(code) == "False"
