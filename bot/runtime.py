"""Long-lived resources of one bot process, opened in post_init and closed in post_shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from alignment.coach.coach import Coach
from alignment.coach.language_model import OFFLINE, LanguageModel
from alignment.coach.llm import LangChainModel, LlmOptions
from alignment.coach.offline import OfflineCoach, load_coach_words
from alignment.coach.prompt import CoachPrompt, load_coach_prompts
from alignment.coach.reviews import ReviewCoach
from alignment.questionnaire import ScriptCatalog, load_scripts
from alignment.reviewers import Reviewers, load_review_texts
from alignment.services import CheckInService, Clock, StrategyService, journey
from alignment.services.coach import CoachService
from alignment.services.commitments import CommitmentService, Wording
from alignment.services.distractors import DistractorWriter
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

    def __init__(
        self, settings: Settings, clock: Clock, model: LanguageModel | None = None
    ) -> None:
        """``model`` replaces the one the settings call for (tests pass a stub)."""
        prompts = settings.prompts_dir
        self.settings = settings
        self.clock = clock
        self.texts: UiTexts = load_texts(prompts / "ui.yaml")
        self.scripts: ScriptCatalog = load_scripts(prompts / "checkins")
        journey.check_catalog(self.scripts)
        self.reviewers = Reviewers(load_review_texts(prompts / "reviews.yaml"))
        self._given_model = model
        secret = settings.fingerprint_secret
        self.voters = Voters(secret.get_secret_value().encode() if secret else None)
        self.filer = PulseFiler(
            load_bank(prompts / "recall.yaml"), self.scripts["pulse"], self.voters
        )
        self.coach_words = load_coach_words(prompts / "coach.yaml")
        self.coach_prompts: dict[str, CoachPrompt] = load_coach_prompts(prompts / "coach")
        self.themes = load_lexicon(prompts / "themes.yaml")
        self._engine: AsyncEngine | None = None
        self._model: LangChainModel | None = None
        self._services: _Services | None = None

    async def open(self) -> None:
        """Create the database engine and the services that use it."""
        self._engine = create_engine(self.settings.database_url)
        sessions = create_sessionmaker(self._engine)
        clock = self.clock
        self._model = None if self._given_model else self._language_model(sessions)
        model = self._given_model or self._model or OFFLINE
        review_coach = ReviewCoach(model, self.reviewers)
        checkins = CheckInService(
            sessions,
            self.scripts,
            self.reviewers,
            review_coach,
            self.filer,
            clock,
            DistractorWriter(sessions, model),
        )
        reports = ReportService(sessions, self.scripts, clock, lexicon=self.themes, model=model)
        rotation = Rotation(self.scripts["pulse"], self.settings.rhythm().pulse_items)
        coach = CoachService(
            sessions,
            clock,
            Coach(model, OfflineCoach(self.coach_words, self.texts.dimensions)),
            reports,
        )
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
                sessions, clock, reports, Rechecks(sessions, clock, self.reviewers), coach
            ),
            coach=coach,
            rhythm=RhythmService(
                sessions,
                clock,
                self.scripts,
                rotation,
                self.settings.rhythm(),
                self.settings.round_days,
            ),
            nudges=NudgeService(sessions, clock),
            model=model,
        )

    def _language_model(self, sessions: Sessions) -> LangChainModel | None:
        """The coach's model when OPENAI_API_KEY is set; without one, features run offline."""
        settings = self.settings
        if settings.openai_api_key is None:
            return None
        options = LlmOptions(
            api_key=settings.openai_api_key.get_secret_value(),
            base_url=settings.openai_base_url,
            model=settings.llm_model,
            embedding_model=settings.embedding_model,
            timeout=settings.llm_timeout,
            max_tokens=settings.llm_max_tokens,
            max_retries=settings.llm_max_retries,
            monthly_tokens=settings.llm_monthly_tokens,
        )
        return LangChainModel(options, self.coach_prompts, sessions, self.clock)

    def _wording(self) -> Wording:
        """The pre-filled words of a commitment, from ui.yaml."""
        words = self.texts.commitments
        return Wording(self.texts.report.actions, words.said, words.message)

    async def close(self) -> None:
        """Release the model's HTTP connections and the database connections."""
        if self._model is not None:
            await self._model.close()
        if self._engine is not None:
            await self._engine.dispose()
        self._engine = self._model = self._services = None

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
    def model(self) -> LanguageModel:
        """The coach's language model: LangChain with a key, ``OFFLINE`` without."""
        return self.services.model

    @property
    def commitments(self) -> CommitmentService:
        """Committing to an action after a report, and /actions."""
        return self.services.commitments

    @property
    def coach(self) -> CoachService:
        """/coach and the weekly insight."""
        return self.services.coach


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
    coach: CoachService
    model: LanguageModel
