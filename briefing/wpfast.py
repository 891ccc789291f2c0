"""A fix for WeasyPrint's quadratic target-counter bookkeeping, applied before rendering.

WeasyPrint's `TargetCollector.cache_target_page_counters` scans every box that uses a
counter each time any target anchor's page is known: O(targets x boxes). A briefing links
every fact to its sentence (`target-counter(attr(href), page)`), so both grow with the number
of articles and that scan dominated the build. This version indexes the boxes by the anchor
they wait for and does the same updates, in the same order, for only those boxes.
"""
from __future__ import annotations

import copy


def install() -> None:
    """Replace the method once; a WeasyPrint without the expected internals is left alone."""
    from weasyprint.css import targets

    collector = targets.TargetCollector
    if getattr(collector, "_briefing_indexed", False) or not hasattr(collector, "cache_target_page_counters"):
        return
    collector.cache_target_page_counters = _cache_target_page_counters
    collector._briefing_indexed = True


def _waiting(self, anchor_name: str) -> list:
    """The counter lookup items (content only) that wait for `anchor_name`, in dict order."""
    index = getattr(self, "_briefing_index", None)
    if index is None or self._briefing_index_size != len(self.counter_lookup_items):
        index = {}
        for (_, css_token), item in self.counter_lookup_items.items():
            if css_token != "content":
                continue
            for name in item.missing_target_counters:
                index.setdefault(name, []).append(item)
        self._briefing_index = index
        self._briefing_index_size = len(self.counter_lookup_items)
    return index.get(anchor_name, [])


def _cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
    """WeasyPrint's method with the same effects, visiting only the boxes that wait for this anchor."""
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
                    counter_value = page_counter_values.get(counter_name)
                    if counter_value is not None:
                        remake_state = page_maker[waiting.page_maker_index][-1]
                        remake_state["content_changed"] = True
                        waiting.parse_again(waiting.cached_page_counter_values)
                        break
