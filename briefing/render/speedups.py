"""The one place where the build reaches inside its dependencies, and only for versions it was
written and tested against: two fixes of quadratic bookkeeping that a briefing with hundreds of
articles runs into. Each gives the same output as the code it replaces (the tests build the
samples both ways and compare). Outside the version window, or with `BRIEFING_SPEEDUPS=0` in the
environment, nothing is installed and the build takes WeasyPrint's plain path.

1. WeasyPrint's `TargetCollector.cache_target_page_counters` scans every box that uses a counter
   each time any target anchor's page is known: O(targets x boxes). A briefing links every fact
   to its sentence (`target-counter(attr(href), page)`), so both grow with the number of
   articles. This version indexes the boxes by the anchor they wait for and makes the same
   updates, in the same order, for only those boxes.
2. pydyf's `PDF.page_references` is rebuilt from the page tree on every call, and WeasyPrint's
   PDF tagging calls it once per tagged element: O(elements x pages). This version rebuilds it
   only when a page was added.

Both are proposed upstream as patches in docs/upstream/.
"""
from __future__ import annotations

import copy
import os
import re
from importlib.metadata import PackageNotFoundError, version

# The releases whose internals these were written against: (first, first not supported).
WINDOW = {"weasyprint": ((68,), (71,)), "pydyf": ((0, 11), (0, 14))}

_installed: list[str] = []


def _version(package: str) -> tuple[int, ...] | None:
    try:
        found = version(package)
    except PackageNotFoundError:
        return None
    return tuple(int(part) for part in re.findall(r"\d+", found)[:3])


def supported(package: str) -> bool:
    """Whether the installed `package` is inside the window these speed-ups were written for."""
    found = _version(package)
    low, high = WINDOW[package]
    return found is not None and low <= found < high


def enabled() -> bool:
    """Whether speed-ups may be installed at all (`BRIEFING_SPEEDUPS=0` turns them off)."""
    return os.environ.get("BRIEFING_SPEEDUPS", "1") != "0"


def install() -> tuple[str, ...]:
    """Install each speed-up whose library is in its window; return the names installed."""
    if not enabled():
        return ()
    if "targets" not in _installed and supported("weasyprint"):
        from weasyprint.css.targets import TargetCollector

        TargetCollector.cache_target_page_counters = _cache_target_page_counters
        _installed.append("targets")
    if "page_references" not in _installed and supported("pydyf"):
        import pydyf

        pydyf.PDF.page_references = property(_page_references)
        _installed.append("page_references")
    return tuple(_installed)


def _waiting(collector, anchor_name: str) -> list:
    """The counter lookup items (content only) that wait for `anchor_name`, in dict order."""
    index = collector.__dict__.get("_briefing_index")
    if index is None or collector.__dict__["_briefing_index_size"] != len(collector.counter_lookup_items):
        index = {}
        for (_, css_token), item in collector.counter_lookup_items.items():
            if css_token == "content":
                for name in item.missing_target_counters:
                    index.setdefault(name, []).append(item)
        collector._briefing_index = index
        collector._briefing_index_size = len(collector.counter_lookup_items)
    return index.get(anchor_name, [])


def _cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
    """WeasyPrint's method (68 to 70) with the same effects, visiting only the boxes that wait
    for this anchor."""
    if self.collecting:
        return
    item = self.target_lookup_items.get(anchor_name)
    if item and item.state == "up-to-date":
        item.page_maker_index = page_maker_index
        if item.cached_page_counter_values != page_counter_values:
            item.cached_page_counter_values = copy.deepcopy(page_counter_values)
            for waiting in _waiting(self, anchor_name):
                missing_counters = waiting.missing_target_counters.get(anchor_name)
                if missing_counters is None:
                    continue
                if waiting.page_maker_index is None or waiting.page_maker_index >= len(page_maker):
                    waiting.pending = True
                    continue
                for counter_name in missing_counters:
                    if page_counter_values.get(counter_name) is not None:
                        remake_state = page_maker[waiting.page_maker_index][-1]
                        remake_state["content_changed"] = True
                        waiting.parse_again(waiting.cached_page_counter_values)
                        break


def _page_references(self) -> tuple[bytes, ...]:
    """pydyf's `page_references`, rebuilt only when the page tree has grown."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_briefing_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self._briefing_page_references = cached
    return cached[1]
