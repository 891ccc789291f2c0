"""The PDF renderer: the Report through the print layout and WeasyPrint."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .fonts import font_face_css
from .layouts import environment, render, stylesheet
from .model import Image, Report
from .render import context
from .sandbox import Sandbox

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none")
PAGE_NUMBER_DIGITS = 4   # page numbers in the front matter get boxes this many digits wide


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a PDF and what the CLI reports about it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...]
    page_starts: tuple[str | None, ...] = ()  # per page, the first element id that starts on it


def render_pdf(report: Report, layouts: Path | None, sandbox: Sandbox, variant: str = "pdf/ua-1",
               duplex: bool = False, laid_out: Callable[[tuple[str | None, ...]], None] | None = None) -> RenderedPdf:
    """Lay the report out on pages and return the PDF bytes (tagged PDF/UA-1 by default).
    `laid_out` is told where each page starts as soon as that is known, before the PDF is written."""
    import weasyprint

    from . import wpfast

    wpfast.install()
    wpfast.install_margins()
    wpfast.install_page_references()
    env = environment(layouts)

    def image_src(image: Image) -> str | None:
        return image.path.resolve().as_uri() if sandbox.allows_image(image.path) else None

    map_src = None
    if report.locator is not None:
        import base64

        map_src = "data:image/svg+xml;base64," + base64.b64encode(report.locator.svg.encode()).decode()
    fetcher = sandbox.url_fetcher()
    # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and
    # the render; without it the bundled fonts are ignored and system fonts stand in.
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = [
        weasyprint.CSS(string=font_face_css(lambda face: face.path.resolve().as_uri()), url_fetcher=fetcher,
                       font_config=fonts),
        weasyprint.CSS(filename=str(stylesheet(layouts, "print.css")), url_fetcher=fetcher, font_config=fonts),
        weasyprint.CSS(string=f"@page {{ size: {PAGE_SIZES[report.page_size]}; }}", font_config=fonts),
    ]
    if duplex:
        css.append(weasyprint.CSS(filename=str(stylesheet(layouts, "print-duplex.css")), url_fetcher=fetcher,
                                  font_config=fonts))

    def lay_out(part: str, page_of=lambda anchor: None, extra_css: str = ""):
        html = render(env, "print.html", stylesheets=[],
                      **context(report, link=lambda anchor: f"#{anchor}", image_src=image_src, paged=True,
                                map_src=map_src, part=part, page_of=page_of))
        sheets = css + ([weasyprint.CSS(string=extra_css, font_config=fonts)] if extra_css else [])
        return weasyprint.HTML(string=html, base_url=str(sandbox.base.resolve()) + "/",
                               url_fetcher=fetcher).render(stylesheets=sheets, font_config=fonts)

    with _captured_warnings() as warnings:
        document = None
        if not duplex and not _own_templates(layouts):
            document = _in_two_parts(report, lay_out)
        if document is None:
            document = lay_out("all")
        starts = page_starts(document)
        if laid_out is not None:
            laid_out(starts)
        data = document.write_pdf(pdf_identifier=report.identifier.encode("ascii")[:32] or None,
                                  pdf_variant=None if variant == "none" else variant,
                                  pdf_tags=variant != "none")
    return RenderedPdf(data, len(document.pages), tuple(warnings) + sandbox.blocked(), starts)


def _own_templates(layouts: Path | None) -> bool:
    """Whether the user's layouts folder replaces any template (they may not know `part`)."""
    return bool(layouts) and layouts.is_dir() and any(layouts.rglob("*.html"))


def _in_two_parts(report: Report, lay_out):
    """The body (articles, sources) laid out first, then the front matter (cover, contents, summary,
    facts) with the body's page numbers printed as numbers, and the two joined.

    Forward references (target-counter) make WeasyPrint lay the whole document out again once
    their pages are known; this way every page is laid out once. The front matter's length shifts
    the body's numbers; its numbers sit in fixed-width boxes, so its length does not depend on them
    and is found by laying it out with any numbers: in a second process while this one lays out the
    body (or, without fork, by guessing and checking). None when that does not settle (the caller
    then lays the document out in one piece).
    """
    from . import wpfast

    width = f".pno {{ width: {0.56 * PAGE_NUMBER_DIGITS + 0.1:.2f}em; }}"
    measuring = _measure_in_child(lambda: len(lay_out("front", lambda anchor: 8 * 10 ** (PAGE_NUMBER_DIGITS - 1),
                                                      width).pages))
    with wpfast.Margins(defer=True) as margins:
        body = lay_out("body")
    pages = len(body.pages)
    body_page: dict[str, int] = {}
    for number, page in enumerate(body.pages, 1):
        for name in page.anchors:
            body_page.setdefault(name, number)
    guess = measuring() or _front_length_guess(report)
    for _ in range(3):
        def page_of(anchor: str, front: int = guess) -> int | str:
            number = body_page.get(anchor)
            return front + number if number is not None else "auto"

        with wpfast.Margins(total=guess + pages):
            front = lay_out("front", page_of, width)
        if len(front.pages) == guess:
            margins.finish(guess, guess + pages)
            return front.copy(front.pages + body.pages)
        guess = len(front.pages)
    return None


def _measure_in_child(count):
    """Run `count()` (which returns a small int) in a forked process; return a function that waits
    for its answer (None if there is none: no fork on this system, or the child failed)."""
    import os
    import signal

    from .forked import die_with_parent

    if not hasattr(os, "fork"):
        return lambda: None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return lambda: None
    if pid == 0:  # the child: answer through the pipe, never return into the caller
        status = 1
        try:
            os.close(read)
            die_with_parent(signal.SIGTERM)
            os.write(write, str(count()).encode("ascii"))
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def answer() -> int | None:
        try:
            with os.fdopen(read, "rb") as pipe:
                text = pipe.read().decode("ascii")
        finally:
            os.waitpid(pid, 0)
        return int(text) if text.isdigit() else None

    return answer


def _front_length_guess(report: Report) -> int:
    """Pages of cover, contents, summary and facts, roughly; a wrong guess costs one more layout."""
    entries = len(report.articles) + 3
    length = 1 + -(-entries // 34)
    if "summary" in report.sections:
        length += 1
    if "facts" in report.sections and report.facts:
        length += -(-len(report.facts) // 22) + (1 if report.locator else 0)
    return length


def page_starts(document) -> tuple[str | None, ...]:
    """For each page, the id of the first element that begins on it (None if none does):
    where the EPUB puts its printed-page markers."""
    seen: set[str] = set()
    starts: list[str | None] = []
    for page in document.pages:
        fresh = [(xy[1], xy[0], name) for name, xy in page.anchors.items() if name not in seen]
        seen.update(page.anchors)
        starts.append(min(fresh)[2] if fresh else None)
    return tuple(starts)


class _captured_warnings:
    """Collect WeasyPrint's warnings (e.g. a CSS property it ignores) instead of printing them."""

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages)
        self.logger.addHandler(self.handler)
        self.propagate, self.logger.propagate = self.logger.propagate, False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"PDF: {record.getMessage()}")
