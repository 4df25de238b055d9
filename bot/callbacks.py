"""Callback data: short, namespaced strings, built and parsed only here.

``ci:<action>:<checkin id>:<step>[:<option>]`` presses a check-in button and
``menu:<script id>`` starts a check-in from a menu. Team buttons are
``<namespace>:<action>:<id>[:<option>]``: ``inv:rev:<invite>``, ``dep:set:<membership>:<department>``,
``round:close:<round>``, ``pulse:go:<round>`` and ``leave:ws:<workspace>``. The data carries no
authority: services re-check who may do what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_CHECKIN = re.compile(r"^ci:([a-z]{1,2}):(\d{1,12}):(\d{1,9})(?::(\d{1,3}))?$")
_MENU = re.compile(r"^menu:([a-z][a-z0-9_]{0,58})$")
_TEAM = re.compile(r"^(inv|dep|round|pulse|leave):([a-z]{2,5}):(\d{1,12})(?::(\d{1,12}))?$")


@dataclass(frozen=True)
class CheckInButton:
    """A button under a check-in question or review."""

    action: str
    checkin_id: int
    step: int
    option: int | None = None


@dataclass(frozen=True)
class MenuButton:
    """A button that starts a check-in, such as "Edit vision"."""

    script_id: str


@dataclass(frozen=True)
class TeamButton:
    """A button of the team features, such as "Withdraw this link" or a department."""

    namespace: str
    action: str
    target: int
    option: int | None = None


Button = CheckInButton | MenuButton | TeamButton


def pack(button: Button) -> str:
    """The callback data string for a button."""
    if isinstance(button, MenuButton):
        data = f"menu:{button.script_id}"
    elif isinstance(button, TeamButton):
        data = f"{button.namespace}:{button.action}:{button.target}"
        if button.option is not None:
            data += f":{button.option}"
    else:
        data = f"ci:{button.action}:{button.checkin_id}:{button.step}"
        if button.option is not None:
            data += f":{button.option}"
    if len(data.encode()) > MAX_BYTES or parse(data) != button:
        raise ValueError(f"{button!r} does not fit in {MAX_BYTES} bytes of callback data")
    return data


def parse(data: str | None) -> Button | None:
    """The button behind callback data, or None for anything we did not make."""
    if not data:
        return None
    if match := _CHECKIN.match(data):
        option = match.group(4)
        return CheckInButton(
            match.group(1),
            int(match.group(2)),
            int(match.group(3)),
            int(option) if option else None,
        )
    if match := _MENU.match(data):
        return MenuButton(match.group(1))
    if match := _TEAM.match(data):
        option = match.group(4)
        return TeamButton(
            match.group(1), match.group(2), int(match.group(3)), int(option) if option else None
        )
    return None
