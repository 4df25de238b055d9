"""Strategy recall: the owner's real goals hidden among plausible distractors."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from alignment.coach.language_model import LanguageModel
from alignment.prompt_files import load_yaml
from alignment.questionnaire import Option
from alignment.scoring.echo import similarity

SOURCE = "recall"
"""The ``options_from`` name of the recall question in the pulse script."""
CHOICES = 5
MIN_DISTRACTORS = 2
LABEL_LIMIT = 60
LOOKALIKE = 0.5
"""Distractors at least this similar to a real goal are left out: both could be "right"."""


class DistractorBank(BaseModel):
    """prompts/recall.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    distractors: tuple[str, ...] = Field(min_length=CHOICES)


ASKED = CHOICES + MIN_DISTRACTORS
"""How many the model is asked for: a few spare, since some may fail ``usable``."""
PROMPT = "recall_distractors"
"""The coach prompt id: prompts/coach/recall_distractors.yaml."""


class Distractors(BaseModel):
    """What the model must return: wrong answers written for this business's goals."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    distractors: tuple[str, ...] = Field(max_length=2 * CHOICES)


def load_bank(path: Path) -> tuple[str, ...]:
    """Read the distractors; start-up stops if the file is malformed."""
    return load_yaml(path, DistractorBank).distractors


def goal_value(goal_id: int) -> str:
    """The stored answer that means "picked this real goal"."""
    return f"g{goal_id}"


def top_position(positions: Sequence[int], marked: int | None) -> int | None:
    """The position of the goal recall asks about.

    The one the owner marked, or else the first, which is what "top" meant before marking.
    """
    if marked in positions:
        return marked
    return positions[0] if positions else None


def recall_options(
    goals: Sequence[tuple[int, str]], bank: Sequence[str], seed: int
) -> tuple[Option, ...]:
    """The shuffled choices for one member; the same seed always gives the same order.

    Every label is cut to the same length, so a long real goal cannot stand out by an ellipsis
    that the distractors never have.
    """
    rng = random.Random(seed)  # noqa: S311 - shuffling answer options, not security
    titles = [title for _, title in goals]
    usable = [d for d in bank if all(similarity(t, d) < LOOKALIKE for t in titles)]
    picked = rng.sample(usable, min(wanted(len(goals)), len(usable)))
    options = [Option(value=goal_value(gid), label=_label(title)) for gid, title in goals]
    options += [Option(value=f"x{i}", label=_label(text)) for i, text in enumerate(picked)]
    rng.shuffle(options)
    return tuple(options)


def wanted(goal_count: int) -> int:
    """How many distractors one recall question shows next to this many real goals."""
    return max(MIN_DISTRACTORS, CHOICES - goal_count)


def distractor_pool(
    stored: Sequence[str] | None, bank: Sequence[str], goal_count: int
) -> Sequence[str]:
    """The distractors written for the goals when there are enough of them, else the bank."""
    return stored if stored is not None and len(stored) >= wanted(goal_count) else bank


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def usable(distractors: Sequence[str], goals: Sequence[str]) -> tuple[str, ...]:
    """The distractors that fit a choice and cannot be mistaken for a real goal.

    One line each, at most ``LABEL_LIMIT`` characters, not a goal (ignoring case and spaces),
    less than ``LOOKALIKE`` similar to every goal, and each only once.
    """
    taken = {" ".join(goal.casefold().split()) for goal in goals}
    found: list[str] = []
    for text in distractors:
        text = " ".join(text.split())
        key = text.casefold()
        if not text or len(text) > LABEL_LIMIT or key in taken:
            continue
        if all(similarity(goal, text) < LOOKALIKE for goal in goals):
            taken.add(key)
            found.append(text)
    return tuple(found)


async def generated(
    model: LanguageModel, goals: Sequence[str], vision: str | None, *, workspace: int
) -> tuple[str, ...] | None:
    """Distractors the model wrote for these goals, or None: then the bank is used.

    Only as many usable ones as a question shows next to these goals count as an answer, so
    a question never mixes the two. The model sees the goals' titles and the vision, nothing
    else. Call it when the strategy is saved, outside any database transaction, never while a
    member waits for the question.
    """
    if not goals:
        return None
    variables = {"goals": "\n".join(goals), "vision": vision or "", "wanted": str(ASKED)}
    answer = await model.structured(PROMPT, variables, Distractors, workspace=workspace)
    found = usable(answer.distractors, goals) if answer is not None else ()
    return found if len(found) >= wanted(len(goals)) else None
