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

from .errors import SourceError
from .model import Article, Block, Image, Removal, Run

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
# Files in sources/ that are settings or assets, not articles.
IGNORED_NAMES = frozenset({"facts.toml", "report.toml"})
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".toml", ".css"})
FRONT_MATTER_KEYS = frozenset({"title", "source", "author", "date", "url", "language", "publication"})
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
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def decode(data: bytes, path: Path) -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then a detected legacy encoding."""
    text = _decode(data, path)
    controls = sum(1 for c in text[:100_000] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
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
    reader = reader_for(path)
    if reader is None:
        raise SourceError(f"unknown file type '{path.suffix}'; use .txt, .md or .html "
                          "(or move the file out of the sources folder)", path)
    text = decode(read_bytes(path), path)
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


def read_bytes(path: Path) -> bytes:
    """The bytes of a source file, refusing one over MAX_FILE_BYTES before reading it."""
    limit = f"articles over {MAX_FILE_BYTES // 2**20} MB are skipped; save only the article text, or split it"
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"is {size / 2**20:.1f} MB; {limit}", path)
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or exc}); check its permissions", path) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"is over {MAX_FILE_BYTES // 2**20} MB; {limit}", path)
    return data


def _too_long(length: int, path: Path) -> SourceError:
    return SourceError(f"has {length:,} characters of text; articles over {MAX_TEXT_CHARS:,} characters "
                       "(about 120 pages) are skipped; split it into several files", path)


def reader_for(path: Path) -> Callable[[str, Path], Article] | None:
    """The reader for a file name, or None when the extension is not an article format."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown
    if suffix in HTML_SUFFIXES:
        return read_html
    return None


def is_article_candidate(path: Path) -> bool:
    """Whether a file in the sources folder should be read as an article."""
    if path.name.startswith(".") or path.name in IGNORED_NAMES:
        return False
    return path.suffix.lower() not in ASSET_SUFFIXES


# ---------------------------------------------------------------- plain text

def read_text(text: str, path: Path) -> Article:
    """A .txt article: first non-empty line is the title, then one paragraph per line or group."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines.pop(0).strip() if lines else ""
    blocks = [Block("paragraph", (Run(p),)) for p in _text_paragraphs(lines)]
    return Article(path=path, title=title, blocks=tuple(blocks))


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
    if re.search(r"""[.!?…:;"”»)]$""", previous):
        return False
    return line[:1].islower() or len(previous) >= 60


# ---------------------------------------------------------------- Markdown

MD_MAX_NESTING = 100
_MD_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=\s)|\d{1,9}[.)](?=\s)))*[ \t]*", re.M)


def read_markdown(text: str, path: Path) -> Article:
    """A .md article: optional YAML front matter, then CommonMark."""
    meta, body = split_front_matter(text, path)
    fields = front_matter_fields(meta, path)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": MD_MAX_NESTING}).enable("table")
    md.validateLink = lambda url: True  # safe_href and local_image decide, so no refused link stays as text
    tokens = md.parse(body)
    notes: list[Removal] = []
    if tokens and max(t.level for t in tokens) >= MD_MAX_NESTING - 1:
        # markdown-it silently drops what lies deeper than maxNesting: keep the text, flattened.
        notes.append(Removal("deep nesting", "quotes or lists nested too deeply; flattened to paragraphs"))
        tokens = md.parse(_MD_MARKERS.sub("", body))
    blocks = _markdown_blocks(tokens, path, notes)
    title = fields.pop("title", "")
    if not title and blocks and blocks[0].kind == "heading":
        title = blocks[0].text
        blocks = blocks[1:]
    if not title:
        first = next((b for b in blocks if b.text.strip()), None)
        title = first.text if first else path.stem
    return Article(path=path, title=title.strip(), blocks=tuple(blocks), removed=tuple(dict.fromkeys(notes)),
                   **fields)


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Separate YAML front matter (between `---` lines) from the Markdown body."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except ValueError as exc:  # 2024-02-30 read as a date that does not exist, an integer of 5,000 digits
        raise SourceError(f"front matter has an impossible value ({exc}); fix it (dates are YYYY-MM-DD)",
                          path) from None
    except (yaml.YAMLError, RecursionError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise SourceError(f"front matter is not valid YAML{where}; fix it or remove the --- block",
                          path) from None
    if not isinstance(meta, dict):
        raise SourceError("front matter must be 'key: value' lines; fix it or remove the --- block", path)
    return meta, text[m.end():]


def front_matter_fields(meta: dict, path: Path) -> dict:
    """Validated front-matter values as Article fields; a wrong type or value names the key."""
    fields: dict = {}
    for key in ("title", "author", "url", "language", "source", "publication"):
        if key in meta and meta[key] is not None:
            if not isinstance(meta[key], str | int | float):
                raise SourceError(f"front matter '{key}' must be text; fix it in the --- block", path)
            fields[key] = str(meta[key]).strip()
    source, publication = fields.pop("source", ""), fields.pop("publication", "")
    if source or publication:
        fields["publication"] = source or publication
    if meta.get("date") is not None:
        fields["date"] = parse_date(meta["date"], path)
    if "language" in fields and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", fields["language"]):
        raise SourceError(f"front matter language '{fields['language']}' is not a language code "
                          "such as en or ru; fix it in the --- block", path)
    if "url" in fields and not re.match(r"https?://", fields["url"]):
        raise SourceError(f"front matter url '{fields['url']}' must start with http:// or https://", path)
    return fields


def parse_date(value: object, path: Path) -> dt.date:
    """A front-matter or metadata date as a date (YYYY-MM-DD, or a YAML date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise SourceError(f"date '{text}' is not a date; write it as YYYY-MM-DD", path)


def _markdown_blocks(tokens: list, path: Path, notes: list[Removal]) -> list[Block]:
    blocks: list[Block] = []
    stack: list[str] = []  # open containers: blockquote, bullet_list, ordered_list
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            stack.append(tok.type[:-5])
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif tok.type == "heading_open":
            runs = _md_inline(tokens[i + 1], path, notes)
            blocks.append(Block("heading", runs, level=int(tok.tag[1])))
            i += 2
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            image = _md_lone_image(inline, path, notes)
            if image is not None:
                blocks.append(Block("image", image=image))
            else:
                blocks.append(Block(_md_kind(stack), _md_inline(inline, path, notes),
                                    ordered=bool(stack) and stack[-1] == "ordered_list"))
            i += 2
        elif tok.type == "html_block":
            blocks.extend(_md_html_block(tok.content, stack, notes))
        elif tok.type == "table_open":
            j, block = _md_table(tokens, i, path, notes)
            blocks.append(block)
            i = j
        i += 1
    return blocks


def _md_kind(stack: list[str]) -> str:
    if stack and stack[-1] in ("bullet_list", "ordered_list"):
        return "item"
    return "quote" if "blockquote" in stack else "paragraph"


def _md_html_block(html: str, stack: list[str], notes: list[Removal]) -> list[Block]:
    """Raw HTML in a Markdown article: its text is kept as a paragraph; the markup, scripts and
    styles are not, and a resource it names outside the article's folder is reported."""
    from .htmlpage import fragment_text

    notes.append(Removal("raw HTML", " ".join(html.split())))
    notes.extend(_outside(html))
    text = fragment_text(html)
    return [Block(_md_kind(stack), (Run(text),))] if text else []


def _outside(html: str) -> list[Removal]:
    from .htmlpage import is_outside, references

    return [Removal(OUTSIDE, url) for url in references(html) if is_outside(url)]


def _md_table(tokens: list, i: int, path: Path, notes: list[Removal]) -> tuple[int, Block]:
    rows: list[tuple[tuple[Run, ...], ...]] = []
    header = 0
    cells: list[tuple[Run, ...]] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            cells = []
        elif tok.type == "tr_close":
            rows.append(tuple(cells))
            header += in_head
        elif tok.type == "inline":
            cells.append(_md_inline(tok, path, notes))
        i += 1
    return i, Block("table", rows=tuple(rows), header_rows=header)


def _md_lone_image(inline, path: Path, notes: list[Removal]) -> Image | None:
    children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        img = children[0]
        src = str(img.attrs.get("src") or "")
        alt = "".join(c.content for c in (img.children or []))
        image = local_image(src, alt, str(img.attrs.get("title") or ""), path)
        if image is None and src:
            notes.append(Removal(OUTSIDE, src))
        return image
    return None


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


def _md_inline(inline, path: Path, notes: list[Removal]) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = hidden = 0
    href: str | None = None
    for child in inline.children or []:
        t = child.type
        if t == "html_inline":
            hidden = max(0, hidden + _hiding(child.content))
            notes.extend(_outside(child.content))
        elif hidden:
            continue  # the text inside an inline <script> or <style>
        elif t == "text":
            runs.append(Run(child.content, bool(bold), bool(italic), False, href))
        elif t in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bool(bold), bool(italic), False, href))
        elif t == "code_inline":
            runs.append(Run(child.content, bool(bold), bool(italic), True, href))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            href = safe_href(child.attrs.get("href", ""))
        elif t == "link_close":
            href = None
        elif t == "image":
            alt = "".join(c.content for c in (child.children or []))
            if alt:
                runs.append(Run(alt, bool(bold), bool(italic), False, href))
            src = str(child.attrs.get("src") or "")
            if src and local_image(src, alt, "", path) is None:
                notes.append(Removal(OUTSIDE, src))
    return merge_runs(runs)


def _hiding(tag: str) -> int:
    """+1 for an inline tag that opens hidden content (<script>, <style> ...), -1 for its end."""
    from .htmlpage import HIDDEN_TAGS

    m = re.match(r"<(/?)([A-Za-z][\w-]*)", tag)
    if not m or m.group(2).lower() not in HIDDEN_TAGS or tag.rstrip().endswith("/>"):
        return 0
    return -1 if m.group(1) else 1


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
