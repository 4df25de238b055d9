"""Long-lived resources of one bot process, opened in post_init and closed in post_shutdown."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from alignment.questionnaire import ScriptCatalog, load_scripts
from alignment.reviewers import Reviewers, load_review_texts
from alignment.services import CheckInService, Clock, StrategyService, journey
from bot.settings import Settings
from bot.texts import UiTexts, load_texts
from storage.database import create_engine, create_sessionmaker


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
        self._engine: AsyncEngine | None = None
        self._checkins: CheckInService | None = None
        self._strategy: StrategyService | None = None

    async def open(self) -> None:
        """Create the database engine and the services that use it."""
        self._engine = create_engine(self.settings.database_url)
        sessions = create_sessionmaker(self._engine)
        self._checkins = CheckInService(sessions, self.scripts, self.reviewers, self.clock)
        self._strategy = StrategyService(sessions)

    async def close(self) -> None:
        """Release database connections."""
        if self._engine is not None:
            await self._engine.dispose()
        self._engine = self._checkins = self._strategy = None

    @property
    def checkins(self) -> CheckInService:
        """The check-in service; only between open() and close()."""
        if self._checkins is None:
            raise RuntimeError("Runtime.open() has not run")
        return self._checkins

    @property
    def strategy(self) -> StrategyService:
        """The strategy views; only between open() and close()."""
        if self._strategy is None:
            raise RuntimeError("Runtime.open() has not run")
        return self._strategy
