"""End to end: the owner changes the strategy, and the owner and the team hear about it once.

The seeded strategy stands for the first one (onboarding reviewed it); edits are written as new
versions straight into the database, as a finished vision or goals check-in would write them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from sqlalchemy import select, update

from alignment.dimensions import Dimension
from alignment.team.items import ECHO, RECALL
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Goal, PulseRound, Workspace
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat
from tests.support.seed import supply_goal
from tests.support.team import PULSE_ITEMS, invite_token
from tests.test_anonymity_attacks import answer, close, join, report_of

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = UI.restate
RECHECK = WORDS.recheck_intro.split("{")[0]
BUZZ_VISION = "To be the leading innovative world-class bakery brand"
SECOND_GOAL = "Open a second bakery in Leeds"


def second_goal() -> Goal:
    return Goal(
        title=SECOND_GOAL,
        metric="Bakeries open",
        target="2",
        deadline=date(2027, 10, 31),
        confidence=4,
        serves="more neighbourhoods",
    )


async def edit(
    sessions: Sessions, clock: FakeClock, *, vision: str | None = None, goals: bool = False
) -> None:
    """A new version: the vision replaced and/or a second goal added; the rest carried over."""
    async with sessions.begin() as session:
        repos = Repositories(session)
        workspace = await session.scalar(select(Workspace))
        assert workspace is not None
        current = await repos.strategy.current(workspace.id)
        assert current is not None
        await repos.strategy.add_version(
            workspace.id,
            vision=vision or current.vision,
            mission=current.mission,
            values=list(current.values),
            goals=[supply_goal(), second_goal()] if goals else [supply_goal()],
            now=clock.now(),
        )


def rechecks(api: FakeBotApi, chat: Chat) -> list[str]:
    return [m["text"] for m in api.sent_messages(chat.user.id) if m["text"].startswith(RECHECK)]


async def test_a_changed_vision_gets_one_recheck_and_an_unchanged_version_none(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    await tick()  # the first strategy: onboarding reviewed it
    clock.advance(days=1)
    await edit(sessions, clock)  # a vision check-in where every answer was kept
    await tick()
    assert rechecks(bot_api, seeded) == []

    clock.advance(days=1)
    await edit(sessions, clock, vision=BUZZ_VISION)
    await tick()
    clock.advance(minutes=1)
    await tick()
    clock.advance(days=1)
    await tick()

    [recheck] = rechecks(bot_api, seeded)
    assert recheck.startswith(
        WORDS.recheck_intro.format(parts=WORDS.parts["vision"], date="2026-11-25")
    )
    assert UI.review.headers["vision"] in recheck  # the reviewer on the new wording
    assert UI.review.headers["goal"] not in recheck  # the goals did not change


async def test_a_new_goal_is_rechecked_with_its_confidence_not_during_quiet_hours(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    clock.advance(hours=13)  # 22:00 UTC: quiet until 08:00
    await edit(sessions, clock, goals=True)
    await tick()
    assert rechecks(bot_api, seeded) == []
    clock.advance(hours=10)
    await tick()

    [recheck] = rechecks(bot_api, seeded)
    assert WORDS.goal.format(title=SECOND_GOAL, confidence=4) in recheck
    assert UI.review.headers["goal"] in recheck
    assert supply_goal().title not in recheck  # only what changed is re-checked


async def test_the_next_round_says_what_changed_and_asks_about_it_once(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    async with sessions.begin() as session:
        await session.execute(update(Workspace).values(pulse_items=2))
    token = invite_token(await seeded.say("/invite"))
    member, *_ = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]

    async def next_round() -> tuple[str, set[str]]:
        """Four days on the owner opens a round: the member's invitation and the round's items."""
        clock.advance(days=4)
        await seeded.say("/round open")
        async with sessions() as session:
            items = await session.scalar(
                select(PulseRound.items).order_by(PulseRound.number.desc()).limit(1)
            )
        return bot_api.last_message(member.user.id)["text"], set(items or ())

    before, _ = await next_round()
    clock.advance(hours=1)
    await edit(sessions, clock, goals=True)
    changed, items = await next_round()
    after, later = await next_round()

    line = WORDS.round_line.format(
        owner="Olena", parts=WORDS.parts["goals"], date="2026-11-27", summary=SECOND_GOAL
    )
    invitation = UI.team.round_invitation.split("{")[0]
    assert changed.startswith(f"{line}\n\n{invitation}")
    assert before.startswith(invitation)
    assert after.startswith(invitation)
    dimensions = {i.dimension for i in PULSE_ITEMS if i.id in items}
    assert {ECHO, RECALL} <= items
    assert dimensions == {Dimension.VISION_CLARITY, Dimension.GOAL_ALIGNMENT}
    assert not {ECHO, RECALL} & later  # the round after that rotates as usual


async def test_the_report_compares_levels_before_and_after_the_change_once_reported(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    token = invite_token(await seeded.say("/invite"))
    members = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]
    await close(seeded)  # the baseline: every statement, 4 everywhere
    clock.advance(days=1)
    await edit(sessions, clock, vision=BUZZ_VISION)
    prefix = WORDS.before_after.split("{levels}")[0].format(
        parts=WORDS.parts["vision"], date="2026-11-24"
    )
    assert prefix not in await report_of(seeded)  # nothing reported after the change yet

    clock.advance(hours=1)
    await seeded.say("/round open")
    for chat in members:
        await answer(chat, t_vision_clear=5)
    await close(seeded)

    details = await report_of(seeded)
    [line] = [line for line in details.split("\n") if line.startswith(prefix)]
    vision = WORDS.level_change.format(
        dimension=UI.dimensions[Dimension.VISION_CLARITY], before=75, after=100
    )
    assert vision in line
