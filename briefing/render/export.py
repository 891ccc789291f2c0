"""The fact table as JSON, CSV, Markdown or a plain-text table for the terminal."""
from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

from ..model import Fact

KIND_TITLES = {"figure": "Figures", "person": "People", "organization": "Organisations",
               "place": "Places", "date": "Dates"}


def facts_json(facts: tuple[Fact, ...]) -> str:
    """`{"facts": [...]}` in the shape score_facts.py reads."""
    return json.dumps({"facts": [f.to_json() for f in facts]}, ensure_ascii=False, indent=2) + "\n"


def _cells(fact: Fact) -> tuple[str, str]:
    """The two descriptive cells of a row: what it is and what it says about it."""
    if fact.kind == "figure":
        detail = fact.about or fact.unit
        if fact.disputed:
            detail += " [disputed: " + "; ".join(f"{v.text} ({', '.join(s.article for s in v.sources)})"
                                                 for v in fact.values) + "]"
        return fact.text, detail
    if fact.kind == "person":
        return fact.text, fact.role
    if fact.kind == "organization":
        return fact.text, fact.acronym
    if fact.kind == "date":
        return fact.text + (f" ({fact.iso})" if fact.iso else ""), fact.about
    return fact.text, ""


def _articles(fact: Fact) -> str:
    return ", ".join(dict.fromkeys(s.article for s in fact.sources))


def facts_csv(facts: tuple[Fact, ...]) -> str:
    """One row per fact: kind, fact, detail, value, articles, first quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "fact", "detail", "value", "disputed", "articles", "quote"])
    for f in facts:
        fact, detail = _cells(f)
        value = "" if f.value is None else f"{f.value:g}"
        writer.writerow([f.kind, fact, detail, value, "yes" if f.disputed else "", _articles(f),
                         f.sources[0].quote if f.sources else ""])
    return out.getvalue()


def facts_markdown(facts: tuple[Fact, ...]) -> str:
    """A Markdown section per kind, each a pipe table."""
    lines: list[str] = []
    for kind, title in KIND_TITLES.items():
        rows = [f for f in facts if f.kind == kind]
        if not rows:
            continue
        lines += [f"## {title}", "", "| Fact | Detail | Sources |", "| --- | --- | --- |"]
        for f in rows:
            fact, detail = (c.replace("|", "\\|") for c in _cells(f))
            lines.append(f"| {fact} | {detail} | {_articles(f)} |")
        lines.append("")
    return "\n".join(lines)


def facts_table(facts: tuple[Fact, ...], width: int | None = None) -> str:
    """A plain-text table per kind, wrapped to the terminal width."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 140)
    first, third = 30, 24
    second = max(width - first - third - 4, 20)
    lines: list[str] = []
    for kind, title in KIND_TITLES.items():
        rows = [f for f in facts if f.kind == kind]
        if not rows:
            continue
        lines += [f"{title} ({len(rows)})", "-" * min(width, first + second + third + 4)]
        for f in rows:
            cols = [textwrap.wrap(c, w) or [""] for c, w in
                    zip((*_cells(f), _articles(f)), (first, second, third))]
            for i in range(max(map(len, cols))):
                lines.append("  ".join((c[i] if i < len(c) else "").ljust(w)
                                       for c, w in zip(cols, (first, second, third))).rstrip())
        lines.append("")
    return "\n".join(lines) if lines else "No facts found.\n"
