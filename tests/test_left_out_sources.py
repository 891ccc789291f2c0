"""Sources that were read wrongly or not at all (issue 18): Word pages, pasted pages, .mhtml, .docx."""
from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import zipfile

import pytest
from briefing.errors import SourceError
from briefing.sources.clean import clean
from briefing.sources.readers import read_article

from conftest import DATA, run_cli

FILES = DATA / "left_out_sources"


# ---------------------------------------------------------------- dates of Word pages

def test_word_page_is_dated_by_its_dateline_not_by_a_schema_address():
    """Word's "Save as Web Page" declares xmlns:m=".../office/2004/12/omml"; the date is the
    dateline's (8 April 2025), never 1 December 2004."""
    article = read_article(FILES / "word-save-as-web-page.htm")
    assert article.date == dt.date(2025, 4, 8)
    assert article.title == "Harbour dredging to begin after council vote"
    assert article.blocks[1].text.startswith("AKTAU, 8 April 2025 – The port council voted")


_WORD_HEAD = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
              'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">'
              '<head><meta name=Generator content="Microsoft Word 15">{meta}'
              '<link rel=schema.dc href="http://purl.org/dc/elements/1.1/2010/05/"></head><body>')
_BODY = ("<h1>Ferry timetable changes for the summer</h1>{dateline}"
         "<p>The ferry operator will add two evening crossings from June, the port authority said on "
         "Monday, after a season in which most sailings were full a week in advance.</p>"
         "<p>Tickets for the new crossings go on sale next month at the terminal and online, and the "
         "prices stay as they were last year for passengers and for cars.</p>{footer}</body></html>")


@pytest.mark.parametrize("meta,dateline,footer,date", [
    ("", "", "", None),                                                           # only schema addresses
    ("", "", "<p>© 2019 Harbour Media Ltd</p>", None),                             # a copyright year is no date
    ("", "<p>Published 8 April 2025</p>", "", dt.date(2025, 4, 8)),                # a dateline of its own
    ('<meta property="article:published_time" content="2025-04-07T09:00:00Z">',   # metadata first
     "<p>8 April 2025</p>", "", dt.date(2025, 4, 7)),
])
def test_page_dates_come_from_metadata_or_dateline_only(tmp_path, meta, dateline, footer, date):
    path = tmp_path / "page.htm"
    path.write_text(_WORD_HEAD.format(meta=meta) + _BODY.format(dateline=dateline, footer=footer), "utf-8")
    assert read_article(path).date == date


# ---------------------------------------------------------------- pages pasted from a browser

PASTED = FILES / "pasted-from-browser.txt"
# The article in the pasted page, paragraph by paragraph as the file has it.
PASTED_ARTICLE = [
    "By Aigerim Sadykova",
    "8 April 2025",
    "The overnight ferry between Aktau and Baku will run all year from October, the port authority said on "
    "Monday, after a summer in which almost every crossing sailed full.",
    "The operator carried 48,000 passengers between June and September, a third more than a year earlier, "
    "and turned away cars on most weekends in August.",
    '"We had people sleeping in their cars at the terminal for two nights," said Nurlan Abenov, the port\'s '
    'deputy director. "A winter timetable is the least we can offer them."',
    "The winter crossings will sail three times a week instead of daily. Tickets go on sale on 1 September "
    "at the terminal and on the operator's website, and fares will stay at this year's level until the end "
    "of March.",
    "Hauliers welcomed the decision but asked for more room for lorries, which now take up barely a fifth "
    "of the car deck.",
]


def test_pasted_page_keeps_its_article_and_loses_the_page_around_it():
    article = clean(read_article(PASTED))
    assert article.title == "Night ferry to Baku to run all year after record summer"
    assert [b.text for b in article.blocks] == PASTED_ARTICLE
    removed = {(r.rule, r.text) for r in article.removed}
    for rule, text in [
        ("skip link", "Skip to main content"), ("share button", "Share on Facebook"),
        ("share button", "Copy link"), ("comment control", "12 comments"),
        ("comment control", "Log in to comment"), ("comment", "Daniyar K."),
        ("comment", "About time. Last August we waited three days for a place on the boat."),
        ("comment", "Reply"), ("list of other articles", "Most read"),
        ("list of other articles", "Related articles"),
        ("list of other articles", "Fishing quotas on the Caspian cut for second year"),
        ("list of other articles", "2. Bread prices rise for the third month running"),
    ]:
        assert (rule, text) in removed, (rule, text)


def test_pasted_page_builds_and_verbose_lists_what_was_removed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(PASTED, src)
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--format", "epub", "-v")
    assert result.exit_code == 0, result.output + result.stderr
    for line in ["pasted-from-browser.txt: removed skip link: Skip to main content",
                 "pasted-from-browser.txt: removed share button: Share on Facebook",
                 "pasted-from-browser.txt: removed comment: Three crossings a week in winter",
                 "pasted-from-browser.txt: removed list of other articles: Related articles"]:
        assert line in result.stderr, line
    with zipfile.ZipFile(tmp_path / "out" / "briefing.epub") as book:
        text = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))
    assert "Hauliers welcomed the decision" in text
    for furniture in ["Skip to main content", "Share on Facebook", "Copy link", "Log in to comment",
                      "Last August we waited", "Most read", "Bread prices rise", "New container crane"]:
        assert furniture not in text, furniture


@pytest.mark.parametrize("lines", [
    ["Comments", "The council meets again in May.", "Reply to the consultation by 1 June."],
    ["Related", "The council meets again in May to decide on the second phase."],
    ["Share", "Reply"],
])
def test_furniture_words_in_an_article_do_not_take_its_text(tmp_path, lines):
    """A lone "Comments" or "Related" line and a "Reply" with no comments heading above it
    take nothing but themselves (and "Reply ..." in a sentence is text)."""
    path = tmp_path / "a.txt"
    body = "The port council voted on Tuesday to begin dredging the eastern basin after three years."
    path.write_text("\n\n".join(["Dredging approved", body, *lines, body.replace("Tuesday", "Friday")]), "utf-8")
    kept = [b.text for b in clean(read_article(path)).blocks]
    assert kept[0] == body and kept[-1] == body.replace("Tuesday", "Friday")
    assert [t for t in lines if len(t) > 10] == [t for t in kept[1:-1]]


# ---------------------------------------------------------------- .mhtml and .docx

MHTML = FILES / "saved-page.mhtml"
DOCX = FILES / "word-document.docx"


def _make_files():
    """The script that wrote the packed test files, to make variants of them."""
    spec = importlib.util.spec_from_file_location("make_files", FILES / "make_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mhtml_saved_by_chrome_is_read_as_its_page():
    article = clean(read_article(MHTML))
    assert (article.title, article.date, article.author, article.publication) == (
        "Desalination plant in Aktau to double its output", dt.date(2025, 4, 10), "Ruslan Tokayev",
        "Caspian Coast News")
    assert article.url == "https://caspian-coast.example/news/desalination-plant-aktau-double-output"
    texts = [b.text for b in article.blocks]
    assert texts[0].startswith("The desalination plant that supplies most of Aktau\u2019s drinking water")
    assert texts[-1].endswith("use a third of the water the plant produces.")
    assert len(texts) == 4                                                 # no menu, no "Most read", no footer
    joined = " ".join(texts)
    assert "=3D" not in joined and "=E2" not in joined and "Bread prices" not in joined
    # The picture is a part of the file, not a file in the sources folder: left out, and named.
    assert [r.text for r in article.removed if r.rule == "outside resource"] == [
        "https://caspian-coast.example/media/2025/04/desalination-plant.png"]


def test_docx_keeps_every_paragraph_with_headings_lists_and_tables():
    article = clean(read_article(DOCX))
    assert article.title == "Ferry operator orders two new ships for the Caspian route"   # its Title paragraph
    assert article.date == dt.date(2025, 4, 9)                                             # dcterms:created
    assert article.language == "en-gb"
    assert [b.kind for b in article.blocks] == ["paragraph", "paragraph", "heading", "item", "item", "item",
                                                "heading", "table", "paragraph"]
    assert article.blocks[2].text == "What the order changes"
    assert article.blocks[3].text == "Capacity on the Aktau\u2013Baku crossing rises by about 40 per cent."
    table = article.blocks[7]
    assert table.header_rows == 1 and [[c[0].text for c in row] for row in table.rows[:2]] == [
        ["Ship", "Year built", "Lorries"], ["Aral", "1986", "28 (to be retired)"]]
    assert any(r.bold and r.text == "about 90 million dollars" for r in article.blocks[1].runs)
    assert any(r.italic and r.text.startswith("The new ships would also") for r in article.blocks[-1].runs)


def test_docx_title_comes_from_its_core_properties_when_it_has_one(tmp_path):
    make = _make_files()
    core = make.CORE.replace("<dc:title></dc:title>", "<dc:title>Caspian ferries: new ships</dc:title>") \
        .replace("2025-04-09T06:40:00Z", "2025-03-31T16:00:00Z")
    path = tmp_path / "note.docx"
    make.write_docx(path, core)
    article = read_article(path)
    assert (article.title, article.date) == ("Caspian ferries: new ships", dt.date(2025, 3, 31))
    assert article.blocks[0].kind == "heading"          # the document's own first heading stays in it
    assert article.blocks[0].text == "Ferry operator orders two new ships for the Caspian route"


def test_docx_pictures_are_left_out_and_named(tmp_path):
    path = tmp_path / "with-picture.docx"
    _make_files().write_docx(path, picture="The ferry Kaspiy at the Aktau terminal")
    article = read_article(path)
    assert [(r.rule, r.text) for r in article.removed] == [
        ("outside resource", "picture 'The ferry Kaspiy at the Aktau terminal' inside the document")]
    assert [b.kind for b in article.blocks][:3] == ["paragraph", "paragraph", "heading"]   # nothing else lost


@pytest.mark.parametrize("data,why", [
    (b"PK\x03\x04binary", "is not a Word document that can be opened"),
    (b"Just some text saved with the wrong extension.", "is not a Word document that can be opened"),
])
def test_a_broken_docx_is_skipped_with_a_clear_message(tmp_path, data, why):
    path = tmp_path / "notes.docx"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=why):
        read_article(path)


def test_mhtml_docx_and_word_page_build_together(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for path in (MHTML, DOCX, FILES / "word-save-as-web-page.htm"):
        shutil.copy(path, src)
    out = tmp_path / "out"
    result = run_cli("build", "--sources", str(src), "--output", str(out), "--format", "epub")
    assert result.exit_code == 0, result.output + result.stderr
    assert "unknown file type" not in result.stderr and "left out (" not in result.stderr
    assert "saved-page.mhtml: left out 1 resource(s)" in result.stderr       # its picture, named
    with zipfile.ZipFile(out / "briefing.epub") as book:
        text = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))
    for expected in ["Desalination plant in Aktau to double its output", "reverse-osmosis filters",
                     "Ferry operator orders two new ships for the Caspian route", "The fleet after delivery",
                     "Crossings will run daily in winter", "Harbour dredging to begin after council vote"]:
        assert expected in text, expected
    assert "2004" not in text


def test_add_imports_an_mhtml_page(tmp_path):
    result = run_cli("add", str(MHTML), "--sources", str(tmp_path))
    assert result.exit_code == 0, result.output + result.stderr
    [written] = tmp_path.iterdir()
    text = written.read_text("utf-8")
    assert "title: Desalination plant in Aktau to double its output" in text and "date: 2025-04-10" in text
    assert "reverse-osmosis filters" in text
