"""What a filed pulse costs the database, counted at the driver, so regressions show.

Before issue 11 a member's last tap cost 131 statements on SQLite (one SELECT … FOR UPDATE and
one UPDATE per answer, and the 82 zero counts inserted one by one); now it is 14 on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from storage.database import Sessions
from storage.models import PulseTally
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat
from tests.support.team import PULSE_ITEMS, SKIP, TOP_GOAL, member, start_team

pytestmark = pytest.mark.both_databases

MOST_STATEMENTS = 16
"""14 today on both databases: load the turn (3), store the last answer and drop the copy (3),
check membership, round and participation (3), look up and record the account's fingerprint
for the round (2: issue 13, so leaving and rejoining cannot file twice; the fingerprint secret
is cached after its first use, so it costs nothing here), one INSERT of every zero count, one
UPDATE of every answered count, one participation record; texts add one INSERT each."""


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def test_a_filed_pulse_costs_a_handful_of_statements(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {await start_team(owner)}")
    for _ in PULSE_ITEMS:
        await anna.tap("4")
    await anna.tap(SKIP)  # the vision echo
    await anna.tap(SKIP)  # the top priorities in her own words
    await anna.tap(TOP_GOAL)
    with statements() as sent:
        await anna.tap(SKIP)  # the comment, the last question: the pulse is filed
    assert len(sent) <= MOST_STATEMENTS, "\n".join(sent)
    assert sum("pulse_tallies" in s for s in sent) == 2, "\n".join(sent)
    assert sum("round_voters" in s for s in sent) == 2, "\n".join(sent)
    assert not any("instance_secrets" in s for s in sent), "\n".join(sent)
    async with sessions() as session:
        total = await session.scalar(select(func.sum(PulseTally.count)))
    assert total == len(PULSE_ITEMS) + 1
