"""Self-tests of the fake Bot API, driven by a real PTB ``Bot`` over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, EndPointNotFound, InvalidToken

from tests.fakes.bot_api import BOT_ID, FakeBotApi, FakeUser

ALICE = FakeUser(id=1001, first_name="Alice", username="alice")
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Yes", callback_data="answer:yes")],
        [InlineKeyboardButton("No", callback_data="answer:no")],
    ]
)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def make_bot(api: FakeBotApi, token: str | None = None) -> Bot:
    return Bot(
        token or api.token,
        base_url=f"{api.base_url}/bot",
        base_file_url=f"{api.base_url}/file/bot",
    )


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with make_bot(api) as client:
        yield client


async def test_get_me_describes_the_northstar_bot(bot: Bot, api: FakeBotApi) -> None:
    me = await bot.get_me()

    assert me.id == BOT_ID
    assert me.is_bot
    assert me.first_name == "Northstar"
    assert me.username == "northstar_test_bot"
    assert me.can_join_groups
    assert api.base_url.startswith("http://127.0.0.1:")


async def test_send_message_round_trips_inline_keyboard(bot: Bot, api: FakeBotApi) -> None:
    sent = await bot.send_message(ALICE.id, "42", reply_markup=KEYBOARD)

    assert sent.text == "42"
    assert sent.reply_markup == KEYBOARD
    assert sent.from_user is not None
    assert sent.from_user.id == BOT_ID
    (call,) = api.calls("sendMessage")
    assert call.params["chat_id"] == ALICE.id
    assert call.params["text"] == "42"  # a text that looks like JSON stays a string
    assert call.params["reply_markup"] == KEYBOARD.to_dict()
    assert api.last_message(ALICE.id)["message_id"] == sent.message_id


async def test_message_ids_increment_per_chat(bot: Bot, api: FakeBotApi) -> None:
    first = await bot.send_message(ALICE.id, "one")
    second = await bot.send_message(ALICE.id, "two")
    other_chat = await bot.send_message(2002, "hello")

    assert second.message_id == first.message_id + 1
    assert other_chat.message_id == 1
    assert [m["text"] for m in api.sent_messages(ALICE.id)] == ["one", "two"]


async def test_set_my_commands_records_decoded_commands(bot: Bot, api: FakeBotApi) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Get help")])

    (call,) = api.calls("setMyCommands")
    assert call.params["commands"] == [
        {"command": "start", "description": "Begin"},
        {"command": "help", "description": "Get help"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]


async def test_set_my_commands_rejects_what_telegram_rejects(bot: Bot) -> None:
    # PTB strips Telegram's "Bad Request: " prefix and capitalises the rest of the description.
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start-Now", "Begin")])


async def test_send_photo_records_the_upload(bot: Bot, api: FakeBotApi) -> None:
    png = b"\x89PNG\r\n\x1a\nfake-image"

    sent = await bot.send_photo(ALICE.id, png, caption="Your chart", filename="chart.png")

    assert sent.caption == "Your chart"
    assert sent.photo
    assert sent.photo[-1].file_size == len(png)
    (call,) = api.calls("sendPhoto")
    assert call.files["photo"] == ("chart.png", png)
    assert call.params["chat_id"] == ALICE.id


async def test_send_document_keeps_filename(bot: Bot, api: FakeBotApi) -> None:
    sent = await bot.send_document(ALICE.id, b"plan", filename="plan.txt")

    assert sent.document is not None
    assert sent.document.file_name == "plan.txt"
    assert api.calls("sendDocument")[0].files["document"] == ("plan.txt", b"plan")


async def test_edit_updates_stored_message_and_drops_keyboard(bot: Bot, api: FakeBotApi) -> None:
    sent = await bot.send_message(ALICE.id, "Pick one", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text("Thanks!", chat_id=ALICE.id, message_id=sent.message_id)

    assert isinstance(edited, Message)
    assert edited.text == "Thanks!"
    current = api.message(ALICE.id, sent.message_id)
    assert current is not None
    assert current["text"] == "Thanks!"
    assert "reply_markup" not in current
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Thanks!", chat_id=ALICE.id, message_id=sent.message_id)


async def test_too_long_text_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(ALICE.id, "x" * 4097)


async def test_get_updates_parses_command_message(bot: Bot, api: FakeBotApi) -> None:
    update_id = api.send_text(ALICE, "/start@northstar_test_bot payload")

    (update,) = await bot.get_updates(timeout=0)

    assert update.update_id == update_id
    assert update.message is not None
    assert update.message.chat.id == ALICE.id
    assert update.message.from_user is not None
    assert update.message.from_user.username == "alice"
    assert update.message.entities == (
        MessageEntity(MessageEntity.BOT_COMMAND, 0, len("/start@northstar_test_bot")),
    )


async def test_get_updates_honours_offset(bot: Bot, api: FakeBotApi) -> None:
    first = api.send_text(ALICE, "one")
    second = api.send_sticker(ALICE)

    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [first, second]
    remaining = await bot.get_updates(offset=second, timeout=0)
    assert [u.update_id for u in remaining] == [second]
    assert remaining[0].message is not None
    assert remaining[0].message.sticker is not None
    assert await bot.get_updates(offset=second + 1, timeout=0) == ()


async def test_long_poll_returns_when_update_is_queued(bot: Bot, api: FakeBotApi) -> None:
    poll = asyncio.create_task(bot.get_updates(offset=1, timeout=30, read_timeout=40))
    await api.wait_confirmed(0)  # the poll's offset=1 has arrived at the server
    assert not poll.done()

    api.send_voice(ALICE)
    updates = await asyncio.wait_for(poll, timeout=5)

    assert len(updates) == 1
    assert updates[0].message is not None
    assert updates[0].message.voice is not None


async def test_wait_confirmed_resolves_after_higher_offset(bot: Bot, api: FakeBotApi) -> None:
    update_id = api.send_photo(ALICE, caption="receipt")
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.caption == "receipt"

    waiter = asyncio.create_task(api.wait_confirmed(update_id))
    await asyncio.sleep(0)
    assert not waiter.done()

    await bot.get_updates(offset=update_id + 1, timeout=0)
    await asyncio.wait_for(waiter, timeout=5)
    assert api.confirmed_offset == update_id + 1


async def test_wait_confirmed_times_out_with_clear_message(api: FakeBotApi) -> None:
    update_id = api.send_text(ALICE, "hello")

    with pytest.raises(AssertionError, match=f"update {update_id} was not confirmed"):
        await api.wait_confirmed(update_id, timeout=0.05)


async def test_tap_button_delivers_callback_query(bot: Bot, api: FakeBotApi) -> None:
    await bot.send_message(ALICE.id, "Pick one", reply_markup=KEYBOARD)
    mark = api.mark()

    api.tap_button(ALICE, api.last_message(ALICE.id), "No")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None
    assert query.data == "answer:no"
    assert query.message is not None
    assert query.message.chat.id == ALICE.id
    assert await query.answer()
    assert [c.method for c in api.calls_since(mark)] == ["answerCallbackQuery"]
    with pytest.raises(BadRequest, match="query id is invalid"):
        await query.answer()


async def test_tap_button_lists_buttons_when_missing(bot: Bot, api: FakeBotApi) -> None:
    await bot.send_message(ALICE.id, "Pick one", reply_markup=KEYBOARD)

    with pytest.raises(AssertionError, match=r"\['Yes', 'No'\]"):
        api.tap_button(ALICE, api.last_message(ALICE.id), "Maybe")


async def test_add_to_group_and_group_text(bot: Bot, api: FakeBotApi) -> None:
    api.add_to_group(ALICE, -5005)
    api.send_group_text(ALICE, -5005, "/help")

    joined, text = await bot.get_updates(timeout=0)

    assert joined.my_chat_member is not None
    assert joined.my_chat_member.chat.type == "group"
    assert joined.my_chat_member.old_chat_member.status == "left"
    assert joined.my_chat_member.new_chat_member.status == "member"
    assert joined.my_chat_member.new_chat_member.user.id == BOT_ID
    assert text.message is not None
    assert text.message.chat.id == -5005
    assert text.message.text == "/help"
    assert text.message.entities[0].type == MessageEntity.BOT_COMMAND


async def test_wrong_token_is_rejected(api: FakeBotApi) -> None:
    # PTB calls getMe while initialising, so the 401 surfaces on entering the context.
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with make_bot(api, token="123:wrong"):
            pass
    assert api.calls() == []  # requests with a wrong token never reach the bot's log


async def test_unknown_method_is_a_telegram_error(bot: Bot, api: FakeBotApi) -> None:
    with pytest.raises(EndPointNotFound, match="sendUnicorn"):
        await bot.do_api_request("sendUnicorn", api_kwargs={"chat_id": ALICE.id})
    assert api.calls("sendUnicorn")[0].error == "Not Found"


async def test_update_is_a_valid_ptb_update(api: FakeBotApi) -> None:
    api.send_text(ALICE, "plain text")
    async with make_bot(api) as client:
        (update,) = await client.get_updates(timeout=0)
    assert isinstance(update, Update)
    assert update.message is not None
    assert update.message.entities == ()
