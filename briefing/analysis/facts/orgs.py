"""Organisations: names built around head words, acronyms in brackets, known acronyms."""
from __future__ import annotations

import re
from functools import cache

from .dates import month_number
from .gazetteer import demonym, iso_names, lookup
from .lexicon import CAPITAL_STOP, KNOWN_ORGS, NON_ORG_ACRONYMS, ORG_HEADS, ORG_STOP, RU_ORG_HEADS, SAME_ORG, TITLES
from .mention import Context, Mention
from .morph import stem_phrase
from .tokens import CYRILLIC, Token, fold, is_cyrillic, joined, sentence_initial

_TAIL_LINKS = frozenset({"of", "for", "on", "and", "&", "the", "de", "du", "des"})
_RU_LINKS = frozenset({"по", "о", "и"})
_RU_STOP = frozenset("в на с из от до для за при к у что как а но или".split())
_ACRONYM_AFTER = re.compile(r"^[\s\u00a0]*\((?P<a>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w&.\-]{1,9})\)")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_KK_HEADS = tuple(h for h in RU_ORG_HEADS if re.search(r"[әғқңөұүһі]|лігі$|ы$|і$", h))
_RU_HEADS = tuple(h for h in RU_ORG_HEADS if h not in _KK_HEADS)


def find_orgs(ctx: Context) -> list[Mention]:
    """Every organisation named in the sentence (full names, bracketed and bare acronyms)."""
    found = set(_english_spans(ctx) + _cyrillic_spans(ctx))
    # A name inside a longer one is no name of its own ("Iberian Network" in "Iberian Network
    # Investment Fund"), unless it is a body of its own after "of": "... of the Ministry of X".
    spans = sorted(s for s in found if not any(o[0] <= s[0] and s[1] <= o[1] and o != s
                                               and not _nested_body(ctx, s[0]) for o in found))
    # A bracketed acronym belongs to the longest name before it, not to a name nested in it.
    outer = {j: i for i, j in reversed(spans)}
    out = [_named(ctx, i, j, outer[j] == i) for i, j in spans]
    covered = {k for i, j in spans for k in range(i, j)}
    out += _bracketed(ctx, covered)
    out += _known_names(ctx, [m.span for m in out])
    out += _legislatures(ctx, [m.span for m in out])
    out += _acronyms(ctx, covered | {k for m in out for k in _token_range(ctx, m.span)})
    return sorted(out, key=lambda m: m.span)


@cache
def _known_pattern() -> re.Pattern:
    names = sorted({name for acr, name in KNOWN_ORGS.items() if name != acr}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


@cache
def _known_acronyms() -> dict[str, str]:
    return {name: acr for acr, name in KNOWN_ORGS.items()}


def _known_names(ctx: Context, taken: list[tuple[int, int]]) -> list[Mention]:
    """Well-known bodies written out in full ("the United Nations said"), even without a head word."""
    out = []
    by_name = _known_acronyms()
    for m in _known_pattern().finditer(ctx.text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            acr = by_name[m.group(0)]
            out.append(Mention("organization", m.group(0), "acr:" + SAME_ORG.get(acr, acr), ctx.ref,
                               ctx.order, span=m.span(), acronym=acr))
    return out


_LEGISLATURE = re.compile(r"\b(?P<d>[A-Z][a-z]+) (?:parliament|senate|congress)\b")


def _legislatures(ctx: Context, taken: list[tuple[int, int]]) -> list[Mention]:
    """ "the Spanish parliament": a country's legislature, named by its adjective and a lower-case noun."""
    out = []
    for m in _LEGISLATURE.finditer(ctx.text):
        if demonym(m.group("d")) and not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(Mention("organization", m.group(0), org_key(m.group(0)), ctx.ref, ctx.order, span=m.span()))
    return out


def _nested_body(ctx: Context, i: int) -> bool:
    toks = ctx.tokens
    return i > 0 and _is_head(toks[i]) and toks[i - 1].text.lower() in ("of", "the", "for")


def _token_range(ctx: Context, span: tuple[int, int]) -> range:
    idx = [t.index for t in ctx.tokens if span[0] <= t.start and t.end <= span[1]]
    return range(idx[0], idx[-1] + 1) if idx else range(0)


def _is_head(tok: Token) -> bool:
    return tok.cap and tok.bare.lower() in ORG_HEADS


def _english_spans(ctx: Context) -> list[tuple[int, int]]:
    toks = ctx.tokens
    spans = []
    for h, tok in enumerate(toks):
        if not tok.cap or tok.bare.lower() not in ORG_HEADS or is_cyrillic(tok.text):
            continue  # (_is_head, inlined: this loop sees every word of every article)
        i = _left(ctx, h)
        j = _right(ctx, h)
        content = [t for t in toks[i:j] if t.cap and t.bare.lower() not in ORG_STOP]
        if len(content) < 2 or (len(content) == 2 and content[0].bare.lower() in CAPITAL_STOP):
            continue
        spans.append((i, j))
        # An organisation named inside the tail: "... of the Ministry of Defense".
        for k in range(h + 1, j):
            if _is_head(toks[k]) and toks[k - 1].text.lower() in ("of", "the", "for") and k + 1 < j:
                spans.append((k, j))
    return spans


def _left(ctx: Context, h: int) -> int:
    toks = ctx.tokens
    i = h
    while i > 0:
        prev = toks[i - 1]
        if not joined(ctx.text, prev, toks[i]):
            break
        low = prev.bare.lower()
        if prev.possessive and (lookup(fold(prev.bare)) or not prev.cap):
            break  # "Russia's Foreign Ministry" is the Foreign Ministry
        if low in ("and", "&") and i - 1 > 0 and toks[i - 2].cap and not toks[i - 2].possessive:
            i -= 1
            continue
        if not prev.cap or low in ORG_STOP or low in TITLES or (
                low in CAPITAL_STOP and sentence_initial(ctx.text, prev)):
            break
        i -= 1
    return i


def _right(ctx: Context, h: int) -> int:
    """The end of a name after its head: only through "of"/"for" links ("Council Resolution" stops)."""
    toks = ctx.tokens
    end = h + 1
    k = h + 1
    linked = False
    while k < len(toks) and joined(ctx.text, toks[k - 1], toks[k]):
        low = toks[k].text.lower()
        if low in _TAIL_LINKS:
            if low in ("and", "&") and not linked:
                break
            linked = linked or low in ("of", "for", "on")
            k += 1
            continue
        if toks[k].cap and _calendar_word(toks[k].bare):
            break   # "the Port Authority on Monday": a day or a month ends the name
        if toks[k].cap and not toks[k].possessive and (linked or _is_head(toks[k])) and \
                not (lookup(fold(toks[k].bare)) and toks[k - 1].text.lower() == "and") and \
                not _calendar_word(toks[k].bare):
            end = k + 1
            k += 1
            continue
        if toks[k].cap and toks[k].possessive and linked:
            end = k + 1
        if toks[k].cap and not linked:
            # "Network Investment Fund": capitals up to a later head word carry on the name.
            later = _later_head(ctx, k)
            if later:
                end = k = later
                continue
        break
    return end


def _calendar_word(word: str) -> bool:
    """ "the Commonwealth Bank on Wednesday": a day or a month ends a name."""
    return word.lower() in _WEEKDAYS or bool(month_number(word.lower()))


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _later_head(ctx: Context, k: int) -> int:
    """The end of the last head word in the run of capitals starting at token k, or 0."""
    toks = ctx.tokens
    found = 0
    run = k
    while run < len(toks) and toks[run].cap and joined(ctx.text, toks[run - 1], toks[run]):
        if _is_head(toks[run]):
            found = run + 1
        run += 1
    return found


def _named(ctx: Context, i: int, j: int, outermost: bool = True) -> Mention:
    toks = ctx.tokens
    while i < j - 1 and toks[i].text.lower() in ("the", "a", "an"):
        i += 1
    start, end = toks[i].start, toks[j - 1].end
    name = ctx.text[start:end]
    last = toks[j - 1]
    if last.possessive:
        name = name[: len(name) - (len(last.text) - len(last.bare))]
    acronym = ""
    m = _ACRONYM_AFTER.match(ctx.text[end:])
    if m and m.group("a").isupper() and outermost:
        acronym = m.group("a")
        end += m.end()
    return Mention("organization", name, org_key(name), ctx.ref, ctx.order, span=(start, end), acronym=acronym)


def org_key(name: str) -> str:
    """A merge key for an organisation name: folded, stemmed, without a leading nationality."""
    words = name.split()
    if len(words) > 2 and (demonym(words[0]) or lookup(fold(words[0]))):
        words = words[1:]  # "Kazakh Ministry of Defense" is the Ministry of Defense
    key = " ".join(words)
    return "name:" + (stem_phrase(key) if is_cyrillic(key) else fold(key).replace("centre", "center"))


def _bracketed(ctx: Context, covered: set[int]) -> list[Mention]:
    """ "Commonwealth of Independent States (CIS)": a capitalised run whose initials fit the acronym."""
    out = []
    for m in re.finditer(r"\((?P<a>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,8})\)", ctx.text):
        before = [t for t in ctx.tokens if t.end <= m.start()]
        if not before or before[-1].index in covered:
            continue
        acronym = m.group("a")
        run: list[Token] = []
        for tok in reversed(before):
            if run and not joined(ctx.text, tok, run[0]):
                break
            if not (tok.cap or tok.text.lower() in _TAIL_LINKS | _RU_LINKS or is_cyrillic(tok.text)):
                break
            run.insert(0, tok)
        for n in range(len(run)):
            caps = "".join(t.text[0].upper() for t in run[n:] if t.cap)
            if run[n].cap and caps and (caps == acronym or (len(caps) >= 2 and acronym.startswith(caps[:2])
                                                            and len(run) - n >= 2)):
                start, end = run[n].start, run[-1].end
                name = ctx.text[start:end]
                out.append(Mention("organization", name, org_key(name), ctx.ref, ctx.order,
                                   span=(start, m.end()), acronym=acronym))
                covered.update(t.index for t in run[n:])
                break
    return out


def _acronyms(ctx: Context, covered: set[int]) -> list[Mention]:
    """Bare acronyms: well-known ones, and any other all-capitals word of three letters or more."""
    out = []
    toks = ctx.tokens
    for tok in toks:
        word = tok.bare.rstrip(".")
        if not tok.upper or tok.index in covered or "." in word or not tok.alpha:
            continue
        known = SAME_ORG.get(word, word)
        if word not in KNOWN_ORGS and known not in KNOWN_ORGS:
            if (len(word) < 3 or word.lower() in NON_ORG_ACRONYMS or _ROMAN.match(word) or word in _currencies()
                    or lookup(fold(word)) or _shouting(toks, tok) or len(word) > 8):
                continue
        name = KNOWN_ORGS.get(word, word)
        out.append(Mention("organization", name, "acr:" + known, ctx.ref, ctx.order,
                           span=(tok.start, tok.start + len(word)), acronym=word))
    return out


def _currencies() -> frozenset[str]:
    """ISO 4217 codes ("SEK", "KZT"): amounts, not organisations."""
    return iso_names().currencies


def _shouting(toks: tuple[Token, ...], tok: Token) -> bool:
    """A word in a run of capitals ("BREAKING NEWS", a dateline) is not an acronym."""
    near = [t for t in toks[max(0, tok.index - 1):tok.index + 2] if t is not tok]
    return any(t.upper and len(t.bare) > 2 for t in near) or (
        tok.index == 0 and len(toks) > 1 and toks[1].text in ("–", "-"))


def _cyrillic_spans(ctx: Context) -> list[tuple[int, int]]:
    """Russian names ("Министерство обороны Республики Казахстан") and Kazakh ones (head last)."""
    toks = ctx.tokens
    spans: list[tuple[int, int]] = []
    if not CYRILLIC.search(ctx.text):
        return spans  # most sentences of most articles
    for h, tok in enumerate(toks):
        low = tok.text.lower()
        if not is_cyrillic(low):
            continue
        if _head_form(low, _KK_HEADS) and not _head_form(low, _RU_HEADS):
            start = _kazakh_start(ctx, h)
            if start is not None:
                spans.append((start, h + 1))
        elif _head_form(low, _RU_HEADS):
            start = h if tok.cap else _russian_adjectives(ctx, h)
            end = _russian_tail(ctx, h)
            if start is not None and end - start >= 2:  # a lone "Правительстве" names no one body
                spans.append((start, end))
    return spans


def _head_form(word: str, heads: tuple[str, ...]) -> bool:
    """Whether a word is a case form of a head stem ("министерства"), not a longer word ("центральной")."""
    return any(word.startswith(h) and len(word) - len(h) <= 3 for h in heads)


def _russian_adjectives(ctx: Context, h: int) -> int | None:
    """ "Национальный банк": capitalised adjectives before a lower-case head; None if there are none."""
    toks = ctx.tokens
    start = None
    i = h
    while i > 0 and joined(ctx.text, toks[i - 1], toks[i]) and re.search(
            r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ых|их|ом|ем|ую|юю)$", toks[i - 1].text.lower()):
        i -= 1
        if toks[i].cap:
            start = i
    return start


def _russian_tail(ctx: Context, h: int) -> int:
    toks = ctx.tokens
    end = h + 1
    k = h + 1
    while k < len(toks) and k - h <= 6 and joined(ctx.text, toks[k - 1], toks[k]):
        low = toks[k].text.lower()
        if low in _RU_LINKS and k + 1 < len(toks):
            k += 1
            continue
        if low in _RU_STOP or not is_cyrillic(low) or low in TITLES:
            break
        if toks[k].cap or re.search(r"(?:ы|и|а|я|ой|ей|ого|его|ых|их|ов|ев|ий|ия|ии)$", low):
            end = k + 1
            k += 1
            continue
        break
    return end


def _kazakh_start(ctx: Context, h: int) -> int | None:
    toks = ctx.tokens
    start = None
    i = h
    while i > 0 and h - i < 4 and joined(ctx.text, toks[i - 1], toks[i]) and is_cyrillic(toks[i - 1].text):
        i -= 1
        if toks[i].cap:
            start = i
    return start
