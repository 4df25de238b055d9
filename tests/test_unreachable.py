"""People who blocked the bot: marked unreachable, counted in /team, reachable again on /start.

A 403 on a delivery or a ``my_chat_member`` update saying "kicked" marks the person; an unblock
or any message from them clears it. The owner sees a count, never a name.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Delivery
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import Chat, texts
from tests.support.team import invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
ONE_UNREACHABLE = UI.team.unreachable.format(count=1)
UNREACHABLE = UI.team.unreachable.split("{")[0]


async def team(api: FakeBotApi, owner: Chat, *names: str) -> list[Chat]:
    """Members who opened the owner's invite link and put its first pulse aside for now."""
    token = invite_token(await owner.say("/invite"))
    chats = [member(api, owner, number, name) for number, name in enumerate(names, 1)]
    for chat in chats:
        await chat.say(f"/start {token}")
        await chat.say("/cancel")
    return chats


async def test_a_403_on_an_invitation_marks_the_member_unreachable(
    seeded: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    blocked, fine = await team(bot_api, seeded, "Ann", "Ben")
    bot_api.refuse_messages_to(blocked.user.id, 403, "Forbidden: bot was blocked by the user", 9)

    await seeded.say("/round open")

    async with sessions() as session:
        rows = await session.scalars(select(Delivery))
        assert {d.recipient: d.status for d in rows} == {
            blocked.user.id: "failed",
            fine.user.id: "sent",
        }
    assert ONE_UNREACHABLE in texts(await seeded.say("/team"))


async def test_blocking_is_counted_until_they_unblock_or_press_start(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    (ann,) = await team(bot_api, seeded, "Ann")
    assert UNREACHABLE not in texts(await seeded.say("/team"))

    await ann.send(bot_api.block)
    assert ONE_UNREACHABLE in texts(await seeded.say("/team"))
    await ann.send(bot_api.unblock)
    assert UNREACHABLE not in texts(await seeded.say("/team"))

    await ann.send(bot_api.block)
    await ann.say("/start")
    assert UNREACHABLE not in texts(await seeded.say("/team"))
