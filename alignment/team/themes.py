"""Themes of a closed round's comments: what the team writes about, never what one person wrote.

Shown only when at least the anonymity threshold of comments exist. With a language model the
themes come from ``prompts/coach/comment_themes.yaml``, checked before use; offline, or when the
model fails or answers something impossible, from the keyword method below
(``prompts/themes.yaml``, documented in docs/scoring.md):

1. Lower-case each comment and split it into words (runs of letters and digits).
2. A comment mentions a theme when one of its words starts with one of the theme's keywords,
   English or German, so "communication" and "Kommunikation" find "communicat" and "kommunik".
3. A theme's sentiment: the positive and the negative words (matched the same way) in the
   comments that mention it; more positive than negative words is positive, more negative is
   negative, otherwise mixed.
4. Themes are listed by how many comments mention them, most first, at most ``MAX_THEMES``.

Labels are the lexicon's own words, so no wording of a comment is ever shown in a theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from alignment.coach.language_model import LanguageModel
from alignment.dimensions import Dimension
from alignment.prompt_files import load_yaml

PROMPT = "comment_themes"
"""The coach prompt id: prompts/coach/comment_themes.yaml."""
MAX_THEMES = 5
LABEL_LIMIT = 60
"""A theme's label is a short paraphrase; anything longer could carry a comment's wording."""

QUOTE_WORDS = 4
"""A label repeating this many words in a row of a comment counts as quoting it."""

_WORD = re.compile(r"[^\W_]+")


class Sentiment(StrEnum):
    """How the comments that mention a theme sound, taken together."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"


class Theme(BaseModel):
    """One theme: a paraphrased label, its sentiment, and how many comments mention it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1, max_length=LABEL_LIMIT)
    sentiment: Sentiment
    mentions: int = Field(ge=1)


class Themes(BaseModel):
    """What the model must return, and what the offline method returns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: tuple[Theme, ...] = Field(max_length=MAX_THEMES)


class _Words(BaseModel):
    """Keywords in both languages the comments may be written in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: tuple[str, ...] = Field(min_length=1)
    de: tuple[str, ...] = Field(min_length=1)

    def all(self) -> tuple[str, ...]:
        return self.en + self.de


class _Topic(_Words):
    label: str = Field(min_length=1, max_length=LABEL_LIMIT)


class _Sentiment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    positive: _Words
    negative: _Words


class ThemeLexicon(BaseModel):
    """prompts/themes.yaml: a theme per dimension, and the sentiment word lists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: dict[Dimension, _Topic] = Field(min_length=1)
    sentiment: _Sentiment


def load_lexicon(path: Path) -> ThemeLexicon:
    """Read the lexicon; start-up stops if the file is malformed."""
    return load_yaml(path, ThemeLexicon)


def _mentions(words: Sequence[str], keywords: Iterable[str]) -> int:
    """How many of the words start with one of the keywords."""
    stems = tuple(keywords)
    return sum(word.startswith(stems) for word in words)


def offline_themes(comments: Sequence[str], lexicon: ThemeLexicon) -> Themes:
    """The keyword method of the module docstring."""
    split = [_WORD.findall(comment.lower()) for comment in comments]
    found: list[Theme] = []
    for topic in lexicon.themes.values():
        about = [words for words in split if _mentions(words, topic.all())]
        if not about:
            continue
        good = sum(_mentions(w, lexicon.sentiment.positive.all()) for w in about)
        bad = sum(_mentions(w, lexicon.sentiment.negative.all()) for w in about)
        mood = (
            Sentiment.POSITIVE
            if good > bad
            else Sentiment.NEGATIVE
            if bad > good
            else Sentiment.MIXED
        )
        found.append(Theme(label=topic.label, sentiment=mood, mentions=len(about)))
    found.sort(key=lambda theme: -theme.mentions)  # stable: ties keep the lexicon's order
    return Themes(themes=tuple(found[:MAX_THEMES]))


def plausible(themes: Themes, comments: Sequence[str]) -> bool:
    """Whether the model's themes could be true of these comments, and quote none of them.

    No theme can be mentioned by more comments than there are, and no label may repeat
    ``QUOTE_WORDS`` words in a row of a comment: a quoted phrase could identify its writer.
    """
    quoted = set().union(*(_runs(comment) for comment in comments))
    return bool(themes.themes) and all(
        theme.mentions <= len(comments) and not _runs(theme.label) & quoted
        for theme in themes.themes
    )


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every ``QUOTE_WORDS`` consecutive words of the text."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)}


async def comment_themes(
    model: LanguageModel,
    lexicon: ThemeLexicon,
    comments: Sequence[str],
    threshold: int,
    *,
    workspace: int,
) -> Themes | None:
    """The themes of the comments, or None when fewer than ``threshold`` exist.

    Call it outside any database transaction: the model may take seconds.
    """
    if len(comments) < threshold:
        return None
    listed = "\n".join(f"- {' '.join(comment.split())}" for comment in comments)
    variables = {"comments": listed, "count": str(len(comments))}
    answer = await model.structured(PROMPT, variables, Themes, workspace=workspace)
    if answer is not None and plausible(answer, comments):
        return answer
    return offline_themes(comments, lexicon)
