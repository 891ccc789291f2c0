"""Crude stemming of Russian and Kazakh case endings, so inflected names match their entries."""
from __future__ import annotations

import re

# Russian noun and adjective endings, longest first ("Казахстана" -> "казахстан").
_RU_ENDINGS = tuple("""
ами ями ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ых их ом ем ах ях ию ия ии
ью ам ям ов ев ым им а я у ю е и ы о ь й
""".split())
# Kazakh case and possessive suffixes ("Қазақстанның", "Астанада", "Алматыдағы").
_KK_SUFFIXES = re.compile(
    r"(?:дағы|дегі|тағы|тегі|ндағы|ндегі|ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|ды|ді|ты|ті|"
    r"ны|ні|нда|нде|да|де|та|те|дан|ден|тан|тен|нан|нен|мен|бен|пен|ы|і|сы|сі)$")
_CYR = re.compile(r"[а-яёәғқңөұүһі]", re.I)


def stem(word: str) -> str:
    """A lower-case stem: Cyrillic words lose one case ending; other words are unchanged."""
    w = word.lower().replace("ё", "е")
    if not _CYR.search(w) or len(w) <= 3:
        return w
    for ending in _RU_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            return w[:-len(ending)]
    return w


def kazakh_bases(word: str) -> list[str]:
    """Candidate base forms of a Kazakh word with its case suffix removed."""
    w = word.lower()
    out = []
    for _ in range(2):
        m = _KK_SUFFIXES.search(w)
        if not m or len(w) - len(m.group(0)) < 3:
            break
        w = w[:m.start()]
        out.append(w)
    return out


def stem_phrase(text: str) -> str:
    """Stems of every word of a phrase, joined by spaces."""
    return " ".join(stem(w) for w in re.findall(r"\w+(?:[-']\w+)*", text.replace("’", "'")))
