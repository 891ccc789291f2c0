"""Sources that were read wrongly or not at all (issue 18): Word pages, pasted pages, .mhtml, .docx."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest
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
