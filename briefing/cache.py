"""Work done once: a build whose inputs have not changed renders nothing and keeps its outputs.

The key of a build is a hash of everything that shapes its outputs: the tool's version, the
settings, every file in the sources, layouts and fonts folders, and SOURCE_DATE_EPOCH. The
record lives in `.cache/briefing/` beside the sources folder, never in the output folder.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from . import __version__
from .config import DEFAULT_LAYOUTS, FONTS_DIR
from .model import Output, Settings


def cache_dir(settings: Settings) -> Path:
    """Where build records are kept: `.cache/briefing` beside the sources folder."""
    return settings.sources.resolve().parent / ".cache" / "briefing"


def build_key(settings: Settings) -> str:
    """A hash of every input of a build."""
    digest = hashlib.sha256(f"{__version__}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(json.dumps(asdict(settings), default=str, sort_keys=True).encode())
    # The tool's own code is an input too, so an upgrade or a local change rebuilds.
    for folder in (settings.sources, settings.layouts, DEFAULT_LAYOUTS, FONTS_DIR, Path(__file__).parent):
        if folder is None or not folder.is_dir():
            continue
        root = folder.resolve()
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts
                           and "__pycache__" not in p.parts):
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                # Never read outside the allowed folders, even to hash: the link itself is the input.
                digest.update(os.fsencode(path.relative_to(folder)) + b"\0->" + os.fsencode(os.readlink(path)))
                continue
            stat = path.stat()
            digest.update(os.fsencode(path.relative_to(folder)) + f"\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _record_path(settings: Settings) -> Path:
    out = hashlib.sha256(str(settings.output.resolve()).encode()).hexdigest()[:16]
    return cache_dir(settings) / f"build-{out}.json"


def _fingerprint(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def fresh_outputs(settings: Settings, key: str) -> tuple[tuple[Output, ...], tuple[str, ...], tuple[str, ...], int] | None:
    """The outputs, warnings, left-out files and article count of the last build when its inputs
    are unchanged and its files untouched."""
    try:
        record = json.loads(_record_path(settings).read_text("utf-8"))
        if record["key"] != key:
            return None
        outputs = tuple(Output(Path(o["path"]), o["kind"], o["pages"], o["size"]) for o in record["outputs"])
        if any(_fingerprint(o.path) != fp for o, fp in zip(outputs, record["fingerprints"])):
            return None
        return outputs, tuple(record.get("warnings", ())), tuple(record.get("left_out", ())), record.get("articles", 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(settings: Settings, key: str, outputs: tuple[Output, ...], warnings: tuple[str, ...],
             left_out: tuple[str, ...] = (), articles: int = 0) -> None:
    """Record a finished build; a cache that cannot be written only costs a rebuild next time."""
    record = {"key": key,
              "outputs": [{"path": str(o.path), "kind": o.kind, "pages": o.pages, "size": o.size} for o in outputs],
              "fingerprints": [_fingerprint(o.path) for o in outputs], "warnings": list(warnings),
              "left_out": list(left_out), "articles": articles}
    path = _record_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
