"""One round's invitations to 1,000 members in one flush, paced against Telegram's limits.

A SQLite file in a temporary folder gets one workspace, one round and 1,000 recorded invitations
(``queue_round_invitation``, as ``/round open`` records them); then ONE ``bot.sender.flush``
sends them with a real ``ExtBot`` to the fake Bot API on 127.0.0.1, twice:

- **unlimited**: the fake answers everything and the bot runs without a rate limiter (``None``),
  which shows the raw throughput of the sender (claim, render, send, settle);
- **limited**: the fake enforces 30 messages in any one second overall and one a second per chat,
  answering 429 with ``retry_after`` beyond that, and the bot runs the production rate limiter.

Reported: wall time, messages a second and as a share of the limit (target at least 95%),
requests answered 429 (target at most 1%), duplicates and losses (target 0: messages each chat
received against the recipients). A table is printed and JSON written to build/bench/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram.ext import ExtBot

from alignment.coach.coach import Coach
from alignment.coach.language_model import OFFLINE
from alignment.coach.offline import OfflineCoach, load_coach_words
from alignment.questionnaire import load_scripts
from alignment.reviewers import Reviewers, load_review_texts
from alignment.services import SystemClock
from alignment.services.coach import CoachService
from alignment.services.outbox import OutboxService, queue_round_invitation
from alignment.services.reports import ReportService
from alignment.services.restate import Rechecks
from bot.ratelimit import TelegramRateLimiter
from bot.sender import flush
from bot.settings import PROJECT_ROOT
from bot.texts import load_texts
from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.repositories import Repositories
from tests.fakes.bot_api import JSON, ApiCall, FakeBotApi, flood
from tests.support.seed import add_workspace

MEMBERS = 1000
PER_SECOND = 30
"""Telegram's documented bot-wide limit, which the limited fake enforces."""
RETRY_AFTER = 1
"""Seconds the fake asks for in a 429, Telegram's smallest."""
FIRST_MEMBER = 3001
OUTPUT = PROJECT_ROOT / "build" / "bench" / "fanout.json"


class LimitedApi(FakeBotApi):
    """The fake Bot API, refusing sendMessage beyond 30 in any second or one a second per chat."""

    def __init__(self, per_second: int | None) -> None:
        super().__init__()
        self._per_second = per_second
        self._recent: deque[float] = deque()
        self._last: dict[int, float] = {}
        self.floods = 0

    async def _send_message(self, call: ApiCall) -> JSON:
        if self._per_second is not None:
            now = time.monotonic()
            while self._recent and self._recent[0] <= now - 1:
                self._recent.popleft()
            chat = int(call.params["chat_id"])
            if len(self._recent) >= self._per_second or now - self._last.get(chat, -2.0) < 1:
                self.floods += 1
                raise flood(RETRY_AFTER)
            self._recent.append(now)
            self._last[chat] = now
        return await super()._send_message(call)


@dataclass(frozen=True)
class Run:
    """One flush of the whole fan-out."""

    name: str
    members: int
    seconds: float
    sent: int
    per_second: float
    share_of_limit: float | None
    requests: int
    answered_429: int
    share_429: float
    duplicates: int
    losses: int


async def fan_out(name: str, per_second: int | None, folder: Path) -> Run:
    """Seed 1,000 invitations, flush once, count what each chat received."""
    url = f"sqlite+aiosqlite:///{folder / f'{name}.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    recipients = list(range(FIRST_MEMBER, FIRST_MEMBER + MEMBERS))
    try:
        sessions = create_sessionmaker(engine)
        now = datetime.now(UTC)
        async with sessions.begin() as session:
            repos = Repositories(session)
            workspace = await add_workspace(repos, now)
            pulse_round = await repos.pulses.add_round(workspace.id, now, now + timedelta(days=3))
            closes = (now + timedelta(days=3)).date()
            await queue_round_invitation(repos, workspace, pulse_round, recipients, closes, now)
        async with LimitedApi(per_second) as api:
            limiter = TelegramRateLimiter() if per_second else None
            bot: ExtBot[int] = ExtBot(
                api.token, base_url=f"{api.base_url}/bot", rate_limiter=limiter
            )
            async with bot:
                clock = SystemClock()
                scripts = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
                reviewers = Reviewers(load_review_texts(PROJECT_ROOT / "prompts" / "reviews.yaml"))
                reports = ReportService(sessions, scripts, clock)
                rechecks = Rechecks(sessions, clock, reviewers)
                texts = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml")
                words = load_coach_words(PROJECT_ROOT / "prompts" / "coach.yaml")
                coach = Coach(OFFLINE, OfflineCoach(words, texts.dimensions))
                outbox = OutboxService(
                    sessions,
                    clock,
                    reports,
                    rechecks,
                    CoachService(sessions, clock, coach, reports),
                )
                started = time.perf_counter()
                await flush(bot, outbox, texts)
                seconds = time.perf_counter() - started
            received = Counter(m["chat"]["id"] for m in api.sent_messages())
            requests = len(api.calls("sendMessage"))
            floods = api.floods
    finally:
        await engine.dispose()
    sent = sum(received.values())
    return Run(
        name=name,
        members=MEMBERS,
        seconds=round(seconds, 2),
        sent=sent,
        per_second=round(sent / seconds, 1),
        share_of_limit=round(sent / seconds / per_second, 3) if per_second else None,
        requests=requests,
        answered_429=floods,
        share_429=round(floods / requests, 4),
        duplicates=sum(n - 1 for n in received.values() if n > 1),
        losses=sum(1 for r in recipients if r not in received),
    )


def table(runs: list[Run]) -> str:
    """One line per run."""
    header = (
        f"{'':10}{'members':>8}{'seconds':>9}{'msg/s':>8}{'of limit':>9}"
        f"{'requests':>9}{'429':>6}{'429 %':>7}{'dupes':>6}{'lost':>5}"
    )
    rows = [
        f"{r.name:10}{r.members:>8}{r.seconds:>9.1f}{r.per_second:>8.1f}"
        f"{'-' if r.share_of_limit is None else f'{r.share_of_limit:.1%}':>9}"
        f"{r.requests:>9}{r.answered_429:>6}{r.share_429:>7.2%}{r.duplicates:>6}{r.losses:>5}"
        for r in runs
    ]
    return "\n".join([f"one flush of {MEMBERS} round invitations, SQLite", header, *rows])


async def main(output: Path) -> None:
    """Both runs, the table, the JSON."""
    with tempfile.TemporaryDirectory() as folder:
        runs = [
            await fan_out("unlimited", None, Path(folder)),
            await fan_out("limited", PER_SECOND, Path(folder)),
        ]
    print(table(runs))
    await asyncio.to_thread(write, output, [asdict(r) for r in runs])
    print(f"written to {output}")


def write(output: Path, runs: list[dict[str, object]]) -> None:
    """The runs as JSON, for comparing machines and commits."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(runs, indent=2) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, default=OUTPUT, help=f"default {OUTPUT}")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.json))
