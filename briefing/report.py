"""The report: the articles read from the sources folder, with their facts and summary."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections import Counter
from pathlib import Path

from .model import Article, Fact, Report, Settings
from .processes import alongside
from .progress import FINDING, Progress, Step, silent
from .sources.collect import collect


SUMMARY_WORKER_MINIMUM = 16  # articles


def make_report(settings: Settings, progress: Progress = silent) -> Report:
    """Everything both renderers need, from the sources folder."""
    from .analysis.facts import CURATION_FILE, apply_curation, extract_facts
    from .analysis.locator import locator_map
    from .analysis.summary import mark_disputes, summarize

    collection = collect(settings.sources, progress)
    articles = collection.articles
    progress(Step(FINDING))

    def facts() -> tuple[tuple[Fact, ...], tuple[str, ...]]:
        return apply_curation(extract_facts(articles), articles, settings.sources / CURATION_FILE)

    def summary():
        return summarize(articles, points=settings.summary_points)

    # The summary does not need the facts: from SUMMARY_WORKER_MINIMUM articles on, another process
    # writes it while they are extracted (for fewer, a third process would only slow the loading
    # of the renderers, which is the longer of the two then).
    if len(articles) >= SUMMARY_WORKER_MINIMUM:
        written, (found, curation_warnings) = alongside(summary, facts)
    else:
        (found, curation_warnings), written = facts(), summary()
    modified = build_time(settings.sources, articles)
    return Report(
        title=settings.title or default_title(found, articles),
        date=settings.date or modified.date(),
        language=settings.language or Counter(a.language for a in articles).most_common(1)[0][0],
        articles=articles,
        summary=mark_disputes(written, found),
        facts=found,
        page_size=settings.page_size,
        identifier=content_id(articles, settings),
        modified=modified,
        warnings=collection.warnings + curation_warnings,
        subtitle=settings.subtitle,
        author=settings.author,
        sections=settings.sections,
        locator=locator_map(found),
        left_out=collection.left_out,
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
