"""report.toml: a briefing folder's settings, validated, then merged with the command line."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .config_advice import line_advice, syntax_advice
from .errors import BriefingError
from .model import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAYOUTS = PROJECT_ROOT / "layouts"   # the built-in templates and stylesheets
FONTS_DIR = PROJECT_ROOT / "fonts"           # the bundled fonts and their licence

CONFIG_NAME = "report.toml"
DEFAULT_SOURCES = Path("sources")            # relative: the folder the command runs in
MIN_POINTS, MAX_POINTS = 5, 8                # key points in the summary
SECTIONS = ("summary", "facts", "sources")
FORMATS = ("pdf", "epub")
PAGE_SIZES = ("a4", "letter")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none")
PATH_KEYS = ("sources", "output", "layouts")


class ConfigError(BriefingError):
    """report.toml (or a command-line value) is not valid: an unknown key or a wrong type."""

    exit_code = 2


class _Wrong(ValueError):
    """A value that does not fit its key; the message says what is expected."""


@dataclass(frozen=True)
class Key:
    """One setting of report.toml: its name and how its value is checked."""

    name: str
    check: Callable[[Any], Any]   # the Settings value, or raises _Wrong saying what is expected
    kind: str = "text"            # text, folder, date, list, number or flag: how to advise on a typo


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Wrong("must be text in quotes")
    return value.strip()


def _folder(value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _Wrong("must be a folder path in quotes")
    return Path(value.strip()).expanduser()


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            raise _Wrong(f"must be one of {', '.join(repr(a) for a in allowed)}")
        return value.strip().lower()
    return check


def _choices(*allowed: str, empty: bool) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if (not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items)
                or not {i.lower() for i in items} <= set(allowed) or (not items and not empty)):
            raise _Wrong(f"must be a list of {', '.join(repr(a) for a in allowed)}"
                         + ("" if empty else " (at least one)"))
        chosen = {i.lower() for i in items}
        return tuple(a for a in allowed if a in chosen)
    return check


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Wrong("must be a date written YYYY-MM-DD")


def _language(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value.strip()):
        raise _Wrong("must be a language code such as \"en\" or \"ru\"")
    return value.strip()


def _points(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_POINTS <= value <= MAX_POINTS:
        raise _Wrong(f"must be a whole number from {MIN_POINTS} to {MAX_POINTS}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Wrong("must be true or false")
    return value


def _basename(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[^/\\\x00-\x1f.][^/\\\x00-\x1f]{0,100}", value.strip()):
        raise _Wrong("must be a file name without folder or extension, such as \"briefing\"")
    return value.strip()


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("sources", _folder, "folder"),
    Key("output", _folder, "folder"),
    Key("layouts", _folder, "folder"),
    Key("title", _text),
    Key("subtitle", _text),
    Key("author", _text),
    Key("date", _date, "date"),
    Key("language", _language),
    Key("sections", _choices(*SECTIONS, empty=True), "list"),
    Key("summary_points", _points, "number"),
    Key("formats", _choices(*FORMATS, empty=False), "list"),
    Key("basename", _basename),
    Key("page_size", _choice(*PAGE_SIZES)),
    Key("duplex", _flag, "flag"),
    Key("pdf_variant", _choice(*PDF_VARIANTS)),
    Key("allow_missing", _flag, "flag"),
)}
KINDS = {name: key.kind for name, key in KEYS.items()}


def find_config(explicit: Path | None = None, folder: Path = Path(".")) -> Path | None:
    """The config file to read: the one given, else `report.toml` in `folder` when there is one."""
    if explicit is not None:
        return explicit
    candidate = folder / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path) -> dict[str, Any]:
    """The validated values of a report.toml, as Settings fields; folders are relative to the file."""
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror}); check the path given to --config", path) from None
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text; re-save it as UTF-8", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, advice = syntax_advice(text, str(exc), KINDS)
        raise ConfigError(advice, path, line=line) from None
    _check_escapes(data, text, path)
    values: dict[str, Any] = {}
    for name, raw in data.items():
        values[name] = check(name, raw, path)
    for name in PATH_KEYS:
        if name in values and not values[name].is_absolute():
            values[name] = path.parent / values[name]
    if "layouts" in values and not values["layouts"].is_dir():
        raise ConfigError(f"layouts folder '{values['layouts']}' does not exist; create it or fix the "
                          "'layouts' key", path)
    return values


def _check_escapes(data: Mapping[str, Any], text: str, path: Path) -> None:
    """A folder in double quotes with back-slashes that TOML read as escapes ("C:\\new" is C:,
    a line break and "ew"): refused with the line and the fix, rather than used as a wrong folder."""
    for name in PATH_KEYS:
        if isinstance(data.get(name), str) and re.search(r"[\x00-\x1f]", data[name]):
            lines = text.splitlines()
            number = next((i for i, line in enumerate(lines, 1) if re.match(rf"\s*{name}\s*=", line)), 1)
            advice = line_advice(lines[number - 1] if lines else "", KINDS)
            raise ConfigError(advice or f"'{name}' holds a control character; write the folder in single quotes",
                              path, line=number)


def check(name: str, value: Any, where: Path | str) -> Any:
    """One setting's value, checked; an unknown key or a wrong value is a ConfigError naming both."""
    key = KEYS.get(name)
    if key is None:
        close = difflib.get_close_matches(name, KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; the keys are {', '.join(KEYS)}"
        raise ConfigError(f"unknown key '{name}'{hint}", where)
    try:
        return key.check(value)
    except _Wrong as exc:
        subject = "" if str(where).startswith("--") else f"'{name}' "    # an option names itself
        raise ConfigError(f"{subject}{exc}, not {_shown(value)}", where) from None


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def merge(values: Mapping[str, Any], options: Mapping[str, Any], given: Iterable[str]) -> Settings:
    """Settings from config values and command-line options: an option the user gave wins over
    the file, and the file wins over an option's default."""
    given = set(given)
    merged: dict[str, Any] = {"sources": DEFAULT_SOURCES, "output": Path("output")}
    for field in fields(Settings):
        name = field.name
        if name in given and name in options:
            merged[name] = _option(name, options[name])
        elif name in values:
            merged[name] = values[name]
        elif options.get(name) not in (None, ()):
            merged[name] = _option(name, options[name])
    return Settings(**merged)


def _option(name: str, value: Any) -> Any:
    """A command-line value in the Settings shape; free-text options are checked like the file's."""
    if isinstance(value, dt.datetime):
        return value.date()
    if name in ("language", "basename", "summary_points") and value is not None:
        return check(name, value, f"--{name.replace('_', '-')}")
    if name == "page_size" and isinstance(value, str):
        return value.lower()
    return value


def resolve_settings(options: Mapping[str, Any], given: Iterable[str], config: Path | None = None,
                     folder: Path = Path(".")) -> Settings:
    """Settings for a command: report.toml (the given file, or the folder's) under the options given."""
    path = find_config(config, folder)
    return merge(load_config(path) if path is not None else {}, options, given)
