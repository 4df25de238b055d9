"""Two updates at the same moment: numbers stay distinct, nobody is created twice, no count lost.

Each test runs two transactions on separate sessions with asyncio.gather. On PostgreSQL they
really overlap (the barrier lets both read before either writes); on SQLite the second writer
waits for the first to commit. Either way both succeed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select, update

from alignment.questionnaire import QuestionType
from alignment.services.checkins import Action
from alignment.services.events import Event, Finished, InviteLink, Person, Prompt
from bot.runtime import Runtime
from bot.settings import Settings
from storage.database import Sessions
from storage.models import CheckIn, PulseRound, PulseTally, User
from storage.repositories import Repositories
from tests.support.clock import FakeClock
from tests.support.seed import OWNER_TELEGRAM_ID, add_strategy, add_workspace

pytestmark = pytest.mark.both_databases

OWNER = Person(OWNER_TELEGRAM_ID, "Olena")
ANNA, BOHDAN = Person(2001, "Anna"), Person(2002, "Bohdan")
T = TypeVar("T")


@pytest.fixture
async def runtime(
    settings: Settings, clock: FakeClock, sessions: Sessions
) -> AsyncIterator[Runtime]:
    """The services as the bot builds them, for an owner with a strategy and one goal."""
    async with sessions.begin() as session:
        repos = Repositories(session)
        await add_strategy(repos, await add_workspace(repos, clock.now()), clock.now())
    runtime = Runtime(settings, clock)
    await runtime.open()
    yield runtime
    await runtime.close()


async def both(sessions: Sessions, work: Callable[[Repositories, int], Awaitable[T]]) -> list[T]:
    """Run ``work`` in two transactions at once, each after both have read the database."""
    barrier = asyncio.Barrier(2)

    async def one(which: int) -> T:
        async with sessions.begin() as session:
            await session.execute(select(func.count()).select_from(PulseRound))
            await barrier.wait()
            return await work(Repositories(session), which)

    return list(await asyncio.gather(one(1), one(2)))


async def count(sessions: Sessions, model: type[Any]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def workspace_id(sessions: Sessions) -> int:
    async with sessions() as session:
        workspace = await Repositories(session).workspaces.get(1)
        assert workspace is not None
        return workspace.id


async def test_strategy_versions_added_at_once_get_the_next_two_numbers(
    runtime: Runtime, sessions: Sessions, clock: FakeClock
) -> None:
    workspace = await workspace_id(sessions)

    async def add(repos: Repositories, which: int) -> int:
        version = await repos.strategy.add_version(
            workspace, vision=f"v{which}", mission=None, values=[], goals=[], now=clock.now()
        )
        return version.number

    assert sorted(await both(sessions, add)) == [2, 3]


async def test_rounds_added_at_once_get_the_next_two_numbers(
    runtime: Runtime, sessions: Sessions, clock: FakeClock
) -> None:
    workspace = await workspace_id(sessions)

    async def add(repos: Repositories, _: int) -> int:
        now = clock.now()
        return (await repos.pulses.add_round(workspace, now, now + timedelta(days=1))).number

    assert sorted(await both(sessions, add)) == [1, 2]


async def test_the_same_new_person_upserted_at_once_is_one_user(
    sessions: Sessions, clock: FakeClock
) -> None:
    async def upsert(repos: Repositories, which: int) -> int:
        return (await repos.users.upsert(42, f"Olena {which}", clock.now())).id

    first, second = await both(sessions, upsert)
    assert first == second
    assert await count(sessions, User) == 1


async def test_two_set_up_taps_at_once_start_one_check_in(
    runtime: Runtime, sessions: Sessions
) -> None:
    stranger = Person(3001, "Taras")
    await asyncio.gather(runtime.checkins.set_up(stranger), runtime.checkins.set_up(stranger))
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 2
        assert await session.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_a_round_opened_twice_at_once_is_opened_once(
    runtime: Runtime, sessions: Sessions, clock: FakeClock
) -> None:
    await join(runtime, ANNA)  # her joining opened round 1; it has closed since
    async with sessions.begin() as session:
        await session.execute(update(PulseRound).values(closed_at=clock.now()))
    await asyncio.gather(runtime.rounds.open(OWNER), runtime.rounds.open(OWNER))
    async with sessions() as session:
        rounds = await session.execute(select(PulseRound.number, PulseRound.closed_at))
        assert sorted(rounds.all()) == [(1, clock.now()), (2, None)]


async def test_two_people_joining_at_once_answer_the_same_new_round(
    runtime: Runtime, sessions: Sessions
) -> None:
    token = await invite(runtime)
    await asyncio.gather(runtime.members.join(ANNA, token), runtime.members.join(BOHDAN, token))
    async with sessions() as session:
        rounds = await session.scalars(select(CheckIn.round_id))
        assert len(set(rounds.all())) == 1
    assert await count(sessions, PulseRound) == 1


async def test_two_first_filings_at_once_share_one_set_of_counts(
    runtime: Runtime, sessions: Sessions
) -> None:
    last = [await join(runtime, person) for person in (ANNA, BOHDAN)]
    finished = await asyncio.gather(
        *(
            runtime.checkins.press(p, Action.SKIP, prompt.checkin_id, prompt.step, None)
            for p, prompt in zip((ANNA, BOHDAN), last, strict=True)
        )
    )
    assert all(any(isinstance(e, Finished) for e in events) for events in finished), finished
    pulse = runtime.scripts["pulse"]
    likert = [q for q in pulse.questions if q.type is QuestionType.LIKERT5]
    async with sessions() as session:
        cells = await session.scalar(select(func.count()).select_from(PulseTally))
        total = await session.scalar(select(func.sum(PulseTally.count)))
    assert cells == len(likert) * 5 + 3  # every value of every item, and the three recall values
    assert total == 2 * (len(likert) + 1)  # nothing lost: two people, every item and recall


async def invite(runtime: Runtime) -> str:
    link = (await runtime.team.invite(OWNER, None))[0]
    assert isinstance(link, InviteLink), link
    return link.token


async def join(runtime: Runtime, person: Person) -> Prompt:
    """Join and answer the pulse up to its last question, which is left open."""
    events: Sequence[Event] = await runtime.members.join(person, await invite(runtime))
    for _ in runtime.scripts["pulse"].questions:
        prompt = next(e for e in events if isinstance(e, Prompt))
        number, total = prompt.position
        if number == total:
            return prompt
        action, choice = (
            (Action.ANSWER, 3) if prompt.type is QuestionType.LIKERT5 else (Action.SKIP, None)
        )
        if prompt.type is QuestionType.CHOICE:
            action, choice = Action.ANSWER, 0
        events = await runtime.checkins.press(
            person, action, prompt.checkin_id, prompt.step, choice
        )
    raise AssertionError("the pulse has no last question")
