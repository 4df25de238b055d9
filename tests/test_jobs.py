"""The composition root schedules the tick; tests call the tick themselves, at the time they set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.ext import Application

from bot.settings import Settings
from jobs.tick import INTERVAL_SECONDS, tick
from tests.support.clock import FakeClock
from tests.support.harness import running_bot

pytestmark = pytest.mark.both_databases


async def test_the_tick_runs_every_minute(settings: Settings, clock: FakeClock) -> None:
    async with running_bot(settings, clock, scheduled_jobs=True) as app:
        assert app.job_queue is not None
        jobs = app.job_queue.get_jobs_by_name(tick.__name__)
        assert len(jobs) == 1
        assert jobs[0].job.trigger.interval == timedelta(seconds=INTERVAL_SECONDS)


async def test_the_test_harness_schedules_nothing(bot: Application) -> None:  # type: ignore[type-arg]
    assert bot.job_queue is not None
    assert bot.job_queue.jobs() == ()
