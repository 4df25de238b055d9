"""Values review: count, distinct, behavioural.

Thresholds: MIN_VALUES to MAX_VALUES (3–5) values. Fewer than three rarely covers how people
should act when things get hard; past five, nobody can name them all, and values nobody can
name don't guide decisions. A value is "generic" when it is a single word from the YAML list
("Integrity"); a short phrase ("Tell customers about delays first") already reads as behaviour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from alignment.reviewers.checks import Level, Verdict, build_review, verdict
from alignment.reviewers.lexicon import Lexicon
from alignment.reviewers.model import Review
from alignment.reviewers.texts import BehaviouralTexts, CountTexts, DistinctTexts, ValuesTexts

MIN_VALUES = 3
MAX_VALUES = 5


def review_values(texts: ValuesTexts, lexicon: Lexicon, values: Sequence[str]) -> Review:
    """Check that the values are few, distinct and describe how people behave."""
    cleaned = [value.strip() for value in values if value.strip()]
    verdicts = [
        _count(texts.count, cleaned),
        _distinct(texts.distinct, cleaned),
        _behavioural(texts.behavioural, lexicon, cleaned),
    ]
    return build_review("values", verdicts, texts.moving_on)


def _count(texts: CountTexts, values: Sequence[str]) -> Verdict:
    if len(values) < MIN_VALUES:
        note, level = texts.too_few, Level.FAIL
    elif len(values) > MAX_VALUES:
        note, level = texts.too_many, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict("count", texts, note, level, count=len(values), min=MIN_VALUES, max=MAX_VALUES)


def _distinct(texts: DistinctTexts, values: Sequence[str]) -> Verdict:
    """Repeats ignoring case and spacing, reported in the spelling the owner used first."""
    keys = [" ".join(value.casefold().split()) for value in values]
    first_spelling: dict[str, str] = {}
    for key, value in zip(keys, values, strict=True):
        first_spelling.setdefault(key, value)
    repeated = ", ".join(first_spelling[key] for key, n in Counter(keys).items() if n > 1)
    note, level = (texts.repeated, Level.FAIL) if repeated else (texts.passed, Level.PASS)
    return verdict("distinct", texts, note, level, repeated=repeated)


def _behavioural(texts: BehaviouralTexts, lexicon: Lexicon, values: Sequence[str]) -> Verdict:
    """Single words from the generic list, each named once in the owner's first spelling."""
    generic: dict[str, str] = {}
    for value in values:
        tokens = lexicon.tokens(value)
        if len(tokens) == 1 and lexicon.generic_values.has(tokens[0].stem):
            generic.setdefault(tokens[0].stem, value)
    named = list(generic.values())
    note, level = (texts.generic, Level.FAIL) if named else (texts.passed, Level.PASS)
    first = named[0] if named else ""
    return verdict("behavioural", texts, note, level, generic=", ".join(named), value=first)
