"""What to write instead: advice for the report.toml mistakes of people who do not write TOML
every day (curly quotes, text without quotes, yes for true, Windows back-slashes)."""
from __future__ import annotations

import re
from typing import Mapping

CURLY = "“”„‟«»‘’‚‛"
WORDS = {"yes": "true", "no": "false", "on": "true", "off": "false", "true": "true", "false": "false",
         "y": "true", "n": "false"}
BACKSLASH = ("a back-slash in double quotes starts an escape (such as \\n); use forward slashes or "
             "single quotes")
_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_KEY = re.compile(r"[A-Za-z0-9_-]+")


def syntax_advice(text: str, error: str, kinds: Mapping[str, str]) -> tuple[int, str]:
    """The line of a TOML syntax error (`error` is tomllib's message) and what to write instead;
    TOML's own words, with the column, when there is no better advice."""
    lines = text.splitlines()
    where = _WHERE.search(error)
    number = int(where.group(1)) if where and where.group(1) else max(len(lines), 1)
    line = lines[number - 1] if number <= len(lines) else ""
    advice = line_advice(line, kinds, error)
    if advice:
        return number, advice
    if error.startswith("Cannot overwrite a value") and _KEY.fullmatch(line.partition("=")[0].strip()):
        return number, f"'{line.partition('=')[0].strip()}' is set twice; keep one of the two lines"
    column = f", at column {where.group(2)}" if where and where.group(2) else ""
    return number, (f"is not valid TOML ({_WHERE.sub('', error)}{column}); write each setting as key = value, "
                    'with text in quotes: title = "Flood desk"')


def line_advice(line: str, kinds: Mapping[str, str], error: str = "") -> str | None:
    """The fix for one line of report.toml as "what to do: key = value", or None when it has no
    mistake we know."""
    key, equals, value = (part.strip() for part in line.partition("="))
    if not equals:
        m = re.fullmatch(r"\s*([A-Za-z0-9_-]+)\s*[:\s]\s*(\S.*?)\s*", line)
        if not m:
            return None
        fixed = _fix(m.group(1), m.group(2), kinds, error)
        return f"write the key, an equals sign and the value: {m.group(1)} = {fixed[1] if fixed else m.group(2)}"
    if not _KEY.fullmatch(key) or not value:
        return None
    fixed = _fix(key, value, kinds, error)
    return f"{fixed[0]}: {key} = {fixed[1]}" if fixed else None


def _fix(key: str, value: str, kinds: Mapping[str, str], error: str) -> tuple[str, str] | None:
    """(what to do, the value as it should be written) for a value TOML refused, or None."""
    kind = kinds.get(key, "")
    if value[0] not in "\"'":
        value = re.sub(r"\s+#.*$", "", value)   # a comment after a value without quotes
    if any(c in CURLY for c in value):
        return 'use straight quotes "…", not curly ones', _straightened(value)
    if value[0] == '"' and "\\" in value and (kind == "folder" or re.search(r"escape|hex value|'\\'", error)):
        inner = value[1:-1] if value.endswith('"') and len(value) > 1 else value[1:]
        return BACKSLASH, f"'{inner}'" if "'" not in inner else '"' + inner.replace("\\", "/") + '"'
    if value[0] in "\"'" and value.count(value[0]) == 1:
        return "close the quotes", value + value[0]
    if kind == "list" and not any(q in value for q in "\"'"):
        items = [i for i in re.split(r"[,\s]+", value.strip("[] ")) if i]
        return "put each item in quotes, in brackets", "[" + ", ".join(f'"{i}"' for i in items) + "]"
    if value[0] in "\"'[{":
        return None
    word = WORDS.get(value.lower())
    if kind == "flag" or (not kind and word and value.lower() in ("yes", "no", "on", "off")):
        return f"write true or false, not {value}", word or "true"
    if kind == "number":
        return "write a whole number from 5 to 8, without quotes", "6"
    if kind == "date":
        return "write the date as YYYY-MM-DD", _iso_date(value)
    if kind or value[0].isalpha():
        return "put text in quotes", _quoted(value)
    return None


def _straightened(value: str) -> str:
    """A value with curly quotes as TOML wants it: one text in straight quotes, or a list whose
    items' curly quotes became straight ones (an apostrophe inside a word stays)."""
    if value[0] in CURLY + "\"'" and value[-1] in CURLY + "\"'" and len(value) > 1:
        return _quoted(value[1:-1])
    value = re.sub(r"[“”„‟«»]", '"', value)
    return re.sub(r"(?<!\w)[‘‚‛’]|[‘’](?!\w)", '"', value)


def _quoted(text: str) -> str:
    """`text` as a TOML string: in double quotes, or single ones when it holds a quote or back-slash."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _iso_date(text: str) -> str:
    """A date as people type it ("April 8, 2025"), written YYYY-MM-DD; an example when it is none."""
    from .errors import SourceError
    from .sources.readers import parse_date

    try:
        return parse_date(text.strip("\"'"), "report.toml").isoformat()
    except SourceError:
        return "2025-03-12"
