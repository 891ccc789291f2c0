"""Short phrases cut from a sentence: the clause around a fact, trimmed to a few words."""
from __future__ import annotations

import re

# Clause boundaries: commas (not inside numbers), semicolons, colons, dashes, brackets, quotes.
_BOUNDARY = re.compile(r"(?<!\d),|,(?!\d)|[;:()“”\"«»]|\s[–—-]\s")
_EDGE = " ,.;:!?\"'“”‘’«»()[]–—-\u00a0"


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause of `text` that holds text[start:end]."""
    left = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        left = m.end()
    m = _BOUNDARY.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def tidy(text: str, limit: int = 16) -> str:
    """Single spaces, no dangling punctuation, at most `limit` words."""
    words = text.replace("\u00a0", " ").split()
    if len(words) > limit:
        words = words[:limit]
    return " ".join(words).strip(_EDGE)


def cut(text: str, start: int, end: int) -> str:
    """The text with text[start:end] removed and the gap closed."""
    return (text[:start].rstrip() + " " + text[end:].lstrip()).strip()
