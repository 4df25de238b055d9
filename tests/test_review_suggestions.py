"""The review's suggested rewrite in the owner's flow: shown, used with one tap, from the model
when it answers and offline when it does not."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import date
from typing import TypeVar

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from alignment.coach.language_model import Offline
from alignment.coach.prompt import load_coach_prompts
from alignment.coach.reviews import (
    GoalReviewAdvice,
    ModelVerdict,
    ReviewCoach,
    Subject,
    TextReviewAdvice,
)
from alignment.questionnaire import ReviewKind
from alignment.reviewers import GoalDraft, GoalKind, Reviewers, load_review_texts
from alignment.reviewers.advice import SUGGESTED_YEARS
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.clock import FakeClock
from tests.support.harness import Chat, running_bot, texts
from tests.support.seed import OWNER_TELEGRAM_ID, add_strategy, add_workspace

T = TypeVar("T", bound=BaseModel)

PROMPTS = PROJECT_ROOT / "prompts"
UI = load_texts(PROMPTS / "ui.yaml")
REVIEWS = load_review_texts(PROMPTS / "reviews.yaml")
ENGLISH = REVIEWS.advice["english"]
YEAR = 2026 + SUGGESTED_YEARS
UNDATED = "We supply fresh bread to 40 cafés across Lviv region"
USE = UI.buttons.use_suggestion
KEEP_OR_REWRITE = [UI.buttons.keep, UI.buttons.rewrite]
OK = ModelVerdict(passed=True, note="fine")


async def stored(sessions: Sessions, question_id: str) -> list[object]:
    async with sessions() as session:
        query = select(Answer.value).where(Answer.question_id == question_id).order_by(Answer.id)
        return list((await session.scalars(query)).all())


class Stub(Offline):
    """A model that answers every structured call with one canned object (or None).

    It also reads the stored answers from its own session when asked, which sees only
    committed rows: so what it read proves the answer was committed before the model was asked.
    """

    def __init__(self, answer: BaseModel | None, sessions: Sessions) -> None:
        self.answer = answer
        self.sessions = sessions
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.committed: list[list[object]] = []

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        self.calls.append((prompt, dict(variables)))
        self.committed.append(await stored(self.sessions, "vision"))
        return self.answer if isinstance(self.answer, schema) else None


async def coached(
    stub: Stub,
    settings: Settings,
    clock: FakeClock,
    bot_api: FakeBotApi,
    sessions: Sessions,
) -> AsyncIterator[Chat]:
    """The seeded owner's chat with a bot whose runtime holds the stub model."""
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    async with running_bot(settings, clock, model=stub) as app:
        yield Chat(bot_api, app, FakeUser(id=OWNER_TELEGRAM_ID, first_name="Olena"))


@pytest.mark.both_databases
async def test_an_undated_vision_gets_a_dated_rewrite_that_one_tap_keeps(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin vision")
    replies = await seeded.say(f"{UNDATED}.")
    rewrite = ENGLISH.horizon.format(text=UNDATED, year=YEAR)
    assert UI.review.suggestion.format(rewrite=rewrite) in texts(replies)
    assert seeded.buttons() == [*KEEP_OR_REWRITE, USE]
    review = seeded.latest_with_buttons()
    use = review["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    assert use.startswith("ci:ru:")

    replies = await seeded.tap(USE)
    assert REVIEWS.vision.moving_on in texts(replies)
    assert await stored(sessions, "vision") == [rewrite]

    replies = await seeded.tap_data(review, use)
    assert UI.notices["stale_button"] in texts(replies)
    assert await stored(sessions, "vision") == [rewrite]


async def test_a_suggestion_with_fill_ins_is_shown_without_the_button(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin vision")
    replies = texts(await seeded.say("We will be the leading bakery."))
    rewrite = ENGLISH.horizon.format(text=f"We will be the {ENGLISH.vague} bakery", year=YEAR)
    assert UI.review.suggestion_to_fill.format(rewrite=rewrite) in replies
    assert seeded.buttons() == KEEP_OR_REWRITE


async def test_a_vague_goal_gets_its_kind_and_a_measured_title(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin goals")
    for answer in ("Grow sales", "Monthly sales", "€40k", "2027-09-30"):
        await seeded.say(answer)
    await seeded.tap("8")
    replies = texts(await seeded.say("Fresh bread in every café of the region"))
    title = ENGLISH.measured.format(
        title="Grow sales", metric="Monthly sales", target="€40k", deadline="2027-09-30"
    )
    assert UI.review.kinds[GoalKind.OUTCOME] in replies
    assert UI.review.suggestion.format(rewrite=title) in replies

    replies = texts(await seeded.tap(USE))
    assert REVIEWS.goal.moving_on in replies
    assert await stored(sessions, "title") == [title]
    assert await stored(sessions, "metric") == ["Monthly sales"]


async def test_an_activity_goal_is_named_one(seeded: Chat) -> None:
    await seeded.say("/checkin goals")
    for answer in ("Post on Instagram more", "Posts per week", "5 posts", "2027-09-30"):
        await seeded.say(answer)
    await seeded.tap("8")
    replies = texts(await seeded.say("Fresh bread in every café of the region"))
    assert UI.review.kinds[GoalKind.ACTIVITY] in replies


async def test_the_models_rewrite_is_shown_as_plain_text_and_used_after_the_answer_commits(
    settings: Settings,
    clock: FakeClock,
    bot_api: FakeBotApi,
    sessions: Sessions,
) -> None:
    rewrite = "By 2030 <b>40</b> cafés across Lviv region get our bread before 7 am."
    stub = Stub(TextReviewAdvice(clarity=OK, specificity=OK, horizon=OK, rewrite=rewrite), sessions)
    async for owner in coached(stub, settings, clock, bot_api, sessions):
        await owner.say("/checkin vision")
        replies = await owner.say(f"{UNDATED}.")
        assert UI.review.suggestion.format(rewrite=rewrite) in texts(replies)
        assert all(not message.get("entities") for message in replies)
        assert stub.calls == [
            (
                "vision_review",
                {
                    "kind": "vision",
                    "text": f"{UNDATED}.",
                    "year": "2026",
                    "failed": REVIEWS.vision.time_horizon.label,
                },
            )
        ]
        assert stub.committed == [[f"{UNDATED}."]]

        await owner.tap(USE)
        assert await stored(sessions, "vision") == [rewrite]


async def test_a_goal_review_from_the_model_shows_its_kind(
    settings: Settings,
    clock: FakeClock,
    bot_api: FakeBotApi,
    sessions: Sessions,
) -> None:
    title = "30 more bookings a month from Instagram by September 2027"
    advice = GoalReviewAdvice(
        specific=OK,
        measurable=OK,
        achievable=OK,
        relevant=OK,
        time_bound=OK,
        kind=GoalKind.ACTIVITY,
        rewrite=title,
    )
    stub = Stub(advice, sessions)
    async for owner in coached(stub, settings, clock, bot_api, sessions):
        await owner.say("/checkin goals")
        for answer in ("Post on Instagram more", "Posts per week", "5 posts", "2027-09-30"):
            await owner.say(answer)
        await owner.tap("8")
        replies = texts(await owner.say("Fresh bread in every café of the region"))
        assert UI.review.kinds[GoalKind.ACTIVITY] in replies
        assert UI.review.suggestion.format(rewrite=title) in replies
        assert "Olena" not in str(stub.calls)
        await owner.tap(USE)
        assert await stored(sessions, "title") == [title]


async def test_no_answer_from_the_model_gives_the_offline_rewrite(
    settings: Settings,
    clock: FakeClock,
    bot_api: FakeBotApi,
    sessions: Sessions,
) -> None:
    stub = Stub(None, sessions)
    async for owner in coached(stub, settings, clock, bot_api, sessions):
        await owner.say("/checkin vision")
        replies = texts(await owner.say(f"{UNDATED}."))
        rewrite = ENGLISH.horizon.format(text=UNDATED, year=YEAR)
        assert UI.review.suggestion.format(rewrite=rewrite) in replies
        assert [prompt for prompt, _ in stub.calls] == ["vision_review"]


async def test_a_forged_use_press_without_a_ready_suggestion_changes_nothing(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin vision")
    await seeded.say("We will be the leading bakery.")
    review = seeded.latest_with_buttons()
    keep = review["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    replies = texts(await seeded.tap_data(review, keep.replace("ci:rk:", "ci:ru:")))
    assert UI.notices["stale_button"] in replies
    assert UI.review.keep_or_rewrite in replies
    assert await stored(sessions, "vision") == ["We will be the leading bakery."]


async def test_a_model_title_longer_than_the_question_allows_is_not_offered(
    settings: Settings,
    clock: FakeClock,
    bot_api: FakeBotApi,
    sessions: Sessions,
) -> None:
    advice = GoalReviewAdvice(
        specific=OK,
        measurable=OK,
        achievable=OK,
        relevant=OK,
        time_bound=OK,
        kind=GoalKind.ACTIVITY,
        rewrite="bookings " * 30,
    )
    async for owner in coached(Stub(advice, sessions), settings, clock, bot_api, sessions):
        await owner.say("/checkin goals")
        for answer in ("Post on Instagram more", "Posts per week", "5 posts", "2027-09-30"):
            await owner.say(answer)
        await owner.tap("8")
        replies = texts(await owner.say("Fresh bread in every café of the region"))
        assert UI.review.kinds[GoalKind.ACTIVITY] in replies
        assert "bookings bookings" not in replies
        assert owner.buttons() == KEEP_OR_REWRITE


async def test_the_coach_fills_exactly_the_variables_its_prompts_declare(
    sessions: Sessions,
) -> None:
    prompts = load_coach_prompts(PROMPTS / "coach")
    reviewers = Reviewers(REVIEWS)
    stub = Stub(None, sessions)
    coach = ReviewCoach(stub, reviewers)
    today = date(2026, 11, 23)
    goal = GoalDraft("Grow sales", "Monthly sales", "€40k", date(2027, 9, 30), 8, "cafés")
    for subject, review in (
        (Subject(ReviewKind.VISION, today, text=UNDATED), reviewers.review_vision(UNDATED, today)),
        (Subject(ReviewKind.MISSION, today, text=UNDATED), reviewers.review_mission(UNDATED)),
        (Subject(ReviewKind.GOAL, today, goal=goal), reviewers.review_goal(goal, None, today)),
    ):
        assert await coach.advise(subject, review, workspace=1) is not None
    assert [prompt for prompt, _ in stub.calls] == ["vision_review", "vision_review", "goal_review"]
    for prompt, variables in stub.calls:
        assert set(variables) == set(prompts[prompt].variables)
        prompts[prompt].render(variables)
