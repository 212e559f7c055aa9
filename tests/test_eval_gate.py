"""The quality gate: scores on the gold files must not fall below the pinned floors (tests/eval_floors.json).

Floors only go up: `python scripts/pin_floors.py` raises them to the current scores and never lowers one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcetrace.evaluate import evaluate_files

HERE = Path(__file__).parent
FLOORS = json.loads((HERE / "eval_floors.json").read_text(encoding="utf-8"))
GOLD_FILES = {name: path for name, path in (
    [("seed", HERE.parent.parent / "shared" / "gold" / "karabakh-2020-analysis.gold.json")]
    + [(p.name.removesuffix(".gold.json"), p) for p in sorted((HERE / "gold").glob("*.gold.json"))])}


@pytest.fixture(scope="module")
def reports(pipeline):
    present = {name: p for name, p in GOLD_FILES.items() if p.exists()}
    return dict(zip(present, evaluate_files(list(present.values()), pipeline=pipeline), strict=True))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_hold_their_floors(reports, name):
    if name not in reports:
        pytest.skip(f"gold file for {name} not present (../shared absent?)")
    scores = {k: v.as_dict() for k, v in reports[name].kinds.items()}
    below = []
    for kind, floors in FLOORS[name].items():
        for metric, floor in floors.items():
            if kind not in scores:
                below.append(f"{kind} is no longer annotated in the gold file")
                continue
            got = scores[kind][metric]
            if got < floor:
                below.append(f"{kind}.{metric} = {got} < floor {floor}")
    assert below == []


def test_every_gold_file_has_floors():
    assert sorted(GOLD_FILES) == sorted(FLOORS)
