"""Progress reports: the engine says, in numbers, how far each stage of a build is; the command
line decides whether and how to show them."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

# The stages of a build, in order.
READING = "Reading articles"
FINDING = "Finding facts and the summary"
LAYING_OUT = "Laying out the PDF"
WRITING = "Writing the PDF"
PACKING = "Packing the EPUB"
SAVING = "Saving the files"
FILES, PAGES = "files read", "pages laid out"   # what the counting stages count


@dataclass(frozen=True)
class Step:
    """How far a build is: its stage and, for a stage that counts, how much of it is done."""

    stage: str
    done: int = 0
    total: int = 0          # 0: this stage has no count
    about: bool = False     # the total is an estimate
    unit: str = ""          # what is counted: FILES, PAGES


Progress = Callable[[Step], None]


def silent(_: Step) -> None:
    """The progress callback that shows nothing."""


class PageCount:
    """Pages laid out of pages expected, from WeasyPrint's progress messages, as one bar.

    WeasyPrint lays the whole document out once ("Page 1", "Page 2" ...), then goes over it again
    ("Repagination #1" ...) while page numbers settle: pages whose content depends on them (the
    contents and the fact table, through CSS target-counter) are laid out again, the others are
    "up-to-date" at once. The pages laid out again count in the same bar. Its total is an estimate
    until the layout ends: the pages expected and the pages expected again, corrected as the
    pages come. Each repagination after the first is expected to be the last, and to redo as
    few pages as the smallest one before it (one that redoes every page is rare)."""

    def __init__(self, pages: int, again: int) -> None:
        self.expected, self.expected_again = max(pages, 1), max(again, 0)
        self.pages = 0           # pages of the first layout
        self.again = 0           # pages laid out again since
        self.passes = 0          # repaginations begun
        self.again_before = 0    # `again` when the last one began
        self.fewest = 0          # pages the smallest repagination so far redid

    def heard(self, message: str, page: int | None) -> Step | None:
        """The step after one of WeasyPrint's progress messages (None if it changes nothing)."""
        if "Repagination" in message:
            if self.passes:
                last = self.again - self.again_before
                self.fewest = min(self.fewest, last) if self.passes > 1 else last
                self.expected_again = self.again + self.fewest
            self.passes += 1
            self.again_before = self.again
            return self.step()
        if page is None or "Page" not in message or "up-to-date" in message:
            return None
        if self.passes:
            self.again += 1
        else:
            self.pages = page
        return self.step()

    def step(self) -> Step:
        """Where the layout is now; the total stays above what is done until it ends."""
        if self.passes:
            total = self.pages + max(self.expected_again, self.again + 1)
        else:
            total = max(self.expected, self.pages + 1) + self.expected_again
        return Step(LAYING_OUT, self.pages + self.again, total, True, PAGES)

    def finished(self) -> Step:
        """The last step of the layout: every page laid out, the total now exact."""
        done = self.pages + self.again
        return Step(LAYING_OUT, done, done, False, PAGES)


@contextmanager
def layout_pages(progress: Progress, pages: int, again: int) -> Iterator[PageCount]:
    """Report the layout's pages while inside (`pages` and `again` are the estimates of
    `PageCount`), listening to WeasyPrint's progress logger."""
    count = PageCount(pages, again)
    logger = logging.getLogger("weasyprint.progress")

    class Pages(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            args = record.args if isinstance(record.args, tuple) else ()
            page = args[-1] if args and isinstance(args[-1], int) else None
            step = count.heard(str(record.msg), page)
            if step is not None:
                progress(step)

    handler = Pages(logging.INFO)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    progress(count.step())
    try:
        yield count
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
