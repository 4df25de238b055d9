"""Scripted stretches of the owner journey that many end-to-end tests walk through first."""

from __future__ import annotations

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.support.harness import JSON, Chat

SET_UP = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml").buttons.set_up

VISION = "By 2029 we supply fresh bread to 40 cafés across Lviv region from two bakeries."
MISSION = "Good bread for cafés."
VALUES = "Craft, Care, Grit"
GOAL = ("Supply 40 cafés in the region", "Cafés supplied", "40 cafés")


async def begin_setup(owner: Chat) -> list[JSON]:
    """/start and "Set up my business": the set-up's first question."""
    await owner.say("/start")
    return await owner.tap(SET_UP)


async def finish_setup(owner: Chat) -> None:
    """/start and the set-up check-in with button answers."""
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")
    await owner.tap("Retail / shop")
    await owner.tap("Up to 5")
    await owner.tap("UTC")


async def keep(owner: Chat, answer: str) -> list[JSON]:
    """Type a reviewed answer and keep it; one that passes every check moves on by itself."""
    replies = await owner.say(answer)
    if any(m.get("reply_markup") and "Keep it" in owner.buttons(m) for m in replies):
        return await owner.tap("Keep it")
    return replies


async def keep_strategy(owner: Chat, *answers: str) -> None:
    """Answer vision, mission and values (or some of them), keeping each after its review."""
    for answer in answers or (VISION, MISSION, VALUES):
        await keep(owner, answer)


async def reach_goal_deadline(owner: Chat) -> None:
    """Set-up and vision done, the first goal answered up to its deadline question."""
    await finish_setup(owner)
    await keep_strategy(owner)
    for answer in GOAL:
        await owner.say(answer)


async def set_one_goal(owner: Chat) -> None:
    """Through the goals check-in with one goal, kept after its SMART review."""
    await reach_goal_deadline(owner)
    await owner.say("2027-09-30")
    await owner.tap("7")
    await keep(owner, "40 cafés across the region")
    await owner.tap("That's all for now")
