"""Owner-only services refuse everyone else from one place: owner_scope raises NotOwner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from alignment.questionnaire import load_scripts
from alignment.services.errors import DomainError, NotOwner
from alignment.services.events import NOTICES, Event, Person
from alignment.services.reports import ReportService
from alignment.services.rounds import RoundService
from alignment.services.team import TeamService
from bot.settings import PROJECT_ROOT
from storage.database import Sessions
from storage.models import Department, Invite, PulseRound, User
from tests.support.clock import FakeClock

MALLORY = Person(2002, "Mallory")
Call = Callable[[TeamService, RoundService, ReportService], Awaitable[list[Event]]]

OWNER_ONLY: dict[str, Call] = {
    "/invite": lambda team, rounds, reports: team.invite(MALLORY, None),
    "/invite revoke": lambda team, rounds, reports: team.revoke(MALLORY, None),
    "Withdraw this link": lambda team, rounds, reports: team.revoke(MALLORY, 1),
    "/team": lambda team, rounds, reports: team.overview(MALLORY),
    "/team add": lambda team, rounds, reports: team.add_department(MALLORY, "Kitchen"),
    "/team rename": lambda team, rounds, reports: team.rename_department(MALLORY, "1", "Bar"),
    "/team remove": lambda team, rounds, reports: team.remove_department(MALLORY, "1"),
    "/team threshold": lambda team, rounds, reports: team.set_threshold(MALLORY, 5),
    "/round": lambda team, rounds, reports: rounds.status(MALLORY),
    "/round open": lambda team, rounds, reports: rounds.open(MALLORY),
    "Close the round now": lambda team, rounds, reports: rounds.close(MALLORY, 1),
    "Close anyway": lambda team, rounds, reports: rounds.close(MALLORY, 1, confirmed=True),
    "/report": lambda team, rounds, reports: reports.report(MALLORY),
    "Details": lambda team, rounds, reports: reports.details(MALLORY),
    "/report csv": lambda team, rounds, reports: reports.table(MALLORY),
}
"""Every owner-only service call a handler makes, named by the command or button behind it."""


@pytest.mark.parametrize("action", list(OWNER_ONLY))
async def test_someone_who_owns_no_business_is_refused_and_nothing_is_written(
    sessions: Sessions, clock: FakeClock, action: str
) -> None:
    async with sessions.begin() as session:
        session.add(
            User(telegram_id=MALLORY.external_id, first_name="Mallory", created_at=clock.now())
        )
    scripts = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
    services = (
        TeamService(sessions, clock),
        RoundService(sessions, clock),
        ReportService(sessions, scripts, clock),
    )

    with pytest.raises(NotOwner):
        await OWNER_ONLY[action](*services)

    async with sessions() as session:
        for model in (Department, Invite, PulseRound):
            assert await session.scalar(select(func.count()).select_from(model)) == 0


def test_every_refusal_names_a_notice_the_ui_words() -> None:
    refusals = DomainError.__subclasses__()
    assert NotOwner in refusals
    assert all(refusal.notice in NOTICES for refusal in refusals)
