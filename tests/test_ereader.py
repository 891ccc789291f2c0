"""The e-book on reading systems (issue 18, points 3 and 9): only places the articles name for sure,
tables that fit a 6-inch screen, one number per contents entry, the article label kept with its
title, no blank pages after calibre's AZW3 conversion, an "In brief" that does not repeat the
opening, and a named warning for characters the bundled fonts lack. The articles are made up, in
tests/data/ereader/ (see its README)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import tinycss2
from conftest import DATA, ROOT, epubcheck, need, run_cli
from lxml import etree

EREADER = DATA / "ereader"
NS = {"x": "http://www.w3.org/1999/xhtml", "ncx": "http://www.daisy.org/z3986/2005/ncx/",
      "epub": "http://www.idpf.org/2007/ops"}
BOOK_ARTICLES = ("wide_table.md", "opening_brief.md", "glyphs.md")
BLOCKS = "p|h[1-6]|div|section|nav|header|footer|aside|ul|ol|li|table|figure|blockquote"


def _folder(tmp_path_factory, names: tuple[str, ...]) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    for name in names:
        shutil.copy(EREADER / name, sources / name)
    return sources


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """The briefing of an article about fictional towns, as `init`'s example is."""
    sources = _folder(tmp_path_factory, ("fictional_town.md",))
    out = tmp_path_factory.mktemp("out")
    result = run_cli("build", "--sources", str(sources), "--output", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    facts = run_cli("facts", "--sources", str(sources), "--format", "json")
    assert facts.exit_code == 0, facts.output + facts.stderr
    return out, json.loads(facts.stdout)


def _read(folder: Path, name: str) -> str:
    with zipfile.ZipFile(folder / "briefing.epub") as epub:
        return epub.read(f"EPUB/{name}").decode("utf-8")


# ----------------------------------------------------------------------------- 3: places


def test_a_fictional_town_is_no_place_and_makes_no_map(town):
    """"Riverton" and "Lakewood" are also real towns (of 15,000 people or more) in the United States:
    the article never names a country, so neither is a place, and there is no map claiming one."""
    out, facts = town
    assert [f["name"] for f in facts["facts"] if f["kind"] == "place"] == []
    page = _read(out, "facts.xhtml")
    assert "United States" not in page and "Countries named in the articles" not in page
    with zipfile.ZipFile(out / "briefing.epub") as epub:
        assert "EPUB/images/map.svg" not in epub.namelist()
    counts = epubcheck(out / "briefing.epub")
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), counts["messages"]


@pytest.mark.parametrize("text, places", [
    ("The van was presented in Riverton.", []),                               # a small town alone
    ("The van was presented in Riverton, in the United States.", ["Riverton", "United States"]),
    ("Lakewood opened a library.", []),                                       # another Lakewood is half its size
    ("Lakewood in Colorado opened a library.", ["Lakewood", "Colorado"]),     # a state of its country
    ("The plant in Skellefteå is near Stockholm.", ["Skellefteå", "Stockholm"]),   # the capital of its country
    ("Speaking in Paris, the minister said so.", ["Paris"]),                  # a large city of a unique name
    ("The talks were held in Astana.", ["Astana"]),                           # a capital
])
def test_a_town_stands_only_beside_its_country(text, places):
    from briefing.analysis.facts import extract_facts
    from briefing.model import Article, Block, Run, Sentence

    block = Block("paragraph", runs=(Run(text),), sentences=(Sentence("s1", 0, len(text)),))
    facts = extract_facts([Article(path=Path("one.txt"), title="One", blocks=(block,), id="a1")])
    assert sorted(f.text for f in facts if f.kind == "place") == sorted(places)


# ----------------------------------------------------------------------------- 9: the book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The briefing of the wide table, the opening-heavy article and the one with emoji: the build's
    folder (briefing.epub, briefing.pdf) and what the command printed."""
    sources = _folder(tmp_path_factory, BOOK_ARTICLES)
    out = tmp_path_factory.mktemp("out")
    result = run_cli("build", "--sources", str(sources), "--output", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


def _article_files(folder: Path) -> dict[str, str]:
    """Each article's XHTML by the name of its source file."""
    with zipfile.ZipFile(folder / "briefing.epub") as epub:
        docs = {n: epub.read(n).decode("utf-8") for n in epub.namelist() if re.fullmatch(r"EPUB/a\d+\.xhtml", n)}
    files = re.findall(r'<span class="file">File: ([^<]+)</span>', _read(folder, "sources.xhtml"))
    assert len(files) == len(docs)
    return {name: docs[f"EPUB/a{i}.xhtml"] for i, name in enumerate(files, 1)}


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every style rule, those inside @media included."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            out += _rules(tinycss2.serialize(rule.content))
        elif rule.type == "qualified-rule":
            declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            out.append((tinycss2.serialize(rule.prelude).strip(),
                        {d.lower_name: tinycss2.serialize(d.value).strip() for d in declarations
                         if d.type == "declaration"}))
    return out


def _declared(css: str, selector: str, prop: str) -> set[str]:
    """The values given to `prop` by the rules whose selector list names `selector`."""
    return {decls[prop] for sel, decls in _rules(css) if selector in [s.strip() for s in sel.split(",")]
            and prop in decls}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_book_passes_epubcheck(book):
    counts = epubcheck(book[0] / "briefing.epub")
    assert (counts["FATAL"], counts["ERROR"], counts["WARNING"]) == (0, 0, 0), counts["messages"]


def test_a_wide_table_scrolls_or_wraps_on_a_small_screen(book):
    """(a) The 8-column table sits in a wrapper that scrolls sideways; its cells may break words."""
    doc = _article_files(book[0])["wide_table.md"]
    assert doc.count("<th ") == 8
    assert re.search(r'<div class="table-wrap">\s*<table class="data">', doc)
    css = _read(book[0], "styles/epub.css")
    assert _declared(css, ".table-wrap", "overflow-x") == {"auto"}
    assert "break-word" in _declared(css, "table.data td", "overflow-wrap")


def test_each_contents_entry_has_one_number(book):
    """(b) The nav and the NCX give an article the same label, "2. Title", and the nav's list shows
    no numbers of its own: never "4. 2. Title"."""
    nav = etree.fromstring(_read(book[0], "nav.xhtml").encode())
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    labels = [" ".join("".join(a.itertext()).split()) for a in toc.find("x:ol", NS).iterfind("x:li/x:a", NS)]
    ncx = etree.fromstring(_read(book[0], "toc.ncx").encode())
    points = [" ".join(p.findtext("ncx:navLabel/ncx:text", namespaces=NS).split())
              for p in ncx.find("ncx:navMap", NS).iterfind("ncx:navPoint", NS)]
    assert labels == points
    numbered = [label for label in labels if re.match(r"\d+\. ", label)]
    assert [n.split(".")[0] for n in numbered] == [str(n) for n in range(1, len(BOOK_ARTICLES) + 1)]
    assert not [label for label in labels if re.match(r"\d+\. \d+\. ", label)]
    css = _read(book[0], "styles/epub.css")
    assert _declared(css, "nav ol", "list-style-type") == {"none"}


def test_the_article_label_stays_with_the_title(book):
    """(c) "Article 1 ·" is the first line of the article's heading, so a page break before the
    heading (calibre's before every h1 of an AZW3) takes it along; and it is kept with what follows."""
    for doc in _article_files(book[0]).values():
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", doc, re.S).group(1)
        inside = re.sub(r'<span epub:type="pagebreak"[^>]*></span>', "", heading)
        assert re.match(r'<span class="kicker">Article \d+ · ', inside), heading
        assert '<p class="kicker">' not in doc
    css = _read(book[0], "styles/epub.css")
    assert _declared(css, ".kicker", "page-break-after") == {"avoid"}
    assert _declared(css, ".kicker", "break-after") == {"avoid"}


def test_page_markers_are_empty_inline_spans_inside_text(book):
    """(d) A printed-page marker is an empty span at the start of a text, never a line of its own
    between blocks, and the stylesheet forces no page break and no full-height box."""
    with zipfile.ZipFile(book[0] / "briefing.epub") as epub:
        docs = {n: epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")}
    markers = 0
    for name, doc in docs.items():
        for m in re.finditer(r'<span epub:type="pagebreak"[^>]*>(.*?)</span>', doc, re.S):
            markers += 1
            assert m.group(1) == "", (name, m.group(0))
            after = doc[m.end():].lstrip()
            assert not re.match(rf"<({BLOCKS})\b", after), (name, doc[m.start() - 60:m.end() + 60])
            before = doc[:m.start()].rstrip()
            assert not before.endswith(("<body>", "</p>", "</h1>", "</header>")), (name, before[-60:])
    assert markers >= 4
    css = _read(book[0], "styles/epub.css")
    for selector, decls in _rules(css):
        for prop in ("page-break-before", "page-break-after", "break-before", "break-after"):
            assert decls.get(prop, "avoid") in ("avoid", "auto", "avoid-page"), (selector, prop)
        for prop in ("height", "max-height", "min-height"):
            assert decls.get(prop, "auto") != "100%", (selector, prop)


def test_no_blank_pages_after_calibres_azw3_conversion(book, tmp_path):
    """(d) The book through calibre: EPUB to AZW3, then the AZW3 laid out on 6-inch pages (calibre's
    PDF output, with the options it uses for an AZW3: a page break before every h1 and h2). Every
    page holds text or the cover image, and no page holds only an article's label."""
    convert = need("ebook-convert")
    for tool in ("pdftotext", "pdfimages", "pdfinfo"):
        need(tool)
    azw3, pdf = tmp_path / "book.azw3", tmp_path / "book.pdf"
    env = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")   # calibre's Chromium, run as root
    for args in ([str(book[0] / "briefing.epub"), str(azw3)],
                 [str(azw3), str(pdf), "--custom-size", "3.6x4.8", "--unit", "inch"]
                 + [f"--pdf-page-margin-{side}=10" for side in ("left", "right", "top", "bottom")]):
        done = subprocess.run([convert, *args], capture_output=True, text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                            text=True).stdout).group(1))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    with_images = {int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()}
    blank, label_alone = [], []
    for number in range(1, pages + 1):
        text = " ".join(subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                       capture_output=True, text=True).stdout.split())
        if not text and number not in with_images:
            blank.append(number)
        if re.fullmatch(r"ARTICLE \d+ · [^.]*", text):
            label_alone.append((number, text))
    assert pages > 5 and not blank and not label_alone, (pages, blank, label_alone)


def test_in_brief_does_not_repeat_the_opening(book):
    """(e) The article's first two sentences are its best by every signal (figures, names, the
    title's words), yet "In brief", right above them, gives others."""
    doc = _article_files(book[0])["opening_brief.md"]
    brief = re.search(r'<aside class="in-brief".*?</aside>', doc, re.S)
    assert brief, "the article has an In brief"
    points = [_text(li) for li in re.findall(r"<li>(.*?)</li>", brief.group(0), re.S)]
    body = re.search(r'<div class="article-body">(.*)', doc, re.S).group(1)
    opening = [_text(s) for s in re.findall(r'<span id="a\d+-s[12]">(.*?)</span>', body, re.S)]
    assert len(opening) == 2 and points
    assert not set(points) & set(opening), (points, opening)


def test_characters_the_fonts_lack_get_a_named_warning_and_a_fallback(book):
    """(f) The stars and the emoji are in neither PT Serif nor PT Sans: one warning names the article
    and the characters; every font-family of both stylesheets ends with a generic family."""
    stderr = book[1].stderr
    lines = [line for line in stderr.splitlines() if "the bundled fonts cannot show" in line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Warning: glyphs.md: 3 characters the bundled fonts cannot show (")
    for code in ("U+2605 BLACK STAR", "U+2606 WHITE STAR", "U+1F600 GRINNING FACE"):
        assert code in lines[0]
    for css in (_read(book[0], "styles/epub.css"), (ROOT / "layouts" / "print.css").read_text("utf-8")):
        families = [decls["font-family"] for _, decls in _rules(css) if "font-family" in decls]
        assert families
        for family in families:
            assert family.rsplit(",", 1)[-1].strip() in ("serif", "sans-serif", "monospace"), family
