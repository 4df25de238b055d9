"""End to end: messages to other people go through the outbox, each exactly once.

When the owner opens a round, every member's invitation is recorded in the same transaction and
sent by the one sender. A member who blocked the bot, or a Telegram hiccup for another, does not
stop the rest; the hiccup is retried by the next flush (the every-minute job), the blocked one
is recorded as failed, and nothing is sent twice. A sender killed after its claim, before or
after Telegram took the message, leaves the same row behind (claimed, never settled): it
becomes uncertain and is never sent again, and so does a send that timed out.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from telegram.error import TimedOut
from telegram.ext import ExtBot

from alignment.services.outbox import ROUND_INVITATION, Outcome
from bot.runtime import Runtime
from bot.sender import flush
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Delivery
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.team import invite_token
from tests.test_anonymity_attacks import close, join

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
INVITED = UI.team.round_invitation.split("{")[0]


def invitations(api: FakeBotApi, chat: Chat) -> int:
    """How many round invitations a member's chat has received."""
    return sum(INVITED in (m.get("text") or "") for m in api.sent_messages(chat.user.id))


async def statuses(sessions: Sessions) -> dict[int, tuple[str, int]]:
    """(status, attempts) of every delivery, by recipient."""
    async with sessions() as session:
        rows = await session.scalars(select(Delivery))
        return {d.recipient: (d.status, d.attempts) for d in rows}


async def test_round_invitations_go_out_once_despite_a_block_and_a_hiccup(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions, runtime: Runtime
) -> None:
    token = invite_token(await seeded.say("/invite"))
    blocked, unlucky, fine = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]
    await close(seeded)
    clock.advance(days=7)
    bot_api.refuse_messages_to(blocked.user.id, 403, "Forbidden: bot was blocked by the user", 9)
    bot_api.refuse_messages_to(unlucky.user.id, 502, "Bad Gateway", 1)

    opened = texts(await seeded.say("/round open"))
    assert UI.notices["round_opened"].split("{")[0] in opened
    assert (invitations(bot_api, blocked), invitations(bot_api, unlucky)) == (0, 0)
    assert invitations(bot_api, fine) == 1
    assert await statuses(sessions) == {
        blocked.user.id: ("failed", 1),
        unlucky.user.id: ("pending", 1),
        fine.user.id: ("sent", 1),
    }

    # Not before its backoff; then the every-minute job's flush sends what is left, once.
    outbox = runtime.services.outbox
    await flush(seeded.app.bot, outbox, UI)
    assert invitations(bot_api, unlucky) == 0
    clock.advance(minutes=1)
    for _ in range(2):
        await flush(seeded.app.bot, outbox, UI)
    assert [invitations(bot_api, c) for c in (blocked, unlucky, fine)] == [0, 1, 1]
    assert (await statuses(sessions))[unlucky.user.id] == ("sent", 2)

    # Opening again shows the open round: no second invitation to anyone.
    await seeded.say("/round open")
    assert [invitations(bot_api, c) for c in (blocked, unlucky, fine)] == [0, 1, 1]


@pytest.mark.both_databases
async def test_a_claim_left_by_a_dead_sender_is_never_sent_again(
    sessions: Sessions, clock: FakeClock, runtime: Runtime
) -> None:
    async with sessions.begin() as session:
        await Repositories(session).deliveries.record(
            ROUND_INVITATION,
            "round:1",
            [2001, 2001, 2002],  # the same key twice is one delivery
            {"business": "Rosie's", "number": 1, "closes_on": "2026-12-01"},
            clock.now(),
        )
    outbox = runtime.services.outbox
    first = await outbox.claim(10)
    assert [c.recipient for c in first] == [2001, 2002]
    assert await outbox.claim(10) == []  # claimed: a second sender gets nothing
    await outbox.settle(first[1], Outcome.SENT)

    clock.advance(minutes=6)  # the sender of 2001 died between claim and settle
    assert await outbox.claim(10) == []
    assert await statuses(sessions) == {2001: ("uncertain", 1), 2002: ("sent", 1)}


async def test_a_timeout_after_the_request_left_is_never_sent_again(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Telegram may have delivered it: a second copy is worse than an uncertain one."""
    async with sessions.begin() as session:
        await Repositories(session).deliveries.record(
            ROUND_INVITATION,
            "round:1",
            [2001, 2002],
            {"business": "Rosie's", "number": 1, "closes_on": "2026-12-01"},
            clock.now(),
        )
    bot = seeded.app.bot
    send = type(bot).send_message

    async def times_out_for_2001(self: ExtBot[None], chat_id: int, *args: Any, **kw: Any) -> Any:
        if chat_id == 2001:
            raise TimedOut("read timed out")
        return await send(self, chat_id, *args, **kw)

    monkeypatch.setattr(type(bot), "send_message", times_out_for_2001)
    await flush(bot, runtime.services.outbox, UI)
    monkeypatch.undo()
    clock.advance(hours=1)
    await flush(bot, runtime.services.outbox, UI)
    assert await statuses(sessions) == {2001: ("uncertain", 1), 2002: ("sent", 1)}
    assert bot_api.sent_messages(2001) == []


@pytest.mark.both_databases
async def test_recording_a_known_key_again_draws_no_id(
    sessions: Sessions, clock: FakeClock
) -> None:
    """The tick records the same keys every minute; PostgreSQL's id sequence must not run out."""
    payload = {"business": "Rosie's", "number": 1, "closes_on": "2026-12-01"}
    for period in ("round:1", "round:1", "round:1", "round:2"):
        async with sessions.begin() as session:
            await Repositories(session).deliveries.record(
                ROUND_INVITATION, period, [2001], payload, clock.now()
            )
    async with sessions() as session:
        ids = (await session.scalars(select(Delivery.id).order_by(Delivery.id))).all()
    assert ids[1] == ids[0] + 1
