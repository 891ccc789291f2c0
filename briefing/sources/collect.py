"""Gather the articles of a sources folder: read, clean, order and number them."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .clean import clean
from ..config import CONFIG_NAME, DEFAULT_SOURCES
from ..errors import NoSourcesError, SourceError
from ..processes import parallel_map
from ..progress import FILES, READING, Progress, Step, silent
from ..model import Article
from .readers import OUTSIDE, is_article_candidate, read_article
from ..text import fold


@dataclass(frozen=True)
class Collection:
    """The articles of a folder, in reading order, and what was skipped on the way."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]
    left_out: tuple[str, ...] = ()   # names of the files that could not be read as articles


def collect(sources: Path, progress: Progress = silent) -> Collection:
    """Read every article in `sources`; unreadable files become warnings, not failures; `progress`
    is told how many of the files were read.

    Only the files directly in the folder are read: sub-folders (an output folder kept inside
    sources/, say) never are, and a link is followed only to a file inside the folder."""
    articles: list[Article] = []
    warnings: list[str] = []
    left_out: list[str] = []
    root = sources.resolve()
    candidates = _candidates(sources)
    found = len(candidates)
    progress(Step(READING, 0, found, unit=FILES))
    # Files are read and cleaned two at a time (see processes.parallel_map), in the same order.
    read = parallel_map(lambda path: _read_one(path, root), candidates,
                        done=lambda n: progress(Step(READING, n, found, unit=FILES)))
    for path, (article, warning) in zip(candidates, read):
        if article is not None:
            articles.append(article)
        else:
            left_out.append(path.name)
        if warning:
            warnings.append(warning)
    if not articles:
        if not candidates and _is_briefing_folder(sources):
            raise NoSourcesError(f"holds no articles, but it looks like a briefing folder (report.toml and sources/): "
                                 f"pass --sources {sources / 'sources'}, or cd {sources} and run make-report there",
                                 sources)
        hint = f" ({len(warnings)} file(s) skipped)" if warnings else ""
        raise NoSourcesError(f"holds no readable articles{hint}; add .txt, .md, .html, .mhtml or .docx files", sources,
                             tuple(warnings))
    warnings += _left_out(articles) + _same_titles(articles)
    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.filename))
    numbered = tuple(replace(a, id=f"a{i}") for i, a in enumerate(ordered, 1))
    return Collection(numbered, tuple(warnings), tuple(left_out))


def _read_one(path: Path, root: Path) -> tuple[Article | None, str]:
    """One file as a cleaned article, or the warning saying why it was skipped."""
    problem = _problem(path, root)
    if problem:
        return None, f"skipped {_shown(path)}: {problem}"
    try:
        return clean(read_article(path)), ""
    except SourceError as exc:
        return None, f"skipped {exc}"
    except Exception as exc:  # a reader bug must not cost the other articles
        return None, (f"skipped {_shown(path)}: it could not be read ({type(exc).__name__}: {exc}); "
                      "please report this with the file")


def _candidates(sources: Path) -> list[Path]:
    """The files of the folder that may be articles, by name."""
    if not sources.exists():
        raise _missing(sources)
    if not sources.is_dir():
        raise NoSourcesError("is a file, not a folder; pass the folder that holds the articles", sources)
    try:
        entries = sorted(sources.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise NoSourcesError(f"folder cannot be read ({exc.strerror}); check its permissions", sources) from None
    return [p for p in entries if is_article_candidate(p) and not (p.is_dir() and not p.is_symlink())]


def _missing(sources: Path) -> NoSourcesError:
    """The error for a sources folder that does not exist, named in full. The default one missing
    usually means the command runs in the wrong folder: say so, and name the briefing folders
    just below, if there are any."""
    where = sources.absolute()
    here = Path.cwd()
    if sources != DEFAULT_SOURCES or (here / CONFIG_NAME).is_file():
        return NoSourcesError("folder does not exist; check --sources (or sources in report.toml), or create it "
                              "and put articles (.txt, .md, .html, .mhtml, .docx) in it", where)
    below = _briefing_folders(here)
    if len(below) == 1:
        has = " and ".join(n for n in (CONFIG_NAME, "sources/") if (below[0] / n.rstrip("/")).exists())
        go = f"cd {below[0].name} (it has {has})"
    elif below:
        go = f"cd to your briefing folder ({', '.join(p.name for p in below[:3])}{' …' if len(below) > 3 else ''} here)"
    else:
        go = "cd to your briefing folder"
    return NoSourcesError("no such folder (make-report reads the articles in sources/ of the folder it runs in); "
                          f"{go} or pass --sources DIR", where)


def _briefing_folders(folder: Path) -> list[Path]:
    """The folders directly in `folder` that hold a report.toml or a sources/ folder."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    found = []
    for entry in entries[:1000]:   # a home folder with many entries is not searched for long
        try:
            if entry.is_dir() and not entry.name.startswith(".") and _is_briefing_folder(entry):
                found.append(entry)
        except OSError:
            continue
    return found


def _is_briefing_folder(folder: Path) -> bool:
    """Whether `folder` looks like one that `make-report init` made: report.toml or sources/ in it."""
    return (folder / CONFIG_NAME).is_file() or (folder / "sources").is_dir()


def _problem(path: Path, root: Path) -> str:
    """Why a file cannot be an article before it is even opened, or "" when it can be."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8; rename it"
    if re.search(r"[\x00-\x1f\x7f]", path.name):
        return "its name contains control characters (such as a line break); rename it"
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "is a link to a file that does not exist; remove it"
    if not real.is_relative_to(root):
        return ("is a link to a file outside the sources folder, which is never read; "
                "copy the file into the folder instead")
    if not real.is_file():
        return "is not a regular file (a folder, device or pipe); remove it"
    return ""


def _shown(path: Path) -> str:
    """A path printable in any terminal (a name that is not UTF-8 gets replacement characters)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _left_out(articles: list[Article]) -> list[str]:
    """One warning per article that named resources outside its folder (left out of both outputs)."""
    warnings = []
    for article in articles:
        urls = list(dict.fromkeys(r.text for r in article.removed if r.rule == OUTSIDE))
        if urls:
            shown = ", ".join(urls[:3]) + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
            warnings.append(f"{article.path}: left out {len(urls)} resource(s) that are not files in the sources "
                            f"folder: {shown}")
    return warnings


def _same_titles(articles: list[Article]) -> list[str]:
    """A warning for each article whose title another article already has: both are kept."""
    first: dict[str, Article] = {}
    warnings = []
    for article in sorted(articles, key=lambda a: a.filename):
        key = fold(article.title)
        if key in first:
            warnings.append(f"{article.path}: has the same title as {first[key].filename}; both are included "
                            "(remove one if it is the same article)")
        else:
            first[key] = article
    return warnings
