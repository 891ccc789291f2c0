"""Look-up tables built once per machine: the gazetteer and the world map outlines take seconds to
build from their packages' data, and a fraction of that to load back from a pickle.

The pickle lives in the user's cache folder (`$BRIEFING_CACHE_DIR`, else `$XDG_CACHE_HOME/briefing`,
else `~/.cache/briefing`). Its name holds a hash of the code that builds the table and of the data
packages' versions, so an upgrade of either builds it again. A cache that cannot be read or written
only costs the time to build the table.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    """The per-user folder for tables built once."""
    explicit = os.environ.get("BRIEFING_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "briefing"


def package_version(package: str) -> str:
    """The installed version of a distribution, "-" when it is not installed: read from the name of
    its .dist-info (or .egg-info) folder on sys.path, as importlib.metadata finds it; loading
    importlib.metadata takes 0.015 s."""
    wanted = re.sub(r"[-_.]+", "_", package).lower()
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                stem, dot, suffix = entry.name.rpartition(".")
                if dot and suffix in ("dist-info", "egg-info") and "-" in stem:
                    distribution, version = stem.split("-", 1) if suffix == "egg-info" else stem.rsplit("-", 1)
                    if re.sub(r"[-_.]+", "_", distribution).lower() == wanted:
                        return version.split("-", 1)[0] if suffix == "egg-info" else version
    return "-"


MISSING = object()   # what `read_pickle` returns when there is nothing usable


def read_pickle(path: Path):
    """The value pickled at `path`, or MISSING when the file is missing, stale or damaged."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:
        return MISSING


def write_pickle(path: Path, value) -> bool:
    """Pickle `value` to `path` atomically (never a half-written file); False when it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        return True
    except (OSError, pickle.PicklingError):
        return False


def on_disk(name: str, packages: tuple[str, ...], modules: tuple[str, ...] = ()) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a function of no arguments whose result depends only on `packages`' data and the code
    of the decorated function's module (and `modules`): compute it once, then load it from disk."""

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        @functools.cache
        def load() -> T:
            digest = hashlib.sha256(f"{name}\0{sys.version_info[:2]}\0".encode())
            for package in packages:
                digest.update(f"{package}={package_version(package)}\0".encode())
            for module in (build.__module__, *modules):
                source = getattr(sys.modules.get(module), "__file__", None)
                digest.update(Path(source).read_bytes() if source else module.encode())
            path = cache_folder() / f"{name}-{digest.hexdigest()[:20]}.pickle"
            found = read_pickle(path)
            if found is not MISSING:
                return found
            value = build()
            if write_pickle(path, value):
                for old in path.parent.glob(f"{name}-*.pickle"):
                    if old != path:
                        with contextlib.suppress(OSError):
                            old.unlink(missing_ok=True)
            return value

        load.build = build  # type: ignore[attr-defined]  # the uncached builder, for tests
        return load

    return decorate
