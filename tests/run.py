#!/usr/bin/env python3
"""Run the test suite: set up .venv with the test extras, then pytest (arguments pass through).

Optional system tools (poppler-utils, qpdf) are installed with apt-get when this runs as root
and they are missing; tests that need a tool that is still missing skip with the reason.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.bootstrap import _installed_covers, install, venv_python  # noqa: E402

OPTIONAL_TOOLS = {"pdftoppm": "poppler-utils", "pdffonts": "poppler-utils", "qpdf": "qpdf"}


def install_optional_tools() -> None:
    """Install the Debian packages of missing optional tools, when allowed to."""
    from ctypes.util import find_library

    missing = sorted({pkg for tool, pkg in OPTIONAL_TOOLS.items() if shutil.which(tool) is None})
    if find_library("harfbuzz-subset") is None:
        missing.append("libharfbuzz-subset0")  # WeasyPrint subsets fonts much faster with it
    if not missing or os.environ.get("BRIEFING_NO_APT") or not shutil.which("apt-get"):
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print(f"Note: {', '.join(missing)} not installed; the tests that need them will skip.", file=sys.stderr)
        return
    print(f"Installing {', '.join(missing)} with apt-get...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    if subprocess.run(["apt-get", "install", "-y", "-qq", *missing], **quiet).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], **quiet)


def main() -> int:
    if shutil.which("java") is None:
        print("error: the tests need a Java runtime for EPUBCheck; install one (e.g. apt-get install "
              "default-jre-headless) and run again", file=sys.stderr)
        return 2
    if not _installed_covers("test"):
        install("test")
    install_optional_tools()
    cmd = [str(venv_python()), "-m", "pytest", *sys.argv[1:]]
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
