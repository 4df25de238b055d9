"""Reassessment nudges end to end: a score falls, the tick nudges the owner once.

Three members answer a round, then a second one where everything is worse; the tick then finds
a score drop for every dimension measured, and the owner hears about one a day at most, never
at night, and nothing of that kind for a week after "Not now".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from alignment.dimensions import Dimension
from alignment.services.journey import GOALS
from bot.callbacks import MenuButton, pack
from bot.keyboards import ticked
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import JSON, Chat, texts
from tests.support.seed import supply_goal
from tests.support.team import PULSE_ITEMS, invite_token
from tests.test_anonymity_attacks import answer, close, join, next_round, report_of
from tests.test_restate import BUZZ_VISION, edit

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORST = {q.id: 5 if q.reverse else 1 for q in PULSE_ITEMS}
"""Every statement answered at its worst, so every dimension measured falls."""
Tick = Callable[[], Awaitable[None]]


async def scores_fall(seeded: Chat, api: FakeBotApi, clock: FakeClock) -> None:
    """Three members answer a good round, then a week later a bad one; both are closed."""
    token = invite_token(await seeded.say("/invite"))
    members = [await join(api, seeded, token, n) for n in (1, 2, 3)]
    await close(seeded)
    await next_round(seeded, clock)
    for chat in members:
        await answer(chat, **WORST)
    await close(seeded)


async def nudges_after(seeded: Chat, api: FakeBotApi, tick: Tick) -> list[JSON]:
    """The nudges one tick sent the owner: the messages with a "Not now" button."""
    mark = api.mark()
    await tick()
    sent = [c.params for c in api.calls_since(mark, "sendMessage") if c.error is None]
    return [
        m
        for m in sent
        if m["chat_id"] == seeded.user.id and UI.buttons.nudge_not_now in str(m.get("reply_markup"))
    ]


def names_a_drop(text: str) -> bool:
    opening = UI.nudges.changed["score_drop"].split("{before}")[0]
    return any(opening.format(subject=UI.dimensions[d]) in text for d in Dimension)


@pytest.mark.long(seconds=15)
async def test_a_score_drop_nudges_once_after_the_quiet_hours_and_not_now_snoozes_a_week(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Tick
) -> None:
    await scores_fall(seeded, bot_api, clock)
    night = clock.current.replace(hour=3) + timedelta(days=1)
    clock.current = night
    assert await nudges_after(seeded, bot_api, tick) == [], "nothing in the quiet hours"
    clock.current = night.replace(hour=8)
    [nudge] = await nudges_after(seeded, bot_api, tick)
    assert names_a_drop(nudge["text"])
    assert UI.nudges.next_step["score_drop"] in nudge["text"]
    assert len(nudge["text"]) <= 600
    clock.advance(hours=12)
    assert await nudges_after(seeded, bot_api, tick) == [], "never two on one day"

    replies = await seeded.tap(UI.buttons.nudge_not_now)
    assert UI.notices["nudge_snoozed"] in str(replies)
    for _ in range(6):  # other dimensions fell too, but score drops are snoozed for the week
        clock.advance(days=1)
        assert await nudges_after(seeded, bot_api, tick) == []
    clock.advance(days=1)
    [later] = await nudges_after(seeded, bot_api, tick)
    assert names_a_drop(later["text"])
    assert later["text"] != nudge["text"], "the next dimension, not the same one again"


async def test_a_kind_turned_off_in_settings_is_not_nudged_and_back_on_it_is(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Tick
) -> None:
    words = UI.settings
    await seeded.say("/settings")
    await seeded.tap(words.buttons.nudges)
    falling = words.nudge_kinds["score_drop"]
    assert ticked(falling, chosen=True) in seeded.buttons(), "every kind starts switched on"
    await seeded.tap(ticked(falling, chosen=True))
    assert falling in seeded.buttons()
    await scores_fall(seeded, bot_api, clock)
    clock.advance(days=1)
    assert await nudges_after(seeded, bot_api, tick) == []

    await seeded.say("/settings nudges drops")
    [nudge] = await nudges_after(seeded, bot_api, tick)
    assert names_a_drop(nudge["text"])


async def test_a_goal_behind_schedule_offers_keep_change_or_drop(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Tick
) -> None:
    clock.current = clock.current.replace(year=2027, month=5, day=3)  # over half the time gone
    await seeded.say("/goals")
    await seeded.tap(UI.buttons.update_progress)
    await seeded.say("10%")
    await seeded.tap("6")
    await seeded.say("Our van is too small")

    [nudge] = await nudges_after(seeded, bot_api, tick)
    opening = UI.nudges.changed["goal_drift"].split("{progress}")[0]
    assert opening.format(subject=supply_goal().title) in nudge["text"]
    labels = UI.buttons
    shown = seeded.latest_with_buttons()
    assert seeded.buttons(shown) == [
        labels.nudge_keep,
        labels.nudge_change,
        labels.nudge_drop,
        labels.nudge_not_now,
    ]
    assert pack(MenuButton(GOALS)) in str(shown["reply_markup"]), "Change starts the goals check-in"
    assert UI.notices["nudge_goal_kept"] in texts(await seeded.tap(labels.nudge_keep, shown))
    assert UI.notices["nudge_goal_drop"] in texts(await seeded.tap_data(shown, "ndg:drop"))


async def test_a_round_one_person_short_of_the_last_is_neither_nudged_nor_compared(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions, tick: Tick
) -> None:
    """Four answer, the vision changes, then three answer everything at the worst.

    Three meet the threshold, but four minus three is one person, so that round waits
    (docs/scoring.md, no differencing): no score drop and no before-and-after may quote it.
    Once the fourth answers the next round, the pooled block is shown, and only then told.
    """
    token = invite_token(await seeded.say("/invite"))
    members = [await join(bot_api, seeded, token, n) for n in (1, 2, 3, 4)]
    await close(seeded)
    clock.advance(days=1)
    await edit(sessions, clock, vision=BUZZ_VISION)
    compared = UI.restate.before_after.split("{levels}")[0].format(
        parts=UI.restate.parts["vision"], date=clock.now().date().isoformat()
    )
    await next_round(seeded, clock)
    for chat in members[:3]:
        await answer(chat, **WORST)
    await close(seeded)
    clock.advance(days=1)
    assert await nudges_after(seeded, bot_api, tick) == []
    assert compared not in await report_of(seeded)

    await next_round(seeded, clock)
    for chat in members:
        await answer(chat, **WORST)
    await close(seeded)
    clock.advance(days=1)
    [nudge] = await nudges_after(seeded, bot_api, tick)
    assert names_a_drop(nudge["text"])
    assert compared in await report_of(seeded)
