"""The coach's two features, written once against ``LanguageModel`` with the offline fallback.

The model is asked first; ``None``, an empty stream or output that breaks the rules below is
answered by ``OfflineCoach`` instead, so a missing key and a failing server look the same to
the owner. Callers never hold a database transaction while these run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from alignment.coach.context import CoachContext
from alignment.coach.language_model import LanguageModel
from alignment.coach.model import Insight
from alignment.coach.offline import OfflineCoach

INSIGHT_PROMPT = "weekly_insight"
ANSWER_PROMPT = "coach_answer"
MAX_ANSWER = 1200
"""Characters of a model's answer kept (cut at a word boundary): about 120 to 200 words."""
WEEK = timedelta(days=7)
USER, COACH = "user", "coach"

Draft = Callable[[str], Awaitable[None]]
"""Shows the answer so far while the model streams (the bot sends a message draft)."""


@dataclass(frozen=True)
class Turn:
    """One remembered message of the conversation: who said it and what."""

    role: str
    text: str


def clip(text: str, limit: int = MAX_ANSWER) -> str:
    """The text cut to ``limit`` characters at the last word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


class Coach:
    """The weekly insight and /coach answers; the model by injection, offline as the fallback."""

    def __init__(self, model: LanguageModel, offline: OfflineCoach) -> None:
        self._model = model
        self._offline = offline

    async def insight(self, ctx: CoachContext, *, workspace: int) -> Insight:
        """The model's insight when it is about a reported dimension with actions due this week."""
        found = await self._model.structured(
            INSIGHT_PROMPT, ctx.variables(), Insight, workspace=workspace
        )
        if found is not None and _grounded(found, ctx):
            return found
        return self._offline.insight(ctx)

    async def answer(
        self,
        ctx: CoachContext,
        question: str,
        history: Sequence[Turn],
        draft: Draft,
        *,
        workspace: int,
    ) -> str:
        """The streamed answer, shown as it grows; the offline advice when nothing came."""
        said = "\n".join(f"{turn.role}: {turn.text}" for turn in history) or "(none)"
        variables = {**ctx.variables(), "history": said, "question": question}
        text = ""
        async for chunk in self._model.stream(ANSWER_PROMPT, variables, workspace=workspace):
            grown = text + chunk
            text = clip(grown)
            if text.strip():
                await draft(text)
            if len(grown) > MAX_ANSWER:
                break
        return text.strip() or self._offline.render(self._offline.answer(ctx, question))


def _grounded(insight: Insight, ctx: CoachContext) -> bool:
    """Every action is due this week, and the dimension is one the report shows (if any)."""
    reported = {d.dimension for d in ctx.dimensions}
    if reported and insight.dimension not in reported:
        return False
    return all(ctx.today <= a.due <= ctx.today + WEEK for a in insight.actions)
