"""The coach end to end against a fake OpenAI-compatible server: with OPENAI_API_KEY and
OPENAI_BASE_URL set, a round's Details, the digest's weekly insight, /coach and a vision review
use the model; with the server failing in each way, the same journey ends in the offline results
with nothing lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from alignment.coach.offline import load_coach_words
from alignment.reviewers import load_review_texts
from alignment.reviewers.advice import SUGGESTED_YEARS
from alignment.team.themes import load_lexicon
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer, LlmCall, PulseText
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.openai_api import (
    KEY,
    Behaviour,
    FakeOpenAiApi,
    Hang,
    Refusal,
    Status,
    Text,
)
from tests.support.clock import FakeClock
from tests.support.coach_journey import (
    ANSWER,
    COACH_PROMPTS,
    COMMENTS,
    FINDING,
    GOAL,
    MEMBERS,
    REWRITE,
    THEME,
    UNDATED,
    journey,
    script_good_answers,
)
from tests.support.harness import Chat

PROMPTS = PROJECT_ROOT / "prompts"
UI = load_texts(PROMPTS / "ui.yaml")
WORDS = load_coach_words(PROMPTS / "coach.yaml")
LEXICON = load_lexicon(PROMPTS / "themes.yaml")
ENGLISH = load_review_texts(PROMPTS / "reviews.yaml").advice["english"]


@dataclass(frozen=True)
class Failure:
    """One way the server fails, and the settings that make it fail that way."""

    name: str
    behaviour: Behaviour
    env: dict[str, str] = field(default_factory=dict)
    streams_text: bool = False
    """Whether /coach still streams the reply: plain text has no JSON to be malformed."""


FAILURES = [
    Failure("timeout", Hang(), {"LLM_TIMEOUT": "0.3", "LLM_MAX_RETRIES": "0"}),
    Failure("rate_limited", Status(429)),
    Failure("server_error", Status(500)),
    Failure("malformed", Text("this is not JSON {"), streams_text=True),
    Failure("refused", Refusal()),
    Failure("budget", Text("never sent"), {"LLM_MONTHLY_TOKENS": "0"}),
]


@pytest.fixture
def failure() -> Failure | None:
    """The good path unless a test names a failure."""
    return None


@pytest.fixture
def settings(
    bot_api: FakeBotApi,
    database_url: str,
    openai_api: FakeOpenAiApi,
    failure: Failure | None,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """The environment an operator sets to turn the coach on, pointed at the fake server."""
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": openai_api.base_url}
    for name, value in {**env, **(failure.env if failure else {})}.items():
        monkeypatch.setenv(name, value)
    return Settings(
        _env_file=None,
        telegram_bot_token=bot_api.token,
        telegram_api_base_url=bot_api.base_url,
        database_url=database_url,
        log_level="DEBUG",
        prompts_dir=PROMPTS,
    )


def prompt_ids(api: FakeOpenAiApi) -> set[str]:
    """Which prompt files the model was asked with, told apart by their system text."""
    by_system = {prompt.system: prompt.id for prompt in COACH_PROMPTS.values()}
    return {by_system[request.system] for request in api.chat_requests() if request.system}


def insight_of(digest: list[str]) -> str:
    """The weekly insight among the messages the tick sent the owner."""
    heading = UI.coach.insight.split("\n")[0].split("{")[0]
    [insight] = [text for text in digest if text.startswith(heading)]
    return insight


async def vision_answers(sessions: Sessions) -> list[object]:
    async with sessions() as session:
        query = select(Answer.value).where(Answer.question_id == "vision")
        return list((await session.scalars(query)).all())


async def comments_filed(sessions: Sessions) -> list[str]:
    async with sessions() as session:
        query = select(PulseText.text).where(PulseText.kind == "comment")
        return sorted((await session.scalars(query)).all())


async def recorded(sessions: Sessions) -> list[LlmCall]:
    async with sessions() as session:
        return list((await session.scalars(select(LlmCall).order_by(LlmCall.id))).all())


def themes_line(label: str, mentions: int) -> str:
    return UI.report.theme.format(
        label=label, mentions=mentions, comments=3, sentiment=UI.report.sentiments["negative"]
    )


@pytest.mark.long(seconds=8)
async def test_the_journey_uses_the_model_and_shows_it_no_person(
    seeded: Chat,
    bot_api: FakeBotApi,
    openai_api: FakeOpenAiApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    due = (clock.now().date() + timedelta(days=2)).isoformat()
    script_good_answers(openai_api, due)

    mark = bot_api.mark()
    seen = await journey(seeded, bot_api, clock, tick)

    assert themes_line(THEME, 2) in seen.details
    assert FINDING in insight_of(seen.digest)
    assert seen.coach["text"] == ANSWER
    [coached] = [c for c in bot_api.calls_since(mark) if c.params.get("text") == ANSWER]
    drafts = bot_api.calls_since(mark, "sendMessageDraft")
    assert drafts
    assert all(ANSWER.startswith(draft.params["text"]) for draft in drafts)
    assert max(draft.at for draft in drafts) <= coached.at
    assert coached.method == "sendMessage"
    assert UI.review.suggestion.format(rewrite=REWRITE) in seen.review
    assert await vision_answers(sessions) == [REWRITE]
    assert seen.typing == ["details", "review"]

    assert {"vision_review", "comment_themes", "weekly_insight", "coach_answer"} <= prompt_ids(
        openai_api
    )
    people = [seeded.user, *MEMBERS]
    sent = "\n".join(request.text() for request in openai_api.requests)
    for person in people:
        assert str(person.id) not in sent
        assert person.first_name not in sent
        assert person.username is None or person.username not in sent
    calls = await recorded(sessions)
    assert {call.outcome for call in calls} == {"ok"}
    assert all(call.tokens_in > 0 and call.tokens_out > 0 for call in calls)


@pytest.mark.long(seconds=8)
@pytest.mark.parametrize("failure", FAILURES, ids=[f.name for f in FAILURES])
async def test_the_journey_completes_offline_when_the_model_fails(
    seeded: Chat,
    bot_api: FakeBotApi,
    openai_api: FakeOpenAiApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
    failure: Failure,
) -> None:
    openai_api.default = failure.behaviour

    seen = await journey(seeded, bot_api, clock, tick)

    offline_theme = LEXICON.themes["communication_flow"].label  # type: ignore[index]
    assert themes_line(offline_theme, 2) in seen.details
    insight = insight_of(seen.digest)
    assert GOAL in insight
    assert any(finding.split("{")[0] in insight for finding in vars(WORDS.findings).values())
    assert sum(text.startswith(UI.rhythm.digest_intro.split("{")[0]) for text in seen.digest) == 1
    if not failure.streams_text:
        assert GOAL in str(seen.coach["text"])
        assert WORDS.advice.action.split("{")[0] in str(seen.coach["text"])
    rewrite = ENGLISH.horizon.format(text=UNDATED, year=clock.now().year + SUGGESTED_YEARS)
    assert UI.review.suggestion.format(rewrite=rewrite) in seen.review
    assert await vision_answers(sessions) == [rewrite]
    assert await comments_filed(sessions) == sorted(COMMENTS)

    calls = [c for c in await recorded(sessions) if c.prompt_id != "coach_answer"]
    assert {call.prompt_id for call in calls} >= {
        "vision_review",
        "comment_themes",
        "weekly_insight",
    }
    assert {(call.outcome, call.reason) for call in calls} == {("fallback", failure.name)}
