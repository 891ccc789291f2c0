"""Extractive summary: report-wide key points and each article's "In brief" sentences.

Every point is one of the articles' own sentences, verbatim. A sentence's score is a weighted sum
of explainable signals, each scaled to 0..1: centrality in its article (mean TF-IDF cosine to the
article's other sentences), similarity to the article's title, similarity to what all articles
share (the corpus centroid), a lead-position bonus, and informativeness (numbers and names).
Points are then picked by maximal marginal relevance (MMR), so a point that repeats one already
chosen loses out. Every step is linear in the number of sentences: sentences are only compared
with centroids and with the few points already chosen, never with each other across the corpus.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from .model import Article, KeyPoint, SourceRef, Summary
from .text import fold

MIN_POINTS, MAX_POINTS = 5, 8
SHORT_WORDS, LONG_WORDS = 8, 60      # outside this range a sentence reads badly on its own
WEIGHTS = {"central": 0.2, "title": 0.2, "support": 0.2, "lead": 0.2, "info": 0.2}
LEAD_DECAY = 3.0                     # news puts its essentials first: the bonus halves by sentence 4
QUESTION_FACTOR = 0.4                # an interviewer's question frames a point; the answer makes it
LENGTH_FACTOR = 0.5
CONTEXT_FACTOR = 0.6                 # "He said ..." or half a quotation is unclear on its own
MMR_LAMBDA = 0.7                     # relevance against novelty when picking the next point

# Small, general stop-word lists: they keep function words from dominating the vectors.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says one two new
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
его ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо между меня мне
может мы на над надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по
под при про с со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем
что чтобы чье чья эта эти это этого этой этом этот я был заявил сказал
""".split())

# Words that open a sentence leaning on the one before ("This marks ...", "Он отметил ...").
ANAPHORA = frozenset("""
he she it they this that these those his her its their him them such
он она оно они это этот эта эти его ее её их такой такая такие
""".split())

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")

Vector = dict[str, float]


@dataclass(frozen=True)
class _Sentence:
    """A candidate sentence with the signals that do not depend on other sentences."""

    article: int
    position: int
    text: str
    anchor: str
    kind: str
    words: int
    entities: int
    terms: tuple[str, ...]


Ranked = tuple[float, _Sentence, Vector]   # a sentence with its score and TF-IDF vector


def summarize(articles: Sequence[Article], points: int = 6) -> Summary:
    """Pick 5-8 key points across `articles` and 1-3 "In brief" sentences for each, verbatim."""
    per_article = [_candidates(a, i) for i, a in enumerate(articles)]
    idf = _idf(s.terms for sents in per_article for s in sents)
    vectors = [[_vector(s.terms, idf) for s in sents] for sents in per_article]
    centroids = [_add(vs) for vs in vectors]
    units = [_unit(c) for c in centroids]
    corpus = _add(units)
    # What the other articles say too: the corpus sum without this article's own share.
    support = [[_dot(v, corpus) - _dot(v, units[i]) for v in vs] for i, vs in enumerate(vectors)]
    top_support = max((x for xs in support for x in xs), default=0.0) or 1.0
    scored: list[list[Ranked]] = []
    for i, sents in enumerate(per_article):
        title = _vector(_terms(articles[i].title), idf)
        signals = {"central": _centrality(vectors[i], centroids[i]),
                   "title": _scaled([_dot(v, title) for v in vectors[i]]),
                   "support": [max(x, 0.0) / top_support for x in support[i]]}
        scored.append(list(zip(_scores(sents, signals), sents, vectors[i])))
    chosen = _key_points(scored, _point_count(points, sum(map(len, per_article))))
    return Summary(points=tuple(_key_point(articles, s) for s in chosen),
                   in_brief=tuple((articles[i].id, _brief(articles, ranked))
                                  for i, ranked in enumerate(scored) if ranked))


def _point_count(points: int, usable: int) -> int:
    return min(max(points, MIN_POINTS), MAX_POINTS, usable)


def _brief_count(sentences: int) -> int:
    return 3 if sentences >= 12 else min(sentences, 2)


def _candidates(article: Article, index: int) -> list[_Sentence]:
    """The article's sentences worth considering: headings are labels, not statements."""
    out = []
    for block in article.blocks:
        if block.kind == "heading":
            continue
        for s in block.sentences:
            text = block.sentence_text(s)
            terms = _terms(text)
            if terms:
                tokens = _TOKEN.findall(text)
                out.append(_Sentence(index, len(out), text, article.anchor(s), block.kind,
                                     len(tokens), _entities(tokens), terms))
    return out


def _terms(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(text.lower())
                 if len(w) > 1 and w not in STOP_WORDS)


def _entities(tokens: list[str]) -> int:
    """Numbers plus names: runs of capitalised words after the first, and acronyms anywhere."""
    count, in_name = 0, False
    for i, token in enumerate(tokens):
        if any(c.isdigit() for c in token):
            count, in_name = count + 1, False
            continue
        acronym = len(token) > 1 and token.isupper()
        name = token[0].isupper() and (i > 0 or acronym) and token.lower() not in STOP_WORDS
        count += name and not in_name
        in_name = name
    return count


def _idf(documents: Iterable[tuple[str, ...]]) -> dict[str, float]:
    """Smoothed inverse document frequency, each sentence one document."""
    df: Counter[str] = Counter()
    n = 0
    for terms in documents:
        df.update(set(terms))
        n += 1
    return {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}


def _vector(terms: Iterable[str], idf: dict[str, float]) -> Vector:
    """A unit-length TF-IDF vector; words unseen in the corpus (title words) weigh as the rarest."""
    rarest = max(idf.values(), default=1.0)
    return _unit({t: tf * idf.get(t, rarest) for t, tf in Counter(terms).items()})


def _unit(v: Vector) -> Vector:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {t: x / norm for t, x in v.items()} if norm else {}


def _add(vectors: Iterable[Vector]) -> Vector:
    total: Vector = {}
    for v in vectors:
        for t, x in v.items():
            total[t] = total.get(t, 0.0) + x
    return total


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _centrality(vectors: list[Vector], centroid: Vector) -> list[float]:
    """Mean cosine with the article's other sentences, scaled so its most central one scores 1."""
    # A unit vector's cosines with all others sum to its dot with their sum, minus itself:
    # degree centrality (LexRank without the graph) in linear time.
    return _scaled([_dot(v, centroid) - 1.0 for v in vectors])


def _scores(sents: list[_Sentence], signals: dict[str, list[float]]) -> list[float]:
    """Weighted signals per sentence, with factors for what reads badly out of context."""
    scores = []
    for i, s in enumerate(sents):
        lead = 1.0 / (1.0 + s.position / LEAD_DECAY)
        info = s.entities / (s.entities + 2.0)
        score = (WEIGHTS["lead"] * lead + WEIGHTS["info"] * info
                 + sum(WEIGHTS[name] * values[i] for name, values in signals.items()))
        if s.kind == "question":
            score *= QUESTION_FACTOR
        if not SHORT_WORDS <= s.words <= LONG_WORDS:
            score *= LENGTH_FACTOR
        if _needs_context(s.text):
            score *= CONTEXT_FACTOR
        scores.append(score)
    return scores


def _needs_context(text: str) -> bool:
    """A sentence opening on a back-reference, or holding half a quotation, leans on its neighbours."""
    first = _WORD.match(text.lstrip(" \"'“‘«([–—-"))
    opens = sum(text.count(q) for q in "“«")
    closes = sum(text.count(q) for q in "”»")
    straight = text.count('"') % 2
    return bool(first and first.group(0).lower() in ANAPHORA) or opens != closes or straight == 1


def _scaled(values: list[float]) -> list[float]:
    """Values divided by their maximum, so each article's best sentence scores 1."""
    top = max(values, default=0.0)
    return [max(v, 0.0) / top for v in values] if top > 0 else [0.0] * len(values)


def _mmr(pool: list[Ranked], k: int, chosen: Sequence[Ranked] = ()) -> list[Ranked]:
    """Greedy maximal marginal relevance; ties go to the earlier sentence."""
    picked = list(chosen)
    seen = {fold(c[1].text) for c in picked}
    # The closest chosen point per candidate, updated with each pick: k passes over the pool.
    nearest = [max((_dot(c[2], p[2]) for p in picked), default=0.0) for c in pool]
    free = [fold(c[1].text) not in seen for c in pool]
    while len(picked) < len(chosen) + k and any(free):
        best = max((i for i in range(len(pool)) if free[i]),
                   key=lambda i: (MMR_LAMBDA * pool[i][0] - (1 - MMR_LAMBDA) * nearest[i],
                                  -pool[i][1].article, -pool[i][1].position))
        picked.append(pool[best])
        text = fold(pool[best][1].text)
        for i, c in enumerate(pool):
            free[i] = free[i] and fold(c[1].text) != text
            nearest[i] = max(nearest[i], _dot(c[2], pool[best][2]))
    return picked


def _key_points(scored: list[list[Ranked]], n: int) -> list[_Sentence]:
    """Each article's best point first when there is room for all, then the best of the rest."""
    tops = [sorted(r, key=lambda c: (-c[0], c[1].position))[:MAX_POINTS] for r in scored if r]
    pool = [c for top in tops for c in top]
    seeds = _mmr([top[0] for top in tops], len(tops)) if len(tops) <= n else []
    rest = [c for c in pool if all(c is not s for s in seeds)]
    picked = _mmr(rest, n - len(seeds), seeds)
    return sorted((c[1] for c in picked), key=lambda s: (s.article, s.position))


def _brief(articles: Sequence[Article], ranked: list[Ranked]) -> tuple[KeyPoint, ...]:
    picked = _mmr(ranked, _brief_count(len(ranked)))
    return tuple(_key_point(articles, c[1]) for c in sorted(picked, key=lambda c: c[1].position))


def _key_point(articles: Sequence[Article], s: _Sentence) -> KeyPoint:
    a = articles[s.article]
    return KeyPoint(text=s.text, source=SourceRef(article=a.filename, title=a.title, quote=s.text,
                                                  anchor=s.anchor, article_id=a.id))
