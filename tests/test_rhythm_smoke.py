from __future__ import annotations
from collections.abc import Awaitable, Callable
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat
from tests.support.team import invite_token
from tests.test_anonymity_attacks import join


async def test_smoke(seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Callable[[], Awaitable[None]]) -> None:
    token = invite_token(await seeded.say("/invite"))
    members = [await join(bot_api, seeded, token, n) for n in (1, 2, 3)]
    for hour in range(0, 24 * 15, 1):
        clock.advance(hours=1)
        await tick()
    for chat in [seeded, *members]:
        for m in bot_api.sent_messages(chat.user.id):
            pass
    log = [(c["chat_id"] if "chat_id" in c else None) for c in []]
    for call in bot_api.calls():
        if call.method in ("sendMessage", "sendPhoto"):
            print(call.method, call.params.get("chat_id"), str(call.params.get("text") or call.params.get("caption"))[:90].replace("\n"," | "))
    assert False
