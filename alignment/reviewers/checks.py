"""Building blocks shared by all reviewers.

Verdict levels, note filling, picking the weakest point for the coaching question, and the
brevity check that vision and mission share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from alignment.reviewers.lexicon import Lexicon
from alignment.reviewers.model import Check, Review
from alignment.reviewers.texts import CriterionTexts, MemorableTexts


class Level(IntEnum):
    """How far a criterion is from met; the highest level gets the coaching question."""

    PASS = 0
    NEARLY = 1  # not passed, but a gentle gap: a stretch confidence, no vision to link to yet
    FAIL = 2


@dataclass(frozen=True)
class Verdict:
    """A check plus what the reviewer needs to choose and word the coaching question."""

    check: Check
    level: Level
    question: str
    fields: tuple[str, ...] = ()
    """The answers a rewrite for this criterion asks again (goal fields; none for a text)."""


def verdict(
    criterion: str,
    texts: CriterionTexts,
    note: str,
    level: Level,
    fields: tuple[str, ...] = (),
    **facts: str | int,
) -> Verdict:
    """Fill the chosen note and the criterion's question with the facts the reviewer found.

    Every placeholder the YAML may use must be supplied, so a template edit can never hit a
    missing name in front of an owner.
    """
    if facts.keys() != texts.placeholders:
        msg = f"{criterion}: facts {sorted(facts)} != placeholders {sorted(texts.placeholders)}"
        raise RuntimeError(msg)
    check = Check(criterion, texts.label, level is Level.PASS, note.format_map(facts))
    return Verdict(check, level, texts.question.format_map(facts), fields)


def build_review(kind: str, verdicts: Sequence[Verdict], moving_on: str) -> Review:
    """Ask about the weakest criterion; ties go to the earliest, so order checks by importance.

    With nothing open there is nothing to ask: the review is the short note to move on with.
    """
    weakest = max(verdicts, key=lambda item: item.level)
    checks = tuple(item.check for item in verdicts)
    if weakest.level is Level.PASS:
        return Review(kind, checks, moving_on)
    return Review(kind, checks, weakest.question, weakest.fields)


def memorable(
    texts: MemorableTexts, lexicon: Lexicon, text: str, max_words: int, max_sentences: int
) -> Verdict:
    """Short enough to repeat: at most `max_words` words over at most `max_sentences` sentences."""
    words = len(lexicon.tokens(text))
    sentences = lexicon.sentence_count(text)
    if not words:
        note, level = texts.empty, Level.FAIL
    elif words > max_words:
        note, level = texts.too_long, Level.FAIL
    elif sentences > max_sentences:
        note, level = texts.too_many_sentences, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict(
        "memorable",
        texts,
        note,
        level,
        words=words,
        sentences=sentences,
        max_words=max_words,
        max_sentences=max_sentences,
    )
