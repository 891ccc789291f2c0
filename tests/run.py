#!/usr/bin/env python3
"""Run the test suite: set up .venv with the test extras, then pytest (arguments pass through).

`--oldest-deps` runs it in `.venv-oldest`, on the oldest release of each dependency that
pyproject.toml holds to a window (the newest ones are what `.venv` gets).

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

from briefing.bootstrap import VENV, _installed_covers, install, lowest_pins, venv_python  # noqa: E402

OPTIONAL_TOOLS = {"pdftoppm": "poppler-utils", "pdffonts": "poppler-utils", "qpdf": "qpdf"}


def install_optional_tools() -> None:
    """Install the Debian packages of missing optional tools, when allowed to."""
    missing = sorted({pkg for tool, pkg in OPTIONAL_TOOLS.items() if shutil.which(tool) is None})
    if not missing or os.environ.get("BRIEFING_NO_APT") or not shutil.which("apt-get"):
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print(f"Note: {', '.join(missing)} not installed (not root, so not installed now: "
              f"sudo apt-get install {' '.join(missing)}); the tests that need them skip.", file=sys.stderr)
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
    args = sys.argv[1:]
    venv, pins = VENV, ()
    if "--oldest-deps" in args:
        args.remove("--oldest-deps")
        venv, pins = ROOT / ".venv-oldest", lowest_pins()
        print(f"Testing on the oldest supported releases: {', '.join(pins)}", file=sys.stderr, flush=True)
    if not _installed_covers("test", venv, pins):
        install("test", venv, pins)
    install_optional_tools()
    cmd = [str(venv_python(venv)), "-m", "pytest", *args]
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
