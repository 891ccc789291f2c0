"""The rendering sandbox: a hostile article builds with warnings, nothing is fetched from the
network and no file outside the allowed folders is read (proved with an audit hook)."""
from __future__ import annotations

import mimetypes
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, epubcheck

from briefing.errors import SourceError
from briefing.sandbox import Sandbox, clean_css, clean_svg
from briefing.sources.readers import OUTSIDE, read_article

HOSTILE = DATA / "hostile"
MARKERS = [b"SCRIPT-MARKER", b"SECRET-MARKER", b"root:x:0:0", b"attacker.invalid", b"javascript:", b"<script",
           b"onclick", b"onload", b"file:", b"<iframe", b"<object", b"http-equiv"]
# Audit events that mean a connection or a lookup was attempted.
NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
           "socket.sendto", "socket.sendmsg", "http.client.connect", "http.client.send", "urllib.Request",
           "ftplib.connect", "smtplib.connect"}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> dict:
    """Build the hostile sources (plus links out of the folder and hostile layouts) in a
    subprocess whose every file open and network call is recorded by an audit hook."""
    tmp = tmp_path_factory.mktemp("hostile")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret title\n\nSECRET-MARKER-TEXT lives outside the sources.\n")
    (outside / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET-MARKER-SVG</text></svg>')
    src = tmp / "sources"
    shutil.copytree(HOSTILE / "sources", src)
    (src / "linked.txt").symlink_to(outside / "secret.txt")
    (src / "linked-chart.svg").symlink_to(outside / "secret.svg")
    (src / "linked_image.md").write_text("# Linked image\n\nThe figure below is a link out of the folder.\n\n"
                                         "![Secret](linked-chart.svg)\n", "utf-8")
    layouts = tmp / "layouts"
    layouts.mkdir()
    hostile_css = ('@import url("http://attacker.invalid/import.css");\n@import "file:///etc/passwd";\n'
                   'body { background-image: url("file:///etc/passwd"); }\n'
                   'h1 { background: url(http://attacker.invalid/bg.png); }\n')
    for name in ("print.css", "epub.css"):
        (layouts / name).write_text(hostile_css + (ROOT / "layouts" / name).read_text("utf-8"), "utf-8")
    out, private_tmp, events = tmp / "out", tmp / "tmpdir", tmp / "events.tsv"
    private_tmp.mkdir()
    tables = tmp / "table-cache"   # the per-user cache of look-up tables (briefing/memo.py)
    env = {**os.environ, "BRIEFING_NO_BOOTSTRAP": "1", "TMPDIR": str(private_tmp), "SOURCE_DATE_EPOCH": "1700000000",
           "BRIEFING_CACHE_DIR": str(tables)}
    proc = subprocess.run([sys.executable, str(HOSTILE / "audit_run.py"), str(events), str(ROOT / "make_report.py"),
                           "build", "--sources", str(src), "--output", str(out), "--layouts", str(layouts),
                           "--allow-missing"],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    opened, network = [], []
    for line in events.read_text("utf-8").splitlines():
        kind, what, *rest = line.split("\t")
        (opened if kind == "open" else network).append((what, rest[0] if rest else ""))
    return {"proc": proc, "opened": opened, "network": network, "src": src, "out": out, "layouts": layouts,
            "outside": outside, "tmp": private_tmp, "tables": tables}


def test_hostile_build_succeeds_with_a_warning_for_each_blocked_resource(hostile_build):
    proc = hostile_build["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = [l for l in proc.stderr.splitlines() if l.startswith("Warning: ")]
    for needle in ["linked.txt: is a link to a file outside the sources folder",
                   "hostile_page.html: left out", "hostile_markdown.md: left out",
                   "blocked resource outside the allowed folders: /etc/passwd",
                   "blocked network resource http://attacker.invalid/import.css",
                   "blocked network resource http://attacker.invalid/bg.png",
                   "blocked http://attacker.invalid/import.css in epub.css",
                   "blocked http://attacker.invalid/svg-remote.png in the SVG image",
                   "blocked resource outside the allowed folders"]:
        assert any(needle in w for w in warnings), (needle, proc.stderr)
    assert any("linked-chart.svg" in w for w in warnings), proc.stderr


def test_hostile_build_attempts_no_connection(hostile_build):
    events = hostile_build["network"]
    assert not [e for e in events if e[0] in NETWORK], events
    # urllib3 checks for IPv6 when imported by binding a socket to ::1: loopback, no traffic.
    for event, args in events:
        if event == "socket.bind":
            assert "'::1'" in args or "'127.0.0.1'" in args, args


def test_hostile_build_opens_no_file_outside_the_allowed_folders(hostile_build):
    b = hostile_build
    roots = [b["src"], b["out"], b["layouts"], b["tmp"], b["tables"], b["src"].parent / ".cache",
             ROOT / "layouts", ROOT / "fonts", ROOT / "briefing", ROOT / "make_report.py", HOSTILE / "audit_run.py",
             Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             # The project's own package metadata: spaCy reads every installed package's entry
             # points when it loads, and an editable install keeps ours beside the code.
             *ROOT.glob("*.egg-info")]
    roots = [Path(os.path.realpath(r)) for r in roots]
    # Files the standard library itself reads: the MIME table, and /dev/null for subprocess calls.
    exact = {Path("/dev/null")} | {Path(os.path.realpath(f)) for f in mimetypes.knownfiles}
    real_opened = {Path(os.path.realpath(path)) for path, _ in b["opened"]}
    outside = sorted(p for p in real_opened if p not in exact and not any(p == r or p.is_relative_to(r) for r in roots))
    assert outside == [], outside
    assert Path("/etc/passwd") not in real_opened
    for secret in ("secret.txt", "secret.svg"):
        assert (b["outside"] / secret).resolve() not in real_opened
    # and the sources were really read through the hook (the test can fail)
    assert (b["src"] / "hostile_page.html").resolve() in real_opened


def test_hostile_outputs_hold_no_script_and_no_outside_content(hostile_build):
    import pypdf

    out = hostile_build["out"]
    pdf = (out / "briefing.pdf").read_bytes()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out / "briefing.pdf").pages)
    with zipfile.ZipFile(out / "briefing.epub") as book:
        entries = {name: book.read(name) for name in book.namelist()}
    for marker in MARKERS:
        assert marker.decode() not in text, marker
        for name, data in entries.items():
            assert marker not in data, (marker, name)
    for action in (b"/JavaScript", b"/Launch", b"/SubmitForm", b"/ImportData"):
        assert action not in pdf
    # the article text itself survived
    book_text = b"".join(entries.values()).decode("utf-8", "replace")
    for words in ("4,000 passengers", "Rita Okafor", "storm drains", "Residents can comment until June"):
        assert words in text.replace("\n", " ") and words in book_text, words


def test_hostile_epub_passes_epubcheck(hostile_build):
    counts = epubcheck(hostile_build["out"] / "briefing.epub")
    assert counts["FATAL"] == 0 and counts["ERROR"] == 0, counts["messages"]


# ---------------------------------------------------------------- the pieces, in process

def test_markdown_raw_html_keeps_text_and_drops_code(tmp_path):
    article = read_article(HOSTILE / "sources" / "hostile_markdown.md")
    text = " ".join(b.text for b in article.blocks)
    assert "Rita Okafor said the plan had the support of every district." in text
    assert "three storm drains" in text and "Residents can comment until June." in text
    for marker in ("SCRIPT-MARKER", "alert(", "javascript", "file:"):
        assert marker not in text
    assert not any(r.href and not r.href.startswith("https://") for b in article.blocks for r in b.runs)
    left_out = {r.text for r in article.removed if r.rule == OUTSIDE}
    assert {"file:///etc/passwd", "http://attacker.invalid/remote-md.png", "http://attacker.invalid/md-frame"} <= left_out


def test_html_page_reports_local_and_remote_images(tmp_path):
    article = read_article(HOSTILE / "sources" / "hostile_page.html")
    left_out = {r.text for r in article.removed if r.rule == OUTSIDE}
    assert {"file:///etc/passwd", "http://attacker.invalid/remote.png"} <= left_out
    text = " ".join(b.text for b in article.blocks)
    assert "SCRIPT-MARKER" not in text and "48 million euros" in text


@pytest.mark.parametrize("url", ["http://attacker.invalid/x.png", "https://attacker.invalid/x.css",
                                 "ftp://attacker.invalid/x", "file:///etc/passwd", "file://host/share/x.png"])
def test_fetcher_refuses_network_and_outside_files(tmp_path, url):
    from briefing.sandbox import BlockedResource

    sandbox = Sandbox(tmp_path, [tmp_path])
    with pytest.raises(BlockedResource):
        sandbox.url_fetcher().fetch(url)
    assert sandbox.blocked()


def test_fetcher_serves_allowed_files_and_data_urls(tmp_path):
    (tmp_path / "a.css").write_text("p { color: red }")
    sandbox = Sandbox(tmp_path, [tmp_path])
    fetcher = sandbox.url_fetcher()
    assert fetcher.fetch((tmp_path / "a.css").as_uri()).read() == b"p { color: red }"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert sandbox.blocked() == ()


def test_symbolic_link_out_of_an_allowed_folder_is_refused(tmp_path):
    allowed, elsewhere = tmp_path / "allowed", tmp_path / "elsewhere"
    allowed.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    (allowed / "link.png").symlink_to(elsewhere / "secret.png")
    (allowed / "own.png").write_bytes(b"\x89PNG\r\n\x1a\nmine")
    sandbox = Sandbox(allowed, [allowed])
    assert sandbox.read(allowed / "own.png") == b"\x89PNG\r\n\x1a\nmine"
    assert sandbox.read(allowed / "link.png") is None
    assert any("outside the allowed folders" in w for w in sandbox.blocked())


def test_an_image_that_is_not_what_its_name_says_is_left_out(tmp_path):
    (tmp_path / "fake.png").write_text("root:x:0:0:root:/root:/bin/bash\n")
    sandbox = Sandbox(tmp_path, [tmp_path])
    assert not sandbox.allows_image(tmp_path / "fake.png")
    assert any("is not a PNG file" in w for w in sandbox.blocked())


def test_svg_is_cleaned_of_scripts_handlers_and_outside_references():
    reported: list[str] = []
    data = clean_svg((HOSTILE / "sources" / "chart.svg").read_bytes(), reported.append)
    assert data is not None and b"<rect" in data
    for marker in (b"script", b"onload", b"foreignObject", b"file:", b"attacker", b"javascript", b"@import"):
        assert marker not in data, marker
    assert "http://attacker.invalid/svg-remote.png" in reported and "file:///etc/passwd" in reported


@pytest.mark.parametrize("svg", [
    b"not xml at all",
    b"<html><body>not svg</body></html>",
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
])
def test_svg_that_is_not_svg_or_pulls_entities(svg):
    data = clean_svg(svg)
    assert data is None or (b"root:" not in data and b"ENTITY" not in data and b"&x;" not in data)


@pytest.mark.parametrize("css, kept, gone", [
    ('@import url("http://x.invalid/a.css"); p { color: red }', "p { color: red }", "x.invalid"),
    ("@import 'file:///etc/passwd';", "", "passwd"),
    ("body { background: url(file:///etc/passwd) }", "background: none", "passwd"),
    ('h1 { background-image: url("https://x.invalid/bg.png") }', "background-image: none", "x.invalid"),
    ("a { fill: url(#gradient) }", "url(#gradient)", "none"),
    ("b { background: url(data:image/png;base64,AAAA) }", "data:image/png", "none"),
])
def test_epub_css_loads_nothing_from_outside(css, kept, gone):
    cleaned = clean_css(css)
    assert kept in cleaned and gone not in cleaned


def test_read_article_of_a_hostile_page_never_raises_anything_but_source_errors(tmp_path):
    for name in ("hostile_page.html", "hostile_markdown.md"):
        data = (HOSTILE / "sources" / name).read_bytes()
        for cut in range(0, len(data), max(1, len(data) // 40)):   # every truncation of the page
            path = tmp_path / name
            path.write_bytes(data[:cut])
            try:
                read_article(path)
            except SourceError:
                pass
