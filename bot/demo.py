"""`northstar demo`: a bakery moving into office catering, eight weeks in under a minute.

Everything goes through the local Bot API as in `northstar chat`: the owner types and taps
the onboarding, six members join from the owner's invite link and answer each weekly pulse
the tick opens (seeded random answers, so every run tells the same story). In week 3 the owner
changes the goal and vision clarity falls; in week 5 the owner commits to an action under the
report; it recovers. Then vision clarity by round, read from the CSV the owner's /report csv
gives, and the owner's /report text are printed with the chart and CSV files.
"""

from __future__ import annotations

import asyncio
import csv
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alignment.dimensions import Dimension
from alignment.questionnaire import Question, load_scripts
from alignment.questionnaire.model import QuestionType
from alignment.scoring import whole
from bot.chat import Write
from bot.local import OWNER_ID, LocalBot, Shown, TravelClock, local_bot, member_id
from bot.local_api import LocalUser
from bot.settings import Settings
from bot.texts import UiTexts
from storage.migrate import upgrade

START = datetime(2026, 3, 2, 8, tzinfo=UTC)
"""A Monday morning: the demo runs on its own calendar, so every run prints the same report."""
WEEKS = 8
GOAL_CHANGE_WEEK = 3
COMMIT_WEEK = 5
DEMO_STEP = timedelta(hours=12)
"""Ticks twice a day: what is due arrives the same day, and eight weeks stay quick."""
SEED = 2026

BUSINESS = "Crumb & Co Bakery"
VISION = (
    "By 2029 Crumb & Co bakes for 30 cafés in Leeds and feeds 20 offices a day with fresh lunches."
)
MISSION = "Fresh, honest bread for cafés and offices, so their people eat well every day."
VALUES = "Bake it fresh every morning, Tell customers the truth, Help the next shift"
FIRST_GOAL = ("Supply 30 cafés in Leeds", "Cafés supplied each week", "30 cafés", "2027-12-31")
NEW_GOAL = (
    "Cater lunches for 20 offices",
    "Offices with a daily lunch order",
    "20 offices",
    "2027-06-30",
)
VISION_LINK = "Becoming the bakery Leeds eats from every day"
ACTION = "Explain the catering plan at Monday's team meeting"
ACTION_DUE = "in 1 week"
TEAM_MESSAGE = "Catering is our next step; I'll walk you through the plan on Monday."
DEPARTMENTS = {"Bakery": ("anna", "bohdan", "chloe"), "Catering": ("dmytro", "emma", "farid")}

LEVEL = 4.0
"""How much the team agrees on average, out of 5."""
CONFUSED = 2.3
"""Vision clarity between the goal change and the owner's action."""
RECOVERED = 4.4
"""Vision clarity once the owner has explained the change."""
SPREAD = 0.5
"""How far one person's answer strays from the level (a normal spread)."""


@dataclass(frozen=True)
class Outcome:
    """What the demo shows at the end."""

    report: str
    chart: Path | None
    table: Path | None
    story: str
    """Vision clarity round by round, the story the report alone does not tell."""


def run_demo(settings: Settings, out: Path | None, write: Write, weeks: int = WEEKS) -> int:
    """Play the eight weeks in ``out`` (a new temporary folder by default) and print the end."""
    folder = out or Path(tempfile.mkdtemp(prefix="northstar-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.db"
    database.unlink(missing_ok=True)
    url = f"sqlite+aiosqlite:///{database.resolve()}"
    upgrade(url)
    outcome = asyncio.run(_demo(settings, url, folder, write, weeks))
    write(outcome.report)
    write(f"Chart: {outcome.chart}")
    write(f"Figures (CSV): {outcome.table}")
    return 0 if outcome.chart and outcome.table else 1


class _Play:
    """The owner and the team, answering what the bot shows them."""

    def __init__(self, bot: LocalBot, texts: UiTexts, pulse: list[Question], write: Write) -> None:
        self.bot = bot
        self.texts = texts
        self.pulse = pulse
        self.write = write
        self.random = random.Random(SEED)  # noqa: S311 (a repeatable story, not a secret)
        self.owner = LocalUser(OWNER_ID, "Olena")
        self.team = [
            (LocalUser(member_id(name), name.capitalize()), department)
            for department, names in DEPARTMENTS.items()
            for name in names
        ]
        self.clarity = LEVEL

    async def type(self, text: str) -> list[Shown]:
        """The owner types; a review of the answer is kept as it is."""
        shown = await self.bot.say(self.owner, text)
        if self.texts.buttons.keep in self.bot.buttons(self.owner):
            shown = await self.bot.press(self.owner, self.texts.buttons.keep)
        return shown

    async def pick(self, number: int) -> None:
        """The owner presses the ``number``-th button, as the chat's numbers do."""
        await self.bot.press(self.owner, self.bot.buttons(self.owner)[number - 1])

    async def onboard(self) -> None:
        await self.bot.say(self.owner, "/start")
        await self.bot.press(self.owner, self.texts.buttons.set_up)
        await self.type(BUSINESS)
        for _ in range(3):  # the kind of business, its size, the time zone
            await self.pick(1)
        for answer in (VISION, MISSION, VALUES):
            await self.type(answer)
        await self.goal(FIRST_GOAL)
        for _ in range(8):  # the brief self-check
            await self.pick(4)

    async def goal(self, goal: tuple[str, str, str, str]) -> None:
        for answer in goal:
            await self.type(answer)
        await self.pick(7)  # confidence
        await self.type(VISION_LINK)
        await self.pick(2)  # that's all for now

    async def hire(self) -> None:
        for department in DEPARTMENTS:
            await self.bot.say(self.owner, f"/team add {department}")
        token, _ = await self.bot.invite_link(self.owner)
        if token is None:
            raise RuntimeError("the owner got no invite link")
        for person, department in self.team:
            await self.bot.say(person, f"/start {token}")
            if department in self.bot.buttons(person):
                await self.bot.press(person, department)
            await self.answer(person)

    async def answer(self, person: LocalUser) -> None:
        """Answer whatever the bot asks until nothing new shows buttons."""
        last: tuple[int, str] | None = None
        while (showing := self.bot.showing(person)) is not None:
            if (showing.message_id, showing.text) == last:
                return
            last = (showing.message_id, showing.text)
            await self.bot.press(person, self.choose(showing))

    def choose(self, showing: Shown) -> str:
        buttons = self.texts.buttons
        if buttons.answer_now in showing.buttons:
            return buttons.answer_now
        question = next((q for q in self.pulse if q.text in showing.text), None)
        if question is None or question.type == QuestionType.TEXT:  # echo, priorities, comment
            return buttons.skip if buttons.skip in showing.buttons else showing.buttons[0]
        if question.dimension is None:  # the recall: most people know the goal
            choices = [b for b in showing.buttons if b not in (buttons.skip, buttons.back)]
            return self.random.choice(choices)
        level = self.clarity if question.dimension == Dimension.VISION_CLARITY else LEVEL
        value = min(5, max(1, round(self.random.gauss(level, SPREAD))))
        return str(6 - value if question.reverse else value)

    async def week(self, number: int) -> None:
        """Seven days through the tick; members answer an open pulse the day it comes."""
        if number == GOAL_CHANGE_WEEK:
            self.write(f"Week {number}: {self.owner.first_name} changes the goal.")
            await self.bot.say(self.owner, "/checkin goals")
            await self.goal(NEW_GOAL)
            self.clarity = CONFUSED
        if number == COMMIT_WEEK:
            self.write(f"Week {number}: {self.owner.first_name} commits to an action.")
            await self.commit()
            self.clarity = RECOVERED
        for _ in range(7):
            await self.bot.travel(self.bot.clock.now() + timedelta(days=1), DEMO_STEP)
            for person, _department in self.team:
                await self.answer(person)

    async def commit(self) -> None:
        await self.bot.say(self.owner, "/report")
        if self.texts.buttons.commit not in self.bot.buttons(self.owner):
            self.write("(the report suggests no action yet)")
            return
        await self.bot.press(self.owner, self.texts.buttons.commit)
        for answer in (ACTION, ACTION_DUE, TEAM_MESSAGE):
            await self.bot.say(self.owner, answer)

    async def outcome(self) -> Outcome:
        shown = await self.bot.say(self.owner, "/report")
        table = await self.bot.say(self.owner, "/report csv")
        report = "\n\n".join(s.text for s in shown if s.file is None)
        chart = next((s.file for s in shown if s.file is not None), None)
        figures = next((s.file for s in table if s.file is not None), None)
        return Outcome(report, chart, figures, self.story(figures))

    def story(self, figures: Path | None) -> str:
        """Vision clarity in each round that asked about it, as the CSV has it."""
        rows = csv.DictReader(figures.read_text(encoding="utf-8").splitlines() if figures else [])
        levels = [
            f"round {row['round']}: {whole(float(row['team']))}"
            for row in rows
            if row["dimension"] == Dimension.VISION_CLARITY
            and row["team"]
            and row["as_of_round"] == row["round"]
        ]
        name = self.texts.dimensions[Dimension.VISION_CLARITY]
        return f"{name} by round: {', '.join(levels) or 'not reported yet'}"


async def _demo(settings: Settings, url: str, folder: Path, write: Write, weeks: int) -> Outcome:
    clock = TravelClock(start=START)
    async with local_bot(settings, url, clock, folder) as bot:
        pulse = list(load_scripts(settings.prompts_dir / "checkins")["pulse"].questions)
        play = _Play(bot, bot.runtime.texts, pulse, write)
        write(f"{BUSINESS}: the owner sets up, six people join in two departments.")
        await play.onboard()
        await play.hire()
        for number in range(1, weeks + 1):
            await play.week(number)
        outcome = await play.outcome()
        write(outcome.story)
        write(f"After {weeks} weeks, the owner's /report:\n")
        return outcome
