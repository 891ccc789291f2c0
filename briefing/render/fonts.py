"""The bundled fonts: which file is which face, as CSS @font-face rules for either output."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import FONTS_DIR


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


def font_face_css(url_for: Callable[[Face], str]) -> str:
    """@font-face rules for every bundled face, with URLs chosen by the renderer."""
    rules = []
    for face in FACES:
        rules.append(f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                     f'font-style: {face.style}; src: url("{url_for(face)}"); }}')
    return "\n".join(rules) + "\n"
