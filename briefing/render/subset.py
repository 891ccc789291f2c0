"""Font subsetting for the EPUB: HarfBuzz (libharfbuzz-subset, through cffi) when the machine has
it, fontTools otherwise. Both keep every glyph the text needs, the layout features and all name
records (the licence included)."""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data, void *destroy);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_invert(hb_set_t *set);
void hb_set_clear(hb_set_t *set);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_READONLY = 1                 # HB_MEMORY_MODE_READONLY
_SETS_NAME_ID = 4             # HB_SUBSET_SETS_NAME_ID
_FLAGS = 0x08 | 0x40          # NAME_LEGACY | NOTDEF_OUTLINE


@cache
def _harfbuzz():
    """(ffi, library) for libharfbuzz-subset, or None when it cannot be loaded."""
    try:
        from cffi import FFI

        from .wpload import install_ctype_parser, stored_cdefs

        ffi = FFI()
        with stored_cdefs():   # the declarations as parsed before, without pycparser
            ffi.cdef(_CDEF)
        install_ctype_parser(ffi)
        lib = ffi.dlopen("libharfbuzz-subset.so.0")
        lib.hb_set_invert  # noqa: B018 - present since HarfBuzz 3; older ones take the fontTools path
        return ffi, lib
    except (ImportError, OSError, AttributeError):
        return None


def subset_font(path: Path, text: str) -> bytes:
    """The font reduced to the glyphs `text` needs, so the book stays small."""
    data = path.read_bytes()
    hb = _harfbuzz()
    if hb is not None:
        result = _harfbuzz_subset(*hb, data, text)
        if result:
            return result
    return _fonttools_subset(data, text)


def _harfbuzz_subset(ffi, lib, data: bytes, text: str) -> bytes | None:
    buffer = ffi.from_buffer(data)
    blob = lib.hb_blob_create(buffer, len(data), _READONLY, ffi.NULL, ffi.NULL)
    face = lib.hb_face_create(blob, 0)
    plan = lib.hb_subset_input_create_or_fail()
    try:
        if plan == ffi.NULL:
            return None
        unicodes = lib.hb_subset_input_unicode_set(plan)
        for code in sorted({ord(c) for c in text}):
            lib.hb_set_add(unicodes, code)
        names = lib.hb_subset_input_set(plan, _SETS_NAME_ID)
        lib.hb_set_clear(names)   # the default is IDs 0-6; the empty set inverted is every name record,
        lib.hb_set_invert(names)  # the licence (13, 14) included
        lib.hb_subset_input_set_flags(plan, _FLAGS)
        subset = lib.hb_subset_or_fail(face, plan)
        if subset == ffi.NULL:
            return None
        out = lib.hb_face_reference_blob(subset)
        size = ffi.new("unsigned int *")
        pointer = lib.hb_blob_get_data(out, size)
        result = bytes(ffi.buffer(pointer, size[0])) if size[0] else None
        lib.hb_blob_destroy(out)
        lib.hb_face_destroy(subset)
        return result
    finally:
        if plan != ffi.NULL:
            lib.hb_subset_input_destroy(plan)
        lib.hb_face_destroy(face)
        lib.hb_blob_destroy(blob)


def _fonttools_subset(data: bytes, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
