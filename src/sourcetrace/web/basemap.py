"""The offline base map: country outlines as SVG paths, from a small file shipped in the repo.

``static/world.json`` maps ISO 3166 alpha-3 codes to polygon rings in degrees (longitude,
latitude), rounded to 0.01°.  It was generated once from the country outlines the MIT-licensed
PyPI package ``countryinfo`` ships (``pip install 'countryinfo>=1,<2'``, then
``python -m sourcetrace.web.basemap``); nothing is fetched at run time.  The map draws in an
equirectangular projection: x = longitude, y = −latitude, so SVG user units are degrees.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

WORLD_FILE = "world.json"
PRECISION = 2


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = coords if kind == "MultiPolygon" else [coords] if kind == "Polygon" else []
    out: list[list[list[float]]] = []
    for polygon in polygons:
        for ring in polygon:
            pts: list[list[float]] = []
            for lon, lat, *_ in ring:
                p = [round(float(lon), PRECISION), round(float(lat), PRECISION)]
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) >= 3:
                out.append(pts)
    return out


def build_world(source_dir: Path) -> dict[str, list[list[list[float]]]]:
    """Country rings from a folder of countryinfo JSON files (their ``geoJSON`` member)."""
    world: dict[str, list[list[list[float]]]] = {}
    for path in sorted(source_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in (data.get("geoJSON") or {}).get("features", []):
            code = feature.get("id")
            rings = _rings(feature.get("geometry") or {})
            if isinstance(code, str) and len(code) == 3 and rings:
                world.setdefault(code, []).extend(rings)
    return dict(sorted(world.items()))


@lru_cache(maxsize=1)
def world_paths() -> dict[str, str]:
    """ISO alpha-3 → SVG path data (x = lon, y = −lat); empty when the file is missing."""
    try:
        raw = (resources.files("sourcetrace.web") / "static" / WORLD_FILE).read_text(encoding="utf-8")
        world = json.loads(raw)
    except (OSError, ValueError):
        return {}
    paths: dict[str, str] = {}
    for code, rings in world.items():
        parts = []
        for ring in rings:
            pts = " ".join(f"{lon:g},{-lat:g}" for lon, lat in ring)
            parts.append(f"M{pts}Z")
        paths[code] = "".join(parts)
    return paths


def main() -> None:  # pragma: no cover - a one-off generator
    import countryinfo  # type: ignore[import-not-found,unused-ignore]

    source = Path(countryinfo.__file__).parent / "data"
    world = build_world(source)
    target = Path(__file__).parent / "static" / WORLD_FILE
    target.write_text(json.dumps(world, separators=(",", ":")), encoding="utf-8")
    print(f"{len(world)} countries written to {target}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    main()
