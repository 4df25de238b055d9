"""Thirteen weeks of the weekly rhythm, travelled through the tick with a fake clock.

Each simulation joins members, moves the workspace to a real time zone and then ticks through
13 weeks that contain a daylight-saving change, at the hours where something is due and at
night. Every message the tick sends is logged with the local time of the tick that sent it,
and the whole log is compared with the rhythm the owner was promised: the check-in prompt on
Monday 09:00, the pulse on Tuesday 10:00, one reminder a day later to those who have not
answered, the digest when the round closes, nothing at night, nothing twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from alignment.questionnaire import load_scripts
from alignment.services.journey import GOAL_PROGRESS
from alignment.services.rhythm import TOPICS
from bot.app import run_tick
from bot.runtime import Runtime
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Workspace
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.team import invite_token
from tests.test_anonymity_attacks import answer, join

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
KINDS = {
    "prompt": UI.rhythm.checkin_prompt.split("{")[0],
    "invitation": UI.team.round_invitation.split("{")[0],
    "reminder": UI.rhythm.pulse_reminder.split("{")[0],
    "digest": "Round ",
    "quarterly": UI.quarterly.intro.split("{")[0],
    "insight": UI.coach.insight.split("{")[0],
}
WEEKS = 13
NEW_YORK_WEEKS = 3
TICK_HOURS = (3, 8, 9, 10)
"""Local hours the simulation ticks at: when things fall due, the end of the quiet hours, and
at night, when nothing may be sent."""
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass(frozen=True)
class Sent:
    """One message the tick sent: to whom, what kind, and the local time of that tick."""

    chat: int
    kind: str
    at: datetime


def kind_of(text: str) -> str:
    """The rhythm's own kinds; anything else is a reassessment nudge (tests/test_nudges.py)."""
    return next((kind for kind, prefix in KINDS.items() if text.startswith(prefix)), "nudge")


def ticks(first_monday: date, zone: ZoneInfo, weeks: int = WEEKS) -> Iterator[datetime]:
    for day in range(weeks * 7):
        for hour in TICK_HOURS:
            yield datetime.combine(first_monday + timedelta(days=day), time(hour), tzinfo=zone)


async def set_up(seeded: Chat, bot_api: FakeBotApi, sessions: Sessions, zone: str) -> list[Chat]:
    """Four members join (each answering the baseline), then the business moves to ``zone``."""
    token = invite_token(await seeded.say("/invite"))
    members = [await join(bot_api, seeded, token, n) for n in (1, 2, 3, 4)]
    async with sessions.begin() as session:
        await session.execute(update(Workspace).values(timezone=zone))
    return members


def local(week: int, weekday: int, hour: int, first_monday: date, zone: ZoneInfo) -> datetime:
    day = first_monday + timedelta(days=7 * week + weekday)
    return datetime.combine(day, time(hour), tzinfo=zone)


def sent_by_tick(api: FakeBotApi, mark: int, moment: datetime) -> list[Sent]:
    """What the tick that just ran sent, stamped with its local time; refused sends are not."""
    return [
        Sent(call.params["chat_id"], kind_of(call.params["text"]), moment)
        for call in api.calls_since(mark, "sendMessage")
        if call.error is None
    ]


@pytest.mark.long(seconds=50)
async def test_thirteen_weeks_in_berlin_across_the_spring_change(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    zone = ZoneInfo("Europe/Berlin")
    first_monday = date(2027, 2, 22)  # clocks go forward on Sunday 28 March, in week 5
    eager, idle, resting, leaving = await set_up(seeded, bot_api, sessions, "Europe/Berlin")
    log: list[Sent] = []
    for moment in ticks(first_monday, zone):
        clock.current = moment.astimezone(UTC)
        week, weekday = divmod((moment.date() - first_monday).days, 7)
        if (week, weekday, moment.hour) == (2, 0, 10):
            await resting.say("/pause")
        if (week, weekday, moment.hour) == (4, 3, 3):
            await resting.say("/resume")  # at night: the invitation waits for the morning
        if (week, weekday, moment.hour) == (6, 0, 3):
            bot_api.refuse_messages_to(leaving.user.id, 403, BLOCKED, 10_000)
        mark = bot_api.mark()
        await tick()
        log += sent_by_tick(bot_api, mark, moment)
        if week in (1, 5) and (weekday, moment.hour) == (1, 10):
            await answer(eager)  # answers before the reminder: never reminded that week

    def sent(chat: Chat, kind: str) -> list[datetime]:
        return [s.at for s in log if s.chat == chat.user.id and s.kind == kind]

    weeks = range(WEEKS)
    assert sent(seeded, "prompt") == [local(w, 0, 9, first_monday, zone) for w in weeks]
    tuesdays = [local(w, 1, 10, first_monday, zone) for w in weeks]
    wednesdays = [local(w, 2, 10, first_monday, zone) for w in weeks]
    assert sent(idle, "invitation") == tuesdays
    assert sent(idle, "reminder") == wednesdays
    assert sent(eager, "invitation") == tuesdays
    assert sent(eager, "reminder") == [d for w, d in enumerate(wednesdays) if w not in (1, 5)]
    # paused from Monday of week 2 to Thursday 03:00 of week 4, then invited at 08:00 once
    resumed = local(4, 3, 8, first_monday, zone)
    assert sent(resting, "invitation") == [*tuesdays[:2], resumed, *tuesdays[5:]]
    reminded = local(4, 4, 8, first_monday, zone)  # a day after that, two hours before close
    assert sent(resting, "reminder") == [*wednesdays[:2], reminded, *wednesdays[5:]]
    # blocked the bot in week 6: nothing reaches them after, and nothing fails the tick
    assert sent(leaving, "invitation") == tuesdays[:6]
    # the round closes three days after it opened: the digest comes with it
    assert sent(seeded, "digest") == [local(w, 4, 10, first_monday, zone) for w in weeks]
    # the seeded strategy was stated 13 weeks before the first Monday, at 09:00 UTC
    assert sent(seeded, "quarterly") == [local(0, 0, 10, first_monday, zone)]
    assert all(8 <= s.at.hour < 21 for s in log), "nothing is sent in the quiet hours"
    nudged = [at.date() for at in sent(seeded, "nudge")]
    assert len(nudged) == len(set(nudged)), "at most one nudge a day"
    winter, summer = (local(w, 0, 9, first_monday, zone).utcoffset() for w in (0, WEEKS - 1))
    assert winter != summer, "the weeks simulated cross a daylight-saving change"


@pytest.mark.long(seconds=40)
@pytest.mark.both_databases
async def test_new_york_across_the_spring_change_with_three_tickers_and_a_pulse_in_quiet_hours(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    settings: Settings,
    tick: Callable[[], Awaitable[None]],
) -> None:
    """Three processes tick at the same moments (on PostgreSQL); the pulse is set for 07:00.

    Three weeks around the change, on both databases: the thirteen are Berlin's, above.
    """
    zone = ZoneInfo("America/New_York")
    first_monday = date(2027, 3, 8)  # clocks go forward on Sunday 14 March, end of week 0
    members = await set_up(seeded, bot_api, sessions, "America/New_York")
    async with sessions.begin() as session:
        await session.execute(update(Workspace).values(pulse_time=time(7)))
    # SQLite lets one writer in at a time, so more tickers there would only queue up
    tickers = 2 if settings.database_url.startswith("postgresql") else 0
    others = [Runtime(settings, clock) for _ in range(tickers)]
    for other in others:
        await other.open()
    log: list[Sent] = []
    try:
        for moment in ticks(first_monday, zone, NEW_YORK_WEEKS):
            clock.current = moment.astimezone(UTC)
            mark = bot_api.mark()
            await asyncio.gather(tick(), *(run_tick(seeded.app.bot, o) for o in others))
            log += sent_by_tick(bot_api, mark, moment)
    finally:
        for other in others:
            await other.close()

    weeks = range(NEW_YORK_WEEKS)
    morning = [local(w, 1, 8, first_monday, zone) for w in weeks]  # 07:00 waits until 08:00
    for chat in members:
        assert [s.at for s in log if s.chat == chat.user.id] == sorted(
            morning + [at + timedelta(days=1) for at in morning]
        )
    owner = [(s.kind, s.at) for s in log if s.chat == seeded.user.id and s.kind != "nudge"]
    assert owner == sorted(
        [("prompt", local(w, 0, 9, first_monday, zone)) for w in weeks]
        + [("digest", local(w, 4, 8, first_monday, zone)) for w in weeks],
        key=lambda sent: sent[1],
    )
    winter, summer = (local(w, 0, 9, first_monday, zone).utcoffset() for w in (0, 1))
    assert winter != summer


async def test_the_prompt_starts_its_check_in_and_an_old_reminder_is_answered_kindly(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Callable[[], Awaitable[None]]
) -> None:
    token = invite_token(await seeded.say("/invite"))
    member, *_ = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]
    clock.advance(days=7)
    await tick()  # Monday 09:00: the prompt
    prompt = seeded.latest_with_buttons()
    scripts = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
    goals = scripts[GOAL_PROGRESS]
    first, topic = seeded.buttons(prompt)
    assert first == goals.title
    assert topic in {scripts[t].title for t in TOPICS}
    started = texts(await seeded.tap(goals.title, prompt))
    assert goals.title in started
    clock.advance(days=1, hours=1)
    await tick()  # Tuesday 10:00: the round opens
    clock.advance(days=1)
    await tick()  # Wednesday 10:00: the reminder
    reminder = member.latest_with_buttons()
    assert reminder["text"].startswith(KINDS["reminder"])
    clock.advance(days=3)
    await tick()  # the round closed on Friday; the button is a week old now
    assert texts(await member.tap(UI.buttons.answer_now, reminder)) == UI.notices["no_open_round"]
