"""What a figure counts: a short phrase cut from its sentence, in the source's words, without the number.

The phrase is the figure's clause around where the number stood: a few words before it (the verb
or preposition that governs it: "consisting of", "has raised") and the counted noun phrase with
what follows it, at most `LIMIT` words. A clause too thin to say anything ("17 died", "Over 16
years,") borrows from its neighbour; so does a modifier clause (", consisting of 139 ...",
", including 14 ..."), whose noun sits in the clause before it.
"""
from __future__ import annotations

import re

from .lexicon import SPEECH_VERBS
from .phrases import clause

LIMIT = 12          # words in a phrase
THIN = 4            # fewer words than this say too little on their own


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words after which the left context starts afresh: "announced that it has raised 240 ..." (and
# verbs of saying: "X said the terminal employs 320 people").
_LEFT_CUT = _set("that which who whom whose where when whereas while "
                 "что чтобы который которая которое которые которых которым которой где когда")
# Words that open a relative clause: the counted phrase ends before them.
_RELATIVE = _set("which who whom whose where который которая которое которые которых которым которой где")
_LEAD = _set("and but or so then also while whereas и а но или")
_PREPS = _set("of in on at to for by with from into over under about around than "
              "в во на по с со из о об от до для за при к у около")
_FUNCTION = _PREPS | _set("the a an and or but as per its their his her our this these those "
                          "between since until after before because if while и а но или что как чем")
_MODIFIER = _set("including with among such excluding except")
_COORDINATOR = re.compile(r"(?<!\w)(?:and|or|but|while|whereas|и|а|но|или)(?!\w)", re.I)
_RANGE = re.compile(r"\s*(?:from|between)?\s*(?:to|and|or|[-–—]|до|и|или)\s*", re.I)
_BOUNDARY_CHARS = " ,;:()“”\"«»–—-"
_WORD_EDGE = " ,;:\"“”‘’«»()[]\u00a0"
_EDGE = " ,.;:!?\"'“”‘’«»()[]–—-\u00a0"


def figure_about(text: str, span: tuple[int, int], siblings: list[tuple[int, int]],
                 by_preposition: bool) -> str:
    """The phrase for the figure at `span` (qualifier included) among the sentence's other figures.

    `by_preposition` says the figure is an amount or a share ("by 12%", "a grant of €15 million"),
    so a preposition right before it goes with it.
    """
    start, end = _range(text, span, siblings)
    a0, b0 = clause(text, start, end)
    a, b, shared = _own_part(text, start, end, a0, b0, siblings)
    left = _after_last(_words(text[a:start]), _LEFT_CUT | SPEECH_VERBS)
    right = _before_first(_words(text[end:b]), _RELATIVE)
    if left and left[-1].lower() in _PREPS and (by_preposition or not right or right[0].lower() in _FUNCTION):
        left = left[:-1]  # "cut by 12% with ..." -> "cut with ..."; "the age of 18," -> "the age"
    modifier = _modifier_clause(text, a, left or right)
    phrase = _trim(_budget(left, right, LIMIT))
    if len(phrase) < THIN and shared and not left:
        phrase = _trim(_tail(_words(shared), LIMIT - len(phrase)) + phrase)
    if len(phrase) < THIN and not modifier and b == b0 < len(text):
        phrase = _join(phrase, _next(text, b0, LIMIT - len(phrase)))
    if (len(phrase) < THIN or modifier and len(phrase) <= LIMIT // 2) and a0 > 0:
        phrase = _join(_previous(text, a0, LIMIT - len(phrase)), phrase)
    return " ".join(phrase).strip(_EDGE)


def _own_part(text: str, start: int, end: int, a: int, b: int,
              siblings: list[tuple[int, int]]) -> tuple[int, int, str]:
    """The part of the clause that belongs to this figure when another one is coordinated with it.

    "17 died and 33 were wounded": each figure keeps its own verb. "to create 450 jobs and 85
    positions": the second keeps "to create" as the context they share (returned third).
    """
    shared = ""
    for s, e in sorted(siblings):
        if end <= s < b:
            cut = [m for m in _COORDINATOR.finditer(text, end, s) if len(text[m.end():s].split()) <= 2]
            if cut:
                b = cut[-1].start()
        elif a <= e <= start:
            cut = _COORDINATOR.search(text, e, start)
            if cut and len(text[cut.end():start].split()) <= 2:
                shared = shared or text[a:s]
                a = cut.end()
    return a, b, shared


def _range(text: str, span: tuple[int, int], siblings: list[tuple[int, int]]) -> tuple[int, int]:
    """ "25 to 35 percent", "from 412 to 587": a range is one figure for what it counts."""
    start, end = span
    for s, e in sorted(siblings):
        if s >= end and _RANGE.fullmatch(text[end:s]):
            end = e
        elif e <= start and _RANGE.fullmatch(text[e:start]):
            start = s
    return start, end


def _words(text: str) -> list[str]:
    """The words of a stretch of text, without the brackets and quotes around them."""
    return [w for w in (w.strip(_WORD_EDGE) for w in text.split()) if any(c.isalnum() for c in w)]


def _after_last(words: list[str], cuts: frozenset[str]) -> list[str]:
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in cuts:
            return words[i + 1:]
    return words


def _before_first(words: list[str], cuts: frozenset[str]) -> list[str]:
    for i, w in enumerate(words):
        if w.lower() in cuts:
            return words[:i]
    return words


def _modifier_clause(text: str, a: int, words: list[str]) -> bool:
    """ "The contingent, consisting of 139 ...": a clause that describes the noun before it."""
    if a == 0 or not words or not text[:a].rstrip().endswith(","):
        return False
    first = words[0]
    return first.islower() and (first.lower() in _MODIFIER or first.endswith("ing"))


def _budget(left: list[str], right: list[str], limit: int) -> list[str]:
    """At most `limit` words: the counted phrase after the number first, then the words before it."""
    r = min(len(right), limit - min(len(left), 2))
    n = min(len(left), limit - r)
    kept_right = right[:r]
    if r < len(right):
        kept_right = _whole_names(kept_right, right[r])
    kept_left = left[len(left) - n:] if n else []
    if n < len(left):
        if kept_left and _cap(kept_left[0]) and _cap(left[len(left) - n - 1]):
            while kept_left and _cap(kept_left[0]):
                kept_left = kept_left[1:]  # do not start inside a name
        while kept_left and (kept_left[0].lower() in _FUNCTION or not kept_left[0][0].isalpha()):
            kept_left = kept_left[1:]  # nor on "of" or a number cut from its noun
    return kept_left + kept_right


def _whole_names(kept: list[str], following: str) -> list[str]:
    """Do not end inside a name ("the Scandinavian Infrastructure | Fund")."""
    if kept and _cap(kept[-1]) and _cap(following):
        while kept and _cap(kept[-1]):
            kept = kept[:-1]
    return kept


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _trim(words: list[str]) -> list[str]:
    """No conjunction first, no function word last."""
    while words and words[0].lower() in _LEAD:
        words = words[1:]
    while words and words[-1].lower() in _FUNCTION:
        words = words[:-1]
    return words


def _tail(words: list[str], n: int) -> list[str]:
    """The last `n` words of a clause, starting after its relative or "that" and not inside a name."""
    return _budget(_after_last(words, _LEFT_CUT), [], n) if n > 0 else []


def _previous(text: str, a: int, room: int) -> list[str]:
    """The end of the clause before position `a` (its last `room` words), with the boundary sign."""
    k = a
    while k > 0 and text[k - 1] in _BOUNDARY_CHARS:
        k -= 1
    if ")" in text[k:a] and "(" in text[:k]:
        k = text.rindex("(", 0, k)  # "the Asian Development Bank (ADB) over five years": skip the aside
        while k > 0 and text[k - 1] in _BOUNDARY_CHARS:
            k -= 1
    if k == 0 or room < 2:
        return []
    pa, _ = clause(text, k - 1, k - 1)
    words = _trim(_tail(_words(text[pa:k]), room))
    if not words:
        return []
    sign = ":" if ":" in text[k:a] else ","
    return words[:-1] + [words[-1] + sign]


def _next(text: str, b: int, room: int) -> list[str]:
    """The start of the clause after position `b` (its first `room` words)."""
    k = b
    while k < len(text) and text[k] in _BOUNDARY_CHARS:
        k += 1
    if k >= len(text) or room < 2:
        return []
    _, nb = clause(text, k, k)
    words = _before_first(_words(text[k:nb]), _RELATIVE)
    if words and (words[0].lower() in SPEECH_VERBS or words[0].lower() in ("according", "по")):
        return []  # "..., said X": who said it is not what the figure counts
    return _trim(_whole_names(words[:room], words[room]) if len(words) > room else words)


def _join(first: list[str], second: list[str]) -> list[str]:
    """Two pieces of a sentence, with the sign that separated them (a comma unless a colon)."""
    if not first or not second:
        return first or second
    last = first[-1] if first[-1].endswith((",", ":")) else first[-1] + ","
    return first[:-1] + [last] + second
