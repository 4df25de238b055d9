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
STOP_WORDS = frozenset({
    # Function words.
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


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> Counter[str]:
    return Counter(_stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    # Integer sums under one square root keep identical texts at exactly 1.0.
    norms = sum(n * n for n in a.values()) * sum(n * n for n in b.values())
    if norms == 0:
        return 0.0
    return sum(n * b[word] for word, n in a.items()) / math.sqrt(norms)


def similarity(reference: str, answer: str) -> float:
    """Cosine of content-word stems in [0, 1], so wording may differ but direction must not."""
    return _cosine(_stems(reference), _stems(answer))


def mean_similarity(reference: str, answers: Iterable[str]) -> float | None:
    """Team-wide echo of the vision, or None when nobody has answered yet."""
    vision = _stems(reference)
    scores = [_cosine(vision, _stems(answer)) for answer in answers]
    return fmean(scores) if scores else None
