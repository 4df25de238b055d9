"""End to end: typing at a review is the rewrite, clean answers move on, goals fixed field by field.

The owner's business and strategy are seeded in the database, so each test starts at the check-in
it is about. Wording is loaded from prompts/.
"""

from __future__ import annotations

from sqlalchemy import select

from alignment.questionnaire import load_scripts
from alignment.reviewers import load_review_texts
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer
from tests.support.harness import Chat, texts

PROMPTS = PROJECT_ROOT / "prompts"
UI = load_texts(PROMPTS / "ui.yaml")
REVIEWS = load_review_texts(PROMPTS / "reviews.yaml")
SCRIPTS = load_scripts(PROMPTS / "checkins")
GOALS = {q.id: q for q in SCRIPTS["goals"].questions}
MISSION_QUESTION = next(q.text for q in SCRIPTS["vision"].questions if q.id == "mission")
VISION = "By 2029 we supply fresh bread to 40 cafés across Lviv region from two bakeries."
KEEP_OR_REWRITE = ["Keep it", "Rewrite"]


async def stored(sessions: Sessions, question_id: str) -> list[object]:
    """Every stored answer to one question, oldest check-in first."""
    async with sessions() as session:
        query = select(Answer.value).where(Answer.question_id == question_id).order_by(Answer.id)
        return list((await session.scalars(query)).all())


async def answer_goal_up_to_serves(owner: Chat, title: str, metric: str, target: str) -> None:
    """/checkin goals and every field of goal 1 but the last, with a confident 8."""
    await owner.say("/checkin goals")
    for answer in (title, metric, target, "2027-09-30"):
        await owner.say(answer)
    await owner.tap("8")


async def test_a_typed_reply_at_a_review_is_reviewed_again_and_a_clean_one_moves_on(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin vision")
    await seeded.say("To be the best bakery.")
    assert seeded.buttons() == KEEP_OR_REWRITE

    replies = texts(await seeded.say("To be the best bakery in town."))
    assert UI.review.headers["vision"] in replies
    assert seeded.buttons() == KEEP_OR_REWRITE
    assert await stored(sessions, "vision") == ["To be the best bakery in town."]

    replies = texts(await seeded.say(VISION))
    assert REVIEWS.vision.moving_on in replies
    assert UI.review.keep_or_rewrite not in replies
    assert MISSION_QUESTION in replies
    assert await stored(sessions, "vision") == [VISION]


async def test_a_goal_is_checked_field_by_field_and_rewrite_asks_only_the_failing_one(
    seeded: Chat, sessions: Sessions
) -> None:
    await seeded.say("/checkin goals")
    await seeded.say("Supply 40 cafés in the region")
    await seeded.say("Cafés supplied")

    replies = texts(await seeded.say("lots of cafés"))
    assert UI.rejected["no_number"] in replies
    assert GOALS["target"].text in replies
    await seeded.say("40 cafés")
    replies = texts(await seeded.say("2020-01-01"))
    assert UI.rejected["date_not_future"].format(today="2026-11-23") in replies
    replies = texts(await seeded.say("2031-01-01"))
    assert UI.rejected["date_too_far"].format(years=3, latest="2029-11-23") in replies
    assert GOALS["deadline"].text in replies
    await seeded.say("2027-09-30")
    await seeded.tap("2")
    replies = texts(await seeded.say("40 cafés across the region"))
    assert REVIEWS.goal.achievable.label in replies
    assert seeded.buttons() == KEEP_OR_REWRITE

    replies = texts(await seeded.say("more staff"))
    assert replies == UI.rejected["not_a_number"]
    assert await stored(sessions, "confidence") == [2]
    replies = texts(await seeded.tap("Rewrite"))
    assert GOALS["confidence"].text in replies
    replies = texts(await seeded.tap("8"))
    assert REVIEWS.goal.moving_on in replies
    assert seeded.buttons() == ["Add another goal", "That's all for now"]
    assert await stored(sessions, "confidence") == [8]
    assert await stored(sessions, "target") == ["40 cafés"]


async def test_an_activity_goal_gets_the_outcome_question_and_a_typed_outcome_replaces_it(
    seeded: Chat, sessions: Sessions
) -> None:
    title = "Post on Instagram more"
    await answer_goal_up_to_serves(seeded, title, "Posts per week", "5 posts")
    replies = texts(await seeded.say("Fresh bread in every café of the region"))
    assert REVIEWS.goal.outcome.question.format(title=title, activity="Post") in replies

    replies = texts(await seeded.say("30 more bookings a month from Instagram"))
    assert GOALS["metric"].text in replies
    await seeded.say("Bookings a month")
    replies = texts(await seeded.say("30 bookings"))
    assert REVIEWS.goal.moving_on in replies
    assert await stored(sessions, "title") == ["30 more bookings a month from Instagram"]
    assert await stored(sessions, "deadline") == ["2027-09-30"]


async def test_a_german_vision_is_kept_with_the_english_only_note(
    seeded: Chat, sessions: Sessions
) -> None:
    vision = "Bis 2030 beliefern wir 40 Cafés in der Region aus zwei Bäckereien."
    await seeded.say("/checkin vision")
    replies = await seeded.say(vision)
    assert UI.notices["review_english_only"] in texts(replies)
    assert UI.review.headers["vision"] not in texts(replies)
    assert MISSION_QUESTION in texts(replies)
    assert all("Keep it" not in seeded.buttons(m) for m in replies if m.get("reply_markup"))
    assert await stored(sessions, "vision") == [vision]
