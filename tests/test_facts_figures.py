"""Figures: what each one counts (`about`), and how articles agree or disagree on a figure.

tests/data/facts_extra/disputed holds two wire reports of the same landslide that disagree on
the death toll and agree on the houses destroyed and the soldiers sent.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.report import make_report
from briefing.sources.collect import collect
from briefing.analysis.facts import extract_facts
from briefing.render.layouts import environment, render
from briefing.model import Article, Block, Run, Sentence, Settings
from briefing.render.context import context

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DISPUTED = DATA / "facts_extra" / "disputed"
FOLDERS = [ROOT / "sources", DATA / "facts_extra", DISPUTED, DATA / "articles"]


def figures_of(sentence: str) -> dict[str, str]:
    """Figure text -> about, for an article made of one sentence."""
    block = Block("paragraph", runs=(Run(sentence),), sentences=(Sentence("s1", 0, len(sentence)),))
    facts = extract_facts([Article(path=Path("one.txt"), title="One", blocks=(block,), id="a1")])
    return {f.text: f.about for f in facts if f.kind == "figure"}


@pytest.mark.parametrize("sentence, figure, about", [
    # The counted noun phrase with the words that govern it, the number left out.
    ("Irrigated farmland in the valley covers about 1.3 million hectares.", "about 1.3 million",
     "Irrigated farmland in the valley covers hectares"),
    # A share or a sum takes its preposition with it.
    ("NVM expects revenue to grow by 45% in 2025.", "45%", "NVM expects revenue to grow in 2025"),
    ("The company will receive a grant of €15 million from the fund.", "€15 million",
     "The company will receive a grant from the fund"),
    # Coordinated figures each keep their own part, and share what governs both.
    ("Soldiers suffered losses: 17 died and 33 were wounded.", "17", "Soldiers suffered losses: died"),
    ("Soldiers suffered losses: 17 died and 33 were wounded.", "33", "Soldiers suffered losses: were wounded"),
    ("The projects will create about 450 jobs and 85 permanent positions.", "85",
     "The projects will create permanent positions"),
    # A modifier clause borrows the noun it describes.
    ("The national contingent, consisting of 139 military personnel, kept the ceasefire.", "139",
     "The national contingent, consisting of military personnel"),
    # A range is one thing counted.
    ("The number of glacial lakes rose from 412 to 587, the report said.", "587",
     "The number of glacial lakes rose"),
    # Who said it is not what is counted.
    ("The terminal cost $85 million, said the chairman.", "$85 million", "The terminal cost"),
    ("Экспорт зерна вырос на 30 процентов.", "30 процентов", "Экспорт зерна вырос"),
])
def test_about_is_what_the_figure_counts(sentence, figure, about):
    assert figures_of(sentence)[figure] == about


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_about_is_short_and_never_empty(folder):
    for fact in extract_facts(collect(folder).articles):
        if fact.kind == "figure":
            assert fact.about and len(fact.about.split()) <= 12, fact


@pytest.fixture(scope="module")
def landslide(tmp_path_factory):
    return make_report(Settings(sources=DISPUTED, output=tmp_path_factory.mktemp("out")))


def test_different_figures_for_the_same_thing_are_one_disputed_row(landslide):
    toll = [f for f in landslide.facts if f.kind == "figure" and f.unit == "people"]
    assert len(toll) == 1 and toll[0].disputed
    values = {v.value: (v.text, [s.article for s in v.sources]) for v in toll[0].values}
    assert values == {15: ("15", ["landslide_meridian.txt"]),
                      12: ("At least 12", ["landslide_northline.txt"])}
    assert {s.article for s in toll[0].sources} == {"landslide_meridian.txt", "landslide_northline.txt"}


def test_disputed_row_in_json(landslide):
    toll = next(f for f in landslide.facts if f.kind == "figure" and f.disputed)
    data = json.loads(json.dumps(toll.to_json()))
    assert data["disputed"] is True
    assert [(v["value"], v["sources"]) for v in data["values"]] == [
        (15, ["landslide_meridian.txt"]), (12, ["landslide_northline.txt"])]


@pytest.mark.parametrize("value, unit", [(40, "houses"), (139, "military personnel")])
def test_the_same_figure_in_two_articles_is_one_row_with_both(landslide, value, unit):
    (row,) = [f for f in landslide.facts if f.kind == "figure" and f.value == value]
    assert row.unit == unit and not row.disputed
    assert sorted(s.article for s in row.sources) == ["landslide_meridian.txt", "landslide_northline.txt"]


def test_unrelated_figures_are_neither_merged_nor_disputed():
    """A share, a sum or a span of time says what is measured, not what is counted."""
    facts = extract_facts(collect(DATA / "articles").articles)
    assert not [f for f in facts if f.kind == "figure" and f.disputed]
    forty = [f for f in facts if f.kind == "figure" and f.value == 40 and f.unit == "%"]
    assert sorted(s.article for f in forty for s in f.sources) == ["press_release.md", "wire_story.txt"]
    assert len(forty) == 2  # "40% of the financing" and "premiums rose by about 40 percent"


def test_fact_table_shows_sources_and_disputes(landslide):
    env = environment(None)
    html = render(env, "partials/facts.html",
                  **context(landslide, link=lambda anchor: f"#{anchor}", image_src=lambda image: None,
                            paged=False))
    figure_rows = re.findall(r'<tr id="fact-figure-\d+".*?</tr>', html, re.S)
    by_text = {re.search(r'<td class="figure">(.*?)</td>', r, re.S).group(1): r for r in figure_rows}
    assert "2 sources" in by_text["40"] and "2 sources" in by_text["139"]
    assert "2 sources" not in by_text["$2 million"]
    (toll,) = [r for r in figure_rows if 'class="disputed"' in r]
    assert "At least 12" in toll and "2 sources" in toll and "disputed" in toll
