"""Whether an answer is written in English, the only language the reviewers' word lists know.

A review of German or French text would be wrong rather than merely unhelpful (no "customer",
no horizon prefix, every word "abstract"), so the reviewers step aside instead. The test is
small and offline: when most letters are not Latin (Cyrillic, Greek, Arabic, CJK, ...) the text
is not English; otherwise it counts common function words ("the", "and", "der", "und", "les",
...) and calls the text foreign when some other language's words outnumber the English ones.
Names, numbers and single-word lists have no function words at all and count as English, so
"Craft, Care, Grit" is still reviewed. Words both languages share ("in", "so") count only as
English, which keeps the benefit of the doubt with the review.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

NON_LATIN_SHARE = 1 / 2
ENGLISH = "english"


class LanguageGuess:
    """Function words per language, normalised once."""

    def __init__(self, english: Iterable[str], others: Mapping[str, Iterable[str]]) -> None:
        """Drop from every other language the words English uses too."""
        self._english = frozenset(word.casefold() for word in english)
        self._others = {
            name: frozenset(word.casefold() for word in words) - self._english
            for name, words in others.items()
        }

    def language(self, words: Iterable[str]) -> str | None:
        """``english``, another listed language whose words win, or None for another script."""
        folded = [word.casefold() for word in words]
        letters = [char for word in folded for char in word if char.isalpha()]
        latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
        if letters and latin < len(letters) * (1 - NON_LATIN_SHARE):
            return None
        english = sum(1 for word in folded if word in self._english)
        counts = {
            name: sum(1 for word in folded if word in other) for name, other in self._others.items()
        }
        name, foreign = max(counts.items(), key=lambda item: item[1])
        return name if foreign > english else ENGLISH

    def is_english(self, words: Iterable[str]) -> bool:
        """True unless the words are mostly in another script or another language's words win."""
        return self.language(words) == ENGLISH
