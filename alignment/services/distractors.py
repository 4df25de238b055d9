"""Recall distractors written by the model for a newly saved strategy version.

The version is committed first; the model is asked after, outside any transaction, and what
it wrote is stored on the version in a second short one. Until then, and whenever the model
fails or writes too few usable ones, the recall question uses the bank (``PulseFiler``), so
no member ever waits for the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignment.coach.language_model import LanguageModel
from alignment.team.recall import generated
from storage.database import Sessions
from storage.models import StrategyVersion
from storage.repositories import Repositories


@dataclass(frozen=True)
class SavedGoals:
    """What the model is told about a saved version, read while its transaction was open."""

    version_id: int
    workspace_id: int
    goals: tuple[str, ...]
    vision: str | None

    @classmethod
    def of(cls, version: StrategyVersion | None) -> SavedGoals | None:
        """A version worth writing distractors for: one with goals."""
        if version is None or not version.goals:
            return None
        titles = tuple(goal.title for goal in version.goals)
        return cls(version.id, version.workspace_id, titles, version.vision)


class DistractorWriter:
    """Asks the model for a version's distractors and keeps the usable ones."""

    def __init__(self, sessions: Sessions, model: LanguageModel) -> None:
        """The model is injected: the runtime's, ``OFFLINE`` or a test's stub."""
        self._sessions = sessions
        self._model = model

    async def write(self, saved: SavedGoals | None) -> None:
        """Call after the version's transaction committed; offline this stores nothing."""
        if saved is None:
            return
        found = await generated(
            self._model, saved.goals, saved.vision, workspace=saved.workspace_id
        )
        if found is None:
            return
        async with self._sessions.begin() as session:
            await Repositories(session).strategy.set_distractors(saved.version_id, found)
