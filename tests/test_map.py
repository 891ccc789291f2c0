"""The locator map and timeline: in both outputs, with alt text, and light enough for the EPUB."""
from __future__ import annotations

import re
import zipfile

import pypdf
from briefing.analysis.locator import country_code, locator_map
from briefing.model import Fact, SourceRef


def _alts(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.DictionaryObject):
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                if isinstance(kid.get_object(), pypdf.generic.DictionaryObject):
                    _alts(kid, found)
    return found


def test_pdf_has_the_map_with_alt_text(sample_build):
    reader = pypdf.PdfReader(sample_build / "briefing.pdf")
    alts = _alts(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert any(a.startswith("Locator map highlighting") and "Kazakhstan" in a for a in alts), alts
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Countries named in the articles:" in text and "Timeline" in text


def test_epub_has_the_map_with_alt_text_and_stays_light(sample_build):
    book = zipfile.ZipFile(sample_build / "briefing.epub")
    facts = book.read("EPUB/facts.xhtml").decode()
    assert '<img src="images/map.svg" alt="Locator map highlighting' in facts
    assert "<figcaption>Countries named in the articles:" in facts
    assert len(book.read("EPUB/images/map.svg")) < 120_000
    assert (sample_build / "briefing.epub").stat().st_size <= 450 * 1024


def _place(name: str) -> Fact:
    return Fact("place", name, (SourceRef("a.txt", "A", "x", "a1-s1", "a1"),))


def test_map_crops_to_the_region_of_the_places():
    world = locator_map((_place("Kazakhstan"), _place("Mali"), _place("Peru")))
    region = locator_map((_place("Kazakhstan"), _place("Almaty"), _place("Kyrgyzstan")))
    width = lambda m: float(m.svg.split('viewBox="')[1].split()[2])  # noqa: E731
    assert width(region) < width(world) / 3
    assert region.countries == ("KZ", "KG") and "Other places: Almaty" in region.caption


def test_places_resolve_to_countries():
    assert [country_code(n) for n in ("Kazakhstan", "Almaty", "New York", "Côte d’Ivoire", "Golan Heights")] \
        == ["KZ", "KZ", "US", "CI", None]


def test_no_places_no_map():
    assert locator_map(()) is None


def test_outlines_are_simplified_within_the_tolerance():
    import math

    from briefing.analysis.locator import _simplified

    ring = tuple((100 * math.cos(t / 500 * math.pi) + (t % 3) * 0.1, 100 * math.sin(t / 500 * math.pi))
                 for t in range(1000))
    kept = _simplified(ring, 1.0)
    assert 10 < len(kept) < 100 and kept[0] == ring[0] and set(kept) <= set(ring)

    def distance(p, a, b):
        (px, py), (ax, ay), (bx, by) = p, a, b
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - ax - t * dx, py - ay - t * dy)

    closed = kept + [kept[0]]
    assert all(min(distance(p, a, b) for a, b in zip(closed, closed[1:])) <= 1.0 + 1e-9 for p in ring)
    square = ((0, 0), (5, 0.2), (10, 0), (10, 10), (5, 9.9), (0, 10))
    assert _simplified(square, 0.5) == [(0, 0), (10, 0), (10, 10), (0, 10)]


def test_map_draws_one_path_per_colour_with_the_highlighted_countries_on_top():
    from briefing.analysis.locator import HIGHLIGHT, LAND

    region = locator_map((_place("Kazakhstan"), _place("Kyrgyzstan")))
    fills = re.findall(r'<path fill="([^"]+)" d="M', region.svg)
    assert fills == [LAND, HIGHLIGHT]
    highlighted = region.svg.split(f'<path fill="{HIGHLIGHT}" d="')[1].split('"')[0]
    assert highlighted.count("M") >= 2     # both countries' outlines


def _douglas_peucker(ring, tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker as written in textbooks (the ring read as a path from its first point back
    to it): the reference the stored significances must agree with."""
    points = list(ring) + [ring[0]]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    spans = [(0, len(points) - 1)]
    while spans:
        a, b = spans.pop()
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
        if at >= 0 and farthest > limit:
            keep[at] = True
            spans += [(a, at), (at, b)]
    return [p for p, kept in zip(points[:-1], keep[:-1]) if kept]


def test_precomputed_significance_simplifies_exactly_as_douglas_peucker():
    """The map keeps the points whose stored significance exceeds the squared tolerance: the same
    points a textbook Douglas-Peucker keeps, for every ring of a few countries and many tolerances."""
    from briefing.analysis.locator import _significance, _simplified, world

    shapes = world()
    checked = 0
    for code in ("KZ", "RU", "NO", "ID", "CL", "GB"):
        for ring in shapes[code].rings:
            significance = _significance(ring)
            for tolerance in (0.2, 0.7, 1.5, 3.1, 6.4, 13.0, 40.0):
                kept = [p for p, weight in zip(ring, significance) if weight > tolerance * tolerance]
                assert kept == _douglas_peucker(ring, tolerance) == _simplified(ring, tolerance), (code, tolerance)
                checked += 1
    assert checked > 100


def test_iso_tables_answer_as_pycountry_does():
    """The stored ISO tables give what pycountry gives: country lookups by any of its fields in any
    case, common names, currency codes."""
    import pycountry

    from briefing.analysis.facts.gazetteer import iso_names

    names = iso_names()
    for country in pycountry.countries:
        assert names.countries[country.alpha_2] == (getattr(country, "common_name", None) or country.name)
        for value in country._fields.values():
            for variant in (str(value), str(value).upper(), str(value).title()):
                assert names.lookup.get(variant.lower()) == pycountry.countries.lookup(variant).alpha_2
    for missing in ("Golan Heights", "Middle East", "Atlantis", "xx"):
        try:
            expected = pycountry.countries.lookup(missing).alpha_2
        except LookupError:
            expected = None
        assert names.lookup.get(missing.lower()) == expected
    assert names.currencies == frozenset(c.alpha_3 for c in pycountry.currencies)
