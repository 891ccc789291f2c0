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
                     "report.toml), or create it and put articles (.txt, .md, .html) in it")
