"""Page-furniture removal, interview structure, script repair and sentence ids.

Every rule is a generic pattern kept in this one module; each removal is recorded on the
article (`Article.removed`) so that `build -v` can list what went where.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Article, Block, Removal, Run, Sentence
from ..text import fold, split_sentences

_NETWORK = (r"(?:facebook|x|twitter|linkedin|whatsapp|telegram|reddit|pinterest|vk|vkontakte|messenger|"
            r"threads|bluesky|mastodon|e-?mail)")
# The controls of a comments section; the first group of alternatives also opens one.
_COMMENT_OPENER = (r"\d[\d,.]*\s+comments?|comments?(?:\s*\(\d+\))?|(?:reader|user)s?' comments|"
                   r"(?:log|sign) in(?: or (?:register|sign up))? to (?:comment|reply|join the discussion)|"
                   r"join the (?:conversation|discussion)|(?:add|post|leave|write) a comment")
_COMMENT_CONTROL = re.compile(
    rf"^(?:{_COMMENT_OPENER}|reply|report|sort by\b.{{0,20}}|(?:show|load|view|see|read) (?:more|all|\d+)"
    rf"(?: more)? (?:comments|replies)|\d[\d,.]*\s+(?:likes?|replies))$", re.I)
_OPENS_COMMENTS = re.compile(rf"^(?:{_COMMENT_OPENER})$", re.I)
_REPLY = re.compile(r"^reply\b(?:\s*[·|•]\s*\w+){0,3}$", re.I)
# A line giving when a comment was written ("2 hours ago", "Daniyar K. · 8 April 2025 at 10:14").
_COMMENT_TIME = re.compile(
    r"(?:^|[\s·|•,])(?:(?:\d+|an?|one)\s+(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago|"
    r"\d+\s*[smhdw]|just now|yesterday|today|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}|"
    r"[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|вчера|сегодня|\d+\s+\w+\s+назад)"
    r"(?:,?\s*(?:at\s+|в\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$", re.I)
_TIME_CHARS = 80
# What follows a Reply button: a like count, a Report or Like button.
_AFTER_REPLY = re.compile(r"^(?:\d[\d,.]*|likes?|dislike|report|\d[\d,.]*\s+(?:likes?|replies))$", re.I)
# How many blocks before its Reply button a comment's time may be: the time, up to three
# paragraphs of text, and the button.
_COMMENT_BLOCKS = 5
# A heading over a list of other articles, as sites put under or beside an article.
_OTHER_ARTICLES = re.compile(
    r"^(?:most (?:read|popular|viewed|shared|commented)(?: (?:today|this week|stories|articles))?|"
    r"related(?: articles| stories| news| content| reading| coverage| posts)?|"
    r"recommended(?: for you| articles| stories| reading)?|you (?:may|might) also (?:like|be interested in)|"
    r"(?:more|other|latest|top|popular) (?:stories|news|articles|headlines)|more (?:from|on|in) .{1,40}|"
    r"trending(?: now| stories| news)?|editor'?s picks|read next|what to read next|see also|"
    r"самое читаемое|читайте также|популярное|похожие (?:новости|статьи))$", re.I)
# A headline in such a list: short, and not ending as a sentence of the article does.
_HEADLINE_CHARS = 300
_SENTENCE_END = re.compile(r"""[.!?…:;]["”»')]*$""")  # a question is article text too
_LIST_ITEMS = 15
_NUMBERED = re.compile(r"^\d{1,2}[.)]?\s+\S")


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
    # The lines a page copied from a browser keeps, which the HTML reader drops with their elements.
    Rule("skip link", re.compile(
        r"^(?:skip|jump|go) to (?:the )?(?:main )?(?:content|article|navigation|menu|search|footer)$", re.I),
        max_len=40),
    Rule("share button", re.compile(
        rf"^(?:(?:share|post|send)(?: this(?: article| story| page)?)?(?: on| to| via| by) {_NETWORK}|"
        rf"{_NETWORK}|copy(?: the)? link|link copied|copy url)$", re.I), max_len=40),
    Rule("comment control", _COMMENT_CONTROL, max_len=60),
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
    sections = _sections(blocks)
    for index, block in enumerate(blocks):
        if index in sections:
            removed.append(Removal(sections[index], block.text))
            continue
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


# The rules that match whole lines of page controls, never a headline.
_CONTROL_RULES = frozenset({"site control", "skip link", "share button", "comment control"})


def control_rule(line: str) -> Rule | None:
    """The rule of a line that is a control of the page around an article ("Skip to main content",
    "Menu", "Share on Facebook", "12 comments"), or None; a text reader drops such lines before
    the title. Rules that may match a real title (subscription calls, say) are not tried."""
    line = line.strip()
    for rule in RULES:
        if rule.name in _CONTROL_RULES and len(line) <= rule.max_len and rule.pattern.search(line):
            return rule
    return None


def _sections(blocks: list[Block]) -> dict[int, str]:
    """The blocks of the sections around an article, by index with the rule's name: comments
    under it, and lists of other articles ("Most read", "Related articles")."""
    found: dict[int, str] = {}
    texts = [b.text.strip() if b.kind in ("paragraph", "heading", "item", "quote") else "" for b in blocks]
    for i, text in enumerate(texts):
        if i in found:
            continue
        if _OPENS_COMMENTS.match(text):
            found.update(dict.fromkeys(_comments(texts, i), "comment"))
        elif len(text) <= 60 and _OTHER_ARTICLES.match(text):
            headlines = _headlines(texts, i)
            if len(headlines) > 1:   # a lone heading is a site control, for the line rules
                found.update(dict.fromkeys(headlines, "list of other articles"))
    return found


def _comments(texts: list[str], start: int) -> list[int]:
    """The comments a comments heading opens. Each ends with its Reply button (and a like count
    or Report button after it); before the button are its text and, when a line gives its time
    ("2 hours ago"), that line and the author's name above it. Without a time, the text is the
    block before the button, with a name above it. Article text above never belongs to one.
    The section ends at the next heading of comments or of a list, or where no Reply follows."""
    found: list[int] = []
    boundary = start            # the comments heading, then the end of the last comment
    reply = start + 1
    while reply < len(texts) and reply - boundary <= 2 * _COMMENT_BLOCKS:
        text = texts[reply]
        if _OPENS_COMMENTS.match(text) or (len(text) <= 60 and _OTHER_ARTICLES.match(text)):
            break
        if not _REPLY.match(text):
            reply += 1
            continue
        first = _comment_start(texts, boundary + 1, reply)
        end = reply + 1
        while end < len(texts) and (_AFTER_REPLY.match(texts[end]) or _COMMENT_CONTROL.match(texts[end])):
            end += 1
        found += range(first, end)
        boundary, reply = end - 1, end
    return found


def _comment_start(texts: list[str], low: int, reply: int) -> int:
    """Where the comment whose Reply button is at `reply` begins, not before `low`: its time line
    or else the block above the button, and the author's name above that."""
    window = range(reply - 1, max(low, reply - _COMMENT_BLOCKS) - 1, -1)
    top = next((i for i in window if len(texts[i]) <= _TIME_CHARS and _COMMENT_TIME.search(texts[i])), reply - 1)
    top = max(top, low)
    return top - 1 if top - 1 >= low and _is_name(texts[top - 1]) else top


def _is_name(text: str) -> bool:
    return 0 < len(text) <= 40 and len(text.split()) <= 4


def _headlines(texts: list[str], start: int) -> range:
    """A list heading and the headlines under it: short lines that do not end as sentences do
    (numbered ones, when the first is numbered)."""
    numbered = start + 1 < len(texts) and bool(_NUMBERED.match(texts[start + 1]))
    end = start + 1
    while (end < len(texts) and end - start <= _LIST_ITEMS and _is_headline(texts[end])
           and (not numbered or _NUMBERED.match(texts[end]))):
        end += 1
    return range(start, end)


def _is_headline(text: str) -> bool:
    return (0 < len(text) <= _HEADLINE_CHARS and not _SENTENCE_END.search(text)
            and not _OTHER_ARTICLES.match(text) and not _OPENS_COMMENTS.match(text))


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
