"""Merging mentions into fact rows: one row per fact, with a source per article that states it."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from ...model import FACT_KINDS, Fact, FigureValue, SourceRef
from .lexicon import SAME_ORG
from .mention import Mention
from .numbers import figure_head
from .people import surname_key
from .tokens import fold, is_cyrillic

# Units of time are too generic to say that two articles count the same thing.
_GENERIC_UNITS = frozenset("year years month months day days week weeks hour hours time times "
                           "лет года год дней месяцев раз".split())
_STOP = frozenset("the a an of in on at to for and or by with from as is are was were has have had "
                  "its their this that than more over about some up said says will would could can "
                  "also been be not year last per cent percent".split())


def merge(mentions: list[Mention]) -> tuple[Fact, ...]:
    """All mentions of all articles -> fact rows, ordered by kind then first appearance."""
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_kind[m.kind].append(m)
    groups = {
        "figure": _figures(by_kind["figure"]),
        "person": _people(by_kind["person"]),
        "organization": _groups(_with_longer_names(by_kind["organization"]), _org_keys),
        "place": _groups(by_kind["place"], lambda m: [m.key]),
        "date": _groups(by_kind["date"], lambda m: [m.key]),
    }
    facts = []
    for kind in FACT_KINDS:
        for group in sorted(groups[kind], key=lambda g: min((m.order, m.span) for m in g)):
            facts.append(_FACT[kind](sorted(group, key=lambda m: (m.order, m.span))))
    return tuple(facts)


def _groups(mentions: list[Mention], keys) -> list[list[Mention]]:
    """Mentions sharing any key end up in one group (a small union-find)."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for m in mentions:
        ks = keys(m)
        for k in ks[1:]:
            parent[find(k)] = find(ks[0])
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[find(keys(m)[0])].append(m)
    return list(out.values())


def _with_longer_names(mentions: list[Mention]) -> list[Mention]:
    """ "Armed Forces" and "Armed Forces of the Republic of X" in one article are one body."""
    keys_by_article: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        keys_by_article[m.ref.article].add(m.key)
    out = []
    for m in mentions:
        longer = [k for k in keys_by_article[m.ref.article] if k.startswith(m.key + " of ")]
        out.append(replace(m, also=tuple(sorted(longer))) if longer else m)
    return out


def _org_keys(m: Mention) -> list[str]:
    keys = [m.key, *m.also]
    if m.acronym:
        keys.append("acr:" + SAME_ORG.get(m.acronym, m.acronym))
    return keys


def _people(mentions: list[Mention]) -> list[list[Mention]]:
    """Full names group by key; a surname-only mention joins the one person with that surname."""
    full = [m for m in mentions if m.key.startswith("person:")]
    groups = {g[0].key: g for g in _groups(full, lambda m: [m.key])}
    by_surname: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        by_surname[surname_key(group[0].text)].add(key)
    alone: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.key.startswith("ref:"):
            owners = by_surname.get(m.key[4:], set())
            if len(owners) == 1:
                groups[next(iter(owners))].append(m)
            elif not owners and m.sole:
                alone[(m.ref.article, m.key)].append(m)
    # One-word names with no full name to join are a person per article: "Tim" of one article
    # is not the "Tim" of another.
    return list(groups.values()) + [g for g in alone.values() if any(m.sole for m in g)]


def _per_article(group: list[Mention]) -> tuple[SourceRef, ...]:
    seen, refs = set(), []
    for m in group:
        if m.ref.article not in seen:
            seen.add(m.ref.article)
            refs.append(m.ref)
    return tuple(refs)


def _person(group: list[Mention]) -> Fact:
    names = [m for m in group if m.key.startswith("person:")] or group
    text = names[0].text
    if is_cyrillic(text):
        text = min((m.text for m in names), key=len)  # the nominative is the shortest case form
    role = next((m.role for m in names if m.role), "") or next((m.role for m in group if m.role), "")
    return Fact("person", text, _per_article(group), role=role)


def _organization(group: list[Mention]) -> Fact:
    named = [m for m in group if m.text != m.acronym]
    text = (named or group)[0].text
    acronym = next((m.acronym for m in group if m.acronym), "")
    return Fact("organization", text, _per_article(group), acronym=acronym)


def _place(group: list[Mention]) -> Fact:
    return Fact("place", group[0].text, _per_article(group))


def _date(group: list[Mention]) -> Fact:
    first = group[0]
    return Fact("date", first.text, _per_article(group), iso=first.iso, about=first.about)


def _figures(mentions: list[Mention]) -> list[list[Mention]]:
    """Same value of the same counted thing is one figure; another article's value may dispute it."""
    groups: list[list[Mention]] = []
    by_head: dict[str, list[list[Mention]]] = defaultdict(list)
    for m in mentions:
        head = figure_head(m.unit)
        for g in by_head.get(head, ()) if head else ():
            if _same_figure(g[0], m):
                g.append(m)
                break
        else:
            groups.append([m])
            by_head[head].append(groups[-1])
    return groups


def _same_figure(a: Mention, b: Mention) -> bool:
    head = figure_head(a.unit)
    if not head or head != figure_head(b.unit):
        return False
    shared = _content(a.about) & _content(b.about)
    if a.value == b.value:
        # "24 patrol vessels" ... "two of the 24 vessels"; but a share, a sum or a span of time
        # names nothing by itself: in another article it must also be about the same thing.
        return a.ref.article == b.ref.article or not _generic(a.unit) or bool(shared)
    if a.ref.article == b.ref.article or fold(a.unit) != fold(b.unit) or head in _GENERIC_UNITS:
        return False
    if a.value and b.value and max(a.value, b.value) > 2 * min(a.value, b.value):
        return False  # reports that disagree give 12 or 15, not 1,000 or 14 million
    # Another article's value disputes this one only when both count the same thing in the same
    # words: "12 people were killed in the landslide" / "15 people were killed when the landslide".
    return len(shared) >= 2 and 2 * len(shared) >= min(len(_content(a.about)), len(_content(b.about)))


def _generic(unit: str) -> bool:
    """Whether a unit says what is measured rather than what is counted: %, a currency, time."""
    return unit == "%" or (len(unit) == 3 and unit.isupper()) or figure_head(unit) in _GENERIC_UNITS


@lru_cache(maxsize=4096)
def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W\d_]+", fold(text)) if w not in _STOP and len(w) > 2)


def _figure(group: list[Mention]) -> Fact:
    first = group[0]
    values: dict[float, list[Mention]] = {}
    for m in group:
        values.setdefault(m.value, []).append(m)
    disputed = len(values) > 1
    fv = tuple(FigureValue(v, ms[0].text, _per_article(ms)) for v, ms in values.items()) if disputed else ()
    sources = tuple(dict.fromkeys(m.ref for m in group))
    return Fact("figure", first.text, sources, value=first.value, qualifier=first.qualifier,
                unit=first.unit, about=first.about, disputed=disputed, values=fv)


_FACT = {"figure": _figure, "person": _person, "organization": _organization, "place": _place,
         "date": _date}
