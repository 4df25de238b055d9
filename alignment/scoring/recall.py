"""Strategy recall: the share of answers that named the strategy correctly."""

from __future__ import annotations


def recall_rate(correct: int, answered: int) -> float | None:
    """Percent of answers that were correct (0–100); None when nobody answered, to avoid 0/0."""
    if not 0 <= correct <= answered:
        raise ValueError(f"need 0 <= correct <= answered, got {correct} of {answered}")
    if answered == 0:
        return None
    return 100 * correct / answered
