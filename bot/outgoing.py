"""What the edge sends back: a text message, a chart, or a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup


@dataclass(frozen=True)
class Outgoing:
    """One text message, with buttons under it."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Photo:
    """A picture drawn only when sent, in a worker thread, so drawing never blocks the bot."""

    draw: Callable[[], bytes]
    caption: str | None = None


@dataclass(frozen=True)
class Document:
    """A file with a caption."""

    content: bytes
    filename: str
    caption: str


Reply = Outgoing | Photo | Document
