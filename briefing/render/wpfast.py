"""Speed-ups for WeasyPrint's layout and output, applied before rendering; each gives the same output.

The main one fixes WeasyPrint's quadratic target-counter bookkeeping. WeasyPrint's
`TargetCollector.cache_target_page_counters` scans every box that uses a counter each time
any target anchor's page is known: O(targets x boxes). A briefing links
every fact to its sentence (`target-counter(attr(href), page)`), so both grow with the number
of articles and that scan dominated the build. This version indexes the boxes by the anchor
they wait for and does the same updates, in the same order, for only those boxes. What makes
WeasyPrint load faster is in `wpload.py`.
"""
from __future__ import annotations

import contextvars
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


# Margin boxes (running header, "N of M" footer) of a document laid out as one part of a larger
# one: their page numbers are shifted by the pages before it and the total is the whole's. The
# body is laid out before the front matter, so its margin boxes wait until that is known.
_MARGINS: contextvars.ContextVar["Margins | None"] = contextvars.ContextVar("briefing_margins", default=None)


class Margins:
    """How to number the pages of the document being laid out: `offset` pages come before it and
    the whole has `total` pages."""

    def __init__(self, offset: int = 0, total: int | None = None) -> None:
        self.offset, self.total = offset, total

    def __enter__(self) -> "Margins":
        self._token = _MARGINS.set(self)
        return self

    def __exit__(self, *exc) -> None:
        _MARGINS.reset(self._token)


_ORIGINAL: dict = {}


def _shifted(state, offset: int, total: int | None):
    counters = {name: list(values) for name, values in state[1].items()}
    if offset and counters.get("page"):
        counters["page"][-1] += offset
    if total is not None:
        counters["pages"] = [total]
    return (state[0], counters, *state[2:])


def _make_margin_boxes(context, page, state):
    plan = _MARGINS.get()
    if plan is None:
        return _ORIGINAL["make_margin_boxes"](context, page, state)
    return _ORIGINAL["make_margin_boxes"](context, page, _shifted(state, plan.offset, plan.total))


def install_margins() -> None:
    """Route WeasyPrint's margin boxes through `Margins` (no effect outside a `with Margins(...)`)."""
    from weasyprint import layout

    if "make_margin_boxes" not in _ORIGINAL and hasattr(layout, "make_margin_boxes"):
        _ORIGINAL["make_margin_boxes"] = layout.make_margin_boxes
        layout.make_margin_boxes = _make_margin_boxes


def _page_references(self):
    """pydyf's `page_references`, rebuilt only when a page was added: WeasyPrint's PDF tagging asks
    for it once per tagged element, and rebuilding it each time is O(elements x pages)."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_briefing_page_refs")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__["_briefing_page_refs"] = cached
    return cached[1]


def install_page_references() -> None:
    """Cache pydyf's list of page references (same values, computed once per page count)."""
    import pydyf

    if not getattr(pydyf.PDF, "_briefing_cached_refs", False) and isinstance(
            getattr(pydyf.PDF, "page_references", None), property):
        pydyf.PDF.page_references = property(_page_references)
        pydyf.PDF._briefing_cached_refs = True


class _Zlib:
    """The zlib module as pydyf sees it: its streams are compressed at level 6 rather than 9, which
    takes a third of the time for files a few per cent larger."""

    def __getattr__(self, name):
        import zlib

        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args, **kwargs):
        import zlib

        return zlib.compressobj(min(level, 6) if level >= 0 else level, *args, **kwargs)


def install_stream_compression() -> None:
    """Route pydyf's stream compression through `_Zlib`."""
    import pydyf

    if not isinstance(getattr(pydyf, "zlib", None), _Zlib) and hasattr(pydyf, "zlib"):
        pydyf.zlib = _Zlib()


# Elements whose content an HTML parser reads differently from an XML parser (raw text, a dropped
# first newline, foreign namespaces): a document with any of them goes to WeasyPrint's own parser.
_NOT_XML_ALIKE = frozenset({"script", "style", "pre", "textarea", "listing", "plaintext", "xmp", "iframe",
                            "noembed", "noframes", "noscript", "template", "svg", "math"})
_DOCTYPE = "<!DOCTYPE html>"


def well_formed_tree(string: str):
    """The element tree HTML5 parsing gives `string` (as WeasyPrint parses it: no namespaces),
    read by the XML parser, which takes a thirtieth of the time; None when `string` is not a
    document this holds for: not well-formed XML, HTML entities, comments, elements from
    `_NOT_XML_ALIKE`, or not one <html> with a <head> and a <body>. For the well-formed documents
    the layouts make, the two parsers differ only in where whitespace outside <body> goes."""
    import xml.etree.ElementTree as ET

    end = string.rfind("</html>")
    if not string.startswith(_DOCTYPE) or end < 0 or string[end + 7:].strip() or "<!" in string[len(_DOCTYPE):] \
            or "<?" in string:
        return None
    try:
        root = ET.fromstring(string[len(_DOCTYPE):end + 7])
    except ET.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"] or (root.text or "").strip():
        return None
    for element in root.iter():
        if element.tag in _NOT_XML_ALIKE or "{" in element.tag or any("{" in name for name in element.attrib):
            return None
    # HTML5 drops whitespace before <head>, and puts what follows </body> at the end of the body.
    root.text = None
    head, body = root
    if (head.tail or "").strip() or (body.tail or "").strip():
        return None
    after = (body.tail or "") + string[end + 7:]
    body.tail = None
    if after:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + after
        else:
            body.text = (body.text or "") + after
    return root


class _Parsed:
    """Stands in for the tinyhtml5 module while WeasyPrint's HTML class reads a document parsed
    already."""

    def __init__(self, tree, module) -> None:
        self.tree, self.module = tree, module

    def __getattr__(self, name):
        return getattr(self.module, name)

    def parse(self, source, **kwargs):
        if kwargs == {"namespace_html_elements": False}:
            return self.tree
        return self.module.parse(source, **kwargs)


def parsed_html(string: str, **kwargs):
    """`weasyprint.HTML(string=string, **kwargs)`, parsed by `well_formed_tree` when it can be."""
    import weasyprint

    tree = well_formed_tree(string)
    module = getattr(weasyprint, "tinyhtml5", None)
    if tree is None or module is None or not hasattr(module, "parse"):
        return weasyprint.HTML(string=string, **kwargs)
    weasyprint.tinyhtml5 = _Parsed(tree, module)
    try:
        return weasyprint.HTML(string=string, **kwargs)
    finally:
        weasyprint.tinyhtml5 = module
