"""Fact extraction on the sample articles, scored against the reference, and its invariants."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from briefing.sources.collect import collect
from briefing.analysis.facts import extract_facts
from briefing.model import FACT_KINDS, Fact

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(DATA))
from score_facts import roles_right, score  # noqa: E402  (the shared scorer, copied here)


def facts_json(facts: tuple[Fact, ...]) -> list[dict]:
    """The facts as `make_report.py facts --format json` will print them."""
    return json.loads(json.dumps([f.to_json() for f in facts], ensure_ascii=False))


@pytest.fixture(scope="module")
def samples():
    articles = collect(ROOT / "sources").articles
    return articles, extract_facts(articles)


@pytest.fixture(scope="module")
def gold():
    return tomllib.loads((DATA / "seed-facts.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_samples_precision_and_recall(samples, gold, kind):
    precision, recall, extracted, required = score(gold, facts_json(samples[1]))[kind]
    assert precision >= 0.9, f"{kind}: precision {precision:.2f} of {extracted}"
    assert recall >= 0.9, f"{kind}: recall {recall:.2f} of {required}"


def test_samples_roles(samples, gold):
    right, total = roles_right(gold, facts_json(samples[1]))
    assert right == total == 4


def test_samples_leak_no_noise(samples, gold):
    blob = json.dumps(facts_json(samples[1]), ensure_ascii=False)
    assert [n for n in gold["noise"] if n in blob] == []


def test_samples_known_rows(samples):
    rows = {(f.kind, f.text): f for f in samples[1]}
    assert rows[("person", "Kassym-Jomart Tokayev")].role == "President"
    org = rows[("organization", "Center for Peacekeeping Operations of the Ministry of Defense")]
    assert org.acronym == "KAZCENT"
    figure = next(f for f in samples[1] if f.kind == "figure" and f.value == 600)
    assert (figure.qualifier, figure.unit, figure.text) == ("more than", "military personnel", "more than 600")
    assert next(f for f in samples[1] if f.kind == "figure" and f.text == "seven").value == 7
    may31 = rows[("date", "May 31")]
    assert may31.iso == "--05-31" and "roundtable" in may31.about
    both = rows[("place", "Golan Heights")]
    assert {s.article_id for s in both.sources} == {"a1", "a2"}


def test_samples_not_facts(samples):
    texts = {f.text for f in samples[1]}
    for wrong in ("Military History", "Reserve Colonel", "Head of State", "Independence", "Lorett",
                  "Ministry", "Department", "Heights", "International", "NGO"):
        assert wrong not in texts
    values = {f.value for f in samples[1] if f.kind == "figure"}
    assert not values & {2000.0, 1.0}  # a year in brackets, "one of the first"


def test_order_is_by_kind_then_appearance(samples):
    kinds = [FACT_KINDS.index(f.kind) for f in samples[1]]
    assert kinds == sorted(kinds)
    people = [f for f in samples[1] if f.kind == "person"]
    assert [p.text for p in people][:2] == ["Kassym-Jomart Tokayev", "Mukhtar Serkpayev"]
    assert extract_facts(samples[0]) == samples[1]


def test_no_articles_no_facts():
    assert extract_facts([]) == ()
