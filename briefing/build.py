"""The pipeline: sources -> articles -> summary and facts -> Report -> PDF and EPUB."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .collect import collect
from .errors import StrictError
from .layouts import DEFAULT_LAYOUTS, FONTS_DIR
from .model import Article, Fact, Output, Report, Settings
from .output import write_atomically
from .sandbox import Sandbox


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it warned about."""

    report: Report
    outputs: tuple[Output, ...]
    warnings: tuple[str, ...]


def build(settings: Settings) -> BuildResult:
    """Read the sources, make the report, render each format, write the files atomically."""
    report = make_report(settings)
    sandbox = Sandbox(settings.sources, [settings.sources, settings.layouts, DEFAULT_LAYOUTS, FONTS_DIR])
    rendered = []
    warnings = list(report.warnings)
    # The PDF is laid out for the EPUB too: its page breaks become the EPUB's printed page numbers.
    from .pdf import render_pdf

    pdf = render_pdf(report, settings.layouts, sandbox, settings.pdf_variant, settings.duplex)
    warnings += pdf.warnings
    if "pdf" in settings.formats:
        rendered.append(("pdf", pdf.data, pdf.pages))
    if "epub" in settings.formats:
        from .epub import render_epub

        book = render_epub(report, settings.layouts, sandbox, pdf.page_starts)
        rendered.append(("epub", book.data, book.files))
        warnings += book.warnings
    warnings = list(dict.fromkeys(warnings))
    if settings.strict and warnings:
        raise StrictError(f"{len(warnings)} warning(s) and --strict was given; nothing was written")
    outputs = []
    for kind, data, pages in rendered:
        path = settings.output / f"{settings.basename}.{kind}"
        write_atomically(path, data)
        outputs.append(Output(path, kind, pages, len(data)))
    return BuildResult(report, tuple(outputs), tuple(warnings))


def make_report(settings: Settings) -> Report:
    """Everything both renderers need, from the sources folder."""
    from .facts import extract_facts
    from .summary import summarize

    collection = collect(settings.sources)
    articles = collection.articles
    facts = extract_facts(articles)
    summary = summarize(articles)
    modified = build_time(settings.sources, articles)
    return Report(
        title=settings.title or default_title(facts),
        date=modified.date(),
        language=Counter(a.language for a in articles).most_common(1)[0][0],
        articles=articles,
        summary=summary,
        facts=facts,
        page_size=settings.page_size,
        identifier=content_id(articles, settings),
        modified=modified,
        warnings=collection.warnings,
    )


def default_title(facts: tuple[Fact, ...]) -> str:
    """A title from the two places the articles name most, when the user gave none."""
    counts = Counter({f.text: len(f.sources) for f in facts if f.kind == "place"})
    top = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    return f"Briefing: {' and '.join(top)}" if top else "News briefing"


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
