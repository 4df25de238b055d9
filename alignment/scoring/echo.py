r"""Vision echo: how closely a team member's one-sentence answer echoes the owner's vision.

The method is offline and simple enough to reproduce by hand:

1. Lower-case the text (``str.lower``).
2. Split it into words: maximal runs of unicode letters and digits (regex ``[^\W_]+``),
   so "best-loved" gives "best" and "loved", "don't" gives "don" and "t", and numbers such
   as "2028" or "3" are words too.
3. Drop every word found in ``STOP_WORDS``: English function words, contraction fragments
   and generic words every answer would share ("company", "business", "become", "want").
4. Stem each remaining word: take the first suffix in ``SUFFIXES`` (longest first) that
   the word ends with and whose removal leaves at least 3 characters, and remove it; at
   most one suffix is removed. "growing", "grows", "grow" all give "grow"; "customers"
   and "customer" give "custom"; "loved", "loves", "love" give "lov".
5. Count the stems of each text and return the cosine of the two count vectors:
   sum(a[w] * b[w]) / sqrt(sum(a[w]²) * sum(b[w]²)). Either side with no stems gives 0.0.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from statistics import fmean

# Words that say nothing about direction; matched on the lower-cased word, before stemming.
# fmt: off
FUNCTION_WORDS = frozenset({
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "few", "for", "from", "had", "has", "have",
    "having", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on",
    "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
    "you", "your",
})
STOP_WORDS = FUNCTION_WORDS | frozenset({
    # What is left of "we're", "don't", "it's", "we'll", "I'm", "we've", "I'd".
    "s", "t", "d", "ll", "m", "re", "ve", "don",
    # Words every answer to "where is our company heading?" would share.
    "company", "companies", "business", "businesses", "firm", "team",
    "become", "want", "aim", "going", "get", "make",
})
# fmt: on

# Tried longest first; paired forms ("lies"/"ly", "ies"/"y", "ers"/"er") stem alike.
SUFFIXES = (
    "ings", "ions", "lies",
    "ers", "est", "ies", "ing", "ion",
    "ed", "er", "es", "ly",
    "e", "s", "y",
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+")
_MIN_STEM = 3
ENGLISH_SHARE = 0.15
"""A text with at least this share of English function words reads as English: English
sentences rarely go below it, and other languages rarely reach it."""
WORDS_TO_TELL = 4
"""Texts shorter than this are too short to tell a language by: they are always scored."""
COMPARABLE_STEMS = 3
"""A vision with fewer content words than this is too short for an echo figure to mean much."""


def _english(text: str) -> bool | None:
    """Whether the text reads as English by its share of function words; None: too short."""
    words = _WORD.findall(text.lower())
    if len(words) < WORDS_TO_TELL:
        return None
    return sum(word in FUNCTION_WORDS for word in words) / len(words) >= ENGLISH_SHARE


def same_language(reference: str, answer: str) -> bool:
    """False only when one text reads as English and the other does not.

    The word overlap is meaningless across languages, so such an echo is not scored at all
    rather than scored as misaligned.
    """
    ours, theirs = _english(reference), _english(answer)
    return ours is None or theirs is None or ours == theirs


def comparable(vision: str) -> bool:
    """Whether the vision has enough content words for echoes to be compared with it."""
    return sum(stems(vision).values()) >= COMPARABLE_STEMS


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> Counter[str]:
    """Steps 1 to 4: the text's content-word stems and how often each occurs."""
    return Counter(_stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    # Integer sums under one square root keep identical texts at exactly 1.0.
    norms = sum(n * n for n in a.values()) * sum(n * n for n in b.values())
    if norms == 0:
        return 0.0
    return sum(n * b[word] for word, n in a.items()) / math.sqrt(norms)


def similarity(reference: str, answer: str) -> float:
    """Cosine of content-word stems in [0, 1], so wording may differ but direction must not."""
    return _cosine(stems(reference), stems(answer))


def echo_score(vision: str, answer: str) -> float | None:
    """An echo's similarity, or None for one in another language than the vision.

    Across languages the word overlap is zero for reasons that have nothing to do with direction.
    """
    return similarity(vision, answer) if same_language(vision, answer) else None


def mean_similarity(reference: str, answers: Iterable[str]) -> float | None:
    """Team-wide echo of the vision over the answers scored, or None when none is."""
    vision = stems(reference)
    scores = [_cosine(vision, stems(a)) for a in answers if same_language(reference, a)]
    return fmean(scores) if scores else None
