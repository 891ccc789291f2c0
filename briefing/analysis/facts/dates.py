"""Calendar dates written in a sentence ("May 31", "31 мая 2024 года") and the event they mark."""
from __future__ import annotations

import re
from functools import lru_cache

from .mention import Context, Mention
from .phrases import clause, cut, tidy
from ...text import KK_MONTHS as _KK_MONTHS, month_number  # noqa: F401 (re-exported)

_EN_MONTH = r"(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November|" \
            r"December)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_RU_MONTH = r"(?P<m>января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_KK_MONTH = r"(?P<m>(?:" + "|".join(_KK_MONTHS) + r")\w*)"
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)"

DATE_PATTERNS = (
    re.compile(rf"\b{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"(?<![\w-]){_DAY}\s+{_RU_MONTH}(?:\s+{_YEAR}\s*(?:года|г\.)?)?(?!\w)", re.I),
    re.compile(rf"(?:{_YEAR}\s+жылғы\s+)?(?<![\w-]){_DAY}\s+{_KK_MONTH}", re.I),
    re.compile(rf"\b(?<=in ){_EN_MONTH}\s+{_YEAR}\b"),
)
_DIGIT = re.compile(r"\d")
# Words that introduce the event after the date's own verb ("hosted X on May 31").
_VERB = re.compile(r"\b\w+ed\b|\b(?:held|met|took|began|begun|opened|will|was|were|is|are|hosts|holds)\b")
_SAID = re.compile(r"^.{0,60}?\b(?:said|says|told reporters|announced|noted|added|stated|заявил[а]?|сообщил[а]?)"
                   r"\s+(?:that\s+|что\s+)?", re.I)
_MARKED = re.compile(r"(?:,\s*)?\b(?:observed|held|celebrated|marked|commemorated|due|scheduled|set|"
                     r"which falls|falling)\s+(?:on\s+)?$", re.I)


@lru_cache(maxsize=8192)
def find_dates(ctx: Context) -> list[Mention]:
    """Every day-and-month (or month-and-year) date of the sentence, with its event."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    if not _DIGIT.search(ctx.text):
        return _named_days(ctx, taken)  # every other date pattern has a day or a year in digits
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(ctx.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            mention = _mention(ctx, m)
            if mention:
                taken.append(m.span())
                out.append(mention)
    return sorted(out + _named_days(ctx, taken), key=lambda x: x.span)


def _named_days(ctx: Context, taken: list[tuple[int, int]]) -> list[Mention]:
    """ "said Sunday", "on Wednesday night", "in March": a day or a month named without a number.

    Such a date has no ISO form (the week or year is the reader's to work out), so it stays out of
    the timeline; it is one fact per article ("Sunday" of one article is not another's)."""
    out = []
    for m in _NAMED_DAY.finditer(ctx.text):
        group = next(g for g in ("w", "w2", "w3", "w4") if m.group(g))
        start, end = m.span(group)
        if any(a < end and start < b for a, b in taken):
            continue
        before, after = ctx.text[:start], ctx.text[end:]
        if re.match(r"\s+\d", after):
            continue  # "March 2003", "Friday 13": another pattern's
        if group == "w" and not _DAY_LEAD.search(before) and (
                re.search(r"[A-Z][\w’'-]*\s+$", before) or re.match(r"(?:[’']s)?\s+[A-Z]", after)):
            continue  # "Good Friday", "the Sunday Times": a name with a day in it
        word = m.group(group)
        if group == "w":
            part = re.match(r"\s+(?:night|morning|afternoon|evening)\b", ctx.text[end:])
            if part:
                end += part.end()
                word = ctx.text[start:end]  # "Saturday night"
        if group == "w4":
            end += len(re.match(r"(?:\s+году|\s+г\.)?", ctx.text[end:]).group(0))  # "в 2010 году"
        month = month_number(word.lower()) if group != "w4" else 0
        iso = word if group == "w4" else f"{ctx.year:04d}-{month:02d}" if month and ctx.year else ""
        event = event_of(ctx.text, start, end)
        key = f"day:{ctx.ref.article}:{word.lower()}:{fold_event(event)}"
        out.append(Mention("date", word, key, ctx.ref, ctx.order, span=(start, end), iso=iso, about=event))
    return out


def fold_event(event: str) -> str:
    return " ".join(event.lower().split()[:4])


_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH_ALONE = r"January|February|March|April|May|June|July|August|September|October|November|December"
# A weekday after a verb or "on"/"last"/"late"..., or a month after "in"/"since"/"until"/"by"/"last"/"next".
_RU_MONTH_ALONE = r"январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
_NAMED_DAY = re.compile(
    rf"\b(?P<w>{_WEEKDAY})\b|"
    rf"(?:(?<=\b[вВ] )|(?<=\bс )|(?<=\bдо ))(?P<w3>{_RU_MONTH_ALONE})(?!\w)|"
    rf"(?:(?<=\bin )|(?<=\b[вВ] ))(?P<w4>1[89]\d\d|20\d\d)(?=(?:\s+году|\s+г\.)|(?!\s*(?:год|г\.|\w|%|[.,]\d)))|"
    rf"(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\blast )|(?<=\bnext )|(?<=\bearly )|(?<=\blate )|"
    rf"(?<=\bmid-))(?P<w2>{_MONTH_ALONE})\b")
# Words before a weekday that make it a date even before a capitalised word ("said last Wednesday Abu ...").
_DAY_LEAD = re.compile(r"\b(?:on|last|late|early|this|next|said|says|told|announced|by)\s+$")



def _mention(ctx: Context, m: re.Match) -> Mention | None:
    month = month_number(m.group("m"))
    day = int(m.group("d")) if m.groupdict().get("d") else 0
    year = int(m.group("y")) if m.group("y") else None
    if not month:
        return None
    if day:
        iso = f"{year:04d}-{month:02d}-{day:02d}" if year else (
            f"{ctx.year:04d}-{month:02d}-{day:02d}" if ctx.year else f"--{month:02d}-{day:02d}")
    elif year:
        iso = f"{year:04d}-{month:02d}"
    else:
        return None
    text = m.group(0).strip()
    event = event_of(ctx.text, m.start(), m.end())
    return Mention("date", text, iso, ctx.ref, ctx.order, span=m.span(), iso=iso, about=event)


def event_of(text: str, start: int, end: int) -> str:
    """A short phrase naming the event a date marks, cut from its sentence."""
    before = text[:start]
    named = _MARKED.search(before)
    if named:
        # "On X Day, observed on May 29, ..." names the event just before the date.
        head_end = named.start()
        a, _ = clause(text, head_end - 1, head_end - 1)
        name = re.sub(r"^(?:on|in|at)\s+", "", text[a:head_end].strip(), flags=re.I)
        if len(name.split()) >= 2:
            return tidy(name)
    # Drop "on"/"in"/"since" before the date, then take the clause around it.
    lead = re.search(r"\b(?:on|in|since|from|until|by|of|в|с|до|на)\s+$", before, re.I)
    start = lead.start() if lead else start
    a, b = clause(text, start, end)
    if a == start and b - end < 12:
        # The date ends its clause ("..., on May 29,"): the main clause after it is the event.
        a, b = clause(text, b + 1, b + 1)
        return tidy(text[a:b])
    phrase = cut(text[a:b], start - a, end - a)
    if not phrase.strip(" ,.;:–—-"):
        # A dateline ("LISBON, March 3, 2025 — X announced ..."): the event is what follows.
        return tidy(text[b:].lstrip(" ,.;:–—-"))
    # "X said the first stations would be working": the reported clause is the event.
    said = _SAID.match(phrase)
    if said and len(phrase[said.end():].split()) >= 3:
        phrase = phrase[said.end():]
    words = phrase.split()
    for i, w in enumerate(words[:-2]):
        # "The Centre (X) hosted the first roundtable ..." -> "the first roundtable ...".
        if i >= 2 and _VERB.fullmatch(w) and not w[0].isupper():
            return tidy(" ".join(words[i + 1:]), 20)
    return tidy(phrase, 20)
