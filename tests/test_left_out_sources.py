"""Sources that were read wrongly or not at all (issue 18): Word pages, pasted pages, .mhtml, .docx."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from briefing.sources.readers import read_article

from conftest import DATA

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
