"""The owner journey end to end: the real Application over HTTP against the fake Bot API."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from alignment.dimensions import Dimension
from alignment.reviewers import load_review_texts
from alignment.services.events import Role
from alignment.services.journey import onboarding_length
from bot.menus import ROLE_COMMANDS
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer, CheckIn, Membership, StrategyVersion, Workspace
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import JSON, Chat, texts
from tests.support.steps import SET_UP
from tests.support.team import SCRIPTS

pytestmark = pytest.mark.both_databases

VISION = "By 2029 we supply fresh bread to 40 cafés across Lviv region from two bakeries."
REVIEWS = load_review_texts(PROJECT_ROOT / "prompts" / "reviews.yaml")
MISSION = "We bake honest bread for neighbourhood cafés so their guests start the day well."
UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
SELF_CHECK = {"vc_clear": "5", "ma_customer": "2"}
"""The brief self-check's answers that differ from 4: vision strongest, market weakest."""


class Counted:
    """The owner's chat, counting every message sent and button tapped."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.actions = 0

    async def say(self, text: str) -> list[JSON]:
        self.actions += 1
        return await self.chat.say(text)

    async def tap(self, label: str) -> list[JSON]:
        self.actions += 1
        return await self.chat.tap(label)


async def set_up_business(owner: Counted) -> None:
    """/start through the set-up check-in; the time zone typed as a city."""
    await owner.say("/start")
    replies = await owner.tap(SET_UP)
    length = onboarding_length(SCRIPTS)
    assert UI.notices["welcome"].format(first_name="Olena", questions=length) in texts(replies)
    assert "name of your business" in texts(replies)
    await owner.say("Rosie's Bakery")
    await owner.tap("Food, café or hospitality")
    await owner.tap("6 to 15")
    replies = await owner.say("Kyiv")
    assert "vision" in texts(replies).lower()


async def state_vision(owner: Counted) -> None:
    """Vision and mission pass every check and move on by themselves; values are reviewed."""
    replies = await owner.say(VISION)
    assert REVIEWS.vision.moving_on in texts(replies)
    assert "Why does your business exist" in texts(replies)
    await owner.say(MISSION)
    replies = await owner.say("Craft\nHonesty, always\nWarmth")
    assert REVIEWS.values.moving_on in texts(replies)
    assert "Goal 1" in texts(replies)


async def set_one_goal(owner: Counted) -> None:
    """One SMART goal, then "that's all"."""
    await owner.say("Supply 40 cafés in Lviv region")
    await owner.say("Number of cafés we supply each week")
    await owner.say("40 cafés")
    await owner.say("2027-09-30")
    await owner.tap("8")
    replies = await owner.say("Fresh bread to 40 cafés across Lviv region")
    assert REVIEWS.goal.moving_on in texts(replies)
    await owner.tap("That's all for now")


async def test_the_clean_onboarding_path_takes_at_most_30_actions_and_gives_a_summary(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    counted = Counted(owner)
    await set_up_business(counted)
    await state_vision(counted)
    await set_one_goal(counted)

    brief = SCRIPTS["self_assessment"].brief().questions
    assert {q.dimension for q in brief} == set(Dimension)
    replies: list[JSON] = []
    for question in brief:
        replies = await counted.tap(SELF_CHECK.get(question.id, "4"))
    summary = UI.self_check.summary.format(
        strongest=UI.dimensions[Dimension.VISION_CLARITY],
        weakest=UI.dimensions[Dimension.MARKET_ALIGNMENT],
        high=100,
        low=25,
    )
    assert summary in texts(replies)
    assert UI.team.invite_next in texts(replies)
    assert counted.actions <= 30, counted.actions
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Membership)) == 0

    replies = await counted.tap(UI.buttons.invite_team)
    assert "https://t.me/northstar_test_bot?start=" in texts(replies)

    vision = texts(await owner.say("/vision"))
    assert VISION in vision
    assert MISSION in vision
    assert "• Honesty, always" in vision
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
        assert len(likert) == len(brief)
        open_checkins = await session.scalar(select(CheckIn).where(CheckIn.status == "active"))
        assert open_checkins is None

    assert bot_api.menu() == list(ROLE_COMMANDS[Role.NEWCOMER])
    assert bot_api.menu(owner.user.id) == list(ROLE_COMMANDS[Role.OWNER])
