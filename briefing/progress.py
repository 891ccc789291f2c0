"""Progress reports: the engine names its stages; the command line decides whether to show them."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Callable, Iterator

Progress = Callable[[str], None]


def silent(_: str) -> None:
    """The progress callback that shows nothing."""


@contextmanager
def layout_pages(progress: Progress) -> Iterator[None]:
    """Forward WeasyPrint's page-by-page layout messages as "Laying out the PDF: page N"."""
    logger = logging.getLogger("weasyprint.progress")

    class Pages(logging.Handler):
        # WeasyPrint goes over the pages several times (page references settle); count passes.
        passes, last = 1, 0

        def emit(self, record: logging.LogRecord) -> None:
            if record.args and "Page" in str(record.msg):
                page = int(record.args[-1])
                if page < self.last:
                    self.passes += 1
                self.last = page
                progress(f"Laying out the PDF: pass {self.passes}, page {page}")

    handler = Pages(logging.INFO)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
