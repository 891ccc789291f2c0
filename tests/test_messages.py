"""Messages that send the user the right way (wrong folder, report.toml typos), and the
progress display: numbers from the engine, one bar per stage drawn by the command line."""
from __future__ import annotations

import io
import shutil

import pytest
from conftest import DATA, SAMPLES, run_cli

MESSAGES = DATA / "messages"
BRIEFING_FOLDER = MESSAGES / "briefing-folder"


def _the_error(result, code: int = 2) -> str:
    """The one line the command printed on stderr (no traceback, nothing else)."""
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    return lines[0]


# --- report.toml: what to write instead ---------------------------------------------------------

@pytest.mark.parametrize("name,line,advice", [
    ("curly-quotes.toml", 2, 'use straight quotes "…", not curly ones: title = "Flood desk"'),
    ("unquoted.toml", 2, 'put text in quotes: title = "Flood desk"'),
    ("yes-for-true.toml", 3, "write true or false, not yes: duplex = true"),
    ("backslashes.toml", 2, "a back-slash in double quotes starts an escape (such as \\n); use forward "
                            "slashes or single quotes: sources = 'C:\\Users\\me\\articles'"),
    ("backslashes-parsed.toml", 2, "a back-slash in double quotes starts an escape (such as \\n); use forward "
                                   "slashes or single quotes: output = 'D:\\briefings\\today'"),
])
def test_a_report_toml_mistake_is_one_line_saying_what_to_write(name, line, advice):
    path = MESSAGES / name
    result = run_cli("build", "--config", str(path))
    assert _the_error(result) == f"Error: {path}, line {line}: {advice}"


@pytest.mark.parametrize("text,line,advice", [
    ("title = ‘Flood desk’\n", 1, 'use straight quotes "…", not curly ones: title = "Flood desk"'),
    ('title = "Flood desk”\n', 1, 'use straight quotes "…", not curly ones: title = "Flood desk"'),
    ("allow_missing = Off\n", 1, "write true or false, not Off: allow_missing = false"),
    ("duplex = True\n", 1, "write true or false, not True: duplex = true"),
    ("author = Research desk  # who wrote it\n", 1, 'put text in quotes: author = "Research desk"'),
    ("formats = pdf, epub\n", 1, 'put each item in quotes, in brackets: formats = ["pdf", "epub"]'),
    ("summary_points = six\n", 1, "write a whole number from 5 to 8, without quotes: summary_points = 6"),
    ('\n\ntitle = "Flood desk\n', 3, 'close the quotes: title = "Flood desk"'),
    ('title: "Flood desk"\n', 1, 'write the key, an equals sign and the value: title = "Flood desk"'),
    ("date = April 8, 2025\n", 1, "write the date as YYYY-MM-DD: date = 2025-04-08"),
    ('title = "a"\n\ntitle = "b"\n', 3, "'title' is set twice; keep one of the two lines"),
    ("layouts = 'D:\\desk's layouts'\n", 1, None),   # no advice of its own: TOML's words, with the line
])
def test_other_common_mistakes_get_advice_too(tmp_path, text, line, advice):
    from briefing.config import ConfigError, load_config

    path = tmp_path / "report.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: ") and "\n" not in message, message
    if advice is None:
        assert "is not valid TOML" in message and "(at line" not in message, message
    else:
        assert message == f"{path}, line {line}: {advice}"


# --- run from the wrong folder -------------------------------------------------------------------

def test_run_from_a_folder_without_sources_names_it_and_suggests_sources_or_cd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    error = _the_error(run_cli("build"))
    assert error == (f"Error: {tmp_path / 'sources'}: no such folder (make-report reads the articles in sources/ of "
                     "the folder it runs in); cd to your briefing folder or pass --sources DIR")
    assert not (tmp_path / "output").exists()


def test_run_from_the_folder_above_a_briefing_folder_says_cd_into_it(tmp_path, monkeypatch):
    shutil.copytree(BRIEFING_FOLDER, tmp_path / "weekly-desk")
    monkeypatch.chdir(tmp_path)
    for command in ("build", "facts", "summary"):
        error = _the_error(run_cli(command))
        assert error.startswith(f"Error: {tmp_path / 'sources'}: no such folder"), error
        assert error.endswith("; cd weekly-desk (it has report.toml and sources/) or pass --sources DIR"), error


def test_sources_given_as_the_briefing_folder_points_to_its_sources(tmp_path):
    error = _the_error(run_cli("build", "--sources", str(BRIEFING_FOLDER), "--output", str(tmp_path / "out")))
    assert error == (f"Error: {BRIEFING_FOLDER}: holds no articles, but it looks like a briefing folder (report.toml "
                     f"and sources/): pass --sources {BRIEFING_FOLDER / 'sources'}, or cd {BRIEFING_FOLDER} and run "
                     "make-report there")


def test_a_sources_folder_that_does_not_exist_is_named_in_full(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    error = _the_error(run_cli("build", "--sources", "artcles"))
    assert error == (f"Error: {tmp_path / 'artcles'}: folder does not exist; check --sources (or sources in "
                     "report.toml), or create it and put articles (.txt, .md, .html, .mhtml, .docx) in it")


# --- progress: the bar's text ---------------------------------------------------------------------

@pytest.mark.parametrize("step,elapsed,width,text", [
    (("Reading articles", 3, 12, False, "files read"), 4.2, 80,
     "[   4 s] Reading articles  [#####---------------]  3 of 12 files read"),
    (("Laying out the PDF", 7, 25, True, "pages laid out"), 12.0, 100,
     "[  12 s] Laying out the PDF  [#####---------------]  7 of about 25 pages laid out"),
    (("Laying out the PDF", 7, 25, True, "pages laid out"), 12.0, 80,     # a shorter bar
     "[  12 s] Laying out the PDF  [####-------------]  7 of about 25 pages laid out"),
    (("Laying out the PDF", 25, 25, False, "pages laid out"), 20.0, 100,
     "[  20 s] Laying out the PDF  [####################]  25 of 25 pages laid out"),
    (("Laying out the PDF", 30, 25, True, "pages laid out"), 20.0, 100,   # past an estimate: full, no overflow
     "[  20 s] Laying out the PDF  [####################]  30 of about 25 pages laid out"),
    (("Laying out the PDF", 7, 25, True, "pages laid out"), 12.0, 60,      # too narrow for the bar
     "[  12 s] Laying out the PDF  7 of about 25 pages laid out"),
    (("Laying out the PDF", 7, 25, True, "pages laid out"), 12.0, 30,      # never wraps the terminal's line
     "[  12 s] Laying out the PDF"),
    (("Writing the PDF", 0, 0, False, ""), 31.0, 80, "[  31 s] Writing the PDF"),
])
def test_status_text_is_one_bar_per_stage_with_done_of_total(step, elapsed, width, text):
    from briefing.progress import Step
    from make_report import status_text

    stage, done, total, about, unit = step
    line = status_text(Step(stage, done, total, about, unit), elapsed, width)
    assert line == text and len(line) < width


# --- progress: the layout bar never goes back ------------------------------------------------------

def _weasyprint_messages(pages: int, again: tuple[int, ...], passes: int) -> list[tuple[str, int | None]]:
    """WeasyPrint's progress messages for a layout of `pages` pages whose pages `again` are laid
    out again in each of `passes` repaginations (what the samples' contents and fact table do)."""
    messages: list[tuple[str, int | None]] = [("Step 5 - Creating layout - Page %d", n) for n in range(1, pages + 1)]
    for loop in range(1, passes + 1):
        messages.append(("Step 5 - Creating layout - Repagination #%d", loop))
        for n in range(1, pages + 1):
            messages.append(("Step 5 - Creating layout - Page %d" + ("" if n in again else " (up-to-date)"), n))
    return messages


@pytest.mark.parametrize("expected,again", [(13, 12), (8, 4), (40, 30)])   # right, too few, too many
def test_the_layout_counts_every_page_laid_out_in_one_bar_that_never_goes_back(expected, again):
    from briefing.progress import PageCount

    count = PageCount(expected, again)
    steps = [s for s in (count.heard(m, n) for m, n in _weasyprint_messages(13, tuple(range(2, 8)), 2)) if s]
    steps.append(count.finished())
    done = [s.done for s in steps]
    assert done == sorted(done) and done[-1] == 13 + 6 + 6
    assert all(s.stage == "Laying out the PDF" and s.unit == "pages laid out" and s.done <= s.total for s in steps)
    assert all(s.about for s in steps[:-1]) and not steps[-1].about and steps[-1].total == 25
    assert len({s.stage for s in steps}) == 1            # no "pass 2, page 1": the same bar all along


def test_the_page_estimate_is_near_the_samples_pages(sample_report):
    from briefing.render.pdf import expected_pages

    pages, again = expected_pages(sample_report)
    assert 10 <= pages <= 16 and 6 <= again <= 18      # 13 pages; 12 laid out again (pages 2-7, twice)


# --- progress: what the engine reports ----------------------------------------------------------

def test_reading_reports_files_done_of_files_found_across_both_processes(tmp_path):
    from briefing.progress import Step
    from briefing.sources.collect import collect

    for i in range(20):                                 # 16 or more: read by two processes
        shutil.copy(SAMPLES / sorted(p.name for p in SAMPLES.iterdir())[i % 2], tmp_path / f"{i:03}.txt")
    seen: list[Step] = []
    collect(tmp_path, seen.append)
    assert seen[0] == Step("Reading articles", 0, 20, unit="files read")
    assert seen[-1] == Step("Reading articles", 20, 20, unit="files read")
    assert [s.done for s in seen] == sorted(s.done for s in seen)


def test_a_build_reports_each_stage_in_order(tmp_path):
    from briefing.build import build
    from briefing.model import Settings
    from briefing.progress import Step

    seen: list[Step] = []
    result = build(Settings(sources=SAMPLES, output=tmp_path), seen.append, force=True)
    # "Finding facts and the summary" is reported by the process that reads the articles
    stages = [s for s in dict.fromkeys(s.stage for s in seen) if s != "Finding facts and the summary"]
    assert stages == ["Reading articles", "Laying out the PDF", "Writing the PDF", "Packing the EPUB",
                      "Saving the files"], stages
    layout = [s for s in seen if s.stage == "Laying out the PDF"]
    assert layout[0].done == 0 and layout[0].about and layout[0].total >= 10
    assert [s.done for s in layout] == sorted(s.done for s in layout)
    assert not layout[-1].about and layout[-1].done == layout[-1].total >= result.outputs[0].pages


# --- progress: shown on a terminal only ------------------------------------------------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_status_line_overwrites_itself_on_a_terminal_after_a_second():
    from briefing.progress import Step
    from make_report import StatusLine

    clock, terminal = _Clock(), _Terminal()
    with StatusLine(enabled=True, stream=terminal, clock=clock, width=80) as status:
        status(Step("Reading articles", 1, 2, unit="files read"))
        assert terminal.getvalue() == ""                 # builds shorter than a second show nothing
        clock.now += 2
        status(Step("Laying out the PDF", 3, 13, True, "pages laid out"))
    shown = terminal.getvalue()
    assert shown == ("\r\033[K[   2 s] Laying out the PDF  [###--------------]  3 of about 13 pages laid out"
                     "\r\033[K")
    assert "\n" not in shown


@pytest.mark.parametrize("enabled,stream", [(True, io.StringIO()), (False, _Terminal())])  # a pipe; -q
def test_the_status_line_prints_nothing_off_a_terminal_or_with_quiet(enabled, stream):
    from briefing.progress import Step
    from make_report import StatusLine

    clock = _Clock()
    with StatusLine(enabled=enabled, stream=stream, clock=clock, width=80) as status:
        clock.now += 5
        status(Step("Laying out the PDF", 3, 13, True, "pages laid out"))
        status.clear()
    assert stream.getvalue() == ""


def test_a_build_in_a_pipe_prints_no_progress(tmp_path):
    result = run_cli("build", "--sources", str(SAMPLES), "--output", str(tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and "\r" not in result.output


def test_an_error_removes_the_status_line_before_its_own_line():
    from briefing.errors import NoSourcesError
    from briefing.progress import Step
    from make_report import StatusLine, UserError, run

    def fail():
        raise NoSourcesError("holds no readable articles", "sources")

    clock, terminal = _Clock(), _Terminal()
    status = StatusLine(enabled=True, stream=terminal, clock=clock, width=80)
    clock.now += 2
    status(Step("Reading articles"))
    with pytest.raises(UserError):
        run(fail, status=status)
    assert terminal.getvalue() == "\r\033[K[   2 s] Reading articles\r\033[K"


def test_a_recorded_layout_of_the_samples_fills_one_bar_without_going_back():
    """tests/data/progress/weasyprint-samples.log is what WeasyPrint's progress logger said while
    laying out the samples (13 pages, then the contents, summary and fact table again, twice): fed
    to the layout bar, it counts up to every page laid out and never shows a second pass."""
    import re

    from briefing.progress import PageCount

    count = PageCount(13, 12)
    steps = []
    for line in (DATA / "progress" / "weasyprint-samples.log").read_text("utf-8").splitlines():
        m = re.search(r"(?:Page |Repagination #)(\d+)", line)
        step = count.heard(line, int(m.group(1)) if m else None)
        if step:
            steps.append(step)
    steps.append(count.finished())
    done = [s.done for s in steps]
    laid_out = sum(1 for l in (DATA / "progress" / "weasyprint-samples.log").read_text("utf-8").splitlines()
                   if "Creating layout - Page" in l and "up-to-date" not in l)
    assert done == sorted(done) and done[-1] == laid_out > 13
    assert all(s.done <= s.total for s in steps) and len({s.stage for s in steps}) == 1
