"""One PDF written page by page from several WeasyPrint documents, in any drawing order.

WeasyPrint writes a PDF from one laid-out document: every page of it is held in memory until the
file is written. A long briefing is laid out in parts instead (the articles a few dozen at a
time, then the front matter, whose page numbers need the articles' pages); each page is drawn
into the PDF as soon as its part is laid out, its tag-tree elements are built and serialised,
its drawing compressed, and its boxes let go. Pages take their final places (front matter first)
when the file is written. This is WeasyPrint's own `generate_pdf`, taken apart at the page; it
uses the same drawing, link, tagging, font, metadata and PDF-variant functions.

Page numbers printed in the margins ("N of M") are not known while the articles are laid out:
those margin boxes are left out of an article page's drawing and drawn later, from a document of
empty pages laid out with the right numbers, into a second content stream of the same page,
marked as a pagination artifact.

Two processes can draw parts of one PDF: the second draws its pages into a writer of its own
(its fonts under other names, so that their subsets do not clash), `export`s them as plain
objects and the first `take`s them in, renumbered.
"""
from __future__ import annotations

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Drawn:
    page: object                 # the WeasyPrint Page, without its boxes once drawn
    pdf_page: object             # its /Page dictionary
    matrix: object
    elements: list = field(default_factory=list)  # its top-level structure elements
    held: tuple | None = None    # (stream, drawing bytes between held text boxes, held boxes)


@dataclass
class _PageShim:
    """What the writer still needs of a page drawn in another process."""

    anchors: dict
    links: list
    bookmarks: list
    width: float
    height: float
    bleed: dict


@dataclass
class Fragment:
    """Pages drawn by another process's writer, as plain picklable objects (`PdfWriter.export`)."""

    objects: list          # (number, object) for every object the pages need, resources included
    pages_root: int        # the numbers of that writer's page tree and /Document element, which
    document: int | None   # stand for this writer's
    resources: int
    pages: list            # per page: (shim, /Page number, matrix, top-level elements, parent-tree refs)
    annotations: list      # (structure element reference, annotation number)


_REFERENCE = re.compile(rb"(\d+) (\d+) R")
# In serialised objects: a reference, or a string (pydyf writes literal strings with every
# backslash and parenthesis escaped, other strings in hex), whose text is left alone.
_SERIALISED_REFERENCE = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f]*>|(?<![\d.])(\d+) (\d+) R", re.S)
_ROT13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "NOPQRSTUVWXYZABCDEFGHIJKLM")


@contextmanager
def other_font_names():
    """Fonts drawn meanwhile get other resource and subset names than this process's (the same
    names, their letters rotated): a second process's subsets can then sit beside the first's."""
    import weasyprint.pdf.stream as module

    original = module.Font

    class OtherFont(original):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            old, self.hash = self.hash, self.hash.translate(_ROT13)
            self.name = self.name.replace(old.encode(), self.hash.encode(), 1)

    module.Font = OtherFont
    try:
        yield
    finally:
        module.Font = original


def counts_pages(box) -> bool:
    """Whether a margin box prints a page counter (`counter(page)`, `counter(pages)`)."""
    return bool(re.search(r"counters?\(\)', \('pages?'", repr(box.style["content"])))


def uses_strings(box) -> bool:
    """Whether a margin box prints a running string or element (`string()`, `element()`)."""
    return bool(re.search(r"'(string|element)\(\)'", repr(box.style["content"])))


class PdfWriter:
    """Pages drawn one at a time into one PDF; `write` puts them in order and returns the file."""

    def __init__(self, font_config, serialise: bool = True, **options) -> None:
        import pydyf
        from weasyprint import DEFAULT_OPTIONS
        from weasyprint.pdf import VARIANTS

        from . import wpfast

        wpfast.install_page_references()
        opts = {**DEFAULT_OPTIONS, **options}
        self.variant = opts["pdf_variant"]
        if self.variant:
            _, properties = VARIANTS[self.variant]
            for key, value in tuple(opts.items()):
                if value is None and key in properties:
                    opts[key] = properties[key]
            if "pdf_tags" in properties:
                opts["pdf_tags"] = properties["pdf_tags"]
        self.options = opts
        self.tagged = bool(opts["pdf_tags"])
        self.compress = not opts["uncompressed_pdf"]
        self.scale = opts.get("zoom", 1) * 0.75
        self.font_config = font_config
        self.serialise = serialise  # structure elements to bytes as soon as built (not to export)
        self.taken_resources: list = []
        self.fonts: dict = {}
        self.images: dict = {}
        self.annot_files: dict = {}
        self.color_profiles: dict = {}
        self.drawn: list[_Drawn] = []
        self.annotations: list = []
        self.pdf = pdf = pydyf.PDF()
        self._color_space()
        self.resources = pydyf.Dictionary({
            "ExtGState": pydyf.Dictionary(), "XObject": pydyf.Dictionary(), "Pattern": pydyf.Dictionary(),
            "Shading": pydyf.Dictionary(), "ColorSpace": self.color_space.reference})
        pdf.add_object(self.resources)
        if self.tagged:
            self.parent_tree = pydyf.Dictionary({"Nums": pydyf.Array()})
            pdf.add_object(self.parent_tree)
            self.root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": self.parent_tree.reference})
            pdf.add_object(self.root)
            self.document = pydyf.Dictionary({"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(),
                                              "P": self.root.reference})
            pdf.add_object(self.document)
            self.root["K"] = pydyf.Array([self.document.reference])
            pdf.catalog["StructTreeRoot"] = self.root.reference

    def _color_space(self) -> None:
        from importlib.resources import files

        import pydyf
        from tinycss2.color5 import D50, D65
        from weasyprint.css import ColorProfile

        self.color_space = pydyf.Dictionary({
            "lab-d50": pydyf.Array(("/Lab", pydyf.Dictionary({
                "WhitePoint": pydyf.Array(D50), "Range": pydyf.Array((-125, 125, -125, 125))}))),
            "lab-d65": pydyf.Array(("/Lab", pydyf.Dictionary({
                "WhitePoint": pydyf.Array(D65), "Range": pydyf.Array((-125, 125, -125, 125))}))),
        })
        if self.options["output_intent"] == "srgb":
            import weasyprint.pdf

            self.color_profiles["srgb"] = ColorProfile(
                (files(weasyprint.pdf.__package__) / "sRGB2014.icc").open("rb"), "sRGB2014.icc",
                "relative-colorimetric", (["r"], ["g"], ["b"]))
        for key, profile in self.color_profiles.items():
            stream = pydyf.Stream([profile.content], pydyf.Dictionary({"N": len(profile.components)}),
                                  compress=self.compress)
            self.pdf.add_object(stream)
            profile.pdf_reference = stream.reference
            self.color_space[key] = pydyf.Array(("/ICCBased", stream.reference))
        self.pdf.add_object(self.color_space)

    # --- drawing ------------------------------------------------------------------------------

    def _stream(self, page, tags):
        from weasyprint.pdf.stream import Stream

        left, top = -self.scale * page.bleed["left"], -self.scale * page.bleed["top"]
        width = self.scale * (page.width + page.bleed["left"] + page.bleed["right"])
        height = self.scale * (page.height + page.bleed["top"] + page.bleed["bottom"])
        rectangle = (left / self.scale, top / self.scale, width / self.scale, height / self.scale)
        stream = Stream(self.fonts, rectangle, self.resources, self.images, tags, self.color_profiles,
                        None, compress=self.compress)
        # Each content stream leaves the graphics state as it found it: a page may get a second one.
        stream.push_state()
        stream.transform(d=-1, f=(page.height * self.scale))
        self.pdf.add_object(stream)
        return stream, (left, top, left + width, top + height)

    def draw(self, document, page, skip_margin=None, hold=None) -> int:
        """Draw one page of `document` (margin boxes for which `skip_margin` is true left out),
        tag it and let its boxes go. Text boxes for which `hold` is true are kept, and their
        drawing can be done again, with other text, by `redraw_held` (the page's drawing is
        compressed then). Returns its drawing index."""
        import pydyf
        from weasyprint.matrix import Matrix
        from weasyprint.pdf.anchors import add_annotations, add_forms, add_links
        from weasyprint.formatting_structure import boxes

        index = len(self.drawn)
        tags = {} if self.tagged else None
        matrix = Matrix(self.scale, 0, 0, -self.scale, 0, page.height * self.scale)
        stream, (left, top, right, bottom) = self._stream(page, tags)
        pdf_page = pydyf.Dictionary({
            "Type": "/Page", "Parent": self.pdf.pages.reference,
            "MediaBox": pydyf.Array([left, top, right, bottom]),
            "Contents": stream.reference, "Resources": self.resources.reference})
        if self.tagged:
            pdf_page["Tabs"] = "/S"
            pdf_page["StructParents"] = index
        self.pdf.add_page(pdf_page)
        links = [link for link in page.links if link[0] != "internal" or link[1]]
        add_links((links, []), matrix, self.pdf, pdf_page, [], tags)
        add_annotations(links, matrix, document, self.pdf, pdf_page, self.annot_files, self.compress)
        add_forms(page.forms, matrix, self.pdf, pdf_page, self.resources, stream,
                  document.font_config.font_map)
        box = page._page_box
        if skip_margin is not None:
            box.children = [child for child in box.children
                            if not (isinstance(child, boxes.MarginBox) and skip_margin(child))]
        held: list = []
        with _holding(hold, held):
            page.paint(stream, self.scale)
        stream.pop_state()
        self._trim(pdf_page, page, left, top, right, bottom)
        drawn = _Drawn(page, pdf_page, matrix)
        if self.tagged:
            drawn.elements = self._tag(box, tags, index)
        if held:
            drawn.held = (stream, *_split_drawing(stream, held))
        else:
            _finish_stream(stream)
        page._page_box = None
        self.drawn.append(drawn)
        return index

    def redraw_held(self, change) -> None:
        """Draw the held text boxes of every page again, each after `change(box)` (which may change
        its text and position), in their places in the page's drawing, and finish the drawings."""
        import pydyf
        from weasyprint.pdf.stream import Stream

        for drawn in self.drawn:
            if drawn.held is None:
                continue
            stream, parts, boxes = drawn.held
            out = [parts[0]]
            for (box, args), after in zip(boxes, parts[1:]):
                change(box)
                scratch = Stream(self.fonts, stream.page_rectangle, self.resources, self.images, None,
                                 self.color_profiles, None)
                _DRAW_TEXT["original"](scratch, box, *args)
                out += [b"\n".join(pydyf._to_bytes(item) for item in scratch.stream), after]
            stream.stream = out
            _finish_stream(stream)
            drawn.held = None

    def draw_margins(self, index: int, page, margin_boxes) -> None:
        """Draw `margin_boxes` of `page` (a page of another document, same size) onto drawn page
        `index`, in a second content stream marked as a pagination artifact."""
        import pydyf
        from weasyprint.draw import draw_stacking_context
        from weasyprint.stacking import StackingContext

        target = self.drawn[index]
        stream, _ = self._stream(page, None)
        stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
        with stream.stacked():
            stream.transform(a=self.scale, d=self.scale)
            draw_stacking_context(stream, StackingContext.from_page(page._page_box.copy_with_children(margin_boxes)))
        stream.end_marked_content()
        stream.pop_state()
        _finish_stream(stream)
        contents = target.pdf_page["Contents"]
        target.pdf_page["Contents"] = pydyf.Array(
            [*(contents if isinstance(contents, list) else [contents]), stream.reference])

    @staticmethod
    def _trim(pdf_page, page, left, top, right, bottom) -> None:
        import pydyf

        bleed = {key: value * 0.75 for key, value in page.bleed.items()}
        trim = (left + bleed["left"], top + bleed["top"], right - bleed["right"], bottom - bleed["bottom"])
        pdf_page["TrimBox"] = pydyf.Array(trim)
        pdf_page["BleedBox"] = pydyf.Array([
            trim[0] - min(10, bleed["left"]), trim[1] - min(10, bleed["top"]),
            trim[2] + min(10, bleed["right"]), trim[3] + min(10, bleed["bottom"])])

    def _tag(self, page_box, tags, index: int) -> list:
        """The page's structure elements (WeasyPrint's `add_tags` for one page), serialised."""
        import pydyf
        from weasyprint.pdf.tags import _build_box_tree

        nums = self.parent_tree["Nums"]
        nums.append(index)
        nums.append(pydyf.Array())
        page_nums: dict = {}
        first = len(self.pdf.objects)
        elements = [element.reference for element in _build_box_tree(
            page_box, self.document, self.pdf, index, page_nums, self.annotations, tags)]
        assert not tags
        nums[-1].extend(reference for _, reference in sorted(page_nums.items()))
        if self.serialise:
            for number in range(first, len(self.pdf.objects)):
                self.pdf.objects[number] = _Serialised(self.pdf.objects[number])
        return elements

    # --- pages drawn in another process -------------------------------------------------------

    def export(self) -> Fragment:
        """The pages drawn so far, with their fonts (subset here), images and tags, as a Fragment
        another writer can `take`. This writer is done with afterwards."""
        import pydyf
        from weasyprint.pdf import _use_references
        from weasyprint.pdf.fonts import build_fonts_dictionary

        pdf = self.pdf
        fonts = build_fonts_dictionary(pdf, self.fonts, self.compress, not self.options["full_fonts"],
                                       self.options)
        pdf.add_object(fonts)
        self.resources["Font"] = fonts.reference
        _use_references(pdf, self.resources, self.images, self.color_profiles)
        skip = {0, pdf.pages.number, pdf.catalog.number}
        nums = {}
        if self.tagged:
            skip |= {self.parent_tree.number, self.root.number, self.document.number}
            pairs = self.parent_tree["Nums"]
            nums = dict(zip(pairs[::2], pairs[1::2]))
        objects = [(obj.number, _portable(obj)) for obj in pdf.objects if obj.number not in skip]
        pages = [(_PageShim(drawn.page.anchors, [(kind, target, None, None) for kind, target, *_ in drawn.page.links],
                            drawn.page.bookmarks, drawn.page.width, drawn.page.height, drawn.page.bleed),
                  drawn.pdf_page.number, tuple(map(tuple, drawn.matrix)), drawn.elements,
                  pydyf.Array(nums.get(index, ())))
                 for index, drawn in enumerate(self.drawn)]
        return Fragment(objects, pdf.pages.number, self.document.number if self.tagged else None,
                        self.resources.number, pages,
                        [(reference, annotation.number) for reference, annotation in self.annotations])

    def take(self, fragment: Fragment) -> list[int]:
        """Add the pages of another writer's Fragment (objects renumbered to follow this PDF's);
        returns their drawing indexes, in their order."""
        from weasyprint.matrix import Matrix

        pdf = self.pdf
        base = len(pdf.objects)
        numbers = {old: base + i for i, (old, _) in enumerate(fragment.objects)}
        numbers[fragment.pages_root] = pdf.pages.number
        if fragment.document is not None and self.tagged:
            numbers[fragment.document] = self.document.number

        def reference(value: bytes) -> bytes:
            return _REFERENCE.sub(lambda m: f"{numbers[int(m[1])]} {m[2].decode()} R".encode(), value)

        for _, obj in fragment.objects:
            if isinstance(obj, _Serialised):
                obj.data = _renumbered(obj.data, numbers)
            else:
                _renumber(obj, reference)
            pdf.add_object(obj)
        objects = pdf.objects
        indexes = []
        for shim, page_number, matrix, elements, refs in fragment.pages:
            index = len(self.drawn)
            pdf_page = objects[numbers[page_number]]
            if self.tagged:
                pdf_page["StructParents"] = index
                self.parent_tree["Nums"].extend([index, _renumber(refs, reference)])
            pdf.pages["Count"] += 1
            pdf.pages["Kids"].extend([pdf_page.number, 0, "R"])  # as pydyf's add_page does
            self.drawn.append(_Drawn(shim, pdf_page, Matrix(matrix=[list(row) for row in matrix]),
                                     [reference(element) for element in elements]))
            indexes.append(index)
        self.annotations += [(reference(element), objects[numbers[number]])
                             for element, number in fragment.annotations]
        self.taken_resources.append(objects[numbers[fragment.resources]])
        if self.serialise:
            for _, obj in fragment.objects:
                if isinstance(obj, dict) and obj.get("Type") in ("/StructElem", "/OBJR"):
                    objects[obj.number] = _Serialised(obj)
        return indexes

    # --- the file -----------------------------------------------------------------------------

    def write(self, order: list[int], document) -> bytes:
        """The PDF with the drawn pages in `order` (drawing indexes); `document` gives the metadata
        (title, language, authors...) and is the document the PDF variant sees."""
        import pydyf
        from weasyprint.logger import LOGGER
        from weasyprint.pdf import VARIANTS, _use_references, _w3c_date_to_pdf
        from weasyprint.pdf.anchors import add_outlines
        from weasyprint.pdf.fonts import build_fonts_dictionary
        from weasyprint import VERSION

        pdf = self.pdf
        assert sorted(order) == list(range(len(self.drawn)))
        pages = [self.drawn[i] for i in order]
        kids = pdf.pages["Kids"]
        kids[:] = [part for drawn in pages for part in (drawn.pdf_page.number, 0, "R")]
        pdf.__dict__.pop("_briefing_page_refs", None)
        combined = document.copy([drawn.page for drawn in pages])

        # Named destinations: the first anchor of each name, in page order.
        names, seen = [], set()
        for drawn in pages:
            for name, (x, y, _, _) in drawn.page.anchors.items():
                if name not in seen:
                    seen.add(name)
                    x, y = drawn.matrix.transform_point(x, y)
                    names.append([name, pydyf.Array([drawn.pdf_page.reference, "/XYZ", x, y, 0])])
        for drawn in pages:
            for link_type, target, _, _ in drawn.page.links:
                if link_type == "internal" and target not in seen:
                    LOGGER.error("No anchor #%s for internal URI reference", target)

        add_outlines(pdf, combined.make_bookmark_tree(self.scale, transform_pages=True))

        metadata = document.metadata
        pdf.info["Producer"] = pydyf.String(f"WeasyPrint {VERSION}")
        if metadata.title:
            pdf.info["Title"] = pydyf.String(metadata.title)
        if metadata.authors:
            pdf.info["Author"] = pydyf.String(", ".join(metadata.authors))
        if metadata.description:
            pdf.info["Subject"] = pydyf.String(metadata.description)
        if metadata.keywords:
            pdf.info["Keywords"] = pydyf.String(", ".join(metadata.keywords))
        if metadata.generator:
            pdf.info["Creator"] = pydyf.String(metadata.generator)
        if metadata.created:
            pdf.info["CreationDate"] = pydyf.String(_w3c_date_to_pdf(metadata.created, "created"))
        if metadata.modified:
            pdf.info["ModDate"] = pydyf.String(_w3c_date_to_pdf(metadata.modified, "modified"))
        if metadata.lang:
            pdf.catalog["Lang"] = pydyf.String(metadata.lang)

        fonts = build_fonts_dictionary(pdf, self.fonts, self.compress, not self.options["full_fonts"],
                                       self.options)
        pdf.add_object(fonts)
        self.resources["Font"] = fonts.reference
        _use_references(pdf, self.resources, self.images, self.color_profiles)
        # Pages drawn in another process keep that process's resources; what this one drew on
        # them ("N of M") uses this one's fonts and graphic states: they are added.
        for resources in self.taken_resources:
            number = int(_REFERENCE.fullmatch(resources["Font"])[1])
            for name, value in fonts.items():
                pdf.objects[number].setdefault(name, value)
            for kind in ("ExtGState", "XObject", "Pattern", "Shading"):
                for name, value in self.resources.get(kind, {}).items():
                    resources.setdefault(kind, pydyf.Dictionary()).setdefault(name, value)

        if names:
            array = pydyf.Array()
            for name, destination in sorted(names, key=lambda item: item[0]):
                array.append(pydyf.String(name))
                array.append(destination)
            pdf.catalog.setdefault("Names", pydyf.Dictionary())["Dests"] = pydyf.Dictionary({"Names": array})

        if self.tagged:
            self._finish_tags(pages)

        if self.color_profiles:
            profile = next(iter(self.color_profiles.values()))
            subtype = "/GTS_PDFA1" if self.variant and "pdf/a" in self.variant else "/GTS_PDFX"
            intent = pydyf.Dictionary({"Type": "/OutputIntent", "S": subtype})
            intent["OutputConditionIdentifier"] = pydyf.String(profile.name)
            intent["Info"] = pydyf.String(profile.name)
            intent["DestOutputProfile"] = profile.pdf_reference
            pdf.catalog["OutputIntents"] = pydyf.Array([intent])

        if self.variant:
            variant_function, _ = VARIANTS[self.variant]
            variant_function(pdf, combined, [], [], self.compress)

        # pydyf serialises every object twice, for the file and for the hash in its identifier, and
        # compresses a stream each time: each is serialised once, here.
        objects = pdf.objects
        for number in range(1, len(objects)):
            if not isinstance(objects[number], _Serialised) and objects[number].free != "f":
                objects[number] = _Serialised(objects[number])
        output = io.BytesIO()
        # The object stream pydyf makes as it writes is compressed for the file and again for the
        # identifier's hash: it is made a stream that compresses once.
        once = _stream_serialised_once()
        pdf.add_object = lambda obj: type(pdf).add_object(
            pdf, _retyped(obj, once) if type(obj) is pydyf.Stream else obj)
        try:
            pdf.write(output, self.options["pdf_version"], self.options["pdf_identifier"], self.compress)
        finally:
            del pdf.add_object
        return output.getvalue()

    def _finish_tags(self, pages: list[_Drawn]) -> None:
        import pydyf
        from weasyprint.logger import LOGGER

        for drawn in pages:
            self.document["K"].extend(drawn.elements)
        if str(self.options["pdf_version"]) >= "2.0":
            namespace = pydyf.Dictionary({"Type": "/Namespace", "NS": pydyf.String("http://iso.org/pdf2/ssn")})
            self.pdf.add_object(namespace)
            self.root["Namespaces"] = pydyf.Array([namespace.reference])
            self.document["NS"] = namespace.reference
        nums = self.parent_tree["Nums"]
        for i, (reference, annotation) in enumerate(self.annotations, start=len(self.drawn)):
            nums.append(i)
            nums.append(reference)
            annotation["StructParent"] = i
        self.pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        self.pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
        if "Lang" not in self.pdf.catalog:
            LOGGER.error('Missing required "lang" attribute at the root of the document')
            self.pdf.catalog["Lang"] = pydyf.String()


class _Serialised:
    """A finished pydyf object reduced to its bytes: what pydyf's writer asks of an object."""

    __slots__ = ("number", "offset", "generation", "free", "data", "compressible")

    def __init__(self, obj) -> None:
        self.number, self.offset, self.generation, self.free = obj.number, obj.offset, obj.generation, obj.free
        self.data = obj.data
        self.compressible = obj.compressible   # streams are not: they stay out of object streams

    def __reduce__(self):
        # A plain tuple of fields pickles several times faster than the slots' state.
        return _serialised, (self.number, self.offset, self.generation, self.free, self.data, self.compressible)

    @property
    def indirect(self) -> bytes:
        return f"{self.number} {self.generation} obj\n".encode() + self.data + b"\nendobj"

    @property
    def reference(self) -> bytes:
        return f"{self.number} {self.generation} R".encode()


def _renumbered(data: bytes, numbers: dict[int, int]) -> bytes:
    """A serialised object's bytes with its references renumbered (`numbers`: old -> new), the
    text of its strings left as it is."""
    def put(match) -> bytes:
        return match[0] if match[1] is None else b"%d %s R" % (numbers[int(match[1])], match[2])

    return _SERIALISED_REFERENCE.sub(put, data)


def _serialised(number, offset, generation, free, data, compressible) -> _Serialised:
    obj = _Serialised.__new__(_Serialised)
    obj.number, obj.offset, obj.generation, obj.free, obj.data, obj.compressible = \
        number, offset, generation, free, data, compressible
    return obj


_ONCE: list = []


def _stream_serialised_once():
    """pydyf's Stream, its bytes (compressed) computed once and kept."""
    if not _ONCE:
        import functools

        import pydyf

        class StreamOnce(pydyf.Stream):
            data = functools.cached_property(pydyf.Stream.data.fget)

        _ONCE.append(StreamOnce)
    return _ONCE[0]


def _retyped(obj, kind):
    obj.__class__ = kind
    return obj


def _renumber(value, reference):
    """`value` with every object reference in it passed through `reference` (containers in place)."""
    import pydyf

    if isinstance(value, bytes):
        return reference(value) if _REFERENCE.fullmatch(value) else value
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _renumber(item, reference)
    elif isinstance(value, list):
        value[:] = [_renumber(item, reference) for item in value]
    elif isinstance(value, pydyf.Stream):
        _renumber(value.extra, reference)
    return value


def _portable(obj):
    """A PDF object as plain pydyf objects that pickle: WeasyPrint's drawing streams (which point
    to fonts and the resources) become plain streams of their finished bytes."""
    import pydyf

    if isinstance(obj, pydyf.Stream) and type(obj) is not pydyf.Stream:
        if obj.compress:
            _finish_stream(obj)
        plain = pydyf.Stream([b"\n".join(pydyf._to_bytes(item) for item in obj.stream)], obj.extra)
        plain.number, plain.offset, plain.generation, plain.free = obj.number, obj.offset, obj.generation, obj.free
        return plain
    return obj


_DRAW_TEXT: dict = {}


@contextmanager
def _holding(hold, held: list):
    """While a page is painted: the text boxes for which `hold` is true are drawn as their own
    text objects, and (box, arguments, first and last drawing item) added to `held`."""
    if hold is None:
        yield
        return
    import weasyprint.draw as module

    original = _DRAW_TEXT.setdefault("original", module.draw_text)

    def draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis="none"):
        if not hold(textbox):
            return original(stream, textbox, offset_x, text_overflow, block_ellipsis)
        stream.stream.append(b"")  # WeasyPrint joins a text object to the one just before
        start = len(stream.stream)
        original(stream, textbox, offset_x, text_overflow, block_ellipsis)
        held.append((textbox, (offset_x, text_overflow, block_ellipsis), start, len(stream.stream)))
        stream.stream.append(b"")  # ... or just after

    module.draw_text = draw_text
    try:
        yield
    finally:
        module.draw_text = original


def _split_drawing(stream, held: list) -> tuple[list[bytes], list]:
    """A page's drawing as the bytes before, between and after its held text boxes' drawings."""
    import pydyf

    items, parts, start = stream.stream, [], 0
    for _, _, first, last in held:
        parts.append(b"\n".join(pydyf._to_bytes(item) for item in items[start:first]))
        start = last
    parts.append(b"\n".join(pydyf._to_bytes(item) for item in items[start:]))
    stream.stream = []
    return parts, [(box, args) for box, args, _, _ in held]


def _finish_stream(stream) -> None:
    """Serialise and compress a page's drawing now; pydyf writes the same bytes later."""
    import pydyf

    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    if stream.compress:
        compressor = pydyf.zlib.compressobj(level=9)
        data = compressor.compress(data) + compressor.flush()
        stream.extra["Filter"] = "/FlateDecode"
        stream.compress = False
    stream.stream = [data]
