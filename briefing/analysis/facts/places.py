"""Places: capitalised spans that the gazetteer knows, and country adjectives in compounds."""
from __future__ import annotations

import re

from .gazetteer import Place, demonym, lookup, may_start, tables
from .lexicon import CAPITAL_STOP
from .mention import Context, Mention
from .morph import stem_phrase
from .tokens import fold, joined, sentence_initial

# Words before a town's name that show it is used as a place ("in Évora", "near Sines").
_LOCATIVE = frozenset("in at near from to outside around via of в из под у около возле".split())
_REGION_WORD = re.compile(r"\s+(?:region|province|oblast|governorate|prefecture)\b")
# Russian and Kazakh provinces and districts: "Алматинская область", "Алматы облысы".
_RU_REGION = re.compile(r"(?<!\w)[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+(?:ская|ской|скую|ский|ского|ском|ом|ы)\s+"
                        r"(?:област[ьи]|областью|кра[йяе]|район[аеу]?|облыс\w*|аудан\w*)(?!\w)")


def find_places(ctx: Context, blocked: set[int]) -> list[Mention]:
    """Every place of the sentence outside the blocked tokens (people, organisations)."""
    toks = ctx.tokens
    longest = tables().longest
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if i in blocked or not tok.cap:
            i += 1
            continue
        found = None
        first = fold(tok.bare).split(" ")[0]
        for n in range(_reach(ctx, i, longest, blocked), 0, -1) if may_start(first) else ():
            j = i + n
            # Russian names may end in a lower-case noun: "Голанские высоты", "Западный берег".
            if not (toks[j - 1].cap or ctx.cyrillic):
                continue
            written = ctx.text[tok.start:toks[j - 1].start] + toks[j - 1].bare
            place = lookup(fold(written)) or (demonym(written) if n > 1 else None)
            if place and not (place.common and sentence_initial(ctx.text, tok)) and (
                    not place.small or _locative(ctx, i, out)):
                found = (j, written, place)
                break
        if found:
            j, written, place = found
            out.append(_mention(ctx, written, place, tok.start))
            i = j
            continue
        out += _compound(ctx, tok) or _named_region(ctx, i, blocked)
        i += 1
    return out + _provinces(ctx, blocked)


def _reach(ctx: Context, i: int, longest: int, blocked: set[int]) -> int:
    """How many words from token i a name can span: unblocked words with only spaces between."""
    toks = ctx.tokens
    end = min(i + longest, len(toks))
    j = i + 1
    while j < end and j not in blocked and joined(ctx.text, toks[j - 1], toks[j]):
        j += 1
    return j - i


def _locative(ctx: Context, i: int, found: list[Mention]) -> bool:
    """Whether a small town's name follows "in"/"at"/... or continues a list of places."""
    if i == 0:
        return False
    prev = ctx.tokens[i - 1]
    if prev.text.lower() in _LOCATIVE:
        return True
    gap = ctx.text[prev.end:ctx.tokens[i].start]
    listed = prev.text.lower() in ("and", "or", "и") or gap.strip() == ","
    if not listed:
        return False
    if found and found[-1].span[1] >= prev.start - 2:
        return True
    # "at Sines and Évora": a list of names that a locative word opens.
    for tok in reversed(ctx.tokens[max(0, i - 6):i - 1]):
        if tok.text.lower() in _LOCATIVE:
            return True
        if not (tok.cap or tok.text.lower() in ("and", "or", "и")):
            return False
    return False


def _named_region(ctx: Context, i: int, blocked: set[int]) -> list[Mention]:
    """ "the Alentejo region", "Issyk-Kul province": a capitalised name before a region word."""
    toks = ctx.tokens
    tok = toks[i]
    if i in blocked or sentence_initial(ctx.text, tok) or tok.text.lower() in CAPITAL_STOP or tok.upper:
        return []
    if not _REGION_WORD.match(ctx.text[tok.end:]) or (i > 0 and toks[i - 1].cap):
        return []
    place = lookup(fold(tok.bare)) or demonym(tok.bare)
    if place:
        return [_mention(ctx, tok.bare, place, tok.start)]
    return [Mention("place", tok.bare, "region:" + fold(tok.bare), ctx.ref, ctx.order,
                    span=(tok.start, tok.end))]


def _provinces(ctx: Context, blocked: set[int]) -> list[Mention]:
    out = []
    for m in _RU_REGION.finditer(ctx.text):
        if not any(t.index in blocked for t in ctx.tokens if m.start() <= t.start < m.end()):
            out.append(Mention("place", m.group(0), "region:" + stem_phrase(m.group(0)), ctx.ref, ctx.order,
                               span=m.span()))
    return out


def _mention(ctx: Context, written: str, place: Place, start: int) -> Mention:
    # Keep the spelling of the text ("Côte d’Ivoire") unless it is inflected or in capitals.
    as_written = fold(written) == fold(place.name) and not written.isupper()
    text = written if as_written else place.name
    return Mention("place", text, place.id, ctx.ref, ctx.order, span=(start, start + len(written)),
                   country=place.country, unsure=place.unsure)


def confirmed(mentions: list[Mention]) -> list[Mention]:
    """One article's mentions without the towns whose country it never names.

    A small town, or a city whose name others share, stands only when the article names a place of
    the same country for sure (a country, a region of one, a capital, a large city of a unique
    name): "Skellefteå" beside "Stockholm". A made-up town that shares its name with a real one
    ("Riverton", of which the United States has several) names no country."""
    named = {m.country for m in mentions if m.kind == "place" and m.country and not m.unsure}
    return [m for m in mentions if not (m.kind == "place" and m.unsure and m.country not in named)]


def _compound(ctx: Context, tok) -> list[Mention]:
    """ "Tajik-Afghan border": every part of a hyphenated compound names a country."""
    parts = tok.text.replace("‐", "-").split("-")
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return []
    places = [lookup(fold(p)) or demonym(p) for p in parts]
    if not all(places):
        return []
    return [_mention(ctx, p.name, p, tok.start) for p in places]
