"""Everyday use: `init` a briefing folder, `add` web pages as Markdown, `watch` and rebuild on save."""
from __future__ import annotations

import functools
import http.server
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, ROOT, run_cli

from briefing.config import load_config
from briefing.sources.htmlpage import read_page
from briefing.sources.importer import slug, to_markdown
from briefing.model import Article, Block, Run
from briefing.sources.markdown import read_markdown, split_front_matter

PAGES = DATA / "pages"
ENV = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1", "PYTHONUNBUFFERED": "1"}
SCRIPT = Path(sys.executable).parent / "make-report"


# ---------------------------------------------------------------- init

def test_init_makes_a_folder_that_builds_at_once_with_its_title(tmp_path):
    folder = tmp_path / "desk"
    result = run_cli("init", str(folder))
    assert result.exit_code == 0, result.output
    assert "Created" in result.stdout and "make-report build" in result.stdout
    assert (folder / "layouts").is_dir() and not any((folder / "layouts").iterdir())
    [article] = (folder / "sources").iterdir()
    assert article.suffix == ".md" and read_markdown(article.read_text("utf-8"), article).date
    config = folder / "report.toml"
    assert load_config(config)["layouts"] == folder / "layouts"
    config.write_text(config.read_text("utf-8").replace('# title = "Morning briefing"', 'title = "Harbour desk"'))
    proc = subprocess.run([str(SCRIPT), "build", "--strict"], cwd=folder, env=ENV, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert pypdf.PdfReader(folder / "output" / "briefing.pdf").metadata.title == "Harbour desk"
    assert (folder / "output" / "briefing.epub").stat().st_size > 10_000


def test_init_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path}: already exists and is not empty; choose a new folder name (nothing was changed)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    assert run_cli("init", str(tmp_path / "file")).exit_code == 1


# ---------------------------------------------------------------- add

# What each saved page holds around its article: none of it may reach the Markdown.
FURNITURE = {
    "coastal-courier.html": [
        "We use cookies", "Accept all", "What's On", "Obituaries", "Subscribe from", "Search the Courier",
        "Home", "Most read", "Lifeboat crew", "bakery", "Rovers", "Roadworks", "Advertisement",
        "Comments", "About time", "slipway", "bus from the station", "About us", "Privacy policy",
        "All rights reserved", "Registered in England", "dataLayer", "gtag", "Sign up", "Share on X",
        "Courier archive"],
    "steppe-herald.html": [
        "uses cookies", "461.20", "Қазақша", "Politics", "Photo galleries", "Tags:", "Telegram",
        "Related news", "Solar plant", "Great news", "power cuts", "Most read", "New bridge", "Mazhilis",
        "Snowstorm", "Advertising", "About the Herald", "Registration certificate", "_paq", "querySelectorAll",
        "1 874"],
    "vecherniy-gorod.html": [
        "cookie", "Главная", "Происшествия", "Объявления", "Самое читаемое", "Экибастуз", "уголь",
        "Комментарии", "Наконец-то", "Все права защищены", "перепечатке", "metrika"],
}
META = {
    "coastal-courier.html": ("Port authority approves night ferry after record summer", "Helen Marsh",
                             "2024-04-09", "The Coastal Courier"),
    "steppe-herald.html": ("Wind farm near Ereymentau reaches full capacity", "Dana Seitkali", "2023-11-21",
                           "Steppe Herald"),
    "vecherniy-gorod.html": ("В Павлодаре открыли новую детскую библиотеку", "Ольга Петренко", "2024-09-02",
                             "Вечерний город"),
}


@pytest.mark.parametrize("page", sorted(FURNITURE))
def test_add_writes_the_article_alone_with_its_front_matter(tmp_path, page):
    src = tmp_path / "sources"
    result = run_cli("add", str(PAGES / page), "--sources", str(src))
    assert result.exit_code == 0, result.output
    [written] = src.iterdir()
    assert result.stdout.startswith(f"Added {written}: ")
    text = written.read_text("utf-8")
    meta, body = split_front_matter(text, written)
    title, author, date, publication = META[page]
    assert (meta["title"], meta["author"], meta["source"]) == (title, author, publication)
    assert re.search(rf"^date: {date}$", text, re.M)                     # ISO, unquoted
    assert written.name == slug(title) + ".md"
    for furniture in FURNITURE[page]:
        assert furniture.lower() not in body.lower(), furniture
    # Every block of the page's article survives the trip through Markdown, styles included.
    original = read_page((PAGES / page).read_text("utf-8"), PAGES / page)
    again = read_markdown(text, written)
    assert [(b.kind, b.runs, b.rows) for b in again.blocks] == [(b.kind, b.runs, b.rows) for b in original.blocks]
    assert (again.title, again.author, again.publication, again.language) == (
        original.title, original.author, original.publication, original.language)


def test_add_keeps_structure_and_inline_styles_as_markdown(tmp_path):
    run_cli("add", str(PAGES / "coastal-courier.html"), "--sources", str(tmp_path))
    body = next(tmp_path.iterdir()).read_text("utf-8")
    for markdown in ["record **412,000** last summer", "Harbour master *Daniel Okafor* said",
                     "## Concerns about noise", "> We are not against the ferry.",
                     "[Island Lines](https://www.islandlines.example)", "- Adults: £6.50 one way",
                     "| Year | Passengers |\n|---|---|\n| 2022 | 356,000 |",
                     "url: https://www.coastalcourier.example/news/2024/04/09/night-ferry-approved"]:
        assert markdown in body, markdown


def test_add_never_overwrites(tmp_path):
    page = str(PAGES / "steppe-herald.html")
    run_cli("add", page, "--sources", str(tmp_path))
    first = tmp_path / "wind-farm-near-ereymentau-reaches-full-capacity.md"
    first.write_text(first.read_text("utf-8") + "\nMy own note.\n", "utf-8")
    result = run_cli("add", page, page, "--sources", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "wind-farm-near-ereymentau-reaches-full-capacity-2.md",
        "wind-farm-near-ereymentau-reaches-full-capacity-3.md",
        "wind-farm-near-ereymentau-reaches-full-capacity.md"]
    assert "My own note." in first.read_text("utf-8")


def test_added_articles_build(tmp_path):
    src = tmp_path / "sources"
    assert run_cli("add", *(str(PAGES / p) for p in sorted(FURNITURE)), "--sources", str(src)).exit_code == 0
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--format", "epub",
                     "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("arg,needle", [
    ("front-page.html", "has no recognisable article; give the article's own page"),
    ("missing.html", "no such file"),
    ("ftp://example.org/page.html", "only http:// and https:// addresses can be fetched"),
    ("www.example.org/news/x", "(for a web address, start it with https://)"),
])
def test_add_problems_are_one_line(tmp_path, arg, needle):
    source = arg if "/" in arg else str(PAGES / arg)
    result = run_cli("add", source, "--sources", str(tmp_path / "src"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and needle in lines[0], lines
    assert not (tmp_path / "src").exists() or not any((tmp_path / "src").iterdir())


def test_add_names_what_the_page_does_not_give(tmp_path):
    page = tmp_path / "bare.html"
    sentence = "The council met on Monday and agreed the budget for the coming year after a long debate. "
    page.write_text(f"<html><body><article><h1>Council meets</h1><p>{sentence * 4}</p></article></body></html>")
    result = run_cli("add", str(page), "--sources", str(tmp_path / "src"))
    assert result.exit_code == 0, result.output
    assert "the page gives no author, date, source" in result.stderr


@pytest.fixture()
def web_server():
    """A local web server for tests/data/pages: the URL path of `add` without the network."""
    handler = functools.partial(QuietHandler, directory=str(PAGES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_add_fetches_a_url(tmp_path, web_server, no_proxy):
    url = f"{web_server}/steppe-herald.html"
    result = run_cli("add", url, "--sources", str(tmp_path))
    assert result.exit_code == 0, result.output
    meta, body = split_front_matter(next(tmp_path.iterdir()).read_text("utf-8"), tmp_path)
    assert meta["url"] == url and meta["author"] == "Dana Seitkali" and "Related news" not in body


def test_add_url_errors_are_one_line(tmp_path, web_server, no_proxy):
    result = run_cli("add", f"{web_server}/no-such-page.html", "--sources", str(tmp_path))
    assert result.exit_code == 2 and "the server answered 404" in result.stderr
    result = run_cli("add", "http://127.0.0.1:9/page.html", "--sources", str(tmp_path), "--timeout", "2")
    assert result.exit_code == 2 and "cannot be fetched" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("title,expected", [
    ("Port authority approves night ferry after record summer",
     "port-authority-approves-night-ferry-after-record-summer"),
    ("Café prices: up 12% in a year?", "cafe-prices-up-12-in-a-year"),
    ("В Павлодаре открыли библиотеку", "в-павлодаре-открыли-библиотеку"),
    ("Қазақстан: жаңа зауыт", "қазақстан-жаңа-зауыт"),
    ("snake_case and/or C#", "snake-case-and-or-c"),
    ("!!!", "article"),
    ("A very long headline " * 6, "a-very-long-headline-a-very-long-headline-a-very-long"),
])
def test_slug(title, expected):
    assert slug(title) == expected and len(slug(title)) <= 60


@pytest.mark.parametrize("runs", [
    (Run("Plain text with *stars*, _underscores_, [brackets], <tags>, `ticks` and a \\ backslash."),),
    (Run("Price "), Run("412,000", bold=True), Run(" and "), Run("italic words", italic=True), Run(".")),
    (Run("A "), Run("bold link", bold=True, href="https://example.org/a_b?x=(1)"), Run(" here.")),
    (Run("AT&T and &amp; stay literal; snake_case stays."),),
    (Run("1. Not a list"),),
    (Run("# Not a heading"),),
    (Run("- not an item"),),
    (Run("Call "), Run("make-report build", code=True), Run(" now.")),
])
def test_markdown_round_trip_of_inline_runs(tmp_path, runs):
    article = Article(path=tmp_path / "a.md", title="T", blocks=(Block("paragraph", runs),))
    again = read_markdown(to_markdown(article), tmp_path / "a.md")
    assert again.blocks[0].runs == runs


# ---------------------------------------------------------------- watch

def test_watch_rebuilds_on_change_keeps_outputs_on_failure_and_stops_cleanly(tmp_path):
    """A saved source, a broken then mended layout, and an edited report.toml, each one line."""
    assert run_cli("init", str(tmp_path / "desk")).exit_code == 0
    src, layouts, out = tmp_path / "desk" / "sources", tmp_path / "desk" / "layouts", tmp_path / "out"
    err = (tmp_path / "stderr.txt").open("w+")
    proc = subprocess.Popen([sys.executable, str(ROOT / "make_report.py"), "watch", "--sources", str(src),
                             "--output", str(out), "--layouts", str(layouts), "--format", "pdf"],
                            cwd=tmp_path / "desk", env=ENV, stdout=subprocess.PIPE, stderr=err, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True)
    reader.start()
    pdf = out / "briefing.pdf"
    try:
        assert _next_line(lines, 120).startswith(f"built {pdf} in ")
        assert _next_line(lines, 10).startswith("Watching ")
        before = pdf.stat().st_mtime_ns
        article = next(src.iterdir())
        article.write_text(article.read_text("utf-8") + "\nThe towns will publish gauge data online.\n", "utf-8")
        assert re.fullmatch(rf"rebuilt {re.escape(str(pdf))} in \d+\.\d s\n", _next_line(lines, 30))
        assert pdf.stat().st_mtime_ns != before
        good = pdf.read_bytes()
        (layouts / "print.html").write_text("{% for x in %}")
        failed = _next_line(lines, 30)
        assert failed.startswith("build failed: ") and failed.endswith("; kept the last good outputs\n")
        assert "print.html" in failed and pdf.read_bytes() == good
        (layouts / "print.html").unlink()    # back to the last good inputs: rebuilt, or found up to date
        assert re.match(rf"(rebuilt|up to date:) {re.escape(str(pdf))}", _next_line(lines, 30))
        config = tmp_path / "desk" / "report.toml"                # found in the current folder
        config.write_text(config.read_text("utf-8") + 'title = "Changed on save"\n', "utf-8")
        assert _next_line(lines, 30).startswith("rebuilt ")
        assert pypdf.PdfReader(pdf).metadata.title == "Changed on save"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    reader.join(timeout=10)
    err.seek(0)
    assert proc.returncode == 0 and "Traceback" not in err.read()
    assert list(lines.queue) == ["Stopped watching.\n"]


def _next_line(lines: queue.Queue, timeout: float) -> str:
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no line from `watch` within {timeout} s") from None


def test_watch_ignores_the_outputs_and_editor_files(tmp_path):
    from watchfiles import Change

    from briefing.model import Settings
    from briefing.watch import _Relevant, watched

    (tmp_path / "sources").mkdir()
    config = tmp_path / "report.toml"
    config.write_text("")
    settings = Settings(sources=tmp_path / "sources", output=tmp_path / "output")
    paths = watched(settings, config)
    assert tmp_path / "sources" in paths and config in paths and tmp_path not in paths
    relevant = _Relevant(settings, paths)
    assert relevant(Change.modified, str(tmp_path / "sources" / "a.md"))
    assert relevant(Change.modified, str(config))
    assert not relevant(Change.added, str(tmp_path / "output" / "briefing.pdf.tmp"))
    assert not relevant(Change.added, str(tmp_path / "sources" / ".a.md.swp"))
    assert not relevant(Change.modified, str(tmp_path / "notes.txt"))


# ---------------------------------------------------------------- help and completion

@pytest.mark.parametrize("command", ["init", "add", "watch", "build", "facts", "summary"])
def test_every_command_has_examples_in_its_help(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0 and re.search(r"Examples:\n +make-report ", result.output), result.output


def test_shell_completion_is_clicks_own():
    env = {**ENV, "_MAKE_REPORT_COMPLETE": "bash_source"}
    proc = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "_make_report_completion" in proc.stdout
    env = {**ENV, "_MAKE_REPORT_COMPLETE": "bash_complete", "COMP_WORDS": "make-report wa", "COMP_CWORD": "1"}
    proc = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert "plain,watch" in proc.stdout.split()


def test_add_copies_the_images_saved_beside_the_page_and_nothing_outside(tmp_path):
    saved = tmp_path / "saved"
    (saved / "page_files").mkdir(parents=True)
    (saved / "page_files" / "photo.png").write_bytes((ROOT / "docs" / "page.png").read_bytes())
    (tmp_path / "secret.png").write_bytes(b"not for the briefing")
    paragraph = "<p>The old river bridge reopened on Friday after eight months of repairs, officials said.</p>"
    (saved / "page.html").write_text(
        f"<html><body><nav>Home</nav><article><h1>Bridge reopens</h1>{paragraph}"
        '<figure><img src="page_files/photo.png" alt="The bridge at dawn"></figure>'
        f'{paragraph.replace("old", "new")}<img src="../secret.png" alt="secret"></article></body></html>')
    src = tmp_path / "sources"
    assert run_cli("add", str(saved / "page.html"), "--sources", str(src)).exit_code == 0
    assert sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file()) == [
        "bridge-reopens.md", "bridge-reopens_files/photo.png"]
    article = read_markdown((src / "bridge-reopens.md").read_text("utf-8"), src / "bridge-reopens.md")
    [image] = [b.image for b in article.blocks if b.kind == "image"]
    assert image.path == src / "bridge-reopens_files" / "photo.png" and image.alt == "The bridge at dawn"
