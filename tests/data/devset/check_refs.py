#!/usr/bin/env python3
"""Consistency check of a reference-facts file against its article texts.

Usage: check_refs.py GOLD.toml [ARTICLE_DIR]

Checks that the TOML parses, that every `article` key is in [articles], and,
for articles found in ARTICLE_DIR (Markdown with front matter, or plain text):
every figure's `quote`, every date's `date` and every key point's `terms` occur
in the article text (case-insensitive), every person has a name that occurs in
it, and every required organisation/place has a name that occurs in it. Also
reports a name listed under two organisation (or two place) entries.
It reads the references and the articles only; it runs no extractor.
"""
import collections
import sys
import tomllib


def low(s: str) -> str:
    return s.replace("’", "'").lower()


def main() -> int:
    gold = tomllib.load(open(sys.argv[1], "rb"))
    texts = {}
    if len(sys.argv) > 2:
        for key, a in gold["articles"].items():
            try:
                t = open(f"{sys.argv[2]}/{a['file']}", encoding="utf-8").read()
            except FileNotFoundError:
                continue
            if t.startswith("---"):
                t = t.split("---", 2)[2]
            texts[key] = low(t)
    probs = []
    for kind in ("figure", "person", "organization", "place", "date", "key_point"):
        for e in gold.get(kind, []):
            a = e.get("article")
            if a is None and kind not in ("organization", "place"):
                probs.append(f"{kind} without article: {e}")
            if a is not None and a not in gold["articles"]:
                probs.append(f"{kind}: unknown article {a}")
            t = texts.get(a)
            if not t:
                continue
            if kind == "figure" and low(e["quote"]) not in t:
                probs.append(f"{a}: quote not in text: {e['quote']}")
            elif kind == "date" and low(e["date"]) not in t:
                probs.append(f"{a}: date not in text: {e['date']}")
            elif kind == "key_point":
                probs += [f"{a}: term not in text: {w}" for w in e["terms"] if low(w) not in t]
            elif kind == "person" and not any(low(n) in t for n in e["names"]):
                probs.append(f"{a}: person not in text: {e['names']}")
            elif kind in ("organization", "place") and not e.get("optional") \
                    and not any(low(n) in t for n in e["names"]):
                probs.append(f"{a}: {kind} not in text: {e['names']}")
    for kind in ("organization", "place"):
        seen = collections.defaultdict(list)
        for e in gold.get(kind, []):
            for n in e["names"]:
                seen[low(n).removeprefix("the ")].append(e["names"][0])
        probs += [f"{kind} name {n!r} in several entries: {v}" for n, v in seen.items() if len(v) > 1]
    for p in probs:
        print(p)
    counts = {k: len(v) for k, v in gold.items() if isinstance(v, list)}
    print(f"{len(probs)} problems; {counts}; {len(texts)} article texts checked")
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main())
