"""A fix for WeasyPrint's quadratic target-counter bookkeeping, applied before rendering.

WeasyPrint's `TargetCollector.cache_target_page_counters` scans every box that uses a
counter each time any target anchor's page is known: O(targets x boxes). A briefing links
every fact to its sentence (`target-counter(attr(href), page)`), so both grow with the number
of articles and that scan dominated the build. This version indexes the boxes by the anchor
they wait for and does the same updates, in the same order, for only those boxes.
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
    the whole has `total` pages; with `defer`, both are given later to `finish`."""

    def __init__(self, offset: int = 0, total: int | None = None, defer: bool = False) -> None:
        self.offset, self.total, self.defer = offset, total, defer
        self.pending: list = []

    def __enter__(self) -> "Margins":
        self._token = _MARGINS.set(self)
        return self

    def __exit__(self, *exc) -> None:
        _MARGINS.reset(self._token)

    def finish(self, offset: int, total: int) -> None:
        """Make the margin boxes held back during layout, now that the numbers are known."""
        from weasyprint.layout.background import layout_box_backgrounds

        for context, page, index, state in self.pending:
            context.current_page = index
            boxes = tuple(_ORIGINAL["make_margin_boxes"](context, page, _shifted(state, offset, total)))
            for box in boxes:
                layout_box_backgrounds(page, box, context.get_image_from_uri)
            page.children = tuple(page.children) + boxes
        self.pending = []


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
    if plan.defer:
        plan.pending.append((context, page, context.current_page, _shifted(state, 0, None)))
        return ()
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


# Writing the PDF: WeasyPrint draws every page into a list of small byte strings, keeps every
# page's boxes until the tag tree is built after the last page, and compresses the drawings only
# when the file is serialised. For a long briefing that holds the whole layout plus every page's
# drawing in memory at once. Inside `streaming_write()`, each page's tags are built as soon as it is
# drawn, its drawing is compressed then, and its boxes are let go: the same objects with the same
# contents (object numbers differ), and memory falls page by page while the PDF is written.
_STREAMING: contextvars.ContextVar["_Writing | None"] = contextvars.ContextVar("briefing_streaming", default=None)


class _Writing:
    """The PDF being written and the tag tree built so far."""

    def __init__(self) -> None:
        self.pdf = None
        self.pdf_page = None
        self.document = None  # the /Document structure element, once the first page is tagged
        self.content_mapping = None
        self.root = None
        self.annotations: list = []


class streaming_write:
    """Within this block, `Document.write_pdf` tags, compresses and releases each page once drawn.
    The pages' boxes are gone afterwards: write a document once, after everything else read it."""

    def __enter__(self) -> "streaming_write":
        self._token = _STREAMING.set(_Writing())
        return self

    def __exit__(self, *exc) -> None:
        _STREAMING.reset(self._token)


def _add_links(links_and_anchors, matrix, pdf, page, names, tags):
    writing = _STREAMING.get()
    if writing is not None:
        if writing.pdf is not pdf:
            writing.__init__()
            writing.pdf = pdf
        writing.pdf_page = page
    return _ORIGINAL["add_links"](links_and_anchors, matrix, pdf, page, names, tags)


def _paint(self, stream, scale=1):
    _ORIGINAL["paint"](self, stream, scale)
    writing = _STREAMING.get()
    if writing is None or writing.pdf is None or writing.pdf_page is None:
        return
    if stream._tags is not None:
        _tag_page(writing, self._page_box, stream._tags, writing.pdf_page["StructParents"])
    _compress(stream)
    self._page_box = None
    writing.pdf_page = None


def _tag_page(writing: _Writing, page_box, tags, page_number: int) -> None:
    """WeasyPrint's `add_tags` loop body for one page."""
    import pydyf
    from weasyprint.pdf.tags import _build_box_tree

    pdf = writing.pdf
    if writing.document is None:
        writing.content_mapping = pydyf.Dictionary({})
        pdf.add_object(writing.content_mapping)
        writing.root = root = pydyf.Dictionary({"Type": "/StructTreeRoot",
                                                "ParentTree": writing.content_mapping.reference})
        pdf.add_object(root)
        writing.document = pydyf.Dictionary({"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(),
                                             "P": root.reference})
        pdf.add_object(writing.document)
        root["K"] = pydyf.Array([writing.document.reference])
        pdf.catalog["StructTreeRoot"] = root.reference
        writing.content_mapping["Nums"] = pydyf.Array()
    nums = writing.content_mapping["Nums"]
    nums.append(page_number)
    nums.append(pydyf.Array())
    page_nums: dict = {}
    first = len(pdf.objects)
    for element in _build_box_tree(page_box, writing.document, pdf, page_number, page_nums,
                                   writing.annotations, tags):
        writing.document["K"].append(element.reference)
    assert not tags
    nums[-1].extend(reference for _, reference in sorted(page_nums.items()))
    # The page's structure elements are complete (the tree links them by reference): keep their
    # serialised form instead of the dictionaries. pydyf serialises every object twice (the file,
    # then its identifier's hash), so this saves time as well as memory.
    for number in range(first, len(pdf.objects)):
        pdf.objects[number] = _Serialised(pdf.objects[number])


class _Serialised:
    """A finished pydyf object reduced to its bytes: what pydyf's writer asks of an object."""

    __slots__ = ("number", "offset", "generation", "free", "data")

    def __init__(self, obj) -> None:
        self.number, self.offset, self.generation, self.free = obj.number, obj.offset, obj.generation, obj.free
        self.data = obj.data

    @property
    def compressible(self) -> bool:
        return not self.generation

    @property
    def indirect(self) -> bytes:
        return f"{self.number} {self.generation} obj\n".encode() + self.data + b"\nendobj"

    @property
    def reference(self) -> bytes:
        return f"{self.number} {self.generation} R".encode()


def _compress(stream) -> None:
    """Serialise and compress a page's drawing now; pydyf writes the same bytes later."""
    import pydyf

    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    if stream.compress:
        compressor = pydyf.zlib.compressobj(level=9)
        data = compressor.compress(data) + compressor.flush()
        stream.extra["Filter"] = "/FlateDecode"
        stream.compress = False
    stream.stream = [data]


def _add_tags(pdf, document, pdf_version, page_streams):
    writing = _STREAMING.get()
    if writing is None or writing.pdf is not pdf or writing.document is None:
        return _ORIGINAL["add_tags"](pdf, document, pdf_version, page_streams)
    import pydyf
    from weasyprint.logger import LOGGER

    root = writing.root
    if str(pdf_version) >= "2.0":
        namespace = pydyf.Dictionary({"Type": "/Namespace", "NS": pydyf.String("http://iso.org/pdf2/ssn")})
        pdf.add_object(namespace)
        root["Namespaces"] = pydyf.Array([namespace.reference])
        writing.document["NS"] = namespace.reference
    nums = writing.content_mapping["Nums"]
    for i, (reference, annotation) in enumerate(writing.annotations, start=len(document.pages)):
        nums.append(i)
        nums.append(reference)
        annotation["StructParent"] = i
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
    if "Lang" not in pdf.catalog:
        LOGGER.error('Missing required "lang" attribute at the root of the document')
        pdf.catalog["Lang"] = pydyf.String()


def install_streaming_write() -> None:
    """Route page painting, links and tagging through `streaming_write` (no effect outside it)."""
    import weasyprint.pdf as wpdf
    from weasyprint.document import Page

    needed = ("add_links", "add_tags", "generate_pdf")
    if "paint" in _ORIGINAL or not all(hasattr(wpdf, name) for name in needed):
        return
    _ORIGINAL["paint"], Page.paint = Page.paint, _paint
    _ORIGINAL["add_links"], wpdf.add_links = wpdf.add_links, _add_links
    _ORIGINAL["add_tags"], wpdf.add_tags = wpdf.add_tags, _add_tags
