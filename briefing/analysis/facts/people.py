"""People: full names with evidence (a title, a role in apposition, a verb of saying) and roles."""
from __future__ import annotations

import re
from functools import cache

from .dates import month_number
from .gazetteer import demonym, lookup
from .lexicon import CAPITAL_STOP, ORG_HEADS, PORTFOLIOS, ROLE_NOUNS, SPEECH_VERBS, TITLE_MODIFIERS, TITLES
from .mention import Context, Mention
from .morph import stem
from .tokens import Token, fold, is_cyrillic, joined

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir madam dame".split())
_LINKS = frozenset("of the for and on at in".split())
_ROLE_LINKS = frozenset("of the for and".split())
# Capitalised words of names of states and bodies, never of a person's name.
NOT_NAMES = frozenset("""united nations states republic kingdom emirates federation national
international federal central general global world new north south east west northern southern
eastern western day week year""".split())
_RU_PREPS = frozenset("в по при на от".split())
# Roles held for someone else: "spokesman for", "adviser to", "aide of".
_RELATIONAL = frozenset("""spokesman spokeswoman spokesperson adviser advisor aide assistant secretary
lawyer envoy representative помощник советник пресс-секретарь представитель""".split())
_RU_CONJUNCTIONS = frozenset("и а но или".split())
# Verb endings (past, present, infinitive, participle); "-ла" is left out, as in "филиала".
_RU_VERB = re.compile(r"(?:[аеиоуыя]л|ло|ли|лся|лась|лось|лись|ет|ит|ют|ят|ть|вший|вшая|вшие)$")
_EN_NOT_NOUN = re.compile(r"(?:ed|ing|ly)$")
_RU_GENITIVE = re.compile(r"(?:а|я|ы|и|ой|ей|ого|его|ых|их|ов|ев|ий|ый|ая|ое|ей)$")
# Other case endings of nouns and adjectives inside a role: "Вице-премьер по социальным вопросам X".
_RU_OBLIQUE = re.compile(r"(?:ам|ям|ами|ями|ым|им|ом|ем|ую|юю)$")
_SPEECH_BEFORE = re.compile(r"(?:\b(?:said|says|told|according to|added|noted|wrote|asked|"
                            r"заявил|заявила|сказал|сказала|отметил|отметила|сообщил|сообщила|"
                            r"подчеркнул|подчеркнула|рассказал|рассказала|по словам)\s+)$", re.I)


def find_people(ctx: Context, blocked: set[int]) -> list[Mention]:
    """Full-name mentions (key "person:...") and surname-only ones (key "ref:...")."""
    toks = ctx.tokens
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if not toks[i].cap or i in blocked:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and j not in blocked and joined(ctx.text, toks[j - 1], toks[j]) \
                and not toks[j - 1].possessive:
            if not toks[j].cap and not _title_link(toks, i, j):
                break
            j += 1
        mention = _from_run(ctx, i, j)
        if mention:
            out.append(mention)
        i = j
    return out


def _title_link(toks: tuple[Token, ...], i: int, j: int) -> bool:
    """ "Minister of Ecology X": "of" carries a run of capitals on after a title."""
    return (toks[j].text in ("of", "for") and j + 1 < len(toks) and toks[j + 1].cap
            and any(t.bare.lower() in TITLES for t in toks[i:j]))


def _from_run(ctx: Context, i: int, j: int) -> Mention | None:
    toks = ctx.tokens
    n = j
    while n > i and _name_like(toks[n - 1]):
        n -= 1
    name = list(toks[n:j])
    prefix = toks[i:n]
    if len(name) > 3 or (len(name) > 2 and any(t.text.lower() == "of" for t in prefix)):
        prefix, name = toks[i:j - 2], list(toks[j - 2:j])
    if not name or _in_title_phrase(ctx, name[0].index):
        return None
    role_before = _role_before(ctx, name[0].index)
    role_after = _apposition(ctx, name[-1].end)
    speech = _speech(ctx, name)
    text = ctx.text[name[0].start:name[-1].end]
    if name[-1].possessive:
        text = text[: len(text) - (len(name[-1].text) - len(name[-1].bare))]
    role = ", ".join(r for r in (role_before, role_after, _role_as(ctx, name[-1].end)) if r)
    honorific = any(t.text.lower() in HONORIFICS for t in prefix)
    if len(name) == 1:
        if not (role or speech or honorific) or lookup(fold(name[0].bare)):
            return None
        return Mention("person", text, "ref:" + surname_key(text), ctx.ref, ctx.order,
                       span=(name[0].start, name[-1].end), role=role)
    if not (role or speech or honorific) or (len(name) == 2 and _whole_place(text)):
        return None
    return Mention("person", text, person_key(text), ctx.ref, ctx.order,
                   span=(name[0].start, name[-1].end), role=role)


def _name_like(tok: Token) -> bool:
    """Whether a capitalised word can be part of a personal name."""
    low = tok.bare.lower()
    if not (tok.cap and tok.alpha and not tok.upper and low not in TITLES and low not in TITLE_MODIFIERS
            and low not in CAPITAL_STOP and low not in ORG_HEADS and low not in HONORIFICS
            and not month_number(low) and not tok.text.endswith(".")):
        return False
    if low in NOT_NAMES:
        return False
    place = lookup(fold(tok.bare))
    return not (place and place.kind in ("country", "region")) and not demonym(tok.bare)


def _in_title_phrase(ctx: Context, n: int) -> bool:
    """ "Doctor of Military History": capitals after "Title of" continue the title, not a name."""
    toks = ctx.tokens
    return n >= 2 and toks[n - 1].text.lower() in ("of", "for") and toks[n - 2].cap


def _whole_place(text: str) -> bool:
    return lookup(fold(text)) is not None or demonym(text) is not None


def _speech(ctx: Context, name: list[Token]) -> bool:
    """ "said X", "X said", "X, role, said", "по словам X"."""
    toks = ctx.tokens
    k = name[0].index
    while k > 0 and toks[k - 1].cap and joined(ctx.text, toks[k - 1], toks[k]):
        k -= 1  # skip titles: "said Colonel X"
    if _SPEECH_BEFORE.search(ctx.text[:toks[k].start]):
        return True
    after = ctx.text[name[-1].end:]
    m = re.match(r"\s*(?:,[^,.]{0,120},\s*)?(?P<v>\w+)", after)
    return bool(m and m.group("v").lower() in SPEECH_VERBS)


def _role_before(ctx: Context, n: int) -> str:
    """The title or role written just before a name ("Colonel", "министр обороны Республики X")."""
    toks = ctx.tokens
    k = n
    if k > 0 and toks[k - 1].text.lower() in HONORIFICS and joined(ctx.text, toks[k - 1], toks[k]):
        k -= 1
    between = ctx.text[toks[k - 1].end:toks[k].start] if k > 0 else ""
    if between.strip() == "." and toks[k - 1].bare.lower() + "." in TITLES:
        between = " "  # "Staff-Insp. X": an abbreviated title
    if k > 0 and between.strip() == ",":
        return _role_phrase(ctx, k - 1, after_comma=True)  # "Acme's chief executive, X"
    if k > 0 and (not between.strip() or (ctx.cyrillic and _RU_GAP.fullmatch(between))):
        return _role_phrase(ctx, k - 1, after_comma=False)
    return ""


_NAME_PAIR = re.compile(r"^\s+(?:и|and)\s+(?:[A-ZА-ЯЁ][\w’'-]*\s+){0,2}[A-ZА-ЯЁ][\w’'-]*(?=,\s)")
# Quotes and brackets inside a Russian role: "кандидат от партии «Ауыл» X", "кандидат партии (ОСДП) X".
_RU_GAP = re.compile(r"\s*[«»\"“”()]\s*")


def _near(ctx: Context, a: Token, b: Token) -> bool:
    return joined(ctx.text, a, b) or (ctx.cyrillic and bool(_RU_GAP.fullmatch(ctx.text[a.end:b.start])))


def _title_word(low: str) -> bool:
    """A title or role noun, in Russian in any case form ("лидером", "кандидата", "председатели")."""
    if low in TITLES or low in ROLE_NOUNS:
        return True
    return is_cyrillic(low) and any(low.startswith(stem) and len(low) - len(stem) <= 3 for stem in _ru_role_stems())


@cache
def _ru_role_stems() -> tuple[str, ...]:
    words = {w for w in TITLES | ROLE_NOUNS if is_cyrillic(w) and len(w) >= 5}
    return tuple(sorted({re.sub(r"[аяьйоеи]$", "", w) for w in words}))


def _role_phrase(ctx: Context, last: int, after_comma: bool) -> str:
    """Walk left from token `last` over words a role is made of; start at the leftmost title."""
    toks = ctx.tokens
    start = None
    k = last
    while k >= 0 and last - k < 9:
        tok = toks[k]
        low = tok.bare.lower()
        if k < last and not _near(ctx, tok, toks[k + 1]):
            break
        if _title_word(low):
            start = k
        elif low in SPEECH_VERBS or low in _RU_CONJUNCTIONS or not _role_word(tok, low, after_comma):
            break
        k -= 1
    if start is None or (after_comma and toks[last].bare.lower() not in ROLE_NOUNS):
        return ""
    # Modifiers and owners left of the first title belong to the role: "INIF's managing director",
    # "SIF's investment director"; a bare lower-case word may not open it.
    for left in range(k + 1, start):
        if all(_role_extension(t) or not t.cap and t.alpha for t in toks[left:start]) and \
                _role_extension(toks[left]):
            start = left
            break
    else:
        # Before a comma, nouns after an article are the role's own: "the district police chief, X".
        if after_comma and k + 1 < start and toks[k + 1].text.lower() in ("the", "a", "an"):
            start = k + 2
    words = toks[start:last + 1]
    # "spokesman for Interior Minister X": the spokesman is someone else; X is the minister. (Before a
    # comma the whole phrase is X's: "a spokesman for the Interior Minister, X, said".)
    for n in range(len(words) - 1, 0, -1) if not after_comma else ():
        if words[n].text.lower() in ("for", "to", "of") and words[n - 1].bare.lower() in _RELATIONAL and \
                any(_title_word(w.bare.lower()) for w in words[n + 1:]):
            words = words[n + 1:]
            break
    while words and words[0].text.lower() in HONORIFICS | {"the", "a", "an"}:
        words = words[1:]
    while words and words[-1].text.lower() in HONORIFICS | _LINKS:
        words = words[:-1]
    return ctx.text[words[0].start:words[-1].end] if words else ""


def _role_extension(tok: Token) -> bool:
    low = tok.bare.lower()
    return low in TITLE_MODIFIERS or tok.possessive or (tok.cap and low not in CAPITAL_STOP) or (
        is_cyrillic(low) and bool(_RU_GENITIVE.search(low)))


def _role_word(tok: Token, low: str, after_comma: bool) -> bool:
    if is_cyrillic(tok.text):
        return tok.cap or tok.upper or low in _RU_PREPS or (
            bool(_RU_GENITIVE.search(low) or _RU_OBLIQUE.search(low)) and not _RU_VERB.search(low))
    # Between an owner and a comma, lower-case nouns may sit inside a role ("SIF's investment
    # director, X"); right before a name they are more often a verb ("X met Ambassador Y").
    plain_noun = after_comma and tok.alpha and low not in CAPITAL_STOP and not _EN_NOT_NOUN.search(low)
    return tok.cap or low in _ROLE_LINKS or low in TITLE_MODIFIERS or low in PORTFOLIOS or tok.possessive \
        or plain_noun


def _apposition(ctx: Context, end: int) -> str:
    """ "X, Chief of the Y, ...": the comma-separated role chunks after a name."""
    rest = ctx.text[end:]
    pair = _NAME_PAIR.match(rest)
    if pair:
        rest = rest[pair.end():]  # "X и Y, председатели ...": the role of both
    if not rest.startswith(", "):
        return ""
    chunks = re.split(r",\s+(?=[^\s])", rest[2:])
    kept: list[str] = []
    for chunk in chunks:
        chunk = chunk.strip().rstrip(".!?”\"»")
        words = chunk.split()
        if not words or len(words) > 18:
            break
        first = words[0].lower().strip("\"“")
        if first in ("who", "whom", "which", "that", "whose", "where", "when") or first in SPEECH_VERBS:
            break
        low = [w.lower().strip(",.\"“”()") for w in words]
        lead = low[1:] if low[0] in ("and", "a", "an", "the") else low
        if not lead or not (lead[0] in TITLES or lead[0] in TITLE_MODIFIERS or any(w in ROLE_NOUNS for w in lead)
                            or (is_cyrillic(lead[0]) and _title_word(lead[0]))):
            break
        kept.append(chunk)
    return re.sub(r',"', '",', ", ".join(kept)).strip(" ,")


_AS_ROLE = re.compile(r"^,?\s+(?:was\s+|is\s+)?(?:installed\s+|appointed\s+|named\s+|elected\s+)?as\s+"
                      r"(?:(?:the|a|an|its|their|his|her)\s+)?(?P<r>(?:\w+(?:-\w+)*\s+){0,3}\w+(?:-\w+)*)")


def _role_as(ctx: Context, end: int) -> str:
    """ "appointed X as interim leader", "X, installed as interim leader": a role after "as"."""
    m = _AS_ROLE.match(ctx.text[end:])
    if not m:
        return ""
    words = m.group("r").split()
    for n in range(len(words), 0, -1):
        if words[n - 1].lower() in ROLE_NOUNS and all(
                w.lower() in TITLE_MODIFIERS or w.lower() in PORTFOLIOS or w.lower() in ROLE_NOUNS or w[:1].isupper()
                for w in words[:n]):
            return " ".join(words[:n])
    return ""


def surname_key(name: str) -> str:
    """The merge key of a surname, stemmed so that Russian case forms agree."""
    return stem(fold(name.split()[-1]))


def person_key(name: str) -> str:
    """A person's merge key: surname stem and first initial."""
    return f"person:{surname_key(name)}:{fold(name)[:1]}"
