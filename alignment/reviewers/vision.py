"""Vision review: concrete, time horizon, memorable.

Thresholds, and why:

- concrete: fails when buzzwords make up a third or more of the meaningful (non-stop) words —
  one "leading" in a real sentence is fine, but at a third the sentence leans on words any
  company could use. Otherwise one observable anchor is enough: a number, a capitalised name
  mid-sentence (a town, a brand), or a word from the audience, places or scale lists. Numbers
  that only state the horizon ("by 2030") don't count: a date is not a picture.
- time horizon: MIN_YEARS to MAX_YEARS (1–10) years ahead. Under a year is a goal, not a
  vision; beyond ten years nobody can steer today's work by it.
- memorable: at most MAX_WORDS (35) words over at most MAX_SENTENCES (2) sentences — about what
  fits in one breath and what an employee can repeat without notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alignment.reviewers.checks import Level, Verdict, build_review, memorable, verdict
from alignment.reviewers.horizon import Horizon, find_horizons
from alignment.reviewers.lexicon import Lexicon, Token, list_of, text_of
from alignment.reviewers.model import Review
from alignment.reviewers.texts import ConcreteTexts, HorizonTexts, VisionTexts

BUZZ_LIMIT = 1 / 3
MIN_YEARS = 1
MAX_YEARS = 10
MAX_WORDS = 35
MAX_SENTENCES = 2


def review_vision(texts: VisionTexts, lexicon: Lexicon, text: str, today: date) -> Review:
    """Check that a vision paints a picture, says by when, and can be remembered."""
    tokens = lexicon.tokens(text)
    horizons = find_horizons(lexicon, tokens, today)
    verdicts = [
        _concrete(texts.concrete, lexicon, tokens, horizons),
        _time_horizon(texts.time_horizon, horizons, today),
        memorable(texts.memorable, lexicon, text, MAX_WORDS, MAX_SENTENCES),
    ]
    return build_review("vision", verdicts, texts.moving_on)


def _concrete(
    texts: ConcreteTexts, lexicon: Lexicon, tokens: Sequence[Token], horizons: Sequence[Horizon]
) -> Verdict:
    share, buzz_spans = lexicon.share(tokens, lexicon.buzz)
    buzzwords = list_of(tokens, buzz_spans)
    skip = {index for span in [*buzz_spans, *(h.span for h in horizons)] for index in span}
    found = _anchor(lexicon, tokens, skip)
    if buzz_spans and share >= BUZZ_LIMIT:
        note, level = texts.buzzwords, Level.FAIL
    elif found is None:
        note, level = texts.abstract, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    return verdict("concrete", texts, note, level, found=found or "", buzzwords=buzzwords)


def _anchor(lexicon: Lexicon, tokens: Sequence[Token], skip: set[int]) -> str | None:
    """The first observable thing named, as typed: "40 cafés", "Leeds", "families"."""
    observable = {span.start: span for span in lexicon.observable.find(tokens)}
    meaningful = lexicon.meaningful(tokens) - skip
    for index in sorted(meaningful):
        token = tokens[index]
        if index in observable:
            return text_of(tokens, observable[index])
        if token.is_numeric:
            end = index + 2 if index + 1 in meaningful else index + 1
            return text_of(tokens, range(index, end))
        if token.text[:1].isupper() and not token.starts_sentence:
            return token.text
    return None


def _time_horizon(texts: HorizonTexts, horizons: Sequence[Horizon], today: date) -> Verdict:
    in_range = [h for h in horizons if MIN_YEARS <= h.years <= MAX_YEARS]
    chosen = (in_range or [*horizons])[0] if horizons else None
    if chosen is None:
        note, level = texts.missing, Level.FAIL
    elif chosen.years < MIN_YEARS:
        note, level = texts.too_near, Level.FAIL
    elif chosen.years > MAX_YEARS:
        note, level = texts.too_far, Level.FAIL
    else:
        note, level = texts.passed, Level.PASS
    year = today.year + round(chosen.years) if chosen else ""
    return verdict(
        "time_horizon",
        texts,
        note,
        level,
        year=year,
        min_years=MIN_YEARS,
        max_years=MAX_YEARS,
    )
