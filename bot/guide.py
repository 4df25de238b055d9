"""Free text outside a check-in: which topic it is about, by the keywords in ui.yaml."""

from __future__ import annotations

import re

from alignment.services.events import Role
from bot.texts import GuideTexts, Keywords

FALLBACK = "help"
"""The topic of text that matches no keyword."""


def topic_of(text: str, keywords: Keywords) -> str:
    """The first topic (in ui.yaml's order) with a keyword in ``text`` as a whole word."""
    folded = text.casefold()
    for topic, words in keywords:
        if any(re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", folded) for w in words):
            return topic
    return FALLBACK


def answer(text: str, role: Role, guide: GuideTexts) -> str:
    """The short answer pointing to this role's command for what the text is about."""
    topic = getattr(guide.answers, topic_of(text, guide.keywords))
    return str(getattr(topic, role.value))
