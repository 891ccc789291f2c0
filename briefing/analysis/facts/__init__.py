"""Fact extraction: figures, people, organisations, places and dates from article sentences.

Each sentence is read once by every extractor; the mentions found are merged into one row
per fact across articles (see `merge`). Gazetteer tables load lazily on first use. The
analyst's `facts.toml` is applied afterwards (see `curate`).
"""
from __future__ import annotations

from typing import Sequence

from ...model import Article, Fact, SourceRef
from .curate import CURATION_FILE, CurationError, apply_curation
from .dates import find_dates
from .mention import Context, Mention
from .merge import merge
from .numbers import find_figures
from .orgs import find_orgs
from .people import find_people
from .places import confirmed, find_places
from .tablerows import table_figures

__all__ = ["CURATION_FILE", "CurationError", "apply_curation", "extract_facts"]


def extract_facts(articles: Sequence[Article]) -> tuple[Fact, ...]:
    """The fact table of a set of cleaned articles, each fact with its verbatim source sentences."""
    from ...processes import parallel_map

    mentions: list[Mention] = []
    for found in parallel_map(lambda numbered: _article_mentions(numbered[1], numbered[0]), enumerate(articles)):
        mentions += found
    return merge(mentions)


def _article_mentions(article: Article, a_no: int) -> list[Mention]:
    year = article.date.year if article.date else None
    out: list[Mention] = []
    s_no, anchor = 0, ""
    for block in article.blocks:
        if block.kind == "table" and anchor:
            # A table has no sentences: its figures link to the sentence that leads into it
            # (see table_figures); a table before any sentence has nowhere to link and is skipped.
            out += table_figures(article, block, anchor, (a_no, s_no), _source_text(article))
        if block.kind == "heading":
            continue  # a heading repeats what the body says
        for sentence in block.sentences:
            s_no += 1
            anchor = article.anchor(sentence)
            ref = SourceRef(article=article.filename, title=article.title,
                            quote=block.sentence_text(sentence), anchor=anchor, article_id=article.id)
            out += sentence_mentions(Context(ref.quote, ref, (a_no, s_no), year))
    return confirmed(out)


def _source_text(article: Article) -> str:
    try:
        return article.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def sentence_mentions(ctx: Context) -> list[Mention]:
    """Every mention of one sentence; names are found first so numbers and places avoid them."""
    orgs = find_orgs(ctx)
    org_tokens = _tokens_in(ctx, orgs)
    people = find_people(ctx, org_tokens)
    places = find_places(ctx, org_tokens | _tokens_in(ctx, people))
    dates = find_dates(ctx)
    figures = find_figures(ctx, [m.span for m in dates + orgs])
    return figures + people + orgs + places + dates


def _tokens_in(ctx: Context, mentions: list[Mention]) -> set[int]:
    return {t.index for m in mentions for t in ctx.tokens if m.span[0] <= t.start and t.end <= m.span[1]}
