"""/coach end to end: owner only, offline advice, a remembered conversation, streamed drafts,
and the weekly insight after the digest."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select

from alignment.coach.language_model import LanguageModel
from alignment.coach.offline import load_coach_words
from alignment.dimensions import Dimension
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import CoachTurn
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.clock import FakeClock
from tests.support.harness import Chat, running_bot, texts
from tests.support.seed import OWNER_TELEGRAM_ID, add_strategy, add_workspace
from tests.support.team import invite_token, member
from tests.test_anonymity_attacks import close, join
from tests.test_coach_offline import Canned

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = load_coach_words(PROJECT_ROOT / "prompts" / "coach.yaml")
NEXT_STEP = WORDS.advice.action.split("{")[0]
"""How every offline answer's dated action begins."""
GOAL = "Supply 40 cafés"
"""The seeded business's goal (tests/support/seed.py)."""


@pytest.fixture
async def strategy(sessions: Sessions, clock: FakeClock) -> None:
    """The seeded business in the database, for tests that run their own bot."""
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())


@asynccontextmanager
async def coached_owner(
    model: LanguageModel, settings: Settings, clock: FakeClock, api: FakeBotApi
) -> AsyncIterator[Chat]:
    """The owner's chat with a bot whose coach uses ``model``; leaving the block stops it."""
    async with running_bot(settings, clock, model=model) as app:
        yield Chat(api, app, FakeUser(id=OWNER_TELEGRAM_ID, first_name="Olena"))


async def test_the_owner_gets_offline_advice_about_their_own_goal_while_typing_shows(
    seeded: Chat, bot_api: FakeBotApi
) -> None:
    mark = bot_api.mark()
    [reply] = await seeded.say("/coach How do I get the team behind our goal?")
    assert GOAL in reply["text"]
    assert NEXT_STEP in reply["text"]
    [typing] = bot_api.calls_since(mark, "sendChatAction")
    assert typing.params["action"] == "typing"
    assert bot_api.calls_since(mark, "sendMessageDraft") == [], "offline: one normal message"


async def test_a_german_question_is_routed_to_its_dimension(seeded: Chat) -> None:
    [reply] = await seeded.say("/coach Wie verbessern wir die Kommunikation im Team?")
    assert reply["text"].startswith(UI.dimensions[Dimension.COMMUNICATION_FLOW])
    assert WORDS.advice.no_figure in reply["text"], "no report yet: no figure is invented"


async def test_a_member_is_refused(seeded: Chat, bot_api: FakeBotApi) -> None:
    token = invite_token(await seeded.say("/invite"))
    chat = member(bot_api, seeded, 1, "Mira")
    await chat.say(f"/start {token}")
    mark = bot_api.mark()
    replies = await chat.say("/coach what are the goals?")
    assert texts(replies) == UI.notices["owner_only"]
    assert bot_api.calls_since(mark, "sendChatAction") == []


async def test_a_bare_coach_asks_and_the_next_typed_message_is_the_question(
    seeded: Chat,
) -> None:
    assert texts(await seeded.say("/coach")) == UI.notices["coach_ask"]
    [answer] = await seeded.say("How do we run better meetings?")
    assert answer["text"].startswith(UI.dimensions[Dimension.COMMUNICATION_FLOW])
    after = texts(await seeded.say("How do we run better meetings?"))
    assert NEXT_STEP not in after, "only the one message after /coach is a question"


async def test_the_conversation_is_remembered_across_a_restart_for_a_day(
    strategy: None, settings: Settings, clock: FakeClock, bot_api: FakeBotApi, sessions: Sessions
) -> None:
    first = Canned(chunks=["Bake ", "earlier."])
    async with coached_owner(first, settings, clock, bot_api) as owner:
        await owner.say("/coach Why are cafés slow to order?")
    second = Canned(chunks=["Call them."])
    async with coached_owner(second, settings, clock, bot_api) as owner:
        clock.advance(hours=2)
        await owner.say("/coach And what next?")
        clock.advance(hours=25)
        await owner.say("/coach A new topic")
    [(_, remembered), (_, forgotten)] = second.asked
    assert remembered["history"] == "user: Why are cafés slow to order?\ncoach: Bake earlier."
    assert remembered["question"] == "And what next?"
    assert forgotten["history"] == "(none)", "turns older than a day are not the conversation"
    async with sessions() as session:
        kept = await session.scalars(select(CoachTurn.text).order_by(CoachTurn.id))
        assert list(kept) == ["A new topic", "Call them."], "older turns are deleted"
    assert GOAL in remembered["strategy"]
    assert "Olena" not in str(remembered)
    assert str(OWNER_TELEGRAM_ID) not in str(remembered)


async def test_a_streamed_answer_shows_as_a_draft_then_ends_in_a_message(
    strategy: None, settings: Settings, clock: FakeClock, bot_api: FakeBotApi
) -> None:
    chunks = ["Ask each café ", "what would make them order twice a week; ", "by Friday."]
    async with coached_owner(Canned(chunks=chunks), settings, clock, bot_api) as owner:
        mark = bot_api.mark()
        [reply] = await owner.say("/coach How do I win more cafés?")
    assert reply["text"] == "".join(chunks)
    calls = [c.method for c in bot_api.calls_since(mark) if c.method != "getUpdates"]
    assert calls.index("sendChatAction") < calls.index("sendMessageDraft")
    assert calls.index("sendMessageDraft") < calls.index("sendMessage")
    [draft, *_] = bot_api.calls_since(mark, "sendMessageDraft")
    assert draft.params["text"] == chunks[0]


async def test_an_empty_stream_gives_the_offline_answer(
    strategy: None, settings: Settings, clock: FakeClock, bot_api: FakeBotApi
) -> None:
    model = Canned(chunks=[])
    async with coached_owner(model, settings, clock, bot_api) as owner:
        mark = bot_api.mark()
        [reply] = await owner.say("/coach How do I win more cafés?")
    assert model.asked, "the model was asked first"
    assert GOAL in reply["text"]
    assert NEXT_STEP in reply["text"]
    assert bot_api.calls_since(mark, "sendMessageDraft") == []


async def test_the_digest_is_followed_by_the_weekly_insight(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Callable[[], Awaitable[None]]
) -> None:
    token = invite_token(await seeded.say("/invite"))
    for number in (1, 2, 3):
        await join(bot_api, seeded, token, number)
    await close(seeded)
    mark = bot_api.mark()
    clock.advance(minutes=5)
    await tick()
    sent = [
        c.params["text"]
        for c in bot_api.calls_since(mark, "sendMessage")
        if c.params["chat_id"] == seeded.user.id
    ]
    heading = UI.coach.insight.format(business="Rosie's", finding="", why="", actions="")
    digest = UI.rhythm.digest_intro.split("{")[0]
    assert any(text.startswith(digest) for text in sent), sent
    [insight] = [text for text in sent if text.startswith(heading.split("\n")[0])]
    assert GOAL in insight
    assert len(insight.split()) <= 120
