"""Stand-ins for the coach's language model: canned answers that prove the model path is used."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel

from alignment.coach.language_model import OFFLINE, LanguageModel, Offline

T = TypeVar("T", bound=BaseModel)


class Canned(Offline):
    """A language model that answers every structured call with one object, and records it."""

    def __init__(self, answer: BaseModel) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, str]]] = []

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        self.calls.append((prompt, dict(variables)))
        return schema.model_validate(self.answer.model_dump())


class Embeddings(Offline):
    """A model that has only embeddings: canned similarities, one per text, recorded."""

    def __init__(self, scores: Sequence[float]) -> None:
        self.scores = list(scores)
        self.asked: list[tuple[str, list[str]]] = []

    async def similarities(
        self, reference: str, texts: Sequence[str], *, workspace: int
    ) -> list[float] | None:
        self.asked.append((reference, list(texts)))
        return self.scores[: len(texts)]


class Typed(Offline):
    """A model that answers the structured calls for one schema with a canned object (None to
    any other, as a failing model would), and records every call."""

    def __init__(self, answer: BaseModel) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, str]]] = []

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        self.calls.append((prompt, dict(variables)))
        return self.answer if isinstance(self.answer, schema) else None


class Switched:
    """A model that answers as ``OFFLINE`` until a test hands it another, so one round can show
    the owner both the offline report and the model's."""

    def __init__(self) -> None:
        self.model: LanguageModel = OFFLINE

    async def structured(
        self, prompt: str, variables: Mapping[str, str], schema: type[T], *, workspace: int
    ) -> T | None:
        return await self.model.structured(prompt, variables, schema, workspace=workspace)

    async def similarities(
        self, reference: str, texts: Sequence[str], *, workspace: int
    ) -> list[float] | None:
        return await self.model.similarities(reference, texts, workspace=workspace)

    async def stream(
        self, prompt: str, variables: Mapping[str, str], *, workspace: int
    ) -> AsyncIterator[str]:
        async for chunk in self.model.stream(prompt, variables, workspace=workspace):
            yield chunk
