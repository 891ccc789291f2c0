"""First-run set-up: make `.venv`, install the project into it, and re-run the command there.

Standard library only, so that `python3 make_report.py` works on a fresh clone.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".briefing-installed"


def venv_python() -> Path:
    """The interpreter of the project's virtual environment."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {extras}".strip()


def _installed_covers(extras: str) -> bool:
    try:
        have = STAMP.read_text().split()
    except OSError:
        return False
    want = _wanted(extras).split()
    return bool(have) and have[0] == want[0] and set(want[1:]) <= set(have[1:])


def ensure_environment(script: str, extras: str = "") -> None:
    """Re-run `script` inside `.venv`, creating and installing it first when needed."""
    if os.environ.get("BRIEFING_NO_BOOTSTRAP") or sys.prefix != sys.base_prefix:
        return  # already in a virtual environment (ours or the user's)
    if not _installed_covers(extras):
        install(extras)
    os.execv(str(venv_python()), [str(venv_python()), script, *sys.argv[1:]])


def install(extras: str = "") -> None:
    """Create `.venv` if missing and install the project (editable) with the given extras."""
    if not venv_python().exists():
        import venv

        print("Setting up .venv (first run only; takes a minute or two)...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    else:
        what = f"the {extras} extras" if extras else "the current pyproject.toml"
        print(f"Updating .venv for {what}...", file=sys.stderr, flush=True)
    target = f".[{extras}]" if extras else "."
    cmd = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--editable", target]
    result = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:])
        sys.exit("error: installing the project into .venv failed (see above); check the network "
                 "access to PyPI and run again")
    # An editable install leaves the package uncompiled: compile it now, as pip does for other
    # installs, so that a PYTHONDONTWRITEBYTECODE environment does not compile it on every run.
    subprocess.run([str(venv_python()), "-m", "compileall", "-q", str(ROOT / "briefing")],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    STAMP.write_text(_wanted(extras) + "\n")
