"""The fact table and the summary on real news nobody here wrote (tests/data/devset, issue 15),
scored with the shared scorer against references written before the tool's output was seen.

The English articles are the Lee corpus that the gensim 4.4.0 wheel ships as test data; the wheel
is fetched from the package index once (`pip download`, into the cache folder) and read as a zip:
gensim is never imported. The thresholds are the targets of issue 15: every kind precision 0.90
and recall 0.85, roles right for 85 % of the people, Russian people, organisations and places
recall 0.80; the summary covers 80 % of the reference key points at 8 points per 8 articles
(docs/fact-extraction-comparison.md). These are development figures: the set is also what the
extraction was measured and corrected against.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from briefing.memo import cache_folder

sys.path.insert(0, str(DATA))
from score_facts import plain, roles_right, score  # noqa: E402

DEVSET = DATA / "devset"
WHEEL = "gensim==4.4.0"
MEMBER = "gensim/test/test_data/lee.cor"   # lee_background.cor is kept for independent evaluation

# kind -> (precision, recall) that the extraction must reach; English, then Russian.
TARGET = (0.90, 0.85)
FLOOR_EN = {kind: TARGET for kind in ("figure", "person", "organization", "place", "date")}
ROLES_EN = 43                      # of 50 people: 85 %
FLOOR_RU = {"figure": TARGET, "person": (0.90, 0.80), "organization": (0.90, 0.80),
            "place": (0.90, 0.80), "date": TARGET}
GROUP = 8                          # articles per summary, and points per summary
COVERAGE = 0.80                    # of the reference key points of those articles


def lee_corpus() -> list[str]:
    """The 50 articles of lee.cor, from the gensim wheel in the cache folder (downloaded once)."""
    folder = cache_folder() / "devset"
    wheels = sorted(folder.glob("gensim-4.4.0-*.whl"))
    if not wheels:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest",
                               str(folder), WHEEL], capture_output=True, text=True, timeout=600)
        wheels = sorted(folder.glob("gensim-4.4.0-*.whl"))
        assert wheels, f"could not download {WHEEL} from the package index: {done.stderr[-500:]}"
    raw = zipfile.ZipFile(wheels[0]).read(MEMBER).decode("latin-1")
    return raw.splitlines()


@pytest.fixture(scope="module")
def lee_folder(tmp_path_factory) -> Path:
    """The Lee articles as lee-NN.md files, as tests/data/devset/README.md describes."""
    folder = tmp_path_factory.mktemp("lee")
    for i, line in enumerate(lee_corpus(), 1):
        (folder / f"lee-{i:02d}.md").write_text(f'---\ntitle: "ABC news, lee-{i:02d}"\n---\n\n{line}\n', "utf-8")
    return folder


@pytest.fixture(scope="module")
def ru_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ru")
    for path in sorted(DEVSET.glob("ru-*.md")):
        shutil.copy(path, folder / path.name)
    return folder


def _facts(folder: Path) -> list[dict]:
    result = run_cli("facts", "--sources", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["facts"]


def _check(reference: Path, facts: list[dict], floors: dict) -> dict:
    gold = tomllib.loads(reference.read_text("utf-8"))
    scores = score(gold, facts)
    low = {kind: scores[kind][:2] for kind, (p, r) in floors.items()
           if scores[kind][0] < p or scores[kind][1] < r}
    assert not low, f"below the target (precision, recall): {low}"
    blob = json.dumps(facts, ensure_ascii=False)
    assert not [n for n in gold.get("noise", []) if n in blob], "page furniture in the fact table"
    return gold


def test_english_news_facts_hold_their_precision_and_recall(lee_folder):
    facts = _facts(lee_folder)
    gold = _check(DEVSET / "lee-facts.toml", facts, FLOOR_EN)
    right, people = roles_right(gold, facts)
    assert people == 50 and right >= ROLES_EN, f"{right} of {people} roles right"


def test_russian_news_facts_hold_their_precision_and_recall(ru_folder):
    _check(DEVSET / "ru-facts.toml", _facts(ru_folder), FLOOR_RU)


def test_no_reference_file_names_an_article_that_is_not_there():
    for name in ("lee-facts.toml", "ru-facts.toml"):
        gold = tomllib.loads((DEVSET / name).read_text("utf-8"))
        keys = set(gold["articles"])
        for kind in ("figure", "person", "date", "key_point"):
            assert all(entry.get("article", next(iter(keys))) in keys for entry in gold.get(kind, [])), (name, kind)


def test_summary_covers_the_key_points_of_every_eight_articles(lee_folder, tmp_path):
    """The Lee articles in groups of eight, a summary of eight points each: the points (with their
    details) cover 80 % of the reference key points of those articles, and every article gives one."""
    from briefing.model import Settings
    from briefing.report import make_report

    gold = tomllib.loads((DEVSET / "lee-facts.toml").read_text("utf-8"))
    letter = {a["file"]: key for key, a in gold["articles"].items()}
    files = sorted(lee_folder.glob("lee-*.md"))
    covered = total = 0
    for start in range(0, len(files) - GROUP + 1, GROUP):
        group = tmp_path / f"group-{start // GROUP}"
        group.mkdir()
        for f in files[start:start + GROUP]:
            shutil.copy(f, group)
        report = make_report(Settings(sources=group, output=tmp_path / "out", summary_points=GROUP))
        assert len(report.summary.points) == GROUP
        assert {p.source.article for p in report.summary.points} == {f.name for f in files[start:start + GROUP]}
        text = plain(" ".join(s.text for p in report.summary.points for s in p.sentences))
        wanted = {letter[f.name] for f in files[start:start + GROUP]}
        points = [k for k in gold["key_point"] if k["article"] in wanted]
        covered += sum(all(plain(t) in text for t in k["terms"]) for k in points)
        total += len(points)
    assert total >= 150 and covered / total >= COVERAGE, f"{covered} of {total} key points covered"
