"""Closing the loop: commit to an action under /report, the team hears it, the owner is asked.

End to end through the fake Bot API and the tick; words come from prompts/ui.yaml.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from alignment.dimensions import Dimension
from alignment.services.commitments import DONE, parse_due
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Commitment, PulseRound
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.team import PULSE_ITEMS, invite_token
from tests.test_anonymity_attacks import answer, close, join

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = UI.commitments
WHAT = "A 10-minute huddle every Monday."
MESSAGE = "We heard you: news got stuck. Huddles start Monday."
Tick = Callable[[], Awaitable[None]]


async def team_with_report(owner: Chat, api: FakeBotApi) -> list[Chat]:
    """Three members answer the first round and the owner closes it, so /report has figures."""
    token = invite_token(await owner.say("/invite"))
    team = [await join(api, owner, token, n) for n in (1, 2, 3)]
    await close(owner)
    return team


async def commit(owner: Chat, *, due: str = "24.12.") -> str:
    """From /report's button: a typed action, a typed date, the team message typed too."""
    summary = (await owner.say("/report"))[0]
    asked = texts(await owner.tap(UI.buttons.commit, summary))
    assert WORDS.ask_what.split("{")[0] in asked
    assert WORDS.ask_due in texts(await owner.say(WHAT))
    proposed = texts(await owner.say(due))
    assert WORDS.ask_message.split("{")[0] in proposed
    return texts(await owner.say(MESSAGE))


async def test_a_typed_commitment_opens_the_next_round_once(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock
) -> None:
    team = await team_with_report(seeded, bot_api)
    done = await commit(seeded)
    assert done == WORDS.committed.format(what=WHAT, due="2026-12-24", message=MESSAGE)

    clock.advance(days=7)
    await seeded.say("/round open")
    said = WORDS.round_said.format(said=MESSAGE)
    assert bot_api.last_message(team[0].user.id)["text"].startswith(said)

    await close(seeded)
    clock.advance(days=7)
    await seeded.say("/round open")
    assert said not in bot_api.last_message(team[1].user.id)["text"]


async def test_the_pre_filled_suggestion_is_taken_with_a_tap(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    await team_with_report(seeded, bot_api)
    summary = (await seeded.say("/report"))[0]
    await seeded.tap(UI.buttons.commit, summary)
    await seeded.tap(UI.buttons.take_suggestion)
    assert UI.notices["commit_bad_date"] == texts(await seeded.say("someday"))
    await seeded.say("in 2 weeks")
    done = texts(await seeded.tap(UI.buttons.take_suggestion))
    assert "2026-12-07" in done
    assert any(action in done for action in UI.report.actions.values())


async def test_after_the_date_one_tick_asks_once_and_actions_shows_the_answer(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Tick
) -> None:
    await team_with_report(seeded, bot_api)
    await commit(seeded, due="2026-11-30")
    assert WORDS.states["open"] in texts(await seeded.say("/actions"))

    check = WORDS.check.format(due="2026-11-30", what=WHAT)
    clock.current = datetime(2026, 11, 30, 20, tzinfo=UTC)  # the day itself: not yet
    await tick()
    clock.current = datetime(2026, 12, 1, 9, tzinfo=UTC)
    await tick()
    await tick()
    sent = [m.get("text") for m in bot_api.sent_messages(seeded.user.id)]
    assert sent.count(check) == 1

    asked = next(m for m in bot_api.sent_messages(seeded.user.id) if m.get("text") == check)
    assert texts(await seeded.tap(UI.buttons.done_yes, asked)) == UI.notices["commit_done"]
    listed = texts(await seeded.say("/actions"))
    assert WHAT in listed
    assert WORDS.states[DONE] in listed
    assert any(f"({UI.dimensions[d]}, by 2026-11-30)" in listed for d in Dimension)


async def test_a_member_cannot_press_the_owners_commit_button(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    team = await team_with_report(seeded, bot_api)
    data = "act:new:communication_flow"
    refused = texts(await team[0].tap_data(team[0].latest(), data))
    assert refused == UI.notices["owner_only"].format(first_name="Member1")
    assert WORDS.actions_empty == texts(await seeded.say("/actions"))


def test_dates_are_read_the_way_people_type_them() -> None:
    today = date(2026, 11, 23)
    assert parse_due("in 2 weeks", today) == date(2026, 12, 7)
    assert parse_due("in 10 days", today) == date(2026, 12, 3)
    assert parse_due("24.12.", today) == date(2026, 12, 24)
    assert parse_due("2026-12-24", today) == date(2026, 12, 24)
    assert parse_due("soon", today) is None


@pytest.mark.long(seconds=15)
async def test_four_weeks_on_the_dimension_is_asked_again_and_actions_compares(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    team = await team_with_report(seeded, bot_api)
    await commit(seeded)
    async with sessions() as session:
        dimension = Dimension(await session.scalar(select(Commitment.dimension)) or "")
    statements = {i.id for i in PULSE_ITEMS if i.dimension is dimension}

    for week in (1, 2, 3, 4):
        clock.advance(days=7)
        await seeded.say("/round open")
        async with sessions() as session:
            asked = set(
                await session.scalar(select(PulseRound.items).order_by(PulseRound.id.desc())) or ()
            )
        assert (statements <= asked) is (week == 4)
        for chat in team:
            await answer(chat, **dict.fromkeys(statements, 2))
        await close(seeded)

    listed = texts(await seeded.say("/actions"))
    name = UI.dimensions[dimension]
    assert WORDS.before_after.split("{")[0] + name in listed
    assert "(n 3, " in listed.split(name + " before:")[1]
