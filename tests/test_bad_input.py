"""Bad input gets a clear, friendly reply, and nothing already answered is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alignment.services import CheckInService, Person
from storage.database import Sessions
from storage.models import Answer
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.harness import Chat, texts
from tests.support.steps import begin_setup, reach_goal_deadline


async def stored_answers(sessions: Sessions) -> dict[str, object]:
    async with sessions() as session:
        rows = (await session.scalars(select(Answer))).all()
    return {a.key: a.value for a in rows}


async def test_text_where_a_button_is_expected_asks_again(owner: Chat) -> None:
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")
    await owner.tap("Food, café or hospitality")
    replies = await owner.say("about ten people")
    assert "one of the buttons" in texts(replies)
    assert "6 to 15" in owner.buttons()


async def test_bad_timezone_and_too_long_answers_are_explained(
    owner: Chat, sessions: Sessions
) -> None:
    await begin_setup(owner)
    replies = await owner.say("x" * 81)
    assert "81 characters" in texts(replies)
    await owner.say("Rosie's Bakery")
    await owner.tap("Food, café or hospitality")
    await owner.tap("6 to 15")
    replies = await owner.say("Middle Earth")
    assert "don't know that time zone" in texts(replies)
    replies = await owner.say("UTC+03:00")
    assert "vision" in texts(replies).lower()
    assert (await stored_answers(sessions))["business_name"] == "Rosie's Bakery"


async def test_stickers_photos_and_voice_get_a_reply_and_the_question_again(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    await begin_setup(owner)
    for make in (bot_api.send_sticker, bot_api.send_voice, bot_api.send_photo):
        replies = await owner.send(make)
        assert "only read text" in texts(replies)
        assert "name of your business" in texts(replies)


async def test_number_and_date_validation(owner: Chat) -> None:
    await reach_goal_deadline(owner)
    replies = await owner.say("next summer")
    assert "couldn't read that date" in texts(replies)
    replies = await owner.say("2020-01-01")
    assert "isn't in the future" in texts(replies)
    replies = await owner.say("2027-09-30")
    assert "confident" in texts(replies)
    replies = await owner.say("eleven")
    assert "number" in texts(replies)
    replies = await owner.say("11")
    assert "from 1 to 10" in texts(replies)


async def test_stale_and_double_taps_change_nothing(owner: Chat, sessions: Sessions) -> None:
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")
    industry_question = owner.latest_with_buttons()
    await owner.tap("Retail / shop", industry_question)
    replies = await owner.tap_data(industry_question, "ci:a:1:2:1")
    assert "earlier question" in texts(replies)
    assert (await stored_answers(sessions))["industry"] == "retail"


async def test_garbage_and_forged_callback_data(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")
    owners_question = owner.latest_with_buttons()
    replies = await owner.tap_data(owners_question, "pulse:hack:everything")
    assert "earlier question" in texts(replies)

    intruder = Chat(bot_api, owner.app, FakeUser(id=2002, first_name="Mallory"))
    await intruder.say("/start")
    forged = owners_question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    replies = await intruder.tap_data(intruder.latest(), forged)
    assert "earlier question" in texts(replies)
    assert "industry" not in await stored_answers(sessions)


async def test_private_only_in_groups_and_unknown_commands(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    replies = await owner.send(lambda user: bot_api.add_to_group(user, chat_id=-100500))
    assert "private chats only" in texts(replies)
    assert bot_api.calls("leaveChat")[0].params["chat_id"] == -100500
    replies = await owner.send(lambda user: bot_api.send_group_text(user, -100600, "/start"))
    assert "private chats only" in texts(replies)
    replies = await owner.say("/frobnicate")
    assert "don't know that command" in texts(replies)


async def test_an_unexpected_error_is_reported_and_loses_nothing(
    owner: Chat, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    await begin_setup(owner)
    await owner.say("Rosie's Bakery")

    async def broken(self: CheckInService, person: Person, text: str) -> list[object]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(CheckInService, "answer_text", broken)
    replies = await owner.say("Retail")
    assert "something went wrong on my side" in texts(replies)
    assert (await stored_answers(sessions))["business_name"] == "Rosie's Bakery"
