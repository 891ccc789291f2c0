"""What both renderers share: the template context built from a Report."""
from __future__ import annotations

from collections import Counter
from typing import Callable

from .. import __version__
from ..model import Image, Report


def context(report: Report, link: Callable[[str], str], image_src: Callable[[Image], str | None],
            paged: bool, map_src: str | None = None) -> dict:
    """The variables every template sees (documented in README)."""
    return {
        "report": report,
        "numbers": {a.id: i for i, a in enumerate(report.articles, 1)},
        "link": link,
        "image_src": image_src,
        "paged": paged,
        "map_src": map_src,
        "part": "all",   # layouts written for versions that laid the PDF out in parts test it
        "keywords": keywords(report),
        "version": __version__,
    }


def keywords(report: Report, limit: int = 8) -> list[str]:
    """The places and organisations most often named, as document keywords."""
    counts: Counter[str] = Counter()
    for fact in report.facts:
        if fact.kind in ("place", "organization"):
            counts[fact.text] += len(fact.sources)
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
