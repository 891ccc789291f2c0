"""The PDF renderer: the Report through the print layout and WeasyPrint."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .fonts import font_face_css
from .layouts import environment, render, stylesheet
from .model import Image, Report
from .render import context
from .sandbox import Sandbox

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none")


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a PDF and what the CLI reports about it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...]
    page_starts: tuple[str | None, ...] = ()  # per page, the first element id that starts on it


def render_pdf(report: Report, layouts: Path | None, sandbox: Sandbox, variant: str = "pdf/ua-1",
               duplex: bool = False) -> RenderedPdf:
    """Lay the report out on pages and return the PDF bytes (tagged PDF/UA-1 by default)."""
    import weasyprint

    from . import wpfast

    wpfast.install()
    env = environment(layouts)

    def image_src(image: Image) -> str | None:
        return image.path.resolve().as_uri() if sandbox.allows_image(image.path) else None

    map_src = None
    if report.locator is not None:
        import base64

        map_src = "data:image/svg+xml;base64," + base64.b64encode(report.locator.svg.encode()).decode()
    html = render(env, "print.html", stylesheets=[],
                  **context(report, link=lambda anchor: f"#{anchor}", image_src=image_src, paged=True,
                            map_src=map_src))
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
    with _captured_warnings() as warnings:
        document = weasyprint.HTML(string=html, base_url=str(sandbox.base.resolve()) + "/",
                                   url_fetcher=fetcher).render(stylesheets=css, font_config=fonts)
        data = document.write_pdf(pdf_identifier=report.identifier.encode("ascii")[:32] or None,
                                  pdf_variant=None if variant == "none" else variant,
                                  pdf_tags=variant != "none")
    return RenderedPdf(data, len(document.pages), tuple(warnings) + sandbox.blocked(), page_starts(document))


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
