"""Free recall: can a member name the top goal in their own words, without choices to pick from?

Offline, with the vision echo's word method (``alignment/scoring/echo.py``: lower-case, split,
drop stop words, strip one suffix): an answer names a goal when it contains at least ``NAMED``
of the goal's content stems. Stems with a digit ("2027", "20") are left out of the goal, since
naming the priority matters, not remembering its exact figure or date. Coverage, not the echo's
cosine, because an answer may list several priorities and should not lose for naming more.
An answer in another language than the goal shares no words with it and is not scored.

With a language model, by embeddings: an answer names the goal when its cosine similarity to
the goal is at least ``CLOSE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from alignment.scoring.echo import same_language, stems

NAMED = 0.5
"""Share of the goal's content stems an answer must contain to name it."""
CLOSE = 0.5
"""Embedding cosine from which an answer names the goal: related but different priorities
usually stay below it with current OpenAI embedding models."""


class Method(StrEnum):
    """How the answers were compared with the goal; the report says which."""

    WORDS = "words"
    EMBEDDINGS = "embeddings"


@dataclass(frozen=True)
class FreeRecall:
    """Percent of scored answers that name the top goal, how many were scored, and how."""

    named: float
    scored: int
    method: Method


def _goal_stems(goal: str) -> set[str]:
    return {stem for stem in stems(goal) if not any(c.isdigit() for c in stem)}


def coverage(goal: str, answer: str) -> float:
    """The share of the goal's content stems the answer contains; 0.0 for a goal without any."""
    wanted = _goal_stems(goal)
    return len(wanted & set(stems(answer))) / len(wanted) if wanted else 0.0


def by_words(goal: str, answers: Sequence[str]) -> FreeRecall:
    """Free recall by the word method; answers in another language than the goal are left out."""
    scored = [coverage(goal, a) for a in answers if same_language(goal, a)]
    return _share([s >= NAMED for s in scored], Method.WORDS)


def by_similarities(similarities: Sequence[float]) -> FreeRecall:
    """Free recall from each answer's embedding similarity to the goal."""
    return _share([s >= CLOSE for s in similarities], Method.EMBEDDINGS)


def _share(named: Sequence[bool], method: Method) -> FreeRecall:
    share = 100 * sum(named) / len(named) if named else 0.0
    return FreeRecall(share, len(named), method)
