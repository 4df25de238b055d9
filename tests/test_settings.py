"""End to end: the owner's /settings by buttons and typed values, bad input, and vacations."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import delete, select

from bot.keyboards import TICK
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Membership, Workspace
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.team import invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = UI.settings
LABELS = WORDS.buttons
DAYS = WORDS.days
SAVED = WORDS.saved


def notice(key: str, **params: object) -> str:
    """A notice as the bot words it (settings notices do not greet by name)."""
    return UI.notices[key].format(first_name="", **params)


def shown(chat: Chat) -> str:
    """The settings page as the owner sees it now, edits applied."""
    return str(chat.latest_with_buttons()["text"])


async def workspace(sessions: Sessions) -> Workspace:
    """The seeded owner's workspace as stored now."""
    async with sessions() as session:
        found: Workspace | None = await session.scalar(select(Workspace))
        assert found is not None
        return found


async def away_until(sessions: Sessions) -> date | None:
    """The one membership's vacation end."""
    async with sessions() as session:
        return await session.scalar(select(Membership.away_until))


async def test_check_in_day_and_time_by_buttons_typed_value_and_one_shot_form(
    seeded: Chat, sessions: Sessions
) -> None:
    page = texts(await seeded.say("/settings"))
    assert f"{DAYS[0]} 09:00" in page  # the instance default, Monday 09:00
    assert len(page) <= 600

    await seeded.tap(LABELS.checkin)
    await seeded.tap(DAYS[2])
    await seeded.tap("10:00")
    assert SAVED in shown(seeded)
    assert f"{DAYS[2]} 10:00" in shown(seeded)
    stored = await workspace(sessions)
    assert (stored.checkin_day, stored.checkin_time) == (2, time(10))

    await seeded.say("9.30")  # the check-in page asked for a typed time
    assert (await workspace(sessions)).checkin_time == time(9, 30)

    replies = await seeded.say("/settings checkin fr 9 Uhr")  # German day and "Uhr"
    assert f"{DAYS[4]} 09:00" in texts(replies)
    stored = await workspace(sessions)
    assert (stored.checkin_day, stored.checkin_time) == (4, time(9))


async def test_pulse_weekdays_toggle_but_the_last_one_stays(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/settings")
    await seeded.tap(LABELS.pulse)
    await seeded.tap(DAYS[4])
    assert (await workspace(sessions)).pulse_days == [1, 4]
    await seeded.tap(TICK + DAYS[1])
    assert (await workspace(sessions)).pulse_days == [4]

    replies = await seeded.tap(TICK + DAYS[4])

    assert notice("no_pulse_day") in texts(replies)
    assert (await workspace(sessions)).pulse_days == [4]
    await seeded.tap(LABELS.back)
    await seeded.tap(LABELS.items.format(items=7))
    await seeded.tap(LABELS.pause)
    stored = await workspace(sessions)
    assert (stored.pulse_items, stored.paused) == (7, True)
    assert WORDS.paused in shown(seeded)


async def test_quiet_hours_valid_and_whole_day_or_too_long_refused(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/settings quiet 22:00-07:00")
    whole = await seeded.say("/settings quiet 08:00-08:00")
    long = await seeded.say("/settings quiet 20:00-14:00")

    assert notice("quiet_whole_day") in texts(whole)
    assert notice("quiet_too_long", hours=16) in texts(long)
    stored = await workspace(sessions)
    assert (stored.quiet_from, stored.quiet_until) == (time(22), time(7))


async def test_impossible_times_and_unknown_weekdays_change_nothing(
    seeded: Chat, sessions: Sessions
) -> None:
    assert notice("bad_time") in texts(await seeded.say("/settings checkin mon 25:00"))
    assert notice("bad_time") in texts(await seeded.say("/settings pulse tue 9:75"))
    assert notice("bad_weekday") in texts(await seeded.say("/settings pulse tuesdai 10:00"))
    await seeded.say("/settings")
    await seeded.tap(LABELS.checkin)
    assert notice("bad_time") in texts(await seeded.say("half past nine"))

    stored = await workspace(sessions)
    assert (stored.checkin_day, stored.checkin_time, stored.pulse_days) == (None, None, None)


async def test_a_time_zone_typo_is_refused_and_a_city_accepted(
    seeded: Chat, sessions: Sessions
) -> None:
    replies = await seeded.say("/settings timezone Berlni")
    assert notice("bad_timezone", text="Berlni") in texts(replies)
    assert (await workspace(sessions)).timezone == "UTC"

    await seeded.say("/settings")
    await seeded.tap(LABELS.timezone)
    replies = await seeded.say("München")

    assert "Europe/Berlin" in texts(replies)
    assert (await workspace(sessions)).timezone == "Europe/Berlin"


async def test_a_member_sets_and_ends_a_vacation_and_cannot_use_settings(
    seeded: Chat, bot_api: FakeBotApi, sessions: Sessions, clock: FakeClock
) -> None:
    anna = member(bot_api, seeded, 1, "Anna")
    await anna.say(f"/start {invite_token(await seeded.say('/invite'))}")  # opens a round
    today = clock.now().date()

    await anna.say("/away")
    replies = await anna.tap(UI.buttons.two_weeks)
    assert await away_until(sessions) == today + timedelta(days=13)
    assert "(inclusive)" in texts(replies)
    await anna.say("/away 24.12.")
    assert await away_until(sessions) == date(today.year, 12, 24)
    past = await anna.say("/away 2026-11-01")
    far = await anna.say("/away 2027-06-01")
    slashed = await anna.say("/away 12/24")
    assert notice("away_past", today=today.isoformat()) in texts(past)
    assert notice("away_too_far", days=90) in texts(far)
    assert notice("away_bad_date") in texts(slashed)
    assert await away_until(sessions) == date(today.year, 12, 24)
    await anna.say("/resume")
    assert await away_until(sessions) is None

    assert notice("owner_only") in texts(await anna.say("/settings"))
    await anna.tap_data(anna.latest(), "cfg:pa:on")
    assert not (await workspace(sessions)).paused
    help_text = texts(await anna.say("/help"))
    assert "/away" in help_text
    assert "/settings" not in help_text
    assert "/settings" in texts(await seeded.say("/help"))

    replies = await seeded.say("/settings every 2")  # Anna's join opened a round
    closes = (today + timedelta(days=3)).isoformat()
    assert notice("cadence_round_open", number=1, closes=closes) in texts(replies)
    assert (await workspace(sessions)).pulse_every is None


async def test_an_old_settings_button_after_the_business_is_gone_is_refused(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/settings")
    async with sessions.begin() as session:
        await session.execute(delete(Workspace))

    replies = await seeded.tap(LABELS.pause)

    assert notice("owner_only") in texts(replies)
