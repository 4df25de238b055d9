"""End to end: the quarterly review, 13 weeks after the first strategy, through the tick.

The seeded strategy stands for the first one; the clock travels to week 13 and the owner walks
the review over the chat, typing the SWOT lines and choosing what happens to the goals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from sqlalchemy import select, update

from alignment.dimensions import Dimension
from alignment.questionnaire import load_scripts
from alignment.scoring import DimensionScore
from alignment.services import quarterly
from alignment.services.events import QuarterlyReview
from alignment.services.quarterly import QUARTERLY
from alignment.team.report import Snapshot
from bot.outgoing import Outgoing
from bot.render import Renderer
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import CheckIn, StrategyVersion
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.seed import supply_goal

UI = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
WORDS = UI.quarterly
SCRIPTS = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
REVIEW = SCRIPTS[QUARTERLY]
OPENING = WORDS.intro.split("{")[0]
STRENGTH = "Regulars love the new sourdough"
THREAT = "Flour prices keep rising"


def reviews(api: FakeBotApi, chat: Chat) -> list[str]:
    return [m["text"] for m in api.sent_messages(chat.user.id) if m["text"].startswith(OPENING)]


def label(value: str) -> str:
    [question] = [q for q in REVIEW.questions if q.id == "goals"]
    return next(o.label for o in question.options if o.value == value)


async def week_13(clock: FakeClock, tick: Callable[[], Awaitable[None]]) -> None:
    """Tick through the days up to the review's morning, which sends it."""
    for _ in range(91):
        await tick()
        clock.advance(days=1)
    await tick()


async def test_one_review_in_week_13_none_before_none_twice(
    seeded: Chat, bot_api: FakeBotApi, clock: FakeClock, tick: Callable[[], Awaitable[None]]
) -> None:
    for _ in range(90):
        await tick()
        clock.advance(days=1)
    await tick()
    assert reviews(bot_api, seeded) == [], "nothing before week 13"
    clock.advance(days=1)
    await tick()
    clock.advance(hours=1)
    await tick()
    clock.advance(days=1)
    await tick()

    [review] = reviews(bot_api, seeded)
    assert WORDS.no_figures in review  # no rounds were reported: no trend to show
    assert len(review) <= 600
    assert UI.buttons.start_review in seeded.buttons(seeded.latest_with_buttons())


async def test_the_review_waits_for_the_end_of_the_quiet_hours_and_names_a_goal_reached(
    seeded: Chat,
    bot_api: FakeBotApi,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    async with sessions.begin() as session:  # the first strategy was stated at 23:00
        late = clock.now() + timedelta(hours=14)
        await session.execute(update(StrategyVersion).values(created_at=late))
    clock.advance(days=91, hours=14)
    await seeded.say("/goals")
    await seeded.tap(UI.buttons.update_progress)
    await seeded.say("40")  # the target: reached
    await seeded.tap("9")
    await seeded.tap(UI.buttons.skip)
    await tick()
    assert reviews(bot_api, seeded) == [], "not at 23:00"
    clock.advance(hours=9)  # 08:00: the quiet hours are over
    await tick()
    [review] = reviews(bot_api, seeded)
    assert WORDS.reached.format(goals=supply_goal().title) in review


async def test_the_review_keeps_the_swot_shows_it_back_and_revising_opens_the_goals(
    seeded: Chat,
    clock: FakeClock,
    sessions: Sessions,
    tick: Callable[[], Awaitable[None]],
) -> None:
    await week_13(clock, tick)
    started = await seeded.tap(UI.buttons.start_review, seeded.latest_with_buttons())
    assert REVIEW.questions[0].text in texts(started)
    await seeded.say(STRENGTH)
    await seeded.tap(UI.buttons.skip)  # weaknesses: optional
    await seeded.tap(UI.buttons.skip)
    await seeded.say(THREAT)
    closing = texts(await seeded.tap(label("revise")))

    assert WORDS.swot["strengths"].format(line=STRENGTH) in closing
    assert WORDS.swot["threats"].format(line=THREAT) in closing
    assert WORDS.swot["weaknesses"].split("{")[0] not in closing  # skipped: not shown
    assert SCRIPTS["goals"].questions[0].text.format(n=1) in closing, "the goals check-in began"
    async with sessions() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.script_id == QUARTERLY))
        assert checkin is not None
        answers = {a.key: a.value for a in checkin.answers}
    assert answers["strengths"] == STRENGTH
    assert answers["threats"] == THREAT


async def test_keeping_every_goal_ends_the_review(
    seeded: Chat, clock: FakeClock, tick: Callable[[], Awaitable[None]]
) -> None:
    await week_13(clock, tick)
    await seeded.tap(UI.buttons.start_review, seeded.latest_with_buttons())
    for _ in range(4):
        await seeded.tap(UI.buttons.skip)
    closing = texts(await seeded.tap(label("keep")))
    assert UI.finished.format(outro=REVIEW.outro) in closing
    assert SCRIPTS["goals"].questions[0].text.format(n=1) not in closing
    assert WORDS.swot_intro not in closing  # nothing typed, nothing to show back


def block(number: int, headline: float, levels: dict[Dimension, float]) -> Snapshot:
    scores = tuple(DimensionScore(d, level, 0.8, 0.5, 5) for d, level in levels.items())
    return Snapshot(number, (number,), 5, date(2027, 1, number), scores, headline, None, None)


def test_the_quarter_compares_its_first_and_latest_reported_figures() -> None:
    vision, goals = Dimension.VISION_CLARITY, Dimension.GOAL_ALIGNMENT
    blocks = [
        block(1, 60, {vision: 70}),
        block(2, 64, {vision: 65, goals: 50}),
        block(3, 58, {vision: 55}),
    ]
    trends = quarterly.trends(blocks)
    assert trends["headline"] == [60, 58]
    assert trends["dimensions"] == [["vision_clarity", 70, 55], ["goal_alignment", 50, 50]]
    assert quarterly.trends(blocks[:1]) == {"headline": None, "dimensions": []}


def test_the_review_message_stays_within_600_characters_dropping_the_smallest_moves() -> None:
    moves = tuple((d, 50.0, 50.0 + i) for i, d in enumerate(Dimension))
    long_goal = "A goal whose title is as long as the goals check-in allows, or nearly so " * 2
    event = QuarterlyReview("Bakery", (60.0, 58.0), moves, (long_goal,), (long_goal,))
    [reply] = Renderer(UI).event(event)
    assert isinstance(reply, Outgoing)
    assert len(reply.text) <= 600
    biggest = moves[-1][0]
    assert (
        WORDS.dimension.format(
            dimension=UI.dimensions[biggest], before=50, after=50 + len(moves) - 1
        )
        in reply.text
    )
    assert (
        WORDS.dimension.format(dimension=UI.dimensions[moves[0][0]], before=50, after=50)
        not in reply.text
    )
