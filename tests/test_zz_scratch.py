from __future__ import annotations

from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.steps import set_one_goal
from tests.support.team import invite_token, member


async def test_scratch(owner: Chat, bot_api: FakeBotApi, clock: FakeClock) -> None:
    await set_one_goal(owner)
    print("OWNER LATEST", owner.latest())
    r = await owner.say("/invite")
    print("INVITE", texts(r), r[-1].get("reply_markup"))
    print("TEAM", texts(await owner.say("/team add Kitchen")))
    print("TEAM", texts(await owner.say("/team add Front of house")))
    r = await owner.say("/invite Kitchen")
    print("INVITE K", texts(r))
    tok = invite_token(r)
    plain = invite_token(await owner.say("/invite"))
    a = member(bot_api, owner, 1, "Anna")
    r = await a.say(f"/start {tok}")
    print("JOIN K", texts(r), a.buttons())
    b = member(bot_api, owner, 2, "Bo")
    r = await b.say(f"/start {plain}")
    print("JOIN P", texts(r), b.buttons())
    r = await b.tap("Kitchen")
    print("TAP", texts(r), b.buttons())
    r = await b.tap("4")
    print("TAP4", texts(r), b.buttons())
    r = await b.tap("◀ Back")
    print("BACK", texts(r), b.buttons())
    print("TEAM", texts(await owner.say("/team")))
    print("ROUND", texts(await owner.say("/round")))
    print("PRIV", texts(await b.say("/privacy")))
    print("STICKER", texts(await b.send(bot_api.send_sticker)))
    print("CANCEL", texts(await b.say("/cancel")))
    print("STICKER", texts(await b.send(bot_api.send_sticker)))
    print("TEXT", texts(await b.say("hello")))
    print("PULSE", texts(await b.say("/pulse")))
