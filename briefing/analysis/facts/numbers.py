"""Figures: numbers that count or measure something ("more than 600 military personnel", "30%")."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .about import figure_about
from .gazetteer import demonym
from .mention import Context, Mention
from .morph import stem
from .numwords import SCALES, is_number_word, number_word_runs, words_value

_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "$US": "USD", "A$": "AUD", "€": "EUR", "£": "GBP", "₸": "KZT", "₽": "RUB", "¥": "CNY"}
_CURRENCY_WORDS = {
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "kzt": "KZT", "rub": "RUB", "cny": "CNY",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pounds": "GBP", "tenge": "KZT",
    "rubles": "RUB", "roubles": "RUB", "yuan": "CNY", "тенге": "KZT", "теңге": "KZT", "долларов": "USD",
    "доллара": "USD", "доллар": "USD", "евро": "EUR", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB",
}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
          "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
          "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллиона": 1e6,
          "миллионов": 1e6, "миллион": 1e6, "млрд": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
          "миллиард": 1e9, "трлн": 1e12, "мың": 1e3}

_NUMBER = re.compile(
    r"(?P<cur>US\$|\$US|A\$|\$|€|£|₸|₽|¥|\b(?:USD|EUR|GBP|KZT|RUB|CNY|JPY|CHF|SEK|NOK|DKK|PLN|CZK|HUF|TRY|UAH|UZS|KGS|"
    r"INR|AED|SAR|CAD|AUD|BRL)\s?)?"
    r"(?:(?<=\$US)|(?<![\w.,/-]))(?P<num>\d+\s[1-7]/[2-8](?!\d)|\d{1,3}(?:(?:,|[\u00a0\u202f\u2009])\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+|"
    r"\d+(?:[.,]\d+)?)(?![\d])"
    r"(?:\s?(?P<scale>(?i:thousand|millions?|billions?|trillion|mln|mn|bn|tn|тыс\.?|тысяч[аи]?|млн\.?|"
    r"миллион(?:а|ов)?|млрд\.?|миллиард(?:а|ов)?|трлн\.?|мың))(?![\w])|(?P<short>[mbk])(?![\w]))?"
    r"(?P<pct>\s?%|\s(?:percent|per cent|процент\w*|пайыз)\b)?")
_QUALIFIER = re.compile(
    r"(?P<q>more than|over|about|around|approximately|nearly|almost|up to|at least|some|roughly|"
    r"just over|just under|less than|fewer than|under|as many as|as much as|an estimated|"
    r"close to|in excess of|at most|upwards of|более чем|более|свыше|около|почти|порядка|примерно|"
    r"приблизительно|не менее|не более|менее|до|шамамен|жуық)\s+$", re.I)
_GLUED_UNIT = re.compile(r"(?:km|kg|cm|mm|ha|mw|kw|gw|kwh|mph|kph|km/h|m|t|c)(?![\w/])", re.I)
_AGE = re.compile(r"[-‐](?:year|month|week)[-‐]old\b")
_IDENT_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*|№|#|\bNo\.?|\bnumber|\bver\.?|\bv)\s*$")
_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"\+?\d[\d\s()-]{7,}\d")
# "10:30", "10.30am", "at 10.30": a clock time ("2.66 billion" is none: its minutes would be 66).
_TIME = re.compile(r"\b\d{1,2}:[0-5]\d\s*(?:a\.m\.|p\.m\.|am|pm|GMT|UTC)?|"
                   r"\b\d{1,2}\.[0-5]\d\s*(?:a\.m\.|p\.m\.|am|pm|GMT|UTC)|(?<=\bat )\d{1,2}\.[0-5]\d\b|"
                   r"\b\d{1,2}\s*(?:a\.m\.|p\.m\.)")
_SUFFIX = re.compile(r"^(?:st|nd|rd|th|-?[a-zA-Zа-яА-Я])")
# Words after a number that end the counted noun phrase.
_STOP = frozenset("""
in on at to for with from by and or but as of than that which who were was is are be been have
through across within without among along toward towards upon like including plus via
has had will would could can may might did do does not since ago per each a an the this its their
year-on-year compared against between during after before over under into across
took take takes made make makes went go goes came come comes gave give gives got get gets left
fell rose won lost held met saw ran fled spent paid sent set put brought began become became
stood kept found told remain remains say says
в на и по с из о об от до для за при к у что как а но или чем который которые были был была
будет будут это составляет составил составила составили
""".split())
_AGO = re.compile(r"\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|later|before|after)\b", re.I)
_STREETS = frozenset("street st avenue ave road rd boulevard blvd lane drive square prospekt highway "
                     "улица ул проспект пр переулок шоссе даңғылы көшесі".split())
_VAGUE_BEFORE = re.compile(r"\b(?:the|these|those|both|all|its|their|our|his|her|my|your|every|each|"
                           r"first|last|next|other|another)\s+$", re.I)


def find_figures(ctx: Context, masked: list[tuple[int, int]]) -> list[Mention]:
    """Every figure of the sentence outside the masked spans (dates, names)."""
    text = ctx.text
    out: list[Mention] = []
    if sum(t.alpha for t in ctx.tokens) < 2:
        return out  # "Views: 1 487" is a label, not a statement
    if _DIGIT.search(text):
        masked = masked + [m.span() for m in _PHONE.finditer(text) if len(re.sub(r"\D", "", m.group())) >= 9]
        masked += [m.span() for m in _TIME.finditer(text)]
    for start, end, value, unit in _numbers(ctx):
        if any(a < end and start < b for a, b in masked):
            continue
        q = _QUALIFIER.search(text[max(0, start - 25):start])
        qstart = start - len(q.group(0)) if q else start
        qualifier = q.group("q").lower() if q else ""
        if not unit:
            unit = _counted(ctx, end)
            if _address(unit):
                continue
        out.append(Mention("figure", text[qstart:end].strip(), "", ctx.ref, ctx.order, span=(qstart, end),
                           value=value, qualifier=qualifier, unit=unit))
    spans = [m.span for m in out]
    return [replace(m, about=figure_about(text, m.span, [s for s in spans if s != m.span], _amount(m.unit))
                    or m.unit) for m in out]


def _numbers(ctx: Context):
    """(start, end, value, unit) of each digit or word number that is a figure."""
    text = ctx.text
    digit_spans = []
    for m in _NUMBER.finditer(text) if _DIGIT.search(text) else ():
        digit_spans.append(m.span())
        value = _digits(m.group("num"), ctx.cyrillic)
        if value is None or not _is_figure(text, m, value, ctx.cyrillic):
            continue
        scale = m.group("scale") or (m.group("short") if m.group("cur") else None)
        if scale:
            value = round(value * _SCALE[scale.lower().rstrip(".")], 6)  # 4.1 * 1e6 is not exact
        unit = "%" if m.group("pct") else _currency(text, m.end(), m.group("cur"))
        yield m.start("cur") if m.group("cur") else m.start("num"), m.end(), value, unit
    for start, end in number_word_runs(ctx.tokens):
        if any(a < end and start < b for a, b in digit_spans):
            continue  # the scale word of "€1.5 billion"
        value = words_value(text[start:end])
        if value is None or not _word_is_figure(text, start, end, value):
            continue
        pct = re.match(r"\s(?:percent|per cent|процент\w*)\b", text[end:])
        unit = "%" if pct else _currency(text, end)
        yield start, end + (pct.end() if pct else 0), value, unit


def _digits(num: str, cyrillic: bool) -> float | None:
    whole = re.fullmatch(r"(\d+)\s([1-7])/([2-8])", num)
    if whole:
        return int(whole.group(1)) + int(whole.group(2)) / int(whole.group(3))  # "3 1/2 hours"
    raw = num.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "")
    if re.fullmatch(r"\d{1,3}(?: \d{3})+", raw):
        if not cyrillic:
            return None  # "in 2019 1 250" is too rare to read space-grouped digits in English
        raw = raw.replace(" ", "")
    if not cyrillic and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")  # English groups thousands with commas ...
    raw = raw.replace(",", ".")      # ... Russian and Kazakh write decimals with one
    try:
        return float(raw)
    except ValueError:
        return None


def _is_figure(text: str, m: re.Match, value: float, cyrillic: bool) -> bool:
    """Whether a digit number counts something, rather than being a year, ordinal or identifier."""
    start, end = m.start("num"), m.end()
    after, before = text[end:], text[:start]
    if not re.search(r"[\w-]$", before) and (_GLUED_UNIT.match(after) or _AGE.match(after)):
        return True  # "1800km", "a 21-year-old man"
    if _SUFFIX.match(after) or re.match(r"[-‐][\dA-ZА-Я]", after) or (
            re.search(r"[\w-]$", before) and not m.group("cur")):
        return False  # "21st", "10484-AA", "COVID-19"
    plain = re.fullmatch(r"\d{4}", m.group("num")) and not (m.group("scale") or m.group("pct") or m.group("cur"))
    if plain and 1800 <= value <= 2100 and not _QUALIFIER.search(before):
        return False  # a year; counts in this range are written "2,000" or come with "about"
    if m.group("cur") or m.group("pct"):
        return True
    ident = _IDENT_BEFORE.search(before)
    if ident and not _QUALIFIER.search(before) and not re.search(r"^\W*[A-Z]\w*\s*$", before):
        return False  # "Resolution 1325", "No. 5"
    if re.match(r"\s*\(\s*\d{4}\s*\)", after):
        return False
    return True


def _word_is_figure(text: str, start: int, end: int, value: float) -> bool:
    """Whether number words quantify something: not "one of the first", "the two countries"."""
    before, after = text[:start], text[end:]
    words = text[start:end].lower().split()
    if (value == 1 and len(words) == 1) or words[0] in SCALES:
        return False  # "one of the first"; a bare "million" or "thousands" counts nothing
    if after.startswith("-") or re.match(r"\s+of\s+(?:the|us|them|those|these)\b", after) and value < 100:
        return False  # "two-day", "two of the"
    if _VAGUE_BEFORE.search(before):
        return False
    if value < 100 and not re.match(r"\s+[\w“\"]", after):
        return False  # a bare "seven." quantifies nothing we can name
    if _AGO.match(after):
        return False  # "two years earlier" dates something; it counts nothing
    return True


def _currency(text: str, end: int, sign: str | None = None) -> str:
    """The currency of an amount: a sign before it ("$", "€") or a word after it ("tenge")."""
    if sign:
        return _CURRENCY_SIGNS.get(sign.strip(), sign.strip().upper())
    nxt = re.match(r"\s+(?:US\s+|U\.S\.\s+)?([^\W\d_]+)", text[end:])
    return _CURRENCY_WORDS.get(nxt.group(1).lower(), "") if nxt else ""


def _counted(ctx: Context, end: int) -> str:
    """The noun phrase after a number: what it counts ("military personnel", "units of equipment")."""
    tokens = [t for t in ctx.tokens if t.start >= end]
    words: list[str] = []
    prev_end = end
    for i, tok in enumerate(tokens):
        between = ctx.text[prev_end:tok.start]
        if between.strip() or not tok.alpha:
            break
        low = tok.text.lower()
        if low in _STOP and not (low == "of" and words and i + 1 < len(tokens)):
            break
        if low == "of" and words:
            # "units of equipment": keep one or two nouns after "of".
            tail = [t.text for t in tokens[i + 1:i + 3] if t.text.lower() not in _STOP and t.alpha
                    and t.text[0].islower()]
            words += ["of", *tail[:1]] if tail else []
            break
        if not ctx.cyrillic and low.endswith("ed") and (
                i + 1 >= len(tokens) or tokens[i + 1].text.lower() in _STOP
                or ctx.text[tok.end:tokens[i + 1].start].strip()):
            break  # "17 died and 33 were wounded": a verb, not a noun
        if is_number_word(tok.text):
            break  # "4.1 million tonnes two years earlier"
        words.append(tok.text)
        prev_end = tok.end
        if len(words) >= (2 if ctx.cyrillic else 4):
            break
    while words and words[0][0].isupper() and demonym(words[0]):
        words.pop(0)  # "600 Kazakh military personnel" counts military personnel
    return " ".join(words)


def _address(unit: str) -> bool:
    """ "12 Abay Avenue" is a street number, not a count."""
    return bool(unit) and unit.split()[-1].lower().rstrip(".") in _STREETS


def _amount(unit: str) -> bool:
    """Whether a figure is a share or a sum of money, which a preposition introduces ("by 12%")."""
    return unit == "%" or (len(unit) == 3 and unit.isupper())


@lru_cache(maxsize=4096)
def figure_head(unit: str) -> str:
    """The head noun of a counted phrase, stemmed: "units of equipment" -> "unit"."""
    words = unit.lower().split(" of ")[0].split()
    if not words:
        return ""
    head = stem(words[-1])
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def cell_value(cell: str) -> tuple[float, str] | None:
    """(value, unit) of a table cell that holds nothing but a figure; None otherwise."""
    text = cell.strip()
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    value = _digits(m.group("num"), cyrillic=False)
    if value is None or (re.fullmatch(r"\d{4}", text) and 1800 <= value <= 2100):
        return None
    scale = m.group("scale") or (m.group("short") if m.group("cur") else None)
    if scale:
        value = round(value * _SCALE[scale.lower().rstrip(".")], 6)
    return value, "%" if m.group("pct") else _currency(text, m.end(), m.group("cur"))
