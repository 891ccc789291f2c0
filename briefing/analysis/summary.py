"""Extractive summary: report-wide key points and each article's "In brief" sentences.

Every point is one of the articles' own sentences, verbatim. A sentence scores a weighted sum of
signals scaled to 0..1 (figures and names, how much its paragraph shares with the other articles,
TF-IDF centrality, position, likeness to the title), times factors for what reads badly on its own.
Points are picked by maximal marginal relevance (MMR). The cost is linear: sentences are compared
with centroids and the few points chosen, never with each other across the corpus.
"""
from __future__ import annotations

import math
import operator
import re
from collections import Counter
from dataclasses import replace
from itertools import groupby, repeat
from typing import Iterable, NamedTuple, Sequence

from ..config import MAX_POINTS, MIN_POINTS
from ..model import Article, Fact, FigureValue, KeyPoint, SourceRef, Summary

# A briefing is read for facts, so figures, names and what several articles share weigh most;
# centrality, position and the title separate the sentences that carry no facts.
WEIGHTS = {"figures": 0.25, "names": 0.10, "shared": 0.25, "central": 0.15, "lead": 0.10,
           "opener": 0.10, "title": 0.05}
LEAD_DECAY = 3.0                     # the lead bonus halves by the fourth sentence
SHORT_WORDS, LONG_WORDS = 8, 60      # beyond these a sentence gets only LENGTH_FLOOR
EASY_WORDS = (12, 30)                # plain-language guides: about 15-25 words reads best
LENGTH_FLOOR = 0.5
QUESTION_FACTOR = 0.4                # an interviewer's question frames a point; the answer makes it
CONTEXT_FACTOR = 0.6                 # "He added ..." or half a quotation is unclear on its own
MMR_LAMBDA = 0.7                     # relevance against novelty when picking the next point
SAME_ARTICLE = 0.5                   # a second point from one article counts as this redundant
OPENING = 2                          # the sentences an article opens with: never its "In brief"
DETAILS = 2                          # sentences of the same article that complete a key point
POINT_WORDS = 90                     # a point with its details stays a short paragraph
DETAIL_FLOOR = 0.5                   # a detail scores at least this share of its point's sentence
DETAIL_OVERLAP = 0.35                # a detail repeating more of the point than this adds nothing

# Small, general stop-word lists (English, Russian) keep function words out of the vectors.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves said says
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его
ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо между меня мне может мы
на над надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под при про с
со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье
чья эта эти это этого этой этом этот я заявил сказал
""".split())
# First words that make a sentence lean on the one before ("This marks ...", "Он отметил ...").
ANAPHORA = frozenset("""he she it they this that these those his her its their him them such
moreover however furthermore additionally besides meanwhile therefore thus nevertheless also
он она оно они это этот эта эти его ее её их такой такая такие кроме однако также поэтому""".split())
# "…,” he added: a quotation whose speaker is only a pronoun leans on the sentence that named him.
_PRONOUN_SPEAKER = re.compile(r"[,”\"»]\s*(?:he|she|they)\s+(?:said|says|added|adds|noted|stressed|explained|told)\b"
                              r"|[—–-]\s*(?:сказал|заявил|добавил|отметил)[аи]?\s+(?:он|она|они)\b", re.I)

_WORD = re.compile(r"\w+")
_TERM = re.compile(r"\w\w+")          # one-letter words ("s" of "it's") say nothing
_LEADING = "\"'“‘«([–—-$€£"              # what may precede a word's first letter or digit
_QUOTE = re.compile(r'[“”«»"]')

Vector = dict[str, float]


class _Sentence(NamedTuple):
    """A candidate sentence and what can be told from its own text."""

    article: int
    position: int            # among the article's candidates
    block: int
    text: str
    anchor: str
    kind: str
    words: int
    figures: int
    names: int
    opens_block: bool
    leans: bool              # opens on a back-reference, or a quotation runs across its ends
    terms: tuple[str, ...]


Ranked = tuple[float, _Sentence, Vector]   # a sentence with its score and unit TF-IDF vector


def summarize(articles: Sequence[Article], points: int = 6) -> Summary:
    """Pick 5-8 key points across `articles` and 1-3 "In brief" sentences for each, verbatim."""
    per_article = [_candidates(a, i) for i, a in enumerate(articles)]
    idf = _idf(per_article)
    vectors = [[_vector(s.terms, idf) for s in sents] for sents in per_article]
    paragraphs = [_paragraphs(sents, vs) for sents, vs in zip(per_article, vectors)]
    centroids = [_add(ps.values()) for ps in paragraphs]
    units = [_unit(c) for c in centroids]
    corpus = _add(units)
    shared = [_shared(sents, ps, corpus, own) for sents, ps, own in zip(per_article, paragraphs, units)]
    top = max((x for xs in shared for x in xs), default=0.0) or 1.0    # comparable across articles
    shared = [[x / top for x in xs] for xs in shared]
    rarest = max(idf.values(), default=1.0)
    scored = [_scored(articles[i], sents, vectors[i], centroids[i], shared[i], idf, rarest)
              for i, sents in enumerate(per_article)]
    count = min(max(points, MIN_POINTS), MAX_POINTS, sum(map(len, per_article)))
    leads = _key_points(scored, count)
    details = _details(scored, leads)
    return Summary(points=tuple(replace(_key_point(articles, s), details=tuple(_key_point(articles, d) for d in ds))
                                for s, ds in zip(leads, details)),
                   in_brief=tuple((articles[i].id, _brief(articles, ranked))
                                  for i, ranked in enumerate(scored) if ranked))


def _candidates(article: Article, index: int) -> list[_Sentence]:
    """The article's sentences worth considering: headings are labels, not statements."""
    out: list[_Sentence] = []
    for b, block in enumerate(article.blocks):
        if block.kind == "heading":
            continue
        whole = block.text
        quotes, quoting = _QUOTE.search(whole) is not None, False
        for n, s in enumerate(block.sentences):
            text, before = whole[s.start:s.end], quoting
            for mark in _QUOTE.findall(text) if quotes else ():
                quoting = mark in "“«" or (mark == '"' and not quoting)
            terms = _terms(text)
            if terms:
                first = _WORD.search(text).group(0).lower()
                leans = before or quoting or first in ANAPHORA or _PRONOUN_SPEAKER.search(text) is not None
                out.append(_Sentence(index, len(out), b, text, article.anchor(s), block.kind,
                                     *_facts(text), n == 0, leans, terms))
    return out


def _terms(text: str) -> tuple[str, ...]:
    return tuple([w for w in _TERM.findall(text.lower()) if w not in STOP_WORDS])


def _facts(text: str) -> tuple[int, int, int]:
    """Words, figures, and names: runs of capitalised words after the first, acronyms anywhere."""
    words = figures = names = 0
    in_name = False
    for token in text.split():
        token = token.lstrip(_LEADING)
        if token:
            words += 1
            figures += token[0].isdigit()
            name = token[0].isupper() and (words > 1 or len(token) > 1 and token.isupper())
            names += name and not in_name and token.lower() not in STOP_WORDS
            in_name = name and token[-1].isalnum()      # a comma or a stop ends the name
    return words, figures, names


def _idf(per_article: list[list[_Sentence]]) -> dict[str, float]:
    """Smoothed inverse document frequency, each sentence one document."""
    df = Counter(t for sents in per_article for s in sents for t in set(s.terms))
    n = sum(map(len, per_article))
    return {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}


def _vector(terms: Iterable[str], idf: dict[str, float], unseen: float = 0.0) -> Vector:
    return _unit({t: tf * idf.get(t, unseen) for t, tf in Counter(terms).items()})


def _unit(v: Vector) -> Vector:
    norm = math.hypot(*v.values())
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
    return sum(map(operator.mul, a.values(), map(b.get, a, repeat(0.0))))


def _paragraphs(sents: list[_Sentence], vectors: list[Vector]) -> dict[int, Vector]:
    """The sum of each paragraph's sentence vectors, by block index."""
    pairs = groupby(zip(sents, vectors), key=lambda pair: pair[0].block)
    return {block: _add(v for _, v in group) for block, group in pairs}


def _shared(sents: list[_Sentence], paragraphs: dict[int, Vector], corpus: Vector,
            own: Vector) -> list[float]:
    """Cosine of each sentence's paragraph with the other articles (the corpus minus its own)."""
    # A sentence is read in its paragraph: "The unit of 120 engineers ..." continues the topic of
    # the sentence before it even when it repeats none of its words.
    values = {}
    for block, p in paragraphs.items():
        values[block] = max(_dot(p, corpus) - _dot(p, own), 0.0) / (math.hypot(*p.values()) or 1.0)
    return [values[s.block] for s in sents]


def _scored(article: Article, sents: list[_Sentence], vectors: list[Vector], centroid: Vector,
            shared: list[float], idf: dict[str, float], rarest: float) -> list[Ranked]:
    """Each sentence of one article with its score."""
    # Degree centrality in linear time: a unit vector's cosines with all the article's sentences
    # sum to its dot with their sum (minus 1 for itself).
    central = _scaled([_dot(v, centroid) - 1.0 for v in vectors])
    # Title words absent from the body weigh as the rarest words; they match nothing anyway.
    title = _vector(_terms(article.title), idf, rarest)
    titled = _scaled([_dot(v, title) for v in vectors])
    return [(_score(s, central[j], shared[j], titled[j]), s, vectors[j]) for j, s in enumerate(sents)]


def _scaled(values: list[float]) -> list[float]:
    """Values divided by their maximum, so each article's best sentence scores 1."""
    top = max(values, default=0.0)
    return [max(v, 0.0) / top for v in values] if top > 0 else [0.0] * len(values)


def _score(s: _Sentence, central: float, shared: float, title: float) -> float:
    """The weighted signals of one sentence, times factors for what reads badly out of context."""
    signals = {"figures": s.figures / (s.figures + 1.0), "names": s.names / (s.names + 2.0),
               "shared": shared, "central": central, "lead": 1.0 / (1.0 + s.position / LEAD_DECAY),
               "opener": float(s.opens_block), "title": title}
    score = sum(w * signals[name] for name, w in WEIGHTS.items()) * _length_factor(s.words)
    if s.kind == "question":
        score *= QUESTION_FACTOR
    if s.leans:
        score *= CONTEXT_FACTOR
    return score


def _length_factor(words: int) -> float:
    """1 inside the easy band, fading linearly to LENGTH_FLOOR at the short and long limits."""
    if words < SHORT_WORDS or words > LONG_WORDS:
        return LENGTH_FLOOR
    low, high = EASY_WORDS
    fade = max((low - words) / (low - SHORT_WORDS), (words - high) / (LONG_WORDS - high), 0.0)
    return 1.0 - (1.0 - LENGTH_FLOOR) * fade


def _mmr(pool: list[Ranked], k: int, chosen: Sequence[Ranked] = (), cap: int = 0) -> list[Ranked]:
    """Greedy maximal marginal relevance; ties go to the earlier sentence. With `cap`, no article
    gives more than that many of the picks while another article still has a candidate."""
    picked = list(chosen)
    per_article = Counter(c[1].article for c in picked)
    keys = [c[1].text for c in pool]
    taken = {c[1].text for c in picked}     # the same sentence syndicated in two articles

    def redundancy(c: Ranked, p: Ranked) -> float:
        return max(_dot(c[2], p[2]), SAME_ARTICLE if c[1].article == p[1].article else 0.0)

    nearest = [max((redundancy(c, p) for p in picked), default=0.0) for c in pool]
    while len(picked) < len(chosen) + k:
        free = [i for i in range(len(pool)) if keys[i] not in taken]
        if cap:
            free = [i for i in free if per_article[pool[i][1].article] < cap] or free
        if not free:
            break
        best = max(free, key=lambda i: (MMR_LAMBDA * pool[i][0] - (1 - MMR_LAMBDA) * nearest[i],
                                        -pool[i][1].article, -pool[i][1].position))
        picked.append(pool[best])
        per_article[pool[best][1].article] += 1
        taken.add(keys[best])
        # Only the newest pick can raise a candidate's redundancy: k passes over the pool.
        nearest = [max(n, redundancy(c, pool[best])) for n, c in zip(nearest, pool)]
    return picked


def _best(ranked: list[Ranked]) -> list[Ranked]:
    """An article's MAX_POINTS best sentences: the only ones either selection could want."""
    return sorted(ranked, key=lambda c: (-c[0], c[1].position))[:MAX_POINTS]


def _key_points(scored: list[list[Ranked]], n: int) -> list[_Sentence]:
    """Each article's best sentence when there is room for all, then the best of the rest."""
    tops = [_best(ranked) for ranked in scored if ranked]
    seeds: list[Ranked] = []
    for top in tops if len(tops) <= n else ():
        # An article copied into the folder twice still gets a point, not the same one twice.
        seeds += [c for c in top if c[1].text not in {s[1].text for s in seeds}][:1]
    rest = [c for top in tops for c in top if all(c is not s for s in seeds)]
    # Each pick demotes little beyond its own article, so MMR never reaches deeper than this.
    rest = sorted(rest, key=lambda c: (-c[0], c[1].article, c[1].position))[:(n + 1) * MAX_POINTS]
    # Fewer articles than points: each article gives its share, the longest no more than that.
    picked = _mmr(rest, n - len(seeds), seeds, cap=-(-n // len(tops)) if tops else 0)
    return sorted((c[1] for c in picked), key=lambda s: (s.article, s.position))


def _details(scored: list[list[Ranked]], leads: list[_Sentence]) -> list[list[_Sentence]]:
    """For each key point, up to DETAILS more sentences of its article that say what the point does
    not: the article's best sentences that share little with the point and with each other, no
    question, never another point. In an interview they are the interviewee's answers, so that the
    point gives what was said and not only who was asked. In the article's order."""
    used = {s.text for s in leads}
    out: list[list[_Sentence]] = []
    for lead in leads:
        ranked = scored[lead.article]
        own = next(c for c in ranked if c[1] is lead)
        answers = [c for c in ranked if c[1].kind == "answer"]
        # A detail stands after the point, not after its own sentence: none that leans on another.
        pool = [c for c in (answers or ranked)
                if c[1].kind != "question" and not c[1].leans and c[1].text not in used]
        chosen: list[Ranked] = [own]
        words = lead.words
        # Never most of the article: a point briefs it, the article is a page away.
        budget = POINT_WORDS
        for c in sorted(pool, key=lambda c: (-c[0], c[1].position)):
            if len(chosen) > DETAILS:
                break
            if c[0] < DETAIL_FLOOR * own[0] or words + c[1].words > budget or any(_dot(c[2], p[2]) > DETAIL_OVERLAP for p in chosen):
                continue
            chosen.append(c)
            used.add(c[1].text)
            words += c[1].words
        out.append(sorted((c[1] for c in chosen[1:]), key=lambda s: s.position))
    return out


def _brief(articles: Sequence[Article], ranked: list[Ranked]) -> tuple[KeyPoint, ...]:
    """An article's best 3 sentences (2 when it has fewer than 12), in document order, never one
    of its OPENING sentences: "In brief" stands right above them, and would only repeat them."""
    opening = {c[1].text for c in ranked if c[1].position < OPENING}
    picked = _mmr(_best([c for c in ranked if c[1].text not in opening]), 3 if len(ranked) >= 12 else 2)
    return tuple(_key_point(articles, c[1]) for c in sorted(picked, key=lambda c: c[1].position))


def _key_point(articles: Sequence[Article], s: _Sentence) -> KeyPoint:
    a = articles[s.article]
    return KeyPoint(text=s.text, source=SourceRef(article=a.filename, title=a.title, quote=s.text,
                                                  anchor=s.anchor, article_id=a.id))


def mark_disputes(summary: Summary, facts: Sequence[Fact]) -> Summary:
    """The summary with every sentence of a point that states a disputed figure saying so: the values
    the other articles give, with their sources. A point states a value when it is the value's source
    sentence, or a sentence of the same article that contains the value as written."""
    disputed = [f for f in facts if f.kind == "figure" and f.disputed]
    if not disputed:
        return summary

    def mark(point: KeyPoint) -> KeyPoint:
        others: list[FigureValue] = []
        for fact in disputed:
            stated = [v for v in fact.values if any(
                s.anchor == point.source.anchor or (s.article == point.source.article and _states(point.text, v.text))
                for s in v.sources)]
            if stated:
                own = {v.value for v in stated}
                others += [v for v in fact.values if v.value not in own and v not in others]
        details = tuple(map(mark, point.details))
        return replace(point, disputed_by=tuple(others), details=details) if others or details != point.details \
            else point

    return replace(summary, points=tuple(map(mark, summary.points)),
                   in_brief=tuple((aid, tuple(map(mark, pts))) for aid, pts in summary.in_brief))


def _states(sentence: str, figure: str) -> bool:
    """Whether the figure, as written ("at least 12"), is in the sentence as whole words."""
    return re.search(rf"(?<!\w){re.escape(figure.casefold())}(?!\w)", sentence.casefold()) is not None
