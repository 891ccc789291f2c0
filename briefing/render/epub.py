"""The EPUB renderer: the Report through the e-book layout, packed with EbookLib."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Image, Report
from ..sandbox import Sandbox
from .context import context
from .cover import cover_png
from .fonts import FACES, characters, font_face_css, subsets
from .layouts import environment, render, stylesheet

XHTML = "application/xhtml+xml"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Page:
    """One XHTML file of the book: its name, title and the partial that fills it."""

    file: str
    title: str
    partial: str
    article: Article | None = None
    number: int = 0

    @property
    def label(self) -> str:
        """Its entry in the contents, the nav's and the NCX's alike: "2. Title" for an article.
        The only number of the entry: the stylesheet turns the list's own numbering off."""
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class RenderedEpub:
    """The bytes of an EPUB and what the CLI reports about it."""

    data: bytes
    files: int
    warnings: tuple[str, ...]


def pages(report: Report) -> list[Page]:
    """The book's reading order: cover, summary, facts, each article, sources."""
    out = [Page("cover.xhtml", "Cover", "epub/cover.xhtml")]
    if "summary" in report.sections:
        out.append(Page("summary.xhtml", "Summary", "partials/summary.html"))
    if "facts" in report.sections:
        out.append(Page("facts.xhtml", "Key facts", "partials/facts.html"))
    for i, article in enumerate(report.articles, 1):
        out.append(Page(f"{article.id}.xhtml", article.title, "partials/article.html", article, i))
    if "sources" in report.sections:
        out.append(Page("sources.xhtml", "Sources", "partials/sources.html"))
    return out


def render_epub(report: Report, layouts: Path | None, sandbox: Sandbox,
                page_starts: tuple[str | None, ...] = (), fonts: dict[str, bytes] | None = None) -> RenderedEpub:
    """Write every page through the layouts and pack them as an EPUB 3 with nav, NCX and fonts;
    `page_starts` (from the PDF) places the printed page numbers."""
    return finish_epub(prepare_epub(report, layouts, sandbox, fonts), page_starts)


@dataclass
class PreparedEpub:
    """Everything of the book that does not depend on the PDF's page breaks."""

    report: Report
    sandbox: Sandbox
    env: object
    ctx: dict
    book_pages: list
    docs: dict[str, str]
    css: str
    fonts: dict[str, bytes]
    cover: bytes
    images: dict


def prepare_epub(report: Report, layouts: Path | None, sandbox: Sandbox,
                 fonts: dict[str, bytes] | None = None) -> PreparedEpub:
    """The pages through the layouts, the stylesheet, the fonts (`fonts.subsets`, the PDF's) and
    the cover (this can run while the PDF is being laid out)."""
    env = environment(layouts)
    book_pages = pages(report)
    images = _images(report, sandbox)

    def link(anchor: str) -> str:
        if anchor in ("summary", "facts", "sources"):
            return f"{anchor}.xhtml"
        return f"{anchor.split('-', 1)[0]}.xhtml#{anchor}"

    ctx = context(report, link=link, image_src=lambda img: images.get(img.path, (None,))[0], paged=False,
                  map_src="images/map.svg" if report.locator is not None else None)
    docs = {page.file: render(env, "epub/page.xhtml", page=page, article=page.article, number=page.number, **ctx)
            for page in book_pages}
    docs["nav.xhtml"] = render(env, "epub/nav.xhtml", pages=book_pages, headings=_headings, pagelist=[], **ctx)
    css = font_face_css(lambda face: f"../fonts/{face.file}") + sandbox.epub_css(
        stylesheet(layouts, "epub.css").read_text("utf-8"), "epub.css")
    if fonts is None:
        fonts = subsets(characters(report, layouts))
    return PreparedEpub(report, sandbox, env, ctx, book_pages, docs, css, fonts, cover_png(report), images)


def finish_epub(prepared: PreparedEpub, page_starts: tuple[str | None, ...]) -> RenderedEpub:
    """The printed page numbers put in, and the book packed."""
    from ebooklib import epub

    report, sandbox, book_pages = prepared.report, prepared.sandbox, prepared.book_pages
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{report.identifier}")
    book.set_title(report.title)
    book.set_language(report.language)
    if report.author:
        book.add_author(report.author)
    for publication in report.publications or ["Briefing"]:
        book.add_metadata("DC", "publisher", publication)
    book.add_metadata("DC", "date", report.date.isoformat())
    book.add_metadata("DC", "description", f"Briefing of {len(report.articles)} articles: summary, key facts and the articles.")
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    for prop, value in accessibility_metadata(report, bool(page_starts)):
        book.add_metadata(None, "meta", value, {"property": prop})

    docs, pagelist = insert_pagebreaks(prepared.docs, page_starts)
    docs["nav.xhtml"] = render(prepared.env, "epub/nav.xhtml", pages=book_pages, headings=_headings,
                               pagelist=pagelist, **prepared.ctx)
    docs, _ = insert_pagebreaks(docs, page_starts, only="nav.xhtml")
    for name, body in docs.items():
        item = epub.EpubItem(uid=name.removesuffix(".xhtml"), file_name=name, media_type=XHTML,
                             content=body.encode("utf-8"))
        if name == "nav.xhtml":
            item.properties = ["nav"]
        book.add_item(item)

    book.add_item(epub.EpubItem(uid="css", file_name="styles/epub.css", media_type="text/css",
                                content=prepared.css.encode("utf-8")))
    for face in FACES:
        book.add_item(epub.EpubItem(uid=f"font-{face.file.removesuffix('.ttf')}", file_name=f"fonts/{face.file}",
                                    media_type="font/ttf", content=prepared.fonts[face.file]))
    cover = epub.EpubItem(uid="cover-image", file_name="images/cover.png", media_type="image/png",
                          content=prepared.cover)
    cover.properties = ["cover-image"]
    book.add_item(cover)
    if report.locator is not None:
        book.add_item(epub.EpubItem(uid="map", file_name="images/map.svg", media_type="image/svg+xml",
                                    content=report.locator.svg.encode("utf-8")))
    for path, (href, media_type) in prepared.images.items():
        book.add_item(epub.EpubItem(uid=f"img-{Path(href).stem}", file_name=href, media_type=media_type,
                                    content=sandbox.read(path)))

    book.add_item(epub.EpubNcx())
    book.toc = _toc(book_pages, epub)
    spine = [p.file.removesuffix(".xhtml") for p in book_pages]
    book.spine = spine[:1] + ["nav"] + spine[1:]
    book.guide = [{"type": "cover", "href": "cover.xhtml", "title": "Cover"},
                  {"type": "toc", "href": "nav.xhtml", "title": "Contents"},
                  {"type": "text", "href": book_pages[1].file, "title": book_pages[1].title}]
    raw = io.BytesIO()
    # Stored without compression here: `normalize_zip` compresses every entry once, as it rewrites them.
    epub.write_epub(raw, book, {"mtime": report.modified, "epub3_landmark": False, "compresslevel": 0,
                                "play_order": {"enabled": True, "start_from": 1}})
    # EbookLib gives the package no language; reading systems and Ace want xml:lang there.
    lang = {"EPUB/content.opf": lambda opf: opf.replace(b"<package ", f'<package xml:lang="{report.language}" '.encode(), 1)}
    return RenderedEpub(normalize_zip(raw.getvalue(), lang), len(book_pages), sandbox.blocked())


def accessibility_metadata(report: Report, page_numbers: bool) -> list[tuple[str, str]]:
    """schema.org accessibility properties (EPUB Accessibility 1.1) that hold for this book."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
                "displayTransformability", "unlocked"]
    if page_numbers:
        features.append("printPageNumbers")
    meta = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
            ("schema:accessModeSufficient", "textual")]
    meta += [("schema:accessibilityFeature", f) for f in features]
    meta += [("schema:accessibilityHazard", "none"),
             ("schema:accessibilitySummary",
              "Text with a navigable table of contents, headings for every section and article, "
              "data tables with header cells, text alternatives for every image, and printed page "
              "numbers of the PDF edition. The cover image repeats the title, which is also given as "
              "text. No hazards."),
             ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")]
    if page_numbers:
        meta.append(("pageBreakSource", f"urn:uuid:{report.identifier}"))
    return meta


def insert_pagebreaks(docs: dict[str, str], starts: tuple[str | None, ...],
                      only: str | None = None) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Put a page-break marker for printed page N before the element that begins page N in the
    PDF; returns the new documents and the page list as (number, href)."""
    where: dict[str, str] = {}
    for name, html in docs.items():
        for anchor in re.findall(r'\sid="([^"]+)"', html):
            where.setdefault(anchor, name)
    out = dict(docs)
    pagelist = []
    for number, anchor in enumerate(starts, 1):
        name = where.get(anchor or "")
        if name is None:
            continue
        pagelist.append((number, f"{name}#page-{number}"))
        if only is None or name == only:
            out[name] = _with_marker(out[name], anchor, number)
    return out, pagelist


# Elements that only hold blocks, and blocks that hold text: a marker goes into the first of the
# latter, past any of the former.
_CONTAINERS = frozenset("body section article header footer nav aside div figure blockquote ol ul main hgroup".split())
_TEXT_BLOCK = re.compile(r"p|h[1-6]|li|dt|dd|figcaption|t[dh]")
_OPEN_TAG = re.compile(r"\s*<(\w+)\b[^>]*>")
_CELL = re.compile(r"<t[dh]\b[^>]*>")


def _with_marker(html: str, anchor: str, number: int) -> str:
    """The document with the marker of printed page `number` where the element `anchor` begins.

    The marker is an empty inline span at the start of the first text of that element, never
    between blocks: an empty span before a heading makes a line of its own, and a reader or
    converter that breaks the page before the heading (calibre does before every h1 and h2 when
    it reads an AZW3) leaves that line alone on an otherwise blank page."""
    marker = (f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{number}" '
              f'aria-label="Page {number}" title="{number}"></span>')
    m = re.search(r'<(\w+)\b[^>]*\sid="%s"[^>]*>' % re.escape(anchor), html)
    if m is None:
        return html
    at = _first_text(html, m.start())
    return html[:at] + marker + html[at:]


def _first_text(html: str, at: int) -> int:
    """Where the text of the element whose opening tag is at `at` begins: past the opening tags of
    containers and table parts, and of the paragraph, heading, item or cell it starts with. An
    inline element (a sentence, a link, an image) is not entered: the position is before it."""
    while (tag := _OPEN_TAG.match(html, at)) is not None:
        name = tag.group(1)
        if name in ("table", "thead", "tbody", "tr"):
            cell = _CELL.search(html, tag.end())
            return cell.end() if cell else tag.end()
        if name not in _CONTAINERS and not _TEXT_BLOCK.fullmatch(name):
            return at
        at = tag.end()
        if name not in _CONTAINERS:
            return at
    return at


def _headings(article: Article) -> list[tuple[str, str]]:
    """An article's section headings as (anchor, text) for the nested contents."""
    return [(article.anchor(b.sentences[0]), b.text) for b in article.blocks
            if b.kind == "heading" and b.sentences]


def _toc(book_pages: list[Page], epub) -> list:
    toc = []
    for page in book_pages[1:]:
        link = epub.Link(page.file, page.label, page.file.removesuffix(".xhtml"))
        subs = _headings(page.article) if page.article else []
        if subs:
            toc.append((epub.Section(page.label, page.file),
                        [epub.Link(f"{page.file}#{anchor}", text, anchor) for anchor, text in subs]))
        else:
            toc.append(link)
    return toc


def _images(report: Report, sandbox: Sandbox) -> dict[Path, tuple[str, str]]:
    """Each allowed article image with its name inside the book and its media type."""
    types = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
             ".svg": "image/svg+xml", ".webp": "image/webp"}
    out: dict[Path, tuple[str, str]] = {}
    for article in report.articles:
        for block in article.blocks:
            img: Image | None = block.image
            if img is None or img.path in out:
                continue
            media = types.get(img.path.suffix.lower())
            if media and sandbox.allows_image(img.path):
                out[img.path] = (f"images/{article.id}-{len(out) + 1}{img.path.suffix.lower()}", media)
    return out



def normalize_zip(data: bytes, transforms: dict | None = None) -> bytes:
    """Rewrite the zip so the same book gives the same bytes: mimetype first and stored,
    then entries in a fixed order with fixed timestamps."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = ["mimetype"] + sorted(n for n in names if n != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = src.read(name)
            if transforms and name in transforms:
                content = transforms[name](content)
            dst.writestr(info, content, compresslevel=9)
    return out.getvalue()
