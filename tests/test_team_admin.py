"""End to end: the owner's team commands, and what they refuse to members and forged buttons."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Department, Invite, Membership, PulseRound, User
from tests.fakes.bot_api import FakeBotApi
from tests.support.harness import JSON, Chat, texts
from tests.support.steps import set_one_goal
from tests.support.team import (
    answered_member,
    finish_pulse,
    has_button,
    invite_token,
    member,
    start_team,
)

OWNER_ONLY = "Only the owner of a business can do that"
STALE = "I've ignored it"
SORRY = "something went wrong"
LINK = "https://t.me/northstar_test_bot?start="
CLOSE = "Close the round now"

TEXTS = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
ANYWAY = TEXTS.buttons.close_anyway


async def departments(sessions: Sessions) -> list[str]:
    """Department names in the order they were added."""
    async with sessions() as session:
        return list((await session.scalars(select(Department.name).order_by(Department.id))).all())


async def membership_of(sessions: Sessions, chat: Chat) -> Membership:
    """The one membership of the person in ``chat``."""
    async with sessions() as session:
        found = await session.scalars(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(User.telegram_id == chat.user.id)
        )
        [membership] = found.all()
        return membership


async def department_of(sessions: Sessions, chat: Chat) -> int | None:
    """The department id of the one membership of the person in ``chat``."""
    return (await membership_of(sessions, chat)).department_id


async def department_id(sessions: Sessions, name: str) -> int:
    """A department's id by its name."""
    async with sessions() as session:
        found = await session.scalar(select(Department.id).where(Department.name == name))
        assert found is not None, name
        return found


async def count(sessions: Sessions, table: type[Department | Invite | PulseRound]) -> int:
    """How many rows a table holds."""
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def team_of_two(owner: Chat, bot_api: FakeBotApi) -> tuple[Chat, Chat]:
    """Two members who joined from one link and answered round 1, still open."""
    token = await start_team(owner)
    people = (member(bot_api, owner, 1, "Anna"), member(bot_api, owner, 2, "Bo"))
    for person in people:
        await person.say(f"/start {token}")
        assert "Thank you" in texts(await finish_pulse(person))
    return people


def says(replies: list[JSON], fragment: str) -> bool:
    """Whether the replies contain ``fragment``; an error apology among them fails the test."""
    text = texts(replies)
    assert SORRY not in text, text
    return fragment in text


# -- /team ------------------------------------------------------------------------------


async def test_team_lists_departments_with_member_counts(owner: Chat, bot_api: FakeBotApi) -> None:
    await set_one_goal(owner)
    assert says(await owner.say("/team"), "No departments yet.")
    await owner.say("/team add Kitchen")
    await owner.say("/team add Front of house")
    token = invite_token(await owner.say("/invite Kitchen"))
    for number, name in enumerate(("Anna", "Bo"), start=1):
        await member(bot_api, owner, number, name).say(f"/start {token}")

    overview = texts(await owner.say("/team"))

    assert "Rosie's Bakery · team members: 2 · results only for groups of at least 3" in overview
    assert "1. Kitchen · members: 2" in overview
    assert "2. Front of house · members: 0" in overview
    assert "Open invite links: 1" in overview
    assert "No departments yet." not in overview
    assert "Anna" not in overview  # counts only, never names


async def test_departments_are_added_renamed_by_number_and_removed(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await set_one_goal(owner)
    assert says(await owner.say("/team add  Kitchen "), "Added “Kitchen”")
    assert says(await owner.say("/team add Front of house"), "Added “Front of house”")
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {invite_token(await owner.say('/invite Kitchen'))}")

    assert says(await owner.say("/team rename 2 Bar and terrace"), "Renamed “Front of house”")
    assert await departments(sessions) == ["Kitchen", "Bar and terrace"]
    assert says(await owner.say("/team remove 1"), "Removed “Kitchen”")

    assert await departments(sessions) == ["Bar and terrace"]
    assert await department_of(sessions, anna) is None  # still on the team, no department
    overview = texts(await owner.say("/team"))
    assert "1. Bar and terrace · members: 0" in overview
    assert "No department · members: 1" in overview
    assert "Kitchen" not in overview


async def test_unknown_department_numbers_and_names_are_refused(
    owner: Chat, sessions: Sessions
) -> None:
    await start_team(owner, "Kitchen")

    assert says(await owner.say("/team rename 2 Bar"), "can't find a department called “2”")
    assert says(await owner.say("/team remove Bar"), "can't find a department called “Bar”")
    assert says(await owner.say("/team remove 0"), "can't find a department called “0”")
    assert await departments(sessions) == ["Kitchen"]


async def test_duplicate_department_names_are_refused(owner: Chat, sessions: Sessions) -> None:
    await start_team(owner, "Kitchen", "Bar")

    assert says(await owner.say("/team add kitchen"), "already a department called “kitchen”")
    assert says(await owner.say("/team rename 2 KITCHEN"), "already a department called")
    assert await departments(sessions) == ["Kitchen", "Bar"]
    # Renaming a department to its own name in another case is not a clash.
    assert says(await owner.say("/team rename 2 BAR"), "Renamed “Bar” to “BAR”")


async def test_a_department_name_must_be_short(owner: Chat, sessions: Sessions) -> None:
    await set_one_goal(owner)

    assert says(await owner.say(f"/team add {'x' * 41}"), "up to 40 characters")
    assert await departments(sessions) == []


# -- the anonymity threshold ------------------------------------------------------------


async def test_threshold_is_never_below_three_and_shows_in_team_and_privacy(
    owner: Chat,
) -> None:
    await set_one_goal(owner)

    assert says(await owner.say("/team threshold 2"), "can never go below 3")
    assert "groups of at least 3" in texts(await owner.say("/team"))
    assert says(await owner.say("/team threshold 5"), "groups of at least 5 people")

    assert "results only for groups of at least 5" in texts(await owner.say("/team"))
    privacy = texts(await owner.say("/privacy"))
    assert "at least 5 different people" in privacy
    assert TEXTS.team.privacy_team.format(business="Rosie's Bakery", members=0) in privacy


async def test_threshold_cannot_be_lowered_once_raised(owner: Chat, bot_api: FakeBotApi) -> None:
    token = await start_team(owner)
    await owner.say("/team threshold 5")
    anna = member(bot_api, owner, 1, "Anna")
    assert "at least 5 people answered" in texts(await anna.say(f"/start {token}"))

    # Anna was promised 5; /privacy says the owner "can raise this, never lower it".
    assert says(await owner.say("/team threshold 4"), "can never go below 5")
    assert "groups of at least 5" in texts(await owner.say("/team"))
    assert "at least 5 different people" in texts(await anna.say("/privacy"))


# -- /invite ----------------------------------------------------------------------------


async def test_invite_to_an_unknown_department_is_refused(owner: Chat, sessions: Sessions) -> None:
    await start_team(owner, "Kitchen")

    replies = await owner.say("/invite NoSuchDept")

    assert says(replies, "can't find a department called “NoSuchDept”")
    assert LINK not in texts(replies)
    assert await count(sessions, Invite) == 1  # only the plain link start_team made


# -- members and strangers --------------------------------------------------------------


async def test_owner_commands_give_members_the_owner_only_reply(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = await answered_member(bot_api, owner, token, 1, "Anna")

    for command in (
        "/invite",
        "/invite revoke",
        "/team",
        "/team add Kitchen",
        "/team threshold 9",
        "/round",
        "/round open",
        "/report",
        "/report csv",
    ):
        replies = await anna.say(command)
        assert says(replies, OWNER_ONLY), command
        assert LINK not in texts(replies)

    assert bot_api.calls("sendDocument") == []
    assert await departments(sessions) == []
    assert "groups of at least 3" in texts(await owner.say("/team"))
    assert "already on the Rosie's Bakery team" in texts(await anna.say(f"/start {token}"))


async def test_a_forged_withdraw_button_changes_nothing(owner: Chat, bot_api: FakeBotApi) -> None:
    await start_team(owner)
    invite = await owner.say("/invite")
    token = invite_token(invite)

    assert says(await owner.tap_data(invite[-1], "inv:rev:99999"), STALE)
    assert has_button(owner, invite[-1], "Withdraw this link")

    anna = member(bot_api, owner, 1, "Anna")
    joined = await anna.say(f"/start {token}")
    assert says(await anna.tap_data(joined[0], "inv:rev:1"), OWNER_ONLY)
    assert says(await anna.tap_data(joined[-1], "inv:rev:2"), OWNER_ONLY)
    assert has_button(anna, joined[-1], "4")  # her question keeps its buttons

    bo = member(bot_api, owner, 2, "Bo")
    assert "welcome to the Rosie's Bakery team" in texts(await bo.say(f"/start {token}"))


async def test_a_member_cannot_close_the_round_with_a_forged_button(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    joined = await anna.say(f"/start {token}")

    assert says(await anna.tap_data(joined[-1], "round:close:1"), OWNER_ONLY)
    assert says(await anna.tap_data(joined[0], "round:close:1"), OWNER_ONLY)

    assert has_button(anna, joined[-1], "4")
    assert "Round 1 is open" in texts(await owner.say("/round"))
    assert "Thank you" in texts(await finish_pulse(anna))


async def test_a_forged_department_button_for_someone_else_changes_nothing(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner, "Kitchen", "Bar")
    anna = member(bot_api, owner, 1, "Anna")
    bo = member(bot_api, owner, 2, "Bo")
    anna_question = (await anna.say(f"/start {token}"))[-1]
    bo_question = (await bo.say(f"/start {token}"))[-1]
    bo_id = (await membership_of(sessions, bo)).id
    kitchen = await department_id(sessions, "Kitchen")

    replies = await anna.tap_data(anna_question, f"dep:set:{bo_id}:{kitchen}")

    assert says(replies, STALE)
    assert await department_of(sessions, bo) is None
    assert await department_of(sessions, anna) is None
    assert has_button(anna, anna_question, "Kitchen")
    assert has_button(bo, bo_question, "Kitchen")
    assert "1. Kitchen · members: 0" in texts(await owner.say("/team"))
    # Her own membership with a department that does not exist is refused as well.
    anna_id = (await membership_of(sessions, anna)).id
    assert says(await anna.tap_data(anna_question, f"dep:set:{anna_id}:99"), STALE)
    assert await department_of(sessions, anna) is None


async def test_a_department_once_set_cannot_be_changed_with_a_replayed_button(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner, "Kitchen", "Bar")
    kitchen_link = invite_token(await owner.say("/invite Kitchen"))
    anna = member(bot_api, owner, 1, "Anna")
    bo = member(bot_api, owner, 2, "Bo")
    anna_joined = await anna.say(f"/start {kitchen_link}")
    bo_question = (await bo.say(f"/start {token}"))[-1]
    await bo.tap("Kitchen", bo_question)
    kitchen, bar = [await department_id(sessions, name) for name in ("Kitchen", "Bar")]
    anna_id = (await membership_of(sessions, anna)).id
    bo_id = (await membership_of(sessions, bo)).id

    # Their own membership ids, so only the "once" rule can refuse these.
    assert says(await anna.tap_data(anna_joined[-1], f"dep:set:{anna_id}:{bar}"), STALE)
    assert says(await bo.tap_data(bo_question, f"dep:set:{bo_id}:{bar}"), STALE)
    assert says(await bo.tap_data(bo_question, f"dep:set:{bo_id}:0"), STALE)

    assert await department_of(sessions, anna) == kitchen
    assert await department_of(sessions, bo) == kitchen
    assert "1. Kitchen · members: 2" in texts(await owner.say("/team"))


async def test_a_forged_leave_button_from_a_stranger_changes_nothing(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    joined = await anna.say(f"/start {token}")
    stranger = member(bot_api, owner, 9, "Mallory")
    greeting = await stranger.say("/help")

    assert says(await stranger.tap_data(greeting[-1], "leave:ws:1"), "not on a team")
    assert says(await anna.tap_data(joined[-1], "leave:ws:99"), STALE)
    assert says(await stranger.tap_data(greeting[-1], "lv:yes:1"), "not on a team")
    assert says(await anna.tap_data(joined[-1], "lv:yes:99"), STALE)

    assert "Rosie's Bakery · team members: 1" in texts(await owner.say("/team"))


# -- /round -----------------------------------------------------------------------------


async def test_round_with_none_open_explains_how_to_open_one(owner: Chat) -> None:
    await set_one_goal(owner)

    assert says(await owner.say("/round"), "No round is open right now")


async def test_round_open_with_nobody_on_the_team_is_refused(
    owner: Chat, sessions: Sessions
) -> None:
    await start_team(owner)

    assert says(await owner.say("/round open"), "Nobody has joined your team yet")
    assert await count(sessions, PulseRound) == 0


async def test_round_open_twice_shows_the_open_round(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await team_of_two(owner, bot_api)
    assert says(await owner.say("/round"), "2 of 2 have answered")
    await owner.tap(CLOSE)
    assert says(await owner.tap(ANYWAY), "Round 1 is closed with 2 answers")

    opened = await owner.say("/round open")
    assert says(opened, "Round 2 is open until 2026-11-26")
    assert "Team members I've sent it to: 2" in texts(opened)
    mark = bot_api.mark()

    again = await owner.say("/round open")

    assert says(again, "Round 2 is open until 2026-11-26: 0 of 2 have answered so far")
    assert CLOSE in owner.buttons(again[-1])
    assert await count(sessions, PulseRound) == 2
    sent = bot_api.calls_since(mark, "sendMessage")
    assert [c for c in sent if c.params["chat_id"] != owner.user.id] == []  # nobody invited twice


async def test_closing_below_the_threshold_says_the_round_waits_and_asks_first(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await team_of_two(owner, bot_api)
    await owner.say("/round")

    asked = await owner.tap(CLOSE)

    warning = TEXTS.team.close_confirm.format(number=1, answered=2, threshold=3)
    assert texts(asked) == warning
    assert owner.buttons(asked[-1]) == [ANYWAY]
    async with sessions() as session:
        assert (await session.scalars(select(PulseRound.closed_at))).one() is None
    closed = await owner.tap(ANYWAY)
    assert texts(closed) == TEXTS.notices["round_closed"].format(
        first_name="Olena", number=1, answered=2
    )
    async with sessions() as session:
        assert (await session.scalars(select(PulseRound.closed_at))).one() is not None


async def test_round_open_after_a_newcomer_joined_still_invites_the_team(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    anna, _ = await team_of_two(owner, bot_api)
    await owner.say("/round")
    await owner.tap(CLOSE)
    await owner.tap(ANYWAY)
    cleo = member(bot_api, owner, 3, "Cleo")
    await cleo.say(f"/start {invite_token(await owner.say('/invite'))}")
    before = len(bot_api.sent_messages(anna.user.id))

    opened = texts(await owner.say("/round open"))

    assert "I've sent it to" in opened
    assert len(bot_api.sent_messages(anna.user.id)) == before + 1


async def test_a_stale_close_button_does_not_close_a_newer_round(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    await team_of_two(owner, bot_api)
    old_status = (await owner.say("/round"))[-1]
    await owner.tap(CLOSE, old_status)
    await owner.tap(ANYWAY)
    await owner.say("/round open")

    replies = await owner.tap_data(old_status, "round:close:1")

    assert says(replies, STALE)
    assert "Round 2 is open" in texts(await owner.say("/round"))


# -- /report ----------------------------------------------------------------------------


async def test_report_before_any_round_says_no_results_yet(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    await set_one_goal(owner)

    replies = await owner.say("/report")

    assert says(replies, "No results yet")
    assert "team members so far: 0" in texts(replies)
    assert bot_api.calls("sendPhoto") == []


async def test_report_for_a_team_of_two_shows_no_figures(owner: Chat, bot_api: FakeBotApi) -> None:
    await team_of_two(owner, bot_api)
    await owner.say("/round")
    await owner.tap(CLOSE)
    await owner.tap(ANYWAY)

    report = texts(await owner.say("/report"))

    assert "No results yet" in report
    assert "team members so far: 2" in report
    assert not [line for line in report.splitlines() if "team " in line and "· agreement" in line]
    assert "Headline alignment" not in report
    assert bot_api.calls("sendPhoto") == []
    await owner.say("/report csv")
    assert bot_api.calls("sendDocument") == []


async def test_member_commands_point_an_owner_at_their_own(owner: Chat) -> None:
    await start_team(owner)

    for command in ("/pulse", "/pause", "/resume", "/leave"):
        replies = texts(await owner.say(command))
        assert "send /round open" in replies, command
        assert "invite link" not in replies, command
