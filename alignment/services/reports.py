"""/report and /results: read closed rounds and their stored blocks, score what may be shown.

Reads only: blocks are fixed when rounds close (alignment/services/closing.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import takewhile
from statistics import fmean

from alignment.coach.language_model import OFFLINE, LanguageModel
from alignment.privacy import Hold
from alignment.questionnaire import ScriptCatalog
from alignment.scoring import Item
from alignment.scoring.echo import comparable, mean_similarity, same_language
from alignment.scoring.free_recall import FreeRecall, Method, by_similarities, by_words
from alignment.services import restate
from alignment.services.clock import Clock
from alignment.services.events import (
    BeforeAfter,
    Digest,
    DigestWaiting,
    Event,
    MemberResults,
    Notice,
    Person,
    ReportDetails,
    ReportTable,
    RoundStatus,
    TeamReport,
)
from alignment.services.progress import NOT_SHOWN, Waiting
from alignment.services.rounds import round_status
from alignment.services.team import owner_scope
from alignment.team.disclosure import GROUP, Verdict
from alignment.team.items import COMMENT, ECHO, PRIORITIES
from alignment.team.recall import top_position
from alignment.team.report import (
    DepartmentResult,
    Snapshot,
    callouts,
    carry_forward,
    focus,
    owner_answers,
    snapshot,
    team_items,
)
from alignment.team.themes import ThemeLexicon, comment_themes
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import PulseRound, Workspace
from storage.repositories import Repositories

PULSE = "pulse"
SELF_CHECK = "self_assessment"

Figures = dict[int | None, dict[str, Verdict]]
"""A block's stored verdicts by department (None: the whole team) and figure."""


@dataclass
class _History:
    """Reported blocks with the round ids behind each, and closed rounds still waiting."""

    waiting: tuple[int, ...]
    held: Hold | None = None
    snapshots: list[Snapshot] = field(default_factory=list)
    windows: list[tuple[int, ...]] = field(default_factory=list)
    figures: list[Figures] = field(default_factory=list)
    opened: list[tuple[datetime, datetime]] = field(default_factory=list)
    """When each block's first and last round opened."""


class ReportService:
    """Only closed rounds are ever reported, so answers arriving later cannot be told apart."""

    def __init__(
        self,
        sessions: Sessions,
        scripts: ScriptCatalog,
        clock: Clock,
        *,
        lexicon: ThemeLexicon | None = None,
        model: LanguageModel = OFFLINE,
    ) -> None:
        """Reports read in one transaction; Details then asks ``model`` for comment themes.

        Without a ``lexicon`` (the offline themes) Details shows none: the services of the tick
        and the digest never show Details.
        """
        self._sessions = sessions
        self._lexicon = lexicon
        self._model = model
        self._pulse = scripts[PULSE]
        self._self_check = scripts[SELF_CHECK]
        self._items = team_items(self._pulse)
        self._clock = clock

    async def report(self, person: Person) -> list[Event]:
        """The owner's report, or why there is none yet."""
        return (await self._owned(person))[0]

    async def _owned(self, person: Person) -> tuple[list[Event], int]:
        """The owner's report and the id of their workspace."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            return await self._report(repos, workspace), workspace.id

    async def digest(
        self, workspace_id: int, round_id: int, next_round: date | None
    ) -> list[Event]:
        """What the owner hears when a round closes: the report it completed, or why it waits."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            workspace = await repos.workspaces.get(workspace_id)
            pulse_round = await repos.pulses.round(round_id)
            if workspace is None or pulse_round is None:
                return []
            if pulse_round.block is None:
                members = await repos.team.member_count(workspace.id)
                return [
                    DigestWaiting(
                        workspace.name,
                        pulse_round.number,
                        Hold(pulse_round.held) if pulse_round.held else None,
                        workspace.anonymity_threshold,
                        members,
                        next_round,
                    )
                ]
            found = await self._report(repos, workspace)
            return [
                Digest(e, pulse_round.number) if isinstance(e, TeamReport) else e for e in found
            ]

    async def _report(self, repos: Repositories, workspace: Workspace) -> list[Event]:
        """The owner's report of a workspace, or why there is none yet."""
        history = await self._history(repos, workspace, with_owner=True)
        members = await repos.team.member_count(workspace.id)
        open_round = await self._open_round(repos, workspace)
        if not history.snapshots:
            reason = (
                "report_team_small" if members < workspace.anonymity_threshold else "report_waiting"
            )
            params = {"threshold": workspace.anonymity_threshold, "members": members}
            return [Notice(reason, params), *([open_round] if open_round else [])]
        latest = history.snapshots[-1]
        window = history.windows[-1]
        shown, hidden = await self._departments(
            repos, workspace, window, latest, history.figures[-1]
        )
        comments = await self._texts(repos, window, latest, COMMENT)
        echoes = await self._texts(repos, window, latest, ECHO)
        visions = await repos.strategy.visions(workspace.id)
        vision = visions[0][0] if visions else None
        foreign = sum(not same_language(vision, e) for e in echoes) if vision else 0
        if len(echoes) - foreign < workspace.anonymity_threshold:
            # Fewer scored sentences than the threshold: too few for the mean to say much.
            latest = replace(latest, echo=None)
        priorities = tuple(await self._texts(repos, window, latest, PRIORITIES))
        top_goal = await self._top_goal(repos, workspace)
        found = callouts(latest.scores)
        report = TeamReport(
            business=workspace.name,
            threshold=workspace.anonymity_threshold,
            latest=latest,
            history=tuple(history.snapshots),
            waiting=history.waiting,
            held=history.held,
            answered=latest.respondents,
            members=members,
            departments=shown,
            hidden_departments=hidden,
            callouts=found,
            comments=tuple(comments),
            echoes=tuple(echoes),
            foreign_echoes=foreign,
            open_round=open_round,
            focus=focus(latest.scores, found),
            since_change=await self._since_change(repos, workspace, history),
            free_recall=_enough(
                by_words(top_goal, priorities) if top_goal and priorities else None,
                workspace.anonymity_threshold,
            ),
            priorities=priorities,
            top_goal=top_goal,
            vision=vision,
        )
        return [report]

    async def _top_goal(self, repos: Repositories, workspace: Workspace) -> str | None:
        """The title of the current strategy's top goal: the one marked, or else the first."""
        strategy = await repos.strategy.current(workspace.id)
        if strategy is None:
            return None
        top = top_position([g.position for g in strategy.goals], strategy.top_goal)
        return next((g.title for g in strategy.goals if g.position == top), None)

    async def _since_change(
        self, repos: Repositories, workspace: Workspace, history: _History
    ) -> BeforeAfter | None:
        """Levels before and after the owner's latest strategy change, once both are reported."""
        found = await restate.latest_change(repos, workspace.id, workspace.timezone)
        if found is None:
            return None
        blocks = [
            (snap, *opened) for snap, opened in zip(history.snapshots, history.opened, strict=True)
        ]
        return restate.before_after(*found, blocks)

    async def details(self, person: Person, shown: Waiting = NOT_SHOWN) -> list[Event]:
        """The Details button: the report read again, so it shows the figures as they are now.

        The comments' themes and the free recall by embeddings are worked out after the
        report's transaction has closed, since the model may take seconds: with a model,
        ``shown.waiting()`` comes first.
        """
        events, workspace = await self._owned(person)
        if self._model is not OFFLINE and any(isinstance(e, TeamReport) for e in events):
            await shown.waiting()
        return [
            ReportDetails(await self._by_model(e, workspace)) if isinstance(e, TeamReport) else e
            for e in events
        ]

    async def _by_model(self, report: TeamReport, workspace: int) -> TeamReport:
        """Themes, free recall and echo as the model sees them, each offline when it fails."""
        report = await self._themed(report, workspace)
        report = await self._recalled(report, workspace)
        return await self._echoed(report, workspace)

    async def _themed(self, report: TeamReport, workspace: int) -> TeamReport:
        """The report with its comments' themes, when the comments may be listed at all."""
        if self._lexicon is None or not report.comments:
            return report
        themes = await comment_themes(
            self._model, self._lexicon, report.comments, report.threshold, workspace=workspace
        )
        return replace(report, themes=themes)

    async def _echoed(self, report: TeamReport, workspace: int) -> TeamReport:
        """The latest echo figure by embeddings, when the word method's figure may be shown.

        Embeddings compare meaning across languages, so every listed echo is scored.
        """
        if report.latest.echo is None or report.vision is None or not report.echoes:
            return report
        found = await self._model.similarities(report.vision, report.echoes, workspace=workspace)
        if found is None or len(found) != len(report.echoes):
            return report
        latest = replace(report.latest, echo=fmean(max(0.0, s) for s in found))
        return replace(report, latest=latest, echo_method=Method.EMBEDDINGS, foreign_echoes=0)

    async def _recalled(self, report: TeamReport, workspace: int) -> TeamReport:
        """The free recall scored by embeddings when the model gives them, else as it was."""
        if report.free_recall is None or report.top_goal is None:
            return report
        found = await self._model.similarities(
            report.top_goal, report.priorities, workspace=workspace
        )
        if found is None or len(found) != len(report.priorities):
            return report
        return replace(report, free_recall=_enough(by_similarities(found), report.threshold))

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

    async def snapshots(self, repos: Repositories, workspace: Workspace) -> list[Snapshot]:
        """The reported blocks, oldest first, as the report shows them, in the caller's transaction.

        Nudges and commitments quote only these, so never a figure the report holds back.
        """
        return (await self._history(repos, workspace, with_owner=True)).snapshots

    async def _history(
        self, repos: Repositories, workspace: Workspace, *, with_owner: bool
    ) -> _History:
        """One snapshot per stored block, oldest first; counts and sums come from the database.

        Each dimension a block did not measure shows its latest earlier figure, and changes
        compare a dimension with its own previous measurement (``carry_forward``).
        """
        closed = await repos.pulses.reported_rounds(workspace.id)
        blocks: dict[int, list[PulseRound]] = defaultdict(list)
        for pulse_round in closed:
            if pulse_round.block is not None:
                blocks[pulse_round.block].append(pulse_round)
        waiting = [r for r in closed if r.block is None]
        history = _History(
            waiting=tuple(r.number for r in waiting),
            held=Hold(waiting[-1].held) if waiting and waiting[-1].held else None,
        )
        if not blocks:
            return history
        figures = _by_group(await repos.pulses.figures(workspace.id))
        tallies = await repos.pulses.block_tallies(workspace.id)
        echoes = await self._echoes(repos, workspace, blocks)
        owner = await self._owner(repos, workspace) if with_owner else []
        for last in sorted(blocks):
            newest = blocks[last][-1]
            block_figures = figures.get(last, {})
            before = history.snapshots[-1] if history.snapshots else None
            block = snapshot(
                last,
                [r.number for r in blocks[last]],
                newest.block_respondents or 0,
                _closed_on(newest, workspace),
                items=self._items,
                tallies=tallies.get(last, []),
                figures=block_figures.get(None, {}),
                owner=owner,
                previous=before,
                echo=echoes.get(last),
                newcomers=newest.block_newcomers or 0,
            )
            history.snapshots.append(carry_forward(block, before))
            history.windows.append(tuple(r.id for r in blocks[last]))
            history.figures.append(block_figures)
            history.opened.append((blocks[last][0].opened_at, newest.opened_at))
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
        if not vision or not comparable(vision):
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
        self,
        repos: Repositories,
        workspace: Workspace,
        window: Sequence[int],
        latest: Snapshot,
        figures: Figures,
    ) -> tuple[tuple[DepartmentResult, ...], int]:
        """The departments the block showed when it was fixed, and how many it held back.

        Decided once (alignment/services/closing.py): adding, removing or renaming departments
        later never reveals more of a block the owner has already seen.
        """
        results, hidden = [], 0
        for department in await repos.team.departments(workspace.id):
            verdicts = figures.get(department.id, {})
            group = verdicts.get(GROUP)
            if group is None:
                continue
            if group.held is not None:
                hidden += 1
                continue
            tallies = await repos.pulses.tallies(window, department.id)
            scored = snapshot(
                latest.number,
                latest.pooled,
                group.people,
                latest.closed_on,
                items=self._items,
                tallies=tallies,
                figures=verdicts,
                owner=[],
                previous=None,
                echo=None,
            )
            results.append(DepartmentResult(department.name, group.people, scored.headline))
        return tuple(results), hidden

    async def _texts(
        self, repos: Repositories, window: Sequence[int], latest: Snapshot, kind: str
    ) -> Sequence[str]:
        """Echoes or comments, only when enough people wrote one and the block may list them."""
        return await repos.pulses.text_bodies(window, kind) if kind in latest.texts else ()

    async def _owner(self, repos: Repositories, workspace: Workspace) -> list[tuple[Item, int]]:
        answers = await repos.checkins.latest_answers(workspace.owner_id, SELF_CHECK)
        return owner_answers(self._self_check, self._pulse, answers)

    async def _open_round(self, repos: Repositories, workspace: Workspace) -> RoundStatus | None:
        pulse_round = await repos.pulses.open_round(workspace.id, self._clock.now())
        return await round_status(repos, workspace, pulse_round) if pulse_round else None


def _enough(found: FreeRecall | None, threshold: int) -> FreeRecall | None:
    """The free recall, only when at least the threshold of answers were scored."""
    return found if found is not None and found.scored >= threshold else None


def _closed_on(pulse_round: PulseRound, workspace: Workspace) -> date:
    ended = pulse_round.closed_at or pulse_round.closes_at
    return ended.astimezone(tzinfo_for(workspace.timezone)).date()


def _by_group(
    rows: Mapping[int, Sequence[tuple[int | None, str, int, str | None]]],
) -> dict[int, Figures]:
    """Stored verdict rows, grouped by block, then department, then figure."""
    found: dict[int, Figures] = {}
    for block, figures in rows.items():
        grouped: Figures = found.setdefault(block, {})
        for department, figure, people, held in figures:
            grouped.setdefault(department, {})[figure] = Verdict(
                people, Hold(held) if held else None
            )
    return found
