"""The EPUB of the samples: EPUBCheck clean, the same content as the PDF, sound structure."""
from __future__ import annotations

import re
import zipfile

from conftest import FURNITURE, epubcheck
from lxml import etree

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "ncx": "http://www.daisy.org/z3986/2005/ncx/",
      "epub": "http://www.idpf.org/2007/ops"}


def _book(sample_build) -> zipfile.ZipFile:
    return zipfile.ZipFile(sample_build / "briefing.epub")


def _opf(book: zipfile.ZipFile):
    return etree.fromstring(book.read("EPUB/content.opf"))


def test_epubcheck_reports_no_errors_and_no_warnings(sample_build):
    counts = epubcheck(sample_build / "briefing.epub")
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), counts["messages"]


def test_mimetype_is_first_and_stored(sample_build):
    info = _book(sample_build).infolist()[0]
    assert info.filename == "mimetype" and info.compress_type == zipfile.ZIP_STORED


def test_metadata_title_language_identifier_date(sample_build):
    opf = _opf(_book(sample_build))
    assert opf.findtext(".//dc:title", namespaces=NS)
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", opf.findtext(".//dc:identifier", namespaces=NS))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", opf.findtext(".//dc:date", namespaces=NS))


def test_reading_order_cover_contents_summary_facts_articles_sources(sample_build, gold):
    book = _book(sample_build)
    opf = _opf(book)
    manifest = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:item", NS)}
    spine = [manifest[r.get("idref")] for r in opf.iterfind(".//opf:itemref", NS)]
    assert spine[:4] == ["cover.xhtml", "nav.xhtml", "summary.xhtml", "facts.xhtml"]
    assert spine[-1] == "sources.xhtml"
    titles = []
    for href in spine[4:-1]:
        heading = etree.fromstring(book.read(f"EPUB/{href}")).find(".//x:h1", NS)
        kicker = heading.find("x:span[@class='kicker']", NS)   # "Article 1 · ...", the heading's first line
        titles.append(("".join(heading.itertext())).removeprefix("".join(kicker.itertext())).strip())
    assert sorted(titles) == sorted(a["title"] for a in gold["articles"].values())


def test_nav_and_ncx_list_every_section(sample_build, gold):
    book = _book(sample_build)
    nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    labels = ["".join(a.itertext()) for a in toc.iterfind(".//x:a", NS)]
    assert labels[:2] == ["Summary", "Key facts"]
    for article in gold["articles"].values():
        assert any(article["title"] in label for label in labels)
    ncx = etree.fromstring(book.read("EPUB/toc.ncx"))
    assert len(ncx.findall(".//ncx:navPoint", NS)) >= 5


def test_cover_image_is_declared_for_epub3_and_epub2_readers(sample_build):
    opf = _opf(_book(sample_build))
    covers = [i for i in opf.iterfind(".//opf:item", NS) if "cover-image" in (i.get("properties") or "")]
    assert len(covers) == 1 and covers[0].get("media-type") == "image/png"
    meta = opf.find(".//opf:meta[@name='cover']", NS)
    assert meta is not None and meta.get("content") == covers[0].get("id")


def test_cover_image_keeps_its_anti_aliasing_in_the_cover_colours(sample_build):
    """The cover PNG is drawn from the title and sources in the background and ink colours, the text
    anti-aliased (many shades between them), and stays small."""
    import io

    from PIL import Image

    from briefing.render import cover

    book = _book(sample_build)
    opf = _opf(book)
    href = next(i.get("href") for i in opf.iterfind(".//opf:item", NS) if "cover-image" in (i.get("properties") or ""))
    data = book.read(f"EPUB/{href}")
    image = Image.open(io.BytesIO(data))
    assert image.size == (cover.WIDTH, cover.HEIGHT) and len(data) < 60_000
    used = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)}
    allowed = {tuple(c) for c in zip(*[iter(cover._palette().getpalette()[:3 * (1 + 3 * cover.BLENDS)])] * 3)}
    assert used <= allowed and {cover.BACKGROUND, cover.INK, cover.MUTED} <= used
    assert len(used) >= 3 * cover.BLENDS // 2   # the shades of anti-aliased text


def test_fonts_are_packed_subset_and_cover_kazakh_letters(sample_build):
    from fontTools.ttLib import TTFont
    import io

    book = _book(sample_build)
    fonts = [n for n in book.namelist() if n.endswith(".ttf")]
    assert len(fonts) >= 4
    css = book.read("EPUB/styles/epub.css").decode()
    for name in fonts:
        assert name.split("/")[-1] in css
        assert len(book.read(name)) < 120_000  # subset, not the 300 KB originals
    import html

    text = "".join(html.unescape(re.sub(r"<[^>]+>", "", book.read(n).decode()))
                   for n in book.namelist() if n.endswith(".xhtml"))
    cmap = TTFont(io.BytesIO(book.read("EPUB/fonts/PTSerif-Regular.ttf"))).getBestCmap()
    missing = {c for c in set(text) if not c.isspace() and ord(c) not in cmap}
    assert not missing


def test_every_xhtml_declares_utf8(sample_build):
    book = _book(sample_build)
    for name in book.namelist():
        if name.endswith(".xhtml"):
            assert book.read(name).startswith(b'<?xml version="1.0" encoding="UTF-8"?>'), name


def test_no_page_furniture_in_the_book(sample_build):
    book = _book(sample_build)
    text = " ".join(re.sub(r"<[^>]+>", " ", book.read(n).decode()) for n in book.namelist()
                    if n.endswith((".xhtml", ".ncx", ".opf")))
    for piece in FURNITURE:
        assert piece not in text


def test_fact_and_summary_links_resolve_to_sentences(sample_build):
    book = _book(sample_build)
    ids = {}
    for name in book.namelist():
        if name.endswith(".xhtml"):
            ids[name.removeprefix("EPUB/")] = set(re.findall(r'id="([^"]+)"', book.read(name).decode()))
    for page in ("summary.xhtml", "facts.xhtml"):
        links = re.findall(r'href="([^"#]+\.xhtml)#([^"]+)"', book.read(f"EPUB/{page}").decode())
        assert links, page
        for target, anchor in links:
            assert anchor in ids[target], (page, target, anchor)


def test_page_list_has_a_marker_for_every_printed_page(sample_build):
    import pypdf

    pages = len(pypdf.PdfReader(sample_build / "briefing.pdf").pages)
    book = _book(sample_build)
    nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    page_list = nav.find(".//x:nav[@epub:type='page-list']", NS)
    links = [a.get("href") for a in page_list.iterfind(".//x:a", NS)]
    assert len(links) == pages
    for number, href in enumerate(links, 1):
        name, anchor = href.split("#")
        assert anchor == f"page-{number}"
        doc = book.read(f"EPUB/{name}").decode()
        assert re.search(rf'<span epub:type="pagebreak"[^>]*id="page-{number}"', doc), href


def test_page_markers_sit_where_the_pdf_pages_begin(sample_build):
    """The sentence right after marker N is printed on page N of the PDF."""
    import pypdf

    texts = [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(sample_build / "briefing.pdf").pages]
    book = _book(sample_build)
    checked = 0
    for name in ("a1.xhtml", "a2.xhtml"):
        doc = book.read(f"EPUB/{name}").decode()
        markers = r'id="page-(\d+)"[^>]*></span>(?:<(?:p|li|h\d)\b[^>]*>)?(?:<strong>)?<span id="[^"]+">([^<]{20,})'
        for number, sentence in re.findall(markers, doc):
            words = " ".join(sentence.split()[:4])
            assert words in texts[int(number) - 1], (number, words)
            checked += 1
    assert checked >= 2


def test_accessibility_metadata(sample_build):
    opf = _book(sample_build).read("EPUB/content.opf").decode()
    for needle in ('property="schema:accessMode">textual', 'property="schema:accessModeSufficient">textual',
                   'schema:accessibilityFeature">structuralNavigation', 'schema:accessibilityFeature">tableOfContents',
                   'schema:accessibilityFeature">printPageNumbers', 'schema:accessibilityFeature">alternativeText',
                   'schema:accessibilityHazard">none', 'schema:accessibilitySummary',
                   'dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA', 'property="pageBreakSource"'):
        assert needle in opf, needle


def test_landmarks_cover_toc_bodymatter(sample_build):
    nav = etree.fromstring(_book(sample_build).read("EPUB/nav.xhtml"))
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    types = [a.get("{http://www.idpf.org/2007/ops}type") for a in landmarks.iterfind(".//x:a", NS)]
    assert types == ["cover", "toc", "bodymatter"]


def test_kindle_rules(sample_build):
    book = _book(sample_build)
    for name in book.namelist():
        if name.endswith(".xhtml"):
            doc = book.read(name).decode()
            body_ids = re.findall(r"<body[^>]*\sid=\"([^\"]+)\"", doc)
            for img in re.findall(r"<img\b[^>]*>", doc):
                assert 'src="' in img and 'alt="' in img, img
            for body_id in body_ids:
                assert f"#{body_id}\"" not in " ".join(book.read(n).decode() for n in book.namelist()
                                                      if n.endswith(".xhtml"))
    assert (sample_build / "briefing.epub").stat().st_size < 50 * 1024 * 1024


def test_sample_epub_is_small(sample_build):
    assert (sample_build / "briefing.epub").stat().st_size <= 300 * 1024


def test_no_fixed_pixel_font_sizes_or_forced_colours(sample_build):
    css = _book(sample_build).read("EPUB/styles/epub.css").decode()
    assert not re.search(r"font-size:\s*\d+(\.\d+)?px", css)
    assert not re.search(r"(?<![-\w])(color|background(-color)?):\s*(#|rgb\(|white|black)", css)


def test_calibre_converts_to_azw3(sample_build, tmp_path):
    from conftest import need
    import subprocess

    convert = need("ebook-convert")
    proc = subprocess.run([convert, str(sample_build / "briefing.epub"), str(tmp_path / "b.azw3")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert (tmp_path / "b.azw3").stat().st_size > 10_000


def test_ace_by_daisy_reports_no_violations(sample_build, tmp_path):
    """Runs when Ace (npm @daisy/ace) and Debian's chromium are installed; see README."""
    import json
    import os
    import shutil
    import subprocess

    from conftest import need

    chromium = need("chromium")
    npm = need("npm")
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
    ace = os.path.join(root, "@daisy", "ace", "bin", "ace-puppeteer.js")
    if not os.path.exists(ace):
        import pytest

        pytest.skip("Ace by DAISY is not installed (npm install -g --ignore-scripts @daisy/ace)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    proc = subprocess.run([shutil.which("node"), ace, "-o", str(tmp_path / "ace"), str(sample_build / "briefing.epub")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads((tmp_path / "ace" / "report.json").read_text("utf-8"))
    violations = [b["earl:test"]["dct:title"] for a in report["assertions"] for b in a.get("assertions", [])]
    assert violations == []
