"""A quick `ctypes.util.find_library` for loading WeasyPrint.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several names per library
('libpango-1.0-0', 'pango-1.0-0', 'pango-1.0', 'libpango-1.0.so.0', ...). For a name without a
dot, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then `gcc`, then
`ld` for each name it does not find: about fifty programs started, a fifth of a second, before
the first page. This version reads the `ldconfig -p` listing once and answers from it; where
there is no such listing it leaves the standard lookup in place.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator


@functools.cache
def _listing() -> tuple[str, ...] | None:
    """The library file names the dynamic loader's cache knows, or None when it cannot be read."""
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None)
    if ldconfig is None:
        return None
    try:
        done = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10,
                              env={"LC_ALL": "C", "LANG": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    names = tuple(re.findall(r"^\s+(\S+) \(", done.stdout, re.M))
    return names if done.returncode == 0 and names else None


def find_library(name: str, standard=ctypes.util.find_library) -> str | None:
    """What `ctypes.util.find_library(name)` finds through the loader's cache: 'libNAME.so[.N]'."""
    names = _listing()
    if names is None:
        return standard(name)
    prefix = f"lib{name}.so"
    return next((n for n in names if n == prefix or n.startswith(prefix + ".")), None)


@contextlib.contextmanager
def quick_lookup() -> Iterator[None]:
    """Use `find_library` above while the block runs (on Linux), the standard one after it."""
    if not sys.platform.startswith("linux"):
        yield
        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard
