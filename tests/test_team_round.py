"""End to end: the owner invites, four members answer a round, the owner reads /report."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.report_render import SUMMARY_LIMIT
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions
from storage.models import Answer, CheckIn, Participation, PulseTally, PulseText
from tests.fakes.bot_api import FakeBotApi
from tests.support.clock import FakeClock
from tests.support.harness import Chat, texts
from tests.support.team import answer_pulse, invite_token, member, onboard_owner

pytestmark = pytest.mark.both_databases

TEXTS = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
PNG = b"\x89PNG\r\n\x1a\n"

# The dataset of docs/scoring.md's worked example, as four people answer it in Telegram:
# t_vision_clear 3, 4, 4, 5 and t_vision_ignored (reverse-worded) 2, 2, 3, skipped.
# Every other item: 4, or 2 when reverse-worded (level 75, full agreement).
# The owner answers vc_clear 5 and vc_ignored 2 (reverse): 100 and 75, so 87.5;
# every other paired item 4 or 2-reversed: 75.
#
# Vision clarity, by hand:
#   clear: mean 4 -> 75; sample variance ((3-4)² + 0 + 0 + (5-4)²) / 3 = 0.667
#   ignored: raw mean 7/3 = 2.333, flipped 3.667 -> 66.67; variance (2·(1/3)² + (2/3)²) / 2 = 0.333
#   team = (75 + 66.67) / 2 = 70.83 -> 71
#   rWG(J): s̄² = 0.5, r = 0.5 / 2 = 0.25, J = 2: 2·0.75 / (2·0.75 + 0.25) = 0.857 -> 0.86
#   gap = 87.5 - 70.83 = +16.67 -> +17; n = 4 (the larger item count)
# Headline: vision 70.83 · (1 + 0.857)/2 · (1 - 0.1667) = 54.81; seven others 75 · 1 · 1.
#   (54.81 + 7·75) / 8 = 72.48 -> 72
# Recall: three of four pick the real top goal -> 75%.
WORDS = TEXTS.report
VISION_LINE = WORDS.line.format(
    dimension="Vision clarity",
    team=71,
    agreement=WORDS.agreement["agrees"].format(rwg="0.86"),
    owner=88,
    gap="+17",
    n=4,
    change="",
)
GOALS_LINE = WORDS.line.format(
    dimension="Goal alignment",
    team=75,
    agreement=WORDS.agreement["agrees"].format(rwg="1.00"),
    owner=75,
    gap="+0",
    n=4,
    change="",
)
TEAM_ANSWERS: list[dict[str, int | None]] = [
    {"t_vision_clear": 3, "t_vision_ignored": 2},
    {"t_vision_clear": 4, "t_vision_ignored": 2},
    {"t_vision_clear": 4, "t_vision_ignored": 3},
    {"t_vision_clear": 5, "t_vision_ignored": None},
]


@pytest.mark.long(seconds=15)
async def test_invite_answer_and_report(
    owner: Chat, bot_api: FakeBotApi, clock: FakeClock, sessions: Sessions
) -> None:
    await onboard_owner(owner, {"vc_clear": 5, "vc_ignored": 2})

    stale = invite_token(await owner.say("/invite"))
    clock.advance(days=15)
    token = invite_token(await owner.say("/invite"))
    assert len(token) >= 22  # 16 random bytes, URL-safe base64

    late = member(bot_api, owner, 9, "Late")
    assert "expired" in texts(await late.say(f"/start {stale}"))
    stranger = member(bot_api, owner, 10, "Stranger")
    assert "don't recognise" in texts(await stranger.say("/start not-a-real-token"))
    assert "don't recognise" in texts(await stranger.say("/start"[:6] + " x" * 3))

    people = [member(bot_api, owner, n, name) for n, name in enumerate("ABCD", start=1)]
    for number, (person, answers) in enumerate(zip(people, TEAM_ANSWERS, strict=True)):
        welcome = texts(await person.say(f"/start {token}"))
        assert "Rosie's Bakery" in welcome
        assert "anonymous" in welcome
        finished = await answer_pulse(
            person,
            answers,
            echo="Fresh bread for cafés all over Lviv region" if number == 0 else None,
            recall_goal=number != 3,
            # Three comments: fewer than the threshold of people writing one would be held back.
            comment="Please share the weekly numbers with us." if number != 3 else None,
        )
        assert "Thank you" in texts(finished)

    status = texts(await owner.say("/round"))
    assert "4 of 4 have answered" in status
    assert "Round 1 is closed with 4 answers" in texts(await owner.tap("Close the round now"))

    mark = bot_api.mark()
    summary, chart = await owner.say("/report")
    # The short report: the headline in words, the biggest gap, and this week's action.
    assert len(summary["text"]) <= SUMMARY_LIMIT
    assert WORDS.summary["strong"].format(headline=72) in summary["text"]
    focus = WORDS.callouts["owner_higher"]["vision_clarity"].format(gap=17)
    assert focus in summary["text"]
    assert WORDS.action.format(action=WORDS.actions["vision_clarity"]) in summary["text"]
    assert VISION_LINE not in summary["text"]
    assert chart["caption"] == WORDS.chart_caption
    photos = bot_api.calls_since(mark, "sendPhoto")
    assert len(photos) == 1
    assert photos[0].files["photo"][1].startswith(PNG)

    report = texts(await owner.tap(TEXTS.buttons.details, summary))
    assert VISION_LINE in report
    assert GOALS_LINE in report
    assert WORDS.headline.format(headline=72) in report
    participation = WORDS.participation.format(answered=4, members=4, rate=100)
    assert participation in report
    recall = WORDS.recall.format(recall=75)
    assert f"{recall} {WORDS.recall_any.format(recall=75)}" in report
    assert "Please share the weekly numbers with us." in report

    mark = bot_api.mark()
    await owner.say("/report csv")
    documents = bot_api.calls_since(mark, "sendDocument")
    assert len(documents) == 1
    name, data = documents[0].files["document"]
    assert name.endswith(".csv")
    rows = data.decode().splitlines()
    assert rows[0].startswith("round,closed_on,pooled_rounds,respondents,headline")
    assert "1,2026-12-08,1,4,72.48,75.00," in rows[1]
    assert ",vision_clarity,70.83,0.86,0.47,87.50,16.67,4," in rows[1]

    async with sessions() as session:
        pulse_answers = await session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(CheckIn)
            .where(CheckIn.round_id.is_not(None))
        )
        assert pulse_answers == 0
        assert await session.scalar(select(func.count()).select_from(Participation)) == 4
        counts = await session.scalar(
            select(func.sum(PulseTally.count)).where(PulseTally.item_id == "t_vision_clear")
        )
        assert counts == 4
        assert set((await session.scalars(select(PulseText.kind))).all()) == {"echo", "comment"}
