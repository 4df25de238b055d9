"""Which figures of a block may be shown: decided once, when the block is fixed, and stored.

A figure is one statement, the recall question, the echo or the comments, for the whole team or
for one department; a department is also a figure of its own (``GROUP``). Each needs at least
the threshold of distinct people who answered *it*, not only people in the block, and its people
must equal those of the last report that showed it or differ from them by at least the threshold
(``alignment.privacy`` says why). Departments also obey the complement rule of
``disclosed_groups``, and everyone outside the shown departments (the rest, which the owner can
work out as total minus the shown ones) obeys the differencing rule too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alignment.privacy import Hold, changed_too_little, disclosed_groups

GROUP = "*"
"""The figure id of a department itself: its people and headline."""

Key = tuple[int | None, str]
"""(department id, or None for the whole team; figure id)."""


@dataclass(frozen=True)
class Filing:
    """One participation record: an opaque key, its department and what it answered."""

    respondent: str
    department: int | None
    figures: frozenset[str] | None
    """None for records filed before figures were kept: taken as every figure of the block."""


@dataclass(frozen=True)
class Verdict:
    """How many people a figure has, and why it is held back (None: shown)."""

    people: int
    held: Hold | None = None


@dataclass(frozen=True)
class Decision:
    """The verdicts of one block, the people behind each shown figure, and the rest.

    ``shown`` is what the next block is compared with; ``rest`` the people outside the shown
    departments.
    """

    verdicts: dict[Key, Verdict]
    shown: dict[Key, frozenset[str]]
    rest: frozenset[str]


def decide(
    filings: Sequence[Filing],
    last_shown: Mapping[Key, frozenset[str]],
    previous_rest: frozenset[str] | None,
    threshold: int,
) -> Decision:
    """Verdicts for every figure of a block.

    ``last_shown`` holds, per key, the people of the last block that showed it;
    ``previous_rest`` the people outside the shown departments of the previous block.
    """
    known = [f.figures for f in filings if f.figures is not None]
    everything = frozenset().union(*known) if known else frozenset()
    answered = [(f, f.figures if f.figures is not None else everything) for f in filings]
    verdicts: dict[Key, Verdict] = {}
    shown_people: dict[Key, frozenset[str]] = {}
    _figures(None, answered, last_shown, threshold, verdicts, shown_people)
    groups: dict[int | None, set[str]] = {}
    for filing in filings:
        groups.setdefault(filing.department, set()).add(filing.respondent)
    blocked = {
        d
        for d, people in groups.items()
        if d is not None
        and (d, GROUP) in last_shown
        and changed_too_little(people, last_shown[(d, GROUP)], threshold)
    }
    counts = {d: len(people) for d, people in groups.items()}
    shown = disclosed_groups(counts, threshold, blocked) - {None}
    everyone = frozenset(f.respondent for f in filings)
    rest = everyone.difference(*(groups[d] for d in shown))
    if shown and previous_rest is not None and changed_too_little(rest, previous_rest, threshold):
        shown, rest = frozenset(), everyone
    for department, people in groups.items():
        if department is None:
            continue
        if department in shown:
            verdicts[(department, GROUP)] = Verdict(len(people))
            shown_people[(department, GROUP)] = frozenset(people)
            inside = [(f, figures) for f, figures in answered if f.department == department]
            _figures(department, inside, last_shown, threshold, verdicts, shown_people)
        else:
            why = (
                Hold.FEW_PEOPLE
                if len(people) < threshold
                else Hold.SMALL_CHANGE
                if department in blocked
                else Hold.COVER
            )
            verdicts[(department, GROUP)] = Verdict(len(people), why)
    shown_people = {
        key: people for key, people in shown_people.items() if key[0] is None or key[0] in shown
    }
    return Decision(verdicts, shown_people, rest)


def _figures(
    department: int | None,
    answered: Sequence[tuple[Filing, frozenset[str]]],
    last_shown: Mapping[Key, frozenset[str]],
    threshold: int,
    verdicts: dict[Key, Verdict],
    shown: dict[Key, frozenset[str]],
) -> None:
    """Judge every figure of one group, adding to ``verdicts`` and to ``shown``'s people."""
    people: dict[str, set[str]] = {}
    for filing, figures in answered:
        for figure in figures:
            people.setdefault(figure, set()).add(filing.respondent)
    for figure, who in people.items():
        key = (department, figure)
        if len(who) < threshold:
            verdicts[key] = Verdict(len(who), Hold.FEW_PEOPLE)
        elif key in last_shown and changed_too_little(who, last_shown[key], threshold):
            verdicts[key] = Verdict(len(who), Hold.SMALL_CHANGE)
        else:
            verdicts[key] = Verdict(len(who))
            shown[key] = frozenset(who)
