"""report.toml: every key validated with a one-line error, merged under the command line, documented."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT, SAMPLES, run_cli

from briefing.report import make_report
from briefing.config import KEYS, ConfigError, load_config, merge, resolve_settings
from briefing.model import Settings
from briefing.scaffold import REPORT_TOML

FULL = """\
sources = "articles"
output = "out"
layouts = "my-layouts"
title = "Flood desk"
subtitle = "Week 11"
author = "Research desk"
date = 2025-03-12
language = "en"
sections = ["sources", "summary"]
summary_points = 7
formats = ["pdf"]
basename = "week-11"
page_size = "Letter"
duplex = true
pdf_variant = "pdf/a-3b"
allow_missing = true
"""


def _config(folder: Path, text: str) -> Path:
    path = folder / "report.toml"
    path.write_text(text, "utf-8")
    return path


def test_every_key_is_read_and_folders_are_relative_to_the_file(tmp_path):
    (tmp_path / "my-layouts").mkdir()
    values = load_config(_config(tmp_path, FULL))
    assert set(values) == set(KEYS)
    assert values["sources"] == tmp_path / "articles" and values["output"] == tmp_path / "out"
    assert values["layouts"] == tmp_path / "my-layouts"
    assert values["date"] == dt.date(2025, 3, 12)
    assert values["sections"] == ("summary", "sources")       # canonical order
    assert values["page_size"] == "letter" and values["formats"] == ("pdf",)
    assert values["duplex"] is True and values["summary_points"] == 7
    settings = merge(values, {}, ())
    assert (settings.title, settings.subtitle, settings.author, settings.basename) == (
        "Flood desk", "Week 11", "Research desk", "week-11")


def test_a_date_may_also_be_a_string(tmp_path):
    assert load_config(_config(tmp_path, 'date = "2024-02-29"\n'))["date"] == dt.date(2024, 2, 29)


@pytest.mark.parametrize("line,needle", [
    ('titel = "x"', "unknown key 'titel' (did you mean 'title'?)"),
    ("colour = 1", "unknown key 'colour'; the keys are sources, output"),
    ("[pdf]\nsize = 1", "unknown key 'pdf'"),
    ("title = 3", "'title' must be text in quotes, not 3"),
    ("author = [\"a\"]", "'author' must be text"),
    ('date = "last tuesday"', "'date' must be a date written YYYY-MM-DD, not 'last tuesday'"),
    ('date = "2024-02-30"', "'date' must be a date"),
    ('language = "english"', "'language' must be a language code"),
    ('summary_points = "six"', "'summary_points' must be a whole number from 5 to 8, not 'six'"),
    ("summary_points = 12", "'summary_points' must be a whole number from 5 to 8, not 12"),
    ("summary_points = true", "'summary_points' must be a whole number"),
    ('sections = ["summary", "maps"]', "'sections' must be a list of 'summary', 'facts', 'sources'"),
    ("formats = []", "'formats' must be a list of 'pdf', 'epub' (at least one)"),
    ('page_size = "a5"', "'page_size' must be one of 'a4', 'letter', not 'a5'"),
    ('duplex = "yes"', "'duplex' must be true or false, not 'yes'"),
    ('pdf_variant = "pdf/x"', "'pdf_variant' must be one of"),
    ('basename = "out/briefing"', "'basename' must be a file name"),
    ("sources = 1", "'sources' must be a folder path in quotes"),
    ('layouts = "no-such-folder"', "layouts folder"),
    ('title = "unclosed', 'line 1: close the quotes: title = "unclosed"'),
    ("title = 'a' 'b'", "line 1: is not valid TOML (Expected newline or end of document after a statement, at column 13)"),
])
def test_a_wrong_key_or_value_is_one_line_naming_key_and_file(tmp_path, line, needle):
    path = _config(tmp_path, line + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith((f"{path}: ", f"{path}, line ")) and needle in message, message
    assert "\n" not in message and info.value.exit_code == 2


def test_the_command_line_wins_but_its_defaults_do_not(tmp_path):
    values = load_config(_config(tmp_path, 'title = "From file"\npage_size = "letter"\nbasename = "desk"\n'))
    options = {"title": None, "page_size": "a4", "sources": Path("sources"), "formats": ()}
    settings = merge(values, options, given=())
    assert (settings.title, settings.page_size, settings.basename) == ("From file", "letter", "desk")
    options = {**options, "title": "Typed", "page_size": "A4"}
    settings = merge(values, options, given={"title", "page_size"})
    assert (settings.title, settings.page_size) == ("Typed", "a4")
    assert merge({}, {"page_size": "a4", "formats": ()}, ()) == Settings(Path("sources"), Path("output"))


def test_report_toml_in_the_current_folder_is_found(tmp_path, monkeypatch):
    _config(tmp_path, 'title = "Here"\n')
    monkeypatch.chdir(tmp_path)
    assert resolve_settings({}, ()).title == "Here"
    assert resolve_settings({}, (), folder=tmp_path / "elsewhere").title is None


def test_settings_reach_the_report(tmp_path):
    _config(tmp_path, f'sources = "{SAMPLES}"\ntitle = "T"\nsubtitle = "S"\nauthor = "Desk"\ndate = 2025-01-02\n'
                      'language = "kk"\nsummary_points = 5\nsections = ["facts"]\n')
    report = make_report(resolve_settings({}, (), folder=tmp_path))
    assert (report.title, report.subtitle, report.author, report.date, report.language) == (
        "T", "S", "Desk", dt.date(2025, 1, 2), "kk")
    assert len(report.summary.points) == 5 and report.sections == ("facts",)


def test_build_uses_the_config_and_the_title_option_wins(tmp_path, monkeypatch):
    _config(tmp_path, f'sources = "{SAMPLES}"\ntitle = "Title from report.toml"\nformats = ["pdf"]\n'
                      'basename = "desk"\n')
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "-q")
    assert result.exit_code == 0, result.output
    assert pypdf.PdfReader(tmp_path / "output" / "desk.pdf").metadata.title == "Title from report.toml"
    assert not (tmp_path / "output" / "desk.epub").exists()
    result = run_cli("build", "-q", "--title", "Typed title", "--output", "typed")
    assert result.exit_code == 0, result.output
    assert pypdf.PdfReader(tmp_path / "typed" / "desk.pdf").metadata.title == "Typed title"


def test_config_option_reads_another_file(tmp_path):
    path = _config(tmp_path, f'sources = "{SAMPLES}"\nsummary_points = 8\n')
    result = run_cli("summary", "--config", str(path))
    assert result.exit_code == 0 and len([l for l in result.stdout.splitlines() if l.startswith("- ")]) == 8


@pytest.mark.parametrize("args,needle", [
    (["build"], "report.toml: unknown key 'titel'"),
    (["facts"], "report.toml: unknown key 'titel'"),
    (["build", "--language", "english please"], "--language: must be a language code"),
    (["summary", "--summary-points", "3"], "--summary-points: must be a whole number from 5 to 8, not 3"),
])
def test_config_errors_exit_2_with_one_line(tmp_path, monkeypatch, args, needle):
    _config(tmp_path, 'titel = "x"\n' if "titel" in needle else "")
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {needle}"), lines
    assert "Traceback" not in result.output


def test_every_key_is_documented_in_the_readme_and_in_the_init_template():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in KEYS:
        assert re.search(rf"^\| `{name}` \|", readme, re.M), f"{name} missing from the README's report.toml table"
        assert re.search(rf"^#? ?{name} = ", REPORT_TOML, re.M), f"{name} missing from the init report.toml"
