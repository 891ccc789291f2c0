"""The printed packet: contents page numbers, footers, tagging, PDF/A, duplex (parsed, not eyeballed)."""
from __future__ import annotations

import re
import subprocess

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

def test_two_part_layout_numbers_pages_as_one_document_would(tmp_path):
    """The default build lays out the body, then the front matter with printed numbers; a layouts
    folder with its own print.html gets the one-document layout (target-counter). Both give the same
    pages, contents numbers, outline and footers."""
    own = tmp_path / "layouts"
    own.mkdir()
    (own / "print.html").write_text((ROOT / "layouts" / "print.html").read_text("utf-8"), "utf-8")
    paths = {}
    for name, extra in (("parts", ()), ("whole", ("--layouts", str(own)))):
        result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / name), "--format", "pdf",
                         *extra)
        assert result.exit_code == 0, result.output
        paths[name] = tmp_path / name / "briefing.pdf"
    parts, whole = (pypdf.PdfReader(paths[n]) for n in ("parts", "whole"))
    assert len(parts.pages) == len(whole.pages)
    assert _outline(parts) == _outline(whole)
    assert _contents(_pages_text(paths["parts"])) == _contents(_pages_text(paths["whole"]))
    footers = [" ".join((p.extract_text() or "").split()[-3:]) for p in parts.pages[1:]]
    assert footers == [f"{n} of {len(parts.pages)}" for n in range(2, len(parts.pages) + 1)]


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


def test_body_laid_out_in_parts_gives_the_pages_of_one_document(tmp_path, monkeypatch):
    """The body is laid out and drawn a few articles at a time (here: one article per part) and the
    pages put in order when the file is written. That gives the pages of the one-document layout:
    every page's text, the outline, the links' target pages, and "N of M" footers, which are drawn
    into the article pages afterwards as pagination artifacts. The tag tree maps every page. With
    the front matter weighing nothing, the second process lays out and draws the later articles."""
    from briefing.render import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "PART_CHARACTERS", 1)
    monkeypatch.setattr(pdf_module, "FRONT_WEIGHT", (0, 0, 0))
    src = tmp_path / "sources"
    src.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")):
        (src / sample.name).write_text(sample.read_text("utf-8"), "utf-8")
    (src / "third.md").write_text("# A third article\n\nThe council met on 3 May 2024 in Astana.\n\n"
                                  + "It approved 12 projects worth $40 million. " * 60 + "\n", "utf-8")
    own = tmp_path / "layouts"
    own.mkdir()
    (own / "print.html").write_text((ROOT / "layouts" / "print.html").read_text("utf-8"), "utf-8")
    paths = {}
    for name, extra in (("parts", ()), ("whole", ("--layouts", str(own)))):
        result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / name), "--format", "pdf", *extra)
        assert result.exit_code == 0, result.output
        paths[name] = tmp_path / name / "briefing.pdf"
    parts, whole = (pypdf.PdfReader(paths[n]) for n in ("parts", "whole"))
    assert len(_outline(parts)) >= 6 and _outline(parts) == _outline(whole)
    # the same text on every page (leaders in the contents take other widths with printed numbers)
    texts = {name: [re.sub(r"[\s.]+", " ", t) for t in _pages_text(path)] for name, path in paths.items()}
    assert texts["parts"] == texts["whole"]

    def link_pages(reader):
        pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
        named = reader.named_destinations
        return [(i, pages[named[str(a["/Dest"])].page.idnum]) for i, p in enumerate(reader.pages)
                for a in (x.get_object() for x in p.get("/Annots", [])) if "/Dest" in a]

    assert len(link_pages(parts)) > 30 and set(link_pages(parts)) == set(link_pages(whole))
    count = len(parts.pages)
    for number, page in enumerate(parts.pages[1:], 2):
        assert (page.extract_text() or "").split()[-3:] == [str(number), "of", str(count)]
    article_page = parts.pages[_outline(parts)["A third article"] - 1]
    assert b"/Artifact" in article_page.get_contents().get_data()
    keys = [page["/StructParents"] for page in parts.pages]
    assert sorted(keys) == list(range(count))
    nums = parts.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    assert [int(k) for k in nums[::2]] == sorted(int(k) for k in nums[::2]) and set(keys) <= set(nums[::2])


def test_articles_drawn_in_a_second_process_give_the_same_pdf_bytes(tmp_path, monkeypatch):
    """The second process draws the later articles (fonts under other names, subset there) and the
    first takes its pages in: the file is byte for byte the one made without a second process,
    each font subset is one object of its own name, and the second process's faces are there."""
    import os

    from briefing.render import pdf as pdf_module
    from briefing.render.pdf import _split
    from briefing.render.pdfwrite import _ROT13

    monkeypatch.setattr(pdf_module, "PART_CHARACTERS", 1)
    monkeypatch.setattr(pdf_module, "FRONT_WEIGHT", (0, 0, 0))
    src = tmp_path / "sources"
    src.mkdir()
    sample = (SAMPLES / "003_103378228cc2b208.txt").read_text("utf-8")
    for n in range(1, 5):
        (src / f"copy{n}.txt").write_text(f"Retelling {n}: " + sample, "utf-8")
    split = []
    monkeypatch.setattr(pdf_module, "_split", lambda report, *more: split.append(_split(report, *more)) or split[-1])
    data = {}
    for name in ("forked", "alone"):
        if name == "alone":
            monkeypatch.delattr(os, "fork")
        result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / name), "--format", "pdf")
        assert result.exit_code == 0, result.output
        data[name] = (tmp_path / name / "briefing.pdf").read_bytes()
    assert split == [2, 2]
    assert data["forked"] == data["alone"]
    reader = pypdf.PdfReader(tmp_path / "forked" / "briefing.pdf")
    fonts = {}  # object number -> BaseFont, of every font the pages use
    for page in reader.pages:
        for resources in [page["/Resources"]]:
            for ref in resources.get_object()["/Font"].get_object().values():
                fonts[ref.idnum] = str(ref.get_object()["/BaseFont"])
    names = list(fonts.values())
    assert len(names) == len(set(names)) > 4
    tags = {name[1:7] for name in names}
    assert any(tag.translate(_ROT13) in tags for tag in tags), names
    outline = _outline(reader)
    retellings = sorted((page, title) for title, page in outline.items() if title.startswith("Retelling"))
    assert [title.split(":")[0] for _, title in retellings] == [f"Retelling {n}" for n in range(1, 5)]


def test_page_numbers_longer_than_their_room_get_the_document_laid_out_in_one_piece(tmp_path, monkeypatch):
    """The front matter is laid out and drawn with stand-in numbers of a few digits, and the real
    numbers drawn in; where a number has more digits than that, the document is laid out in one
    piece instead. Both ways print the same text and the same page numbers."""
    from briefing.render import pdf as pdf_module

    parts = []
    original = pdf_module._in_parts
    monkeypatch.setattr(pdf_module, "_in_parts", lambda *args: parts.append(original(*args)) or parts[-1])
    texts = {}
    for name, digits in (("room", None), ("short", 1)):
        if digits:
            monkeypatch.setattr(pdf_module, "_page_number_digits", lambda report: digits)
        result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / name), "--format", "pdf")
        assert result.exit_code == 0, result.output
        texts[name] = [re.sub(r"[\s.]+", " ", t) for t in _pages_text(tmp_path / name / "briefing.pdf")]
    assert [done is not None for done in parts] == [True, False]
    assert texts["room"] == texts["short"]
    contents = _contents(_pages_text(tmp_path / "short" / "briefing.pdf"))
    assert contents and all(n >= 2 for n in contents.values())


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


def test_front_matter_footers_styled_their_own_way_keep_their_style(tmp_path, monkeypatch):
    """The front matter's "N of M" is drawn from the article pages' footer when it looks the same;
    a print.css that styles the contents page's footer its own way gets the document laid out in
    one piece, so that its footer keeps that style; the numbers are right on every page."""
    from briefing.render import pdf as pdf_module

    parts = []
    original = pdf_module._in_parts
    monkeypatch.setattr(pdf_module, "_in_parts", lambda *args: parts.append(original(*args)) or parts[-1])
    own = tmp_path / "layouts"
    own.mkdir()
    css = (ROOT / "layouts" / "print.css").read_text("utf-8")
    (own / "print.css").write_text(css + "\n@page front { @bottom-center { font-size: 12pt; color: #a00; } }\n",
                                   "utf-8")
    for name, extra in (("plain", ()), ("styled", ("--layouts", str(own)))):
        result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / name), "--format", "pdf",
                         *extra)
        assert result.exit_code == 0, result.output
    assert [done is not None for done in parts] == [True, False]
    for name in ("plain", "styled"):
        reader = pypdf.PdfReader(tmp_path / name / "briefing.pdf")
        count = len(reader.pages)
        for number, page in enumerate(reader.pages[1:], 2):
            assert (page.extract_text() or "").split()[-3:] == [str(number), "of", str(count)]


def test_pages_handed_over_have_their_references_renumbered_and_their_text_kept():
    """The second process's tags arrive as bytes: references get this PDF's numbers, strings
    (which may read like references) stay as written."""
    import pydyf

    from briefing.render.pdfwrite import _renumbered, _Serialised

    element = pydyf.Dictionary({"Type": "/StructElem", "P": "5 0 R", "K": pydyf.Array(["7 0 R", 3, "12 0 R"]),
                                "Alt": pydyf.String("see 5 0 R (and 7 0 R) \\ 12 0 R"),
                                "ActualText": pydyf.String("Қазақстан 5 0 R"), "Pg": "7 0 R"})
    element.number = 9
    data = _Serialised(element).data
    done = _renumbered(data, {5: 105, 7: 107, 12: 112})
    expected = pydyf.Dictionary({**element, "P": "105 0 R", "K": pydyf.Array(["107 0 R", 3, "112 0 R"]),
                                 "Pg": "107 0 R"})
    assert done == expected.data
    assert b"(see 5 0 R \\(and 7 0 R\\) \\\\ 12 0 R)" in done
