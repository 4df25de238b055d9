"""End to end: the owner marks the top goal in /goals, and the report's recall follows it."""

from __future__ import annotations

from datetime import date

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Goal
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.seed import add_strategy, add_workspace, supply_goal
from tests.support.team import answer_pulse, invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
FIRST = supply_goal().title
SECOND = "Open a second shop"


async def test_recall_counts_the_goal_marked_top_in_goals_and_any_real_goal(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions, clock: FakeClock
) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        workspace = await add_workspace(repos, clock.now())
        shop = Goal(
            title=SECOND,
            metric="Shops",
            target="2",
            deadline=date(2027, 12, 31),
            confidence=6,
            serves="customers",
        )
        await repos.strategy.add_version(
            workspace.id,
            vision=None,
            mission=None,
            values=[],
            goals=[supply_goal(), shop],
            now=clock.now(),
        )

    goals = await owner.say("/goals")
    assert UI.buttons.top_goal.format(position=1) not in owner.buttons(goals[-1])
    marked = await owner.tap(UI.buttons.top_goal.format(position=2), goals[-1])
    assert texts(marked) == UI.notices["top_goal_set"].format(first_name="Olena", title=SECOND)
    page = texts(await owner.say("/goals"))
    assert page.index(UI.strategy.top_goal) > page.index(SECOND)

    token = invite_token(await owner.say("/invite"))
    for number, picked in enumerate((SECOND, SECOND, FIRST), start=1):
        chat = member(bot_api, owner, number, f"Member{number}")
        await chat.say(f"/start {token}")
        await answer_pulse(chat, {}, top_goal=picked)
    await owner.say("/round")
    await owner.tap("Close the round now")

    summary = (await owner.say("/report"))[0]
    details = texts(await owner.tap(UI.buttons.details, summary))
    top = UI.report.recall.format(recall=67)
    assert f"{top} {UI.report.recall_any.format(recall=100)}" in details


async def test_setting_two_goals_asks_once_which_is_the_top_priority(
    owner: Chat, sessions: Sessions, clock: FakeClock
) -> None:
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    await owner.say("/checkin goals")
    for title in (FIRST, SECOND):
        for answer in (title, "Count", "40", "2027-09-30"):
            await owner.say(answer)
        await owner.tap("7")
        await owner.say("Fresh bread in every café")
        if title == FIRST:
            await owner.tap("Add another goal")
    asked = await owner.tap("That's all for now")
    question = next(m for m in asked if m.get("text") == UI.strategy.ask_top_goal)
    marked = await owner.tap(f"2. {SECOND}", question)
    assert texts(marked) == UI.notices["top_goal_set"].format(first_name="Olena", title=SECOND)
