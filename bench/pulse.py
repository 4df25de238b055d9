"""What one pulse answer costs, next to a plain python-telegram-bot echo bot: ``make bench``.

Fifty members answer a pulse round at once. The real Application (``bot.app.build_application``,
SQLite, no rate limiter) runs in a process of its own and polls the fake Bot API over HTTP on
127.0.0.1; this process serves the fake API and plays the members, each tapping the next answer
as soon as the bot's reply reaches their chat. The echo bot (``bench/bots.py``) then gets the same
taps and makes the same three Telegram calls per tap (answerCallbackQuery, editMessageText,
sendMessage with a keyboard). The cost of an update is the bot process's CPU time (user + system,
every thread, from /proc) divided by the updates it handled, which holds steady when other
processes share the CPU; answers per second are wall-clock and do not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import quantiles

from alignment.services import SystemClock
from bot.settings import PROJECT_ROOT, Settings
from bot.texts import load_texts
from storage.migrate import upgrade
from tests.fakes.bot_api import JSON, ApiCall, FakeBotApi, FakeUser
from tests.support.harness import Chat, running_bot
from tests.support.team import member, start_team

MEMBERS = 50
PRESSES = 19
"""A whole pulse: 16 statements, the vision echo (skipped), recall, the comment (skipped)."""
WARM_UP = 1
"""Presses per member before the clock starts: connections, caches and imports settle."""
REPLY_TIMEOUT = 30.0
START_TIMEOUT = 30.0
OWNER = FakeUser(id=1001, first_name="Olena", username="olena")
_WORDS = load_texts(PROJECT_ROOT / "prompts" / "ui.yaml").buttons
NOT_AN_ANSWER = frozenset({_WORDS.skip, _WORDS.back})


class WatchedApi(FakeBotApi):
    """The fake Bot API, also handing every sent message to whoever waits on its chat."""

    def __init__(self) -> None:
        super().__init__()
        self._inboxes: dict[int, asyncio.Queue[tuple[float, JSON]]] = {}

    def inbox(self, chat_id: int) -> asyncio.Queue[tuple[float, JSON]]:
        """Messages sent to this chat, each with the moment it arrived."""
        return self._inboxes.setdefault(chat_id, asyncio.Queue())

    def clear_inboxes(self) -> None:
        """Start a measurement with nothing left over from the one before."""
        self._inboxes.clear()

    async def _send_message(self, call: ApiCall) -> JSON:
        message = await super()._send_message(call)
        self.inbox(message["chat"]["id"]).put_nowait((time.perf_counter(), message))
        return message


@dataclass(frozen=True)
class Measurement:
    """One bot under the same load."""

    name: str
    answers: int
    wall: float
    cpu: float
    driver_cpu: float
    calls: int
    statements: int
    updates: int
    latencies: Sequence[float]

    @property
    def per_second(self) -> float:
        """Answers per second of wall-clock time."""
        return self.answers / self.wall

    @property
    def cpu_per_answer(self) -> float:
        """Seconds of the bot's CPU time per answer: the cost the ratio compares."""
        return self.cpu / self.answers

    def percentile(self, p: int) -> float:
        """Latency from tap to the bot's next message, at percentile p."""
        return quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def _labels(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def _choice(message: JSON) -> str | None:
    """Agree (4) with a statement, pick the first recall choice, skip the typed questions."""
    labels = _labels(message)
    if not labels:
        return None
    if "4" in labels:
        return "4"
    return next((label for label in labels if label not in NOT_AN_ANSWER), _WORDS.skip)


async def _reply(api: WatchedApi, chat_id: int) -> tuple[float, JSON]:
    return await asyncio.wait_for(api.inbox(chat_id).get(), REPLY_TIMEOUT)


async def _answer(
    api: WatchedApi, user: FakeUser, message: JSON, presses: int
) -> tuple[list[float], JSON]:
    """Tap up to ``presses`` answers, each as soon as the question arrives; the last message."""
    latencies: list[float] = []
    for _ in range(presses):
        label = _choice(message)
        if label is None:
            break
        started = time.perf_counter()
        api.tap_button(user, message, label)
        arrived, message = await _reply(api, user.id)
        latencies.append(arrived - started)
    return latencies, message


def _cpu_seconds(pid: int) -> float:
    """User plus system time of a process and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _seed(api: WatchedApi, settings: Settings) -> list[tuple[FakeUser, JSON]]:
    """Through the real bot: an owner with a goal and an invite link, 50 members who joined.

    Joining starts each member's pulse, so every member is looking at the first statement.
    """
    async with running_bot(settings, SystemClock()) as app:
        owner = Chat(api, app, OWNER)
        token = await start_team(owner)
        joined: list[tuple[FakeUser, JSON]] = []
        for number in range(1, MEMBERS + 1):
            chat = member(api, owner, number, f"Member {number}")
            await chat.say(f"/start {token}")
            joined.append((chat.user, chat.latest_with_buttons()))
        return joined


async def _measure(
    api: WatchedApi,
    settings: Settings,
    kind: str,
    chats: Sequence[tuple[FakeUser, JSON]] | None,
    profile_dir: Path | None,
) -> Measurement:
    """Start one bot process, warm it up, then time every member answering at once.

    ``chats`` holds the question each member looks at; None asks the bot for one first.
    """
    api.clear_inboxes()
    assert settings.telegram_bot_token is not None
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token.get_secret_value(),
        "TELEGRAM_API_BASE_URL": settings.telegram_api_base_url,
        "DATABASE_URL": settings.database_url,
        "PROMPTS_DIR": str(settings.prompts_dir),
        "LOG_LEVEL": "WARNING",
    }
    mark = api.mark()
    profile = ["-m", "cProfile", "-o", str(profile_dir / f"{kind}.prof")] if profile_dir else []
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *profile,
        "-m",
        "bench.bots",
        kind,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_for_call("getUpdates", since=mark, timeout=START_TIMEOUT)
        kicked_off = 0
        if chats is None:
            chats = await _kick_off(api)
            kicked_off = len(chats)
        warm = await asyncio.gather(*(_answer(api, user, m, WARM_UP) for user, m in chats))
        timed = api.mark()
        cpu_before, started = _cpu_seconds(process.pid), time.perf_counter()
        driver_before = time.process_time()
        runs = await asyncio.gather(
            *(
                _answer(api, user, m, PRESSES - WARM_UP)
                for (user, _), (_, m) in zip(chats, warm, strict=True)
            )
        )
        wall, cpu = time.perf_counter() - started, _cpu_seconds(process.pid) - cpu_before
        driver_cpu = time.process_time() - driver_before
        calls = len(api.calls_since(timed))
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = await process.communicate()
    latencies = [latency for run, _ in runs for latency in run]
    warm_ups = sum(len(run) for run, _ in warm)
    statements = json.loads(out.decode().strip().splitlines()[-1])["statements"]
    updates = kicked_off + warm_ups + len(latencies)
    return Measurement(
        kind, len(latencies), wall, cpu, driver_cpu, calls, statements, updates, latencies
    )


async def _kick_off(api: WatchedApi) -> list[tuple[FakeUser, JSON]]:
    """The echo bot's first question in every member's chat: its reply to a text message."""
    users = [FakeUser(id=2000 + n, first_name=f"Member {n}") for n in range(1, MEMBERS + 1)]
    for user in users:
        api.send_text(user, "hello")
    return [(user, (await _reply(api, user.id))[1]) for user in users]


def _report(echo: Measurement, pulse: Measurement) -> str:
    header = (
        f"{'':16}{'answers/s':>10}{'CPU ms/answer':>14}{'bot busy':>9}{'driver busy':>12}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'calls/answer':>13}{'SQL/update':>11}"
    )
    rows = [
        f"{m.name:16}{m.per_second:>10.0f}{m.cpu_per_answer * 1000:>14.2f}"
        f"{m.cpu / m.wall:>9.0%}{m.driver_cpu / m.wall:>12.0%}"
        f"{m.percentile(50) * 1000:>8.0f}{m.percentile(95) * 1000:>8.0f}"
        f"{m.percentile(99) * 1000:>8.0f}{m.calls / m.answers:>13.2f}"
        f"{m.statements / m.updates:>11.1f}"
        for m in (echo, pulse)
    ]
    return "\n".join(
        [
            f"{MEMBERS} members answering at once, {pulse.answers} timed answers per bot, SQLite",
            header,
            *rows,
            f"cost ratio, bot CPU per answer (pulse / echo): "
            f"{pulse.cpu_per_answer / echo.cpu_per_answer:.2f}",
            f"throughput ratio (echo / pulse answers per second): "
            f"{echo.per_second / pulse.per_second:.2f}",
        ]
    )


async def main(profile_dir: Path | None, *, paced: bool) -> None:
    """Seed, measure the pulse, measure the echo bot, print the comparison."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        async with WatchedApi() as api:
            settings = Settings(
                _env_file=None,
                telegram_bot_token=api.token,
                telegram_api_base_url=api.base_url,
                database_url=url,
                log_level="WARNING",
                prompts_dir=PROJECT_ROOT / "prompts",
            )
            members = await _seed(api, settings)
            kind = "northstar-paced" if paced else "northstar"
            pulse = await _measure(api, settings, kind, members, profile_dir)
            echo = await _measure(api, settings, "echo", None, profile_dir)
    print(_report(echo, pulse))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="write cProfile statistics of each bot process to DIR/<bot>.prof",
    )
    parser.add_argument(
        "--paced",
        action="store_true",
        help="run Northstar with the production rate limiter (slower: about a minute more)",
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.profile, paced=arguments.paced))
