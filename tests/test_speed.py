"""The pieces that make builds fast keep results identical: tables built once per machine, font
subsets made once per set of characters, work done in other processes."""
from __future__ import annotations

import io
import pickle
import sys

import pytest
from conftest import ROOT
from fontTools.ttLib import TTFont

from briefing import memo, processes
from briefing.render import fonts

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








def _cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


@pytest.mark.parametrize("face", ["PTSerif-Regular.ttf", "PTSans-Bold.ttf"])
def test_font_subsets_cover_the_text_keep_the_licence_and_are_reproducible(face):
    path = ROOT / "fonts" / face
    data = fonts.subset_font(path, TEXT)
    font = TTFont(io.BytesIO(data))
    assert {ord(c) for c in TEXT} <= _cmap(data)
    assert len(_cmap(data)) < 120                        # a subset, not the whole font
    assert "ParaType" in (font["name"].getDebugName(13) or "")   # licence kept
    assert font["name"].getDebugName(1) in ("PT Serif", "PT Sans")
    assert "GPOS" in font and "GSUB" not in font         # kerning kept; no ligature the text layer cannot name
    assert len(data) < path.stat().st_size / 5
    assert fonts.subset_font(path, TEXT) == data          # the same bytes every time


def test_font_subsets_are_kept_per_set_of_characters(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    made = []
    real = fonts.subset_font
    monkeypatch.setattr(fonts, "subset_font", lambda path, chars: made.append(path) or real(path, chars))
    monkeypatch.setattr(processes, "parallel_map", lambda fn, items, minimum=0: [fn(item) for item in items])
    first = fonts.subsets("abc")
    assert set(first) == {face.file for face in fonts.FACES} and len(made) == len(fonts.FACES)
    assert fonts.subsets("abc") == first and len(made) == len(fonts.FACES)     # kept, not made again
    assert fonts.subsets("abcd") != first and len(made) == 2 * len(fonts.FACES)


def test_characters_of_a_report_include_its_text_the_layouts_and_the_base_set(sample_report):
    chars = fonts.characters(sample_report)
    text = "".join(b.text for a in sample_report.articles for b in a.blocks)
    assert set(text) - {"\n"} <= set(chars)
    assert set(fonts.BASE_CHARACTERS) <= set(chars) and "…" in chars and "·" in chars   # ellipsis, cover's dot
    assert chars == "".join(sorted(set(chars)))


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
                  link=lambda anchor: f"#{anchor}", paged=False, map_src=None)
    assert len(re.findall(r'class="src"', html)) == 20
    assert "and 5 more articles" in html and "25 sources" in html




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

    from briefing.report import _mentions

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








def test_package_versions_are_read_as_importlib_metadata_reads_them():
    """Every installed distribution's version, found from its folder name, is the one
    importlib.metadata gives; a missing one is "-"."""
    from importlib.metadata import distributions

    found = {d.metadata["Name"]: d.version for d in distributions()}
    assert len(found) > 20
    assert {name: memo.package_version(name) for name in found} == found
    assert memo.package_version("PYYAML") == found["PyYAML"] and memo.package_version("no-such-package") == "-"

