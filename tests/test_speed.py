"""The pieces that make builds fast keep results identical: tables built once per machine, and
HarfBuzz font subsetting (with fontTools as the fallback)."""
from __future__ import annotations

import io
import pickle

import pytest
from conftest import ROOT
from fontTools.ttLib import TTFont

from briefing import memo, subset

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
    from briefing import locator
    from briefing.facts import gazetteer

    for table in (gazetteer.tables, locator.world):
        fresh = table.build()
        assert pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)) == fresh
    assert gazetteer.tables.build().exact


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

    from briefing.forked import Worker

    worker = Worker(lambda value: (os.getpid(), value * 2))
    worker.send(21)
    pid, answer = worker.result()
    assert answer == 42 and pid != os.getpid()


def test_worker_failure_is_raised_here_as_without_a_worker():
    from briefing.errors import LayoutError
    from briefing.forked import Worker

    def broken(value):
        raise LayoutError("template error: boom; fix the template", "x.html")

    worker = Worker(broken)
    worker.send(1)
    with pytest.raises(LayoutError, match="boom"):
        worker.result()


def test_cancelled_worker_leaves_no_process():
    import os

    from briefing.forked import Worker

    worker = Worker(lambda value: value)
    pid = worker.pid
    worker.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
