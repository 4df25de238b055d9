"""/settings: the owner's weekly rhythm, quiet hours, threshold and pause, by button or typed.

Buttons and typed text share one path: a button carries the same text a person would type
("wed", "09.30", "21.00-08.00"), and ``change`` parses and checks it before anything is stored,
so a bad value changes nothing. When the owner is asked to type a value, the question is stored
on the workspace (``settings_awaiting``), never only in memory.
"""

from __future__ import annotations

from datetime import time, timedelta
from enum import StrEnum

from alignment.reassessment.triggers import Kind
from alignment.schedule import MAX_QUIET, Rhythm
from alignment.schedule_input import (
    parse_quiet,
    parse_time,
    parse_weekday,
    parse_weekdays,
    quiet_problem,
)
from alignment.services.clock import Clock
from alignment.services.events import Event, Notice, Person, SettingsPage
from alignment.services.rhythm import rhythm_of
from alignment.services.team import MAX_THRESHOLD, owned_by, owner_scope, raise_threshold
from alignment.timezones import normalize_timezone, tzinfo_for
from storage.database import Sessions
from storage.models import Workspace
from storage.repositories import Repositories

NUDGE_CODES: dict[Kind, str] = {
    Kind.GOAL_DRIFT: "goals",
    Kind.SCORE_DROP: "drops",
    Kind.GAP_WIDENED: "gaps",
    Kind.LOW_AGREEMENT: "splits",
    Kind.LOW_PARTICIPATION: "turnout",
    Kind.OWNER_SILENT: "silence",
}
"""The word for each nudge kind on a button or typed (``/settings nudges drops``)."""
_NUDGE_KINDS = {code: kind for kind, code in NUDGE_CODES.items()}
ITEMS = range(5, 8)
"""Statements per weekly round."""
CADENCES = (1, 2)
"""Weeks between rounds."""
AWAIT_FOR = timedelta(minutes=15)
"""How long a "type a time" question claims what the owner types next."""


class Setting(StrEnum):
    """What a press or a typed value changes; the values are the wire codes of the buttons."""

    TIMEZONE = "tz"
    CHECKIN = "ci"
    PULSE = "pu"
    PULSE_DAY = "pd"
    """Switch one pulse weekday on or off (buttons only)."""
    QUIET = "qh"
    ITEMS = "it"
    EVERY = "ev"
    THRESHOLD = "th"
    PAUSE = "pa"
    NUDGES = "nu"
    """Switch one kind of reassessment nudge on or off (its code in ``NUDGE_CODES``)."""


SECTIONS = frozenset(
    {
        Setting.TIMEZONE,
        Setting.CHECKIN,
        Setting.PULSE,
        Setting.QUIET,
        Setting.THRESHOLD,
        Setting.NUDGES,
    }
)
"""Settings with their own page of choices, where the owner may also type a value."""
STAYS = {
    Setting.PULSE_DAY: Setting.PULSE,
    Setting.CHECKIN: Setting.CHECKIN,
    Setting.PULSE: Setting.PULSE,
    Setting.NUDGES: Setting.NUDGES,
}
"""A button press here keeps its page open: a day is often followed by a time."""


class ScheduleSettingsService:
    """Owner-only: every call runs in ``owner_scope``, so a member or a former owner is refused."""

    def __init__(self, sessions: Sessions, clock: Clock, default: Rhythm) -> None:
        self._sessions = sessions
        self._clock = clock
        self._default = default

    async def show(self, person: Person, section: Setting | None = None) -> list[Event]:
        """The settings page, or one section's choices; a section that takes text waits for it."""
        async with owner_scope(self._sessions, person) as (_repos, workspace):
            waits = section in SECTIONS
            workspace.settings_awaiting = section.value if section and waits else None
            workspace.settings_awaiting_since = self._clock.now() if waits else None
            return [self._page(workspace, section if waits else None)]

    async def usage(self, person: Person) -> list[Event]:
        """/settings with words it does not know: how to type each setting (owners only)."""
        async with owner_scope(self._sessions, person):
            return [Notice("settings_usage")]

    async def change(
        self, person: Person, setting: Setting, raw: str, *, pressed: bool = False
    ) -> list[Event]:
        """Parse, check and store one value; a refusal says why and stores nothing."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            return await self._change(repos, workspace, setting, raw, pressed=pressed)

    async def typed(self, person: Person, text: str) -> list[Event]:
        """Text typed after a section asked for it; [] when nothing is awaited (or it is old)."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            workspace = await owned_by(repos, person)
            if workspace is None or workspace.settings_awaiting is None:
                return []
            since = workspace.settings_awaiting_since
            if since is None or self._clock.now() - since > AWAIT_FOR:
                workspace.settings_awaiting = workspace.settings_awaiting_since = None
                return []
            setting = Setting(workspace.settings_awaiting)
            return await self._change(repos, workspace, setting, text, pressed=False)

    async def _change(
        self,
        repos: Repositories,
        workspace: Workspace,
        setting: Setting,
        raw: str,
        *,
        pressed: bool,
    ) -> list[Event]:
        refusal = await self._apply(repos, workspace, setting, raw.strip())
        if refusal is not None:
            return [refusal]
        workspace.settings_awaiting = workspace.settings_awaiting_since = None
        section = STAYS.get(setting) if pressed else None
        if section is not None:
            workspace.settings_awaiting = section.value
            workspace.settings_awaiting_since = self._clock.now()
        return [self._page(workspace, section, saved=True)]

    async def _apply(
        self, repos: Repositories, workspace: Workspace, setting: Setting, raw: str
    ) -> Notice | None:
        """Store the value, or return the refusal; each branch checks before it writes."""
        rhythm = rhythm_of(workspace, self._default)
        match setting:
            case Setting.TIMEZONE:
                zone = normalize_timezone(raw) if raw else None
                if zone is None:
                    return Notice("bad_timezone", {"text": raw[:40]})
                workspace.timezone = zone
            case Setting.CHECKIN:
                day, at, problem = _day_and_time(raw)
                if problem is not None:
                    return problem
                workspace.checkin_day = rhythm.checkin_day if day is None else day[0]
                workspace.checkin_time = at or rhythm.checkin_time
            case Setting.PULSE:
                days, at, problem = _day_and_time(raw)
                if problem is not None:
                    return problem
                workspace.pulse_days = list(days or rhythm.pulse_days)
                workspace.pulse_time = at or rhythm.pulse_time
            case Setting.PULSE_DAY:
                toggled = parse_weekday(raw)
                if toggled is None:
                    return Notice("bad_weekday")
                chosen = set(rhythm.pulse_days) ^ {toggled}
                if not chosen:
                    return Notice("no_pulse_day")
                workspace.pulse_days = sorted(chosen)
            case Setting.QUIET:
                hours = parse_quiet(raw)
                if hours is None:
                    return Notice("bad_quiet")
                why = quiet_problem(*hours)
                if why is not None:
                    return Notice(why, {"hours": MAX_QUIET})
                workspace.quiet_from, workspace.quiet_until = hours
            case Setting.ITEMS:
                if not raw.isdigit() or int(raw) not in ITEMS:
                    return Notice("bad_items", {"minimum": ITEMS[0], "maximum": ITEMS[-1]})
                workspace.pulse_items = int(raw)
            case Setting.EVERY:
                if not raw.isdigit() or int(raw) not in CADENCES:
                    return Notice("bad_every")
                if int(raw) != rhythm.pulse_every:
                    open_round = await repos.pulses.open_round(workspace.id, self._clock.now())
                    if open_round is not None:
                        local = tzinfo_for(workspace.timezone)
                        closes = open_round.closes_at.astimezone(local).date().isoformat()
                        return Notice(
                            "cadence_round_open", {"number": open_round.number, "closes": closes}
                        )
                workspace.pulse_every = int(raw)
            case Setting.THRESHOLD:
                value = int(raw) if raw.isdigit() and len(raw) < 4 else 0
                notice = raise_threshold(workspace, value)
                if notice.key != "threshold_set":
                    return notice
            case Setting.PAUSE:
                if raw not in ("on", "off"):
                    return Notice("settings_usage")
                workspace.paused = raw == "on"
            case Setting.NUDGES:
                kind = _NUDGE_KINDS.get(raw.lower())
                if kind is None:
                    return Notice("bad_nudge", {"kinds": ", ".join(NUDGE_CODES.values())})
                off = set(workspace.nudges_off or ()) ^ {kind.value}
                workspace.nudges_off = [k.value for k in Kind if k.value in off]
        return None

    def _page(
        self, workspace: Workspace, section: Setting | None, *, saved: bool = False
    ) -> SettingsPage:
        return SettingsPage(
            business=workspace.name,
            timezone=workspace.timezone,
            rhythm=rhythm_of(workspace, self._default),
            threshold=workspace.anonymity_threshold,
            max_threshold=MAX_THRESHOLD,
            paused=workspace.paused,
            section=section.value if section else None,
            saved=saved,
            nudges_off=tuple(workspace.nudges_off or ()),
        )


def _day_and_time(raw: str) -> tuple[tuple[int, ...] | None, time | None, Notice | None]:
    """Leading weekdays ("mon", "tue,fri", "Di Fr") and then a time ("09:30", "9 Uhr").

    Either may be missing, not both. An unknown word before a good time ("tuesdai 10:00") is a
    weekday typo; anything else that is not a time ("25:00", "half past nine") is a bad time.
    """
    words = raw.split()
    days: tuple[int, ...] | None = None
    taken = 0
    while taken < len(words) and (found := parse_weekdays(words[taken])) is not None:
        days = tuple(sorted(set(days or ()) | set(found)))
        taken += 1
    rest = " ".join(words[taken:])
    if not rest:
        return (days, None, None) if days else (None, None, Notice("bad_time"))
    at = parse_time(rest)
    if at is not None:
        return days, at, None
    first, _, after = rest.partition(" ")
    looks_like_day = taken == 0 and first.isalpha() and (not after or parse_time(after))
    return None, None, Notice("bad_weekday" if looks_like_day else "bad_time")
