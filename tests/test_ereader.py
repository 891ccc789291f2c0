"""The e-book on reading systems (issue 18): only places the articles name for sure. The articles
are made up, in tests/data/ereader/ (see its README)."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, epubcheck, run_cli

EREADER = DATA / "ereader"


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
