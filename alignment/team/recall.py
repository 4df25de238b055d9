"""Strategy recall: the owner's real goals hidden among plausible distractors."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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
    wanted = max(MIN_DISTRACTORS, CHOICES - len(goals))
    picked = rng.sample(usable, min(wanted, len(usable)))
    options = [Option(value=goal_value(gid), label=_label(title)) for gid, title in goals]
    options += [Option(value=f"x{i}", label=_label(text)) for i, text in enumerate(picked)]
    rng.shuffle(options)
    return tuple(options)


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"
