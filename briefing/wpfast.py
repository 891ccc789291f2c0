"""Speed-ups for WeasyPrint, applied before rendering; each gives the same output.

The main one fixes WeasyPrint's quadratic target-counter bookkeeping. WeasyPrint's
`TargetCollector.cache_target_page_counters` scans every box that uses a counter each time
any target anchor's page is known: O(targets x boxes). A briefing links
every fact to its sentence (`target-counter(attr(href), page)`), so both grow with the number
of articles and that scan dominated the build. This version indexes the boxes by the anchor
they wait for and does the same updates, in the same order, for only those boxes.
"""
from __future__ import annotations

import contextlib
import contextvars
import copy
import hashlib
import re
from pathlib import Path


def install() -> None:
    """Replace the method once; a WeasyPrint without the expected internals is left alone."""
    from weasyprint.css import targets

    collector = targets.TargetCollector
    if getattr(collector, "_briefing_indexed", False) or not hasattr(collector, "cache_target_page_counters"):
        return
    collector.cache_target_page_counters = _cache_target_page_counters
    collector._briefing_indexed = True


def _waiting(self, anchor_name: str) -> list:
    """The counter lookup items (content only) that wait for `anchor_name`, in dict order."""
    index = getattr(self, "_briefing_index", None)
    if index is None or self._briefing_index_size != len(self.counter_lookup_items):
        index = {}
        for (_, css_token), item in self.counter_lookup_items.items():
            if css_token != "content":
                continue
            for name in item.missing_target_counters:
                index.setdefault(name, []).append(item)
        self._briefing_index = index
        self._briefing_index_size = len(self.counter_lookup_items)
    return index.get(anchor_name, [])


def _cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker):
    """WeasyPrint's method with the same effects, visiting only the boxes that wait for this anchor."""
    if self.collecting:
        return
    item = self.target_lookup_items.get(anchor_name)
    if item and item.state == "up-to-date":
        item.page_maker_index = page_maker_index
        if item.cached_page_counter_values != page_counter_values:
            item.cached_page_counter_values = copy.deepcopy(page_counter_values)
            for waiting in _waiting(self, anchor_name):
                missing_counters = waiting.missing_target_counters.get(anchor_name)
                if missing_counters is None:
                    continue
                if waiting.page_maker_index is None or waiting.page_maker_index >= len(page_maker):
                    waiting.pending = True
                    continue
                for counter_name in missing_counters:
                    counter_value = page_counter_values.get(counter_name)
                    if counter_value is not None:
                        remake_state = page_maker[waiting.page_maker_index][-1]
                        remake_state["content_changed"] = True
                        waiting.parse_again(waiting.cached_page_counter_values)
                        break


# Margin boxes (running header, "N of M" footer) of a document laid out as one part of a larger
# one: their page numbers are shifted by the pages before it and the total is the whole's. The
# body is laid out before the front matter, so its margin boxes wait until that is known.
_MARGINS: contextvars.ContextVar["Margins | None"] = contextvars.ContextVar("briefing_margins", default=None)


class Margins:
    """How to number the pages of the document being laid out: `offset` pages come before it and
    the whole has `total` pages."""

    def __init__(self, offset: int = 0, total: int | None = None) -> None:
        self.offset, self.total = offset, total

    def __enter__(self) -> "Margins":
        self._token = _MARGINS.set(self)
        return self

    def __exit__(self, *exc) -> None:
        _MARGINS.reset(self._token)


_ORIGINAL: dict = {}


def _shifted(state, offset: int, total: int | None):
    counters = {name: list(values) for name, values in state[1].items()}
    if offset and counters.get("page"):
        counters["page"][-1] += offset
    if total is not None:
        counters["pages"] = [total]
    return (state[0], counters, *state[2:])


def _make_margin_boxes(context, page, state):
    plan = _MARGINS.get()
    if plan is None:
        return _ORIGINAL["make_margin_boxes"](context, page, state)
    return _ORIGINAL["make_margin_boxes"](context, page, _shifted(state, plan.offset, plan.total))


def install_margins() -> None:
    """Route WeasyPrint's margin boxes through `Margins` (no effect outside a `with Margins(...)`)."""
    from weasyprint import layout

    if "make_margin_boxes" not in _ORIGINAL and hasattr(layout, "make_margin_boxes"):
        _ORIGINAL["make_margin_boxes"] = layout.make_margin_boxes
        layout.make_margin_boxes = _make_margin_boxes


def _page_references(self):
    """pydyf's `page_references`, rebuilt only when a page was added: WeasyPrint's PDF tagging asks
    for it once per tagged element, and rebuilding it each time is O(elements x pages)."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_briefing_page_refs")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__["_briefing_page_refs"] = cached
    return cached[1]


def install_page_references() -> None:
    """Cache pydyf's list of page references (same values, computed once per page count)."""
    import pydyf

    if not getattr(pydyf.PDF, "_briefing_cached_refs", False) and isinstance(
            getattr(pydyf.PDF, "page_references", None), property):
        pydyf.PDF.page_references = property(_page_references)
        pydyf.PDF._briefing_cached_refs = True


class _Zlib:
    """The zlib module as pydyf sees it: its streams are compressed at level 6 rather than 9, which
    takes a third of the time for files a few per cent larger."""

    def __getattr__(self, name):
        import zlib

        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args, **kwargs):
        import zlib

        return zlib.compressobj(min(level, 6) if level >= 0 else level, *args, **kwargs)


def install_stream_compression() -> None:
    """Route pydyf's stream compression through `_Zlib`."""
    import pydyf

    if not isinstance(getattr(pydyf, "zlib", None), _Zlib) and hasattr(pydyf, "zlib"):
        pydyf.zlib = _Zlib()


class _StoredHyphenation(dict):
    """pyphen's `hdcache` (dictionary path -> parsed patterns) filled from pickles in the cache
    folder: parsing a `hyph_*.dic` takes a twentieth of a second per process and language,
    loading its pickle a few milliseconds. A pickle is keyed by a hash of the file's bytes and
    pyphen's version; one that cannot be read or written only costs the parse."""

    def __contains__(self, path) -> bool:
        from .memo import MISSING, read_pickle

        if dict.__contains__(self, path):
            return True
        patterns = read_pickle(_hyphenation_pickle(path))
        if patterns is MISSING:
            return False        # pyphen parses the file, and `__setitem__` stores it
        dict.__setitem__(self, path, patterns)
        return True

    def __setitem__(self, path, patterns) -> None:
        from .memo import write_pickle

        dict.__setitem__(self, path, patterns)
        stored = _hyphenation_pickle(path)
        if write_pickle(stored, patterns):
            for old in stored.parent.glob(f"{Path(path).stem}-*.pickle"):   # older versions
                if old != stored:
                    with contextlib.suppress(OSError):
                        old.unlink()


def _hyphenation_pickle(path) -> Path:
    import pyphen

    from .memo import cache_folder, package_version

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


# Elements whose content an HTML parser reads differently from an XML parser (raw text, a dropped
# first newline, foreign namespaces): a document with any of them goes to WeasyPrint's own parser.
_NOT_XML_ALIKE = frozenset({"script", "style", "pre", "textarea", "listing", "plaintext", "xmp", "iframe",
                            "noembed", "noframes", "noscript", "template", "svg", "math"})
_DOCTYPE = "<!DOCTYPE html>"


def well_formed_tree(string: str):
    """The element tree HTML5 parsing gives `string` (as WeasyPrint parses it: no namespaces),
    read by the XML parser, which takes a thirtieth of the time; None when `string` is not a
    document this holds for: not well-formed XML, HTML entities, comments, elements from
    `_NOT_XML_ALIKE`, or not one <html> with a <head> and a <body>. For the well-formed documents
    the layouts make, the two parsers differ only in where whitespace outside <body> goes."""
    import xml.etree.ElementTree as ET

    end = string.rfind("</html>")
    if not string.startswith(_DOCTYPE) or end < 0 or string[end + 7:].strip() or "<!" in string[len(_DOCTYPE):] \
            or "<?" in string:
        return None
    try:
        root = ET.fromstring(string[len(_DOCTYPE):end + 7])
    except ET.ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"] or (root.text or "").strip():
        return None
    for element in root.iter():
        if element.tag in _NOT_XML_ALIKE or "{" in element.tag or any("{" in name for name in element.attrib):
            return None
    # HTML5 drops whitespace before <head>, and puts what follows </body> at the end of the body.
    root.text = None
    head, body = root
    if (head.tail or "").strip() or (body.tail or "").strip():
        return None
    after = (body.tail or "") + string[end + 7:]
    body.tail = None
    if after:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + after
        else:
            body.text = (body.text or "") + after
    return root


class _Parsed:
    """Stands in for the tinyhtml5 module while WeasyPrint's HTML class reads a document parsed
    already."""

    def __init__(self, tree, module) -> None:
        self.tree, self.module = tree, module

    def __getattr__(self, name):
        return getattr(self.module, name)

    def parse(self, source, **kwargs):
        if kwargs == {"namespace_html_elements": False}:
            return self.tree
        return self.module.parse(source, **kwargs)


def parsed_html(string: str, **kwargs):
    """`weasyprint.HTML(string=string, **kwargs)`, parsed by `well_formed_tree` when it can be."""
    import weasyprint

    tree = well_formed_tree(string)
    module = getattr(weasyprint, "tinyhtml5", None)
    if tree is None or module is None or not hasattr(module, "parse"):
        return weasyprint.HTML(string=string, **kwargs)
    weasyprint.tinyhtml5 = _Parsed(tree, module)
    try:
        return weasyprint.HTML(string=string, **kwargs)
    finally:
        weasyprint.tinyhtml5 = module


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
                _write_state(path, {name: getattr(parser, name) for name in _PARSER_STATE})
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

    from .memo import cache_folder

    key = f"{csource}\0{version}\0{sys.version}".encode()
    return cache_folder() / "cffi" / f"{hashlib.sha256(key).hexdigest()[:24]}.pickle"


def _read_state(path: Path) -> dict | None:
    from .memo import MISSING, read_pickle

    state = read_pickle(path)
    return state if isinstance(state, dict) and set(state) == set(_PARSER_STATE) else None


def _write_state(path: Path, state: dict) -> None:
    from .memo import write_pickle

    write_pickle(path, state)


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

    from .memo import cache_folder

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

    from .memo import write_pickle

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
    if write_pickle(path, _Pickled(buffer.getvalue())):
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
            if old != path and not path.name.startswith("string-"):
                with contextlib.suppress(OSError):
                    old.unlink()


class _Pickled(bytes):
    """A pickle stored as it is (read back with `_read_stylesheet`)."""

    def __reduce__(self):
        return bytes, (bytes(self),)


def _read_stylesheet(path: Path) -> dict | None:
    import pickle

    from .memo import MISSING, read_pickle

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
