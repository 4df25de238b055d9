"""The offline coach's suggested rewrite, and whether a goal is an outcome or an activity.

A rewrite is built from the owner's own text and the checks it failed, so it keeps their nouns
and only touches what a check asked about, in this order:

- too long to remember: keep the first sentence, then at most the word limit;
- abstract or buzzwords: each buzzword becomes a bracketed fill-in ("[what exactly?]"); with no
  buzzword to replace, a bracketed "for how many, which customers, where" is added;
- no time horizon, or one outside 1-10 years: "by <this year + SUGGESTED_YEARS>" is added, or
  replaces the year that was there;
- a mission without "for whom" or "why": a bracketed "for whom" or "so that" is added.

A goal's rewrite is a new title, offered only when the title, measure or date fell short
(specific, measurable, time-bound, outcome): an activity gets a bracketed result in front, and
the title is followed by its metric, target and deadline, with a fill-in for any that is
missing. The templates are in prompts/reviews.yaml, one block per language.

Outcome or activity (documented in docs/reviews.md): a goal is an OUTCOME when any word of its
title, metric or target names a result for the business (the ``outcomes`` list: bookings,
sales, customers, Umsatz, Kunden, ...), or when its title names no activity (the ``activities``
list: post, launch, hold, run, write, call, veranstalten, schreiben, ...) and it has a metric
and a numeric target. Everything else is an ACTIVITY: work that may or may not bring a result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from alignment.reviewers.horizon import find_horizons
from alignment.reviewers.lexicon import Lexicon, Phrases, text_of
from alignment.reviewers.model import GoalDraft, Review
from alignment.reviewers.texts import AdviceTexts

SUGGESTED_YEARS = 5
"""The horizon a rewrite suggests: the middle of the 1-10 years a vision check accepts."""

_END = " \t\n.!?…;,:"
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_GOAL_TITLE_CHECKS = frozenset({"outcome", "specific", "measurable", "time_bound"})
_FILL_IN = re.compile(r"\[[^\]\n]*\]")


class GoalKind(StrEnum):
    """What a goal names: a result for the business, or work the team will do."""

    OUTCOME = "outcome"
    ACTIVITY = "activity"


@dataclass(frozen=True)
class Advice:
    """A suggested rewrite (None when there is nothing to rewrite) and, for a goal, its kind."""

    rewrite: str | None
    kind: GoalKind | None = None

    @property
    def ready(self) -> bool:
        """A rewrite with no [bracketed] fill-in left, so it can be taken as it is."""
        return self.rewrite is not None and not _FILL_IN.search(self.rewrite)


class Advisor:
    """The offline rewrite and goal kind, from the reviewers' word lists and templates."""

    def __init__(self, lexicon: Lexicon, templates: dict[str, AdviceTexts]) -> None:
        """English templates serve every language without its own."""
        self._lexicon = lexicon
        self._templates = templates

    def text(self, review: Review, text: str, today: date, max_words: int) -> Advice:
        """The rewrite of a vision or mission that failed one or more checks."""
        failed = _failed(review)
        if not failed:
            return Advice(None)
        words = self._words(text)
        rewrite = " ".join(text.split())
        if "memorable" in failed:
            rewrite = _shorten(rewrite, max_words)
        if "concrete" in failed:
            replaced = self._replace(rewrite, self._lexicon.buzz, words.vague)
            rewrite = replaced if replaced != rewrite else words.anchor.format(text=_bare(rewrite))
        if "time_horizon" in failed:
            rewrite = self._horizon(words, rewrite, today)
        if "for_whom" in failed:
            rewrite = words.for_whom.format(text=_bare(rewrite))
        if "why" in failed:
            rewrite = words.why.format(text=_bare(rewrite))
        return Advice(rewrite)

    def goal(self, review: Review, goal: GoalDraft) -> Advice:
        """The goal's kind, and a new title when its title, measure or date fell short."""
        kind = self.kind(goal)
        if not _failed(review) & _GOAL_TITLE_CHECKS:
            return Advice(None, kind)
        words = self._words("\n".join((goal.title, goal.metric, goal.target, goal.serves)))
        title = _bare(goal.title)
        if kind is GoalKind.ACTIVITY:
            title = words.activity.format(title=title)
        target = goal.target.strip()
        numeric = any(token.is_numeric for token in self._lexicon.tokens(target))
        passed = {check.criterion for check in review.checks if check.passed}
        rewrite = words.measured.format(
            title=title,
            metric=goal.metric.strip() or words.metric,
            target=target if numeric else words.target,
            deadline=goal.deadline.isoformat() if "time_bound" in passed else words.deadline,
        )
        return Advice(rewrite, kind)

    def kind(self, goal: GoalDraft) -> GoalKind:
        """Outcome or activity, by the keyword method in the module docstring."""
        lexicon = self._lexicon
        said = lexicon.tokens(" ".join((goal.title, goal.metric, goal.target)))
        if lexicon.outcomes.find(said):
            return GoalKind.OUTCOME
        measured = bool(goal.metric.strip()) and any(
            token.is_numeric for token in lexicon.tokens(goal.target)
        )
        if measured and not lexicon.activities.find(lexicon.tokens(goal.title)):
            return GoalKind.OUTCOME
        return GoalKind.ACTIVITY

    def _words(self, text: str) -> AdviceTexts:
        language = self._lexicon.language(text)
        return self._templates.get(language or "", self._templates["english"])

    def _replace(self, text: str, phrases: Phrases, fill_in: str) -> str:
        """Every listed phrase, as typed, swapped for the fill-in (repeats merged into one)."""
        tokens = self._lexicon.tokens(text)
        for span in phrases.find(tokens):
            typed = r"\W+".join(re.escape(tokens[index].text) for index in span)
            text = re.sub(rf"(?<!\w){typed}(?!\w)", fill_in, text, count=1)
        doubled = re.escape(fill_in)
        return re.sub(rf"{doubled}(?:\W+{doubled})+", fill_in, text)

    def _horizon(self, words: AdviceTexts, text: str, today: date) -> str:
        """Put the suggested year where the text named one, or add it at the end."""
        year = today.year + SUGGESTED_YEARS
        tokens = self._lexicon.tokens(text)
        for horizon in find_horizons(self._lexicon, tokens, today):
            said = text_of(tokens, horizon.span)
            calendar = len(horizon.span) == 1 and said.isdecimal()
            better = str(year) if calendar else words.horizon_phrase.format(year=year)
            if text.startswith(said):
                return better[:1].upper() + better[1:] + text[len(said) :]
            if said in text:
                return text.replace(said, better, 1)
        return words.horizon.format(text=_bare(text), year=year)


def _shorten(text: str, max_words: int) -> str:
    """The first sentence, cut at the word limit if it alone is too long."""
    words = _SENTENCE.split(text)[0].split()
    return " ".join(words[:max_words])


def _failed(review: Review) -> set[str]:
    return {check.criterion for check in review.checks if not check.passed}


def _bare(text: str) -> str:
    """The text without closing punctuation, so a template can continue the sentence."""
    return text.strip().rstrip(_END)
