"""Word tokens of a sentence and the capitalised runs that names are made of."""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from functools import cache, lru_cache

from ...text import ABBREVIATIONS

# A word, keeping inner apostrophes and hyphens ("Kassym-Jomart", "d'Ivoire", "Women's"),
# or dotted capitals such as "U.S." that would otherwise fall apart.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[’'‐\-]\w+)*")
# Name particles that are written in lower case inside a name.
_PARTICLE = re.compile(r"^(?:d|l|al|el|ad|as|ul|ash|an|ar|at|az|bin|ibn|bint)[’'\-‐]\w", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


class Token(NamedTuple):
    """One word of a sentence with its character span; its shape is worked out once, here."""

    text: str
    start: int
    end: int
    index: int
    bare: str = ""          # without a possessive ending ("UN's" -> "UN")
    possessive: bool = False
    cap: bool = False       # starts with a capital (or a particle before one: "d'Ivoire")
    upper: bool = False     # an all-capitals acronym of two letters or more
    alpha: bool = True      # contains no digits


def _shape(word: str) -> tuple[str, bool, bool, bool, bool]:
    """(bare, possessive, cap, upper, alpha) of a word: what a Token knows beyond its place."""
    possessive = len(word) > 3 and word[-1] == "s" and word[-2] in "’'"
    bare = word[:-2] if possessive else word.rstrip("’'")
    cap = word[0].isupper() or (not word[1:4].isalnum() and bool(_PARTICLE.match(word))
                                and any(c.isupper() for c in word[2:5]))
    upper = bare.isupper() and len(_LETTERS.findall(bare)) >= 2
    alpha = word.isalpha() or _DIGIT.search(word) is None
    return bare, possessive, cap, upper, alpha


# Words repeat (Zipf): a word's shape is worked out once per run, not once per occurrence.
_SHAPES: dict[str, tuple[str, bool, bool, bool, bool]] = {}
_SHAPES_MAX = 200_000


def tokenize(text: str) -> tuple[Token, ...]:
    """The word tokens of a sentence; abbreviations and initials keep their full stop."""
    out: list[Token] = []
    size = len(text)
    shapes = _SHAPES
    make = tuple.__new__  # Token's fields in order, without NamedTuple's keyword handling
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if end < size and text[end] == "." and ((len(word) == 1 and word.isupper())
                                                 or word.lower() in ABBREVIATIONS):
            end += 1
            word += "."
        shape = shapes.get(word)
        if shape is None:
            if len(shapes) >= _SHAPES_MAX:
                shapes.clear()
            shape = shapes[word] = _shape(word)
        out.append(make(Token, (word, start, end, len(out), *shape)))
    return tuple(out)


def gap(text: str, a: Token, b: Token) -> str:
    """The characters between two tokens."""
    return text[a.end:b.start]


def joined(text: str, a: Token, b: Token) -> bool:
    """Whether two tokens are separated by spaces only (no punctuation)."""
    between = gap(text, a, b)
    return not between.strip()


def sentence_initial(text: str, tok: Token) -> bool:
    """Whether a word opens its sentence (or a quotation or a dateline clause)."""
    before = text[:tok.start].rstrip()
    return not before or before[-1] in "\"“‘«(:–—-" or before.endswith("...")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A lookup key: NFKC, straight apostrophes, no accents, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("‐", "-")
    text = "".join(c if CYRILLIC.match(c) else _strip_accents(c) for c in text.lower())
    return " ".join(text.replace("ё", "е").split())


@cache
def _strip_accents(c: str) -> str:
    # Latin accents go ("Côte" -> "cote"); Cyrillic "й" must stay a letter of its own.
    return "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))


def is_cyrillic(text: str) -> bool:
    """Whether a word is written in Cyrillic."""
    return bool(CYRILLIC.search(text))


def span_text(text: str, tokens: tuple[Token, ...], i: int, j: int) -> str:
    """The sentence text covered by tokens i..j-1."""
    return text[tokens[i].start:tokens[j - 1].end]
