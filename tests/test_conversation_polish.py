"""End to end: the small frictions of issue 7, on a business seeded in the database."""

from __future__ import annotations

import re

from sqlalchemy import select

from alignment.team.items import ECHO
from bot.callbacks import INVITE_STEP, NextStep, pack
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import JSON, Chat, texts
from tests.support.team import PULSE_ITEMS, SCRIPTS, invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
COMMUNICATION = SCRIPTS["communication"]
GOALS = SCRIPTS["goals"]
COUNTER = re.compile(r"\d+/\d+ · ")


async def test_a_multi_select_records_and_shows_the_options_ticked(
    seeded: Chat, sessions: Sessions
) -> None:
    channels = COMMUNICATION.questions[0]
    first, third = channels.options[0], channels.options[2]
    await seeded.say("/checkin communication")
    question = seeded.latest_with_buttons()
    await seeded.tap(first.label)
    await seeded.tap(third.label)
    await seeded.tap("Done")

    answered = seeded.api.message(seeded.user.id, question["message_id"])
    assert answered is not None
    summary = UI.prompt.chosen.format(label=f"{first.label}, {third.label}")
    assert str(answered["text"]).endswith(summary)
    async with sessions() as session:
        stored = await session.scalar(select(Answer).where(Answer.question_id == channels.id))
    assert stored is not None
    assert stored.value == [first.value, third.value]


async def test_the_counter_restarts_for_each_goal_and_never_jumps(seeded: Chat) -> None:
    per_goal = len(GOALS.questions)
    replies = await seeded.say("/checkin goals")
    assert f"1/{per_goal} · " in texts(replies)
    for answer in ("Supply 40 cafés", "Cafés supplied", "40 cafés", "2027-09-30"):
        await seeded.say(answer)
    await seeded.tap("7")
    replies = await seeded.say("Fresh bread in every café")  # a clean goal moves on by itself
    assert GOALS.repeat is not None
    assert str(GOALS.repeat.more_prompt) in texts(replies)
    assert COUNTER.search(texts(replies)) is None  # "add another goal?" has no count
    replies = await seeded.tap(GOALS.repeat.more_yes)
    assert f"1/{per_goal} · " in texts(replies)
    assert f"{per_goal + 1}/" not in texts(replies)


async def test_a_text_question_of_the_pulse_states_its_length_limit(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    anna = member(bot_api, seeded, 1, "Anna")
    await anna.say(f"/start {invite_token(await seeded.say('/invite'))}")
    replies: list[JSON] = []
    for _ in PULSE_ITEMS:
        replies = await anna.tap("Skip")
    echo = next(q for q in SCRIPTS["pulse"].questions if q.id == ECHO)
    assert echo.text in texts(replies)
    assert UI.prompt.limit.format(limit=echo.max_length) in texts(replies)


async def test_the_self_check_is_brief_only_the_first_time(
    seeded: Chat, sessions: Sessions
) -> None:
    full = SCRIPTS["self_assessment"]
    await seeded.say("/checkin self_assessment")
    for _ in full.brief().questions:
        await seeded.tap("4")
    replies = await seeded.say("/checkin self_assessment")
    assert full.intro in texts(replies)
    assert f"1/{len(full.questions)} · " in texts(replies)


async def test_the_invite_button_is_checked_like_the_command(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    stranger = member(bot_api, seeded, 1, "Stranger")
    await stranger.say("/help")
    replies = await stranger.tap_data(stranger.latest(), pack(NextStep(INVITE_STEP)))
    assert UI.notices["owner_only"] in texts(replies)
    assert "start=" not in texts(replies)
