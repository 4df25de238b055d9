"""/settings as one message: the effective rhythm, and buttons for each part of it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from alignment.schedule_input import DAY_CODES
from alignment.services.events import SettingsPage
from alignment.services.schedule_settings import CADENCES, ITEMS, NUDGE_CODES, Setting
from bot import keyboards
from bot.callbacks import ChangeSetting
from bot.outgoing import Outgoing
from bot.texts import UiTexts

COMMON_TIMES = (time(8), time(9), time(10), time(14))
"""Times offered as buttons; any other is typed."""
QUIET_PRESETS = ((time(20), time(7)), (time(21), time(8)), (time(22), time(7)), (time(22), time(8)))
THRESHOLD_STEPS = 3
"""How many higher thresholds get a button (it can only go up)."""


def _clock(at: time) -> str:
    return f"{at:%H:%M}"


def _wire(at: time) -> str:
    """A time as button data: the dot form a person may type too (the colon separates fields)."""
    return f"{at:%H.%M}"


class SettingsRenderer:
    """Layout only: every word comes from the ``settings`` section of the UI texts."""

    def __init__(self, texts: UiTexts) -> None:
        self._words = texts.settings
        self._back = texts.settings.buttons.back

    def page(self, page: SettingsPage) -> Outgoing:
        """The overview, or a section's explanation and choices, with "Saved" after a change."""
        words = self._words
        rhythm = page.rhythm
        body = words.page.format(
            business=page.business,
            timezone=page.timezone,
            checkin=self._slot((rhythm.checkin_day,), rhythm.checkin_time),
            pulse=self._slot(rhythm.pulse_days, rhythm.pulse_time),
            cadence=words.cadences[str(rhythm.pulse_every)],
            items=rhythm.pulse_items,
            quiet=self._quiet(rhythm.quiet_from, rhythm.quiet_until),
            threshold=page.threshold,
            status=words.paused if page.paused else words.active,
        )
        parts = [words.saved] if page.saved else []
        parts.append(body)
        if page.section is not None:
            parts.append(words.sections[page.section])
        section = Setting(page.section) if page.section else None
        rows = self._section(section, page) if section else self._overview(page)
        return Outgoing("\n\n".join(parts), InlineKeyboardMarkup(rows))

    def _overview(self, page: SettingsPage) -> list[list[InlineKeyboardButton]]:
        labels = self._words.buttons
        rhythm = page.rhythm
        cadences = self._words.cadences

        def open_(label: str, setting: Setting) -> InlineKeyboardButton:
            return keyboards.button(label, ChangeSetting(setting))

        return [
            [open_(labels.timezone, Setting.TIMEZONE), open_(labels.checkin, Setting.CHECKIN)],
            [open_(labels.pulse, Setting.PULSE), open_(labels.quiet, Setting.QUIET)],
            self._choices(
                Setting.ITEMS,
                ((str(n), labels.items.format(items=n), n == rhythm.pulse_items) for n in ITEMS),
            ),
            self._choices(
                Setting.EVERY,
                ((str(n), cadences[str(n)], n == rhythm.pulse_every) for n in CADENCES),
            ),
            [
                open_(labels.nudges, Setting.NUDGES),
                open_(labels.threshold, Setting.THRESHOLD),
                keyboards.button(
                    labels.resume if page.paused else labels.pause,
                    ChangeSetting(Setting.PAUSE, "off" if page.paused else "on"),
                ),
            ],
        ]

    def _section(self, section: Setting, page: SettingsPage) -> list[list[InlineKeyboardButton]]:
        rhythm = page.rhythm
        days = self._words.days
        rows: list[list[InlineKeyboardButton]] = []
        match section:
            case Setting.CHECKIN | Setting.PULSE:
                checkin = section is Setting.CHECKIN
                chosen = (rhythm.checkin_day,) if checkin else rhythm.pulse_days
                at = rhythm.checkin_time if checkin else rhythm.pulse_time
                day_setting = Setting.CHECKIN if checkin else Setting.PULSE_DAY
                day_buttons = self._choices(
                    day_setting, ((DAY_CODES[d], days[d], d in chosen) for d in range(7))
                )
                rows += keyboards.rows(day_buttons, 4)
                rows.append(
                    self._choices(section, ((_wire(t), _clock(t), t == at) for t in COMMON_TIMES))
                )
            case Setting.QUIET:
                current = (rhythm.quiet_from, rhythm.quiet_until)
                presets = [
                    (f"{_wire(a)}-{_wire(b)}", self._quiet(a, b), (a, b) == current)
                    for a, b in QUIET_PRESETS
                ]
                rows += keyboards.rows(self._choices(Setting.QUIET, presets), 2)
            case Setting.THRESHOLD:
                higher = range(
                    page.threshold + 1,
                    min(page.threshold + THRESHOLD_STEPS, page.max_threshold) + 1,
                )
                rows.append(
                    self._choices(Setting.THRESHOLD, ((str(n), str(n), False) for n in higher))
                )
            case Setting.NUDGES:
                kinds = self._words.nudge_kinds
                toggles = (
                    (code, kinds[kind], kind not in page.nudges_off)
                    for kind, code in NUDGE_CODES.items()
                )
                rows += keyboards.rows(self._choices(Setting.NUDGES, toggles), 1)
        rows.append([keyboards.button(self._back, ChangeSetting(None))])
        return [row for row in rows if row]

    @staticmethod
    def _choices(
        setting: Setting, options: Iterable[tuple[str, str, bool]]
    ) -> list[InlineKeyboardButton]:
        """One button per (value, label, chosen), the chosen one ticked."""
        return [
            keyboards.button(keyboards.ticked(label, chosen), ChangeSetting(setting, value))
            for value, label, chosen in options
        ]

    def _slot(self, days: Iterable[int], at: time) -> str:
        names = ", ".join(self._words.days[d] for d in days)
        return self._words.slot.format(day=names, time=_clock(at))

    def _quiet(self, start: time, end: time) -> str:
        return self._words.quiet.format(start=_clock(start), end=_clock(end))
