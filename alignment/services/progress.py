"""What the edge shows while a feature waits for the language model: the owner sees "typing…"."""

from __future__ import annotations

from typing import Protocol


class Waiting(Protocol):
    """Shown once before a model is asked where the person waits for the answer."""

    async def waiting(self) -> None:
        """A model is about to be asked (the bot shows "typing…")."""


class NotShown:
    """Nothing to show: jobs, the CLI and tests that do not look."""

    async def waiting(self) -> None:
        """Shows nothing."""


NOT_SHOWN = NotShown()
