"""Check-ins continue across restarts, can be cancelled, rewritten and revisited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.settings import Settings
from storage.database import Sessions
from storage.models import CheckIn, StrategyVersion
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.clock import FakeClock
from tests.support.harness import Chat, running_bot, texts
from tests.support.steps import (
    MISSION,
    VISION,
    begin_setup,
    finish_setup,
    keep_strategy,
    set_one_goal,
)

pytestmark = pytest.mark.both_databases

OWNER = FakeUser(id=1001, first_name="Olena")


async def strategy_versions(sessions: Sessions) -> list[StrategyVersion]:
    async with sessions() as session:
        return list((await session.scalars(select(StrategyVersion))).all())


async def test_a_restart_mid_checkin_continues_at_the_same_question(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock) as app:
        owner = Chat(bot_api, app, OWNER)
        await begin_setup(owner)
        await owner.say("Rosie's Bakery")
        await owner.tap("Retail / shop")

    async with running_bot(settings, clock) as app:
        owner = Chat(bot_api, app, OWNER)
        replies = await owner.say("/checkin")
        assert "middle of" in texts(replies)
        assert "Up to 5" in owner.buttons()
        await owner.tap("Up to 5")
        replies = await owner.tap("UTC")
        assert "vision" in texts(replies).lower()


async def test_a_second_process_continues_the_same_conversation(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock) as first:
        owner = Chat(bot_api, first, OWNER)
        await begin_setup(owner)
        await owner.say("Rosie's Bakery")
        question = owner.latest_with_buttons()
    async with running_bot(settings, clock) as second:
        owner = Chat(bot_api, second, OWNER)
        replies = await owner.tap("Retail / shop", question)
        assert "how many people" in texts(replies).lower()


async def test_cancel_keeps_what_was_answered(owner: Chat, sessions: Sessions) -> None:
    await finish_setup(owner)
    await keep_strategy(owner, VISION)
    replies = await owner.say("/cancel")
    assert "kept everything" in texts(replies)
    versions = await strategy_versions(sessions)
    assert [(v.number, v.vision, v.mission) for v in versions] == [(1, VISION, None)]
    replies = await owner.say("anything")
    assert "no check-in open" in texts(replies)


async def test_setup_cannot_be_cancelled_but_nothing_is_lost(owner: Chat) -> None:
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")
    replies = await owner.say("/cancel")
    assert "set-up stays open" in texts(replies)
    replies = await owner.tap("Retail / shop")
    assert "Up to 5" in owner.buttons()


async def test_rewrite_asks_the_question_again(owner: Chat, sessions: Sessions) -> None:
    await finish_setup(owner)
    await owner.say("To be the best bakery.")
    replies = await owner.tap("Rewrite")
    assert "rewrite it" in texts(replies)
    await keep_strategy(owner, VISION)
    await owner.say("/cancel")
    assert [v.vision for v in await strategy_versions(sessions)] == [VISION]


async def test_editing_the_vision_adds_a_version_and_offers_keep_current(
    owner: Chat, sessions: Sessions
) -> None:
    await finish_setup(owner)
    await keep_strategy(owner)
    await owner.say("/cancel")
    await owner.say("/vision")
    replies = await owner.tap("Edit vision, mission or values")
    assert "Current: " + VISION in texts(replies)
    await owner.tap("Keep current")
    await owner.say("Bread that makes cafés proud, for people who start early.")
    await owner.tap("Keep it")
    await owner.tap("Keep current")
    versions = await strategy_versions(sessions)
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].vision == VISION
    assert versions[1].mission == "Bread that makes cafés proud, for people who start early."
    assert versions[0].mission == MISSION


async def test_goal_progress_checkin_updates_goals_view(owner: Chat, sessions: Sessions) -> None:
    await set_one_goal(owner)
    await owner.say("/cancel")

    replies = await owner.say("/goals")
    assert "No progress reported yet" in texts(replies)
    await owner.tap("Update progress")
    await owner.say("60%")
    await owner.tap("6")
    replies = await owner.say("Our van is too small")
    assert "Latest progress" not in texts(replies)
    goals = texts(await owner.say("/goals"))
    assert "Latest progress: 60% · confidence 6/10" in goals
    assert "Blocker: Our van is too small" in goals

    async with sessions() as session:
        done = (await session.scalars(select(CheckIn.script_id))).all()
    assert "goal_progress" in done
