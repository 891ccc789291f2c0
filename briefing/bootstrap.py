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


def venv_python(venv: Path = VENV) -> Path:
    """The interpreter of the project's virtual environment."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted(extras: str, pins: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + "\n".join(pins).encode()).hexdigest()
    return f"{digest} {extras}".strip()


def _installed_covers(extras: str, venv: Path = VENV, pins: tuple[str, ...] = ()) -> bool:
    try:
        have = (venv / STAMP.name).read_text().split()
    except OSError:
        return False
    want = _wanted(extras, pins).split()
    return bool(have) and have[0] == want[0] and set(want[1:]) <= set(have[1:])


def lowest_pins() -> tuple[str, ...]:
    """`name==lower` for every dependency that pyproject.toml holds to a window (>=lower,<upper):
    the oldest releases the project supports."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)>=([0-9][^,]*),<.+", requirement.replace(" ", ""))
        if m:
            pins.append(f"{m.group(1)}=={m.group(2)}")
    return tuple(pins)


def ensure_environment(script: str, extras: str = "") -> None:
    """Re-run `script` inside `.venv`, creating and installing it first when needed."""
    if os.environ.get("BRIEFING_NO_BOOTSTRAP") or sys.prefix != sys.base_prefix:
        return  # already in a virtual environment (ours or the user's)
    if not _installed_covers(extras):
        install(extras)
    os.execv(str(venv_python()), [str(venv_python()), script, *sys.argv[1:]])


def install(extras: str = "", venv: Path = VENV, pins: tuple[str, ...] = ()) -> None:
    """Create the virtual environment `venv` if missing and install the project (editable) with
    the given extras, and with `pins` (exact versions) when given."""
    if not venv_python(venv).exists():
        import venv as venv_module

        print(f"Setting up {venv.name} (first run only; takes a minute or two)...", file=sys.stderr, flush=True)
        venv_module.EnvBuilder(with_pip=True, clear=True).create(venv)
    else:
        what = f"the {extras} extras" if extras else "the current pyproject.toml"
        print(f"Updating {venv.name} for {what}...", file=sys.stderr, flush=True)
    target = f".[{extras}]" if extras else "."
    cmd = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--editable", target, *pins]
    result = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:])
        sys.exit("error: installing the project into .venv failed (see above); check the network "
                 "access to PyPI and run again")
    # An editable install leaves the package uncompiled: compile it now, as pip does for other
    # installs, so that a PYTHONDONTWRITEBYTECODE environment does not compile it on every run.
    subprocess.run([str(venv_python(venv)), "-m", "compileall", "-q", str(ROOT / "briefing")],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (venv / STAMP.name).write_text(_wanted(extras, pins) + "\n")
