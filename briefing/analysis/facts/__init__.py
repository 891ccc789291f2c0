"""Fact extraction: figures, people, organisations, places and dates from article sentences.

Each sentence is read once by every extractor; the mentions found are merged into one row
per fact across articles (see `merge`). Gazetteer tables load lazily on first use. The
analyst's `facts.toml` is applied afterwards (see `curate`).

Where a named-entity model is installed (the `ner` extra: spaCy's small English pipeline and
natasha's Russian news NER, weights inside their wheels), it says where the names of people,
organisations and places are, and the rules say the rest: roles, figures, dates, which gazetteer
place a name is, and where the model's reading is corrected (`modelnames.relabel`). The models load
once, here, before the worker forks; `BRIEFING_NER=rules` leaves them out (see `ner.mode`).
"""
from __future__ import annotations

from typing import Sequence

from ...model import Article, Fact, SourceRef
from .curate import CURATION_FILE, CurationError, apply_curation
from .dates import find_dates
from .mention import Context, Mention
from .merge import merge
from .modelnames import core, model_orgs, model_people, model_places, relabel
from . import ner
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
    if articles:
        ner.warm_up([a.title + " " + " ".join(b.text for b in a.blocks[:3]) for a in articles])
    for found in parallel_map(lambda numbered: _article_mentions(numbered[1], numbered[0]), enumerate(articles)):
        mentions += found
    return merge(mentions)


def _article_mentions(article: Article, a_no: int) -> list[Mention]:
    year = article.date.year if article.date else None
    out: list[Mention] = []
    s_no, anchor = 0, ""
    contexts: list[Context] = []
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
            contexts.append(Context(ref.quote, ref, (a_no, s_no), year))
    found = relabel(contexts, ner.entities([c.text for c in contexts], [c.cyrillic for c in contexts]))
    for ctx, ents in zip(contexts, found):
        out += sentence_mentions(ctx, ents)
    return confirmed(out)


def _source_text(article: Article) -> str:
    try:
        return article.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def sentence_mentions(ctx: Context, ents: tuple[ner.Entity, ...] | None = None) -> list[Mention]:
    """Every mention of one sentence; names are found first so numbers and places avoid them.

    With a model's entities (`ents`), people, organisations and places are the model's, joined by
    what the rules find where the model found nothing."""
    if ents is None:
        orgs = find_orgs(ctx)
        org_tokens = _tokens_in(ctx, orgs)
        people = find_people(ctx, org_tokens)
        places = find_places(ctx, org_tokens | _tokens_in(ctx, people))
    else:
        orgs, people, places = _with_model(ctx, ents)
    dates = find_dates(ctx)
    figures = find_figures(ctx, [m.span for m in dates + orgs])
    return figures + people + orgs + places + dates


def _with_model(ctx: Context, ents: tuple[ner.Entity, ...]) -> tuple[list[Mention], list[Mention], list[Mention]]:
    if ner.mode() == "model-only":
        return model_orgs(ctx, ents), model_people(ctx, ents), model_places(ctx, ents)
    # Where the rules read a longer name over the model's pieces, the rules' reading wins: an
    # organisation with its head word ("Kazakhstan Paramount Engineering", where the model saw a
    # place and a company), a country's name the model cut ("Côte" of "Côte d'Ivoire").
    rule_orgs = find_orgs(ctx)
    won: list[Mention] = []
    kept = [core(ctx, e) for e in ents]
    for r in rule_orgs:
        over = [e for e in kept if e.start < r.span[1] and r.span[0] < e.end]
        inside = over and all(r.span[0] <= e.start and e.end <= r.span[1] and e.label != "PER" for e in over)
        if inside and (all(e.label in ("OTHER", "FAC", "NORP") for e in over) or (
                any(e.label == "ORG" for e in over) and r.span[1] - r.span[0] > max(e.end - e.start for e in over))):
            won.append(r)
            kept = [e for e in kept if e not in over]
    # A full name the rules read with its evidence, around the model's surname only ("Anders Holm").
    for r in find_people(ctx, _tokens_in(ctx, rule_orgs)):
        over = [e for e in kept if e.start < r.span[1] and r.span[0] < e.end]
        if over and all(e.label == "PER" and r.span[0] <= e.start and e.end <= r.span[1] for e in over) and \
                r.span[1] - r.span[0] > max(e.end - e.start for e in over):
            kept = [e for e in kept if e not in over]
    countries = [m for m in find_places(ctx, _tokens_in(ctx, rule_orgs)) if m.key.startswith("country:")]
    for c in countries:
        over = [e for e in kept if e.start < c.span[1] and c.span[0] < e.end]
        if over and any(e.label in ("PER", "ORG") for e in over) and \
                not any(e.start <= c.span[0] and c.span[1] <= e.end for e in over):
            kept = [e for e in kept if e not in over]
    kept_ents = tuple(kept)
    taken = [(e.start, e.end) for e in kept_ents] + [m.span for m in won]

    def free(m: Mention) -> bool:
        return not any(a < m.span[1] and m.span[0] < b for a, b in taken)

    orgs = sorted(model_orgs(ctx, kept_ents) + won + [m for m in rule_orgs if free(m)], key=lambda m: m.span)
    org_tokens = _tokens_in(ctx, orgs)
    ent_tokens = {t.index for t in ctx.tokens for a, b in taken if a <= t.start and t.end <= b}
    people = model_people(ctx, kept_ents) + [m for m in find_people(ctx, org_tokens | ent_tokens) if free(m)]
    blocked = org_tokens | _tokens_in(ctx, people) | ent_tokens
    places = model_places(ctx, kept_ents) + [m for m in find_places(ctx, blocked) if free(m)]
    return orgs, people, places


def _tokens_in(ctx: Context, mentions: list[Mention]) -> set[int]:
    return {t.index for m in mentions for t in ctx.tokens if m.span[0] <= t.start and t.end <= m.span[1]}
