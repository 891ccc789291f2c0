"""Gather the articles of a sources folder: read, clean, order and number them."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .clean import clean
from .errors import NoSourcesError, SourceError
from .model import Article
from .sources import is_article_candidate, read_article


@dataclass(frozen=True)
class Collection:
    """The articles of a folder, in reading order, and what was skipped on the way."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def collect(sources: Path) -> Collection:
    """Read every article in `sources`; unreadable files become warnings, not failures."""
    if not sources.exists():
        raise NoSourcesError("folder does not exist; create it and put articles (.txt, .md, .html) in it",
                             sources)
    if not sources.is_dir():
        raise NoSourcesError("is a file, not a folder; pass the folder that holds the articles", sources)
    articles: list[Article] = []
    warnings: list[str] = []
    for path in sorted(sources.iterdir(), key=lambda p: p.name):
        if not path.is_file() or not is_article_candidate(path):
            continue
        try:
            articles.append(clean(read_article(path)))
        except SourceError as exc:
            warnings.append(f"skipped {exc}")
    if not articles:
        hint = f" ({len(warnings)} file(s) skipped)" if warnings else ""
        raise NoSourcesError(f"holds no readable articles{hint}; add .txt, .md or .html files", sources,
                             tuple(warnings))
    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.filename))
    numbered = tuple(replace(a, id=f"a{i}") for i, a in enumerate(ordered, 1))
    return Collection(numbered, tuple(warnings))
