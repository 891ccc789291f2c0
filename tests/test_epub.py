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
        doc = etree.fromstring(book.read(f"EPUB/{href}"))
        titles.append("".join(doc.find(".//x:h1", NS).itertext()))
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
    text = "".join(re.sub(r"<[^>]+>", "", book.read(n).decode()) for n in book.namelist() if n.endswith(".xhtml"))
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
