"""Page-furniture removal, interview structure, script repair and sentence ids.

Every rule is a generic pattern kept in this one module; each removal is recorded on the
article (`Article.removed`) so that `build -v` can list what went where.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Article, Block, Removal, Run, Sentence
from ..text import fold, split_sentences


@dataclass(frozen=True)
class Rule:
    """One furniture pattern: a name shown to the user and what it matches."""

    name: str
    pattern: re.Pattern
    max_len: int = 400        # longer paragraphs are article text, whatever they contain
    credit: bool = False      # keep the matched text as the article's credit line


RULES: tuple[Rule, ...] = (
    Rule("photo credit", re.compile(
        r"^(?:photo|photos|image|picture|illustration|фото|сурет)(?:\s+(?:by|credit|credits|source))?\s*[:：]",
        re.I), credit=True),
    Rule("photo caption", re.compile(
        r"[.!]?\s*(?:photo|image|фото)\s*(?:by|credit|credits|source)?\s*[:：]\s*[^.]{1,80}$", re.I),
        max_len=300, credit=True),
    Rule("subscription call", re.compile(
        r"\b(?:sign up|subscribe|newsletter|sent (?:directly )?to (?:you|your inbox)|follow us on|"
        r"join us on|подпис\w+)\b", re.I), max_len=300),
    Rule("legal footer", re.compile(
        r"\b(?:is registered with the ministry|registration certificate|certificate (?:no|number)\b|"
        r"all rights reserved|reproduction (?:of|in) .{0,40}prohibited|свидетельство о (?:пост\w+ на уч[её]т|"
        r"регистрации)|зарегистрирован\w*|все права защищены)", re.I)),
    Rule("media contact", re.compile(
        r"^(?:media|press) (?:contacts?|enquiries|inquiries)\b|^(?:для сми|контакты для сми)\b|^#{3}$", re.I),
        max_len=400),
    Rule("copyright", re.compile(r"©|\(c\)\s*\d{4}|^copyright\b", re.I), max_len=200),
    Rule("site control", re.compile(
        r"^(?:theme|autoreload|dark mode|light mode|share|share this|print|tweet|comments?|read more|"
        r"advertisement|related(?: articles| news)?|back to top|subscribe|menu|search|font size|"
        r"версия для печати|поделиться|тема)$", re.I), max_len=40),
    Rule("promo link", re.compile(
        r"^(?:read more|read also|also read|see also|more on this|related(?: story| article)?|recommended|"
        r"you may also like|читайте также|смотрите также|по теме)\s*[:：|»›]\s*\S.*$", re.I), max_len=200),
    Rule("view counter", re.compile(
        r"^(?:(?:views?|просмотр\w*|қаралым\w*)\s*:?\s*)?\d[\d\s,.]*(?:\s*views?)?$", re.I), max_len=30),
)

_PUBLICATION = (
    re.compile(r"^(?P<p>[^.!?]{2,80}?) is registered with\b", re.I),
    re.compile(r"\bget (?P<p>(?:the )?[A-Z][^.!?]{1,60}?) (?:stories|news|updates|headlines|articles)\b", re.I),
    re.compile(r"(?:©|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<p>[A-Z][^.!?\d]{2,60})", re.I),
)

# A closing section about the issuer of a press release is boilerplate, not news.
_BOILERPLATE_HEADING = re.compile(
    r"^(?:about (?:the )?\S.{0,80}|notes? to editors|media contacts?|о компании|справка|об? [А-ЯЁ]\S*.{0,60})$", re.I)

_DASH = re.compile(r"^[–—-]\s+")
_QA = re.compile(r"^(?P<q>Q|Question|Вопрос)\s*[:.]\s+|^(?P<a>A|Answer|Ответ)\s*[:.]\s+")

# Letters that look the same in Latin and Cyrillic.
_CYR_TO_LAT = dict(zip("АВЕКМНОРСТХаеорсхуіјѕӀ", "ABEKMHOPCTXaeopcxyijsI"))
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items()}
_MIXED = re.compile(r"\b\w*(?:[A-Za-z][А-Яа-яЁёІіЈјЅѕӀ]|[А-Яа-яЁёІіЈјЅѕӀ][A-Za-z])\w*\b")


def clean(article: Article) -> Article:
    """Remove page furniture, mark interview questions and answers, split sentences."""
    blocks = list(article.blocks)
    removed: list[Removal] = list(article.removed)  # what the reader left out comes first
    credits: list[str] = list(article.credits)
    publication = article.publication or _publication(blocks)
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        rule = _furniture(block, index, article.title)
        if rule is None:
            kept.append(block)
            continue
        removed.append(Removal(rule.name, block.text))
        if rule.credit:
            credit = _credit_text(block.text)
            if credit not in credits:
                credits.append(credit)
    kept = _drop_boilerplate_sections(kept, removed)
    kept = _drop_trailing_controls(kept, removed)
    kept = _interview(kept)
    kept, repairs = _repair_scripts(kept)
    removed.extend(repairs)
    title, title_repairs = _repair_text(article.title)
    removed.extend(Removal("mixed script", r) for r in title_repairs)
    return replace(article, title=title, blocks=tuple(_with_sentences(kept)), removed=tuple(removed),
                   credits=tuple(credits), publication=publication)


def _furniture(block: Block, index: int, title: str) -> Rule | None:
    if block.kind not in ("paragraph", "quote", "item"):
        return None
    text = block.text.strip()
    if index < 3 and fold(text) == fold(title):
        return Rule("repeated title", re.compile(""))
    for rule in RULES:
        if len(text) <= rule.max_len and rule.pattern.search(text):
            if rule.name == "view counter" and index > 2:
                continue
            return rule
    return None


def _credit_text(text: str) -> str:
    m = re.search(r"(?:photo|image|picture|illustration|фото|сурет)\b.*$", text, re.I)
    return (m.group(0) if m else text).strip()


def _drop_boilerplate_sections(blocks: list[Block], removed: list[Removal]) -> list[Block]:
    """Drop an "About <issuer>" section (heading and its paragraphs) in the last half of an article."""
    out: list[Block] = []
    skipping = False
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            skipping = i >= len(blocks) / 2 and bool(_BOILERPLATE_HEADING.match(block.text.strip()))
        if skipping:
            removed.append(Removal("boilerplate section", block.text))
        else:
            out.append(block)
    return out


def _drop_trailing_controls(blocks: list[Block], removed: list[Removal]) -> list[Block]:
    """Short lines without sentence punctuation after the last paragraph are site controls."""
    while blocks and blocks[-1].kind == "paragraph":
        text = blocks[-1].text.strip()
        if len(text.split()) > 3 or re.search(r"[.!?]$", text):
            break
        removed.append(Removal("site control", text))
        blocks.pop()
    return blocks


def _publication(blocks: list[Block]) -> str:
    """The publication, when the page's closing lines name it."""
    for pattern in _PUBLICATION:
        for block in reversed(blocks[-8:]):
            m = pattern.search(block.text.strip())
            if m:
                name = re.sub(r"\s+", " ", m.group("p")).strip(" -–—«»\"'")
                if 1 <= len(name.split()) <= 6:
                    return name
    return ""


def _interview(blocks: list[Block]) -> list[Block]:
    """Mark questions and answers: dash-led or Q:/A:-led paragraphs, questions ending in '?'."""
    dashed = [b for b in blocks if b.kind == "paragraph" and (_DASH.match(b.text) or _QA.match(b.text))]
    if len(dashed) < 2 or not any(b.text.rstrip(" ”\"»").endswith("?") for b in dashed):
        return blocks
    out: list[Block] = []
    state = ""
    for b in blocks:
        m = _DASH.match(b.text) or _QA.match(b.text) if b.kind == "paragraph" else None
        if m:
            runs = _strip_prefix(b.runs, m.end())
            question = m.groupdict().get("q") or (not m.groupdict().get("a")
                                                  and b.text.rstrip(" ”\"»").endswith("?"))
            state = "question" if question else "answer"
            out.append(replace(b, kind=state, runs=runs))
        elif b.kind == "paragraph" and state:
            out.append(replace(b, kind="answer"))
            state = "answer"
        else:
            out.append(b)
            state = "" if b.kind == "heading" else state
    return out


def _strip_prefix(runs: tuple[Run, ...], n: int) -> tuple[Run, ...]:
    out = []
    for r in runs:
        if n >= len(r.text):
            n -= len(r.text)
            continue
        out.append(replace(r, text=r.text[n:]))
        n = 0
    return tuple(out)


def _repair_text(text: str) -> tuple[str, list[str]]:
    repairs = []

    def fix(m: re.Match) -> str:
        word = m.group(0)
        latin = sum(c.isascii() and c.isalpha() for c in word)
        table = _CYR_TO_LAT if latin * 2 >= sum(c.isalpha() for c in word) else _LAT_TO_CYR
        fixed = "".join(table.get(c, c) for c in word)
        if fixed != word:
            repairs.append(f"{word} -> {fixed}")
        return fixed

    return _MIXED.sub(fix, text), repairs


def _repair_scripts(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """Words that mix Latin and Cyrillic look-alikes break search; make each word one script."""
    out, removed = [], []
    for b in blocks:
        runs = []
        for r in b.runs:
            text, repairs = _repair_text(r.text)
            removed.extend(Removal("mixed script", x) for x in repairs)
            runs.append(replace(r, text=text))
        out.append(replace(b, runs=tuple(runs)))
    return out, removed


def _with_sentences(blocks: list[Block]) -> list[Block]:
    out = []
    n = 0
    for b in blocks:
        if b.kind in ("table", "image"):
            out.append(b)
            continue
        sentences = []
        for start, end in split_sentences(b.text):
            n += 1
            sentences.append(Sentence(f"s{n}", start, end))
        out.append(replace(b, sentences=tuple(sentences)))
    return out
