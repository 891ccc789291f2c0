"""Curating the fact table with `facts.toml`: hide, correct and add, warnings and errors.

tests/data/curation holds two short port articles and the facts.toml applied to them;
tests/data/curation/invalid holds malformed curation files, each tried as facts.toml.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from briefing.report import make_report
from briefing.sources.collect import collect
from briefing.analysis.facts import CurationError, apply_curation, extract_facts
from briefing.analysis.facts.curate import read_curation
from briefing.model import FACT_KINDS, Settings

ROOT = Path(__file__).resolve().parents[1]
CURATION = ROOT / "tests" / "data" / "curation"
INVALID = CURATION / "invalid"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return make_report(Settings(sources=CURATION, output=tmp_path_factory.mktemp("out")))


def row(report, kind: str, text: str):
    found = [f for f in report.facts if f.kind == kind and f.text == text]
    assert len(found) == 1, (kind, text, [f.text for f in report.facts if f.kind == kind])
    return found[0]


def texts(report, kind: str) -> set[str]:
    return {f.text for f in report.facts if f.kind == kind}


def test_without_the_file_nothing_changes(tmp_path):
    articles = collect(CURATION).articles
    facts = extract_facts(articles)
    assert apply_curation(facts, articles, tmp_path / "facts.toml") == (facts, ())


def test_extracted_facts_the_file_is_about():
    """What the entries below act on: if extraction changes, these tests must be revisited."""
    facts = extract_facts(collect(CURATION).articles)
    found = {(f.kind, f.text) for f in facts}
    assert {("place", "Caspian"), ("figure", "139"), ("person", "Daniyar Seitkali")} <= found
    assert not {("place", "Turkmenbashi"), ("organization", "Caspian Desk")} & found


def test_hide(report):
    assert "Caspian" not in texts(report, "place")
    assert {"Aktau", "Baku", "Astana"} <= texts(report, "place")


def test_correct_a_figure(report):
    figure = row(report, "figure", "140")
    assert figure.value == 140 and figure.unit == "ships"
    assert [s.article for s in figure.sources] == ["port_opening.txt"]
    assert 139 not in {f.value for f in report.facts if f.kind == "figure"}


def test_correct_a_role_and_a_name(report):
    assert row(report, "person", "Daniyar Seitkali").role == "chairman of the port authority"
    org = row(report, "organization", "Caspian Port Holding JSC")  # found by its acronym
    assert org.acronym == "CPH" and len(org.sources) == 2


def test_added_facts_quote_their_whole_sentence(report):
    sentences = {anchor: text for a in report.articles for anchor, text in a.sentences()}
    desk = row(report, "organization", "Caspian Desk")
    (source,) = desk.sources
    assert source.article == "port_opening.txt"
    assert source.quote == sentences[source.anchor]
    assert source.quote.startswith("AKTAU (Caspian Desk) – A new container terminal opened")
    ships = row(report, "figure", "4")
    assert (ships.value, ships.unit, ships.about) == (4, "ships", "first ships the terminal received")
    assert "received its first four ships" in ships.sources[0].quote  # found despite the double space
    assert "Turkmenbashi" in row(report, "place", "Turkmenbashi").sources[0].quote


def test_adding_a_found_fact_overrides_it(report):
    person = row(report, "person", "Aigerim Nurlanova")
    assert person.role == "port spokeswoman" and len(person.sources) == 1


def test_rows_stay_grouped_by_kind(report):
    kinds = [FACT_KINDS.index(f.kind) for f in report.facts]
    assert kinds == sorted(kinds)


def test_unused_entries_are_warnings_naming_them(report):
    path = CURATION / "facts.toml"
    assert list(report.warnings) == [
        f"{path}: hide person 'John Doe' matches no fact",
        f"{path}: hide figure 320 in missing.txt matches no fact "
        "(there is no article 'missing.txt' in the sources folder)",
        f"{path}: add place 'Reading Bay' in port_opening.txt was left out: its quote is not in the "
        "article (copy it from the article, word for word)",
    ]
    assert "Reading Bay" not in texts(report, "place")


def test_curated_table_in_json(tmp_path):
    result = run_cli("facts", "--sources", str(CURATION), "--format", "json")
    assert result.exit_code == 0
    facts = json.loads(result.stdout)["facts"]
    assert {"kind": "place", "name": "Turkmenbashi"}.items() <= next(
        f for f in facts if f.get("name") == "Turkmenbashi").items()
    assert "Warning: " in result.stderr and "John Doe" in result.stderr


@pytest.mark.parametrize("name, message", [
    ("unknown_key.toml", "[[hide]] entry 1: unknown key 'nmae' for a place; use kind, name, article, note"),
    ("wrong_type.toml", "[[correct]] entry 1: 'value' must be a number, not a string"),
    ("unknown_table.toml", "unknown table 'remove'; use [[add]], [[hide]] or [[correct]]"),
    ("unknown_kind.toml", "'kind' must be one of figure, person, organization, place, date, not 'people'"),
    ("missing_quote.toml", "[[add]] entry 1: 'quote' is missing"),
    ("not_toml.toml", "is not valid TOML (Expected ']]' at the end of an array declaration (at line 1"),
    ("correct_unknown_field.toml", "unknown key 'role' for a person; use kind, name, article, set_name, set_role"),
    ("nothing_to_correct.toml", "nothing to correct; add one of set_name, set_role"),
    ("unquoted_date.toml", "'date' must be a string, not a date (put it in quotes)"),
    ("not_a_list.toml", "'hide' must be a list of tables, written [[hide]]"),
])
def test_a_malformed_file_is_one_error_naming_it(tmp_path, name, message):
    shutil.copy(CURATION / "port_opening.txt", tmp_path)
    shutil.copy(INVALID / name, tmp_path / "facts.toml")
    with pytest.raises(CurationError) as caught:
        make_report(Settings(sources=tmp_path, output=tmp_path / "out"))
    assert str(caught.value).startswith(f"{tmp_path / 'facts.toml'}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_the_command_exits_2_with_one_line(tmp_path):
    shutil.copy(CURATION / "port_opening.txt", tmp_path)
    shutil.copy(INVALID / "unknown_key.toml", tmp_path / "facts.toml")
    result = run_cli("facts", "--sources", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'facts.toml'}: [[hide]] entry 1: unknown key 'nmae' for a place; "
        "use kind, name, article, note"]


def test_strict_build_fails_on_a_curation_warning(tmp_path):
    shutil.copy(CURATION / "port_opening.txt", tmp_path)
    (tmp_path / "facts.toml").write_text('[[hide]]\nkind = "person"\nname = "John Doe"\n', "utf-8")
    result = run_cli("build", "--sources", str(tmp_path), "--output", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 1
    assert "1 warning(s) and --strict was given" in result.stderr
    assert not (tmp_path / "out" / "briefing.pdf").exists()


def test_the_readme_example_is_valid(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    example = readme.split("### Curating the fact table", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "facts.toml").write_text(example, "utf-8")
    entries = read_curation(tmp_path / "facts.toml")
    assert [e.action for e in entries] == ["hide", "correct", "correct", "add"]
