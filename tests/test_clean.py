"""Page furniture, interviews, script repair and publication recognition (generic rules)."""
from __future__ import annotations

from pathlib import Path

import pytest
from briefing.sources.clean import clean
from briefing.model import Article, Block, Run

BODY = "The minister opened the session and outlined the plan for the coming year in detail."


def _article(*paragraphs: str, title: str = "A title") -> Article:
    return Article(path=Path("x.txt"), title=title, blocks=tuple(Block("paragraph", (Run(p),)) for p in paragraphs))


@pytest.mark.parametrize("line,rule", [
    ("Photo by: Reuters", "photo credit"),
    ("Photo credit: press service", "photo credit"),
    ("Фото: пресс-служба", "photo credit"),
    ("The minister at the meeting. Photo credit: Ministry press service", "photo caption"),
    ("Get The Daily Example stories sent directly to you! Sign up via the website", "subscription call"),
    ("Subscribe to our newsletter", "subscription call"),
    ("Example News Agency is registered with the Ministry of Information. Registration certificate No. 1-AB.",
     "legal footer"),
    ("All rights reserved.", "legal footer"),
    ("© 2006-2024 Example Media", "copyright"),
    ("Share", "site control"),
    ("Skip to main content", "skip link"),
    ("Share on Facebook", "share button"),
    ("Copy link", "share button"),
    ("12 comments", "comment control"),
    ("Log in to comment", "comment control"),
])
def test_furniture_rules(line, rule):
    cleaned = clean(_article(BODY, line, BODY + " Again."))
    assert [b.text for b in cleaned.blocks] == [BODY, BODY + " Again."]
    assert cleaned.removed[0].rule == rule


def test_view_counter_only_near_the_top():
    cleaned = clean(_article("1234", BODY, "In 2019 the plan changed and the work went on as before.", "42"))
    assert [r.rule for r in cleaned.removed] == ["view counter", "site control"]


def test_trailing_site_controls_are_removed():
    cleaned = clean(_article(BODY, "Theme", "Autoreload"))
    assert [b.text for b in cleaned.blocks] == [BODY]


def test_credits_are_kept_as_credit_lines():
    cleaned = clean(_article("Photo by: Aqorda", BODY))
    assert cleaned.credits == ("Photo by: Aqorda",)


def test_publication_from_closing_lines():
    assert clean(_article(BODY, "Example Wire Service is registered with the Ministry of Press.")).publication \
        == "Example Wire Service"
    assert clean(_article(BODY, "Get The Example Post stories sent directly to you!")).publication \
        == "The Example Post"


def test_interview_questions_and_answers():
    cleaned = clean(_article(
        "Intro paragraph about the interview and the expert who gives it today.",
        "– What do you think of the plan?",
        "– It is a good plan. We support it.",
        "It will take years to complete.",
        "– And the budget?",
        "– The budget is enough."))
    assert [b.kind for b in cleaned.blocks] == ["paragraph", "question", "answer", "answer", "question", "answer"]
    assert cleaned.blocks[1].text == "What do you think of the plan?"


def test_dashes_without_questions_are_not_an_interview():
    cleaned = clean(_article("- first item of a list", "- second item of a list"))
    assert {b.kind for b in cleaned.blocks} == {"paragraph"}


def test_mixed_script_words_are_repaired():
    cleaned = clean(_article("The Сenter for Peace hosted the meeting.", "Москвa is a city."))
    assert cleaned.blocks[0].text == "The Center for Peace hosted the meeting."
    assert cleaned.blocks[1].text == "Москва is a city."
    assert [r.rule for r in cleaned.removed] == ["mixed script", "mixed script"]


def test_sentences_get_ids_and_spans():
    cleaned = clean(_article("Mr. Smith arrived. He spoke for 2.5 hours! Then he left."))
    block = cleaned.blocks[0]
    assert [block.sentence_text(s) for s in block.sentences] == [
        "Mr. Smith arrived.", "He spoke for 2.5 hours!", "Then he left."]
    assert [s.id for s in block.sentences] == ["s1", "s2", "s3"]


def test_press_release_about_section_and_media_contact_are_removed():
    blocks = [Block("paragraph", (Run(BODY),)), Block("paragraph", (Run(BODY + " More."),)),
              Block("heading", (Run("About Example Corp"),), level=2),
              Block("paragraph", (Run("Founded in 1994, Example Corp employs 3,870 people."),)),
              Block("paragraph", (Run("Media contact: press office, phone +1 555 0100"),))]
    cleaned = clean(Article(path=Path("x.md"), title="T", blocks=tuple(blocks)))
    assert [b.text for b in cleaned.blocks] == [BODY, BODY + " More."]
    assert {r.rule for r in cleaned.removed} == {"boilerplate section", "media contact"}


@pytest.mark.parametrize("line,rule", [
    ("Просмотров: 1 487", "view counter"),
    ("Свидетельство о постановке на учёт № 17352-ИА выдано 3 февраля 2011 года.", "legal footer"),
    ("Media contact: Jane Roe, press@example.org", "media contact"),
])
def test_more_furniture(line, rule):
    cleaned = clean(_article(line, BODY))
    assert [b.text for b in cleaned.blocks] == [BODY] and cleaned.removed[0].rule == rule
