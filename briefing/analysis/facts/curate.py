"""Curated overrides of the fact table from `facts.toml`: add a fact, hide one, correct one.

The file sits in the sources folder (the collector skips it) and is read after extraction, so
what the analyst wrote wins over what was found. It is validated first: bad TOML, an unknown key
or a value of the wrong type is a `CurationError` naming the key. An entry that cannot be
applied (it matches no fact, its quote is not in its article) is a warning naming the entry.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ...errors import BriefingError
from ...model import FACT_KINDS, Article, Fact, SourceRef
from .tokens import fold

CURATION_FILE = "facts.toml"
ACTIONS = ("hide", "correct", "add")  # applied in this order

# The fields of each kind, named as in `facts --format json`, and the Fact attribute each sets.
FIELDS: dict[str, dict[str, str]] = {
    "figure": {"value": "value", "text": "text", "qualifier": "qualifier", "unit": "unit", "about": "about"},
    "person": {"name": "text", "role": "role"},
    "organization": {"name": "text", "acronym": "acronym"},
    "place": {"name": "text"},
    "date": {"date": "text", "iso": "iso", "event": "about"},
}
# The field that says which fact an entry is about.
KEY_FIELD = {"figure": "value", "person": "name", "organization": "name", "place": "name", "date": "date"}
_NUMBER_FIELDS = frozenset({"value", "set_value"})
_QUOTES = str.maketrans("’‘“”«»", "''\"\"\"\"")


class CurationError(BriefingError):
    """`facts.toml` cannot be used: it is not TOML, or an entry has an unknown key or a wrong type."""

    exit_code = 2


@dataclass(frozen=True)
class Entry:
    """One validated `[[add]]`, `[[hide]]` or `[[correct]]` entry."""

    action: str
    kind: str
    key: str | float                # the name or date as written, or the figure's value
    article: str = ""               # the source file's name ("" for any)
    quote: str = ""                 # add: the words to find in the article
    fields: tuple[tuple[str, object], ...] = ()  # add: the fact's fields; correct: the set_ ones

    def describe(self) -> str:
        """How a message names the entry: "hide person 'John Doe' in x.txt"."""
        key = _number_text(self.key) if isinstance(self.key, float) else repr(self.key)
        return f"{self.action} {self.kind} {key}" + (f" in {self.article}" if self.article else "")


def apply_curation(facts: tuple[Fact, ...], articles: Sequence[Article],
                   path: Path) -> tuple[tuple[Fact, ...], tuple[str, ...]]:
    """The fact table with the curation file's entries applied, and a warning per unused entry."""
    if not path.is_file():
        return facts, ()
    rows, warnings = list(facts), []
    by_name = {a.filename: a for a in articles}
    for entry in read_curation(path):
        if entry.action == "add":
            problem = _add(rows, entry, by_name.get(entry.article))
        else:
            problem = _hide_or_correct(rows, entry)
        if problem:
            hint = "" if entry.article in by_name or not entry.article else \
                f" (there is no article '{entry.article}' in the sources folder)"
            warnings.append(f"{path}: {entry.describe()} {problem}{hint}")
    return tuple(rows), tuple(warnings)


def read_curation(path: Path) -> list[Entry]:
    """The entries of a curation file, in the order they are applied; CurationError if malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"cannot be read ({exc}); save it as UTF-8 text", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"is not valid TOML ({exc}); fix it or remove the file", path) from None
    for table in data:
        if table not in ACTIONS:
            raise CurationError(f"unknown table '{table}'; use [[add]], [[hide]] or [[correct]]", path)
    entries = []
    for action in ACTIONS:
        items = data.get(action, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise CurationError(f"'{action}' must be a list of tables, written [[{action}]]", path)
        entries += [_entry(action, n, item, path) for n, item in enumerate(items, 1)]
    return entries


def _entry(action: str, n: int, item: dict, path: Path) -> Entry:
    where = f"[[{action}]] entry {n}"
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in FIELDS:
        got = f"not {kind!r}" if "kind" in item else "and it is missing"
        raise CurationError(f"{where}: 'kind' must be one of {', '.join(FACT_KINDS)}, {got}", path)
    allowed, required = _keys(action, kind)
    for name, value in item.items():
        if name not in allowed:
            raise CurationError(f"{where}: unknown key '{name}' for a {kind}; use {', '.join(allowed)}", path)
        number = name in _NUMBER_FIELDS
        if _toml_type(value) != ("a number" if number else "a string"):
            raise CurationError(f"{where}: '{name}' must be {'a number' if number else 'a string'}, "
                                f"not {_toml_type(value)}", path)
    for name in required:
        if name not in item or (isinstance(item[name], str) and not item[name].strip()):
            raise CurationError(f"{where}: '{name}' is missing; [[{action}]] for a {kind} needs "
                                f"{', '.join(required)}", path)
    setters = [k for k in allowed if k.startswith("set_")]
    if action == "correct" and not any(k in item for k in setters):
        raise CurationError(f"{where}: nothing to correct; add one of {', '.join(setters)}", path)
    if action == "add":
        fields = {k: v for k, v in item.items() if k in FIELDS[kind]}
    else:
        fields = {k.removeprefix("set_"): v for k, v in item.items() if k in setters}
    key = item[KEY_FIELD[kind]]
    return Entry(action, kind, float(key) if kind == "figure" else key.strip(),
                 item.get("article", "").strip(), item.get("quote", ""), tuple(fields.items()))


def _keys(action: str, kind: str) -> tuple[list[str], list[str]]:
    """The keys an entry may have, and those it must have."""
    key = KEY_FIELD[kind]
    if action == "add":
        return ["kind", *FIELDS[kind], "article", "quote", "note"], [key, "article", "quote"]
    setters = [f"set_{f}" for f in FIELDS[kind]] if action == "correct" else []
    return ["kind", key, "article", *setters, "note"], [key]


def _toml_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    return names.get(type(value), "a date (put it in quotes)")


def _matches(fact: Fact, entry: Entry) -> bool:
    if fact.kind != entry.kind or (entry.article and all(s.article != entry.article for s in fact.sources)):
        return False
    if entry.kind == "figure":
        return fact.value == entry.key or any(v.value == entry.key for v in fact.values)
    wanted = fold(str(entry.key))
    return fold(fact.text) == wanted or (entry.kind == "organization" and fold(fact.acronym) == wanted)


def _hide_or_correct(rows: list[Fact], entry: Entry) -> str:
    hits = [i for i, fact in enumerate(rows) if _matches(fact, entry)]
    if not hits:
        return "matches no fact"
    if entry.action == "hide":
        for i in reversed(hits):
            del rows[i]
    else:
        for i in hits:
            rows[i] = _corrected(rows[i], dict(entry.fields))
    return ""


def _corrected(fact: Fact, fields: dict[str, object]) -> Fact:
    changes = {FIELDS[fact.kind][name]: value for name, value in fields.items()}
    if "value" in changes:
        # The analyst's value settles a dispute between articles.
        changes["value"] = float(changes["value"])
        changes.update(disputed=False, values=())
        if "text" not in changes:
            qualifier = str(changes.get("qualifier", fact.qualifier))
            changes["text"] = _figure_text(changes["value"], qualifier, str(changes.get("unit", fact.unit)))
    return replace(fact, **changes)


def _add(rows: list[Fact], entry: Entry, article: Article | None) -> str:
    if article is None:
        return "was left out"
    fields = dict(entry.fields)
    ref = locate_quote(article, entry.quote)
    if ref is None:
        return "was left out: its quote is not in the article (copy it from the article, word for word)"
    fact = _new_fact(entry.kind, fields, ref)
    same = next((i for i, f in enumerate(rows) if _same_row(f, fact)), None)
    if same is not None:
        # The fact was found too: the analyst's fields win, and the quote joins its sources.
        old = rows[same]
        sources = old.sources if ref in old.sources else old.sources + (ref,)
        fields.pop(KEY_FIELD[old.kind])
        rows[same] = replace(_corrected(old, fields), sources=sources)
        return ""
    order = FACT_KINDS.index(fact.kind)
    at = max((i + 1 for i, f in enumerate(rows) if FACT_KINDS.index(f.kind) <= order), default=0)
    rows.insert(at, fact)
    return ""


def _new_fact(kind: str, fields: dict[str, object], ref: SourceRef) -> Fact:
    attrs = {FIELDS[kind][name]: value for name, value in fields.items()}
    if kind == "figure":
        attrs["value"] = float(attrs["value"])
        attrs.setdefault("text", _figure_text(attrs["value"], str(attrs.get("qualifier", "")),
                                              str(attrs.get("unit", ""))))
    return Fact(kind=kind, sources=(ref,), **attrs)


def _same_row(old: Fact, new: Fact) -> bool:
    if old.kind != new.kind:
        return False
    if new.kind == "figure":
        return old.value == new.value and any(s.article == new.sources[0].article for s in old.sources)
    return fold(old.text) == fold(new.text)


def locate_quote(article: Article, quote: str) -> SourceRef | None:
    """The source of a quote found in one of the article's blocks: the sentences it spans, verbatim.

    Spacing and the style of quotation marks and apostrophes may differ; the words may not.
    """
    words = unicodedata.normalize("NFC", quote).translate(_QUOTES).split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    for block in article.blocks:
        text = block.text
        m = pattern.search(text.translate(_QUOTES))
        spanned = [s for s in block.sentences if m and s.start < m.end() and m.start() < s.end]
        if spanned:
            first, last = spanned[0], spanned[-1]
            return SourceRef(article=article.filename, title=article.title, quote=text[first.start:last.end],
                             anchor=article.anchor(first), article_id=article.id)
    return None


def _figure_text(value: float, qualifier: str, unit: str) -> str:
    """A corrected figure as the table shows it: "more than 140", "18%", "2,500,000 USD"."""
    number = _number_text(value)
    number += "%" if unit == "%" else f" {unit}" if len(unit) == 3 and unit.isupper() else ""
    return f"{qualifier} {number}".strip()


def _number_text(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"
