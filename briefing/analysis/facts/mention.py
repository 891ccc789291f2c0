"""What the extractors share: one sentence in context, and one mention found in it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import FactKind, SourceRef
from .tokens import CYRILLIC, Token, tokenize

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Context:
    """One sentence of one article, with what the extractors need to know about it."""

    text: str
    ref: SourceRef
    order: tuple[int, int]          # (article number, sentence number): the reading order
    year: int | None = None         # the article's year, for dates written without one
    tokens: tuple[Token, ...] = field(init=False)
    cyrillic: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", tokenize(self.text))
        cyrillic = CYRILLIC.search(self.text) is not None and (
            len(CYRILLIC.findall(self.text)) * 2 > len(_LETTER.findall(self.text)))
        object.__setattr__(self, "cyrillic", cyrillic)


@dataclass(frozen=True)
class Mention:
    """A fact as one sentence states it; merging turns mentions into fact rows."""

    kind: FactKind
    text: str
    key: str                        # what makes two mentions the same fact
    ref: SourceRef
    order: tuple[int, int]
    span: tuple[int, int] = (0, 0)  # character span in the sentence
    value: float | None = None
    qualifier: str = ""
    unit: str = ""
    about: str = ""
    role: str = ""
    acronym: str = ""
    iso: str = ""
    also: tuple[str, ...] = ()      # further keys of the same fact (an organisation's longer name)
    country: str = ""               # a place's ISO country code
    unsure: bool = False            # a place that stands only if its article names its country
    sole: bool = False              # a one-word name that is a person even when no full name is found
