"""Readers and decoding: every format and encoding gives the same clean article."""
from __future__ import annotations

import datetime as dt

import pytest
from briefing.sources.clean import clean
from briefing.errors import SourceError
from briefing.sources.readers import read_article

KAZAKH = "Қазақстан әскери қызметшілері бейбітшілік миссиясына қатысты. Үкімет іс-шараны өткізді."


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"),
])
def test_unicode_encodings(tmp_path, encoding, prefix):
    text = f"Заголовок статьи\n\n{KAZAKH}\n"
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + text.encode(encoding))
    article = read_article(path)
    assert article.title == "Заголовок статьи"
    assert article.blocks[0].text == KAZAKH


def test_windows_1251(tmp_path):
    text = ("Министр обороны посетил Астану\n\nВ среду министр обороны провёл совещание с "
            "руководством миротворческого центра. Участники обсудили подготовку военнослужащих.\n")
    path = tmp_path / "cp.txt"
    path.write_bytes(text.encode("cp1251"))
    article = read_article(path)
    assert article.title == "Министр обороны посетил Астану"
    assert "миротворческого" in article.blocks[0].text


def test_text_paragraphs_single_and_blank_line_separated(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Title line\n\nFirst paragraph ends here.\nSecond paragraph on the next line.\n\n"
                    "A wrapped paragraph that goes on beyond sixty characters in its first\n"
                    "line and continues on the next one.\n")
    texts = [b.text for b in read_article(path).blocks]
    assert texts == ["First paragraph ends here.", "Second paragraph on the next line.",
                     "A wrapped paragraph that goes on beyond sixty characters in its first line and "
                     "continues on the next one."]


def test_markdown_front_matter_and_structure(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: The budget\nsource: The Example Times\nauthor: Ann Lee\ndate: 2024-03-05\n"
                    "url: https://example.org/a\nlanguage: en\n---\n\nThe council **approved** the "
                    "[budget](https://example.org/b).\n\n## Reaction\n\n- one point\n- two point\n\n"
                    "> A quote.\n\n| Item | Amount |\n| --- | --- |\n| Roads | 1.2 million |\n")
    a = read_article(path)
    assert (a.title, a.publication, a.author, a.date, a.url, a.language) == (
        "The budget", "The Example Times", "Ann Lee", dt.date(2024, 3, 5), "https://example.org/a", "en")
    assert [b.kind for b in a.blocks] == ["paragraph", "heading", "item", "item", "quote", "table"]
    assert any(r.bold and r.text == "approved" for r in a.blocks[0].runs)
    assert any(r.href == "https://example.org/b" for r in a.blocks[0].runs)
    assert a.blocks[-1].header_rows == 1 and a.blocks[-1].rows[1][1][0].text == "1.2 million"


def test_markdown_title_from_first_heading(tmp_path):
    path = tmp_path / "h.md"
    path.write_text("# Heading title\n\nBody text of the article.\n")
    a = read_article(path)
    assert a.title == "Heading title" and a.blocks[0].text == "Body text of the article."


@pytest.mark.parametrize("front,message", [
    ("title: [oops", "front matter is not valid YAML"),
    ("- a list", "front matter must be 'key: value' lines"),
    ("date: someday", "date 'someday' is not a date"),
    ("url: ftp://x", "must start with http"),
    ("title: {a: 1}", "'title' must be text"),
])
def test_bad_front_matter(tmp_path, front, message):
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front}\n---\nBody.\n")
    with pytest.raises(SourceError, match=message) as info:
        read_article(path)
    assert "bad.md" in str(info.value)


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves budget | The Daily Example</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="og:site_name" content="The Daily Example"><script>document.write('evil script text')</script>
<style>body { background: url(http://tracker.example/x.png) }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World news section</a></nav>
<aside><h3>Most read</h3><ul><li>Other story about celebrities</li><li>Another unrelated story</li></ul></aside>
<article><h1>Council approves budget</h1>
<p>The city council of Springfield approved a budget of <b>$2.5 million</b> on Tuesday, officials said.</p>
<p onclick="steal()">Mayor John Smith welcomed the decision. <a href="javascript:alert(1)">Click</a> and
<a href="https://example.org/report">read the report</a>.</p>
<iframe src="http://ads.example/frame">iframe text</iframe>
<p>More than 300 residents attended the meeting, which lasted four hours and ended late in the evening.</p>
</article><footer>Copyright 2024 The Daily Example. All rights reserved.</footer></body></html>"""


def test_html_page_keeps_the_article_and_its_metadata_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    a = clean(read_article(path))
    assert a.title == "Council approves budget"
    assert (a.author, a.date, a.publication) == ("Jane Doe", dt.date(2024, 3, 5), "The Daily Example")
    text = " ".join(b.text for b in a.blocks)
    assert "approved a budget of $2.5 million" in text and "300 residents" in text
    for junk in ("Most read", "celebrities", "World news section", "evil script", "iframe text",
                 "All rights reserved", "tracker"):
        assert junk not in text
    hrefs = {r.href for b in a.blocks for r in b.runs if r.href}
    assert hrefs == {"https://example.org/report"}


def test_html_without_article(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(SourceError, match="no recognisable article"):
        read_article(path)


def test_undecodable_binary_is_refused(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SourceError, match="empty.txt|NUL|not text"):
        read_article(path)
