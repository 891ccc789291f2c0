"""Disputed figures (issue 15, point 4): two articles giving different values for the same counted
thing, whatever the wording around them, are one row marked disputed, in the JSON, the PDF, the
EPUB and the summary; different things that merely share a unit stay separate rows.

The pairs are in tests/data/disputes/ (see its README.md). Each pair is tried in both reading
orders: the decision may not depend on which article comes first.
"""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.analysis.facts import extract_facts
from briefing.model import Settings
from briefing.report import make_report
from briefing.sources.collect import collect
from make_report import main

PAIRS = Path(__file__).parent / "data" / "disputes"
DISPUTED = {"contingent": (139, 150), "floods": (12, 15), "observers": (40, 45), "ru-quake": (12, 15)}
SEPARATE = {"injured": (12, 15), "missions": (139, 150), "monitors": (40, 45), "ru-hurt": (12, 15)}


def _figures(folder: Path, reverse: bool) -> list:
    articles = collect(folder).articles
    return [f for f in extract_facts(articles[::-1] if reverse else articles) if f.kind == "figure"]


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
@pytest.mark.parametrize("pair", sorted(DISPUTED))
def test_the_same_counted_thing_with_two_values_is_one_disputed_row(pair, reverse):
    low, high = DISPUTED[pair]
    rows = [f for f in _figures(PAIRS / pair, reverse) if {low, high} & ({f.value} | {v.value for v in f.values})]
    assert len(rows) == 1, rows
    (row,) = rows
    assert row.disputed
    assert sorted((v.value, v.sources[0].article) for v in row.values) == [(low, "a.txt"), (high, "b.txt")]


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
@pytest.mark.parametrize("pair", sorted(SEPARATE))
def test_different_things_sharing_a_unit_stay_separate_rows(pair, reverse):
    low, high = SEPARATE[pair]
    figures = _figures(PAIRS / pair, reverse)
    assert not [f for f in figures if f.disputed]
    by_value = {f.value: f for f in figures}
    assert by_value[low].sources[0].article == "a.txt" and by_value[high].sources[0].article == "b.txt"


def test_facts_command_shows_one_disputed_row_for_139_and_150_personnel():
    result = CliRunner().invoke(main, ["facts", "--sources", str(PAIRS / "contingent"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [f for f in json.loads(result.stdout)["facts"] if f["kind"] == "figure" and f.get("unit") == "military personnel"]
    assert len(rows) == 1 and rows[0]["disputed"] is True
    assert [(v["value"], v["sources"]) for v in rows[0]["values"]] == [(139, ["a.txt"]), (150, ["b.txt"])]


def test_a_summary_point_that_states_a_disputed_figure_says_so(tmp_path):
    report = make_report(Settings(sources=PAIRS / "contingent", output=tmp_path, summary_points=5))
    points = {p.source.article: p for p in report.summary.points if re.search(r"\b1[35][09]\b", p.text)}
    assert [v.text for v in points["a.txt"].disputed_by] == ["150"]
    assert [v.text for v in points["b.txt"].disputed_by] == ["139"]
    assert "[disputed: 150 in Deployment to UNIFIL completed]" in report.summary.as_text()
    # A point with no disputed figure says nothing of the kind.
    assert all(not p.disputed_by for p in report.summary.points if p not in points.values())


def test_a_pair_that_is_not_disputed_leaves_the_summary_alone(tmp_path):
    report = make_report(Settings(sources=PAIRS / "injured", output=tmp_path, summary_points=5))
    assert not any(p.disputed_by for p in report.summary.points)
    assert "disputed" not in report.summary.as_text()


def test_pdf_and_epub_show_the_dispute_in_the_fact_table_and_the_summary(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(PAIRS / "contingent", sources)
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--output", str(tmp_path / "out"),
                                       "--summary-points", "5"])
    assert result.exit_code == 0, result.output
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "out" / "briefing.pdf").pages]
    summary = next(t for t in pages if t.startswith("Summary"))
    assert re.search(r"join the UN Interim Force in Lebanon\. \[1\], p\. \d+ DISPUTED: 150 \[2\]", summary), summary
    facts = next(t for t in pages if t.startswith("Key facts"))
    assert re.search(r"139 \[1\], p\. \d+ 150 \[2\], p\. \d+ DISPUTED", facts), facts
    with zipfile.ZipFile(tmp_path / "out" / "briefing.epub") as z:
        summary_x = z.read("EPUB/summary.xhtml").decode()
        facts_x = z.read("EPUB/facts.xhtml").decode()
    text = re.sub(r"<[^>]+>", "", summary_x)
    assert re.search(r"Lebanon\. \[1\] Disputed: 150 \[2\]", " ".join(text.split()))
    assert 'class="disputed' in facts_x and "disputed</span>" in facts_x


def test_a_figure_many_articles_dispute_is_counted_not_listed_in_the_summary(tmp_path):
    """Five reports of one contingent, five values: a summary sentence names how many other values
    there are instead of listing them (a large briefing would otherwise lay out thousands of links)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for n, value in enumerate((139, 150, 144, 160, 171)):
        (sources / f"r{n}.txt").write_text(
            f"Report {n}\n\nA contingent of {value} military personnel has completed its deployment to "
            "the UN Interim Force in Lebanon, the defence ministry said.\n", "utf-8")
    report = make_report(Settings(sources=sources, output=tmp_path / "out", summary_points=5))
    (row,) = [f for f in report.facts if f.kind == "figure" and f.unit == "military personnel"]
    assert row.disputed and len(row.values) == 5
    noted = [s for p in report.summary.points for s in p.sentences if s.disputed_by]
    assert noted and all(len(s.disputed_by) == 4 for s in noted)
    assert "[disputed: 4 other values in other articles (see the fact table)]" in report.summary.as_text()
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--output", str(tmp_path / "built")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "built" / "briefing.epub") as z:
        text = " ".join(re.sub(r"<[^>]+>", "", z.read("EPUB/summary.xhtml").decode()).split())
    assert "Disputed: 4 other values in other articles (see the fact table)" in text
