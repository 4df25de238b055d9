"""Mission review: for whom, why, memorable.

Thresholds: memorable means at most MAX_WORDS (30) words over at most MAX_SENTENCES (2)
sentences — a little tighter than a vision, because a mission gets said far more often (at
stand-ups, to new hires, on the website). "For whom" and "why" pass as soon as one audience or
purpose phrase from the YAML appears.
"""

from __future__ import annotations

from collections.abc import Sequence

from alignment.reviewers.checks import Level, Verdict, build_review, memorable, verdict
from alignment.reviewers.lexicon import Lexicon, Phrases, Token, text_of
from alignment.reviewers.model import Review
from alignment.reviewers.texts import FoundTexts, MissionTexts

MAX_WORDS = 30
MAX_SENTENCES = 2


def review_mission(texts: MissionTexts, lexicon: Lexicon, text: str) -> Review:
    """Check that a mission names who it serves, what it changes for them, and stays short."""
    tokens = lexicon.tokens(text)
    verdicts = [
        _marker("for_whom", texts.for_whom, lexicon.audience, tokens),
        _marker("why", texts.why, lexicon.purpose, tokens),
        memorable(texts.memorable, lexicon, text, MAX_WORDS, MAX_SENTENCES),
    ]
    return build_review("mission", verdicts, texts.moving_on)


def _marker(
    criterion: str, texts: FoundTexts, phrases: Phrases, tokens: Sequence[Token]
) -> Verdict:
    """Pass on the first phrase from the list, quoting it back to the owner."""
    spans = phrases.find(tokens)
    if spans:
        return verdict(criterion, texts, texts.passed, Level.PASS, found=text_of(tokens, spans[0]))
    return verdict(criterion, texts, texts.missing, Level.FAIL, found="")
