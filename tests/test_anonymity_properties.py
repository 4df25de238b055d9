"""Property: whatever the team, departments, skips and rounds, no report singles anyone out.

Hypothesis generates small teams (3 to 7 people, up to three departments, people who join late),
rounds in which people answer or not and skip statements, and a threshold of 3 or 4. The rounds'
participation and counts are written into the database as filing would write them; the rounds
are closed one by one through the real closing code, and /report is read through the real
service. Against the generated ground truth (who answered what, which the database never links):

- every figure shown, for the team or a department, has at least the threshold of people who
  answered that figure, and the report's figures are computed from those figures only;
- any two reports of the same figure, team or department, in a row, have the same people or
  differ by at least the threshold; so do the people outside the shown departments;
- a block after the first has at least the threshold of people who were members before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment.dimensions import Dimension
from alignment.questionnaire import load_scripts
from alignment.scoring import ItemCounts, score_all
from alignment.services.events import Person, TeamReport
from alignment.services.reports import ReportService
from alignment.team.disclosure import GROUP
from alignment.team.items import RECALL, WRONG
from alignment.team.report import team_items
from bot.settings import PROJECT_ROOT
from storage.database import Sessions
from storage.models import (
    Department,
    Participation,
    PulseRound,
    PulseTally,
    User,
    Workspace,
)
from storage.repositories import Repositories
from tests.support.clock import FakeClock
from tests.support.jobs import close_due_rounds

pytestmark = pytest.mark.both_databases

SCRIPTS = load_scripts(PROJECT_ROOT / "prompts" / "checkins")
ITEMS = team_items(SCRIPTS["pulse"])
STATEMENTS = ("t_vision_clear", "t_vision_ignored", "t_goal_priorities", "t_comm_why")
FIGURES = (*STATEMENTS, RECALL)
OWNERS = count(50_000)
"""Each example is a new business with its own owner, in the same database."""


@dataclass(frozen=True)
class Member:
    department: int | None
    joins: int
    """The round during which they joined (0: before the first round)."""


@dataclass
class Case:
    threshold: int
    departments: int
    members: list[Member]
    rounds: list[dict[int, dict[str, int]]] = field(default_factory=list)
    """Per round: member index -> answered figure -> value."""


@st.composite
def cases(draw: st.DrawFn) -> Case:
    departments = draw(st.integers(0, 3))
    team = draw(st.integers(3, 7))
    rounds = draw(st.integers(1, 5))
    department = st.one_of(st.none(), st.integers(0, departments - 1)) if departments else st.none()
    members = [
        Member(draw(department), draw(st.sampled_from((0, 0, 0, 1, 2)))) for _ in range(team)
    ]
    case = Case(draw(st.sampled_from((3, 3, 4))), departments, members)
    for number in range(rounds):
        answers: dict[int, dict[str, int]] = {}
        for index, member in enumerate(members):
            if member.joins <= number and draw(st.booleans()):
                figures = draw(st.sets(st.sampled_from(FIGURES), min_size=1))
                answers[index] = {f: draw(st.integers(1, 5)) for f in sorted(figures)}
        case.rounds.append(answers)
    return case


async def store(sessions: Sessions, case: Case, clock: FakeClock) -> tuple[Person, int]:
    """The case's business, rounds, participation and counts, closed round by round."""
    owner = Person(next(OWNERS), "Owner")
    start = clock.now()
    async with sessions.begin() as session:
        user = User(telegram_id=owner.external_id, first_name="Owner", created_at=start)
        session.add(user)
        await session.flush()
        workspace = Workspace(
            owner_id=user.id,
            name="Case",
            industry="x",
            team_size="x",
            timezone="UTC",
            anonymity_threshold=case.threshold,
            created_at=start,
        )
        session.add(workspace)
        await session.flush()
        departments = [
            Department(workspace_id=workspace.id, name=f"D{n}", created_at=start)
            for n in range(case.departments)
        ]
        session.add_all(departments)
        await session.flush()
        workspace_id = workspace.id
        department_ids = [d.id for d in departments]
    keys = [f"w{workspace_id}m{n}" for n in range(len(case.members))]
    for number, answers in enumerate(case.rounds):
        opened = start + timedelta(days=7 * number)
        async with sessions.begin() as session:
            pulse_round = PulseRound(
                workspace_id=workspace_id,
                number=number + 1,
                opened_at=opened,
                closes_at=opened + timedelta(days=3),
            )
            session.add(pulse_round)
            await session.flush()
            cells: Counter[tuple[int | None, str, int]] = Counter()
            for index, given_answers in answers.items():
                member = case.members[index]
                department = (
                    department_ids[member.department] if member.department is not None else None
                )
                session.add(
                    Participation(
                        round_id=pulse_round.id,
                        respondent_key=keys[index],
                        department_id=department,
                        completed_on=opened.date(),
                        figures=sorted(given_answers),
                        newcomer=member.joins == number and number > 0,
                    )
                )
                for figure, value in given_answers.items():
                    cells[(department, figure, WRONG if figure == RECALL else value)] += 1
            session.add_all(
                PulseTally(
                    round_id=pulse_round.id,
                    department_id=department,
                    item_id=figure,
                    value=value,
                    filed_on=opened.date(),
                    count=n,
                )
                for (department, figure, value), n in cells.items()
            )
        clock.advance(days=7)
        await close_due_rounds(sessions, clock)
    return owner, workspace_id


def people(case: Case, rounds: Iterable[int], figure: str, department: int | None) -> set[int]:
    """Ground truth: who answered ``figure`` (GROUP: anything) in the rounds, in a department."""
    found = set()
    for number in rounds:
        for index, answers in case.rounds[number - 1].items():
            in_group = department is None or case.members[index].department == department
            if in_group and (figure == GROUP or figure in answers):
                found.add(index)
    return found


def assert_changed_enough(now: set[int], before: set[int] | None, threshold: int) -> None:
    if before is not None:
        difference = len(now ^ before)
        assert difference == 0 or difference >= threshold, (now, before)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
async def test_no_report_shows_a_figure_of_fewer_than_the_threshold(
    sessions: Sessions, clock: FakeClock, case: Case
) -> None:
    owner, workspace_id = await store(sessions, case, clock)
    async with sessions() as session:
        rounds = await Repositories(session).pulses.reported_rounds(workspace_id)
        rows = await Repositories(session).pulses.figures(workspace_id)
        department_ids = sorted(
            d.id for d in await Repositories(session).team.departments(workspace_id)
        )
    index_of = {d: n for n, d in enumerate(department_ids)}
    blocks: dict[int, list[int]] = {}
    for pulse_round in rounds:
        if pulse_round.block is not None:
            blocks.setdefault(pulse_round.block, []).append(pulse_round.number)
    t = case.threshold
    last_seen: dict[tuple[int | None, str], set[int]] = {}
    previous: set[int] | None = None
    previous_rest: set[int] | None = None
    for block in sorted(blocks):
        numbers = blocks[block]
        everyone = people(case, numbers, GROUP, None)
        assert len(everyone) >= t
        assert_changed_enough(everyone, previous, t)
        if previous is not None:
            established = {
                i
                for n in numbers
                for i in case.rounds[n - 1]
                if not (n > 1 and case.members[i].joins == n - 1)
            }
            assert len(established) >= t
        shown_departments = set()
        for department_id, figure, count_, held in rows[block]:
            if held is not None:
                continue
            department = index_of[department_id] if department_id is not None else None
            who = people(case, numbers, figure, department)
            assert len(who) == count_ >= t, (department, figure)
            key = (department, figure)
            assert_changed_enough(who, last_seen.get(key), t)
            last_seen[key] = who
            if figure == GROUP:
                shown_departments.add(department)
        rest = everyone - {i for i in everyone if case.members[i].department in shown_departments}
        if shown_departments:
            assert_changed_enough(rest, previous_rest, t)
        previous, previous_rest = everyone, rest

    (report,) = await ReportService(sessions, SCRIPTS, clock).report(owner)
    if not blocks:
        return
    assert isinstance(report, TeamReport)
    before: dict[Dimension, float | None] = {}
    for snapshot in report.history:
        shown = {
            figure
            for department, figure, _, held in rows[snapshot.number]
            if department is None and held is None and figure in ITEMS
        }
        histograms: dict[str, dict[int, int]] = {}
        for number in snapshot.pooled:
            for answers in case.rounds[number - 1].values():
                for figure, value in answers.items():
                    if figure in shown:
                        cell = histograms.setdefault(figure, {})
                        cell[value] = cell.get(value, 0) + 1
        expected = score_all([ItemCounts(ITEMS[i], h) for i, h in histograms.items()])
        # A dimension this block did not measure shows the figure an earlier block showed.
        carried = {measured.dimension for measured in snapshot.carried}
        assert [s.team for s in snapshot.scores] == [
            before[e.dimension] if e.dimension in carried else e.team for e in expected
        ]
        before = {s.dimension: s.team for s in snapshot.scores}
        assert all(s.n == 0 or s.n >= t for s in snapshot.scores)
