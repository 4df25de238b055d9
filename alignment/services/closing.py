"""Closing rounds whose time ran out, and fixing the pooling block of every closed round.

This is the only place blocks are assigned: reports read them and never write. It runs when the
owner closes a round, before a new round opens, and every minute from ``jobs/rounds.py``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from alignment.privacy import Turnout, pool_rounds
from alignment.team.items import ECHO
from storage.models import Workspace
from storage.repositories import Repositories


async def close_due_rounds(repos: Repositories, workspace: Workspace, now: datetime) -> None:
    """Mark rounds past ``closes_at`` closed at that time, then pool closed unpooled rounds.

    A block's distinct respondents and mean stored echo similarity are fixed with it: its
    rounds never change again, so /report reads them instead of counting every participation.

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
    keys: dict[int, set[str]] = defaultdict(set)
    for round_id, key, _ in await repos.pulses.turnout([r.id for r in unpooled]):
        keys[round_id].add(key)
    turnout = [Turnout(r.id, frozenset(keys[r.id])) for r in unpooled]
    by_id = {r.id: r for r in unpooled}
    for block in pool_rounds(turnout, locked.anonymity_threshold).blocks:
        people = len(set().union(*(keys[i] for i in block)))
        echo = await repos.pulses.mean_similarity(block, ECHO)
        for round_id in block:
            pulse_round = by_id[round_id]
            pulse_round.block = by_id[block[-1]].number
            pulse_round.block_respondents = people
            pulse_round.block_echo = echo
    await repos.session.flush()
