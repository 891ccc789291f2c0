"""The PDF renderer: the Report through the print layout and WeasyPrint's public API
(`HTML`, `CSS`, `FontConfiguration`, `Document.write_pdf`)."""
from __future__ import annotations

import base64
import gc
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Image, Report
from ..sandbox import Sandbox
from .context import context
from .fonts import characters, font_face_css, subsets
from .layouts import environment, render, stylesheet

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none")
CHARACTERS_PER_PAGE = 2000   # of article text, on an A4 or letter page of the built-in layout
FACT_LINES_PER_PAGE = 85     # facts and their sources, in the fact table


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a PDF and what the CLI reports about it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...]
    page_starts: tuple[str | None, ...] = ()  # per page, the first element id that starts on it


@dataclass
class PrintSetup:
    """What every layout of a build shares and the report does not shape: WeasyPrint loaded, the
    fonts, the stylesheets and the templates. Made while the report is being made (`prepare`)."""

    layouts: Path | None
    sandbox: Sandbox
    page_size: str
    duplex: bool
    fetcher: object
    fonts: object | None
    css: list
    env: object
    warnings: tuple[str, ...] = ()   # what WeasyPrint said of the stylesheets, in our words

    def suits(self, layouts: Path | None, sandbox: Sandbox, page_size: str, duplex: bool) -> bool:
        """Whether this setup was prepared for these layouts, sandbox, page size and duplex."""
        return (self.layouts, self.page_size, self.duplex) == (layouts, page_size, duplex) and self.sandbox is sandbox

    def close(self) -> None:
        """Let go of the fonts: WeasyPrint removes the folder it copied them to when its
        FontConfiguration is freed (a process that ends without tearing its interpreter down,
        as make_report.py does, would otherwise leave it behind)."""
        self.fonts = None
        self.css = []
        gc.collect()


def prepare(layouts: Path | None, sandbox: Sandbox, page_size: str = "a4", duplex: bool = False) -> PrintSetup:
    """Load WeasyPrint and read the fonts, stylesheets and templates of the print layout."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from . import speedups

    speedups.install()
    fetcher = sandbox.url_fetcher()
    # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and
    # the render; without it the bundled fonts are ignored and system fonts stand in.
    fonts = FontConfiguration()
    names = ["print.css", *(["print-duplex.css"] if duplex else [])]
    css, warnings = [], []
    for path in (stylesheet(layouts, name) for name in names):
        with _captured_warnings(_shown(path)) as found:   # a stylesheet is parsed as it is read
            css.append(weasyprint.CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts))
        warnings += found
    css.append(weasyprint.CSS(string=f"@page {{ size: {PAGE_SIZES[page_size]}; }}", font_config=fonts))
    return PrintSetup(layouts, sandbox, page_size, duplex, fetcher, fonts, css, environment(layouts),
                      tuple(warnings))


def _shown(path: Path) -> str:
    """A stylesheet's path as a warning names it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render_pdf(report: Report, layouts: Path | None, sandbox: Sandbox, variant: str = "pdf/ua-1",
               duplex: bool = False, laid_out: Callable[[tuple[str | None, ...]], None] | None = None,
               spare: Callable[[], None] = lambda: None, setup: PrintSetup | None = None,
               fonts: dict[str, bytes] | None = None) -> RenderedPdf:
    """Lay the report out on pages and return the PDF bytes (tagged PDF/UA-1 by default), with
    the bundled fonts reduced to what the report uses (`fonts.subsets`, made here when not given)
    and embedded as they are.
    `laid_out` is told where each page starts as soon as that is known, before the PDF is written;
    `spare` is called once a core is free for other work (the layout uses one).
    `setup` is used when it was prepared for these layouts, sandbox, page size and duplex."""
    if setup is None or not setup.suits(layouts, sandbox, report.page_size, duplex):
        setup = prepare(layouts, sandbox, report.page_size, duplex)
    if fonts is None:
        fonts = subsets(characters(report, layouts))
    spare()
    # A layout makes millions of objects that live until the PDF is written: collect garbage less
    # often, and never walk what already exists (the report, the modules) again.
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)
    try:
        with _captured_warnings("print layout") as warnings:
            document = _lay_out(report, setup, fonts)
            starts = page_starts(document.pages)
            if laid_out is not None:
                laid_out(starts)
            data = document.write_pdf(
                pdf_identifier=report.identifier.encode("ascii")[:32] or None,
                pdf_variant=None if variant == "none" else variant, pdf_tags=variant != "none",
                full_fonts=True, finisher=stable_header_ids)
        return RenderedPdf(data, len(document.pages), setup.warnings + tuple(warnings) + sandbox.blocked(), starts)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def expected_pages(report: Report, duplex: bool = False) -> tuple[int, int]:
    """About how many pages the PDF will have, and how many WeasyPrint will lay out again while
    page numbers settle (the contents, summary and fact table, twice), from the length of the
    text: for the progress bar. Measured on the built-in layout with 2 to 100 articles."""
    text = sum(len(b.text) + sum(len(r.text) for row in b.rows for cell in row for r in cell)
               for a in report.articles for b in a.blocks)
    front = 1 + len(report.articles) // 30                     # the contents
    if "summary" in report.sections:
        front += 2
    if "facts" in report.sections:
        front += 2 + (len(report.facts) + sum(len(f.sources) for f in report.facts)) // FACT_LINES_PER_PAGE
    body = round(text / CHARACTERS_PER_PAGE) + 1               # the articles and the list of sources
    if duplex:                                                  # blank pages before right-hand starts
        front, body = front + 1, body + len(report.articles) // 2
    return 1 + front + body, 2 * front


def _lay_out(report: Report, setup: PrintSetup, fonts: dict[str, bytes]):
    """The report's print HTML laid out by WeasyPrint, with `fonts`: a `weasyprint.Document`."""
    import weasyprint

    faces = weasyprint.CSS(string=font_face_css(lambda face: _data_url("font/ttf", fonts[face.file])),
                           url_fetcher=setup.fetcher, font_config=setup.fonts)

    sandbox = setup.sandbox
    env = setup.env
    # Only the sentences that links point to get an element of their own: each costs layout time.
    env.globals["sentence_anchors"] = linked_anchors(report)

    def image_src(image: Image) -> str | None:
        return image.path.resolve().as_uri() if sandbox.allows_image(image.path) else None

    map_src = None
    if report.locator is not None:
        map_src = _data_url("image/svg+xml", report.locator.svg.encode())
    html = render(env, "print.html", stylesheets=[],
                  **context(report, link=lambda anchor: f"#{anchor}", image_src=image_src, paged=True,
                            map_src=map_src))
    return weasyprint.HTML(string=html, base_url=str(sandbox.base.resolve()) + "/",
                           url_fetcher=setup.fetcher).render(stylesheets=[faces, *setup.css],
                                                                font_config=setup.fonts)


def _data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def stable_header_ids(document, pdf) -> None:
    """A `write_pdf` finisher: the IDs of tagged table headers (and the cells' references to
    them) numbered in the order they appear. WeasyPrint 68 and 69 name them after the memory
    address of a box, which differs from run to run; 70 names them after object numbers."""
    import pydyf

    names: dict[str, pydyf.String] = {}
    elements = [obj for obj in pdf.objects if isinstance(obj, dict) and obj.get("Type") == "/StructElem"]
    for element in elements:
        if isinstance(element.get("ID"), pydyf.String):
            old = element["ID"].string
            names.setdefault(str(old), pydyf.String(f"th{len(names) + 1}"))
            element["ID"] = names[str(old)]
    for element in elements:
        attributes = element.get("A")
        if isinstance(attributes, dict) and isinstance(attributes.get("Headers"), list):
            attributes["Headers"] = pydyf.Array(
                names.get(str(h.string), h) if isinstance(h, pydyf.String) else h for h in attributes["Headers"])


def linked_anchors(report: Report) -> frozenset[str]:
    """The sentence anchors the summary, the fact table and the timeline link to."""
    anchors = {s.source.anchor for point in report.summary.points for s in point.sentences}
    for fact in report.facts:
        anchors.update(source.anchor for source in fact.sources)
        for value in fact.values:
            anchors.update(source.anchor for source in value.sources)
    return frozenset(anchors)


def page_starts(pages) -> tuple[str | None, ...]:
    """For each page, the id of the first element that begins on it: where the EPUB puts its
    printed-page markers (before the first paragraph, heading, list item or linked sentence that
    starts on the page). A page that only continues a paragraph gets the id of that paragraph."""
    seen: set[str] = set()
    starts: list[str | None] = []
    last: str | None = None
    for page in pages:
        fresh = sorted((xy[1], xy[0], name) for name, xy in page.anchors.items() if name not in seen)
        seen.update(page.anchors)
        starts.append(fresh[0][2] if fresh else last)
        if fresh:
            last = fresh[-1][2]
    return tuple(starts)


class _captured_warnings:
    """Collect WeasyPrint's warnings (e.g. a CSS property it ignores) instead of printing them,
    each in our words and saying `where` it comes from."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages, self.where)
        self.logger.addHandler(self.handler)
        self.propagate, self.logger.propagate = self.logger.propagate, False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str], where: str) -> None:
        super().__init__(logging.WARNING)
        self.messages, self.where = messages, where

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(layout_warning(record.getMessage(), self.where))


def layout_warning(message: str, where: str) -> str:
    """A WeasyPrint warning said as ours: where it is (file and line, when WeasyPrint gives a
    line), what is ignored and why. "Ignored `x: y` at 3:7, unknown property." in print.css is
    "print.css, line 3: `x: y` is ignored by the PDF renderer (unknown property)"."""
    message = " ".join(message.split()).rstrip(".")
    ignored = re.fullmatch(r"Ignored `(.+)` at (\d+):\d+, (.+)", message)
    if ignored:
        what, line, why = ignored.groups()
        return f"{where}, line {line}: `{what}` is ignored by the PDF renderer ({why})"
    located = re.fullmatch(r"(.+?),? at (\d+):\d+", message)
    if located:
        return f"{where}, line {located.group(2)}: {_sentence(located.group(1))}"
    return f"{where}: {_sentence(message)}"


def _sentence(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
