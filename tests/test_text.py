"""Sentence splitting on the cases news text throws at it."""
from __future__ import annotations

import pytest
from briefing.text import split_sentences


@pytest.mark.parametrize("text,expected", [
    ("One. Two.", ["One.", "Two."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("It cost $2.5 million. Then more.", ["It cost $2.5 million.", "Then more."]),
    ("“We agree,” he said. “Good.”", ["“We agree,” he said.", "“Good.”"]),
    ("“Are we done?” she asked. No.", ["“Are we done?” she asked.", "No."]),
    ("The U.S. Army arrived. Others left.", ["The U.S. Army arrived.", "Others left."]),
    ("Certificate No. 10 was issued. Fine.", ["Certificate No. 10 was issued.", "Fine."]),
    ("J. R. Smith spoke. Then left.", ["J. R. Smith spoke.", "Then left."]),
    ("Он приехал в г. Астана. Потом уехал.", ["Он приехал в г. Астана.", "Потом уехал."]),
    ("No end punctuation", ["No end punctuation"]),
])
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected
