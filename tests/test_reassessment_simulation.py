"""Twenty-six weeks of reassessment, travelled through the tick with a fake clock (issue 8).

One bakery in Berlin, three members who answer every round, ticked every day at 10:00 (when
rounds open and close), on Mondays at 22:00 too (inside the quiet hours: what the owner did
after the 10:00 tick is found then and has to wait for the morning) and up to Wednesday at
08:00 (the end of the quiet hours); ticks on other nights and mornings found nothing new. On
the way the owner changes the vision, the team rates one area much lower, the owner commits to
an action, revises a goal in the quarterly review, a goal falls behind and the owner goes
quiet. Every follow-up the owner gets is logged with the local time of the tick that sent it,
and the whole sequence is compared with what each trigger promises: once each, on the expected
day, never at night, never two nudges on one day. Runs on SQLite and PostgreSQL in `make test`;
charts are drawn by tests/test_chart.py, here a stand-in keeps 26 digests from drawing 26.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from alignment.dimensions import Dimension
from alignment.services.reports import SELF_CHECK
from alignment.team.items import ECHO, RECALL
from bot import report_render
from storage.database import Sessions
from storage.models import Commitment, PulseRound, Workspace
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import JSON, Chat
from tests.support.steps import keep
from tests.support.team import PULSE_ITEMS, SKIP, answer_self_check, invite_token
from tests.test_anonymity_attacks import answer, join, report_of
from tests.test_commitments import MESSAGE, commit
from tests.test_nudges import WORST
from tests.test_quarterly import SCRIPTS, label
from tests.test_restate import BUZZ_VISION, RECHECK, edit
from tests.test_rhythm import KINDS, UI

ZONE = ZoneInfo("Europe/Berlin")
FIRST_MONDAY = date(2026, 11, 30)
"""Week 0 starts the Monday after the seeded bakery was set up; spring forward is in week 17."""
WEEKS = 26
HOURS = {0: (8, 10, 22), 1: (8, 10), 2: (8, 10)}
"""Local hours of the ticks by weekday: 10:00 (when rounds open and close) every day; 22:00
(inside the quiet hours) on Mondays, when the owner acts after the 10:00 tick, and 08:00 (the
end of the quiet hours) up to Wednesday, when what waited is sent and the vision is edited."""
DAY = (10,)
ROUTINE = {kind for kind in KINDS if kind != "quarterly"}
"""The weekly rhythm's own messages (tests/test_rhythm.py); everything else is a follow-up."""
GOAL = "Supply 40 cafés"
REVISED = (GOAL, "Cafés", "25", "2027-06-30")
"""The goal as revised in the quarterly review: same goal, a lower target by an earlier date."""
CHART = b"\x89PNG\r\n\x1a\n"
Tick = Callable[[], Awaitable[None]]
Moment = tuple[int, int, int]
"""Week, weekday (0 is Monday) and local hour of a tick."""

COMMITMENT_CHECK = UI.commitments.check.split("}", 1)[1].split("{")[0]
NUDGE_KINDS = {
    kind: re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(template)))
    for kind, template in UI.nudges.changed.items()
}


@dataclass(frozen=True)
class Sent:
    """One message a tick sent: to whom, what kind, the tick's moment, and the text."""

    chat: int
    kind: str
    at: Moment
    text: str


def kind_of(message: JSON) -> str:
    """The rhythm's kinds, the strategy re-check, the commitment check, or the nudge's kind."""
    text = str(message["text"])
    if text.startswith(RECHECK):
        return "recheck"
    if COMMITMENT_CHECK in text:
        return "commitment_check"
    if UI.buttons.nudge_not_now in str(message.get("reply_markup")):
        return next(k for k, pattern in NUDGE_KINDS.items() if pattern.search(text))
    return next((kind for kind, prefix in KINDS.items() if text.startswith(prefix)), "other")


def at(week: int, weekday: int, hour: int) -> datetime:
    """The UTC instant of local ``hour`` on ``weekday`` of ``week``."""
    day = FIRST_MONDAY + timedelta(days=7 * week + weekday)
    return datetime.combine(day, time(hour), tzinfo=ZONE).astimezone(UTC)


def local_day(week: int, weekday: int) -> str:
    return (FIRST_MONDAY + timedelta(days=7 * week + weekday)).isoformat()


async def report_progress(owner: Chat, percent: int) -> None:
    """The owner's goal check-in from /goals: the goal's progress, an unchanged confidence."""
    await owner.say("/goals")
    await owner.tap(UI.buttons.update_progress)
    await owner.say(f"{percent}%")
    await owner.tap("8")
    await owner.tap(SKIP)


async def quarterly_review(owner: Chat) -> None:
    """Under the review's message: one typed strength and threat, then one goal revised.

    The seeded owner never did the self-check, so the goals check-in leads into its brief
    form, answered as the team answers (4, or 2 when reverse-worded): no gap to nudge about.
    """
    await owner.tap(UI.buttons.start_review, owner.latest_with_buttons())
    await owner.say("Regulars love the new sourdough")
    await owner.tap(SKIP)
    await owner.tap(SKIP)
    await owner.say("Flour prices keep rising")
    await owner.tap(label("revise"))
    for typed in REVISED:
        await owner.say(typed)
    await owner.tap("7")
    await keep(owner, "cafés")
    repeat = SCRIPTS["goals"].repeat
    assert repeat is not None
    await owner.tap(repeat.more_no)
    await answer_self_check(owner, SCRIPTS[SELF_CHECK].brief(), {})


async def latest_items(sessions: Sessions) -> set[str]:
    async with sessions() as session:
        items = await session.scalar(
            select(PulseRound.items).order_by(PulseRound.number.desc()).limit(1)
        )
    return set(items or ())


def statements(dimension: Dimension) -> set[str]:
    return {item.id for item in PULSE_ITEMS if item.dimension is dimension}


@pytest.mark.long(seconds=90)
@pytest.mark.both_databases
async def test_twenty_six_weeks_of_reassessment_in_berlin(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Tick,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report_render, "render_chart", lambda *_, **__: CHART)
    token = invite_token(await seeded.say("/invite"))
    members = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]
    async with sessions.begin() as session:
        await session.execute(update(Workspace).values(timezone="Europe/Berlin"))

    log: list[Sent] = []
    items: dict[int, set[str]] = {}
    fallen: Dimension | None = None
    reports: dict[int, str] = {}
    for week in range(WEEKS):
        for weekday in range(7):
            for hour in HOURS.get(weekday, DAY):
                moment = (week, weekday, hour)
                clock.current = at(*moment)
                mark = bot_api.mark()
                await tick()
                log += [
                    Sent(c.params["chat_id"], kind_of(c.params), moment, c.params["text"])
                    for c in bot_api.calls_since(mark, "sendMessage")
                    if c.error is None
                ]
                if moment == (5, 2, 8):
                    await edit(sessions, clock, vision=BUZZ_VISION)
                if moment == (12, 0, 10):
                    await quarterly_review(seeded)
                elif (weekday, hour) == (0, 10) and week < 18 and week % 2 == 0:
                    await report_progress(seeded, 45)
                if moment == (18, 0, 10):
                    await report_progress(seeded, 10)  # behind, then quiet from here on
                if (weekday, hour) == (0, 10) and week in (6, 7):
                    reports[week] = await report_of(seeded)
                if moment == (10, 0, 10):
                    await commit(seeded, due=local_day(12, 0))
                if (weekday, hour) == (1, 10):
                    items[week] = await latest_items(sessions)
                    low: dict[str, int | None] = {}
                    if week == 9:
                        asked = [q.dimension for q in PULSE_ITEMS if q.id in items[week]]
                        fallen = next(d for d in asked if d is not None)  # the first area asked
                        low = {k: v for k, v in WORST.items() if k in statements(fallen)}
                    for chat in members:
                        await answer(chat, **low)

    owner = [(s.kind, s.at) for s in log if s.chat == seeded.user.id and s.kind not in ROUTINE]
    assert owner == [
        ("recheck", (5, 2, 10)),  # the vision changed at 08:00: re-checked at the next tick
        ("score_drop", (9, 4, 10)),  # when the round with the low answers closed
        ("quarterly", (12, 0, 10)),  # 13 weeks after the first strategy, stated at 10:00
        ("recheck", (12, 1, 8)),  # the goal revised in the review: after the night
        ("commitment_check", (12, 1, 8)),  # the day after the date, after the quiet hours
        ("goal_drift", (18, 1, 8)),  # reported behind on Monday 10:00: told after the night
        ("owner_silent", (21, 0, 10)),  # three weeks after that last check-in
        ("quarterly", (25, 1, 8)),  # 26 weeks on is 11:00 in summer time: found at 22:00
    ]
    assert all(8 <= s.at[2] < 21 for s in log), "nothing in the quiet hours"
    nudged = [(week, day) for kind, (week, day, _) in owner if kind in NUDGE_KINDS]
    assert len(nudged) == len(set(nudged)), "at most one nudge a day"

    assert fallen is not None
    [dropped] = [s.text for s in log if s.kind == "score_drop"]
    assert (
        UI.nudges.changed["score_drop"].format(subject=UI.dimensions[fallen], before=75, after=0)
        in dropped
    )

    # the vision edit: the next round says what changed and asks echo and recall, once
    changed = UI.restate.round_line.split("{summary}")[0].format(
        owner="Olena", parts=UI.restate.parts["vision"], date=local_day(5, 2)
    )
    to_team = [s for s in log if s.chat != seeded.user.id]
    assert {(s.chat, s.at) for s in to_team if s.text.startswith(changed)} == {
        (m.user.id, (6, 1, 10)) for m in members
    }
    assert {ECHO, RECALL} <= items[6]
    assert not {ECHO, RECALL} & items[5], "asked because of the change, not the rotation's turn"
    assert statements(Dimension.VISION_CLARITY) & items[6]
    assert statements(Dimension.GOAL_ALIGNMENT) & items[6]
    compared = UI.restate.before_after.split("{levels}")[0].format(
        parts=UI.restate.parts["vision"], date=local_day(5, 2)
    )
    assert compared not in reports[6], "not before a round after the change is reported"
    assert compared in reports[7]

    # the commitment: the team hears it in the next round once; its area is asked four weeks on
    said = UI.commitments.round_said.format(said=MESSAGE)
    assert {(s.chat, s.at) for s in to_team if s.text.startswith(said)} == {
        (m.user.id, (10, 1, 10)) for m in members
    }
    async with sessions() as session:
        dimension = Dimension(await session.scalar(select(Commitment.dimension)) or "")
    asked_again = [w for w in range(11, WEEKS) if statements(dimension) <= items[w]]
    assert asked_again[0] == 14

    # the goal revised in the quarterly review: the next round says what changed, once
    revised = UI.restate.round_line.format(
        owner="Olena", parts=UI.restate.parts["goals"], date=local_day(12, 0), summary=GOAL
    )
    assert {(s.chat, s.at) for s in to_team if s.text.startswith(revised)} == {
        (m.user.id, (12, 1, 10)) for m in members
    }


async def test_a_change_found_first_in_the_quiet_hours_waits_for_the_morning(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions, tick: Tick
) -> None:
    """The vision edited at 20:50; the next tick runs at 21:10, when the quiet hours began."""
    clock.current = datetime(2026, 11, 24, 20, 50, tzinfo=UTC)
    await edit(sessions, clock, vision=BUZZ_VISION)
    clock.advance(minutes=20)
    await tick()
    assert not [m for m in bot_api.sent_messages(seeded.user.id) if m["text"].startswith(RECHECK)]
    clock.current = datetime(2026, 11, 25, 8, tzinfo=UTC)
    await tick()
    assert [m for m in bot_api.sent_messages(seeded.user.id) if m["text"].startswith(RECHECK)]
