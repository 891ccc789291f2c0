"""Readers: one per source format, each turning a file into an `Article` (blocks of runs)."""
from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from .errors import SourceError
from .model import Article, Block, Image, Run

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
# Files in sources/ that are settings or assets, not articles.
IGNORED_NAMES = frozenset({"facts.toml", "report.toml"})
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".toml", ".css"})
FRONT_MATTER_KEYS = frozenset({"title", "source", "author", "date", "url", "language", "publication"})


def decode(data: bytes, path: Path) -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then a detected legacy encoding."""
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


def read_article(path: Path) -> Article:
    """Read one source file into an Article, choosing the reader by extension."""
    reader = reader_for(path)
    if reader is None:
        raise SourceError(f"unknown file type '{path.suffix}'; use .txt, .md or .html "
                          "(or move the file out of the sources folder)", path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror}); check its permissions", path) from None
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError("is empty; add the article text or remove the file", path)
    article = reader(text, path)
    if not any(b.text.strip() or b.rows or b.image for b in article.blocks):
        raise SourceError("has a title but no article text; add the text or remove the file", path)
    return article


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
    if re.search(r"""[.!?:;"”»)]$""", previous):
        return False
    return line[:1].islower() or len(previous) >= 60


# ---------------------------------------------------------------- Markdown

def read_markdown(text: str, path: Path) -> Article:
    """A .md article: optional YAML front matter, then CommonMark."""
    meta, body = split_front_matter(text, path)
    fields = front_matter_fields(meta, path)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(body)
    blocks = _markdown_blocks(tokens, path)
    title = fields.pop("title", "")
    if not title and blocks and blocks[0].kind == "heading":
        title = blocks[0].text
        blocks = blocks[1:]
    if not title:
        first = next((b for b in blocks if b.text.strip()), None)
        title = first.text if first else path.stem
    return Article(path=path, title=title.strip(), blocks=tuple(blocks), **fields)


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Separate YAML front matter (between `---` lines) from the Markdown body."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
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
    for key in ("title", "author", "url", "language"):
        if key in meta and meta[key] is not None:
            if not isinstance(meta[key], str | int | float):
                raise SourceError(f"front matter '{key}' must be text; fix it in the --- block", path)
            fields[key] = str(meta[key]).strip()
    publication = meta.get("source", meta.get("publication"))
    if publication is not None:
        fields["publication"] = str(publication).strip()
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


def _markdown_blocks(tokens: list, path: Path) -> list[Block]:
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
            runs = _md_inline(tokens[i + 1], path)
            blocks.append(Block("heading", runs, level=int(tok.tag[1])))
            i += 2
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            image = _md_lone_image(inline, path)
            if image is not None:
                blocks.append(Block("image", image=image))
            else:
                kind = "quote" if "blockquote" in stack else "paragraph"
                if stack and stack[-1] in ("bullet_list", "ordered_list"):
                    kind = "item"
                blocks.append(Block(kind, _md_inline(inline, path), ordered=bool(stack) and stack[-1] == "ordered_list"))
            i += 2
        elif tok.type == "table_open":
            j, block = _md_table(tokens, i, path)
            blocks.append(block)
            i = j
        i += 1
    return blocks


def _md_table(tokens: list, i: int, path: Path) -> tuple[int, Block]:
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
            cells.append(_md_inline(tok, path))
        i += 1
    return i, Block("table", rows=tuple(rows), header_rows=header)


def _md_lone_image(inline, path: Path) -> Image | None:
    children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        img = children[0]
        src = img.attrs.get("src", "")
        alt = "".join(c.content for c in (img.children or []))
        return local_image(src, alt, str(img.attrs.get("title") or ""), path)
    return None


def local_image(src: str, alt: str, caption: str, article_path: Path) -> Image | None:
    """An Image for a file beside the article, or None for anything remote or missing."""
    parsed = urlparse(src)
    if parsed.scheme or parsed.netloc or not parsed.path:
        return None
    return Image(path=(article_path.parent / unquote(parsed.path)), alt=alt.strip(), caption=caption.strip())


def _md_inline(inline, path: Path) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for child in inline.children or []:
        t = child.type
        if t == "text":
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
    return merge_runs(runs)


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
