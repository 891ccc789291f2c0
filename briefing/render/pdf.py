"""The PDF renderer: the Report through the print layout and WeasyPrint."""
from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .fonts import font_face_css
from .layouts import environment, render, stylesheet
from ..model import Image, Report
from .pdfwrite import PdfWriter, counts_pages, uses_strings
from .context import context
from ..sandbox import Sandbox

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none")


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of a PDF and what the CLI reports about it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...]
    page_starts: tuple[str | None, ...] = ()  # per page, the first element id that starts on it


@dataclass
class PrintSetup:
    """What every layout of a build shares and the report does not shape: WeasyPrint loaded, the
    fonts, the stylesheets and the templates. Made while the report is being made (`prepare`)."""

    layouts: Path | None
    sandbox: Sandbox
    page_size: str
    duplex: bool
    fetcher: object
    fonts: object
    css: list
    env: object

    def suits(self, layouts: Path | None, sandbox: Sandbox, page_size: str, duplex: bool) -> bool:
        return (self.layouts, self.page_size, self.duplex) == (layouts, page_size, duplex) and self.sandbox is sandbox

    def close(self) -> None:
        """Remove the folder WeasyPrint copied the fonts to (done by `render_pdf` after use)."""
        _remove_font_folders()


def prepare(layouts: Path | None, sandbox: Sandbox, page_size: str = "a4", duplex: bool = False) -> PrintSetup:
    """Load WeasyPrint and read the fonts, stylesheets and templates of the print layout."""
    preload()
    import weasyprint

    from . import wpfast, wpload

    wpfast.install()
    wpfast.install_margins()
    wpfast.install_page_references()
    wpfast.install_stream_compression()
    wpload.install_hyphenation_cache()
    fetcher = sandbox.url_fetcher()
    # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and
    # the render; without it the bundled fonts are ignored and system fonts stand in.
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    _FONT_FOLDERS.append(fonts)
    css = [
        weasyprint.CSS(string=font_face_css(lambda face: face.path.resolve().as_uri()), url_fetcher=fetcher,
                       font_config=fonts),
        weasyprint.CSS(filename=str(stylesheet(layouts, "print.css")), url_fetcher=fetcher, font_config=fonts),
        weasyprint.CSS(string=f"@page {{ size: {PAGE_SIZES[page_size]}; }}", font_config=fonts),
    ]
    if duplex:
        css.append(weasyprint.CSS(filename=str(stylesheet(layouts, "print-duplex.css")), url_fetcher=fetcher,
                                  font_config=fonts))
    return PrintSetup(layouts, sandbox, page_size, duplex, fetcher, fonts, css, environment(layouts))


def render_pdf(report: Report, layouts: Path | None, sandbox: Sandbox, variant: str = "pdf/ua-1",
               duplex: bool = False, laid_out: Callable[[tuple[str | None, ...]], None] | None = None,
               spare: Callable[[], None] = lambda: None, setup: PrintSetup | None = None) -> RenderedPdf:
    """Lay the report out on pages and return the PDF bytes (tagged PDF/UA-1 by default).
    `laid_out` is told where each page starts as soon as that is known, before the PDF is written;
    `spare` is called once a core is free for other work (at once when the layout uses only one).
    `setup` is used when it was prepared for these layouts, sandbox, page size and duplex."""
    # A layout makes millions of objects that live until the PDF is written: collect garbage less
    # often, and never walk what already exists (the report, the modules) again.
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)
    try:
        if setup is None or not setup.suits(layouts, sandbox, report.page_size, duplex):
            setup = prepare(layouts, sandbox, report.page_size, duplex)
        return _render_pdf(report, setup, variant, laid_out, spare)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
        _remove_font_folders()


def _render_pdf(report: Report, setup: PrintSetup, variant: str,
                laid_out: Callable[[tuple[str | None, ...]], None] | None,
                spare: Callable[[], None]) -> RenderedPdf:
    import weasyprint

    from . import wpfast, wpload

    layouts, sandbox, duplex, fonts, css, fetcher = (setup.layouts, setup.sandbox, setup.duplex, setup.fonts,
                                                     setup.css, setup.fetcher)
    # Loaded here, before the layout forks, so that its processes share them.
    wpload.load_hyphenation([report.language, *(article.language for article in report.articles)])
    env = setup.env
    # Only the sentences that links point to get an element of their own: each costs layout time.
    env.globals["sentence_anchors"] = linked_anchors(report)

    def image_src(image: Image) -> str | None:
        return image.path.resolve().as_uri() if sandbox.allows_image(image.path) else None

    map_src = None
    if report.locator is not None:
        import base64

        map_src = "data:image/svg+xml;base64," + base64.b64encode(report.locator.svg.encode()).decode()

    # The layouts' HTML is well-formed XML, which parses thirty times faster (a user's own
    # templates are left to WeasyPrint's HTML parser).
    own_templates = _own_templates(layouts)

    def parse(string: str, **kwargs):
        return weasyprint.HTML(string=string, **kwargs) if own_templates else wpfast.parsed_html(string, **kwargs)

    def lay_out(part: str, page_of=lambda anchor: None, digits: int = 0,
                articles: tuple[int, int] | None = None, html: str | None = None):
        if html is None:
            html = render(env, "print.html", stylesheets=[],
                          **context(report, link=lambda anchor: f"#{anchor}", image_src=image_src, paged=True,
                                    map_src=map_src, part=part, page_of=page_of, page_digits=digits,
                                    articles=articles))
        return parse(html, base_url=str(sandbox.base.resolve()) + "/",
                     url_fetcher=fetcher).render(stylesheets=css, font_config=fonts)

    options = {"pdf_identifier": report.identifier.encode("ascii")[:32] or None,
               "pdf_variant": None if variant == "none" else variant, "pdf_tags": variant != "none"}
    with _captured_warnings() as warnings:
        done = None
        if not duplex and not own_templates:
            done = _in_parts(report, lay_out, lambda **more: PdfWriter(fonts, **options, **more), laid_out, spare)
        if done is None:
            spare()
            document = lay_out("all")
            starts = page_starts(document.pages)
            if laid_out is not None:
                laid_out(starts)
            writer = PdfWriter(fonts, **options)
            order = [writer.draw(document, page) for page in document.pages]
            done = writer.write(order, document), len(order), starts
    data, pages, starts = done
    return RenderedPdf(data, pages, tuple(warnings) + sandbox.blocked(), starts)


_FONT_FOLDERS: list = []   # the FontConfigurations of this process's renders


def _remove_font_folders() -> None:
    """Remove the folders WeasyPrint copied the @font-face fonts to, now that the PDF is written.
    WeasyPrint does it when its FontConfiguration is freed, which a process that ends without
    tearing its interpreter down (make_report.py) would never do."""
    import shutil

    while _FONT_FOLDERS:
        fonts = _FONT_FOLDERS.pop()
        folder = getattr(fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            fonts._folder = None


def linked_anchors(report: Report) -> frozenset[str]:
    """The sentence anchors the summary, the fact table and the timeline link to."""
    anchors = {point.source.anchor for point in report.summary.points}
    for fact in report.facts:
        anchors.update(source.anchor for source in fact.sources)
        for value in fact.values:
            anchors.update(source.anchor for source in value.sources)
    return frozenset(anchors)


def preload() -> None:
    """Import the PDF renderer (WeasyPrint takes about half a second to load)."""
    from .libfind import quick_lookup
    import sys

    from .wpload import deferred_font_tools, install_ctype_parser, stored_cdefs, stored_stylesheets

    finder = stored_stylesheets()
    sys.meta_path.insert(0, finder)
    try:
        with quick_lookup(), deferred_font_tools(), stored_cdefs():
            import weasyprint  # noqa: F401
            import weasyprint.pdf  # noqa: F401
    finally:
        sys.meta_path.remove(finder)
    install_ctype_parser()


def _own_templates(layouts: Path | None) -> bool:
    """Whether the user's layouts folder replaces any template (they may not know `part`)."""
    return bool(layouts) and layouts.is_dir() and any(layouts.rglob("*.html"))


def _in_parts(report: Report, lay_out, new_writer, laid_out, spare) -> tuple[bytes, int, tuple] | None:
    """The PDF laid out and drawn in parts by two processes; returns (bytes, pages, page starts),
    or None when the layout does not allow it (the caller then lays the document out in one piece).

    Forward references (target-counter) make WeasyPrint lay the whole document out again once
    their pages are known; here every page is laid out once, and only a part of the document is
    in memory at a time. The page numbers the front matter prints (contents, fact table) are
    padded to a fixed number of digits (hidden zeros; the fonts' digits are all as wide), so its
    layout does not depend on them: it is laid out and drawn with stand-in numbers, which are
    drawn again once every page is known. A second process lays out and draws the opening (cover,
    contents, summary), then the last articles, while this one lays out and draws the fact table
    and the first articles (a few at a time, each page drawn at once and let go), so that both
    have about as much to do. Told where this process's anchors fell, the second one draws its
    real numbers, hands its pages over (`PdfWriter.export`/`take`) and tells where every anchor
    is, and this one draws the fact table's numbers. The "N of M" margin boxes are drawn last,
    into the pages (`_number_pages`), and the pages are put in order when the file is written.
    """
    from ..processes import Worker

    digits = _page_number_digits(report)
    facts_here = "facts" in report.sections and bool(report.facts)
    split = _split(report, facts_here)
    mine = _chunks(report, 0, split) if split else []
    theirs = _chunks(report, split) if split < len(report.articles) else []
    opening = "opening" if facts_here else "front"
    other = Worker(lambda _, inbox: _front_and_last_articles(lay_out, new_writer, theirs, digits, inbox, opening),
                   inbox=True, spill=True)
    other.send(None)
    writer = new_writer()
    body: list[int] = []  # drawing index of each body page (the fact table's first, when it is here)
    first: list = []
    numbers: dict | None = {}
    try:
        if facts_here:
            numbers = _draw_facts(writer, lay_out, digits, body, first)
        if numbers is None or not _draw_body(writer, lay_out, mine, body, first):
            return None
        spare()
        other.tell((len(body), _anchor_pages([writer.drawn[i].page for i in body])[1]))
        done = other.result()
    finally:
        other.cancel()
    if done is _MIXED or done is None:
        return None
    fragment, front_length, front_numbered, page_map = done
    if numbers:
        put = _number_putter(numbers, lambda anchor: page_map.get(anchor, "auto"), digits)
        if put is None:
            return None
        writer.redraw_held(put)
    taken = writer.take(fragment)
    front = taken[:front_length]
    body += taken[front_length:]
    order = front + body
    starts = page_starts([writer.drawn[i].page for i in order])
    if laid_out is not None:
        laid_out(starts)
    numbered = [(front[i], i + 1) for i, _ in front_numbered] + \
        [(index, front_length + n) for n, index in enumerate(body, 1)]
    looks = {front[i]: signature for i, signature in front_numbered}
    if not _number_pages(writer, numbered, lay_out, len(order), report.language, looks):
        return None
    return writer.write(order, first[0]), len(order), starts


def _draw_facts(writer: PdfWriter, lay_out, digits: int, body: list[int], first: list) -> dict | None:
    """The fact table laid out as a document of its own with stand-in page numbers and drawn with
    its numbers held (`_number_boxes`, which it returns), as the first pages of this process's
    body; None when that cannot be done."""
    from . import wpfast

    stand_in = 8 * 10 ** (digits - 1)
    with wpfast.Margins(total=10 ** digits - 1):  # "N of M" is drawn later, with the total
        facts = lay_out("facts", lambda anchor: stand_in, digits=digits)
    numbers = _number_boxes(facts, stand_in)
    if numbers is None:
        return None
    first.append(facts)
    for page in facts.pages:
        margins = [box for box in page._page_box.children if hasattr(box, "at_keyword")]
        if any(counts_pages(box) and uses_strings(box) for box in margins):
            return None
        body.append(writer.draw(facts, page, skip_margin=counts_pages, hold=lambda box: id(box) in numbers))
    del facts, page
    gc.collect()
    gc.freeze()
    return numbers


def _number_putter(numbers: dict, page_of, digits: int):
    """For `PdfWriter.redraw_held`: puts each held page-number box's real number (`page_of` its
    anchor) in place of the stand-in; None when a number is unknown or longer than its room (the
    document is then laid out in one piece)."""
    printed = {key: page_of(anchor) for key, (_, anchor, _) in numbers.items()}
    if not all(isinstance(n, int) and len(str(n)) <= digits for n in printed.values()):
        return None

    def put(box) -> None:
        _, _, pad_left = numbers[id(box)]
        number = str(printed[id(box)])
        digit = box.width / digits
        if pad_left:
            box.position_x += digit * (digits - len(number))
        box.width = digit * len(number)
        box.text = box.pango_layout.text = number

    return put


def _front_and_last_articles(lay_out, new_writer, chunks, digits: int, inbox, part: str = "front"):
    """The second process's share of `_in_parts`: the front matter (`part`: "front", or "opening"
    when the other process lays out the fact table) laid out and drawn with stand-in page
    numbers, the articles of `chunks` laid out and drawn, then (told the other process's body
    pages and where its anchors are) the front matter's numbers drawn in. Returns (Fragment with
    the front matter's pages then the last articles', the front matter's length, the index and
    margin-box look of each of its pages that print their number, and the page of every anchor);
    _MIXED or None where it cannot be done so."""
    from . import wpfast
    from .pdfwrite import other_font_names

    stand_in = 8 * 10 ** (digits - 1)
    with wpfast.Margins(total=10 ** digits - 1):  # "N of M" is drawn later, with the total
        front = lay_out(part, lambda anchor: stand_in, digits=digits)
    numbers = _number_boxes(front, stand_in)
    if numbers is None:
        return None
    front_length, front_page = _anchor_pages(front.pages)
    writer = new_writer()
    with other_font_names():
        front_numbered = []
        for index, page in enumerate(front.pages):
            counting = [box for box in page._page_box.children if hasattr(box, "at_keyword") and counts_pages(box)]
            if any(uses_strings(box) for box in counting):
                return _MIXED
            if counting:
                front_numbered.append((index, _margin_look(counting)))
            writer.draw(front, page, skip_margin=counts_pages, hold=lambda box: id(box) in numbers)
        del front, page
        if chunks:  # room for the articles' layouts (with none to lay out, the process just ends)
            gc.collect()
        last: list[int] = []
        if not _draw_body(writer, lay_out, chunks, last):
            return _MIXED
        first_pages, body_page = inbox()
        for number, index in enumerate(last, first_pages + 1):
            for name in writer.drawn[index].page.anchors:
                body_page.setdefault(name, number)
        page_map = dict(front_page)
        page_map.update((name, front_length + number) for name, number in body_page.items())
        put = _number_putter(numbers, lambda anchor: page_map.get(anchor, "auto"), digits)
        if put is None:
            return None  # a number longer than its room: the document is laid out in one piece
        writer.redraw_held(put)
        return writer.export(), front_length, front_numbered, page_map


def _number_boxes(front, stand_in: int) -> dict | None:
    """The text box of each page number in a front matter laid out with `stand_in` for every
    number (each a `.pno` span marked with its anchor): id -> (box, anchor, pads on the left);
    None when a number is not one text box holding the stand-in."""
    from weasyprint.formatting_structure import boxes

    found = {}
    for page in front.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.InlineBox) or box.element is None or box.element_tag != "span":
                continue
            anchor = box.element.get("data-page-of")
            if anchor is None:
                continue
            texts = [child for child in box.children if isinstance(child, boxes.TextBox)]
            if len(texts) != 1 or len(box.children) != 1 or texts[0].text != str(stand_in):
                return None
            found[id(texts[0])] = (texts[0], anchor, box.element.get("data-pad") == "left")
    return found


def _margin_look(margin_boxes) -> tuple:
    """What a page's page-counting margin boxes look like, but for their numbers: where they are,
    what they print and in which font and colour."""
    return tuple(sorted(
        (box.at_keyword, repr(box.style["content"]), round(box.position_x, 2), round(box.position_y, 2),
         round(box.width, 2), round(box.height, 2), repr(box.style["color"]), repr(box.style["font_family"]),
         box.style["font_size"], box.style["font_weight"], box.style["font_style"], box.style["text_align_all"])
        for box in margin_boxes))


_MIXED = "margin boxes mix page numbers and running text"


def _draw_body(writer: PdfWriter, lay_out, chunks: list[tuple[int, int]], body: list[int],
               first: list | None = None) -> bool:
    """Lay out the body's parts and draw each page at once (page-counting margin boxes left out),
    adding their drawing indexes to `body` (and the first part's document, drawn, to `first`);
    False when a margin box mixes page numbers and running text (the document must then be laid
    out in one piece)."""
    for chunk in chunks:
        document = lay_out("body", articles=chunk)
        if first is not None and not first:
            first.append(document)
        for page in document.pages:
            margins = [box for box in page._page_box.children if hasattr(box, "at_keyword")]
            if any(counts_pages(box) and uses_strings(box) for box in margins):
                return False
            body.append(writer.draw(document, page, skip_margin=counts_pages))
        del document, page
        # A laid-out part holds reference cycles: collect them now. What is left (the pages'
        # drawings) lives until the PDF is written: the collector need not walk it again.
        gc.collect()
        gc.freeze()
    return True


def _number_pages(writer: PdfWriter, numbered: list[tuple[int, int]], lay_out, total: int, language: str,
                  looks: dict[int, tuple]) -> bool:
    """Draw the "N of M" margin boxes (those printing a page counter) of the pages `numbered`
    (drawing index, page number) from empty pages numbered as they are; False unless the pages
    in `looks` (drawing index -> `_margin_look`) had margin boxes that look like those. Laying out
    one empty page per page takes a tenth of a second per ten pages; when the numbers are set in
    digits of one width, one page per number of digits is laid out instead, and its boxes are
    drawn on every page with those digits put in."""
    from . import wpfast

    templates = {}
    for digits in sorted({len(str(n)) for _, n in numbered}):
        template = _number_template(lay_out, digits, total, language)
        if template is None:
            break
        templates[digits] = template
    else:
        for index, number in numbered:
            page, margin_boxes, texts, stand_in = templates[len(str(number))]
            if index in looks and looks[index] != _margin_look(margin_boxes):
                return False
        for index, number in numbered:
            page, margin_boxes, texts, stand_in = templates[len(str(number))]
            for box, text in texts:
                box.text = box.pango_layout.text = text.replace(stand_in, str(number))
            writer.draw_margins(index, page, margin_boxes)
        return True
    numbers = [n for _, n in numbered]
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return not numbers
    with wpfast.Margins(offset=numbers[0] - 1, total=total):
        furniture = lay_out("furniture", html=_furniture(len(numbers), language))
    if len(furniture.pages) != len(numbers):
        return False
    drawn = []
    for (index, _), page in zip(numbered, furniture.pages):
        margin_boxes = [box for box in page._page_box.children if hasattr(box, "at_keyword") and counts_pages(box)]
        if index in looks and looks[index] != _margin_look(margin_boxes):
            return False
        drawn.append((index, page, margin_boxes))
    for index, page, margin_boxes in drawn:
        writer.draw_margins(index, page, margin_boxes)
        page._page_box = None
    return True


def _number_template(lay_out, digits: int, total: int, language: str):
    """An empty page numbered with `digits` digits (a stand-in number), its page-counting margin
    boxes, their text boxes with their text, and the stand-in; None unless a second page numbered
    with other digits of that length has the same boxes, as wide, with the same text but for the
    number (then any number of that length can be put in). Stand-ins are tried in turn (a digit
    may be kerned against the text beside it)."""
    for stand_in in (d * digits for d in "8654320179" if d * digits not in str(total)):
        other = "9" * digits if stand_in != "9" * digits else "1" * digits
        template = _try_template(lay_out, stand_in, other, total, language)
        if template is not None:
            return template
    return None


def _try_template(lay_out, stand_in: str, other: str, total: int, language: str):
    from weasyprint.formatting_structure import boxes

    from . import wpfast

    laid = []
    for number in (stand_in, other):
        with wpfast.Margins(offset=int(number) - 1, total=total):
            document = lay_out("furniture", html=_furniture(1, language))
        page = document.pages[0]
        margin_boxes = [box for box in page._page_box.children if hasattr(box, "at_keyword") and counts_pages(box)]
        texts = [(box, box.text) for margin in margin_boxes for box in margin.descendants()
                 if isinstance(box, boxes.TextBox)]
        laid.append((page, margin_boxes, texts))
    (page, margin_boxes, texts), (_, _, others) = laid
    same = len(texts) == len(others) and all(
        text.replace(stand_in, other) == other_text and abs(box.width - other_box.width) < 1e-6
        and box.position_x == other_box.position_x
        for (box, text), (other_box, other_text) in zip(texts, others))
    if not same or not any(stand_in in text for _, text in texts):
        return None
    return page, margin_boxes, texts, stand_in


PART_CHARACTERS = 50_000  # the body is laid out in parts of about this many characters (some 13 pages)


def _chunks(report: Report, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Articles `start` to `end` in runs of about PART_CHARACTERS characters: the body's parts."""
    end = len(report.articles) if end is None else end
    runs, first, size = [], start, 0
    for i in range(start, end):
        size += _weight(report.articles[i])
        if size >= PART_CHARACTERS:
            runs.append((first, i + 1))
            first, size = i + 1, 0
    if first < end or not runs:
        runs.append((first, end))
    return runs


def _weight(article) -> int:
    """About how long an article takes to lay out and draw, in characters of text."""
    return sum(len(block.text) for block in article.blocks) + 1_000


FRONT_WEIGHT = (580, 490, 2_000)  # a fact, an article in the contents, the rest, in characters


def _split(report: Report, facts_here: bool = False) -> int:
    """Where the body is cut between the two processes: this one lays out the articles before the
    returned index (after the fact table, with `facts_here`) while the other lays out the front
    matter (the opening alone, with `facts_here`) and then the rest, so that both have about as
    much to do. It depends on the sources alone (the PDF's bytes do too)."""
    per_fact, per_article, rest = FRONT_WEIGHT
    facts = per_fact * len(report.facts)
    front = facts + per_article * len(report.articles) + rest
    weights = [_weight(article) for article in report.articles]
    half = (front + sum(weights)) / 2
    done = facts if facts_here else 0
    for i, weight in enumerate(weights):
        if done + weight / 2 >= half:
            return i
        done += weight
    return len(weights)


def _furniture(pages: int, language: str) -> str:
    """An HTML document of `pages` empty pages: laid out with the body's page numbers, its margin
    boxes are the body pages' "N of M"."""
    import html

    page = '<div class="furniture"></div>'
    return (f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8"/>'
            '<style>html, body { background: none; } .furniture + .furniture { break-before: page; }</style>'
            f'</head><body>{page * pages}</body></html>')


def _anchor_pages(pages) -> tuple[int, dict[str, int]]:
    """The number of pages, and the page (from 1) where each anchor first is."""
    where: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for name in page.anchors:
            where.setdefault(name, number)
    return len(pages), where


def _page_number_digits(report: Report) -> int:
    """Digits every printed page number in the front matter is padded to: those of a generous bound
    on the page count (a page holds about 3,500 characters: count 1,500, plus two pages per article
    for its heading and last page, and a page per ten facts). Should the PDF be longer, its wider
    numbers may change the front matter's length, which costs one more layout of it."""
    characters = sum(len(block.text) for article in report.articles for block in article.blocks)
    bound = characters // 1500 + 2 * len(report.articles) + len(report.facts) // 10 + 30
    return max(2, len(str(bound)))


def page_starts(pages) -> tuple[str | None, ...]:
    """For each page, the id of the first element that begins on it: where the EPUB puts its
    printed-page markers (before the first paragraph, heading, list item or linked sentence that
    starts on the page). A page that only continues a paragraph gets the id of that paragraph."""
    seen: set[str] = set()
    starts: list[str | None] = []
    last: str | None = None
    for page in pages:
        fresh = sorted((xy[1], xy[0], name) for name, xy in page.anchors.items() if name not in seen)
        seen.update(page.anchors)
        starts.append(fresh[0][2] if fresh else last)
        if fresh:
            last = fresh[-1][2]
    return tuple(starts)


class _captured_warnings:
    """Collect WeasyPrint's warnings (e.g. a CSS property it ignores) instead of printing them."""

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages)
        self.logger.addHandler(self.handler)
        self.propagate, self.logger.propagate = self.logger.propagate, False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"PDF: {record.getMessage()}")
