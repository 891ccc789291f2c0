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
# Words that say nothing of what a figure counts when two reports are compared: calendar words and
# the attribution around a figure ("officials said on Monday").
_NOT_SUBJECT = _STOP | frozenset("monday tuesday wednesday thursday friday saturday sunday january "
                                 "february march april may june july august september october november "
                                 "december today yesterday week month said according told officials "
                                 "official reported report reports least some nearly almost around "
                                 "заявил сказал сообщил сообщили по данным около более менее почти".split())
# What happened to the people counted. Two reports whose figures belong to different classes count
# different things even in the same words ("12 were killed" / "15 were injured"). Word beginnings,
# English and Russian.
_EVENTS = {
    "dead": ("kill", "dead", "die", "death", "fatal", "perish", "lives", "bodies", "погиб", "убит",
             "умер", "смерт", "жертв", "тел"),
    "hurt": ("injur", "wound", "hurt", "hospital", "ранен", "ранил", "пострадав", "травм", "госпитал"),
    "missing": ("missing", "unaccounted", "пропал", "пропавш", "без вести"),
    "held": ("arrest", "detain", "held", "captur", "задерж", "арест", "взят"),
    "freed": ("releas", "freed", "rescu", "освобод", "спас"),
    "moved": ("evacu", "displac", "homeless", "fled", "flee", "refugee", "эваку", "бежен", "переселен"),
}


def merge(mentions: list[Mention]) -> tuple[Fact, ...]:
    """All mentions of all articles -> fact rows, ordered by kind then first appearance."""
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_kind[m.kind].append(m)
    groups = {
        "figure": _figures(by_kind["figure"], _Names(mentions)),
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


class _Names:
    """The names (people, organisations, places) found in each sentence and in each article: two
    reports of one thing name the same actors, or name nothing that the other article lacks."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.sentence: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.article: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            if m.kind in ("person", "organization", "place"):
                # An organisation by its name or its acronym; a person by the name or the surname.
                forms = {m.text, m.acronym, m.text.split()[-1] if m.kind == "person" else ""} - {""}
                self.sentence[(m.ref.article, m.ref.anchor)].update(forms)
                self.article[m.ref.article].update(fold(f) for f in forms)

    def in_about(self, m: Mention) -> set[str]:
        """The names that the words governing figure `m` contain ("the OSCE has sent observers")."""
        return {fold(n) for n in self.sentence.get((m.ref.article, m.ref.anchor), ()) if n in m.about}

    def differ(self, a: Mention, b: Mention) -> bool:
        """Whether the figures are about different actors: each names someone or somewhere that the
        other's article never names ("the OSCE sent 40 observers" / "the African Union sent 45")."""
        na, nb = self.in_about(a), self.in_about(b)
        return bool(na and nb) and not (na & self.article[b.ref.article]) and not (nb & self.article[a.ref.article])


def _figures(mentions: list[Mention], names: _Names) -> list[list[Mention]]:
    """Same value of the same counted thing is one figure; another article's value may dispute it."""
    groups: list[list[Mention]] = []
    by_head: dict[str, list[list[Mention]]] = defaultdict(list)
    for m in mentions:
        head = figure_head(m.unit)
        for g in by_head.get(head, ()) if head else ():
            if _same_figure(g[0], m, names) and not any(
                    o.ref.article == m.ref.article and o.value != m.value for o in g):
                g.append(m)
                break
        else:
            groups.append([m])
            by_head[head].append(groups[-1])
    return groups


def _same_figure(a: Mention, b: Mention, names: _Names) -> bool:
    head = figure_head(a.unit)
    if not head or head != figure_head(b.unit):
        return False
    if a.value == b.value:
        # "24 patrol vessels" ... "two of the 24 vessels"; but a share, a sum or a span of time
        # names nothing by itself: in another article it must also be about the same thing.
        return a.ref.article == b.ref.article or not _generic(a.unit) or bool(_content(a.about) & _content(b.about))
    if a.ref.article == b.ref.article or head in _GENERIC_UNITS:
        return False
    if a.value and b.value and max(a.value, b.value) > 2 * min(a.value, b.value):
        return False  # reports that disagree give 12 or 15, not 1,000 or 14 million
    if _generic(a.unit) or _generic(b.unit):
        # A share or a sum disputes another only when both say what it is in the same words.
        shared = _content(a.about) & _content(b.about)
        return fold(a.unit) == fold(b.unit) and len(shared) >= 2 and 2 * len(shared) >= min(
            len(_content(a.about)), len(_content(b.about)))
    # People or things counted: the same kind ("military personnel" / "personnel", not "civilian
    # personnel"), the same thing happening to them, the same actors, and a subject the two
    # sentences share beyond the counted noun ("a contingent of 139 military personnel arrived" /
    # "a contingent of 150 military personnel has completed its deployment").
    return (_kinds_agree(a, b) and not _events_differ(a.about, b.about) and not names.differ(a, b)
            and len(_subject(a) & _subject(b)) >= 2)


def _kinds_agree(a: Mention, b: Mention) -> bool:
    """ "OSCE observers" and "observers" may be the same people; "civilian" and "military
    personnel" are not. A unit's other words must be somewhere in the other report's sentence."""
    mods_a = _stems(a.unit) - {figure_head(a.unit)[:6]}
    mods_b = _stems(b.unit) - {figure_head(b.unit)[:6]}
    return mods_a <= _stems(b.ref.quote) or mods_b <= _stems(a.ref.quote)


def _events_differ(about_a: str, about_b: str) -> bool:
    ea, eb = _events(about_a), _events(about_b)
    return bool(ea and eb) and not ea & eb


@lru_cache(maxsize=4096)
def _events(about: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", fold(about))
    return frozenset(kind for kind, starts in _EVENTS.items() for w in words if w.startswith(starts))


def _subject(m: Mention) -> frozenset[str]:
    """What a figure's sentence is about: its content words' stems, without the counted noun."""
    return _stems(m.ref.quote) - {figure_head(m.unit)[:6]}


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    """Six-letter stems of the content words ("deployment", "deployed" -> "deploy")."""
    out = set()
    for w in re.findall(r"[^\W\d_]+", fold(text)):
        if w not in _NOT_SUBJECT and len(w) > 2:
            out.add(w[:6])
    return frozenset(out)


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
