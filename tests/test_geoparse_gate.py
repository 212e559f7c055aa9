"""The geoparsing gate: gold toponym spans of TR-News and GeoVirus (../shared/benchmarks/geoparsing)
resolved by the knowledge base must not fall below the floors in tests/geoparse_floors.json.

The measurement is benchmarks/bench_places.py's (resolution part, a few seconds); raise a floor by
hand when the benchmark's figure rises (docs/knowledge-base.md records them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((Path(__file__).parent / "geoparse_floors.json").read_text(encoding="utf-8"))
DATA = ROOT.parent / "shared" / "benchmarks" / "geoparsing"


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_resolution_holds_its_floors(corpus):
    path = DATA / f"{corpus}.xml"
    if not path.exists():
        pytest.skip(f"{path} not present (../shared absent?)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_places import read_corpus, resolution
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    got = resolution(read_corpus(path))
    below = [f"{metric} {got[metric]:.3f} < {floor}" for metric, floor in FLOORS[corpus].items() if got[metric] < floor]
    assert not below, f"{corpus}: " + "; ".join(below)
