"""Plain, frozen data objects that flow one way through the pipeline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "paragraph", "question", "answer", "quote", "item", "table", "image"]
FactKind = Literal["figure", "person", "organization", "place", "date"]
FACT_KINDS: tuple[FactKind, ...] = ("figure", "person", "organization", "place", "date")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one set of styles."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block: its local id and character span in the block's text."""

    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Image:
    """An image of an article: a file under the sources folder, with its caption and credit."""

    path: Path
    alt: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph-level piece of an article (paragraph, heading, question, table ...)."""

    kind: BlockKind
    runs: tuple[Run, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    rows: tuple[tuple[tuple[Run, ...], ...], ...] = ()
    header_rows: int = 0
    image: Image | None = None

    @property
    def text(self) -> str:
        """The block's plain text (runs joined)."""
        return "".join(r.text for r in self.runs)

    def sentence_text(self, sentence: Sentence) -> str:
        """The exact text of one of this block's sentences."""
        return self.text[sentence.start:sentence.end]


@dataclass(frozen=True)
class Removal:
    """A piece of page furniture the cleaner removed, kept for `-v` reports."""

    rule: str
    text: str


@dataclass(frozen=True)
class Article:
    """One source article after reading and cleaning."""

    path: Path
    title: str
    blocks: tuple[Block, ...]
    id: str = ""
    publication: str = ""
    author: str = ""
    date: dt.date | None = None
    url: str = ""
    language: str = "en"
    credits: tuple[str, ...] = ()
    removed: tuple[Removal, ...] = ()

    @property
    def filename(self) -> str:
        """The source file's name, the article's key in facts and messages."""
        return self.path.name

    def sentences(self) -> list[tuple[str, str]]:
        """Every sentence of the article as (anchor, text), in reading order."""
        out = []
        for block in self.blocks:
            for s in block.sentences:
                out.append((self.anchor(s), block.sentence_text(s)))
        return out

    def anchor(self, sentence: Sentence) -> str:
        """The document-wide anchor of one of this article's sentences."""
        return f"{self.id}-{sentence.id}"


@dataclass(frozen=True)
class SourceRef:
    """Where a fact or summary point comes from: an article and its sentence."""

    article: str
    title: str
    quote: str
    anchor: str
    article_id: str


@dataclass(frozen=True)
class FigureValue:
    """One of the values articles give for a disputed figure."""

    value: float
    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Fact:
    """One row of the fact table; fields beyond `kind`, `text` and `sources` depend on the kind."""

    kind: FactKind
    text: str
    sources: tuple[SourceRef, ...]
    value: float | None = None
    qualifier: str = ""
    unit: str = ""
    about: str = ""
    role: str = ""
    acronym: str = ""
    iso: str = ""
    disputed: bool = False
    values: tuple[FigureValue, ...] = ()

    def to_json(self) -> dict:
        """The fact as the `facts --format json` shape."""
        sources = [{"article": s.article, "title": s.title, "quote": s.quote, "anchor": s.anchor}
                   for s in self.sources]
        if self.kind == "figure":
            value = int(self.value) if self.value is not None and self.value == int(self.value) else self.value
            out = {"kind": "figure", "value": value, "text": self.text, "qualifier": self.qualifier,
                   "unit": self.unit, "about": self.about}
            if self.disputed:
                out["disputed"] = True
                out["values"] = [{"value": _num(v.value), "text": v.text,
                                  "sources": [s.article for s in v.sources]} for v in self.values]
        elif self.kind == "person":
            out = {"kind": "person", "name": self.text, "role": self.role}
        elif self.kind == "organization":
            out = {"kind": "organization", "name": self.text, "acronym": self.acronym}
        elif self.kind == "place":
            out = {"kind": "place", "name": self.text}
        else:
            out = {"kind": "date", "date": self.text, "iso": self.iso, "event": self.about}
        out["sources"] = sources
        return out


def _num(value: float) -> int | float:
    return int(value) if value == int(value) else value


DISPUTE_LISTED = 3   # other values a summary sentence lists by name; beyond, it says how many


@dataclass(frozen=True)
class KeyPoint:
    """One extracted sentence used as a summary point, with where it came from."""

    text: str
    source: SourceRef
    # A figure this sentence states that other articles give differently: their values, each with
    # its sources (the point's own value is left out).
    disputed_by: tuple[FigureValue, ...] = ()
    # Sentences of the same article that complete the point (what else happened, what the
    # interviewee says), each with its own source, in the article's order.
    details: tuple["KeyPoint", ...] = ()

    @property
    def sentences(self) -> tuple["KeyPoint", ...]:
        """The point's own sentence, then its details."""
        return (self, *self.details)

    def dispute_note(self) -> str:
        """ "disputed: 150 in <title>" in words, or "" when the point states no disputed figure;
        beyond DISPUTE_LISTED other values, only how many there are."""
        if not self.disputed_by:
            return ""
        if len(self.disputed_by) > DISPUTE_LISTED:
            return f"disputed: {len(self.disputed_by)} other values in other articles (see the fact table)"
        others = "; ".join(f"{v.text} in {', '.join(s.title for s in v.sources)}" for v in self.disputed_by)
        return f"disputed: {others}"


@dataclass(frozen=True)
class Summary:
    """The report-wide key points and each article's "In brief" sentences."""

    points: tuple[KeyPoint, ...]
    in_brief: tuple[tuple[str, tuple[KeyPoint, ...]], ...] = ()

    def brief_for(self, article_id: str) -> tuple[KeyPoint, ...]:
        """The "In brief" points of one article (empty when it has none)."""
        return dict(self.in_brief).get(article_id, ())

    def as_text(self) -> str:
        """The summary as plain text, one point per paragraph."""
        return "\n\n".join("- " + " ".join(s.text + (f" [{s.dispute_note()}]" if s.disputed_by else "")
                                            for s in p.sentences) + f" ({p.source.title})"
                           for p in self.points) + "\n"


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know, resolved from report.toml and the command line."""

    sources: Path
    output: Path
    layouts: Path | None = None
    formats: tuple[str, ...] = ("pdf", "epub")
    title: str | None = None
    page_size: str = "a4"
    strict: bool = False
    basename: str = "briefing"
    pdf_variant: str = "pdf/ua-1"
    duplex: bool = False
    subtitle: str = ""
    author: str = ""                # the author or organisation shown on the cover
    date: dt.date | None = None     # None: the newest source's date
    language: str | None = None     # None: the articles' most common language
    summary_points: int = 6
    sections: tuple[str, ...] = ("summary", "facts", "sources")
    allow_missing: bool = False     # write the briefing even when some articles could not be read


@dataclass(frozen=True)
class Report:
    """Everything both renderers need: the one content model rendered twice."""

    title: str
    date: dt.date
    language: str
    articles: tuple[Article, ...]
    summary: Summary
    facts: tuple[Fact, ...]
    page_size: str = "a4"
    identifier: str = ""
    modified: dt.datetime = field(default_factory=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    warnings: tuple[str, ...] = ()
    subtitle: str = ""
    author: str = ""
    sections: tuple[str, ...] = ("summary", "facts", "sources")   # which optional sections to render
    locator: object | None = None   # a briefing.analysis.locator.LocatorMap of the places, when there are any
    left_out: tuple[str, ...] = ()  # the files of the sources folder that could not be read as articles

    @property
    def timeline(self) -> list[Fact]:
        """The dated events in date order, when there are three or more with a known date."""
        dated = sorted((f for f in self.facts if f.kind == "date" and f.iso), key=lambda f: (f.iso, f.text))
        return dated if len(dated) >= 3 else []

    @property
    def publications(self) -> list[str]:
        """The distinct publications the articles come from, in article order."""
        seen: list[str] = []
        for a in self.articles:
            if a.publication and a.publication not in seen:
                seen.append(a.publication)
        return seen


@dataclass(frozen=True)
class Output:
    """A file the build wrote, with what the CLI reports about it."""

    path: Path
    kind: str
    pages: int
    size: int
