"""Inline keyboards: every button's callback data is packed by bot/callbacks.py."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Button, pack

TICK = "✓ "
"""Marks a chosen option on its button: a ticked multi-select answer, a current setting."""


def button(label: str, pressed: Button) -> InlineKeyboardButton:
    """One button that sends ``pressed`` back when tapped."""
    return InlineKeyboardButton(label, callback_data=pack(pressed))


def single(label: str, pressed: Button) -> InlineKeyboardMarkup:
    """A keyboard of one button."""
    return InlineKeyboardMarkup([[button(label, pressed)]])


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out ``width`` to a row."""
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def ticked(label: str, chosen: bool) -> str:
    """The label with the tick when its option is the chosen one."""
    return f"{TICK}{label}" if chosen else label
