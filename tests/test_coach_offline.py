"""The offline coach on sample businesses, and the coach's fallback from the model to it.

Every insight and answer names the business's own goal, vision or dimension, carries a dated
action for this week and stays within 120 words; two businesses never get the same text.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

import pytest
from pydantic import BaseModel

from alignment.coach.coach import MAX_ANSWER, Coach, Turn, clip
from alignment.coach.context import CoachContext
from alignment.coach.language_model import OFFLINE, Offline
from alignment.coach.model import Action, Insight
from alignment.coach.offline import MAX_WORDS, OfflineCoach, load_coach_words, words_in
from alignment.dimensions import Dimension
from alignment.services.events import CoachInsight
from bot.render import Renderer
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from tests.coach_samples import BAKERY, CARPENTRY, EXPECTED_DIMENSION, SAMPLES

T = TypeVar("T", bound=BaseModel)
UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = load_coach_words(PROJECT_ROOT / "prompts" / "coach.yaml")
OFFLINE_COACH = OfflineCoach(WORDS, UI.dimensions)
WEEK = timedelta(days=7)
QUESTIONS = (
    "How do I get the team behind our top goal?",
    "Our meetings feel useless, what should I change?",
    "Wie können wir die Kommunikation im Team verbessern?",
    "Unsere Kunden wollen etwas anderes, was tun?",
    "Is our pricing hurting us?",
    "What should I focus on?",
)


def insight_text(ctx: CoachContext) -> str:
    """The insight exactly as the owner reads it."""
    [message] = Renderer(UI).event(CoachInsight(ctx.business, OFFLINE_COACH.insight(ctx)))
    return message.text  # type: ignore[union-attr]


def own_words(ctx: CoachContext) -> list[str]:
    """Goal titles and the first words of the vision: the business's own."""
    vision = (ctx.vision or "").split()[:3]
    return [g.title for g in ctx.goals] + [" ".join(vision)]


def names_own(ctx: CoachContext, text: str, dimension: Dimension) -> bool:
    owned = any(words in text for words in own_words(ctx))
    return owned and (UI.dimensions[dimension] in text or not ctx.dimensions)


@pytest.mark.parametrize("ctx", SAMPLES, ids=lambda c: c.business)
def test_the_weekly_insight_is_this_business_s_biggest_misalignment_in_120_words(
    ctx: CoachContext,
) -> None:
    insight = OFFLINE_COACH.insight(ctx)
    text = insight_text(ctx)
    assert insight.dimension is EXPECTED_DIMENSION[ctx.business]
    assert names_own(ctx, text, insight.dimension), text
    assert 1 <= len(insight.actions) <= 3
    assert all(ctx.today < a.due <= ctx.today + WEEK for a in insight.actions)
    assert all(a.due.weekday() < 5 for a in insight.actions), "no action is due on a weekend"
    assert all(a.due.isoformat() in text for a in insight.actions)
    assert words_in(text) <= MAX_WORDS, text


@pytest.mark.parametrize("ctx", SAMPLES, ids=lambda c: c.business)
@pytest.mark.parametrize("question", QUESTIONS)
def test_every_answer_names_the_business_s_own_goal_or_dimension_with_one_dated_action(
    ctx: CoachContext, question: str
) -> None:
    advice = OFFLINE_COACH.answer(ctx, question)
    text = OFFLINE_COACH.render(advice)
    assert any(words in text for words in own_words(ctx)) or any(
        name in text for name in UI.dimensions.values()
    ), text
    assert ctx.today < advice.action.due <= ctx.today + WEEK
    assert text.count(advice.action.due.isoformat()) == 1
    assert words_in(text) <= MAX_WORDS, text


def test_two_businesses_never_get_the_same_text() -> None:
    insights = [insight_text(ctx) for ctx in SAMPLES]
    assert len(set(insights)) == len(SAMPLES)
    for question in QUESTIONS:
        answers = [OFFLINE_COACH.render(OFFLINE_COACH.answer(ctx, question)) for ctx in SAMPLES]
        assert len(set(answers)) == len(SAMPLES), question


def test_questions_are_routed_by_english_and_german_keywords() -> None:
    def about(question: str) -> str:
        return OFFLINE_COACH.render(OFFLINE_COACH.answer(BAKERY, question))

    communication = UI.dimensions[Dimension.COMMUNICATION_FLOW]
    assert about("Wie können wir die Kommunikation verbessern?").startswith(communication)
    assert about("How do we run better meetings?").startswith(communication)
    market = UI.dimensions[Dimension.MARKET_ALIGNMENT]
    assert about("Was wollen unsere Kunden?").startswith(market)
    assert about("What do customers want?").startswith(market)
    # a goal named by a word of its title, in any language
    assert "Open a second oven line" in about("When is the second oven line ready?")
    # nothing recognised: the insight's dimension
    assert about("Hmm?").startswith(communication)


def test_a_business_without_figures_starts_from_its_top_goal() -> None:
    text = insight_text(CARPENTRY)
    assert WORDS.findings.no_data.format(goal="Deliver 30 custom kitchens") in text


def test_a_business_still_setting_up_is_asked_for_its_first_goal_whatever_the_question() -> None:
    ctx = replace(CARPENTRY, goals=(), vision=None)
    for question in QUESTIONS:
        text = OFFLINE_COACH.render(OFFLINE_COACH.answer(ctx, question))
        assert text.startswith(
            WORDS.advice.no_goals.format(business=ctx.business, vision=ctx.business)
        )
        assert WORDS.advice.no_goals_action in text
        assert "()" not in text


class Canned(Offline):
    """A model that answers with what it was given, and records what it was asked."""

    def __init__(self, insight: Insight | None = None, chunks: Sequence[str] = ()) -> None:
        self._insight = insight
        self._chunks = chunks
        self.asked: list[tuple[str, Mapping[str, str]]] = []

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        self.asked.append((prompt, variables))
        return schema.model_validate(self._insight.model_dump()) if self._insight else None

    async def stream(
        self, prompt: str, variables: Mapping[str, str], *, workspace: int
    ) -> AsyncIterator[str]:
        self.asked.append((prompt, variables))
        for chunk in self._chunks:
            yield chunk


def model_insight(dimension: Dimension, days: int) -> Insight:
    due = BAKERY.today + timedelta(days=days)
    return Insight(
        dimension=dimension,
        finding="Model finding.",
        why="Model why.",
        actions=(Action(text="Model action.", due=due),),
    )


async def test_the_model_s_insight_is_used_when_it_is_grounded() -> None:
    model = Canned(model_insight(Dimension.COMMUNICATION_FLOW, 2))
    found = await Coach(model, OFFLINE_COACH).insight(BAKERY, workspace=1)
    assert found.finding == "Model finding."
    [(prompt, variables)] = model.asked
    assert prompt == "weekly_insight"
    assert "Supply 40 cafés" in variables["strategy"]
    assert "communication_flow: level 48/100" in variables["figures"]


@pytest.mark.parametrize(
    ("dimension", "days"),
    [(Dimension.MARKET_ALIGNMENT, 2), (Dimension.COMMUNICATION_FLOW, 30)],
    ids=["a dimension the report does not show", "an action due next month"],
)
async def test_an_ungrounded_model_insight_falls_back_to_the_offline_one(
    dimension: Dimension, days: int
) -> None:
    coach = Coach(Canned(model_insight(dimension, days)), OFFLINE_COACH)
    assert await coach.insight(BAKERY, workspace=1) == OFFLINE_COACH.insight(BAKERY)


async def test_no_model_gives_the_offline_insight_and_answer() -> None:
    coach = Coach(OFFLINE, OFFLINE_COACH)
    drafts: list[str] = []

    async def draft(text: str) -> None:
        drafts.append(text)

    assert await coach.insight(BAKERY, workspace=1) == OFFLINE_COACH.insight(BAKERY)
    answer = await coach.answer(BAKERY, "meetings?", [], draft, workspace=1)
    assert answer == OFFLINE_COACH.render(OFFLINE_COACH.answer(BAKERY, "meetings?"))
    assert drafts == []


async def test_a_streamed_answer_grows_in_drafts_and_is_cut_at_a_word_boundary() -> None:
    chunks = ["word " * 100] * 5  # 2500 characters
    model = Canned(chunks=chunks)
    drafts: list[str] = []

    async def draft(text: str) -> None:
        drafts.append(text)

    history = [Turn("user", "Earlier question"), Turn("coach", "Earlier answer")]
    answer = await Coach(model, OFFLINE_COACH).answer(BAKERY, "Next?", history, draft, workspace=1)
    assert len(answer) <= MAX_ANSWER + 1
    assert answer.endswith("word…")
    assert drafts[0] == "word " * 100
    assert drafts[-1] == answer
    [(prompt, variables)] = model.asked
    assert prompt == "coach_answer"
    assert variables["history"] == "user: Earlier question\ncoach: Earlier answer"
    assert variables["question"] == "Next?"


def test_clip_keeps_short_text_and_cuts_long_text_between_words() -> None:
    assert clip("short answer", 50) == "short answer"
    assert clip("one two three four", 10) == "one two…"
    assert list(itertools.islice(clip("x" * 20, 10), 11)) == list("x" * 10 + "…")
