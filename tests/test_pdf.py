"""The PDF of the samples, parsed: outline, text, fonts, page size, no furniture."""
from __future__ import annotations

import subprocess

import pypdf
import pytest
from conftest import FURNITURE, SAMPLES, need, run_cli


@pytest.fixture(scope="module")
def reader(sample_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(sample_build / "briefing.pdf")


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def _text(reader) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_outline_holds_summary_facts_and_every_article(reader, gold):
    titles = _outline_titles(reader.outline)
    assert "Summary" in titles and "Key facts" in titles and "Sources" in titles
    for article in gold["articles"].values():
        assert article["title"] in titles


def test_text_has_titles_and_generated_sections(reader, gold):
    text = _text(reader)
    for needle in ("Summary", "Key facts", "In brief", "Contents", *(a["title"] for a in gold["articles"].values())):
        assert " ".join(needle.split()).lower() in text.lower(), needle


def test_page_count_and_a4(reader):
    assert 6 <= len(reader.pages) <= 40
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_every_font_is_embedded(reader):
    fonts = {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object()
                                                      for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert all("PT" in name for name in fonts), fonts  # no fallback font crept in


def test_metadata(reader, gold):
    meta = reader.metadata
    assert meta.title and meta.author and meta.creation_date
    assert reader.trailer["/Root"].get("/Lang") == "en"


def test_no_page_furniture_in_the_pdf(reader):
    text = _text(reader)
    for piece in FURNITURE:
        assert piece not in text, piece


def test_pdffonts_agrees_everything_is_embedded(sample_build):
    pdffonts = need("pdffonts")
    out = subprocess.run([pdffonts, str(sample_build / "briefing.pdf")], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), out


def test_letter_page_size(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf",
                     "--page-size", "letter")
    assert result.exit_code == 0, result.output
    box = pypdf.PdfReader(tmp_path / "briefing.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert not (tmp_path / "briefing.epub").exists()


def test_bundled_fonts_are_used_when_the_system_has_none(tmp_path):
    """The PDF takes PT Serif/PT Sans from fonts/, not from whatever the machine has installed:
    with a fontconfig that knows only DejaVu, every embedded font is still a PT face."""
    import os
    import sys

    from conftest import ROOT

    fonts = tmp_path / "fonts.conf"
    fonts.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                     f'<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/fc</cachedir>'
                     '</fontconfig>', encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "BRIEFING_NO_BOOTSTRAP": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "make_report.py"), "build", "--sources", str(SAMPLES),
                           "--output", str(tmp_path / "out"), "--format", "pdf", "-q"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(tmp_path / "out" / "briefing.pdf")
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in reader.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert names and all(name.startswith("PT-S") for name in names), names
