"""Messy input, odd encodings and interruptions: every case has a defined result (README, "What
happens with bad input"), printed as one line, never a traceback, and nothing already built is lost."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, run_cli

from briefing.sources.collect import collect
from briefing.errors import OutputBusyError
from briefing.output import output_lock, write_outputs
from briefing.sources.readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, read_article

GOOD = "Good article\n\nThe mayor of Almaty opened a new bridge on Monday. Officials said it cost 12 million tenge.\n"
KAZAKH = ("Қазақстан әскери қызметшілері бейбітшілік миссиясына қатысты. Үкімет іс-шараны Астанада өткізді, "
          "оған ғалымдар мен өңір әкімдері қатысты.")


def _deep_html(depth: int) -> bytes:
    return ("<html><body><article><h1>Deep page</h1>" + "<div>" * depth
            + "<p>The deepest paragraph of the page still reaches the briefing. It has two sentences.</p>"
            + "</div>" * depth + "</article></body></html>").encode()


def _random_bytes() -> bytes:
    rng = random.Random(6)
    return bytes(rng.choice(range(1, 256)) for _ in range(4000))


# name -> (content, expected): "read: <text that must survive>" or "skip: <words of the warning>"
CASES = {
    "empty.txt": (b"", "skip: is empty"),
    "whitespace.md": (b"  \n\t\n\r\n   \n", "skip: is empty"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "skip: is a PNG image"),
    "document.md": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "skip: is a PDF document"),
    "noise.txt": (_random_bytes(), "skip: not"),
    "nul.txt": (b"Title\n\nSome text\x00\x00 with NUL bytes.\n", "skip: contains NUL bytes"),
    "one-line.txt": (b"Long line\n\n" + b"All work and no play. " * (MAX_TEXT_CHARS // 20), "skip: characters of text"),
    "deep.html": (_deep_html(10_000), "read: The deepest paragraph of the page still reaches the briefing."),
    "deeper.html": (_deep_html(100_000), "skip: has elements nested about 100,00"),
    "deep.md": (b"# Deep quote\n\n" + b"> " * 10_000 + b"Quoted deep down, and kept.\n", "read: Quoted deep down, and kept."),
    "malformed.html": (b"<html><body><p>Unclosed <b>bold <i>and italic<p>The second paragraph of a broken page "
                       b"is long enough to count as the article text of the page.</div></span><table><tr><td>x",
                       "read: The second paragraph of a broken page"),
    "wrong-types.md": (b"---\ntitle: [one, two]\n---\nBody text of the article.\n", "skip: front matter 'title' must be text"),
    "wrong-source.md": (b"---\nsource: {name: x}\n---\nBody text of the article.\n", "skip: front matter 'source' must be text"),
    "impossible-date.md": (b"---\ntitle: T\ndate: 2024-02-30\n---\nBody text.\n", "skip: front matter has an impossible value (day is out of range"),
    "word-date.md": (b"---\ntitle: T\ndate: last tuesday\n---\nBody text.\n", "skip: date 'last tuesday' is not a date"),
    "huge-number.md": (b"---\ntitle: " + b"9" * 5000 + b"\n---\nBody text.\n", "skip: front matter has an impossible value"),
    "deep-yaml.md": (b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nBody text.\n", "skip: front matter is not valid YAML"),
    "python-tag.md": (b"---\ntitle: !!python/object/apply:os.system [echo hi]\n---\nBody.\n", "skip: front matter is not valid YAML"),
    "control chars.txt": (b"Control \x01characters\n\nA line with a bell\x07 and an escape\x1b[31m inside, still kept.\n",
                          "read: A line with a bell and an escape[31m inside, still kept."),
    "статья «кавычки» 'single' \"double\".txt": ("Заголовок\n\nТекст статьи с именем на кириллице.\n".encode(),
                                                "read: Текст статьи с именем на кириллице."),
    "name with  spaces & symbols (1).md": (b"# Spaces\n\nAn article whose file name has spaces.\n",
                                          "read: An article whose file name has spaces."),
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    """A sources folder with one file per messy case, the links and special files, and a good article."""
    src = tmp_path_factory.mktemp("messy") / "sources"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, "utf-8")
    for name, (data, _) in CASES.items():
        (src / name).write_bytes(data)
    with open(src / "huge.txt", "wb") as fh:  # 20 MB, sparse: refused by its size before any read
        fh.truncate(20 * 1024 * 1024)
    outside = src.parent / "outside.txt"
    outside.write_text("Outside\n\nSECRET text outside the sources folder.\n")
    (src / "link-out.txt").symlink_to(outside)
    (src / "link-in.txt").symlink_to(src / "good.txt")
    (src / "broken-link.txt").symlink_to(src / "missing.txt")
    os.mkfifo(src / "pipe.txt")
    os.close(os.open(os.path.join(os.fsencode(src), b"latin1-caf\xe9.txt"), os.O_WRONLY | os.O_CREAT, 0o644))
    (src / "out").mkdir()                    # an output folder kept inside sources/: never read
    (src / "out" / "inner.txt").write_text("Inner\n\nText of a file in a sub-folder.\n")
    return src


@pytest.fixture(scope="module")
def messy_collection(messy):
    return collect(messy)


def _warning_for(warnings: tuple[str, ...], name: str) -> list[str]:
    return [w for w in warnings if f"/{name}:" in w or w.startswith(f"skipped {name}:")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_messy_file_has_its_defined_result(messy_collection, name):
    expected = CASES[name][1]
    mine = _warning_for(messy_collection.warnings, name)
    by_file = {a.filename: a for a in messy_collection.articles}
    if expected.startswith("skip: "):
        assert name not in by_file
        assert len(mine) == 1 and expected[6:] in mine[0], (name, messy_collection.warnings)
    else:
        assert name in by_file, (name, messy_collection.warnings)
        text = " ".join(b.text for b in by_file[name].blocks)
        assert expected[6:] in text
        assert not [w for w in mine if "skipped" in w], mine


@pytest.mark.parametrize("name, words", [
    ("huge.txt", "is 20.0 MB; articles over 10 MB are skipped"),
    ("link-out.txt", "is a link to a file outside the sources folder"),
    ("broken-link.txt", "is a link to a file that does not exist"),
    ("pipe.txt", "is not a regular file"),
    ("latin1-caf\udce9.txt", "its name is not valid UTF-8"),
])
def test_files_refused_before_reading(messy_collection, name, words):
    shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    mine = _warning_for(messy_collection.warnings, shown)
    assert len(mine) == 1 and words in mine[0], messy_collection.warnings


def test_links_inside_the_folder_and_sub_folders(messy_collection):
    names = {a.filename for a in messy_collection.articles}
    assert "link-in.txt" in names                      # a link to a file inside sources/ is fine
    assert "inner.txt" not in names                    # sub-folders are never read ...
    assert not [w for w in messy_collection.warnings if "/out" in w and "inner" in w]   # ... nor warned about
    assert not any("SECRET" in b.text for a in messy_collection.articles for b in a.blocks)


def test_same_title_twice_keeps_both_with_a_warning(messy_collection):
    same = [w for w in messy_collection.warnings if "has the same title as good.txt" in w]
    assert len(same) == 1 and "link-in.txt" in same[0]
    assert {"good.txt", "link-in.txt"} <= {a.filename for a in messy_collection.articles}


def test_unreadable_file_is_skipped_with_a_warning(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    locked = src / "locked.txt"
    locked.write_text("Locked\n\nText nobody may read.\n")
    locked.chmod(0o000)
    if os.geteuid() == 0:  # root reads anyway: make the open fail as it would for a user
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    result = collect(src)
    assert [a.filename for a in result.articles] == ["good.txt"]
    assert any("locked.txt: cannot be read (Permission denied)" in w for w in result.warnings), result.warnings


def test_a_thousand_files_are_collected_and_listed(tmp_path):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(1000):
        (src / f"article {i:04d} «№{i}» 'q'.txt").write_text(
            f"Article number {i}\n\nThe council of district {i} met {i % 7 + 2} delegates on Monday. "
            "Officials said the talks went well.\n", "utf-8")
    result = run_cli("facts", "--sources", str(src), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["facts"]
    assert len(collect(src).articles) == 1000


def test_messy_folder_builds_with_warnings_and_no_traceback(messy, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--sources", str(messy), "--output", str(out), "--format", "epub", "--allow-missing")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "articles left out (" in result.stderr.strip().splitlines()[-1]
    warnings = [l for l in result.stderr.splitlines() if l.startswith("Warning: ")]
    assert len(warnings) >= len([c for c in CASES.values() if c[1].startswith("skip")]) + 5
    assert (out / "briefing.epub").exists()


def test_strict_prints_every_warning_before_the_failure(messy, tmp_path):
    result = run_cli("build", "--sources", str(messy), "--output", str(tmp_path / "out"), "--strict",
                     "--format", "epub", "--allow-missing")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("Error: ") and "--strict" in lines[-1]
    warnings = [l for l in lines[:-1] if l.startswith("Warning: ")]
    assert len(warnings) == len(lines) - 1 and len(warnings) >= 15
    assert any("huge.txt" in w for w in warnings) and any("same title" in w for w in warnings)
    assert not (tmp_path / "out" / "briefing.epub").exists()


# ---------------------------------------------------------------- stops: one line, an exit code

def _one_line(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
    errors = [l for l in result.stderr.splitlines() if not l.startswith("Warning: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


def test_sources_pointing_at_a_file(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    _one_line(run_cli("build", "--sources", str(tmp_path / "a.txt"), "--output", str(tmp_path / "o")),
              2, "a.txt", "is a file, not a folder")


def test_output_folder_that_is_the_sources_folder(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    _one_line(run_cli("build", "--sources", str(tmp_path), "--output", str(tmp_path)), 4, "is the sources folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_output_folder_inside_sources_is_fine_and_never_read(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    for _ in range(2):  # the second build sees the first one's outputs in src/out
        result = run_cli("build", "--sources", str(src), "--output", str(src / "out"), "--format", "epub")
        assert result.exit_code == 0 and "Warning" not in result.stderr, result.stderr
        os.utime(src / "a.txt")  # a changed source: no "up to date" shortcut


def test_read_only_output_folder(tmp_path, monkeypatch):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    if os.geteuid() == 0:  # root writes anyway: make the permission check see what a user would
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == out and mode & os.W_OK
                            else real_access(p, mode))
    _one_line(run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--format", "epub"),
              4, "not writable")
    assert list(out.iterdir()) == []


def test_a_second_build_into_a_locked_folder_stops_at_once(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1"}
    with output_lock(out):   # another process is building into this folder
        proc = subprocess.run([sys.executable, str(ROOT / "make_report.py"), "build", "--sources", str(SAMPLES),
                               "--output", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 75, proc.stderr
    assert proc.stderr.splitlines() == [f"Error: {out}: another build is writing to this folder; wait for it "
                                        "or use --output"]
    assert list(out.iterdir()) == []


def test_lock_is_refused_while_held_and_free_after(tmp_path):
    with output_lock(tmp_path):
        with pytest.raises(OutputBusyError):
            with output_lock(tmp_path):
                pass
    with output_lock(tmp_path):
        pass


# ---------------------------------------------------------------- nothing lost

def test_interrupted_write_keeps_the_previous_outputs_and_no_temporary_files(tmp_path, monkeypatch):
    import briefing.output as output

    old = {tmp_path / "b.pdf": b"old pdf", tmp_path / "b.epub": b"old epub"}
    for path, data in old.items():
        path.write_bytes(data)
    real = output._write_temp
    calls = []

    def interrupted(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, data)

    monkeypatch.setattr(output, "_write_temp", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_outputs({path: b"new" for path in old})
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.epub", "b.pdf"]


def test_stale_temporary_files_of_a_killed_build_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".briefing.pdf.k1ll3d.tmp").write_bytes(b"half")
    (out / ".notes.tmp").write_bytes(b"the user's own")
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--format", "epub")
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [".notes.tmp", "briefing.epub"]


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("first") / "out"
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(out)).exit_code == 0
    return out


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """Enough articles that a build is still rendering seconds after it starts."""
    src = tmp_path_factory.mktemp("big") / "sources"
    src.mkdir()
    body = (SAMPLES / "000_5dd0dada0e1535b1.txt").read_text("utf-8")
    for i in range(120):
        (src / f"{i:03d}.txt").write_text(f"Copy {i} of the interview\n\n{body}", "utf-8")
    return src


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_keeps_previous_outputs_byte_identical(first_build, big_corpus, tmp_path, signum):
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "build", "--sources", str(big_corpus),
                             "--output", str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    assert proc.poll() is None, "the build finished before it could be interrupted: make the corpus bigger"
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Interrupted; the previous outputs were kept." in stderr and "Traceback" not in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # no temporary file either


def test_two_builds_into_different_folders_at_once(tmp_path):
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    procs = [subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "build", "--sources", str(SAMPLES),
                               "--output", str(tmp_path / name)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    for name in ("briefing.pdf", "briefing.epub"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["briefing.epub", "briefing.pdf"]


# ---------------------------------------------------------------- encodings and text hygiene

@pytest.fixture(scope="module")
def encoded_build(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("enc") / "sources"
    src.mkdir()
    (src / "cp1251.txt").write_bytes(
        ("Министр обороны посетил Астану\n\nВ среду министр обороны провёл совещание с руководством "
         "миротворческого центра. Участники обсудили подготовку военнослужащих.\n").encode("cp1251"))
    (src / "utf16.txt").write_bytes(
        ("Делегация прибыла в Женеву\n\nДелегация Казахстана прибыла в Женеву на переговоры. "
         "Встреча продлится три дня.\n").encode("utf-16"))
    (src / "kazakh.md").write_text(f"---\ntitle: Бейбітшілік миссиясы\nlanguage: kk\n---\n\n{KAZAKH}\n", "utf-8")
    (src / "mojibake.txt").write_text(
        "Mojibake repaired\n\nThe minister said: â€œWe will build it.â€\x9d The cafÃ© opened at "
        "the station. “Curly quotes” and the ﬁle ligature stay as written.\n", "utf-8")
    (src / "decomposed.txt").write_text("Decomposed\n\nThe cafe\u0301 in Mu\u0308nchen serves cre\u0300me bru\u0302le\u0301e.\n",
                                        "utf-8")
    out = src.parent / "out"
    result = run_cli("build", "--sources", str(src), "--output", str(out), "-v")
    assert result.exit_code == 0, result.stderr
    return out


ENCODED_TEXT = [
    "В среду министр обороны провёл совещание с руководством миротворческого центра.",
    "Делегация Казахстана прибыла в Женеву на переговоры.",
    KAZAKH.split(". ")[0],
    "Бейбітшілік миссиясы",
    "The minister said: “We will build it.”",
    "The café opened at the station.",
    "“Curly quotes” and the ﬁle ligature stay as written.",
    "The café in München serves crème brûlée.",
]


def test_encodings_survive_in_the_epub(encoded_build):
    with zipfile.ZipFile(encoded_build / "briefing.epub") as book:
        text = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))
    import re

    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text))
    for sentence in ENCODED_TEXT:
        assert sentence in plain, sentence


def test_encodings_survive_in_the_pdf(encoded_build):
    import re
    import unicodedata

    import pypdf

    text = " ".join(p.extract_text() for p in pypdf.PdfReader(encoded_build / "briefing.pdf").pages)
    plain = unicodedata.normalize("NFC", re.sub(r"\s+", " ", text))
    for sentence in ENCODED_TEXT:   # (a text layer may spell a ligature glyph out)
        assert sentence in plain or sentence.replace("ﬁ", "fi") in plain, sentence
    letters = set(KAZAKH) & set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    assert len(letters) >= 6
    for letter in letters:
        assert letter in plain, letter


@pytest.mark.parametrize("broken, repaired", [
    ("The cafÃ© is open.", "The café is open."),
    ("â€œQuoted,â€\x9d he said.", "“Quoted,” he said."),
    ("Привет, Астана!".encode("utf-8").decode("latin-1"), "Привет, Астана!"),
    ("Қазақстан әкімі".encode("utf-8").decode("latin-1"), "Қазақстан әкімі"),
    ("“Curly” and ‘single’ quotes stay curly.", "“Curly” and ‘single’ quotes stay curly."),
    ("ＦＵＬＬ width and the ﬁ ligature stay.", "ＦＵＬＬ width and the ﬁ ligature stay."),
    ("&amp; is not unescaped in text.", "&amp; is not unescaped in text."),
    ("Decomposed cafe\u0301 becomes NFC.", "Decomposed café becomes NFC."),
    ("A bell\x07 and a form\x0cfeed.", "A bell and a form\nfeed."),
])
def test_tidy_repairs_encoding_errors_only(broken, repaired):
    from briefing.sources.readers import tidy

    assert tidy(broken) == repaired


def test_read_limits_are_what_the_readme_says():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"{MAX_FILE_BYTES // 2**20} MB" in readme and f"{MAX_TEXT_CHARS:,}" in readme


def test_mixed_script_repairs_are_reported_with_verbose(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "mixed.txt").write_text("Mixed\n\nThe \u0421enter opened in Astana on Monday.\n", "utf-8")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "o"), "--format", "epub", "-v")
    assert result.exit_code == 0
    assert "mixed.txt: repaired mixed script: \u0421enter -> Center" in result.stderr
    assert read_article(src / "mixed.txt").blocks[0].text.startswith("The \u0421enter")   # the reader keeps it as written
