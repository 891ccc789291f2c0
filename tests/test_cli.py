"""The command end to end: default build, subcommands, and every user error as one clean line."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SAMPLES, run_cli


def test_build_prints_each_file_with_pages_and_size(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(l.startswith(f"Wrote {tmp_path / 'briefing.pdf'} (") and "pages" in l and "KB" in l for l in lines)
    assert any(l.startswith(f"Wrote {tmp_path / 'briefing.epub'} (") for l in lines)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_no_arguments_builds_both_outputs_from_sources(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "sources")
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1"}
    proc = subprocess.run([sys.executable, str(ROOT / "make_report.py")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "output" / "briefing.pdf").stat().st_size > 10_000
    assert (tmp_path / "output" / "briefing.epub").stat().st_size > 10_000


def test_script_ends_quickly_but_flushes_its_output_and_leaves_no_temporary_files(tmp_path):
    """make_report.py ends without tearing the interpreter down: what it printed still arrives,
    its exit status is kept, and WeasyPrint's font folder is removed all the same."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1", "TMPDIR": str(temp)}
    script = [sys.executable, str(ROOT / "make_report.py")]
    built = subprocess.run([*script, "build", "--sources", str(SAMPLES), "--output", str(tmp_path / "out")],
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert built.stdout.count("Wrote ") == 2 and (tmp_path / "out" / "briefing.pdf").stat().st_size > 10_000
    assert list(temp.iterdir()) == []
    facts = subprocess.run([*script, "facts", "--sources", str(SAMPLES), "--format", "json"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert facts.returncode == 0 and json.loads(facts.stdout)["facts"]
    missing = subprocess.run([*script, "build", "--sources", str(tmp_path / "none")], env=env,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    # A build whose report fails after the print layout was prepared alongside it leaves nothing.
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "a.txt").write_bytes(b"\x00\x01 not text")
    refused = subprocess.run([*script, "build", "--sources", str(binary), "--output", str(tmp_path / "o2")],
                             env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "holds no readable articles" in refused.stderr
    assert list(temp.iterdir()) == []


def test_console_script_is_the_same_command():
    script = Path(sys.executable).parent / "make-report"
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "make-report" in proc.stdout


@pytest.mark.parametrize("args", [[], ["build"], ["facts"], ["summary"]])
def test_help_everywhere(args):
    result = run_cli(*args, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_version():
    from briefing import __version__

    result = run_cli("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_verbose_lists_removed_furniture(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf", "-v")
    assert "000_5dd0dada0e1535b1.txt: removed view counter: 2288" in result.stderr
    assert "003_103378228cc2b208.txt: removed subscription call" in result.stderr


def test_quiet_prints_nothing(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "epub", "-q")
    assert result.exit_code == 0 and result.stdout == ""


def test_facts_json_shape():
    result = run_cli("facts", "--sources", str(SAMPLES), "--format", "json")
    facts = json.loads(result.stdout)["facts"]
    assert {f["kind"] for f in facts} == {"figure", "person", "organization", "place", "date"}
    for fact in facts:
        assert fact["sources"] and all({"article", "title", "quote"} <= set(s) for s in fact["sources"])


@pytest.mark.parametrize("fmt,marker", [("csv", "kind,fact,detail"), ("md", "## Figures"), ("table", "Figures (")])
def test_facts_other_formats(fmt, marker):
    result = run_cli("facts", "--sources", str(SAMPLES), "--format", fmt)
    assert result.exit_code == 0 and marker in result.stdout


def test_summary_plain_text():
    result = run_cli("summary", "--sources", str(SAMPLES))
    points = [l for l in result.stdout.splitlines() if l.startswith("- ")]
    assert 5 <= len(points) <= 8


# ---------------------------------------------------------------- errors

def _one_line_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    errors = [l for l in lines if not l.startswith("Warning: ")]
    assert len(errors) == 1 and errors == lines[-1:], lines
    err = errors[0]
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in err, err


def test_missing_sources_folder(tmp_path):
    result = run_cli("build", "--sources", str(tmp_path / "nope"), "--output", str(tmp_path / "out"))
    _one_line_error(result, 2, "nope", "does not exist")


def test_sources_is_a_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nBody text here.")
    result = run_cli("build", "--sources", str(f), "--output", str(tmp_path / "out"))
    _one_line_error(result, 2, "a.txt", "is a file")


def test_empty_sources_folder(tmp_path):
    (tmp_path / "src").mkdir()
    result = run_cli("build", "--sources", str(tmp_path / "src"), "--output", str(tmp_path / "out"))
    _one_line_error(result, 2, "no readable articles")


def test_bad_files_are_skipped_with_a_warning_and_the_rest_builds(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "empty.txt").write_text("   \n")
    (src / "notes.docx").write_bytes(b"PK\x03\x04binary")
    shutil.copy(DATA / "left_out" / "broken-front-matter.md", src / "broken.md")
    (src / "nul.txt").write_bytes(b"Title\n\x00\x00binary")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--format", "epub",
                     "--allow-missing")
    assert result.exit_code == 0, result.output
    for name, why in [("empty.txt", "is empty"), ("notes.docx", "is not a Word document"),
                      ("broken.md", "front matter is not valid YAML"), ("nul.txt", "NUL bytes")]:
        assert any(name in l and why in l for l in result.stderr.splitlines()), (name, result.stderr)
    assert (tmp_path / "out" / "briefing.epub").exists()
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("4 of 6 articles left out (") and "broken.md" in last and "written without them" in last


def test_a_build_with_an_unreadable_article_writes_nothing_unless_allowed(tmp_path):
    """By default an article that cannot be read stops the build: the previous outputs stay as
    they were, and the last line names what was left out; --allow-missing writes without it."""
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    out = tmp_path / "out"
    assert run_cli("build", "--sources", str(src), "--output", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.copy(DATA / "left_out" / "broken-front-matter.md", src / "broken.md")
    failed = run_cli("build", "--sources", str(src), "--output", str(out))
    assert failed.exit_code == 1 and "Traceback" not in failed.stderr
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: 1 of 3 articles left out (broken.md); nothing was written") and \
        "--allow-missing" in last, failed.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    allowed = run_cli("build", "--sources", str(src), "--output", str(out), "--allow-missing")
    assert allowed.exit_code == 0 and "Wrote" in allowed.stdout
    assert allowed.stderr.strip().splitlines()[-1].startswith("1 of 3 articles left out (broken.md)")
    assert run_cli("build", "--sources", str(src), "--output", str(out), "--allow-missing", "--strict").exit_code == 1


def test_front_matter_with_a_colon_in_the_title_and_a_spelled_out_date_is_read(tmp_path):
    """`title: Port authority: night ferry approved` and `date: April 8, 2025` (or 8 April 2025)
    are what they look like, not a reason to skip the article."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("colon-title.md", "spelled-date.md"):
        shutil.copy(DATA / "left_out" / name, src / name)
    result = run_cli("facts", "--sources", str(src), "--format", "json")
    assert result.exit_code == 0 and "skipped" not in result.stderr, result.stderr
    built = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--format", "epub", "--strict")
    assert built.exit_code == 0, built.stderr
    from briefing.sources.readers import read_article

    colon = read_article(src / "colon-title.md")
    assert colon.title == "Port authority: night ferry approved" and colon.publication == "Harbour Gazette"
    assert colon.date.isoformat() == "2025-04-08" and read_article(src / "spelled-date.md").date.isoformat() == "2025-04-08"


@pytest.mark.parametrize("typed, expected", [
    ("2025-04-08", "2025-04-08"), ("April 8, 2025", "2025-04-08"), ("8 April 2025", "2025-04-08"),
    ("Apr. 8 2025", "2025-04-08"), ("8th of April, 2025", "2025-04-08"), ("8 апреля 2025", "2025-04-08"),
    ("08.04.2025", "2025-04-08"), ("2025/04/08", "2025-04-08"), ("13/04/2025", "2025-04-13"),
    ("Tue, 08 Apr 2025 10:00:00 +0000", "2025-04-08"), ("2025-04-08T10:00:00Z", "2025-04-08"),
    ("04/08/2025", "ambiguous"), ("2024-02-30", "does not exist"), ("last tuesday", "not a date"),
])
def test_dates_are_read_in_the_forms_people_type(typed, expected):
    from briefing.errors import SourceError
    from briefing.sources.readers import parse_date

    if expected[0].isdigit():
        assert parse_date(typed, Path("a.md")).isoformat() == expected
    else:
        with pytest.raises(SourceError, match=expected):
            parse_date(typed, Path("a.md"))


def test_strict_fails_on_warnings_and_writes_nothing(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "empty.txt").write_text("")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--strict",
                     "--allow-missing")
    assert result.exit_code == 1
    assert "--strict" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out" / "briefing.pdf").exists()


def test_bad_front_matter_values_are_named(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: Fine\ndate: last tuesday\n---\nBody of the article.\n")
    (src / "b.md").write_text("---\ntitle: Fine\nlanguage: english please\n---\nBody text.\n")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"))
    _one_line_error(result, 2, "no readable articles")
    result = run_cli("facts", "--sources", str(src))
    assert "a.md: date 'last tuesday' is not a date" in result.stderr
    assert "b.md: front matter language" in result.stderr


def test_missing_template_is_one_line_and_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "print.html").write_text('{% include "partials/nothing-here.html" %}')
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--layouts", str(layouts))
    _one_line_error(result, 3, "nothing-here.html", "not found")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_broken_template_is_one_line(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "print.html").write_text("{% for x in %}")
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / "o"), "--layouts", str(layouts))
    _one_line_error(result, 3, "print.html", "template error")


def test_output_folder_that_cannot_be_created(tmp_path):
    # /proc refuses new folders even to root, so this holds on any machine.
    result = run_cli("build", "--sources", str(SAMPLES), "--output", "/proc/briefing-out", "--format", "epub")
    _one_line_error(result, 4, "/proc/briefing-out", "cannot create the output folder")


def test_output_path_is_a_file(tmp_path):
    out = tmp_path / "file"
    out.write_text("x")
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--format", "epub")
    _one_line_error(result, 4, "file")


def test_user_layout_overrides_one_stylesheet(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    css = (ROOT / "layouts" / "epub.css").read_text() + "\n/* my-override-marker */\n"
    (layouts / "epub.css").write_text(css)
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / "o"), "--format", "epub",
                     "--layouts", str(layouts))
    assert result.exit_code == 0
    import zipfile

    assert b"my-override-marker" in zipfile.ZipFile(tmp_path / "o" / "briefing.epub").read("EPUB/styles/epub.css")


def test_title_option(tmp_path):
    import pypdf

    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--format", "pdf",
                     "--title", "Peacekeeping desk")
    assert result.exit_code == 0
    assert pypdf.PdfReader(tmp_path / "briefing.pdf").metadata.title == "Peacekeeping desk"


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(a)).exit_code == 0
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(b)).exit_code == 0
    for name in ("briefing.pdf", "briefing.epub"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_builds_with_a_cold_and_a_warm_cache_are_byte_identical(tmp_path, monkeypatch):
    """The font subsets, the gazetteer and the compiled templates kept in the cache folder give the
    same bytes as those made afresh."""
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("cold", "warm"):
        assert run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / name)).exit_code == 0
    assert list((tmp_path / "cache" / "fonts").glob("*.pickle"))
    for name in ("briefing.pdf", "briefing.epub"):
        assert (tmp_path / "cold" / name).read_bytes() == (tmp_path / "warm" / name).read_bytes(), name


def test_the_pdf_embeds_the_fonts_as_subset_here_whatever_subsetter_weasyprint_has(sample_build, sample_report):
    """Every font file in the PDF and in the EPUB is one of briefing.render.fonts' subsets, byte for
    byte: WeasyPrint subsets nothing (HarfBuzz and fontTools would give it other bytes), so the
    file is the same on a machine with or without libharfbuzz-subset0."""
    import pypdf

    from briefing.render.fonts import characters, subsets

    ours = set(subsets(characters(sample_report)).values())
    embedded = []
    for page in pypdf.PdfReader(sample_build / "briefing.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            embedded.append(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data())
    assert len(set(embedded)) >= 4 and set(embedded) <= ours
    with zipfile.ZipFile(sample_build / "briefing.epub") as book:
        in_book = {book.read(n) for n in book.namelist() if n.endswith(".ttf")}
    assert in_book == ours


def test_force_rebuilds_outputs_that_are_up_to_date(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(out)).exit_code == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert "Up to date" in run_cli("build", "--sources", str(SAMPLES), "--output", str(out)).stdout
    forced = run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--force")
    assert forced.exit_code == 0 and "Wrote" in forced.stdout and "Up to date" not in forced.stdout
    assert all(p.stat().st_mtime_ns != stamps[p.name] for p in out.iterdir() if p.name in stamps)
    assert run_cli("build", "--sources", str(SAMPLES), "--output", str(out), "--clean").exit_code == 0


def test_nothing_changed_means_nothing_rebuilt(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    out = tmp_path / "out"
    assert run_cli("build", "--sources", str(src), "--output", str(out)).exit_code == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run_cli("build", "--sources", str(src), "--output", str(out))
    assert again.exit_code == 0 and "Up to date" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    article = next(src.glob("*.txt"))
    article.write_text(article.read_text("utf-8") + "\nA closing sentence was added to this article.\n", "utf-8")
    third = run_cli("build", "--sources", str(src), "--output", str(out))
    assert "Wrote" in third.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} != stamps
    assert not list(out.glob(".cache")) and (tmp_path / ".cache" / "briefing").is_dir()


def test_sections_subtitle_and_author(tmp_path):
    import zipfile

    import pypdf

    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--section", "facts",
                     "--subtitle", "Weekly desk note", "--author", "Analysis Unit")
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "briefing.pdf")
    first = reader.pages[0].extract_text()
    assert "Weekly desk note" in first and "Analysis Unit" in first
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Key facts" in outline and "Summary" not in outline and "Sources" not in outline
    names = zipfile.ZipFile(tmp_path / "briefing.epub").namelist()
    assert "EPUB/facts.xhtml" in names and "EPUB/summary.xhtml" not in names
    assert b"Analysis Unit" in zipfile.ZipFile(tmp_path / "briefing.epub").read("EPUB/content.opf")


def test_progress_is_silent_when_stderr_is_not_a_terminal(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path))
    assert "Laying out" not in result.stderr and "\r" not in result.stderr


def test_progress_counts_the_pages_laid_out_in_one_bar(tmp_path):
    """The engine reports numbers: the layout's pages done of about so many, never a second pass
    starting again at page 1; the PDF and EPUB stages follow, then the files are saved."""
    from briefing.build import build
    from briefing.model import Settings
    from briefing.progress import Step

    seen: list[Step] = []
    build(Settings(sources=SAMPLES, output=tmp_path), seen.append)
    assert seen[0] == Step("Reading articles")
    layout = [s for s in seen if s.stage == "Laying out the PDF"]
    assert Step("Laying out the PDF", 3, layout[3].total, True, "pages laid out") == layout[3]
    assert [s.done for s in layout] == sorted(s.done for s in layout) and layout[-1].done > 13   # pages again
    assert seen[-1] == Step("Saving the files")


def test_layouts_folder_that_does_not_exist(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--layouts", str(tmp_path / "x"))
    assert result.exit_code == 2 and "internal error" not in result.stderr
    assert "is not a folder" in result.stderr and "Traceback" not in result.output


def test_a_layout_warning_names_the_stylesheet_and_line_in_our_words(tmp_path):
    """WeasyPrint's own warnings never reach the terminal as they are: a property it ignores in a
    user's print.css is a warning naming the file and line (and --strict fails on it)."""
    own = tmp_path / "layouts"
    own.mkdir()
    css = (ROOT / "layouts" / "print.css").read_text("utf-8")
    (own / "print.css").write_text(css + "\nh1 { text-rendering: optimizeLegibility; }\n", "utf-8")
    line = css.count("\n") + 2
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / "out"), "--layouts", str(own),
                     "--format", "pdf")
    assert result.exit_code == 0, result.output
    warnings = [l for l in result.stderr.splitlines() if l.startswith("Warning:")]
    assert any(f"print.css, line {line}: `text-rendering: optimizeLegibility` is ignored" in w for w in warnings), warnings
    assert not any(w.startswith("Warning: PDF:") or "WeasyPrint" in w for w in warnings)
    strict = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path / "strict"), "--layouts", str(own),
                     "--format", "pdf", "--strict")
    assert strict.exit_code == 1 and not (tmp_path / "strict" / "briefing.pdf").exists()


def test_the_samples_build_without_any_warning(sample_build):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(sample_build.parent / "again"), "--strict")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr and "Note" not in result.stderr
