"""The bundled fonts: which file is which face, reduced to the characters a briefing uses, and
declared as CSS @font-face rules for either output.

Both renderers embed the same subsets, made here with fontTools: the PDF asks WeasyPrint to embed
them as they are (`full_fonts`), so the bytes of a briefing do not depend on which subsetter
WeasyPrint would have found on the machine (HarfBuzz or fontTools give different files).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..config import DEFAULT_LAYOUTS, FONTS_DIR
from ..memo import MISSING, cache_folder, package_version, read_pickle, write_pickle


@dataclass(frozen=True)
class Face:
    """One font file and the CSS face it provides."""

    family: str
    weight: str
    style: str
    file: str

    @property
    def path(self) -> Path:
        """Where the font file is."""
        return FONTS_DIR / self.file


FACES: tuple[Face, ...] = (
    Face("PT Serif", "normal", "normal", "PTSerif-Regular.ttf"),
    Face("PT Serif", "normal", "italic", "PTSerif-Italic.ttf"),
    Face("PT Serif", "bold", "normal", "PTSerif-Bold.ttf"),
    Face("PT Serif", "bold", "italic", "PTSerif-BoldItalic.ttf"),
    Face("PT Sans", "normal", "normal", "PTSans-Regular.ttf"),
    Face("PT Sans", "bold", "normal", "PTSans-Bold.ttf"),
)

# Kept in every subset whatever the text: what the layouts and the tool itself may print (page
# numbers, dates, leaders, ellipses of cut headers, hyphens, quotes, currency signs).
BASE_CHARACTERS = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x100))) + \
    "".join(map(chr, range(0x2010, 0x2028))) + "".join(map(chr, range(0x2030, 0x203B))) + "№€₽₸£¥−×÷"


def font_face_css(url_for: Callable[[Face], str]) -> str:
    """@font-face rules for every bundled face, with URLs chosen by the renderer."""
    rules = []
    for face in FACES:
        rules.append(f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                     f'font-style: {face.style}; src: url("{url_for(face)}"); }}')
    return "\n".join(rules) + "\n"


def characters(report: object, layouts: Path | None = None) -> str:
    """Every character the briefing may print: those of the report's text, of the layouts and
    BASE_CHARACTERS, sorted (the subsets depend on the set, not on its order)."""
    found: set[str] = set(BASE_CHARACTERS)
    for text in _strings(report):
        found.update(text)
    for folder in (DEFAULT_LAYOUTS, layouts):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in (".html", ".xhtml", ".css") and path.is_file():
                    with contextlib.suppress(OSError, UnicodeDecodeError):
                        found.update(path.read_text("utf-8"))
    return "".join(sorted(c for c in found if unicodedata.category(c) not in ("Cc", "Cs")))


def coverage_warnings(articles: Iterable[object], limit: int = 5) -> list[str]:
    """One warning per article whose text holds characters no bundled font can show: the reader's
    (or, in the PDF, the system's) font shows them instead, through the generic family that every
    font-family of the stylesheets ends with."""
    shown = covered()
    out = []
    for article in articles:
        seen = dict.fromkeys(c for text in _strings(article) for c in text)
        missing = [c for c in seen if ord(c) not in shown and _visible(c)]
        if missing:
            names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in missing[:limit])
            more = f" and {len(missing) - limit} more" if len(missing) > limit else ""
            count, verb = (f"{len(missing)} characters", "are") if len(missing) > 1 else ("1 character", "is")
            out.append(f"{getattr(article, 'filename', article)}: {count} the bundled fonts cannot show "
                       f"({names}{more}) {verb} shown in the reader's own font (in the PDF, a system font)")
    return out


@functools.cache
def covered() -> frozenset[int]:
    """The code points every bundled face maps to a glyph (the faces share one character set)."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(face.path, lazy=True).getBestCmap()) for face in FACES]
    return frozenset(set.intersection(*sets))


def _visible(char: str) -> bool:
    """Whether a character is drawn: spaces, controls, format characters (joiners, marks of
    direction) and variation selectors are not, so no font's lack of them shows."""
    return unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf", "Cs") and not (
        0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF)


def _strings(value: object) -> Iterable[str]:
    """Every string in a tree of dataclasses, tuples, lists and dicts."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def subsets(chars: str) -> dict[str, bytes]:
    """Each bundled face reduced to `chars` (face file name -> TrueType bytes), with its layout
    features and name records (the licence among them) kept. Made once per set of characters and
    kept in the cache folder."""
    digest = hashlib.sha256(f"{chars}\0fonttools={package_version('fonttools')}\0".encode())
    for face in FACES:
        digest.update(face.path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    path = cache_folder() / "fonts" / f"{digest.hexdigest()[:24]}.pickle"
    found = read_pickle(path)
    if found is not MISSING:
        return found
    from ..processes import parallel_map

    made = dict(zip((face.file for face in FACES),
                    parallel_map(lambda face: subset_font(face.path, chars), FACES, minimum=2)))
    if write_pickle(path, made):
        _keep_newest(path.parent, 16)
    return made


def _keep_newest(folder: Path, count: int) -> None:
    """Remove all but the `count` most recently written subsets."""
    kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[count:]:
        with contextlib.suppress(OSError):
            old.unlink()


def subset_font(path: Path, chars: str) -> bytes:
    """The font at `path` reduced to the glyphs `chars` need (with those its layout features
    reach), every name record kept; the same bytes for the same font and characters."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # Kerning and mark positioning stay; substitutions (GSUB: ligatures, local forms) go, so that
    # every glyph a text is set in is one the font's character map names. WeasyPrint maps the
    # glyphs of a font it embeds whole through that map, and the PDF's text (copy, search, screen
    # readers) would lose a ligature's letters.
    options.layout_features = ["kern", "mark", "mkmk"]
    options.drop_tables += ["GSUB"]
    options.name_IDs = ["*"]            # the licence and its URL (name IDs 13, 14) travel with the font
    options.name_legacy = True
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.recalc_timestamp = False
    font = TTFont(path, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
