"""Property tests (hypothesis): any bytes give an article or a clear skip, and the cleaner never
drops a sentence of the article's own prose."""
from __future__ import annotations

import re
import string
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.sources.clean import clean
from briefing.errors import SourceError
from briefing.model import Article
from briefing.sources.readers import read_article, read_text, tidy

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that make input hard for each reader, mixed with arbitrary text and bytes.
HTML_PIECES = ["<html>", "<body>", "<article>", "<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<script>",
               "</script>", "<style>", "<img src=\"file:///etc/passwd\">", "<img src=http://x.invalid/a.png>",
               "<a href=\"javascript:x()\">", "</a>", "<table><tr><td>", "<svg><image href=x>", "<!--", "-->",
               "<![CDATA[", "&amp;", "&#0;", "&#x1;", "&#xD800;", "&nbsp;", "<meta charset=\"koi8-r\">",
               "<title>T</title>", "\x00", "\ufeff", "<p onclick=\"x\">", "<br/>", "<", ">", "\"", "'"]
MD_PIECES = ["---\n", "title: x\n", "date: 2024-02-30\n", "date: [\n", "# ", "## ", "> ", "- ", "1. ", "```\n",
             "| a | b |\n|---|---|\n", "![i](", "](", "[l](javascript:x)", "<div>", "</div>", "<script>", "*", "_",
             "`", "\\", "&#0;", "\n\n", "    ", "\x00", "\u202e", "<img src=file:///etc/passwd>", "%00"]
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


def _read(data: bytes, suffix: str) -> None:
    """read_article either returns an Article or raises SourceError; anything else fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except SourceError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        assert isinstance(article, Article) and article.title is not None
        for block in article.blocks:
            for run in block.runs:
                assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", run.text)
                assert run.href is None or re.match(r"(?i)(https?:|mailto:)", run.href)
        clean(article)


def _mixed(pieces: list[str]):
    return st.lists(st.one_of(st.sampled_from(pieces), TEXT), max_size=25).map("".join)


def _encoded(text_strategy):
    return st.tuples(text_strategy, st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1", "utf-8-sig"])).map(
        lambda t: t[0].encode(t[1], "ignore"))


@FAST
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_give_an_article_or_a_source_error(data, suffix):
    _read(data, suffix)


@FAST
@given(_encoded(_mixed(HTML_PIECES)))
@example(b"<svg><image href=x><html>")  # once tripped the metadata parser (htmldate) with an AssertionError
def test_any_html_gives_an_article_or_a_source_error(data):
    _read(data, ".html")


@FAST
@given(_encoded(_mixed(MD_PIECES)))
def test_any_markdown_gives_an_article_or_a_source_error(data):
    _read(data, ".md")


@FAST
@given(_encoded(_mixed(["\n", "\n\n", "\r\n", "\r", "\t", " ", "– ", "Q: ", "A: ", "©", "Photo: x", "2288"])))
def test_any_text_gives_an_article_or_a_source_error(data):
    _read(data, ".txt")


@FAST
@given(TEXT)
def test_tidy_gives_nfc_text_that_xml_can_carry(text):
    tidied = tidy(text)
    assert unicodedata.is_normalized("NFC", tidied)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]", tidied)


LATIN = string.ascii_letters + "éèüöçñàâêîôûäëïß"
CYRILLIC = "".join(chr(c) for c in range(0x410, 0x450)) + "ёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"
WORD = st.one_of(st.text(alphabet=LATIN, min_size=2, max_size=10), st.text(alphabet=CYRILLIC, min_size=2, max_size=10),
                 st.sampled_from(["ﬁle", "ＡＢＣ", "№5", "10–12", "—", "…", "€20", "2,5", "U.S.", "e\u0301te\u0301"]))
TOKEN = st.tuples(st.sampled_from(["", "“", "«", "‘", "(", '"', "'"]), WORD,
                  st.sampled_from(["", "”", "»", "’", ")", ",", ".", "!", "?", ":", "…", '"', "'"])).map("".join)
LINES = st.lists(st.lists(TOKEN, min_size=3, max_size=15).map(" ".join), min_size=1, max_size=5).map("\n".join)


@FAST
@given(LINES)
def test_tidy_leaves_clean_text_as_written_apart_from_nfc(text):
    # curly quotes, guillemets, full-width letters, ligatures and Kazakh letters are not "fixed"
    assert tidy(text) == unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- the cleaner keeps the prose

SUBJECTS = ["The minister", "A spokesman for the council", "Officials in Astana", "The company", "Residents",
            "The delegation", "Farmers near Kostanay", "The new terminal", "Министр обороны", "Жители города",
            "The report", "Its chief executive", "The mayor of Almaty"]
VERBS = ["said", "announced", "confirmed", "reported", "argued", "warned", "noted", "expected", "заявил", "сообщили"]
OBJECTS = ["that the project would start in spring", "a budget of 12 million tenge", "new rules for ferries",
           "that 4,000 passengers a day could use it", "the results of the survey", "a plan to print more copies",
           "that views differed on the share of costs", "the photo exhibition would open on Monday",
           "что работы начнутся весной", "the theme of the conference", "talks with the United Nations"]
ENDINGS = [".", ".", ".", "!", "?", "…"]
FURNITURE = ["Share", "Print", "Theme", "Autoreload", "2288", "Views: 1,204", "Photo: Aqorda",
             "Sign up for our newsletter", "Subscribe", "© 2024 The Daily Example", "All rights reserved.",
             "Read more", "Advertisement", "Related articles", "Photo by: Press service", "Most read",
             "Skip to main content", "12 comments", "Share on Facebook",
             "Read more: 12 things to know before you travel"]

SENTENCE = st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(OBJECTS),
                     st.sampled_from(ENDINGS)).map(lambda t: f"{t[0]} {t[1]} {t[2]}{t[3]}")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4, unique=True).map(" ".join)
LINE = st.one_of(PARAGRAPH.map(lambda p: ("prose", p)), st.sampled_from(FURNITURE).map(lambda f: ("furniture", f)))


@FAST
@given(st.lists(LINE, min_size=1, max_size=12), st.booleans())
def test_the_cleaner_never_removes_a_sentence_of_the_article_body(lines, blank_lines):
    if not any(kind == "prose" for kind, _ in lines):
        return
    body = ("\n\n" if blank_lines else "\n").join(text for _, text in lines)
    article = clean(read_text(f"A headline about the news\n\n{body}\n", Path("a.txt")))
    kept = " ".join(b.text for b in article.blocks)
    for kind, text in lines:
        if kind == "prose":
            assert text in kept, (text, [(r.rule, r.text) for r in article.removed])
