"""Readers: one per source format, each turning a file into an `Article` (blocks of runs)."""
from __future__ import annotations

import codecs
import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from ..errors import SourceError
from ..model import Article, Block, Image, Removal, Run

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
MHTML_SUFFIXES = (".mhtml", ".mht")    # a web page saved as a single file (Chrome, Edge)
DOCX_SUFFIXES = (".docx",)             # a Word document
# Files in sources/ that are settings or assets, not articles.
IGNORED_NAMES = frozenset({"facts.toml", "report.toml"})
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".toml", ".css"})
# Limits (README, "What happens with bad input"): a saved page with its inline assets stays well
# under the first; the second is about 120 printed pages, a book rather than an article.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 400_000
# The removal rule of a resource a reader left out because it is not a file beside the article;
# the collector reports these as warnings.
OUTSIDE = "outside resource"

# Files that are evidently not text, whatever their extension says.
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a zip archive (such as .docx, .odt or .epub)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "a program"),
)
# Characters XML (so the EPUB) cannot carry, and C1 controls left after ftfy's repairs.
_C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Control characters (Unicode category Cc) other than tab, line feed, vertical tab, form feed and
# carriage return.
_CC = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def decode(data: bytes, path: Path) -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then a detected legacy encoding."""
    text = _decode(data, path)
    controls = len(_CC.findall(text, 0, 100_000))
    if controls > max(3, len(text[:100_000]) // 100) or text.count("\ufffd") > max(3, len(text) // 100):
        raise SourceError("looks like a binary file, not text; remove it or re-save it as UTF-8 text", path)
    return text


def _decode(data: bytes, path: Path) -> str:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise SourceError(f"is {what}, not a text article; save its text as .txt or .md, or move it "
                              "out of the sources folder", path)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"starts with a {codec} byte-order mark but is not valid {codec} "
                                  f"({exc.reason}); re-save it as UTF-8", path) from None
    if b"\x00" in data:
        raise SourceError("contains NUL bytes, so it is not a text article; remove it or "
                          "re-save it as UTF-8 text", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError("is not text in any known encoding; re-save it as UTF-8", path)
    return str(best)


def tidy(text: str) -> str:
    """Repair mojibake (ftfy, encoding errors only: quotes, widths and ligatures stay as written),
    unify line ends, drop characters XML cannot carry, and normalise to NFC."""
    import ftfy

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    # C0 controls go first, so they cannot split a mojibake sequence; C1 ones are ftfy's to repair.
    return plain(ftfy.fix_text(_C0.sub("", text), _fixer()))


def plain(text: str) -> str:
    """Text in NFC without the characters XML cannot carry (C0/C1 controls but tab and newline,
    U+FFFE, U+FFFF, lone surrogates)."""
    return unicodedata.normalize("NFC", _CONTROLS.sub("", text))


@functools.cache
def _fixer():
    import ftfy

    return ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                remove_control_chars=False, normalization="NFC", explain=False)


def read_article(path: Path) -> Article:
    """Read one source file into an Article, choosing the reader by extension."""
    from .packed import MAX_PACKED_BYTES, mhtml_page

    suffix = path.suffix.lower()
    reader = reader_for(path)
    if suffix in DOCX_SUFFIXES:   # read from its bytes: a zip of XML parts
        article = read_docx(read_bytes(path, MAX_PACKED_BYTES), path)
    elif reader is None:
        raise SourceError(f"unknown file type '{path.suffix}'; use .txt, .md, .html, .mhtml or .docx "
                          "(or move the file out of the sources folder)", path)
    else:
        data = read_bytes(path, MAX_PACKED_BYTES if suffix in MHTML_SUFFIXES else MAX_FILE_BYTES)
        text = mhtml_page(data, path) if suffix in MHTML_SUFFIXES else decode(data, path)
        if reader is not read_html and len(text) > MAX_TEXT_CHARS:
            raise _too_long(len(text), path)  # before any parsing: its size alone decides
        text = tidy(text)
        if not text.strip():
            raise SourceError("is empty; add the article text or remove the file", path)
        article = reader(text, path)
    if not any(b.text.strip() or b.rows or b.image for b in article.blocks):
        raise SourceError("has a title but no article text; add the text or remove the file", path)
    length = sum(len(b.text) for b in article.blocks)
    if length > MAX_TEXT_CHARS:
        raise _too_long(length, path)
    return article


def read_bytes(path: Path, most: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a source file, refusing one over `most` bytes before reading it."""
    limit = f"articles over {most // 2**20} MB are skipped; save only the article text, or split it"
    try:
        size = path.stat().st_size
        if size > most:
            raise SourceError(f"is {size / 2**20:.1f} MB; {limit}", path)
        with path.open("rb") as fh:
            data = fh.read(most + 1)
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or exc}); check its permissions", path) from None
    if len(data) > most:
        raise SourceError(f"is over {most // 2**20} MB; {limit}", path)
    return data


def _too_long(length: int, path: Path) -> SourceError:
    return SourceError(f"has {length:,} characters of text; articles over {MAX_TEXT_CHARS:,} characters "
                       "(about 120 pages) are skipped; split it into several files", path)


def reader_for(path: Path) -> Callable[[str, Path], Article] | None:
    """The reader of a text format for a file name (a .mhtml's is its HTML part's), or None when
    the extension is no such format (a .docx is read from its bytes: read_docx)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown
    if suffix in HTML_SUFFIXES or suffix in MHTML_SUFFIXES:
        return read_html   # a page saved as one file is read as its HTML part
    return None


def is_article_candidate(path: Path) -> bool:
    """Whether a file in the sources folder should be read as an article."""
    if path.name.startswith(".") or path.name in IGNORED_NAMES:
        return False
    return path.suffix.lower() not in ASSET_SUFFIXES


# ---------------------------------------------------------------- plain text

def read_text(text: str, path: Path) -> Article:
    """A .txt article: first non-empty line is the title, then one paragraph per line or group.

    Lines above the title that are controls of a page copied from a browser ("Skip to main
    content", "Menu") are left out and recorded; the rest of the furniture goes in clean()."""
    from .clean import control_rule

    lines = text.split("\n")
    removed: list[Removal] = []
    while lines and (not lines[0].strip() or (rule := control_rule(lines[0]))):
        if lines[0].strip():
            removed.append(Removal(rule.name, lines[0].strip()))
        lines.pop(0)
    title = lines.pop(0).strip() if lines else ""
    blocks = [Block("paragraph", (Run(p),)) for p in _text_paragraphs(lines)]
    return Article(path=path, title=title, blocks=tuple(blocks), removed=tuple(removed))


# A line that starts an item of a numbered or bulleted list ("2. Bread prices rise", "• Tickets"),
# never the wrapped end of the line above.
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)]|[•▪◦*·])\s+\S")


def _text_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: a blank line always separates; a single newline does too
    unless the previous line was evidently wrapped mid-sentence."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current and _wrapped(current, line):
            current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _wrapped(previous: str, line: str) -> bool:
    if re.search(r"""[.!?…:;"”»)]$""", previous) or _LIST_ITEM.match(line):
        return False
    return line[:1].islower() or len(previous) >= 60


# ---------------------------------------------------------------- Markdown

def read_markdown(text: str, path: Path) -> Article:
    """A .md article: optional YAML front matter, then CommonMark (see markdown.py)."""
    from .markdown import read_markdown as read

    return read(text, path)


def parse_date(value: object, path: Path) -> dt.date:
    """A front-matter or metadata date as a date: YYYY-MM-DD (or a YAML date), and the forms
    people type: "April 8, 2025", "8 April 2025", "8 апреля 2025", "08.04.2025", "2025/04/08",
    an e-mail style date. A numeric date that reads both ways ("04/08/2025") is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    found = _date_of(text)
    if isinstance(found, dt.date):
        return found
    raise SourceError(f"date '{text}' is {found or 'not a date'}; write it as YYYY-MM-DD", path)


def date_in(text: str) -> dt.date | None:
    """The date a short piece of text names ("8 April 2025", "Published 08.04.2025 10:15"), or None
    when it names none or one that reads two ways."""
    found = _date_of(" ".join(text.split()))
    return found if isinstance(found, dt.date) else None


_MONTH_WORD = r"([^\W\d_]{3,}\.?)"
_DATE_FORMS = (
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T)"), "ymd"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),   # 08.04.2025: day first, as in Europe
    (re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b"), "either"),
    (re.compile(rf"{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "Mdy"),
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD},?\s+(\d{{4}})\b"), "dMy"),
)


def _date_of(text: str) -> dt.date | str:
    """The date `text` names, or why it names none ("" when it is no date at all)."""
    from ..text import month_number

    for pattern, order in _DATE_FORMS:
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "ymd":
            year, month, day = int(a), int(b), int(c)
        elif order == "dmy":
            day, month, year = int(a), int(b), int(c)
        elif order == "either":
            first, second, year = int(a), int(b), int(c)
            if first <= 12 and second <= 12 and first != second:
                return "ambiguous (day/month or month/day)"
            day, month = (first, second) if first > 12 else (second, first)
        elif order == "Mdy":
            month, day, year = month_number(a), int(b), int(c)
        else:
            day, month, year = int(a), month_number(b), int(c)
        if not month:
            continue   # a word that is no month ("Monday 8 2025")
        try:
            return dt.date(year, month, day)
        except ValueError:
            return "a day that does not exist"
    try:  # "Tue, 08 Apr 2025 10:00:00 +0000"
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return ""


def local_image(src: str, alt: str, caption: str, article_path: Path) -> Image | None:
    """An Image for a file beside the article, or None for anything remote or missing."""
    try:
        parsed = urlparse(src)
    except ValueError:  # e.g. an unbalanced [ in the host part
        return None
    name = unquote(parsed.path)
    if parsed.scheme or parsed.netloc or not name or "\0" in name:
        return None
    return Image(path=(article_path.parent / name), alt=alt.strip(), caption=caption.strip())


def safe_href(href: str) -> str | None:
    """Keep only links a reader can follow safely: http, https and mailto."""
    href = (href or "").strip()
    return href if re.match(r"(?i)(https?:|mailto:)", href) else None


def merge_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs with the same style; trim the ends."""
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].code, out[-1].href) == (r.bold, r.italic, r.code, r.href):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic, r.code, r.href)
        elif r.text:
            out.append(r)
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].code, out[0].href)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic, out[-1].code, out[-1].href)
    return tuple(r for r in out if r.text)


# ---------------------------------------------------------------- HTML

def read_html(text: str, path: Path) -> Article:
    """A saved web page: the article body and metadata (trafilatura), reduced to safe blocks."""
    from .htmlpage import read_page

    return read_page(text, path)


# ---------------------------------------------------------------- Word

def read_docx(data: bytes, path: Path) -> Article:
    """A Word document, every paragraph of it, with its core properties (see packed.read_docx)."""
    from .packed import read_docx as read

    return read(data, path)
