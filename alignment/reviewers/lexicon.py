"""Tokenising, light stemming and phrase matching shared by every reviewer.

Everything is compared on stems, so "customers" finds "customer", "growing" finds "grow" and
"cafés" finds "cafe". The stemmer only strips the suffixes listed in the YAML and never leaves
fewer than three letters; it is crude on purpose, good enough to spot shared meaning in two
sentences an owner typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alignment.reviewers.language import LanguageGuess
from alignment.reviewers.texts import WordLists

_WORD = re.compile(r"(?:\d+(?:[.,]\d+)+|[^\W_]+)(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n+")
_POSSESSIVE = re.compile(r"['’]s$")
_RANGE = re.compile(r"\d+(?:-\d+)+")
_MIN_STEM = 3

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Token:
    """One word as typed, with what the matchers need to know about it."""

    text: str
    stem: str
    starts_sentence: bool
    value: int | None

    @property
    def is_numeric(self) -> bool:
        """True for "40", "€40k", "12,000" or "twenty": anything that states a quantity."""
        return self.value is not None or any(char.isdigit() for char in self.text)


@dataclass(frozen=True)
class Phrases:
    """A stemmed word list; entries may be several words long ("so that", "state of the art")."""

    items: frozenset[Phrase]

    def has(self, stem: str) -> bool:
        """Whether a single word is in the list."""
        return (stem,) in self.items

    def find(self, tokens: Sequence[Token]) -> list[range]:
        """Non-overlapping matches, longest first at each position, as token index ranges."""
        stems = [token.stem for token in tokens]
        lengths = sorted({len(item) for item in self.items}, reverse=True)
        found: list[range] = []
        start = 0
        while start < len(stems):
            fits = (n for n in lengths if start + n <= len(stems))
            size = next((n for n in fits if tuple(stems[start : start + n]) in self.items), 0)
            if size:
                found.append(range(start, start + size))
            start += max(size, 1)
        return found


def text_of(tokens: Sequence[Token], span: Iterable[int]) -> str:
    """The words of a match as the owner typed them."""
    return " ".join(tokens[index].text for index in span)


def list_of(tokens: Sequence[Token], spans: Iterable[range]) -> str:
    """Several matches as one comma-separated string for a note."""
    return ", ".join(text_of(tokens, span) for span in spans)


class Lexicon:
    """The YAML word lists, stemmed once, plus the text helpers that use them."""

    def __init__(self, words: WordLists) -> None:
        """Stem every list up front so each review is a handful of set look-ups."""
        self._suffixes = tuple(sorted(words.stem_suffixes, key=len, reverse=True))
        self._numbers = {self.stem(word): value for word, value in words.number_words.items()}
        self.stop = self.phrases(words.stop_words)
        self.buzz = self.phrases(words.buzzwords)
        self.vague = self.phrases([*words.buzzwords, *words.vague_words])
        self.generic_values = self.phrases(words.generic_values)
        self.audience = self.phrases(words.audience)
        self.observable = self.phrases([*words.audience, *words.places, *words.scale])
        self.purpose = self.phrases(words.purpose)
        self.horizon_prefixes = self.phrases(words.horizon.prefixes)
        self.horizon_fillers = self.phrases([*words.horizon.fillers, *words.horizon.range_words])
        self.unit_months = {self.stem(unit): n for unit, n in words.horizon.unit_months.items()}
        self.activities = self.phrases(words.activities)
        self.outcomes = self.phrases(words.outcomes)
        self._language = LanguageGuess(words.english, words.other_languages)

    def is_english(self, text: str) -> bool:
        """Whether the reviewers can read the text (see language.py)."""
        return self._language.is_english(token.text for token in self.tokens(text))

    def language(self, text: str) -> str | None:
        """The language the text is written in, by its function words (see language.py)."""
        return self._language.language(token.text for token in self.tokens(text))

    def stem(self, word: str) -> str:
        """Accent-free, case-free word with one listed suffix removed."""
        decomposed = unicodedata.normalize("NFKD", word)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
        folded = _POSSESSIVE.sub("", folded.casefold())
        for suffix in self._suffixes:
            if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_STEM:
                return folded[: -len(suffix)]
        return folded

    def tokens(self, text: str) -> list[Token]:
        """Words of the text in order, each knowing whether it opens a sentence."""
        return [
            self._token(match.group(), starts_sentence=position == 0)
            for sentence in _SENTENCE_END.split(text)
            for position, match in enumerate(_WORD.finditer(sentence))
        ]

    def phrases(self, entries: Iterable[str]) -> Phrases:
        """Stem a word list from the YAML into something tokens can be matched against."""
        return Phrases(
            frozenset(
                phrase
                for entry in entries
                if (phrase := tuple(token.stem for token in self.tokens(entry)))
            )
        )

    def sentence_count(self, text: str) -> int:
        """Sentences with at least one word; a line break also ends a sentence."""
        return sum(1 for part in _SENTENCE_END.split(text) if _WORD.search(part))

    def meaningful(self, tokens: Sequence[Token]) -> set[int]:
        """Indexes of tokens that are not stop words."""
        return {index for index, token in enumerate(tokens) if not self.stop.has(token.stem)}

    def share(self, tokens: Sequence[Token], phrases: Phrases) -> tuple[float, list[range]]:
        """Fraction of the meaningful words that sit in matches of `phrases`, and those matches."""
        spans = phrases.find(tokens)
        meaningful = self.meaningful(tokens)
        covered = meaningful.intersection(index for span in spans for index in span)
        fraction = len(covered) / len(meaningful) if meaningful else 0.0
        return fraction, spans

    def content(self, tokens: Sequence[Token]) -> dict[str, str]:
        """Stem to typed word for words that carry meaning: no stop, vague or numeric words."""
        vague = {index for span in self.vague.find(tokens) for index in span}
        return {
            tokens[index].stem: tokens[index].text
            for index in sorted(self.meaningful(tokens) - vague)
            if not tokens[index].is_numeric
        }

    def _token(self, word: str, *, starts_sentence: bool) -> Token:
        stem = self.stem(word)
        return Token(word, stem, starts_sentence, self._value(word, stem))

    def _value(self, text: str, stem: str) -> int | None:
        """The number a word spells: digits, the top of a "3-5" range, or a number word."""
        if text.isdecimal():
            return int(text)
        if _RANGE.fullmatch(text):
            return int(text.rsplit("-", 1)[1])
        return self._numbers.get(stem)
