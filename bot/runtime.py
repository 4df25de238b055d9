"""Long-lived resources of one bot process, opened in post_init and closed in post_shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from alignment.coach.language_model import OFFLINE, LanguageModel
from alignment.questionnaire import ScriptCatalog, load_scripts
from alignment.reviewers import Reviewers, load_review_texts
from alignment.services import CheckInService, Clock, StrategyService, journey
from alignment.services.commitments import CommitmentService, Wording
from alignment.services.members import MemberService
from alignment.services.nudges import NudgeService
from alignment.services.outbox import OutboxService
from alignment.services.reports import ReportService
from alignment.services.restate import Rechecks
from alignment.services.rhythm import RhythmService
from alignment.services.roles import RoleService
from alignment.services.rotation import Rotation
from alignment.services.rounds import RoundService
from alignment.services.schedule_settings import ScheduleSettingsService
from alignment.services.team import TeamService
from alignment.services.voters import Voters
from alignment.team.filing import PulseFiler
from alignment.team.recall import load_bank
from alignment.team.themes import load_lexicon
from bot.settings import Settings
from bot.texts import UiTexts, load_texts
from storage.database import Sessions, create_engine, create_sessionmaker


class Runtime:
    """Files are read and checked on construction; connections exist only between open and close."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        prompts = settings.prompts_dir
        self.settings = settings
        self.clock = clock
        self.texts: UiTexts = load_texts(prompts / "ui.yaml")
        self.scripts: ScriptCatalog = load_scripts(prompts / "checkins")
        journey.check_catalog(self.scripts)
        self.reviewers = Reviewers(load_review_texts(prompts / "reviews.yaml"))
        secret = settings.fingerprint_secret
        self.voters = Voters(secret.get_secret_value().encode() if secret else None)
        self.filer = PulseFiler(
            load_bank(prompts / "recall.yaml"), self.scripts["pulse"], self.voters
        )
        self.themes = load_lexicon(prompts / "themes.yaml")
        self.model: LanguageModel = OFFLINE
        """The coach's language model; the offline one until a key is configured."""
        self._engine: AsyncEngine | None = None
        self._services: _Services | None = None

    async def open(self) -> None:
        """Create the database engine and the services that use it."""
        self._engine = create_engine(self.settings.database_url)
        sessions = create_sessionmaker(self._engine)
        clock = self.clock
        checkins = CheckInService(sessions, self.scripts, self.reviewers, self.filer, clock)
        reports = ReportService(
            sessions, self.scripts, clock, lexicon=self.themes, model=self.model
        )
        rotation = Rotation(self.scripts["pulse"], self.settings.rhythm().pulse_items)
        self._services = _Services(
            sessions=sessions,
            checkins=checkins,
            strategy=StrategyService(sessions),
            team=TeamService(sessions, clock, self.settings.invite_days),
            schedule_settings=ScheduleSettingsService(sessions, clock, self.settings.rhythm()),
            rounds=RoundService(sessions, clock, self.settings.round_days, rotation),
            members=MemberService(sessions, checkins, clock, self.settings.round_days, self.voters),
            reports=reports,
            roles=RoleService(sessions),
            commitments=CommitmentService(sessions, clock, self._wording(), reports),
            outbox=OutboxService(
                sessions, clock, reports, Rechecks(sessions, clock, self.reviewers)
            ),
            rhythm=RhythmService(
                sessions,
                clock,
                self.scripts,
                rotation,
                self.settings.rhythm(),
                self.settings.round_days,
            ),
            nudges=NudgeService(sessions, clock),
        )

    def _wording(self) -> Wording:
        """The pre-filled words of a commitment, from ui.yaml."""
        words = self.texts.commitments
        return Wording(self.texts.report.actions, words.said, words.message)

    async def close(self) -> None:
        """Release database connections."""
        if self._engine is not None:
            await self._engine.dispose()
        self._engine = self._services = None

    @property
    def services(self) -> _Services:
        """The services; only between open() and close()."""
        if self._services is None:
            raise RuntimeError("Runtime.open() has not run")
        return self._services

    @property
    def sessions(self) -> Sessions:
        """Database sessions, for scheduled jobs that are not a service call."""
        return self.services.sessions

    @property
    def checkins(self) -> CheckInService:
        """Check-ins of owners and members."""
        return self.services.checkins

    @property
    def strategy(self) -> StrategyService:
        """The strategy views."""
        return self.services.strategy

    @property
    def team(self) -> TeamService:
        """Invites, departments and the threshold."""
        return self.services.team

    @property
    def nudges(self) -> NudgeService:
        """The buttons under a reassessment nudge."""
        return self.services.nudges

    @property
    def schedule_settings(self) -> ScheduleSettingsService:
        """/settings: the weekly rhythm, quiet hours, threshold and pause."""
        return self.services.schedule_settings

    @property
    def rounds(self) -> RoundService:
        """Opening and closing pulse rounds."""
        return self.services.rounds

    @property
    def members(self) -> MemberService:
        """Joining, answering, pausing and leaving."""
        return self.services.members

    @property
    def reports(self) -> ReportService:
        """/report and /results."""
        return self.services.reports

    @property
    def roles(self) -> RoleService:
        """/help and unknown commands, which depend on the person's role."""
        return self.services.roles

    @property
    def commitments(self) -> CommitmentService:
        """Committing to an action after a report, and /actions."""
        return self.services.commitments


@dataclass(frozen=True)
class _Services:
    sessions: Sessions
    checkins: CheckInService
    strategy: StrategyService
    team: TeamService
    schedule_settings: ScheduleSettingsService
    rounds: RoundService
    members: MemberService
    reports: ReportService
    roles: RoleService
    commitments: CommitmentService
    outbox: OutboxService
    rhythm: RhythmService
    nudges: NudgeService
