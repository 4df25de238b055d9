"""Closing rounds whose time ran out, and fixing the reported blocks and what each shows.

This is the only place blocks and their figures are decided: reports read them and never write.
It runs when the owner closes a round, before a new round opens, and every minute from
``jobs/rounds.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from alignment.privacy import Turnout, pool_rounds
from alignment.team.disclosure import GROUP, Decision, Filing, Key, decide
from alignment.team.items import ECHO
from storage.models import BlockFigure, PulseRound, Workspace
from storage.repositories import Repositories

Row = tuple[int, str, int | None, list[str] | None, bool]
"""A participation as ``PulseRepository.filings`` returns it."""


@dataclass
class _Reported:
    """What the next block is compared with: the reports the owner has already seen."""

    previous: frozenset[str] | None
    """The people of the last block; None before the first."""
    rest: frozenset[str] | None
    """The people outside the last block's shown departments."""
    last_shown: dict[Key, frozenset[str]] = field(default_factory=dict)

    def add(self, filings: Sequence[Filing], decision: Decision) -> None:
        """Move on past a block just fixed."""
        self.previous = frozenset(f.respondent for f in filings)
        self.rest = decision.rest
        self.last_shown |= decision.shown


async def close_due_rounds(repos: Repositories, workspace: Workspace, now: datetime) -> None:
    """Mark rounds past ``closes_at`` closed at that time, then fix every block now reportable.

    A block's distinct respondents, newcomers, mean stored echo similarity and the verdict on
    every figure are fixed with it: its rounds never change again, so /report reads them.
    The workspace row is locked first, so two closings never pool the same rounds twice.
    """
    locked = await repos.workspaces.locked(workspace.id) or workspace
    due = await repos.pulses.due_rounds(workspace.id, now)
    for pulse_round in due:
        pulse_round.closed_at = pulse_round.closes_at
    await repos.pulses.rewrite_closed([r.id for r in due])
    await repos.session.flush()
    unpooled = await repos.pulses.unpooled_rounds(workspace.id)
    if not unpooled:
        return
    rows = await repos.pulses.filings([r.id for r in unpooled])
    turnout = _turnout(unpooled, rows)
    reported = await _reported(repos, workspace.id)
    threshold = locked.anonymity_threshold
    pools = pool_rounds(turnout, threshold, reported.previous)
    by_id = {r.id: r for r in unpooled}
    for block in pools.blocks:
        last = by_id[block[-1]]
        filings = [_filing(row) for row in rows if row[0] in block]
        decision = decide(filings, reported.last_shown, reported.rest, threshold)
        echo = await repos.pulses.mean_similarity(block, ECHO)
        newcomers = {row[1] for row in rows if row[0] in block and row[4]}
        await repos.voters.forget(block)
        for round_id in block:
            pulse_round = by_id[round_id]
            pulse_round.block = last.number
            pulse_round.block_respondents = len({f.respondent for f in filings})
            pulse_round.block_newcomers = len(newcomers)
            pulse_round.block_echo = echo
            pulse_round.held = None
        await repos.pulses.add_figures(
            [
                BlockFigure(
                    round_id=last.id,
                    department_id=department,
                    figure=figure,
                    people=verdict.people,
                    held=verdict.held,
                )
                for (department, figure), verdict in sorted(
                    decision.verdicts.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])
                )
            ]
        )
        reported.add(filings, decision)
    for round_id in pools.waiting:
        by_id[round_id].held = pools.held
    await repos.session.flush()


def _turnout(rounds: Sequence[PulseRound], rows: Sequence[Row]) -> list[Turnout]:
    people: dict[int, set[str]] = defaultdict(set)
    newcomers: dict[int, set[str]] = defaultdict(set)
    for round_id, key, _, _, newcomer in rows:
        people[round_id].add(key)
        if newcomer:
            newcomers[round_id].add(key)
    return [Turnout(r.id, frozenset(people[r.id]), frozenset(newcomers[r.id])) for r in rounds]


def _filing(row: Row) -> Filing:
    _, key, department, figures, _ = row
    return Filing(key, department, frozenset(figures) if figures is not None else None)


async def _reported(repos: Repositories, workspace_id: int) -> _Reported:
    """The people of the last block, of its rest, and of the last block that showed each figure."""
    last = await repos.pulses.last_block(workspace_id)
    if last is None:
        return _Reported(previous=None, rest=None)
    newest = await repos.pulses.last_shown(workspace_id)
    blocks = await repos.pulses.block_rounds(workspace_id, {last, *newest.values()})
    rows = await repos.pulses.filings([i for ids in blocks.values() for i in ids])
    block_of = {round_id: block for block, ids in blocks.items() for round_id in ids}
    filings: dict[int, list[Filing]] = defaultdict(list)
    for row in rows:
        filings[block_of[row[0]]].append(_filing(row))
    last_filings = filings[last]
    everyone = frozenset(f.respondent for f in last_filings)
    shown_departments = {
        d for (d, figure), block in newest.items() if figure == GROUP and block == last
    }
    rest = everyone - {f.respondent for f in last_filings if f.department in shown_departments}
    wanted: dict[int, set[Key]] = defaultdict(set)
    for key, block in newest.items():
        wanted[block].add(key)
    found: dict[Key, set[str]] = defaultdict(set)
    for block, block_filings in filings.items():
        keys = wanted[block]
        everything = {figure for _, figure in keys}  # records from before 0008: every figure
        for filing in block_filings:
            figures = filing.figures if filing.figures is not None else everything
            for figure in (*figures, GROUP):
                for key in ((None, figure), (filing.department, figure)):
                    if key in keys:
                        found[key].add(filing.respondent)
    last_shown = {key: frozenset(people) for key, people in found.items()}
    return _Reported(previous=everyone, rest=rest, last_shown=last_shown)
