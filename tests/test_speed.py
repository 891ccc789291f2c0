"""The pieces that make builds fast keep results identical: tables built once per machine, and
HarfBuzz font subsetting (with fontTools as the fallback)."""
from __future__ import annotations

import io
import pickle
import sys

import pytest
from conftest import ROOT
from fontTools.ttLib import TTFont

from briefing import memo
from briefing.render import subset

TEXT = "Briefing: Astana, Қазақстан — 12.5% “quoted” 0123456789"


def test_on_disk_builds_once_then_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"answer": [42]}

    first = memo.on_disk("demo", ("click",))(build)()
    files = list(tmp_path.glob("demo-*.pickle"))
    assert first == {"answer": [42]} and len(calls) == 1 and len(files) == 1
    again = memo.on_disk("demo", ("click",))(build)()   # a new process would start here: no memory cache
    assert again == first and len(calls) == 1
    files[0].write_bytes(b"not a pickle")                 # damaged: built again, and rewritten
    assert memo.on_disk("demo", ("click",))(build)() == first and len(calls) == 2
    assert pickle.loads(files[0].read_bytes()) == first


def test_on_disk_works_without_a_writable_cache(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked / "sub"))
    assert memo.on_disk("demo", ())(lambda: 7)() == 7


def test_cached_tables_round_trip_unchanged():
    """What the gazetteer and the map load from disk equals what they build."""
    from briefing.analysis import locator
    from briefing.analysis.facts import gazetteer

    for table in (gazetteer.tables, locator.world):
        fresh = table.build()
        assert pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)) == fresh
    assert gazetteer.tables.build().exact


def test_map_outlines_unpack_to_the_points_they_were_made_from():
    from briefing.analysis.locator import Shape, world

    rings = (((1.5, -2.25), (3.0, 4.125), (1e-9, 2750.5)), ((0.0, 0.0), (1.0, 1.0), (2.0, 0.0)))
    shape = Shape.of(rings, (0.0, -2.25, 3.0, 2750.5), (0.0, -2.25, 3.0, 2750.5))
    assert shape.rings == rings and all(isinstance(p, bytes) for p in shape.packed)
    kazakhstan = world()["KZ"]
    assert len(kazakhstan.rings) >= 1 and all(len(ring) > 2 for ring in kazakhstan.rings)
    xs = [x for ring in kazakhstan.rings for x, _ in ring]
    assert kazakhstan.box[0] == min(xs) and kazakhstan.box[2] == max(xs)


def test_gazetteer_rows_come_back_as_places():
    from briefing.analysis.facts import gazetteer

    place = gazetteer.lookup("kazakhstan")
    assert isinstance(place, gazetteer.Place) and place.id == "country:KZ" and place.kind == "country"
    assert gazetteer.lookup("kazakhstan") is place                    # made once
    assert isinstance(gazetteer.demonym("Afghan"), gazetteer.Place)
    assert gazetteer.lookup("no such place anywhere") is None
    assert all(type(row) is tuple and gazetteer.Place(*row) for row in list(gazetteer.tables().exact.values())[:50])


def test_hyphenation_patterns_are_stored_once_and_loaded_back(tmp_path, monkeypatch):
    """A second process finds pyphen's parsed patterns in the cache folder; a damaged pickle is
    parsed again and replaced; the hyphenation is the same either way."""
    import pyphen

    from briefing.render import wpload

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    wpload.install_hyphenation_cache()
    wpload.install_hyphenation_cache()                      # twice is once
    assert isinstance(pyphen.hdcache, wpload._StoredHyphenation)
    expected = pyphen.Pyphen(lang="en_GB", cache=False).inserted("international")
    wpload.load_hyphenation(["en", "kk", "", None])          # Kazakh: pyphen has no dictionary
    stored = list((tmp_path / "hyphenation").glob("hyph_en_GB-*.pickle"))
    assert len(stored) == 1 and len(pyphen.hdcache) == 1
    parses = []
    parse = pyphen.HyphDict.__init__
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda self, path: parses.append(path) or parse(self, path))
    dict.clear(pyphen.hdcache)                               # a new process
    assert pyphen.Pyphen(lang="en").inserted("international") == expected and parses == []
    stored[0].write_bytes(b"damaged")
    (stored[0].parent / "hyph_en_GB-0123456789abcdef0123.pickle").write_bytes(b"older pyphen's")
    dict.clear(pyphen.hdcache)
    assert pyphen.Pyphen(lang="en").inserted("international") == expected and len(parses) == 1
    assert pickle.loads(stored[0].read_bytes()).patterns
    assert list((tmp_path / "hyphenation").glob("hyph_en_GB-*.pickle")) == stored   # the older one went


def _cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


@pytest.mark.parametrize("face", ["PTSerif-Regular.ttf", "PTSans-Bold.ttf"])
def test_harfbuzz_and_fonttools_subsets_cover_the_text_and_keep_the_licence(face):
    path = ROOT / "fonts" / face
    wanted = {ord(c) for c in TEXT}
    if subset._harfbuzz() is None:
        pytest.skip("libharfbuzz-subset0 is not installed (apt-get install libharfbuzz-subset0)")
    fast = subset.subset_font(path, TEXT)
    slow = subset._fonttools_subset(path.read_bytes(), TEXT)
    for data in (fast, slow):
        font = TTFont(io.BytesIO(data))
        assert wanted <= _cmap(data)
        assert len(_cmap(data)) < 120                       # a subset, not the whole font
        assert "ParaType" in (font["name"].getDebugName(13) or "")   # licence kept
        assert font["name"].getDebugName(1) in ("PT Serif", "PT Sans")
    assert len(fast) < path.stat().st_size / 5
    assert subset.subset_font(path, TEXT) == fast           # reproducible


def test_worker_computes_in_another_process():
    import os

    from briefing.processes import Worker

    worker = Worker(lambda value: (os.getpid(), value * 2))
    worker.send(21)
    pid, answer = worker.result()
    assert answer == 42 and pid != os.getpid()


def test_worker_is_told_more_once_started(monkeypatch):
    """A worker with an inbox starts on its input, then waits for what the parent tells it (here
    a value too big for one pipe buffer); its answer comes back through a file (`spill`);
    without fork the same is computed here."""
    import os

    from briefing.processes import Worker

    def job(value, inbox):
        started = value + 1
        told = inbox()
        return os.getpid(), started, len(told), told[-1]

    big = list(range(200_000))
    for forked in (True, False):
        if not forked:
            monkeypatch.delattr(os, "fork")
        worker = Worker(job, inbox=True, spill=True)
        worker.send(1)
        worker.tell(big)
        pid, started, size, last = worker.result()
        assert (started, size, last) == (2, 200_000, 199_999)
        assert (pid != os.getpid()) == forked


def test_worker_failure_is_raised_here_as_without_a_worker():
    from briefing.errors import LayoutError
    from briefing.processes import Worker

    def broken(value):
        raise LayoutError("template error: boom; fix the template", "x.html")

    worker = Worker(broken)
    worker.send(1)
    with pytest.raises(LayoutError, match="boom"):
        worker.result()


def test_cancelled_worker_leaves_no_process():
    import os

    from briefing.processes import Worker

    worker = Worker(lambda value: value)
    pid = worker.pid
    worker.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_parallel_map_keeps_order_and_raises_like_a_loop():
    import os

    from briefing.processes import parallel_map

    pids = parallel_map(lambda n: (n * n, os.getpid()), range(40))
    assert [square for square, _ in pids] == [n * n for n in range(40)]
    assert len({pid for _, pid in pids}) == 2          # half of them done by the worker
    assert parallel_map(str, range(3)) == ["0", "1", "2"]

    def picky(n):
        if n == 35:
            raise ValueError("bad item 35")
        return n

    with pytest.raises(ValueError, match="bad item 35"):
        parallel_map(picky, range(40))


def test_long_source_lists_stop_after_twenty_and_count_the_rest():
    """A place named by 25 articles: one source in its row, 19 in the "Also in" row, then
    "and 5 more articles" (the JSON of the facts command keeps all 25)."""
    import re

    from briefing.render.layouts import environment, render
    from briefing.model import Fact, SourceRef

    refs = tuple(SourceRef(f"f{i}.txt", f"T{i}", "Quote.", f"a{i}-s1", f"a{i}") for i in range(1, 26))
    fact = Fact("place", "Astana", refs)

    class Report:
        facts = (fact,)
        locator = None
        timeline = ()

    html = render(environment(None), "partials/facts.html", report=Report, numbers={f"a{i}": i for i in range(1, 26)},
                  link=lambda anchor: f"#{anchor}", paged=False, map_src=None, page_of=lambda anchor: None,
                  page_digits=0)
    assert len(re.findall(r'class="src"', html)) == 20
    assert "and 5 more articles" in html and "25 sources" in html


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the loader's cache is Linux's")
def test_quick_library_lookup_finds_what_ctypes_finds_without_running_compilers(monkeypatch):
    import ctypes.util
    import subprocess

    from briefing.render import libfind

    standard = ctypes.util.find_library
    names = ["c", "m", "fontconfig", "harfbuzz", "pango-1.0", "no-such-library-xyz", "libpango-1.0-0"]
    expected = {name: standard(name) for name in names}
    started = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, *a, **k: started.append(args[0]) or real_run(args, *a, **k))
    libfind._listing.cache_clear()
    with libfind.quick_lookup():
        assert ctypes.util.find_library is not standard
        found = {name: ctypes.util.find_library(name) for name in names}
    assert ctypes.util.find_library is standard
    assert found == expected and found["fontconfig"] and found["no-such-library-xyz"] is None
    assert len(started) == 1 and started[0].endswith("ldconfig")   # one listing, no gcc or ld


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    """Templates are compiled once per machine (in the cache folder); editing one is seen at once,
    and an unwritable cache folder only costs the compiling."""
    from briefing.render.layouts import environment, render

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    own = tmp_path / "layouts"
    own.mkdir()
    (own / "note.html").write_text("<p>{{ word }} one</p>", "utf-8")
    assert render(environment(own), "note.html", word="x") == "<p>x one</p>"
    kept = list((tmp_path / "cache" / "templates").glob("*.jinja"))
    assert len(kept) == 1
    assert render(environment(own), "note.html", word="y") == "<p>y one</p>"   # from the kept one
    (own / "note.html").write_text("<p>{{ word }} two</p>", "utf-8")
    assert render(environment(own), "note.html", word="z") == "<p>z two</p>"
    (tmp_path / "blocked").write_text("a file where the folder would be", "utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "blocked"))
    assert render(environment(own), "note.html", word="w") == "<p>w two</p>"


def test_whole_word_mentions_counted_as_the_regular_expression_does():
    """The title's place counts use a substring search with word-boundary checks: the same counts
    as `re.findall(r"\\bNAME\\b")` on text with punctuation, underscores, accents and digits."""
    import random
    import re

    from briefing.build import _mentions

    rng = random.Random(7)
    alphabet = ["Asia", "Central", " ", " ", "-", "_", "'", ".", "é", "Ásia", "U.N.", "7", "a", "s", "\n"]
    names = ["Asia", "Central Asia", "U.N.", "a", "s", "-Asia-", "'", "7", "Ásia", "Asia Asia", "_"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        for name in names:
            assert _mentions(text, name) == len(re.findall(rf"\b{re.escape(name)}\b", text)), (text, name)


def test_a_worker_starts_while_a_later_worker_holds_its_pipe():
    """Workers forked later hold copies of an earlier worker's pipes: the earlier one still starts
    as soon as it is sent its input (it does not wait for the pipe to close). Should it wait, the
    later worker is stopped after 10 s, which lets it go, and the test fails."""
    import signal

    from briefing.processes import Worker

    first = Worker(lambda value: value + 1)
    later = Worker(lambda value: value)          # forked after `first`: holds its pipe's write end
    waited = []
    previous = signal.signal(signal.SIGALRM, lambda *_: (waited.append(True), later.cancel()))
    signal.alarm(10)
    try:
        first.send(41)
        assert first.result() == 42
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        first.cancel()
        later.cancel()
    assert not waited, "the worker waited for a pipe another worker held open"


def test_weasyprint_loads_without_the_font_tools_it_rarely_needs():
    """preload() leaves fontTools' subsetter and variable-font instancer unloaded; WeasyPrint's
    references to them still reach the real ones when used, and a later import gets them."""
    import subprocess

    code = """
import sys
import briefing.render.pdf as pdf
pdf.preload()
deferred = ("fontTools.subset", "fontTools.varLib.instancer")
assert not [m for m in deferred if m in sys.modules], sys.modules.keys()
import weasyprint.pdf.fonts as fonts
options = fonts.subset.Options(layout_features=["*"])
import fontTools.subset
assert type(options) is fontTools.subset.Options and sys.modules["fontTools.subset"] is fontTools.subset
try:
    fonts.instantiateVariableFont(None, {})
except Exception:
    pass
import fontTools.varLib.instancer as real
assert real.instantiateVariableFont.__module__ == "fontTools.varLib.instancer"
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_simple_cffi_types_are_parsed_as_pycparser_parses_them(monkeypatch):
    """WeasyPrint's `ffi.new("PangoRectangle *")`-style type strings get the same cffi types
    without pycparser; other strings still go to it."""
    from cffi import model

    from briefing.render import pdf, wpload

    pdf.preload()
    from weasyprint.text.ffi import ffi

    parser = ffi._parser
    assert getattr(parser.parse_type_and_quals, "_briefing_simple", False)

    def slow(cdecl):
        return type(parser).parse_type_and_quals(parser, cdecl)

    names = [key.removeprefix("typedef ") for key in parser._declarations if key.startswith("typedef ")]
    names += ["int", "char", "unsigned int", "long long", "unsigned char", "double", "size_t", "uint32_t"]
    assert len(names) > 40
    forms = ["{}", "{} *", "{}**", "{}[]", "{}[692]", " {} [0] "]
    for name in names:
        for form in forms:
            cdecl = form.format(name)
            fast = wpload._parse_simple_ctype(parser, lambda c: pytest.fail(f"not simple: {c!r}"), cdecl)
            assert fast == slow(cdecl), cdecl
    others = ["const char *", "void *", "struct _PangoRectangle *", "int (*)(int)", "char[2][3]", "unsigned",
              "int[010]", "long int"]
    for cdecl in others:
        assert wpload._parse_simple_ctype(parser, lambda c: ("original", c), cdecl) == ("original", cdecl)
    # What cffi builds from them is the same type object, and pycparser is not used.
    monkeypatch.setattr(parser, "_parse", lambda *a: pytest.fail("pycparser used"))
    assert ffi.typeof("hb_codepoint_t[17]") is ffi.typeof(ffi.new("hb_codepoint_t[17]"))
    assert ffi.sizeof("PangoRectangle") == 4 * ffi.sizeof("int") and isinstance(
        parser.parse_type("PangoRectangle *"), model.PointerType)


def _tree(element) -> tuple:
    return (element.tag, dict(element.attrib), element.text, element.tail, [_tree(child) for child in element])


def test_layout_html_parses_as_weasyprint_would_parse_it(tmp_path, monkeypatch):
    """Every document the print layout hands WeasyPrint (front matter, articles, page furniture,
    in every process) gives the XML parser's tree exactly the tree WeasyPrint's HTML5 parser
    gives, for articles with tables, lists, quotes, questions, links, images and markup-like text;
    documents it does not suit are left to WeasyPrint's parser."""
    import shutil

    import tinyhtml5
    from conftest import SAMPLES
    from PIL import Image

    from briefing.render import wpfast
    from briefing.build import build
    from briefing.model import Settings

    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    Image.new("RGB", (300, 200), (40, 90, 160)).save(src / "chart.png")
    (src / "mixed.md").write_text(
        "---\ntitle: Budget <talks> & \"rules\" in Almaty\nsource: Example Wire\ndate: 2024-05-02\n---\n\n"
        "## What changed\n\nThe ministry said on *Monday* that **spending** on `roads` rose 12.5% to "
        "$4.2 billion, see [the report](https://example.org/r?a=1&b=2).\n\n"
        "- First point about Astana\n- Second point, with a\u00a0non-breaking space\n\n"
        "1. Ordered one\n2. Ordered two\n\n> A quoted sentence from Dr. Aigerim Sadykova, the minister.\n\n"
        "| Year | Amount |\n|---|---|\n| 2023 | 3.1 |\n| 2024 | 4.2 |\n\n"
        "![A chart of spending](chart.png \"Spending, 2023–2024. Chart: Example Wire\")\n\n"
        "**Why did it rise?**\n\nBecause 3 < 4 and 5 > 2, said the Finance Ministry of Kazakhstan.\n", "utf-8")
    record = tmp_path / "record.txt"
    original = wpfast.well_formed_tree

    def checked(string):
        tree = original(string)
        expected = tinyhtml5.parse(string, namespace_html_elements=False)
        with open(record, "a", encoding="utf-8") as out:
            tags = " ".join(sorted({element.tag for element in expected.iter()}))
            out.write(f"{'fallback' if tree is None else _tree(tree) == _tree(expected)} {tags}\n")
        return tree

    monkeypatch.setattr(wpfast, "well_formed_tree", checked)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    build(Settings(sources=src, output=tmp_path / "out", formats=("pdf",)))
    results = [line.split(" ", 1) for line in record.read_text("utf-8").splitlines()]
    assert [result for result, _ in results].count("True") >= 2, results
    assert all(result != "False" for result, _ in results), results
    parsed = {tag for result, tags in results if result == "True" for tag in tags.split()}
    assert {"table", "thead", "blockquote", "ol", "ul", "figure", "img", "a", "em", "strong", "code", "h2"} <= parsed
    # What it does not suit goes to WeasyPrint's parser.
    page = "<!DOCTYPE html><html><head></head><body>{}</body></html>"
    assert original(page.format("<p>x</p>")) is not None
    for body in ("<p>a&nbsp;b</p>", "<p>x<br></p>", "<pre>\nx</pre>", "<p>x<!-- note --></p>", "<svg/>",
                 "<p>x</p><style>p{}</style>", "<p>\x0c</p>"):
        assert original(page.format(body)) is None, body
    assert original("<html><head></head><body></body></html>") is None


def _declared(parser) -> dict:
    """A parser's declarations, struct and union fields included, in comparable form."""
    from cffi import model

    def form(tp):
        if isinstance(tp, model.StructOrUnion):
            return (type(tp).__name__, tp.name, tp.fldnames,
                    tuple(str(t) for t in tp.fldtypes or ()), tp.fldbitsize, tp.fldquals)
        return (type(tp).__name__, str(tp))

    return {name: (form(tp), quals) for name, (tp, quals) in parser._declarations.items()}


def test_cffi_declarations_are_restored_as_pycparser_parses_them(tmp_path, monkeypatch):
    """WeasyPrint's cdef, parsed once by pycparser, is restored from the cache folder on later
    imports without loading pycparser; the declarations are the ones a fresh parse gives, and a
    damaged pickle only costs the parse."""
    import subprocess

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    code = """
import sys, pickle
import briefing.render.pdf as pdf
pdf.preload()
from weasyprint.text.ffi import ffi
from test_speed import _declared
print("pycparser" in sys.modules)
sys.stdout.flush()
pickle.dump((_declared(ffi._parser), ffi._cdefsources), open(sys.argv[1], "wb"))
"""
    runs = []
    for n in range(3):
        if n == 2:
            for stored in (tmp_path / "cffi").glob("*.pickle"):
                stored.write_bytes(b"damaged")
        out = tmp_path / f"run{n}.pickle"
        done = subprocess.run([sys.executable, "-c", code, str(out)], cwd=ROOT / "tests", capture_output=True,
                              text=True, timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        runs.append((done.stdout.strip(), pickle.loads(out.read_bytes())))
    assert [loaded for loaded, _ in runs] == ["True", "False", "True"]   # parsed, restored, parsed again
    assert runs[0][1] == runs[1][1] == runs[2][1]
    declared, sources = runs[1][1]
    assert len(declared) > 150 and "function pango_layout_set_text" in declared and len(sources) == 1
    assert declared["typedef PangoRectangle"][0][2] == ("x", "y", "width", "height")


def test_stylesheets_are_restored_as_they_parse(tmp_path, monkeypatch):
    """The print stylesheet, parsed once and stored, comes back matching every element of the
    samples' document with the same declarations, and the same @page rules; stylesheets that
    parse with warnings or hold @font-face are not stored."""
    from conftest import SAMPLES

    from briefing.render import pdf
    from briefing.build import make_report
    from briefing.render.layouts import environment, render, stylesheet
    from briefing.model import Settings
    from briefing.render.context import context

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    pdf.preload()
    import weasyprint

    path = str(stylesheet(None, "print.css"))
    parsed = weasyprint.CSS(filename=path)
    stored = sorted((tmp_path / "css").iterdir())
    assert [p.name.split("-")[0] for p in stored].count("print") == 1
    restored = weasyprint.CSS(filename=path)
    report = make_report(Settings(sources=SAMPLES, output=tmp_path / "out"))
    html = render(environment(None), "print.html", stylesheets=[],
                  **context(report, link=lambda anchor: f"#{anchor}", image_src=lambda image: None, paged=True))
    elements = list(weasyprint.HTML(string=html).wrapper_element.iter_subtree())
    matches = [(repr(parsed.matcher.match(e)), repr(restored.matcher.match(e))) for e in elements]
    assert len(elements) > 400 and sum(a != "[]" for a, _ in matches) > 300
    assert all(a == b for a, b in matches)
    assert repr(parsed.page_rules) == repr(restored.page_rules) and parsed.base_url == restored.base_url
    # Not stored: a stylesheet WeasyPrint warns about, and one with @font-face.
    warned = "p { colour: red; }\n" + "p { color: red; }\n" * 100
    weasyprint.CSS(string=warned)
    from weasyprint.text.fonts import FontConfiguration

    faces = "@font-face { font-family: X; src: url(x.ttf); }\n" + "p { color: red; }\n" * 100
    weasyprint.CSS(string=faces, font_config=FontConfiguration())
    assert sorted((tmp_path / "css").iterdir()) == stored


def test_package_versions_are_read_as_importlib_metadata_reads_them():
    """Every installed distribution's version, found from its folder name, is the one
    importlib.metadata gives; a missing one is "-"."""
    from importlib.metadata import distributions

    found = {d.metadata["Name"]: d.version for d in distributions()}
    assert len(found) > 20
    assert {name: memo.package_version(name) for name in found} == found
    assert memo.package_version("PYYAML") == found["PyYAML"] and memo.package_version("no-such-package") == "-"


def test_ftfy_loads_without_its_display_helpers_which_still_work():
    import subprocess

    code = """
import sys
from briefing.sources.readers import tidy
assert tidy("caf\\u00c3\\u00a9") == "caf\\u00e9"
assert "wcwidth" not in sys.modules and "ftfy.formatting" not in sys.modules
import ftfy
assert ftfy.display_ljust("ab", 4) == "ab  "
import ftfy.formatting
assert "wcwidth" in sys.modules and ftfy.formatting.display_center("a", 3) == " a "
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
