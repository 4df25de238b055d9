"""The round-by-round figures as CSV, for owners who want them in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from alignment.scoring import hundredths
from alignment.team.report import Snapshot

COLUMNS = (
    "round",
    "closed_on",
    "pooled_rounds",
    "respondents",
    "headline",
    "recall_rate",
    "echo_similarity",
    "dimension",
    "team",
    "agreement_rwg",
    "average_deviation",
    "owner",
    "gap",
    "n",
    "change",
    "as_of_round",
)
"""``as_of_round`` is the block that measured the row's figures: the row's own round, or an
earlier one for a dimension a short round did not ask."""


def history_csv(history: Sequence[Snapshot]) -> bytes:
    """One row per round and dimension, unrounded beyond 2 decimals so totals can be redone."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for snap in history:
        for score in snap.scores:
            measured = snap.measured(score.dimension)
            writer.writerow(
                [
                    snap.number,
                    snap.closed_on.isoformat(),
                    " ".join(str(n) for n in sorted(snap.pooled)),
                    snap.respondents,
                    _cell(snap.headline),
                    _cell(snap.recall),
                    _cell(snap.echo),
                    score.dimension.value,
                    _cell(score.team),
                    _cell(score.rwg),
                    _cell(score.ad),
                    _cell(score.owner),
                    _cell(score.gap),
                    score.n,
                    _cell(score.change),
                    measured.number if measured else snap.number,
                ]
            )
    return buffer.getvalue().encode("utf-8")


def _cell(value: float | None) -> str:
    """Halves away from zero, like every other figure (``f"{0.125:.2f}"`` would give 0.12)."""
    return "" if value is None else f"{hundredths(value):.2f}"
