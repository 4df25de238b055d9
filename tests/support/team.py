"""Team members in end-to-end tests: joining from links and answering a pulse round."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from alignment.questionnaire import Question, Script, load_scripts
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.harness import JSON, Chat, texts
from tests.support.seed import supply_goal
from tests.support.steps import GOAL, begin_setup, set_one_goal

SCRIPTS = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
PULSE_ITEMS = [q for q in SCRIPTS["pulse"].questions if q.dimension is not None]
TOP_GOAL = GOAL[0]
SEEDED_GOAL = supply_goal().title
"""The top goal of the ``seeded`` owner, written to the database rather than walked through."""
SKIP = "Skip"
DETAILS = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml").buttons.details


def member(api: FakeBotApi, owner: Chat, number: int, name: str) -> Chat:
    """Another person's private chat with the same running bot."""
    return Chat(api, owner.app, FakeUser(id=2000 + number, first_name=name))


def invite_token(replies: list[JSON]) -> str:
    """The token in the deep link the bot sent."""
    found = re.search(r"https://t\.me/northstar_test_bot\?start=([A-Za-z0-9_-]+)", texts(replies))
    assert found, texts(replies)
    return found.group(1)


async def onboard_owner(owner: Chat, self_check: Mapping[str, int]) -> None:
    """Set-up, strategy, one goal and the brief self-check, then the whole self-check with the
    given answers (the report reads the newest)."""
    await set_one_goal(owner)
    full = SCRIPTS["self_assessment"]
    await answer_self_check(owner, full.brief(), self_check)
    await owner.say("/checkin self_assessment")
    await answer_self_check(owner, full, self_check)


async def answer_self_check(owner: Chat, script: Script, answers: Mapping[str, int]) -> None:
    """Tap the given answer to each statement; 4, or 2 when reverse-worded, to the others."""
    for question in script.questions:
        default = 2 if question.reverse else 4
        await owner.tap(str(answers.get(question.id, default)))


async def answer_pulse(
    chat: Chat,
    likert: Mapping[str, int | None],
    *,
    echo: str | None = None,
    recall_goal: bool = True,
    comment: str | None = None,
    top_goal: str = TOP_GOAL,
    priorities: str | None = None,
) -> list[JSON]:
    """Answer every question the round asks, a full or a short one (None skips; unlisted
    statements get 4, or 2 when reverse-worded)."""
    for _ in SCRIPTS["pulse"].questions:
        question = asked(chat)
        if question.id == "recall":
            choices = [b for b in chat.buttons() if b not in (SKIP, "◀ Back")]
            assert top_goal in choices
            pick = top_goal if recall_goal else next(c for c in choices if c != top_goal)
            replies = await chat.tap(pick)
        elif question.dimension is None:
            text = {"echo": echo, "priorities": priorities}.get(question.id, comment)
            replies = await (chat.say(text) if text else chat.tap(SKIP))
        else:
            value = likert.get(question.id, 2 if question.reverse else 4)
            replies = await chat.tap(SKIP if value is None else str(value))
        if question.id == "comment":
            return replies
    raise AssertionError("the pulse asked more questions than it has")


def asked(chat: Chat) -> Question:
    """The pulse question the chat's newest message with buttons asks."""
    shown = chat.latest_with_buttons().get("text", "")
    found = [q for q in SCRIPTS["pulse"].questions if q.text in shown]
    assert len(found) == 1, shown
    return found[0]


async def start_team(owner: Chat, *departments: str) -> str:
    """Set-up and one goal (enough for /invite), the given departments, and a plain link."""
    await set_one_goal(owner)
    for name in departments:
        await owner.say(f"/team add {name}")
    return invite_token(await owner.say("/invite"))


async def finish_pulse(chat: Chat) -> list[JSON]:
    """Answer what is left of the open pulse: 4 to every statement, Skip to everything else."""
    for _ in SCRIPTS["pulse"].questions:
        replies = await chat.tap("4" if "4" in chat.buttons() else SKIP)
        if not any(message.get("reply_markup") for message in replies):
            return replies
    raise AssertionError("the pulse asked more questions than it has")


async def other_owner(api: FakeBotApi, owner: Chat, business: str) -> Chat:
    """A second owner on the same bot, with their business set up (enough for /invite)."""
    chat = Chat(api, owner.app, FakeUser(id=1002, first_name="Taras", username="taras"))
    await begin_setup(chat)
    await chat.say(business)
    await chat.tap("Retail / shop")
    await chat.tap("Up to 5")
    await chat.tap("UTC")
    return chat


def has_button(chat: Chat, message: JSON, label: str) -> bool:
    """Whether ``message``, as the person sees it now, still shows the button ``label``."""
    current = chat.api.message(chat.user.id, message["message_id"])
    return current is not None and label in chat.buttons(current)


async def answered_member(api: FakeBotApi, owner: Chat, token: str, number: int, name: str) -> Chat:
    """A member who joined from the link and answered the whole pulse with the defaults."""
    chat = member(api, owner, number, name)
    await chat.say(f"/start {token}")
    await finish_pulse(chat)
    return chat


async def details_after_round(
    seeded: Chat, api: FakeBotApi, free_texts: Sequence[Mapping[str, str | None]]
) -> str:
    """One member per entry joins and answers the pulse, typing the entry's texts by question id
    ("echo", "priorities", "comment"); the seeded owner closes the round and opens Details."""
    token = invite_token(await seeded.say("/invite"))
    for number, said in enumerate(free_texts, start=1):
        person = member(api, seeded, number, f"M{number}")
        await person.say(f"/start {token}")
        await answer_pulse(
            person,
            {},
            echo=said.get("echo"),
            priorities=said.get("priorities"),
            comment=said.get("comment"),
            top_goal=SEEDED_GOAL,
        )
    await seeded.say("/round")
    await seeded.tap("Close the round now")
    return await report_details(seeded)


async def report_details(owner: Chat) -> str:
    """/report, then its Details button."""
    summary, _chart = await owner.say("/report")
    return texts(await owner.tap(DETAILS, summary))
