"""People, organisations and places from a model's entities, with roles and keys as the rules give.

The model says where a name is and what it names; the rules still say what role a person has
(the title before, the apposition after), how a name is keyed for merging, and which place of
the gazetteer a name is.
"""
from __future__ import annotations

import re
from typing import Sequence

from .commonwords import COMMON_WORDS
from .gazetteer import demonym, lookup
from .lexicon import CAPITAL_STOP, KNOWN_ORGS, ORG_HEADS, RELIGIONS, RU_ORG_HEADS, SAME_ORG, TITLES
from .mention import Context, Mention
from .morph import stem_phrase
from .ner import Entity
from .orgs import _ACRONYM_AFTER, _head_form, org_key
from .people import HONORIFICS, _apposition, _role_as, _role_before, person_key, surname_key
from .places import _mention as place_mention
from .tokens import fold, is_cyrillic

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TITLE_LEAD = re.compile(r"^(?:%s)\.?\s+" % "|".join(sorted({re.escape(t.rstrip(".")) for t in TITLES | HONORIFICS}, key=len, reverse=True)), re.I)
_BRACKETED = re.compile(r"\s*\([^()]*\)?$")
_DOTTED = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_EDGE = " \t\"“”«»„‘’'(),.;:"


def _clean(text: str, start: int) -> tuple[str, int]:
    """The entity's text without quotes, "the", a possessive ending; and its new start."""
    stripped = text.lstrip(_EDGE)
    start += len(text) - len(stripped)
    m = _LEADING.match(stripped)
    if m:
        stripped, start = stripped[m.end():], start + m.end()
    stripped = _BRACKETED.sub("", stripped).rstrip(_EDGE)  # "... республики (ДНР)": the acronym is no part of it
    if _DOTTED.match(text.strip(_EDGE.replace(".", ""))):
        stripped = text.strip(_EDGE.replace(".", ""))  # "U.S.", "U.N."
    if len(stripped) > 3 and _POSSESSIVE.search(stripped) and not stripped.isupper():
        stripped = _POSSESSIVE.sub("", stripped)
    return stripped, start


# What makes the word after a name a place's: "Alexandra township", "the Vlava river".
_PLACE_NOUNS = frozenset("""township suburb village town city province region district county river lake
island islands mountain mountains valley state territory oblast prefecture municipality""".split())
# Groups named by a plural that are neither nationalities nor organisations.
_GROUPS = frozenset("""muslims christians jews hindus buddhists sikhs catholics protestants shiites shias
sunnis kurds arabs tamils sinhalese pashtuns hazaras uighurs uyghurs aborigines whites blacks asians
europeans africans americans""".split())
_FURNITURE = re.compile(r"\s[·|•]\s.*\s[·|•]\s")
_ORG_WORDS = r"(?:party|group|movement|organi[sz]ation|company|firm|faction|militia|network|union|agency|coalition|alliance|taskforce|task force)"
_ORG_APPOSITION = re.compile(r"^[’']?s?,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}" + _ORG_WORDS + r"\b", re.I)
_ORG_NOUN_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?" + _ORG_WORDS + r"\b", re.I)
_RU_PLURAL_REGION = re.compile(r"(?:област|кра|район|округ)(?:ях|ям|ями)", re.I)
_OWNERS = frozenset("our their his her its my your".split())
_LOCATIVE = frozenset("in at from near outside inside across to".split())


def relabel(contexts: Sequence[Context], found: list[tuple[Entity, ...] | None]) -> list[tuple[Entity, ...] | None]:
    """Correct the model's labels with what the article and the gazetteer say.

    A surname of someone the model found in full is a person wherever it stands ("Lawal, 30,");
    a country's name is a place even where the model took it for a person ("Lesotho and
    Zimbabwe"); a name after a title is a person's; a one-word organisation after "in"/"from" or
    before "township"/"river" is a place; a party named by a plural ("the Democrats") is an
    organisation; an organisation right before a title is part of the role ("Defense Secretary X").
    """
    surnames: set[str] = set()
    for ctx, ents in zip(contexts, found):
        for e in ents or ():
            words = ctx.text[e.start:e.end].split()
            if e.label == "PER" and len(words) > 1:
                surnames.add(fold(_clean(words[-1], 0)[0]))
    out: list[tuple[Entity, ...] | None] = []
    # An organisation the article describes as one ("Batasuna, a political party") is one wherever
    # the model took its name for a person's.
    bodies = {fold(_clean(ctx.text[e.start:e.end], e.start)[0]) for ctx, ents in zip(contexts, found)
              for e in ents or () if e.label in ("PER", "OTHER", "NORP")
              and _ORG_APPOSITION.match(ctx.text[e.end:])}
    for ctx, ents in zip(contexts, found):
        if ents is None:
            out.append(None)
            continue
        if _FURNITURE.search(ctx.text):
            out.append(())  # "Review · Report ID ... · Licensed for ...": a page's furniture, no prose
            continue
        done = [e for e in (_relabelled(ctx, e, surnames, bodies) for e in ents) if e is not None]
        for n in range(1, len(done)):
            # "from Baku and Turkmenbashi": a one-word name listed after a place is no organisation.
            e, before = done[n], done[n - 1]
            if e.label == "ORG" and before.label == "LOC" and " " not in ctx.text[e.start:e.end].strip() and \
                    ctx.text[before.end:e.start].strip() in (",", "and", "or", "и"):
                done[n] = e._replace(label="OTHER")  # neither: the rules decide
        out.append(tuple(done))
    # A one-word name the article uses as a place somewhere is a place everywhere ("of Sandton",
    # "from Sandton").
    places = {fold(ctx.text[e.start:e.end]) for ctx, ents in zip(contexts, out) for e in ents or ()
              if e.label == "LOC"}
    return [None if ents is None else tuple(
        e._replace(label="LOC") if e.label == "ORG" and " " not in ctx.text[e.start:e.end].strip()
        and fold(ctx.text[e.start:e.end]) in places else e for e in ents) for ctx, ents in zip(contexts, out)]


def _relabelled(ctx: Context, e: Entity, surnames: set[str], bodies: set[str]) -> Entity | None:
    text, start = _clean(ctx.text[e.start:e.end], e.start)
    if not text or any(c.isdigit() or c == "/" for c in text):
        return None  # "CAIWS/TR/0931": a code, not a name
    before = ctx.text[:start].split()
    prev = before[-1].lower().strip("\"“(") if before else ""
    after = ctx.text[start + len(text):].split()
    nxt = after[0].lower().strip(",.;:\"”)") if after else ""
    place = lookup(fold(text))
    words = text.split()
    if e.label in ("LOC", "ORG") and fold(text) in surnames:
        return e._replace(label="PER")
    if e.label == "PER" and fold(text) in bodies:
        return e._replace(label="ORG")
    rest = ctx.text[start + len(text):]
    if (e.label in ("PER", "OTHER", "NORP") and _ORG_APPOSITION.match(rest)) or (
            e.label in ("PER", "OTHER") and _ORG_NOUN_AFTER.match(rest)):
        return e._replace(label="ORG")  # "Batasuna, a political party", "the Ansar al-Islam (...) group"
    if e.label == "PER" and prev in ("codenamed", "code-named", "dubbed"):
        return e._replace(label="OTHER")  # "a taskforce, codenamed Ceja"
    if e.label == "PER":
        if len(words) > 1 and words[-1].lower() in ORG_HEADS and prev not in TITLES:
            return e._replace(label="ORG")  # "Nordic Harbour Ferries", "Kessel Engineering"
        if len(words) == 1 and demonym(text):
            return e._replace(label="NORP")  # "Kazakh"
        if place and (place.kind in ("country", "region", "subdivision") or (
                len(words) == 1 and place.kind == "city" and not place.small)):
            return e._replace(label="LOC")  # "Lesotho and Zimbabwe", "in Bishkek"
        if nxt in _PLACE_NOUNS and len(words) == 1:
            return e._replace(label="LOC")
        return e
    if e.label in ("LOC", "ORG") and prev in TITLES and not place and len(words) > 1:
        return e._replace(label="PER")  # "President Thabo Mbeki"
    if e.label == "LOC":
        if any(w.lower() in ORG_HEADS for w in words) or (is_cyrillic(text) and any(
                _head_form(w.lower(), RU_ORG_HEADS) if len(words) > 1 else _compound_head(w.lower())
                for w in words)):
            if not place:
                return e._replace(label="ORG")  # "Европейский союз"
        if text.isupper() and " " not in text and not place and not demonym(text):
            return e._replace(label="ORG")  # an acronym the gazetteer does not know
        if text.isupper() and text in KNOWN_ORGS:
            return e._replace(label="ORG")  # "UN"
        if prev in _OWNERS and not place:
            return e._replace(label="OTHER")  # "our Homeland"
        if prev == "the" and place and place.kind == "city" and nxt not in _PLACE_NOUNS:
            return e._replace(label="OTHER")  # "the Tampa crisis": a ship, an event, a brand named after a town
        return e
    if e.label == "ORG":
        if place and (not place.small or prev in _LOCATIVE or prev in ("and", "or")) and \
                not any(w.lower() in ORG_HEADS for w in words) and (not text.isupper() or place.kind == "country"):
            return e._replace(label="LOC")  # "Cameroon", "the Syr Darya"
        if text.isupper() and demonym(text) and text not in KNOWN_ORGS:
            return e._replace(label="LOC")  # "US"
        if (nxt in TITLES or words[-1].lower().rstrip(".") in TITLES) and \
                not any(w.lower() in ORG_HEADS for w in words):
            return e._replace(label="OTHER")  # "Defense Secretary X", "Tampa Captain X": a role's words
        if prev in ("a", "an") and not any(w.lower() in ORG_HEADS for w in words):
            return None  # "a Melbourne Christian school": a description (the rules may find a place in it)
        if len(words) == 1 and (words[0].lower() in ORG_HEADS or words[0].lower() in CAPITAL_STOP
                                or words[0].lower() in RELIGIONS or demonym(text)):
            return e._replace(label="OTHER")  # "the Party", "Kazakh"
        if len(words) == 1 and ctx.text[:start].rstrip().lower().endswith(("secretary of", "minister of")):
            return e._replace(label="OTHER")  # "Secretary of State"
        if len(words) == 1 and (nxt in _PLACE_NOUNS or (prev in _LOCATIVE and place)) :
            return e._replace(label="LOC")
        if len(words) == 1 and prev in _LOCATIVE and not any(c.isupper() for c in text[1:]):
            return e._replace(label="LOC")  # "from Sandton"
        return e
    if e.label == "NORP":
        low = text.lower()
        if low.endswith("s") and low not in _GROUPS and not demonym(text) and not demonym(text[:-1]) \
                and not lookup(fold(text[:-1])):
            return e._replace(label="ORG")  # "the Democrats", "Greens leader X"
    return e


_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|bint|d|l)[-’']\w", re.I)


def _capitalised(text: str) -> bool:
    """ "Hamas", and "al-Qaida" with its particle."""
    return text[0].isupper() or bool(_PARTICLE.match(text) and any(c.isupper() for c in text[:6]))


def _compound_head(word: str) -> bool:
    """ "Евросоюза", "Сбербанк": a Russian compound ending in an organisation's head word."""
    return any(re.search(head + r"\w{0,3}$", word) and not word.startswith(head) for head in RU_ORG_HEADS
               if len(head) >= 4)


def core(ctx: Context, e: Entity) -> Entity:
    """The entity without the quotes, "the" and possessive ending around its name."""
    text, start = _clean(ctx.text[e.start:e.end], e.start)
    return e._replace(start=start, end=start + len(text)) if text else e


def model_people(ctx: Context, ents: tuple[Entity, ...]) -> list[Mention]:
    out = []
    for e in ents:
        if e.label != "PER":
            continue
        text, start = _clean(ctx.text[e.start:e.end], e.start)
        end = start + len(text)
        # A title the model took into the name is the role's ("Dr Ian Frazer", "Senator Greig").
        m = _TITLE_LEAD.match(text)
        while m and m.end() < len(text):
            start += m.end()
            text = ctx.text[start:end]
            m = _TITLE_LEAD.match(text)
        words = text.split()
        if not words or not text[0].isupper() or any(c.isdigit() for c in text):
            continue
        first = next((t.index for t in ctx.tokens if t.start >= start), None)
        if first is None:
            continue
        role = ", ".join(r for r in (_role_before(ctx, first), _apposition(ctx, _end_with_possessive(ctx, end)),
                                     _role_as(ctx, end)) if r)
        key = person_key(text) if len(words) > 1 else "ref:" + surname_key(text)
        # A one-word name joins the person of that surname; with nobody to join it is a person of
        # its own ("Tim, 16, alleged ..."), as the model said.
        out.append(Mention("person", text, key, ctx.ref, ctx.order, span=(start, end), role=role,
                           sole=len(words) == 1))
    return out


def _end_with_possessive(ctx: Context, end: int) -> int:
    m = re.match(r"[’']s?", ctx.text[end:])
    return end + m.end() if m else end


def model_orgs(ctx: Context, ents: tuple[Entity, ...]) -> list[Mention]:
    out: list[Mention] = []
    for e in ents:
        if e.label != "ORG" or any(m.acronym and m.span[0] <= e.start and e.end <= m.span[1] for m in out):
            continue
        text, start = _clean(ctx.text[e.start:e.end], e.start)
        if len(text) < 2 or not _capitalised(text) or text.isdigit():
            continue
        end = start + len(text)
        acronym = ""
        m = _ACRONYM_AFTER.match(ctx.text[end:])
        if m and m.group("a").isupper():
            acronym, end = m.group("a"), end + m.end()
        if text.isupper() and " " not in text:
            known = SAME_ORG.get(text, text)
            out.append(Mention("organization", KNOWN_ORGS.get(text, text), "acr:" + known, ctx.ref, ctx.order,
                               span=(start, end), acronym=text))
            continue
        out.append(Mention("organization", text, org_key(text), ctx.ref, ctx.order, span=(start, end),
                           acronym=acronym))
    return out


def model_places(ctx: Context, ents: tuple[Entity, ...]) -> list[Mention]:
    out = []
    for e in ents:
        if e.label != "LOC":
            continue
        text, start = _clean(ctx.text[e.start:e.end], e.start)
        if len(text) < 2 or not text[0].isupper():
            continue
        place = lookup(fold(text))
        if text.isupper() and demonym(text) and not (place and place.kind == "country"):
            place = demonym(text)  # "US": the country, not a town of that name
        if place:
            out.append(place_mention(ctx, text, place, start))
            continue
        words = text.split()
        if len(words) > 1 and words[-1].lower() in _PLACE_NOUNS:
            # "Hunan province", "the Central Asian region": the name before the word for what it is.
            head = " ".join(words[:-1])
            place = lookup(fold(head)) or demonym(head)
            if place:
                out.append(place_mention(ctx, head, place, start))
                continue
        place = demonym(text) if text.isupper() else None
        if place:
            out.append(place_mention(ctx, text, place, start))  # "US"
            continue
        if not is_cyrillic(text) and fold(words[0]) in COMMON_WORDS:
            continue  # "Reading Bay", "Southern Cross": unknown, and made of dictionary words
        if is_cyrillic(text) and len(words) == 2 and _RU_PLURAL_REGION.fullmatch(words[1]):
            text = words[0]  # "в Тверской и Орловской областях": the region's own word is shared
        key = "region:" + (stem_phrase(text) if is_cyrillic(text) else fold(text))
        out.append(Mention("place", text, key, ctx.ref, ctx.order, span=(start, start + len(text))))
    return out
