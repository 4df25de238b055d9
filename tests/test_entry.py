"""End to end: nobody is trapped on the way in, and everyone sees their own commands.

A newcomer is asked whether they set up a business or join a team, an invite link always wins
over the owner's set-up, free text gets a pointer to the right command, /help and the command
menu follow the person's role, and /leave asks first. The owner's business is seeded.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from alignment.services.events import Role
from bot.menus import ROLE_COMMANDS
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import CheckIn, Membership, Workspace
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.seed import add_strategy, add_workspace
from tests.support.team import PULSE_ITEMS, invite_token, member

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
BUTTONS = UI.buttons
FIRST_STATEMENT = PULSE_ITEMS[0].text


@pytest.fixture
async def token(owner: Chat, sessions: Sessions, clock: FakeClock) -> str:
    """Olena's bakery and strategy, seeded, and an invite link to it."""
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    return invite_token(await owner.say("/invite"))


async def count(sessions: Sessions, table: type[CheckIn | Workspace | Membership]) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


async def test_a_member_who_writes_first_is_asked_and_then_joins_from_the_link(
    owner: Chat, token: str, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    anna = member(bot_api, owner, 1, "Anna")

    asked = await anna.say("hello, my boss told me to write here")
    assert UI.first_contact.format(first_name="Anna") in texts(asked)
    assert anna.buttons() == [BUTTONS.set_up, BUTTONS.join]
    assert UI.first_contact.format(first_name="Anna") in texts(await anna.say("/start"))
    told = await anna.tap(BUTTONS.join)
    assert UI.notices["entry_join"] in texts(told)
    assert (await count(sessions, CheckIn), await count(sessions, Workspace)) == (0, 1)

    joined = await anna.say(f"/start {token}")
    assert FIRST_STATEMENT in texts(joined)
    assert await count(sessions, Workspace) == 1
    assert bot_api.menu(anna.user.id) == list(ROLE_COMMANDS[Role.MEMBER])


async def test_an_invite_link_in_the_middle_of_set_up_wins(
    owner: Chat, token: str, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say("/start")
    await anna.tap(BUTTONS.set_up)
    await anna.say("Anna's Flowers")

    joined = await anna.say(f"/start {token}")

    assert FIRST_STATEMENT in texts(joined)
    assert "Welcome back" not in texts(joined)
    async with sessions() as session:
        scripts = (await session.scalars(select(CheckIn.script_id))).all()
    assert scripts == ["pulse"]  # the half-finished set-up is gone
    assert await count(sessions, Workspace) == 1


async def test_an_owner_check_in_is_paused_when_the_owner_joins_a_team(
    owner: Chat, token: str, bot_api: FakeBotApi, sessions: Sessions, clock: FakeClock
) -> None:
    taras = member(bot_api, owner, 1, "Taras")
    async with sessions.begin() as session:
        repos = Repositories(session)
        user = await repos.users.upsert(taras.user.id, "Taras", clock.now())
        tools = await add_workspace(repos, clock.now())
        tools.owner_id, tools.name = user.id, "Taras Tools"
    await taras.say("/checkin vision")

    joined = await taras.say(f"/start {token}")

    title = "Vision, mission and values"
    assert UI.notices["checkin_paused"].format(title=title) in texts(joined)
    assert FIRST_STATEMENT in texts(joined)
    assert bot_api.menu(taras.user.id) == list(ROLE_COMMANDS[Role.BOTH])


async def test_free_text_points_owner_and_member_to_their_own_command(
    owner: Chat, token: str, bot_api: FakeBotApi
) -> None:
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    await anna.say("/cancel")

    assert UI.guide.answers.report.owner in texts(await owner.say("report"))
    assert UI.guide.answers.report.owner in texts(
        await owner.say("How do I see what my team thinks?")
    )
    assert UI.guide.answers.report.member in texts(await anna.say("Bericht?"))
    assert UI.guide.answers.help.member in texts(await anna.say("Hilfe"))


async def test_a_mistyped_command_gets_did_you_mean(
    owner: Chat, token: str, bot_api: FakeBotApi
) -> None:
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")

    assert UI.errors.did_you_mean.format(command="pulse") in texts(await anna.say("/puls"))
    assert UI.errors.did_you_mean.format(command="report") in texts(await owner.say("/reprot"))
    assert UI.errors.unknown_command in texts(await anna.say("/frobnicate"))


async def test_help_and_menus_follow_the_role(
    owner: Chat, token: str, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    anna = member(bot_api, owner, 1, "Anna")
    newcomer_help = texts(await anna.say("/help"))
    await anna.say(f"/start {token}")
    member_help = texts(await anna.say("/help"))
    owner_help = texts(await owner.say("/help"))

    assert "/start" in newcomer_help
    assert "/report" not in newcomer_help
    assert "/pulse" in member_help
    assert "/report" not in member_help
    assert "/report" in owner_help
    assert "/pulse" not in owner_help
    scopes = [call.params.get("scope") for call in bot_api.calls("setMyCommands")]
    assert scopes == [None, {"type": "chat", "chat_id": anna.user.id}]
    assert bot_api.menu() == list(ROLE_COMMANDS[Role.NEWCOMER])

    await anna.say("/leave")
    stayed = await anna.tap(BUTTONS.stay)
    assert UI.notices["leave_stayed"] in texts(stayed)
    assert await count(sessions, Membership) == 1
    await anna.say("/leave")
    await anna.tap(BUTTONS.leave)
    assert await count(sessions, Membership) == 0
    assert bot_api.menu(anna.user.id) == list(ROLE_COMMANDS[Role.NEWCOMER])
    deleted = bot_api.calls("deleteMyCommands")[-1].params["scope"]
    assert deleted == {"type": "chat", "chat_id": anna.user.id}


async def test_the_bot_describes_itself_at_start_up(bot_api: FakeBotApi, owner: Chat) -> None:
    assert bot_api.description == UI.profile.description
    assert bot_api.short_description == UI.profile.short_description


def test_every_guide_topic_has_keywords_and_an_answer() -> None:
    assert list(type(UI.guide.keywords).model_fields) == list(type(UI.guide.answers).model_fields)
