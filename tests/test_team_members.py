"""End to end: a team member joins from a link, answers pulses, pauses, cancels and leaves."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import (
    Answer,
    CheckIn,
    Department,
    Membership,
    Participation,
    PulseTally,
    PulseText,
    User,
)
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import JSON, Chat, texts
from tests.support.team import (
    PULSE_ITEMS,
    SCRIPTS,
    answer_pulse,
    answered_member,
    finish_pulse,
    has_button,
    invite_token,
    member,
    other_owner,
    start_team,
)

BACK = "◀ Back"
FIRST_STATEMENT = PULSE_ITEMS[0].text
SECOND_STATEMENT = PULSE_ITEMS[1].text
FIRST_QUESTION = f"1/{len(SCRIPTS['pulse'].questions)} · {FIRST_STATEMENT}"
DEPARTMENT_QUESTION = "Which department are you in?"
NO_DEPARTMENT = "Prefer not to say"
SORRY = "something went wrong"
UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
ALREADY_ANSWERED = UI.notices["already_answered"]
LEAVE = UI.buttons.leave


async def tally(sessions: Sessions, item_id: str) -> dict[int, int]:
    """How many people gave each answer to one statement, across every round."""
    async with sessions() as session:
        rows = await session.execute(
            select(PulseTally.value, func.sum(PulseTally.count))
            .where(PulseTally.item_id == item_id)
            .group_by(PulseTally.value)
        )
        return {int(value): int(count) for value, count in rows.all() if count}


async def memberships_of(sessions: Sessions, chat: Chat) -> list[Membership]:
    """The memberships of the person in ``chat``, oldest first."""
    async with sessions() as session:
        rows = await session.scalars(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(User.telegram_id == chat.user.id)
            .order_by(Membership.id)
        )
        return list(rows.all())


async def department_named(sessions: Sessions, name: str) -> int:
    """The id of a department by its name."""
    async with sessions() as session:
        found = await session.scalar(select(Department.id).where(Department.name == name))
        assert found is not None, name
        return found


async def open_checkins(sessions: Sessions, chat: Chat) -> int:
    """How many check-ins the person in ``chat`` has in progress (a pulse is one)."""
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .join(User, User.id == CheckIn.user_id)
            .where(User.telegram_id == chat.user.id, CheckIn.status == "active")
        )
        return int(count or 0)


def question_of(replies: list[JSON]) -> str:
    """The text of the last message that carries buttons, i.e. the question being asked."""
    asked = [m for m in replies if m.get("reply_markup")]
    assert asked, texts(replies)
    return str(asked[-1]["text"])


# -- joining ----------------------------------------------------------------------------


async def test_welcome_names_the_business_explains_anonymity_and_starts_the_pulse(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")

    replies = await anna.say(f"/start {token}")

    welcome = texts(replies)
    expected = UI.notices["member_welcome"].format(
        first_name="Anna", business="Rosie's Bakery", threshold=3
    )
    assert expected in welcome
    assert DEPARTMENT_QUESTION not in welcome  # no departments, so nothing to ask
    assert FIRST_QUESTION in question_of(replies)
    # the welcome, then the first question: nothing else to read before answering
    assert len(replies) == 2
    assert "/privacy" in str(replies[0]["text"])
    assert anna.buttons() == ["1", "2", "3", "4", "5", "Skip"]  # no Back on the first question


async def test_a_department_link_skips_the_department_question(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    await start_team(owner, "Kitchen", "Front of house")
    token = invite_token(await owner.say("/invite Kitchen"))
    anna = member(bot_api, owner, 1, "Anna")

    replies = await anna.say(f"/start {token}")

    assert DEPARTMENT_QUESTION not in texts(replies)
    assert FIRST_STATEMENT in question_of(replies)
    assert NO_DEPARTMENT not in anna.buttons()
    [joined] = await memberships_of(sessions, anna)
    assert joined.department_id == await department_named(sessions, "Kitchen")
    assert "1. Kitchen · members: 1" in texts(await owner.say("/team"))


async def test_a_plain_link_asks_the_department_and_the_tap_starts_the_pulse(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner, "Kitchen", "Front of house")
    anna = member(bot_api, owner, 1, "Anna")

    replies = await anna.say(f"/start {token}")

    assert DEPARTMENT_QUESTION in question_of(replies)
    assert len(replies) == 2  # the welcome, then the department
    assert anna.buttons() == ["Kitchen", "Front of house", NO_DEPARTMENT]
    assert FIRST_STATEMENT not in texts(replies)  # the pulse waits for the department
    question = anna.latest_with_buttons()

    replies = await anna.tap("Front of house")

    assert "noted: Front of house" in texts(replies)
    assert FIRST_STATEMENT in question_of(replies)
    assert not has_button(anna, question, "Kitchen")  # the choice cannot be made twice
    [joined] = await memberships_of(sessions, anna)
    assert joined.department_id == await department_named(sessions, "Front of house")


async def test_prefer_not_to_say_leaves_the_member_without_a_department(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner, "Kitchen")
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")

    replies = await anna.tap(NO_DEPARTMENT)

    assert FIRST_STATEMENT in question_of(replies)
    [joined] = await memberships_of(sessions, anna)
    assert joined.department_id is None
    overview = texts(await owner.say("/team"))
    assert "1. Kitchen · members: 0" in overview
    assert "No department · members: 1" in overview


async def test_opening_the_same_link_again_says_already_a_member(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = await answered_member(bot_api, owner, token, 1, "Anna")

    replies = await anna.say(f"/start {token}")

    assert "already on the Rosie's Bakery team" in texts(replies)
    assert "welcome!" not in texts(replies)
    assert len(await memberships_of(sessions, anna)) == 1


async def test_the_owner_opening_their_own_link_is_told_to_share_it(
    owner: Chat, sessions: Sessions
) -> None:
    token = await start_team(owner)

    replies = await owner.say(f"/start {token}")

    assert "That's your own invite link" in texts(replies)
    assert await memberships_of(sessions, owner) == []


async def test_a_link_withdrawn_from_its_button_is_refused(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    await start_team(owner)
    invite = await owner.say("/invite")
    token = invite_token(invite)

    replies = await owner.tap("Withdraw this link", invite[-1])

    assert "that link no longer works" in texts(replies)
    assert not has_button(owner, invite[-1], "Withdraw this link")
    anna = member(bot_api, owner, 1, "Anna")
    refused = texts(await anna.say(f"/start {token}"))
    assert "expired or was withdrawn" in refused
    assert "welcome!" not in refused


async def test_invite_revoke_withdraws_every_open_link_and_keeps_who_joined(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    first = await start_team(owner)
    second = invite_token(await owner.say("/invite"))
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {first}")

    replies = await owner.say("/invite revoke")

    assert "Open invite links withdrawn: 2" in texts(replies)
    bo = member(bot_api, owner, 2, "Bo")
    assert "expired or was withdrawn" in texts(await bo.say(f"/start {first}"))
    assert "expired or was withdrawn" in texts(await bo.say(f"/start {second}"))
    overview = texts(await owner.say("/team"))
    assert "Rosie's Bakery · team members: 1" in overview
    assert "Open invite links: 0" in overview


# -- answering --------------------------------------------------------------------------


async def test_back_re_asks_the_previous_question_and_the_new_answer_replaces_the_old(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    assert BACK not in anna.buttons()

    replies = await anna.tap("2")
    assert SECOND_STATEMENT in question_of(replies)
    assert BACK in anna.buttons()

    replies = await anna.tap(BACK)
    assert FIRST_QUESTION in question_of(replies)
    assert UI.prompt.earlier.format(answer="2") in question_of(replies)
    assert BACK not in anna.buttons()

    replies = await anna.tap("5")
    assert SECOND_STATEMENT in question_of(replies)
    assert "Thank you" in texts(await finish_pulse(anna))
    assert await tally(sessions, PULSE_ITEMS[0].id) == {5: 1}
    assert await tally(sessions, PULSE_ITEMS[1].id) == {4: 1}


async def test_pulse_after_answering_says_there_is_nothing_open(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    assert "Thank you" in texts(await answer_pulse(anna, {}))

    replies = await anna.say("/pulse")

    assert "no round for you to answer" in texts(replies)
    assert not any(m.get("reply_markup") for m in replies)
    assert await open_checkins(sessions, anna) == 0  # /pulse started nothing new


async def test_cancel_mid_pulse_deletes_the_answers_and_pulse_starts_over(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    for value in ("1", "2", "3"):
        await anna.tap(value)

    replies = await anna.say("/cancel")

    assert "deleted the answers you'd started" in texts(replies)
    assert await open_checkins(sessions, anna) == 0
    async with sessions() as session:
        answers = (
            select(func.count())
            .select_from(Answer)
            .join(CheckIn)
            .join(User, User.id == CheckIn.user_id)
            .where(User.telegram_id == anna.user.id)
        )
        assert await session.scalar(answers) == 0

    replies = await anna.say("/pulse")

    assert FIRST_QUESTION in question_of(replies)
    assert BACK not in anna.buttons()
    assert "Thank you" in texts(await finish_pulse(anna))
    assert await tally(sessions, PULSE_ITEMS[0].id) == {4: 1}  # the cancelled 1 was never filed


async def test_a_round_closing_mid_pulse_files_nothing(
    owner: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    await anna.tap("5")
    clock.advance(days=3, minutes=1)

    replies = await finish_pulse(anna)

    assert "This round closed before you finished" in texts(replies)
    assert "Thank you" not in texts(replies)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PulseTally)) == 0
        assert await session.scalar(select(func.count()).select_from(Participation)) == 0
    assert await open_checkins(sessions, anna) == 0
    assert "no round for you to answer" in texts(await anna.say("/pulse"))


# -- pausing ----------------------------------------------------------------------------


async def test_a_paused_member_gets_no_round_invitation_until_resume(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    bo = member(bot_api, owner, 2, "Bo")
    for person in (anna, bo):
        await person.say(f"/start {token}")
        await finish_pulse(person)
    await owner.say("/round")
    await owner.tap("Close the round now")
    await owner.tap(UI.buttons.close_anyway)

    assert "won't send you new rounds" in texts(await anna.say("/pause"))
    anna_before = len(bot_api.sent_messages(anna.user.id))
    bo_before = len(bot_api.sent_messages(bo.user.id))
    opened = texts(await owner.say("/round open"))

    assert "Round 2 is open" in opened
    assert "Team members I've sent it to: 1" in opened
    assert len(bot_api.sent_messages(anna.user.id)) == anna_before
    [invitation] = bot_api.sent_messages(bo.user.id)[bo_before:]
    assert "A new Rosie's Bakery pulse is open" in invitation["text"]
    assert "Answer now" in bo.buttons(invitation)
    assert FIRST_STATEMENT in question_of(await bo.tap("Answer now", invitation))
    # Pausing only stops invitations: a paused member can still answer with /pulse.
    assert FIRST_STATEMENT in question_of(await anna.say("/pulse"))

    assert "next rounds again" in texts(await anna.say("/resume"))
    await owner.say("/round")
    await owner.tap("Close the round now")
    await owner.tap(UI.buttons.close_anyway)
    anna_before = len(bot_api.sent_messages(anna.user.id))
    assert "Team members I've sent it to: 2" in texts(await owner.say("/round open"))
    [invitation] = bot_api.sent_messages(anna.user.id)[anna_before:]
    assert "A new Rosie's Bakery pulse is open" in invitation["text"]


# -- leaving ----------------------------------------------------------------------------


async def test_leave_deletes_the_member_and_keeps_the_anonymous_counts(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    await answer_pulse(anna, {PULSE_ITEMS[0].id: 2}, comment="More team lunches, please.")

    asked = await anna.say("/leave")
    assert UI.team.leave_confirm.format(business="Rosie's Bakery") in texts(asked)
    assert await memberships_of(sessions, anna) != []  # nothing deleted before confirming
    replies = await anna.tap(LEAVE)

    assert "You've left the Rosie's Bakery team and I've deleted your personal data" in texts(
        replies
    )
    async with sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.user.id))
        assert user is None
        assert await session.scalar(select(func.count()).select_from(Membership)) == 0
        [took_part] = (await session.scalars(select(Participation))).all()
        assert took_part.membership_id is None
        assert len(took_part.respondent_key) == 32
        comments = (await session.scalars(select(PulseText.text))).all()
        assert comments == ["More team lunches, please."]
    assert await tally(sessions, PULSE_ITEMS[0].id) == {2: 1}
    assert "Rosie's Bakery · team members: 0" in texts(await owner.say("/team"))


async def test_leaving_and_rejoining_does_not_answer_the_same_round_twice(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    # The attack: one real respondent, and a second account that files, leaves, rejoins from
    # the same link and tries again, hoping to count twice and see the first person's answers.
    token = await start_team(owner)
    await answered_member(bot_api, owner, token, 2, "Bo")
    anna = await answered_member(bot_api, owner, token, 1, "Anna")
    await anna.say("/leave")
    await anna.tap(LEAVE)

    rejoined = await anna.say(f"/start {token}")
    again = await anna.say("/pulse")

    assert ALREADY_ANSWERED in texts(rejoined)
    assert ALREADY_ANSWERED in texts(again)
    assert not any(m.get("reply_markup") for m in again)
    assert await open_checkins(sessions, anna) == 0
    assert await tally(sessions, PULSE_ITEMS[0].id) == {4: 2}
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Participation)) == 2
    assert "2 of 2 have answered" in texts(await owner.say("/round"))


async def test_a_member_of_two_teams_chooses_which_to_leave(
    owner: Chat, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    bakery = await start_team(owner)
    taras = await other_owner(bot_api, owner, "Taras Tools")
    tools = invite_token(await taras.say("/invite"))
    anna = await answered_member(bot_api, owner, bakery, 1, "Anna")
    welcome = texts(await anna.say(f"/start {tools}"))
    assert "welcome to the Taras Tools team" in welcome

    replies = await anna.say("/leave")

    assert "more than one team" in texts(replies)
    assert anna.buttons() == ["Rosie's Bakery", "Taras Tools"]
    await anna.tap("Taras Tools")
    replies = await anna.tap(LEAVE)
    assert "You've left the Taras Tools team" in texts(replies)
    [staying] = await memberships_of(sessions, anna)
    async with sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.user.id))
        assert user is not None
        assert staying.user_id == user.id
    assert await open_checkins(sessions, anna) == 0  # the unfinished Taras Tools pulse went too
    assert "Rosie's Bakery · team members: 1" in texts(await owner.say("/team"))
    assert "Taras Tools · team members: 0" in texts(await taras.say("/team"))

    await anna.say("/leave")
    replies = await anna.tap(LEAVE)
    assert "You've left the Rosie's Bakery team" in texts(replies)
    assert await memberships_of(sessions, anna) == []


# -- anything else ----------------------------------------------------------------------


async def test_stickers_and_chatter_outside_a_pulse_get_a_friendly_reply(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    token = await start_team(owner)
    anna = await answered_member(bot_api, owner, token, 1, "Anna")

    sticker = texts(await anna.send(bot_api.send_sticker))
    chatter = texts(await anna.say("hello, is anyone there?"))
    photo = texts(await anna.send(bot_api.send_photo))
    checkin = texts(await anna.say("/checkin"))
    start = texts(await anna.say("/start"))

    assert "only read text" in sticker
    assert "only read text" in photo
    assert "Nothing to answer right now" in chatter
    assert "Nothing to answer right now" in checkin
    assert "Welcome back, Anna! Send /pulse" in start
    for reply in (sticker, chatter, photo, checkin, start):
        assert SORRY not in reply
        assert "set up your business" not in reply


async def test_a_sticker_mid_pulse_asks_the_same_question_again(
    owner: Chat, bot_api: FakeBotApi
) -> None:
    token = await start_team(owner)
    anna = member(bot_api, owner, 1, "Anna")
    await anna.say(f"/start {token}")
    await anna.tap("3")

    replies = await anna.send(bot_api.send_sticker)

    assert "only read text" in texts(replies)
    assert SECOND_STATEMENT in question_of(replies)
    assert SORRY not in texts(replies)
