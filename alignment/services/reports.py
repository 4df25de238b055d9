"""/report and /results: read closed rounds and their stored blocks, score what may be shown.

Reads only: blocks are fixed when rounds close (alignment/services/closing.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import takewhile

from alignment.privacy import disclosed_groups
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
            comments = await repos.pulses.text_bodies(window, COMMENT)
            echoes = await repos.pulses.text_bodies(window, ECHO)
            report = TeamReport(
                business=workspace.name,
                threshold=workspace.anonymity_threshold,
                latest=latest,
                history=tuple(history.snapshots),
                waiting=history.waiting,
                answered=await repos.pulses.answered(window[-1]),
                members=members,
                departments=shown,
                hidden_departments=hidden,
                callouts=callouts(latest.scores),
                comments=tuple(comments),
                echoes=tuple(echoes),
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
        """One snapshot per stored block, oldest first; counts and sums come from the database."""
        closed = await repos.pulses.reported_rounds(workspace.id)
        blocks: dict[int, list[PulseRound]] = defaultdict(list)
        for pulse_round in closed:
            if pulse_round.block is not None:
                blocks[pulse_round.block].append(pulse_round)
        history = _History(waiting=tuple(r.number for r in closed if r.block is None))
        if not blocks:
            return history
        tallies = await repos.pulses.block_tallies(workspace.id)
        echoes = await self._echoes(repos, workspace, blocks)
        owner = await self._owner(repos, workspace) if with_owner else []
        for last in sorted(blocks):
            history.snapshots.append(
                snapshot(
                    last,
                    [r.number for r in blocks[last]],
                    blocks[last][-1].block_respondents or 0,
                    _closed_on(blocks[last][-1], workspace),
                    items=self._items,
                    tallies=tallies.get(last, []),
                    owner=owner,
                    previous=history.snapshots[-1] if history.snapshots else None,
                    echo=echoes.get(last),
                )
            )
            history.windows.append(tuple(r.id for r in blocks[last]))
        return history

    async def _echoes(
        self, repos: Repositories, workspace: Workspace, blocks: Mapping[int, Sequence[PulseRound]]
    ) -> dict[int, float]:
        """Mean echo similarity per block, always against the vision as it reads today.

        Echoes filed since today's wording was stated were scored against it, so the mean
        fixed with the block stands; blocks opened before it are scored again from the texts.
        """
        visions = await repos.strategy.visions(workspace.id)
        vision = visions[0][0] if visions else None
        if not vision:
            return {}
        since = min(created for _, created in takewhile(lambda v: v[0] == vision, visions))
        found: dict[int, float] = {}
        for last, rounds in blocks.items():
            if rounds[0].opened_at >= since:
                mean = rounds[-1].block_echo
            else:
                texts = await repos.pulses.text_bodies([r.id for r in rounds], ECHO)
                mean = mean_similarity(vision, texts)
            if mean is not None:
                found[last] = mean
        return found

    async def _departments(
        self, repos: Repositories, workspace: Workspace, window: Sequence[int], latest: Snapshot
    ) -> tuple[tuple[DepartmentResult, ...], int]:
        """Departments that may be shown next to the total, and how many were held back."""
        counts = await repos.pulses.department_respondents(window)
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

    async def _open_round(self, repos: Repositories, workspace: Workspace) -> RoundStatus | None:
        pulse_round = await repos.pulses.open_round(workspace.id, self._clock.now())
        return await round_status(repos, workspace, pulse_round) if pulse_round else None


def _closed_on(pulse_round: PulseRound, workspace: Workspace) -> date:
    ended = pulse_round.closed_at or pulse_round.closes_at
    return ended.astimezone(tzinfo_for(workspace.timezone)).date()
