"""The HTML reader: a saved web page's article body and metadata, reduced to safe blocks."""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from ..errors import SourceError
from ..model import Article, Block, Removal, Run
from .readers import OUTSIDE, date_in, local_image, merge_runs, parse_date, plain, safe_href
from ..text import fold, normalize_space

# Tags kept before extraction: structure and text only. Scripts, styles, frames, forms,
# objects and every event-handler attribute are dropped by nh3 with their content.
_KEEP_TAGS = {
    "html", "body", "article", "main", "section", "header", "footer", "nav", "aside", "div", "span",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "a", "b", "strong", "i", "em", "u", "small",
    "sub", "sup", "code", "pre", "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "img",
    "time", "abbr", "address", "mark",
}
_KEEP_ATTRS = {"a": {"href"}, "img": {"src", "alt", "title"}, "time": {"datetime"},
               "*": {"class", "id", "lang"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
# Elements removed together with their content: code, styles, embedded documents, forms.
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
                         "form", "select", "textarea", "title", "frameset", "noembed", "noframes"})
# The parser behind the extractor (libxml2) stops at 256 levels; deeper pages are flattened first,
# dropping wrappers and then everything but paragraphs and headings (their text stays).
MAX_DEPTH = 200
_FLATTER = (
    frozenset(_KEEP_TAGS - {"div", "span", "section", "article", "main", "header", "footer", "nav", "aside",
                            "blockquote", "figure", "figcaption", "address", "dl", "dt", "dd", "mark", "abbr",
                            "time", "small", "u", "sub", "sup", "q", "cite"}),
    frozenset({"html", "body", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6"}),
)
_VOID = frozenset({"br", "hr", "img", "wbr"})
# The sanitiser's time grows faster than the square of the nesting depth (10,000 levels take
# 0.2 s, 100,000 a minute), so a page nested deeper than this is refused before it runs.
MAX_RAW_DEPTH = 20_000
# Elements whose end tag may be left out, or that have no content: they do not nest.
_NO_NESTING = _VOID | {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
                       "colgroup", "col", "rb", "rt", "rp", "meta", "link", "input", "area", "base", "embed",
                       "param", "source", "track", "html", "head", "body", "!doctype"}
_RAW_TAG = re.compile(r"<!--|<(/?)([a-z][a-z0-9]*)([^<>]{0,4096})")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript", "template"})
# Where a page or a fragment of HTML names a resource to load (not a link to follow). Every
# repetition is bounded or stops at the next tag, so a hostile page cannot make a scan quadratic.
_REFERENCE = re.compile(r"""(?ix)
    (?: \b(?:src|data|poster|background|xlink:href)\s*=\s* | url\(\s* | @import\s+ | \burl\s*=\s* )
    ["']?\s*([^\s"'<>)]{1,2048})""")
_HREF_TAG = re.compile(r"(?i)<(?:link|image|use|feimage)\b([^<>]{0,2048})")
_HREF = re.compile(r"""(?i)\bhref\s*=\s*["']?\s*([^\s"'<>)]{1,2048})""")
# A dateline opening the first paragraph: a place and a date before a dash ("AKTAU, 8 April 2025 –").
_DATELINE = re.compile(r"^(.{4,60}?)\s+(?:[–—]|--?)\s")
# How many blocks at the top of an article may hold its dateline, and how long a line that is
# only a date ("8 April 2025", "Published: 08.04.2025 10:15") may be.
_DATELINE_BLOCKS = 3
_DATE_LINE_CHARS = 60


def read_page(text: str, path: Path) -> Article:
    """Extract the article of a saved web page, with title, author, date, publication and URL."""
    import trafilatura
    from lxml import etree

    depth = _raw_depth(text)
    if depth > MAX_RAW_DEPTH:
        raise SourceError(f"has elements nested about {depth:,} levels deep (more than {MAX_RAW_DEPTH:,}), "
                          "which no article needs; save the article page again or paste its text into a "
                          ".txt file", path)
    try:
        meta = trafilatura.extract_metadata(text, date_config=_date_config())
    except Exception:  # the metadata parsers trip on some broken pages; the article is still there
        meta = None
    lang = _page_language(text)
    notes = [Removal(OUTSIDE, url) for url in references(text) if url.lower().startswith("file:")]
    clean = _sanitized(text, _KEEP_TAGS)
    depth = _depth(clean)
    if depth > MAX_DEPTH:
        notes.append(Removal("deep nesting", f"HTML nested {depth} levels deep; its structure was simplified"))
    for tags in _FLATTER:
        if depth <= MAX_DEPTH:
            break
        clean = _sanitized(clean, tags)
        depth = _depth(clean)
    try:
        xml = trafilatura.extract(clean, output_format="xml", include_formatting=True, include_links=True,
                                  include_images=True, include_tables=True, include_comments=False,
                                  deduplicate=False)
    except Exception as exc:  # a broken page the extractor cannot walk: one file, one warning
        raise SourceError(f"could not be read as a web page ({type(exc).__name__}); save the page again "
                          "or paste its text into a .txt file", path) from None
    if not xml:
        raise SourceError("has no recognisable article text; save the article page itself "
                          "(not a home or list page) or paste its text into a .txt file", path)
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                  huge_tree=False))
    main = root.find("main")
    blocks = _blocks(main if main is not None else root, path, notes)
    title = plain(normalize_space((meta.title if meta else "") or ""))
    if blocks and blocks[0].kind == "heading" and (not title or fold(blocks[0].text) == fold(title)):
        title = title or blocks[0].text
        blocks = blocks[1:]
    article = Article(path=path, title=title or path.stem, blocks=tuple(blocks), language=lang or "en",
                      removed=tuple(dict.fromkeys(notes)))
    return _page_meta(article, meta, path)


def _sanitized(html: str, tags: frozenset[str] | set[str]) -> str:
    """The page with only structure and text: scripts, styles, frames, forms, objects and every
    event-handler attribute are dropped (nh3), with the content of HIDDEN_TAGS."""
    import nh3

    attributes = {tag: names for tag, names in _KEEP_ATTRS.items() if tag == "*" or tag in tags}
    return nh3.clean(html, tags=set(tags), attributes=attributes, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True, clean_content_tags=set(HIDDEN_TAGS))


def _depth(html: str) -> int:
    """How deeply the elements of well-formed (sanitised) HTML nest."""
    depth = deepest = 0
    for m in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)", html):
        if m.group(2).lower() not in _VOID:
            depth += -1 if m.group(1) else 1
            deepest = max(deepest, depth)
    return deepest


def _raw_depth(html: str) -> int:
    """About how deeply the elements of a page as written nest (end tags that may be left out,
    self-closing and void elements do not count, nor anything in comments, scripts and styles)."""
    lower = html.lower()
    depth = deepest = pos = 0
    while m := _RAW_TAG.search(lower, pos):
        pos = m.end()
        if m.group(0) == "<!--":
            pos = _skip_to(lower, "-->", pos)
            continue
        closing, name, rest = m.groups()
        if not closing and name in _RAW_TEXT:
            pos = _skip_to(lower, f"</{name}", pos)
        elif name not in _NO_NESTING and not rest.endswith("/"):
            depth = max(0, depth - 1) if closing else depth + 1
            deepest = max(deepest, depth)
    return deepest


def _skip_to(text: str, end: str, pos: int) -> int:
    found = text.find(end, pos)
    return len(text) if found < 0 else found


def references(html: str) -> list[str]:
    """The URLs of resources a page or HTML fragment would load: src, data, CSS url() and @import,
    <link href>, SVG <image href>, a refresh target (links to follow are not resources)."""
    refs = [m.group(1) for m in _REFERENCE.finditer(html)]
    for tag in _HREF_TAG.finditer(html):
        refs += [m.group(1) for m in _HREF.finditer(tag.group(1))]
    return refs


def is_outside(url: str) -> bool:
    """Whether a resource URL points anywhere but a file beside the article (data: is inline)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    try:
        parsed = urlparse(url)
    except ValueError:  # not even a URL: certainly not a file beside the article
        return True
    if parsed.scheme.lower() == "data":
        return False
    if parsed.scheme or parsed.netloc or url.startswith(("/", "\\")):
        return True
    return ".." in PurePosixPath(unquote(parsed.path)).parts


def fragment_text(html: str) -> str:
    """The visible text of a fragment of raw HTML (in a Markdown article), without the content of
    scripts, styles and other HIDDEN_TAGS."""
    import nh3

    cleaned = nh3.clean(html, tags=set(), attributes={}, strip_comments=True, clean_content_tags=set(HIDDEN_TAGS))
    return plain(normalize_space(htmllib.unescape(cleaned)))


def _page_language(text: str) -> str:
    m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", text[:5000], re.I)
    return m.group(1).lower() if m else ""


def _date_config() -> dict:
    """htmldate's settings: the date from the page's metadata, never from its markup as a whole.

    Its extensive search ends by scanning the whole page, attributes included, for anything
    shaped like a date: a page saved by Word got 1 December 2004 from its namespace address
    http://schemas.microsoft.com/office/2004/12/omml, a page without a date the year of its
    copyright line. Fast mode reads only meta tags, JSON-LD, <time> and date-classed elements,
    and the page's own address; failing those, the article's dateline is read (_dateline)."""
    return {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}


def _dateline(blocks: tuple[Block, ...]) -> dt.date | None:
    """The date of the article's visible dateline: a line near the top that is only a date (and
    a word or two), or the date before the dash that opens a paragraph ("AKTAU, 8 April 2025 –")."""
    for block in blocks[:_DATELINE_BLOCKS]:
        if block.kind not in ("paragraph", "heading"):
            continue
        text = block.text.strip()
        m = _DATELINE.match(text)
        head = text if len(text) <= _DATE_LINE_CHARS else m.group(1) if m else ""
        date = date_in(head) if head else None
        if date is not None:
            return date
    return None


def _page_meta(article: Article, meta, path: Path) -> Article:
    fields: dict = {}
    date = _dateline(article.blocks)
    if meta is None:
        return replace(article, date=date)
    if meta.author:
        fields["author"] = plain(normalize_space(meta.author))
    if meta.sitename:
        fields["publication"] = plain(normalize_space(meta.sitename))
    if meta.url and re.match(r"https?://", meta.url):
        fields["url"] = meta.url
    if meta.date:
        try:
            date = parse_date(meta.date, path)   # the page's own metadata comes before its dateline
        except SourceError:
            pass  # an unparseable page date is not worth losing the article over
    return replace(article, date=date, **fields)


def _blocks(main, path: Path, notes: list[Removal]) -> list[Block]:
    blocks: list[Block] = []
    for el in main:
        tag = el.tag
        if tag == "head":
            level = int((el.get("rend") or "h2").lstrip("h") or 2)
            blocks.append(Block("heading", _inline(el), level=min(max(level, 1), 6)))
        elif tag == "p":
            blocks.append(Block("paragraph", _inline(el)))
        elif tag == "quote":
            blocks.append(Block("quote", _inline(el)))
        elif tag == "list":
            ordered = (el.get("rend") or "").lower() in ("ol", "ordered")
            for item in el.iter("item"):
                blocks.append(Block("item", _inline(item), ordered=ordered))
        elif tag == "table":
            rows, header = [], 0
            for row in el.iter("row"):
                cells = tuple(_inline(c) for c in row.iter("cell"))
                rows.append(cells)
                if all(c.get("role") == "head" for c in row.iter("cell")) and len(rows) == header + 1:
                    header += 1
            if rows:
                blocks.append(Block("table", rows=tuple(rows), header_rows=header))
        elif tag == "graphic":
            image = local_image(el.get("src", ""), el.get("alt", ""), el.get("title", ""), path)
            if image is not None:
                blocks.append(Block("image", image=image))
            elif el.get("src"):
                notes.append(Removal(OUTSIDE, el.get("src")))
    return [b for b in blocks if b.runs or b.rows or b.image]


def _inline(el, bold: bool = False, italic: bool = False, href: str | None = None) -> tuple[Run, ...]:
    runs: list[Run] = []

    def walk(node, b: bool, i: bool, h: str | None) -> None:
        if node.text:
            runs.append(Run(node.text, b, i, False, h))
        for child in node:
            cb, ci, ch = b, i, h
            if child.tag == "hi":
                rend = child.get("rend") or ""
                cb = cb or "#b" in rend
                ci = ci or "#i" in rend
            elif child.tag == "ref":
                ch = safe_href(child.get("target", ""))
            if child.tag == "lb":
                runs.append(Run(" ", b, i, False, h))
            elif child.tag not in ("graphic",):
                walk(child, cb, ci, ch)
            if child.tail:
                runs.append(Run(child.tail, b, i, False, h))

    walk(el, bold, italic, href)
    spaced = [Run(plain(re.sub(r"\s+", " ", r.text)), r.bold, r.italic, r.code, r.href) for r in runs]
    return merge_runs(spaced)

