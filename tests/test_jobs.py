"""The composition root schedules the round-closing job; tests call the job function directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.ext import Application

from jobs.rounds import INTERVAL_SECONDS, close_rounds

pytestmark = pytest.mark.both_databases


async def test_rounds_are_closed_every_minute(bot: Application) -> None:  # type: ignore[type-arg]
    assert bot.job_queue is not None
    jobs = bot.job_queue.get_jobs_by_name(close_rounds.__name__)
    assert len(jobs) == 1
    assert jobs[0].job.trigger.interval == timedelta(seconds=INTERVAL_SECONDS)
