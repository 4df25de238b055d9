"""End to end: rotated short rounds are asked, and reported one dimension at a time.

The owner's workspace and strategy are seeded; members join from a real invite link (the full
baseline round) and answer later rounds the owner opens with /round open (short rounds).
"""

from __future__ import annotations

from sqlalchemy import select

from alignment.team.items import COMMENT
from alignment.team.rotation import choose
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Participation, PulseRound
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.seed import supply_goal
from tests.support.team import SCRIPTS, answer_pulse, asked, invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
PULSE = SCRIPTS["pulse"]
TOP_GOAL = supply_goal().title
CLOSE = "Close the round now"
ITEMS = 6
"""The default PULSE_ITEMS."""


async def team_of(owner: Chat, api: FakeBotApi, size: int) -> list[Chat]:
    """Members who joined from the link and answered the full baseline round."""
    token = invite_token(await owner.say("/invite"))
    chats = [member(api, owner, n, f"Member{n}") for n in range(1, size + 1)]
    for chat in chats:
        await chat.say(f"/start {token}")
        await answer_pulse(chat, {}, top_goal=TOP_GOAL)
    return chats


async def close(owner: Chat) -> None:
    await owner.say("/round")
    await owner.tap(CLOSE)


async def rounds(sessions: Sessions) -> list[PulseRound]:
    async with sessions() as session:
        return list((await session.scalars(select(PulseRound).order_by(PulseRound.number))).all())


async def test_a_round_the_owner_opens_asks_only_its_rotated_questions(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    (chat,) = await team_of(seeded, bot_api, 1)
    await close(seeded)
    clock.advance(days=7)
    await seeded.say("/round open")

    first = texts(await chat.say("/pulse"))
    assert PULSE.brief_intro is not None
    assert PULSE.brief_intro in first
    walked = []
    for _ in PULSE.questions:
        question = asked(chat)
        walked.append(question.id)
        await chat.tap("4" if "4" in chat.buttons() else "Skip")
        if question.id == COMMENT:
            break

    baseline, short = await rounds(sessions)
    assert baseline.items is None
    assert short.items == list(choose(PULSE, [None], ITEMS))
    assert walked == short.items
    assert sum(q.dimension is not None for q in PULSE.questions if q.id in walked) == ITEMS
    async with sessions() as session:
        figures = await session.scalar(
            select(Participation.figures).where(Participation.round_id == short.id)
        )
    assert set(figures or []) <= set(short.items)
