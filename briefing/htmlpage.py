"""The HTML reader: a saved web page's article body and metadata, reduced to safe blocks."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .errors import SourceError
from .model import Article, Block, Run
from .sources import local_image, merge_runs, parse_date, safe_href
from .text import fold, normalize_space

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


def read_page(text: str, path: Path) -> Article:
    """Extract the article of a saved web page, with title, author, date, publication and URL."""
    import nh3
    import trafilatura
    from lxml import etree

    meta = trafilatura.extract_metadata(text)
    lang = _page_language(text)
    clean = nh3.clean(text, tags=_KEEP_TAGS, attributes=_KEEP_ATTRS, url_schemes={"http", "https", "mailto"},
                      link_rel=None, strip_comments=True,
                      clean_content_tags={"script", "style", "template", "noscript", "iframe", "object",
                                          "embed", "svg", "math", "form", "select", "textarea", "title"})
    xml = trafilatura.extract(clean, output_format="xml", include_formatting=True, include_links=True,
                              include_images=True, include_tables=True, include_comments=False,
                              deduplicate=False)
    if not xml:
        raise SourceError("has no recognisable article text; save the article page itself "
                          "(not a home or list page) or paste its text into a .txt file", path)
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                  huge_tree=False))
    main = root.find("main")
    blocks = _blocks(main if main is not None else root, path)
    title = normalize_space((meta.title if meta else "") or "")
    if blocks and blocks[0].kind == "heading" and (not title or fold(blocks[0].text) == fold(title)):
        title = title or blocks[0].text
        blocks = blocks[1:]
    article = Article(path=path, title=title or path.stem, blocks=tuple(blocks), language=lang or "en")
    return _page_meta(article, meta, path)


def _page_language(text: str) -> str:
    m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", text[:5000], re.I)
    return m.group(1).lower() if m else ""


def _page_meta(article: Article, meta, path: Path) -> Article:
    if meta is None:
        return article
    fields: dict = {}
    if meta.author:
        fields["author"] = normalize_space(meta.author)
    if meta.sitename:
        fields["publication"] = normalize_space(meta.sitename)
    if meta.url and re.match(r"https?://", meta.url):
        fields["url"] = meta.url
    if meta.date:
        try:
            fields["date"] = parse_date(meta.date, path)
        except SourceError:
            pass  # an unparseable page date is not worth losing the article over
    return replace(article, **fields)


def _blocks(main, path: Path) -> list[Block]:
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
    spaced = [Run(re.sub(r"\s+", " ", r.text), r.bold, r.italic, r.code, r.href) for r in runs]
    return merge_runs(spaced)

