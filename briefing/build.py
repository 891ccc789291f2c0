"""The pipeline: sources -> articles -> summary and facts -> Report -> PDF and EPUB."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from . import cache
from .config import DEFAULT_LAYOUTS, FONTS_DIR
from .errors import LeftOutError, StrictError
from .model import Output, Report, Settings
from .output import check_output_dir, output_lock, write_outputs
from .processes import alongside, alongside_pdf
from .progress import PACKING, READING, SAVING, WRITING, Progress, Step, layout_pages, silent
from .render.fonts import characters, coverage_warnings, subsets
from .render.pdf import PrintSetup, expected_pages, prepare, render_pdf
from .report import make_report
from .sandbox import Sandbox


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it warned about."""

    report: Report | None       # None when nothing changed and nothing was rebuilt
    outputs: tuple[Output, ...]
    warnings: tuple[str, ...]
    left_out: tuple[str, ...] = ()   # files of the sources folder that could not be read
    articles: int = 0                # articles in the briefing

    @property
    def up_to_date(self) -> bool:
        """Whether the outputs were already current, so nothing was rendered."""
        return self.report is None


def build(settings: Settings, progress: Progress = silent, force: bool = False) -> BuildResult:
    """Read the sources, make the report, render each format, write the files atomically.
    Unless `force`, outputs already made from the same inputs are left as they are."""
    check_output_dir(settings.output, settings.sources)
    key = cache.build_key(settings)
    fresh = None if force else cache.fresh_outputs(settings, key)
    if fresh is not None:
        return BuildResult(None, *fresh)
    progress(Step(READING))
    sandbox = _sandbox(settings)
    # The report is made in another process while this one loads WeasyPrint and the print layout;
    # that process reports its own progress (the terminal is the same).
    (report, fonts), setup = alongside(lambda: _report_and_fonts(settings, progress),
                                       lambda: prepare(settings.layouts, sandbox, settings.page_size, settings.duplex))
    with contextlib.closing(setup):
        if report.left_out and not settings.allow_missing:
            raise LeftOutError(f"{left_out_line(report.left_out, len(report.articles))}; nothing was written: fix "
                               "them (see the warnings above) or build with --allow-missing to leave them out",
                               warnings=report.warnings)
        # The lock makes a second build into the same folder stop at once rather than interleave files.
        with output_lock(settings.output, (settings.basename,)):
            rendered, warnings = render(settings, report, fonts, progress, sandbox, setup)
            if settings.strict and warnings:
                raise StrictError(f"{len(warnings)} warning(s) and --strict was given; nothing was written",
                                  warnings=tuple(warnings))
            paths = [settings.output / f"{settings.basename}.{kind}" for kind, _, _ in rendered]
            progress(Step(SAVING))
            write_outputs({path: data for path, (_, data, _) in zip(paths, rendered)})
            outputs = tuple(Output(path, kind, pages, len(data))
                            for path, (kind, data, pages) in zip(paths, rendered))
            cache.remember(settings, key, outputs, tuple(warnings), report.left_out, len(report.articles))
    return BuildResult(report, outputs, tuple(warnings), report.left_out, len(report.articles))


def left_out_line(left_out: tuple[str, ...], read: int) -> str:
    """ "2 of 5 articles left out (a.md, b.docx)": the files that could not be read."""
    names = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more" if len(left_out) > 5 else "")
    return f"{len(left_out)} of {len(left_out) + read} articles left out ({names})"


def _sandbox(settings: Settings) -> Sandbox:
    """What the layouts may read: the sources, the layouts and the bundled fonts."""
    return Sandbox(settings.sources, [settings.sources, settings.layouts, DEFAULT_LAYOUTS, FONTS_DIR])


def _report_and_fonts(settings: Settings, progress: Progress = silent) -> tuple[Report, dict[str, bytes]]:
    """The report, and the bundled fonts reduced to the characters it uses."""
    report = make_report(settings, progress)
    return report, subsets(characters(report, settings.layouts))


def render(settings: Settings, report: Report, fonts: dict[str, bytes] | None = None, progress: Progress = silent,
           sandbox: Sandbox | None = None, setup: PrintSetup | None = None) -> tuple[list[tuple[str, bytes, int]], list[str]]:
    """Each requested format as (kind, bytes, pages or sections), in memory, and the warnings.
    The PDF is laid out for the EPUB too: its page breaks become the EPUB's printed page numbers,
    so the EPUB is made in another process that waits for them (`alongside_pdf`)."""
    sandbox = sandbox or _sandbox(settings)
    fonts = fonts if fonts is not None else subsets(characters(report, settings.layouts))
    make_epub = None
    if "epub" in settings.formats:
        from .render.epub import finish_epub, prepare_epub

        def make_epub(page_starts):
            return finish_epub(prepare_epub(report, settings.layouts, sandbox, fonts), page_starts())

    def make_pdf(laid_out, spare):
        with layout_pages(progress, *expected_pages(report, settings.duplex)) as pages:
            def told(starts):
                progress(pages.finished())
                progress(Step(WRITING))
                if laid_out is not None:
                    laid_out(starts)

            pdf = render_pdf(report, settings.layouts, sandbox, settings.pdf_variant, settings.duplex,
                             laid_out=told, spare=spare, setup=setup, fonts=fonts)
        if make_epub is not None:
            progress(Step(PACKING))    # made alongside; what is left of it is waited for now
        return pdf

    pdf, book = alongside_pdf(make_pdf, make_epub)
    rendered, warnings = [], [*report.warnings, *coverage_warnings(report.articles), *pdf.warnings]
    if "pdf" in settings.formats:
        rendered.append(("pdf", pdf.data, pdf.pages))
    if book is not None:
        rendered.append(("epub", book.data, book.files))
        warnings += book.warnings
    return rendered, list(dict.fromkeys(warnings))
