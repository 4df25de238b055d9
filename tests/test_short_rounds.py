"""End to end: rotated short rounds are asked, and reported one dimension at a time.

The owner's workspace and strategy are seeded; members join from a real invite link (the full
baseline round) and answer later rounds the owner opens with /round open (short rounds).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alignment.dimensions import Dimension
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
BEST = {q.id: 1 if q.reverse else 5 for q in PULSE.questions if q.dimension is not None}
"""Answers that give every statement a team level of 100 (the baseline's defaults give 75)."""


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


async def details(owner: Chat) -> dict[Dimension, str]:
    """/report's Details, one line per dimension (each line starts with its name)."""
    summary = (await owner.say("/report"))[0]
    return lines_by_dimension(texts(await owner.tap(UI.buttons.details, summary)))


def lines_by_dimension(text: str) -> dict[Dimension, str]:
    return {
        d: next(line for line in text.splitlines() if line.startswith(f"{UI.dimensions[d]}:"))
        for d in Dimension
    }


def measured_in(number: int) -> str:
    """The start of the age a carried figure shows (the closing date follows)."""
    return UI.report.measured.replace("{round}", str(number)).split("{closed}")[0]


def level(template: str, dimension: Dimension, team: int) -> str:
    """The start of a report line: the dimension and its team level."""
    return template.split(" · ")[0].format(dimension=UI.dimensions[dimension], team=team)


@pytest.mark.long(seconds=15)
async def test_each_dimension_shows_its_latest_measurement_and_how_old_it_is(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    # The baseline round: nobody answers adaptability, so it is never measured at first.
    adaptability = {q.id: None for q in PULSE.questions if q.dimension is Dimension.ADAPTABILITY}
    token = invite_token(await seeded.say("/invite"))
    team = [member(bot_api, seeded, n, f"Member{n}") for n in (1, 2, 3)]
    for chat in team:
        await chat.say(f"/start {token}")
        await answer_pulse(chat, adaptability, top_goal=TOP_GOAL)
    await close(seeded)
    assert (
        UI.report.no_data.format(dimension=UI.dimensions[Dimension.ADAPTABILITY])
        in (await details(seeded)).values()
    )

    async def short_round() -> set[Dimension]:
        clock.advance(days=7)
        await seeded.say("/round open")
        for chat in team:
            await chat.say("/pulse")
            await answer_pulse(chat, BEST, top_goal=TOP_GOAL)
        await close(seeded)
        asked = (await rounds(sessions))[-1].items or []
        return {q.dimension for q in PULSE.questions if q.id in asked and q.dimension}

    second = await short_round()
    lines = await details(seeded)
    assert Dimension.ADAPTABILITY not in second
    for dimension, line in lines.items():
        if dimension in second:
            assert line.startswith(level(UI.report.line, dimension, 100)), line
            assert measured_in(1) not in line
        elif dimension is Dimension.ADAPTABILITY:
            assert line == UI.report.no_data.format(dimension=UI.dimensions[dimension])
        else:
            assert line.startswith(level(UI.report.line, dimension, 75)), line
            assert measured_in(1) in line, line

    third = await short_round()
    lines = await details(seeded)
    assert Dimension.ADAPTABILITY in third
    assert set(Dimension) == second | third
    for dimension, line in lines.items():
        assert line.startswith(level(UI.report.line, dimension, 100)), line
        assert (measured_in(2) in line) is (dimension not in third), line
        assert measured_in(1) not in line

    # A member sees the same figures with the same ages.
    results = lines_by_dimension(texts(await team[0].say("/results")))
    for dimension, line in results.items():
        assert line.startswith(level(UI.report.member_line, dimension, 100)), line
        assert (measured_in(2) in line) is (dimension not in third), line
