"""What the coach asks of a language model, so every feature is written once for both paths.

Features call a ``LanguageModel`` and treat ``None`` (or an empty stream) as "use the offline
result": no key, a timeout, a 429, a refusal, bad output and a spent budget all look the same to
them. That keeps the fallback in one place per feature and lets offline-only tests run with
``OFFLINE``. The LangChain implementation lives in ``alignment/coach/llm.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class LanguageModel(Protocol):
    """A model reached by prompt id; it never raises for the model's own failures."""

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        """The answer to ``prompts/coach/<prompt>.yaml`` parsed into ``schema``, or None."""
        ...

    async def similarities(
        self, reference: str, texts: Sequence[str], *, workspace: int
    ) -> list[float] | None:
        """Cosine similarity of each text to the reference by embeddings, or None."""
        ...

    def stream(
        self, prompt: str, variables: Mapping[str, str], *, workspace: int
    ) -> AsyncIterator[str]:
        """The growing free-text answer; it ends early (possibly at once) on any failure."""
        ...


class Offline:
    """The model of a bot with no key: every feature takes its offline path."""

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        """Always None: there is no model to ask."""
        return None

    async def similarities(
        self, reference: str, texts: Sequence[str], *, workspace: int
    ) -> list[float] | None:
        """Always None: the offline word-overlap method applies."""
        return None

    async def stream(
        self, prompt: str, variables: Mapping[str, str], *, workspace: int
    ) -> AsyncIterator[str]:
        """Yields nothing."""
        for _ in ():
            yield ""


OFFLINE: LanguageModel = Offline()
