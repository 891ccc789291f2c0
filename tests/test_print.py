"""The printed packet: contents page numbers, footers, tagging, PDF/A, duplex (parsed, not eyeballed)."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pypdf
import pytest
from conftest import ROOT, SAMPLES, need, run_cli


def _pages_text(path) -> list[str]:
    return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]


def _contents(texts: list[str]) -> dict[str, int]:
    page = next(t for t in texts if t.lstrip().startswith("Contents"))
    entries = {}
    for line in page.splitlines():
        m = re.match(r"(?:\d+\s+)?(.+?)\s*(?:\.\s*){2,}(\d+)$", line.strip())
        if m:
            entries[" ".join(m.group(1).split())] = int(m.group(2))
    return entries


def _outline(reader) -> dict[str, int]:
    out = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out[" ".join(item.title.split())] = reader.get_destination_page_number(item) + 1
    walk(reader.outline)
    return out


def test_contents_numbers_match_the_pages_of_the_headings(sample_build):
    path = sample_build / "briefing.pdf"
    texts = _pages_text(path)
    contents = _contents(texts)
    outline = _outline(pypdf.PdfReader(path))
    assert len(contents) >= 5, contents
    for title, number in contents.items():
        assert outline[title] == number, (title, number, outline[title])
        heading_page = texts[number - 1]
        assert " ".join(title.split()[:4]) in " ".join(heading_page.split()), title


def test_footer_shows_n_of_m_on_every_page_but_the_cover(sample_build):
    texts = _pages_text(sample_build / "briefing.pdf")
    total = len(texts)
    assert f"of {total}" not in texts[0]
    for n, text in enumerate(texts[1:], 2):
        assert re.search(rf"\b{n} of {total}\b", text), (n, text[-80:])


def test_running_header_names_the_article(sample_build, gold):
    texts = _pages_text(sample_build / "briefing.pdf")
    title = gold["articles"]["A"]["title"]
    pages_with_header = [t for t in texts if t.count(title) >= 1]
    assert len(pages_with_header) >= 2  # the article's first page and its continuation pages


def test_pdf_is_tagged_with_language_and_title(sample_build):
    reader = pypdf.PdfReader(sample_build / "briefing.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "en" and reader.metadata.title


def test_qpdf_check_is_clean(sample_build):
    qpdf = need("qpdf")
    proc = subprocess.run([qpdf, "--check", str(sample_build / "briefing.pdf")], capture_output=True, text=True)
    assert proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout, proc.stdout


@pytest.mark.parametrize("variant,part,conformance", [("pdf/a-3b", "3", "B"), ("pdf/a-3u", "3", "U")])
def test_pdfa_declares_part_and_conformance(tmp_path, variant, part, conformance):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf",
                     "--pdf-variant", variant)
    assert result.exit_code == 0, result.output
    xmp = pypdf.PdfReader(tmp_path / "briefing.pdf").trailer["/Root"]["/Metadata"].get_object().get_data()
    assert f'pdfaid:part="{part}"'.encode() in xmp and f'pdfaid:conformance="{conformance}"'.encode() in xmp


def test_duplex_starts_every_article_on_an_odd_page(tmp_path, gold):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf", "--duplex")
    assert result.exit_code == 0
    reader = pypdf.PdfReader(tmp_path / "briefing.pdf")
    outline = _outline(reader)
    for article in gold["articles"].values():
        assert outline[article["title"]] % 2 == 1, outline
    texts = _pages_text(tmp_path / "briefing.pdf")
    blanks = [t for t in texts if not t.strip()]
    assert blanks, "duplex should leave blank left-hand pages"  # and they carry no header or footer


def test_letter_build_keeps_contents_right(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf",
                     "--page-size", "letter")
    assert result.exit_code == 0
    path = tmp_path / "briefing.pdf"
    contents, outline = _contents(_pages_text(path)), _outline(pypdf.PdfReader(path))
    assert contents and all(outline[t] == n for t, n in contents.items())


def test_every_source_link_prints_the_page_of_its_sentence(tmp_path):
    """Fact-table and summary links say "p. N"; N is the page the link leads to, where the linked
    sentence is. Read from the PDF: the text drawn inside each link's rectangle."""
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf")
    assert result.exit_code == 0
    reader = pypdf.PdfReader(tmp_path / "briefing.pdf")
    target = {name: reader.get_destination_page_number(d) + 1 for name, d in reader.named_destinations.items()}
    checked = 0
    for page in reader.pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                pieces.append((x, y, text))

        page.extract_text(visitor_text=visit)
        for annotation in (a.get_object() for a in page.get("/Annots", [])):
            if "/Dest" not in annotation:
                continue
            left, right, bottom, top = (*sorted(map(float, annotation["/Rect"][::2])),
                                        *sorted(map(float, annotation["/Rect"][1::2])))
            inside = "".join(t for x, y, t in sorted(pieces) if left - 1 <= x <= right and bottom - 1 <= y <= top + 1)
            m = re.search(r"p\.\s*(\d+)", inside)
            if m:
                assert int(m.group(1)) == target[str(annotation["/Dest"])], (inside, annotation["/Dest"])
                checked += 1
    assert checked >= 30



def test_facts_named_by_many_articles_list_their_sources_across_the_table(tmp_path):
    """Six retellings of one article: places and organisations named by all six get one source in
    the Source column and the other five in a full-width "Also in" row; every link still prints the
    page of its sentence, and the EPUB with the same rows passes EPUBCheck."""
    from conftest import epubcheck

    src = tmp_path / "sources"
    src.mkdir()
    sample = (SAMPLES / "003_103378228cc2b208.txt").read_text("utf-8")
    for n in range(1, 7):
        (src / f"copy{n}.txt").write_text(f"Retelling {n}: " + sample, "utf-8")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "briefing.pdf"
    text = " ".join(_pages_text(pdf))
    assert "Also in:" in text and "6 sources" in text
    # every printed "[n], p. N" in the fact table names the page where article n's sentence is
    reader = pypdf.PdfReader(pdf)
    outline = _outline(reader)
    starts = sorted(outline[t] for t in outline if t.startswith("Retelling"))
    printed = re.findall(r"\[(\d)\], p\.\s(\d+)", text)
    assert len(printed) > 20 and len(starts) == 6
    for n, page in printed:
        assert starts[int(n) - 1] <= int(page) < (starts[int(n)] if int(n) < 6 else len(reader.pages) + 1)
    counts = epubcheck(tmp_path / "out" / "briefing.epub")
    assert counts["FATAL"] == counts["ERROR"] == counts["WARNING"] == 0, counts["messages"]








def test_page_numbers_in_other_styles_are_right_on_every_page(tmp_path):
    """A print.css whose footer numbers pages in roman numerals (not digits of one width) gets its
    article pages' footers from empty pages laid out one per page: still right on every page."""
    own = tmp_path / "layouts"
    own.mkdir()
    css = (ROOT / "layouts" / "print.css").read_text("utf-8")
    (own / "print.css").write_text(css + '\n@page { @bottom-center { content: counter(page, upper-roman) " / " '
                                   'counter(pages, upper-roman); } }\n', "utf-8")
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / "out"), "--format", "pdf",
                     "--layouts", str(own))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "out" / "briefing.pdf")

    def roman(n: int) -> str:
        out = ""
        for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                out, n = out + letters, n - value
        return out

    count = len(reader.pages)
    assert count > 10
    for number, page in enumerate(reader.pages[1:], 2):
        assert (page.extract_text() or "").split()[-3:] == [roman(number), "/", roman(count)]


def _link_pages(reader) -> list[tuple[int, int]]:
    """(page of the link, page of its destination) for every internal link."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    named = reader.named_destinations
    return [(i, pages[named[str(a["/Dest"])].page.idnum]) for i, p in enumerate(reader.pages)
            for a in (x.get_object() for x in p.get("/Annots", [])) if "/Dest" in a]


def test_build_with_and_without_the_speedups_gives_the_same_briefing(tmp_path, monkeypatch):
    """briefing/render/speedups.py (WeasyPrint and pydyf internals, for their tested versions only)
    switched off gives WeasyPrint's plain path: the same pages, text, outline, links, contents
    numbers and tags, byte for byte."""
    from briefing.render import speedups

    if not (speedups.supported("weasyprint") and speedups.supported("pydyf")):
        pytest.skip("the installed WeasyPrint or pydyf is outside the speed-ups' window: only the plain path runs")
    paths = {}
    for name, setting in (("plain", "0"), ("fast", "1")):
        monkeypatch.setenv("BRIEFING_SPEEDUPS", setting)
        code = (f"import sys; sys.argv = ['make-report', 'build', '--sources', {str(SAMPLES)!r}, '--output', "
                f"{str(tmp_path / name)!r}, '-q']; import make_report; make_report.main()")
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        paths[name] = tmp_path / name / "briefing.pdf"
    plain, fast = (pypdf.PdfReader(paths[n]) for n in ("plain", "fast"))
    assert len(plain.pages) == len(fast.pages) > 10
    assert _pages_text(paths["plain"]) == _pages_text(paths["fast"])
    assert _outline(plain) == _outline(fast) and _contents(_pages_text(paths["plain"]))
    assert len(_link_pages(plain)) > 30 and _link_pages(plain) == _link_pages(fast)
    assert paths["plain"].read_bytes() == paths["fast"].read_bytes()
    for name in ("plain", "fast"):
        book = zipfile.ZipFile(tmp_path / name / "briefing.epub")
        assert 'epub:type="page-list"' in book.read("EPUB/nav.xhtml").decode()
    assert (tmp_path / "plain" / "briefing.epub").read_bytes() == (tmp_path / "fast" / "briefing.epub").read_bytes()


def test_speedups_stay_out_of_libraries_outside_their_window(monkeypatch):
    """A WeasyPrint or pydyf newer than the window the speed-ups were written for gets none."""
    import subprocess as sp

    code = ("from briefing.render import speedups\n"
            "speedups.WINDOW.update(weasyprint=((1,), (2,)), pydyf=((0, 1), (0, 2)))\n"
            "import weasyprint.css.targets as t, pydyf\n"
            "before = (t.TargetCollector.cache_target_page_counters, pydyf.PDF.page_references)\n"
            "assert speedups.install() == ()\n"
            "assert (t.TargetCollector.cache_target_page_counters, pydyf.PDF.page_references) == before\n"
            "print('plain')")
    done = sp.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "plain", done.stderr

