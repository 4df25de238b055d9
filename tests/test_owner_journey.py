"""The owner journey end to end: the real Application over HTTP against the fake Bot API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alignment.reviewers import load_review_texts
from bot.settings import PROJECT_ROOT
from storage.database import Sessions
from storage.models import Answer, CheckIn, StrategyVersion, Workspace
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat, texts
from tests.support.steps import describe_communication

pytestmark = pytest.mark.both_databases

VISION = "By 2029 we supply fresh bread to 40 cafés across Lviv region from two bakeries."
REVIEWS = load_review_texts(PROJECT_ROOT / "prompts" / "reviews.yaml")
MISSION = "We bake honest bread for neighbourhood cafés so their guests start the day well."


async def set_up_business(owner: Chat) -> None:
    """/start through the set-up check-in."""
    replies = await owner.say("/start")
    assert "welcome to Northstar" in texts(replies)
    assert "name of your business" in texts(replies)
    await owner.say("Rosie's Bakery")
    await owner.tap("Food, café or hospitality")
    await owner.tap("6 to 15")
    replies = await owner.say("Europe/Kyiv")
    assert "vision" in texts(replies).lower()


async def state_vision(owner: Chat) -> None:
    """Vision and mission pass every check and move on by themselves; values are kept."""
    replies = await owner.say(VISION)
    assert REVIEWS.vision.moving_on in texts(replies)
    assert "Why does your business exist" in texts(replies)
    await owner.say(MISSION)
    replies = await owner.say("Craft, Honesty, Warmth, Reliability")
    assert "Behavioural" in texts(replies)
    assert owner.buttons() == ["Keep it", "Rewrite"]
    replies = await owner.tap("Keep it")
    assert "Goal 1" in texts(replies)


async def set_one_goal(owner: Chat) -> None:
    """One SMART goal, then "that's all"."""
    await owner.say("Supply 40 cafés in Lviv region")
    await owner.say("Number of cafés we supply each week")
    await owner.say("40 cafés")
    await owner.say("2027-09-30")
    await owner.tap("8")
    replies = await owner.say("Fresh bread to 40 cafés across Lviv region")
    assert REVIEWS.goal.moving_on in texts(replies)
    replies = await owner.tap("That's all for now")
    assert "Team meetings" in owner.buttons()


async def test_owner_journey_from_start_to_self_assessment(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await set_up_business(owner)
    await state_vision(owner)
    await set_one_goal(owner)
    await describe_communication(owner)

    replies: list[dict[str, object]] = []
    for _ in range(21):
        replies = await owner.tap("4")
    assert "That's the full picture" in texts(replies)

    vision = texts(await owner.say("/vision"))
    assert VISION in vision
    assert MISSION in vision
    assert "• Honesty" in vision
    goals = texts(await owner.say("/goals"))
    assert "Supply 40 cafés in Lviv region" in goals
    assert "2027-09-30" in goals

    async with sessions() as session:
        workspace = await session.scalar(select(Workspace))
        assert workspace is not None
        assert (workspace.name, workspace.timezone) == ("Rosie's Bakery", "Europe/Kyiv")
        versions = (await session.scalars(select(StrategyVersion))).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].goals == []
        assert len(versions[1].goals) == 1
        likert = (await session.scalars(select(Answer).where(Answer.dimension.is_not(None)))).all()
        assert len(likert) == 22
        assert any(a.reverse for a in likert)
        open_checkins = await session.scalar(select(CheckIn).where(CheckIn.status == "active"))
        assert open_checkins is None

    commands = bot_api.calls("setMyCommands")[0].params["commands"]
    assert {c["command"] for c in commands} >= {"start", "checkin", "vision", "goals", "help"}
