"""Loading WeasyPrint faster, with the same results: what it parses on every run (its stylesheets
and the layout's, the C declarations cffi reads, pyphen's hyphenation patterns) is stored in the
cache folder once and read back; modules it imports but rarely uses load on first use.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path


class _StoredHyphenation(dict):
    """pyphen's `hdcache` (dictionary path -> parsed patterns) filled from pickles in the cache
    folder: parsing a `hyph_*.dic` takes a twentieth of a second per process and language,
    loading its pickle a few milliseconds. A pickle is keyed by a hash of the file's bytes and
    pyphen's version; one that cannot be read or written only costs the parse."""

    def __contains__(self, path) -> bool:
        from ..memo import MISSING, read_pickle

        if dict.__contains__(self, path):
            return True
        patterns = read_pickle(_hyphenation_pickle(path))
        if patterns is MISSING:
            return False        # pyphen parses the file, and `__setitem__` stores it
        dict.__setitem__(self, path, patterns)
        return True

    def __setitem__(self, path, patterns) -> None:
        from ..memo import write_pickle

        dict.__setitem__(self, path, patterns)
        stored = _hyphenation_pickle(path)
        if write_pickle(stored, patterns):
            for old in stored.parent.glob(f"{Path(path).stem}-*.pickle"):   # older versions
                if old != stored:
                    with contextlib.suppress(OSError):
                        old.unlink()


def _hyphenation_pickle(path) -> Path:
    import pyphen

    from ..memo import cache_folder, package_version

    version = getattr(pyphen, "__version__", None) or package_version("pyphen")
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        content = b""
    digest = hashlib.sha256(content + f"\0{version}".encode()).hexdigest()[:20]
    return cache_folder() / "hyphenation" / f"{path.stem}-{digest}.pickle"


def install_hyphenation_cache() -> None:
    """Let pyphen load its parsed dictionaries from the cache folder (`_StoredHyphenation`)."""
    import pyphen

    if not isinstance(getattr(pyphen, "hdcache", None), _StoredHyphenation) and isinstance(
            getattr(pyphen, "hdcache", None), dict):
        pyphen.hdcache = _StoredHyphenation(pyphen.hdcache)


def load_hyphenation(languages) -> None:
    """Load the hyphenation dictionaries of `languages` now (those pyphen has), so that processes
    forked after this share them instead of each loading its own."""
    import pyphen

    for language in sorted({language for language in languages if language}):
        fallback = pyphen.language_fallback(language)
        if fallback:
            pyphen.Pyphen(lang=fallback)


# fontTools modules WeasyPrint imports when it loads but uses only for fonts this project does not
# have: `subset` when HarfBuzz cannot subset, `varLib.instancer` for variable fonts.
_DEFERRED = ("fontTools.subset", "fontTools.varLib.instancer")


def deferred_font_tools():
    """While WeasyPrint is imported, stand-ins for `_DEFERRED` (see `lazy.deferred`): loading them
    takes a third of WeasyPrint's import time (0.08 s)."""
    from .lazy import deferred

    return deferred(*_DEFERRED)


# A C type as WeasyPrint names it to cffi's `ffi.new`: a typedef or a primitive type, then at most
# two stars or one array length ("PangoRectangle *", "char[]", "hb_codepoint_t[692]").
_SIMPLE_CTYPE = re.compile(r"\s*([A-Za-z_]\w*(?: [A-Za-z_]\w*)*)\s*(?:(\*{1,2})|\[(0|[1-9]\d*)?\])?\s*")


def _parse_simple_ctype(parser, original, cdecl: str):
    """`Parser.parse_type_and_quals` for `_SIMPLE_CTYPE`; anything else goes to `original`.

    cffi parses each new type string with pycparser, in a C file that first declares every typedef
    it knows: 2 ms per string with WeasyPrint's hundreds of typedefs, and its subsetter asks for a
    new array length per font. This gives the same model type from the parser's declarations."""
    from cffi import model
    from cffi.commontypes import resolve_common_type

    match = _SIMPLE_CTYPE.fullmatch(cdecl)
    if match is None:
        return original(cdecl)
    name, stars, length = match.groups()
    declared = parser._declarations.get("typedef " + name) if " " not in name else None
    if declared is not None:
        base, quals = declared
    elif name in model.PrimitiveType.ALL_PRIMITIVE_TYPES:
        base, quals = resolve_common_type(parser, name)
    else:
        return original(cdecl)
    if isinstance(base, model.RawFunctionType):
        return original(cdecl)
    if stars:
        for _ in stars:
            base, quals = model.PointerType(base, quals), 0
        return base, quals
    if "[" in cdecl:
        return model.ArrayType(base, None if length is None else int(length)), quals
    return base, quals


def install_ctype_parser(ffi=None) -> None:
    """Parse the simple type strings of `ffi` (default: WeasyPrint's) without pycparser
    (`_parse_simple_ctype`)."""
    if ffi is None:
        from weasyprint.text.ffi import ffi

    parser = getattr(ffi, "_parser", None)
    original = getattr(parser, "parse_type_and_quals", None)
    if original is None or getattr(original, "_briefing_simple", False) or not hasattr(parser, "_declarations"):
        return

    def parse_type_and_quals(cdecl):
        return _parse_simple_ctype(parser, original, cdecl)

    parse_type_and_quals._briefing_simple = True
    parser.parse_type_and_quals = parse_type_and_quals


# cffi parses a cdef with pycparser: WeasyPrint's (its Pango, HarfBuzz and fontconfig
# declarations) takes 0.02 s to parse, and loading pycparser another 0.02 s, in every build.
_PARSER_STATE = ("_declarations", "_included_declarations", "_anonymous_counter", "_int_constants",
                 "_uses_new_feature")


@contextlib.contextmanager
def stored_cdefs():
    """While WeasyPrint is imported: `FFI.cdef` of a source parsed before (by a fresh FFI) restores
    the declarations it gave from a pickle in the cache folder, and pycparser is imported only when
    something is parsed (a new source, an unusual type string). What is restored is what cffi's
    parser stored for that source, keyed by the source, cffi's version and Python's."""
    import sys

    import cffi

    from .lazy import lazy_module
    from ..memo import write_pickle

    original = cffi.FFI.cdef
    lazy = None
    if "pycparser" not in sys.modules and "cffi.cparser" not in sys.modules:
        lazy = lazy_module("pycparser", user="cffi.cparser")

    def cdef(self, csource, override=False, packed=False, pack=None):
        parser = getattr(self, "_parser", None)
        fresh = parser is not None and not parser._declarations and not self._cdefsources
        if override or packed or pack or not isinstance(csource, str) or not fresh:
            return original(self, csource, override=override, packed=packed, pack=pack)
        path = _cdef_pickle(csource, cffi.__version__)
        state = _read_state(path)
        if state is None:
            original(self, csource)
            if not parser._recomplete:
                write_pickle(path, {name: getattr(parser, name) for name in _PARSER_STATE})
            return None
        with self._lock:
            self._cdef_version = object()
            for name, value in state.items():
                setattr(parser, name, value)
            self._cdefsources.append(csource)
        return None

    cffi.FFI.cdef = cdef
    try:
        yield
    finally:
        cffi.FFI.cdef = original
        if lazy is not None and sys.modules.get("pycparser") is lazy:
            del sys.modules["pycparser"]


def _cdef_pickle(csource: str, version: str) -> Path:
    import sys

    from ..memo import cache_folder

    key = f"{csource}\0{version}\0{sys.version}".encode()
    return cache_folder() / "cffi" / f"{hashlib.sha256(key).hexdigest()[:24]}.pickle"


def _read_state(path: Path) -> dict | None:
    from ..memo import read_pickle

    state = read_pickle(path)
    return state if isinstance(state, dict) and set(state) == set(_PARSER_STATE) else None


# Parsing a stylesheet (tinycss2, then WeasyPrint's validation of every declaration) takes 0.06 s
# per build: the user-agent stylesheets WeasyPrint parses as it loads, and the layout's own.
_CSS_CACHED_MIN = 1_000      # characters: shorter stylesheets parse in no time
_CSS_PATCHED = "_briefing_stored"


def _compile_test(source: str):
    """A cssselect2 selector test (a lambda, as `CompiledSelector` makes it) from its source: how
    stored stylesheets unpickle their tests."""
    from cssselect2 import compiler

    return eval("lambda el: " + source, {"split_whitespace": compiler.split_whitespace,  # noqa: S307
                                          "ascii_lower": compiler.ascii_lower, "urlparse": compiler.urlparse}, {})


def stored_stylesheets():
    """A meta-path finder to put first in sys.meta_path before WeasyPrint is imported: when
    WeasyPrint starts loading `weasyprint.html` (which parses the user-agent stylesheets), its CSS
    class has just been defined, and `install_stylesheet_cache` patches it."""
    import importlib.abc

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "weasyprint.html":
                install_stylesheet_cache()
            return None

    return Finder()


def install_stylesheet_cache() -> None:
    """Let `weasyprint.CSS` load what a stylesheet parses to from the cache folder: the selectors
    (their tests compiled again from source), declarations, @page rules, layers and counter
    styles, keyed by the stylesheet's text, base URL, media type, and the versions of Python,
    WeasyPrint, tinycss2 and cssselect2. Only stylesheets that parse without warnings and use no
    @import, @font-face or @color-profile are stored; the others are parsed as before."""
    import sys

    weasyprint = sys.modules.get("weasyprint")
    css_class = getattr(weasyprint, "CSS", None)
    if css_class is None or getattr(css_class.__init__, _CSS_PATCHED, False):
        return
    original = css_class.__init__

    def init(self, guess=None, filename=None, url=None, file_obj=None, string=None, encoding=None, base_url=None,
             url_fetcher=None, _check_mime_type=False, media_type="print", font_config=None, counter_style=None,
             color_profiles=None, matcher=None, page_rules=None, layers=None, layer=None, **more):
        arguments = dict(guess=guess, filename=filename, url=url, file_obj=file_obj, string=string,
                         encoding=encoding, base_url=base_url, url_fetcher=url_fetcher,
                         _check_mime_type=_check_mime_type, media_type=media_type, font_config=font_config,
                         counter_style=counter_style, color_profiles=color_profiles, matcher=matcher,
                         page_rules=page_rules, layers=layers, layer=layer, **more)
        path = _stylesheet_pickle(weasyprint, arguments)
        if path is None:
            return original(self, **arguments)
        stored = _read_stylesheet(path)
        if stored is not None:
            _restore_stylesheet(self, stored, counter_style)
            return None
        before = dict(counter_style) if counter_style is not None else {}
        with _sources_recorded() as sources, _warnings_counted() as warnings:
            original(self, **arguments)
        if not warnings and not color_profiles:
            added = {name: value for name, value in (counter_style or {}).items() if before.get(name) is not value}
            _write_stylesheet(path, self, added, sources)
        return None

    setattr(init, _CSS_PATCHED, True)
    css_class.__init__ = init


def _stylesheet_pickle(weasyprint, arguments: dict) -> Path | None:
    """Where a stylesheet made with these arguments is stored; None when it is not stored."""
    import sys

    from ..memo import cache_folder

    simple = all(arguments[name] in (None, False) for name in ("guess", "url", "file_obj", "encoding", "matcher",
                                                              "page_rules", "layers", "layer", "color_profiles"))
    if not simple or set(arguments) - _CSS_ARGUMENTS:
        return None
    filename, text = arguments["filename"], arguments["string"]
    if filename is not None and text is None:
        try:
            text = Path(filename).read_text("utf-8")
        except (OSError, UnicodeError):
            return None
        label = Path(filename).stem
    else:
        label = "string"
    if not isinstance(text, str) or len(text) < _CSS_CACHED_MIN or any(
            rule in text.lower() for rule in ("@import", "@font-face", "@color-profile")):
        return None
    import cssselect2
    import tinycss2

    key = "\0".join([text, str(filename), str(arguments["base_url"]), str(arguments["media_type"]), sys.version,
                     getattr(weasyprint, "__version__", "?"), getattr(tinycss2, "__version__", "?"),
                     getattr(cssselect2, "__version__", "?")])
    return cache_folder() / "css" / f"{label}-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


_CSS_ARGUMENTS = {"guess", "filename", "url", "file_obj", "string", "encoding", "base_url", "url_fetcher",
                  "_check_mime_type", "media_type", "font_config", "counter_style", "color_profiles", "matcher",
                  "page_rules", "layers", "layer"}


@contextlib.contextmanager
def _sources_recorded():
    """While the block runs: the source of each selector test cssselect2 compiles, by test."""
    from cssselect2 import compiler

    sources: dict = {}
    original = compiler.CompiledSelector.__init__

    def init(self, parsed_selector):
        original(self, parsed_selector)
        sources[self.test] = compiler._compile_node(parsed_selector.parsed_tree)

    compiler.CompiledSelector.__init__ = init
    try:
        yield sources
    finally:
        compiler.CompiledSelector.__init__ = original


@contextlib.contextmanager
def _warnings_counted():
    """While the block runs: the warnings WeasyPrint logs (a list of them)."""
    import logging

    from weasyprint.logger import LOGGER

    seen: list = []

    class Count(logging.Handler):
        def emit(self, record) -> None:
            seen.append(record)

    handler = Count(logging.WARNING)
    LOGGER.addHandler(handler)
    try:
        yield seen
    finally:
        LOGGER.removeHandler(handler)


def _write_stylesheet(path: Path, css, counter_styles: dict, sources: dict) -> None:
    import io
    import pickle

    from ..memo import write_pickle

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if callable(obj) and getattr(obj, "__name__", "") == "<lambda>":
                if obj not in sources:
                    raise pickle.PicklingError("a selector test without its source")
                return _compile_test, (sources[obj],)
            return NotImplemented

    state = {"base_url": css.base_url, "matcher": vars(css.matcher), "page_rules": css.page_rules,
             "layers": css.layers, "counter_styles": counter_styles}
    try:
        buffer = io.BytesIO()
        Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    if write_pickle(path, buffer.getvalue()):
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
            if old != path and not path.name.startswith("string-"):
                with contextlib.suppress(OSError):
                    old.unlink()


def _read_stylesheet(path: Path) -> dict | None:
    import pickle

    from ..memo import MISSING, read_pickle

    data = read_pickle(path)
    if data is MISSING or not isinstance(data, bytes):
        return None
    try:
        state = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a stale or damaged pickle: parse again
        return None
    return state if isinstance(state, dict) and set(state) == {"base_url", "matcher", "page_rules", "layers",
                                                               "counter_styles"} else None


def _restore_stylesheet(css, state: dict, counter_style) -> None:
    import cssselect2

    css.base_url = state["base_url"]
    css.matcher = cssselect2.Matcher()
    vars(css.matcher).update(state["matcher"])
    css.page_rules = state["page_rules"]
    css.layers = state["layers"]
    if counter_style is not None:
        counter_style.update(state["counter_styles"])
