"""The report chart: owner vs team profile and the headline score over time, as PNG bytes.

matplotlib is imported only when a chart is drawn: it takes most of a second to load, and
starting the bot, the CLI or a test should not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from alignment.scoring.levels import whole

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_IN = 10.0
HEIGHT_IN = 4.5
DPI = 110
TEAM_COLOUR = "#2a6f97"
OWNER_COLOUR = "#e07a5f"
BAR_HEIGHT = 0.38
SCALE = (0.0, 100.0)


@dataclass(frozen=True)
class ProfilePoint:
    """One dimension's scores; either side may be missing (too few answers, not asked yet)."""

    label: str
    team: float | None
    owner: float | None


@dataclass(frozen=True)
class HistoryPoint:
    """The headline alignment score of one pulse round."""

    label: str
    headline: float


def render_chart(
    profile: Sequence[ProfilePoint],
    history: Sequence[HistoryPoint],
    *,
    title: str,
    profile_title: str,
    history_title: str,
    team_label: str,
    owner_label: str,
    empty_history: str,
) -> bytes:
    """Draw both panels as a PNG; Figure + Agg canvas directly, so no pyplot global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazily: see the module docstring
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="tight")
    FigureCanvasAgg(figure)  # attaches itself: savefig then renders with Agg, no backend lookup
    figure.suptitle(title, fontsize=13, fontweight="bold")
    profile_axes, history_axes = figure.subplots(1, 2, width_ratios=(3, 2))
    _draw_profile(profile_axes, profile, profile_title, team_label, owner_label)
    _draw_history(history_axes, history, history_title, empty_history)
    buffer = BytesIO()
    # No "Software" text chunk: the same data must give the same bytes whatever the version.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _draw_profile(
    axes: Axes,
    profile: Sequence[ProfilePoint],
    title: str,
    team_label: str,
    owner_label: str,
) -> None:
    """Grouped horizontal bars, owner above team; a missing score leaves a gap, not a zero."""
    from matplotlib.patches import Patch

    for offset, colour, scores in (
        (-BAR_HEIGHT / 2, OWNER_COLOUR, [p.owner for p in profile]),
        (BAR_HEIGHT / 2, TEAM_COLOUR, [p.team for p in profile]),
    ):
        drawn = [(row, score) for row, score in enumerate(scores) if score is not None]
        bars = axes.barh(
            [row + offset for row, _ in drawn],
            [score for _, score in drawn],
            height=BAR_HEIGHT,
            color=colour,
        )
        # Whole numbers, as in the text: a bar's length alone is hard to read on a phone.
        axes.bar_label(bars, fmt=_whole, padding=2, fontsize=8)
    axes.set_yticks(range(len(profile)), [p.label for p in profile])
    axes.set_ylim(len(profile) - 0.5, -0.5)
    axes.set_xlim(*SCALE)
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    # Proxy handles keep both entries in the legend even when one side has no scores at all.
    axes.legend(
        handles=[
            Patch(color=OWNER_COLOUR, label=owner_label),
            Patch(color=TEAM_COLOUR, label=team_label),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncols=2,
        frameon=False,
    )


def _draw_history(
    axes: Axes,
    history: Sequence[HistoryPoint],
    title: str,
    empty_history: str,
) -> None:
    """A line with markers, so a single round still shows as a dot; a note when there is none."""
    axes.set_title(title)
    axes.set_ylim(*SCALE)
    if not history:
        axes.set_xticks([])
        axes.text(
            0.5,
            0.5,
            empty_history,
            ha="center",
            va="center",
            color="grey",
            transform=axes.transAxes,
        )
        return
    rounds = range(len(history))
    axes.plot(rounds, [p.headline for p in history], color=TEAM_COLOUR, marker="o", linewidth=2)
    for x, point in zip(rounds, history, strict=True):
        axes.annotate(
            _whole(point.headline),
            (x, point.headline),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
        )
    axes.set_xticks(rounds, [p.label for p in history])
    axes.set_xlim(-0.5, len(history) - 0.5)
    axes.grid(axis="y", alpha=0.3)


def _whole(value: float) -> str:
    """A value label rounded like every figure in the report (half away from zero)."""
    return str(whole(float(value)))  # matplotlib passes numpy floats
