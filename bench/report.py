"""How long /report takes for a large team: seed a SQLite file, time the report and the chart.

Seeds one workspace with N members, 5 departments and 52 weekly closed rounds (about 70% answer
each round; 40% leave a vision echo, 15% a comment); each round is closed by the real closing
code, which fixes its block and what the block shows, and is timed too. Then prints the median
of several runs. Run as ``python -m bench.report`` (``make bench``);
``--members 1000 10000`` shows that the cost does not grow with the team.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from alignment.questionnaire import QuestionType, load_scripts
from alignment.scoring.echo import similarity
from alignment.services.clock import Clock
from alignment.services.closing import close_due_rounds
from alignment.services.events import Person, TeamReport
from alignment.services.reports import ReportService
from alignment.team.items import CORRECT, LIKERT_VALUES, RECALL, WRONG
from bot.report_render import ReportRenderer
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import Sessions, create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import (
    Answer,
    CheckIn,
    Department,
    Membership,
    Participation,
    PulseRound,
    PulseTally,
    PulseText,
    StrategyVersion,
    User,
    Workspace,
)
from storage.repositories import Repositories

PROMPTS = PROJECT_ROOT / "prompts"
SCRIPTS = load_scripts(PROMPTS / "checkins")
ITEMS = [q.id for q in SCRIPTS["pulse"].questions if q.type is QuestionType.LIKERT5]
OWNER = Person(1, "Owner")
ROUNDS = 52
DEPARTMENTS = ("Sales", "Kitchen", "Delivery", "Office", "Shop floor")
TURNOUT, ECHOES, COMMENTS = 0.7, 0.4, 0.15
VISION = "Fresh bread in every café of the Lviv region by 2028"
WORDS = [
    "fresh",
    "bread",
    "cafés",
    "lviv",
    "region",
    "grow",
    "customers",
    "quality",
    "shops",
    "numbers",
    "oven",
    "weekly",
]
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class FixedClock:
    """Now is just after the last round closed."""

    def now(self) -> datetime:
        """A week after the last round opened."""
        return START + timedelta(weeks=ROUNDS)


async def seed(sessions: Sessions, members: int, rng: random.Random) -> list[float]:
    """One workspace with ``members`` people and ROUNDS closed rounds; ms to close each."""
    async with sessions.begin() as session:
        owner = User(telegram_id=OWNER.external_id, first_name=OWNER.first_name, created_at=START)
        session.add(owner)
        await session.flush()
        workspace = Workspace(
            owner_id=owner.id,
            name="Bench Bakery",
            industry="Food & drink",
            team_size="50+",
            timezone="Europe/Kyiv",
            created_at=START,
        )
        session.add(workspace)
        await session.flush()
        session.add(
            StrategyVersion(
                workspace_id=workspace.id, number=1, vision=VISION, created_at=START, values=[]
            )
        )
        session.add(_self_check(owner.id, workspace.id))
        departments = [
            Department(workspace_id=workspace.id, name=name, created_at=START)
            for name in DEPARTMENTS
        ]
        session.add_all(departments)
        await session.flush()
        users = await _bulk(
            session,
            User,
            [
                {"telegram_id": 10_000 + n, "first_name": f"M{n}", "created_at": START}
                for n in range(members)
            ],
        )
        rows: list[dict[str, Any]] = [
            {
                "workspace_id": workspace.id,
                "user_id": user_id,
                "department_id": departments[n % len(departments)].id,
                "respondent_key": uuid.uuid4().hex,
                "joined_at": START,
            }
            for n, user_id in enumerate(users)
        ]
        ids = await _bulk(session, Membership, rows)
        keys: dict[int, tuple[str, int | None]] = {
            i: (row["respondent_key"], row["department_id"])
            for i, row in zip(ids, rows, strict=True)
        }
        closing = []
        for number in range(1, ROUNDS + 1):
            closes = await _round(session, workspace.id, number, keys, rng)
            started = time.perf_counter()
            await close_due_rounds(Repositories(session), workspace, closes)
            closing.append((time.perf_counter() - started) * 1000)
        return closing


async def _bulk(session: Any, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    result = await session.execute(insert(model).returning(model.id), rows)
    return [row[0] for row in result.all()]


def _self_check(owner_id: int, workspace_id: int) -> CheckIn:
    script = SCRIPTS["self_assessment"]
    answers = [
        Answer(
            key=q.id,
            question_id=q.id,
            value=2 if q.reverse else 4,
            dimension=q.dimension.value if q.dimension else None,
            reverse=q.reverse,
            answered_at=START,
        )
        for q in script.questions
    ]
    return CheckIn(
        user_id=owner_id,
        workspace_id=workspace_id,
        script_id=script.id,
        status="completed",
        step=len(answers),
        answers=answers,
        started_at=START,
        updated_at=START,
        completed_at=START,
    )


async def _round(
    session: Any,
    workspace_id: int,
    number: int,
    keys: dict[int, tuple[str, int | None]],
    rng: random.Random,
) -> datetime:
    """Insert one round as filing leaves it, past its time; returns when it closes."""
    opened = START + timedelta(weeks=number - 1)
    closes = opened + timedelta(days=3)
    filed = opened.date()
    answered = [m for m in keys if rng.random() < TURNOUT]
    wrote = {
        m: [
            kind
            for kind, share in (("echo", ECHOES), ("comment", COMMENTS))
            if rng.random() < share
        ]
        for m in answered
    }
    texts = [_text(keys[m][1], kind, filed, rng) for m in answered for kind in wrote[m]]
    (round_id,) = await _bulk(
        session,
        PulseRound,
        [
            {
                "workspace_id": workspace_id,
                "number": number,
                "opened_at": opened,
                "closes_at": closes,
                "announced_at": opened,
            }
        ],
    )
    await session.execute(
        insert(Participation),
        [
            {
                "round_id": round_id,
                "membership_id": m,
                "respondent_key": keys[m][0],
                "department_id": keys[m][1],
                "completed_on": filed,
                "figures": [*ITEMS, RECALL, *wrote[m]],
            }
            for m in answered
        ],
    )
    per_department = Counter(keys[m][1] for m in answered)
    tallies: list[dict[str, Any]] = []
    for department, count in per_department.items():
        tallies += _tallies(round_id, department, filed, count, rng)
    await session.execute(insert(PulseTally), tallies)
    if texts:
        await session.execute(insert(PulseText), [t | {"round_id": round_id} for t in texts])
    return closes


def _tallies(
    round_id: int, department: int | None, filed: date, people: int, rng: random.Random
) -> list[dict[str, Any]]:
    likert = [q for q in SCRIPTS["pulse"].questions if q.type is QuestionType.LIKERT5]
    cells: list[tuple[str, int, int]] = []
    for question in likert:
        weights = (1, 2, 3, 5, 3) if not question.reverse else (3, 5, 3, 2, 1)
        counts = Counter(rng.choices(LIKERT_VALUES, weights, k=people))
        cells += [(question.id, value, counts[value]) for value in LIKERT_VALUES]
    right = sum(rng.random() < 0.6 for _ in range(people))
    cells += [(RECALL, WRONG, people - right), (RECALL, CORRECT, right)]
    return [
        {
            "round_id": round_id,
            "department_id": department,
            "item_id": item,
            "value": value,
            "filed_on": filed,
            "count": count,
        }
        for item, value, count in cells
    ]


def _text(department: int | None, kind: str, filed: date, rng: random.Random) -> dict[str, Any]:
    text = " ".join(rng.choices(WORDS, k=rng.randint(4, 12))).capitalize() + "."
    return {
        "id": uuid.uuid4().hex,
        "department_id": department,
        "kind": kind,
        "text": text,
        "similarity": similarity(VISION, text) if kind == "echo" else None,
        "filed_on": filed,
    }


async def median_ms(action: Callable[[], Awaitable[object]], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up, in milliseconds."""
    await action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def bench(members: int, runs: int, folder: Path) -> tuple[float, float, float]:
    """(report ms, chart ms, median ms to close a round) for a team of ``members``."""
    url = f"sqlite+aiosqlite:///{folder / f'report-{members}.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        sessions = create_sessionmaker(engine)
        closing = await seed(sessions, members, random.Random(members))  # noqa: S311  made-up data
        clock: Clock = FixedClock()
        service = ReportService(sessions, SCRIPTS, clock)
        [report] = await service.report(OWNER)
        assert isinstance(report, TeamReport), report
        assert len(report.history) == ROUNDS, len(report.history)
        assert report.latest.headline is not None, "every figure was held back"
        assert report.departments, "no department shown"
        renderer = ReportRenderer(load_texts(PROMPTS / "ui.yaml"))

        async def draw() -> bytes:
            return renderer.chart(report)

        return (
            await median_ms(lambda: service.report(OWNER), runs),
            await median_ms(draw, runs),
            statistics.median(closing),
        )
    finally:
        await engine.dispose()


async def main(sizes: Sequence[int], runs: int) -> None:
    """Print one line per team size."""
    with tempfile.TemporaryDirectory() as folder:
        for members in sizes:
            report_ms, chart_ms, close_ms = await bench(members, runs, Path(folder))
            print(
                f"report: {members} members x {ROUNDS} rounds: "
                f"report {report_ms:.0f} ms, chart {chart_ms:.0f} ms (median of {runs}); "
                f"closing a round {close_ms:.0f} ms (median of {ROUNDS})"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.members, arguments.runs))
