"""What the coach says, as validated pydantic models: the LLM's output is parsed into these too.

Lengths are capped here, so an LLM answer that runs long fails validation and the offline
result is used instead.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from alignment.dimensions import Dimension

MAX_ACTIONS = 3


class Action(BaseModel):
    """One concrete step with the day it should be done by."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1, max_length=300)
    due: date


class Insight(BaseModel):
    """The weekly insight: the biggest misalignment, why it matters here, what to do this week."""

    model_config = ConfigDict(frozen=True)

    dimension: Dimension
    finding: str = Field(min_length=1, max_length=400)
    why: str = Field(min_length=1, max_length=400)
    actions: tuple[Action, ...] = Field(min_length=1, max_length=MAX_ACTIONS)


class Advice(BaseModel):
    """An offline answer to /coach: advice grounded in one dimension or goal, and one action."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1)
    action: Action
