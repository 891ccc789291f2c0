"""The pipeline: sources -> articles -> summary and facts -> Report -> PDF and EPUB."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .sources.collect import collect
from .errors import StrictError
from .config import DEFAULT_LAYOUTS, FONTS_DIR
from .model import Article, Fact, Output, Report, Settings
from .output import check_output_dir, output_lock, write_outputs
from .progress import Progress, layout_pages, silent
from .sandbox import Sandbox

if TYPE_CHECKING:
    from .render.pdf import PrintSetup


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it warned about."""

    report: Report | None       # None when nothing changed and nothing was rebuilt
    outputs: tuple[Output, ...]
    warnings: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        """Whether the outputs were already current, so nothing was rendered."""
        return self.report is None


def build(settings: Settings, progress: Progress = silent) -> BuildResult:
    """Read the sources, make the report, render each format, write the files atomically."""
    check_output_dir(settings.output, settings.sources)
    key = cache.build_key(settings)
    fresh = cache.fresh_outputs(settings, key)
    if fresh is not None:
        return BuildResult(None, *fresh)
    progress("Reading the articles, extracting facts and the summary")
    sandbox = _sandbox(settings)
    report, setup = _make_report_while_loading(settings, sandbox)
    # The lock makes a second build into the same folder stop at once rather than interleave files.
    with contextlib.closing(setup), output_lock(settings.output, (settings.basename,)):
        rendered, warnings = render(settings, report, progress, sandbox, setup)
        if settings.strict and warnings:
            raise StrictError(f"{len(warnings)} warning(s) and --strict was given; nothing was written",
                              warnings=tuple(warnings))
        paths = [settings.output / f"{settings.basename}.{kind}" for kind, _, _ in rendered]
        progress("Writing the files")
        write_outputs({path: data for path, (_, data, _) in zip(paths, rendered)})
        outputs = tuple(Output(path, kind, pages, len(data)) for path, (kind, data, pages) in zip(paths, rendered))
        cache.remember(settings, key, outputs, tuple(warnings))
    return BuildResult(report, outputs, tuple(warnings))


def _sandbox(settings: Settings) -> Sandbox:
    """What the layouts may read: the sources, the layouts and the bundled fonts."""
    return Sandbox(settings.sources, [settings.sources, settings.layouts, DEFAULT_LAYOUTS, FONTS_DIR])


def render(settings: Settings, report: Report, progress: Progress = silent, sandbox: Sandbox | None = None,
           setup: PrintSetup | None = None) -> tuple[list[tuple[str, bytes, int]], list[str]]:
    """Each requested format as (kind, bytes, pages or sections), in memory, and the warnings.
    `setup` is the print layout prepared for `sandbox` (see `pdf.prepare`)."""
    sandbox = sandbox or _sandbox(settings)
    rendered = []
    warnings = list(report.warnings)
    # The PDF is laid out for the EPUB too: its page breaks become the EPUB's printed page numbers.
    # The EPUB is made in another process, forked now while this one is small: it renders its pages
    # once the PDF's layout has a core to spare, puts in the page numbers once the PDF's pages are
    # known and packs the book while this process writes the PDF.
    from .processes import Worker
    from .render.pdf import render_pdf

    epub = None
    started = []
    if "epub" in settings.formats:
        from .render.epub import finish_epub, prepare_epub

        # It starts when the PDF's layout leaves a core to spare, and waits there for the page starts.
        epub = Worker(lambda _, inbox: finish_epub(prepare_epub(report, settings.layouts, sandbox), inbox()),
                      inbox=True)

    def spare() -> None:
        if epub is not None and not started:
            started.append(True)
            epub.send(None)

    try:
        progress("Laying out the PDF")
        with layout_pages(progress):
            pdf = render_pdf(report, settings.layouts, sandbox, settings.pdf_variant, settings.duplex,
                             laid_out=epub.tell if epub else None, spare=spare, setup=setup)
        warnings += pdf.warnings
        if "pdf" in settings.formats:
            rendered.append(("pdf", pdf.data, pdf.pages))
        if epub is not None:
            progress("Packing the EPUB")
            spare()
            book = epub.result()
            rendered.append(("epub", book.data, book.files))
            warnings += book.warnings
    finally:
        if epub is not None:
            epub.cancel()
    return rendered, list(dict.fromkeys(warnings))


def _make_report_while_loading(settings: Settings, sandbox: Sandbox) -> tuple[Report, PrintSetup]:
    """`make_report` in a worker process while this one loads the renderers and prepares the print
    layout (`pdf.prepare`): (report, print setup)."""
    from .processes import Worker

    maker: Worker[None, Report] = Worker(lambda _: make_report(settings))
    maker.send(None)
    setup = None
    try:
        from .render.pdf import prepare

        setup = prepare(settings.layouts, sandbox, settings.page_size, settings.duplex)
        return maker.result(), setup
    except BaseException:
        if setup is not None:
            setup.close()
        raise
    finally:
        maker.cancel()


SUMMARY_WORKER_MINIMUM = 16  # articles


def make_report(settings: Settings) -> Report:
    """Everything both renderers need, from the sources folder."""
    from .analysis.facts import CURATION_FILE, apply_curation, extract_facts
    from .analysis.locator import locator_map
    from .analysis.summary import summarize

    from .processes import Worker

    collection = collect(settings.sources)
    articles = collection.articles
    # The summary does not need the facts: a second process writes it while they are extracted
    # (for a few articles it is written here after them: a third process would only slow the
    # loading of the renderers, which is the longer of the two then).
    summarizing: Worker[None, object] | None = None
    if len(articles) >= SUMMARY_WORKER_MINIMUM:
        summarizing = Worker(lambda _: summarize(articles, points=settings.summary_points))
        summarizing.send(None)
    try:
        facts, curation_warnings = apply_curation(extract_facts(articles), articles,
                                                  settings.sources / CURATION_FILE)
        summary = summarizing.result() if summarizing else summarize(articles, points=settings.summary_points)
    finally:
        if summarizing:
            summarizing.cancel()
    modified = build_time(settings.sources, articles)
    return Report(
        title=settings.title or default_title(facts, articles),
        date=settings.date or modified.date(),
        language=settings.language or Counter(a.language for a in articles).most_common(1)[0][0],
        articles=articles,
        summary=summary,
        facts=facts,
        page_size=settings.page_size,
        identifier=content_id(articles, settings),
        modified=modified,
        warnings=collection.warnings + curation_warnings,
        subtitle=settings.subtitle,
        author=settings.author,
        sections=settings.sections,
        locator=locator_map(facts),
    )


def default_title(facts: tuple[Fact, ...], articles: tuple[Article, ...]) -> str:
    """A title from the two places the articles name most often, when the user gave none."""
    text = "\n".join(a.title + "\n" + "\n".join(b.text for b in a.blocks) for a in articles)
    places = {f.text for f in facts if f.kind == "place"}
    raw = {p: _mentions(text, p) for p in places}
    # "Asia" inside "Central Asia" is a mention of Central Asia, not of Asia.
    counts = {p: raw[p] - sum(raw[q] for q in places if q != p and p in q) for p in places}
    top = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    return f"Briefing: {' and '.join(top)}" if top else "News briefing"


def _mentions(text: str, name: str) -> int:
    """How many times `name` is in `text` as whole words: `len(re.findall(rf"\b{name}\b", text))`
    (with `name` escaped), found by plain substring search, which is many times faster."""
    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    if not name:
        return 0
    first, last, count, at = word(name[0]), word(name[-1]), 0, text.find(name)
    while at >= 0:
        end = at + len(name)
        before = word(text[at - 1]) if at > 0 else False
        after = word(text[end]) if end < len(text) else False
        if before != first and after != last:
            count += 1
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)
    return count


def build_time(sources: Path, articles: tuple[Article, ...]) -> dt.datetime:
    """The build's date: SOURCE_DATE_EPOCH when set, else the newest source file's time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = int(epoch)
    else:
        stamp = max(int(a.path.stat().st_mtime) for a in articles)
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc)


def content_id(articles: tuple[Article, ...], settings: Settings) -> str:
    """An identifier that stays the same across rebuilds of the same sources and title."""
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.filename.encode("utf-8") + b"\0" + article.path.read_bytes() + b"\0")
    digest.update((settings.title or "").encode("utf-8"))
    return str(uuid.UUID(bytes=digest.digest()[:16], version=5))
