"""What the coach costs per workspace per month at the default model: ``make bench``.

The coach's end-to-end journey (tests/support/coach_journey.py) runs once against the fake
OpenAI server, whose usage is counted as characters / 4 of what was sent and answered (a real
server's tokenizer differs a little). The tokens of each call in ``llm_calls`` give tokens per
call by prompt, and an assumed month of use gives tokens and US dollars per workspace.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import select

from bot.app import run_tick
from bot.runtime import Runtime
from bot.settings import PROJECT_ROOT, Settings
from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import LlmCall
from storage.repositories import Repositories
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.fakes.openai_api import KEY, FakeOpenAiApi
from tests.support.clock import FakeClock
from tests.support.coach_journey import journey, script_good_answers
from tests.support.harness import Chat, running_bot
from tests.support.seed import OWNER_TELEGRAM_ID, add_strategy, add_workspace

MONTHLY_CALLS = {
    "weekly_insight": 4,  # one digest a week
    "vision_review": 8,  # reviews of a vision, mission or goal (a goal review costs about as much)
    "comment_themes": 4,  # /report Details after each weekly round
    "coach_answer": 20,  # /coach questions
}
"""An assumed month of one workspace's use."""
USD_PER_MILLION_IN = 0.15
USD_PER_MILLION_OUT = 0.60
"""gpt-4o-mini, list price on 2026-12-03: check yours."""


@contextmanager
def operator_environment(base_url: str) -> Iterator[None]:
    """OPENAI_API_KEY and OPENAI_BASE_URL set as an operator would, for this run only."""
    saved = {name: os.environ.get(name) for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    os.environ.update(OPENAI_API_KEY=KEY, OPENAI_BASE_URL=base_url)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def recorded_calls(folder: Path) -> list[LlmCall]:
    """The journey once with good answers; every call it recorded."""
    url = f"sqlite+aiosqlite:///{folder / 'coach.db'}"
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    clock = FakeClock()
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    async with FakeBotApi() as bot_api, FakeOpenAiApi() as openai_api:
        script_good_answers(openai_api, (clock.now().date() + timedelta(days=2)).isoformat())
        with operator_environment(openai_api.base_url):
            settings = Settings(
                _env_file=None,
                telegram_bot_token=bot_api.token,
                telegram_api_base_url=bot_api.base_url,
                database_url=url,
                prompts_dir=PROJECT_ROOT / "prompts",
            )
        runtime = Runtime(settings, clock)
        await runtime.open()
        try:
            async with running_bot(settings, clock) as app:
                owner = Chat(bot_api, app, FakeUser(id=OWNER_TELEGRAM_ID, first_name="Olena"))
                await journey(owner, bot_api, clock, partial(run_tick, app.bot, runtime))
        finally:
            await runtime.close()
    async with sessions() as session:
        calls = list((await session.scalars(select(LlmCall))).all())
    await engine.dispose()
    return calls


def report(calls: list[LlmCall]) -> None:
    """Tokens per call by prompt, then the assumed month in tokens and dollars."""
    tokens: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for call in calls:
        tokens[call.prompt_id].append((call.tokens_in, call.tokens_out))
    print(f"{'prompt':<16}{'calls':>6}{'in/call':>9}{'out/call':>9}{'a month':>9}")
    month_in = month_out = 0
    for prompt_id, counts in sorted(tokens.items()):
        per_in = sum(i for i, _ in counts) // len(counts)
        per_out = sum(o for _, o in counts) // len(counts)
        monthly = MONTHLY_CALLS.get(prompt_id, 0)
        month_in += monthly * per_in
        month_out += monthly * per_out
        print(f"{prompt_id:<16}{len(counts):>6}{per_in:>9}{per_out:>9}{monthly:>9}")
    dollars = (month_in * USD_PER_MILLION_IN + month_out * USD_PER_MILLION_OUT) / 1_000_000
    print(
        f"a month per workspace: {month_in} tokens in, {month_out} out, "
        f"USD {dollars:.4f} at gpt-4o-mini list prices of 2026-12-03 (check yours)"
    )


def main() -> None:
    """Run the journey and print the cost."""
    with tempfile.TemporaryDirectory() as folder:
        calls = asyncio.run(recorded_calls(Path(folder)))
    missing = set(MONTHLY_CALLS) - {call.prompt_id for call in calls}
    if missing:
        raise SystemExit(f"the journey asked no {', '.join(sorted(missing))}")
    report(calls)


if __name__ == "__main__":
    main()
