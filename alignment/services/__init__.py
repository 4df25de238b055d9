"""Application services: one transaction per call, committed here and never in repositories."""

from alignment.services.checkins import CheckInService
from alignment.services.clock import Clock, SystemClock
from alignment.services.events import (
    Event,
    Finished,
    GoalView,
    Notice,
    Person,
    Prompt,
    Rejected,
    Reviewed,
    Started,
    StrategyView,
)
from alignment.services.strategy import StrategyService

__all__ = [
    "CheckInService",
    "Clock",
    "Event",
    "Finished",
    "GoalView",
    "Notice",
    "Person",
    "Prompt",
    "Rejected",
    "Reviewed",
    "Started",
    "StrategyService",
    "StrategyView",
    "SystemClock",
]
