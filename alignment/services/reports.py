"""/report and /results: load closed rounds, apply the anonymity rules, score what may be shown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from alignment.privacy import Turnout, disclosed_groups, pool_rounds
from alignment.questionnaire import ScriptCatalog
from alignment.scoring import Item
from alignment.scoring.echo import mean_similarity
from alignment.services.clock import Clock
from alignment.services.events import (
    Event,
    MemberResults,
    Notice,
    Person,
    ReportTable,
    RoundStatus,
    TeamReport,
)
from alignment.services.rounds import round_status
from alignment.services.team import owner_scope
from alignment.team.items import COMMENT, ECHO
from alignment.team.report import (
    DepartmentResult,
    Snapshot,
    callouts,
    owner_answers,
    snapshot,
    team_items,
)
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import PulseRound, Workspace
from storage.repositories import Repositories

PULSE = "pulse"
SELF_CHECK = "self_assessment"


@dataclass
class _History:
    """Reported blocks with the round ids behind each, and closed rounds still waiting."""

    waiting: tuple[int, ...]
    snapshots: list[Snapshot] = field(default_factory=list)
    windows: list[tuple[int, ...]] = field(default_factory=list)


class ReportService:
    """Only closed rounds are ever reported, so answers arriving later cannot be told apart."""

    def __init__(self, sessions: Sessions, scripts: ScriptCatalog, clock: Clock) -> None:
        self._sessions = sessions
        self._pulse = scripts[PULSE]
        self._self_check = scripts[SELF_CHECK]
        self._items = team_items(self._pulse)
        self._clock = clock

    async def report(self, person: Person) -> list[Event]:
        """The owner's report, or why there is none yet."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            history = await self._history(repos, workspace, with_owner=True)
            members = await repos.team.member_count(workspace.id)
            open_round = await self._open_round(repos, workspace)
            if not history.snapshots:
                reason = (
                    "report_team_small"
                    if members < workspace.anonymity_threshold
                    else "report_waiting"
                )
                params = {"threshold": workspace.anonymity_threshold, "members": members}
                return [Notice(reason, params), *([open_round] if open_round else [])]
            latest = history.snapshots[-1]
            window = history.windows[-1]
            shown, hidden = await self._departments(repos, workspace, window, latest)
            turnout = await repos.pulses.turnout([window[-1]])
            comments = await repos.pulses.texts(window, COMMENT)
            echoes = await repos.pulses.texts(window, ECHO)
            report = TeamReport(
                business=workspace.name,
                threshold=workspace.anonymity_threshold,
                latest=latest,
                history=tuple(history.snapshots),
                waiting=history.waiting,
                answered=len(turnout),
                members=members,
                departments=shown,
                hidden_departments=hidden,
                callouts=callouts(latest.scores),
                comments=tuple(t.text for t in comments),
                echoes=tuple(t.text for t in echoes),
                open_round=open_round,
            )
            return [report]

    async def table(self, person: Person) -> list[Event]:
        """/report csv: the same figures as a file, or the same reason why there are none."""
        return [
            ReportTable(e.business, e.history) if isinstance(e, TeamReport) else e
            for e in await self.report(person)
        ]

    async def results(self, person: Person) -> list[Event]:
        """Team-level results of every team the member is on."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            user = await repos.users.by_telegram_id(person.external_id)
            teams = await repos.team.memberships_of(user.id) if user else []
            out: list[Event] = []
            for _, workspace in teams:
                snapshots = (await self._history(repos, workspace, with_owner=False)).snapshots
                latest = snapshots[-1] if snapshots else None
                out.append(MemberResults(workspace.name, latest, workspace.anonymity_threshold))
            return out or [Notice("not_a_member")]

    async def _history(
        self, repos: Repositories, workspace: Workspace, *, with_owner: bool
    ) -> _History:
        """One snapshot per reported block of closed rounds, oldest first."""
        closed = sorted(
            await repos.pulses.closed_rounds(workspace.id, self._clock.now()),
            key=lambda r: r.number,
        )
        keys: dict[int, set[str]] = defaultdict(set)
        for round_id, key, _ in await repos.pulses.turnout([r.id for r in closed]):
            keys[round_id].add(key)
        unpooled = [Turnout(r.id, frozenset(keys[r.id])) for r in closed if r.block is None]
        pools = pool_rounds(unpooled, workspace.anonymity_threshold)
        by_id = {r.id: r for r in closed}
        for block in pools.blocks:
            for round_id in block:
                by_id[round_id].block = by_id[block[-1]].number
        blocks: dict[int, list[PulseRound]] = defaultdict(list)
        for pulse_round in closed:
            if pulse_round.block is not None:
                blocks[pulse_round.block].append(pulse_round)
        owner = await self._owner(repos, workspace) if with_owner else []
        vision = await self._vision(repos, workspace)
        history = _History(waiting=tuple(by_id[i].number for i in pools.waiting))
        for last in sorted(blocks):
            window = tuple(r.id for r in blocks[last])
            echoes = await repos.pulses.texts(window, ECHO)
            history.snapshots.append(
                snapshot(
                    last,
                    [r.number for r in blocks[last]],
                    len(set().union(*(keys[i] for i in window))),
                    _closed_on(blocks[last][-1], workspace),
                    items=self._items,
                    tallies=await repos.pulses.tallies(window),
                    owner=owner,
                    previous=history.snapshots[-1] if history.snapshots else None,
                    echo=mean_similarity(vision, [t.text for t in echoes]) if vision else None,
                )
            )
            history.windows.append(window)
        return history

    async def _departments(
        self, repos: Repositories, workspace: Workspace, window: Sequence[int], latest: Snapshot
    ) -> tuple[tuple[DepartmentResult, ...], int]:
        """Departments that may be shown next to the total, and how many were held back."""
        people: dict[int | None, set[str]] = defaultdict(set)
        for _, key, department in await repos.pulses.turnout(window):
            people[department].add(key)
        counts = {department: len(keys) for department, keys in people.items()}
        shown = disclosed_groups(counts, workspace.anonymity_threshold)
        names = {d.id: d.name for d in await repos.team.departments(workspace.id)}
        results = []
        for department_id, name in names.items():
            if department_id not in shown:
                continue
            tallies = await repos.pulses.tallies(window, department_id)
            figures = snapshot(
                latest.number,
                latest.pooled,
                counts[department_id],
                latest.closed_on,
                items=self._items,
                tallies=tallies,
                owner=[],
                previous=None,
                echo=None,
            )
            results.append(DepartmentResult(name, counts[department_id], figures.headline))
        hidden = sum(1 for d, n in counts.items() if d is not None and n and d not in shown)
        return tuple(results), hidden

    async def _owner(self, repos: Repositories, workspace: Workspace) -> list[tuple[Item, int]]:
        answers = await repos.checkins.latest_answers(workspace.owner_id, SELF_CHECK)
        return owner_answers(self._self_check, self._pulse, answers)

    async def _vision(self, repos: Repositories, workspace: Workspace) -> str | None:
        strategy = await repos.strategy.current(workspace.id)
        return strategy.vision if strategy else None

    async def _open_round(self, repos: Repositories, workspace: Workspace) -> RoundStatus | None:
        pulse_round = await repos.pulses.open_round(workspace.id, self._clock.now())
        return await round_status(repos, workspace, pulse_round) if pulse_round else None


def _closed_on(pulse_round: PulseRound, workspace: Workspace) -> date:
    ended = pulse_round.closed_at or pulse_round.closes_at
    return ended.astimezone(tzinfo_for(workspace.timezone)).date()
