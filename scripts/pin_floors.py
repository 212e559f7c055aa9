"""Raise the evaluation floors in tests/eval_floors.json to the current scores (never lower one)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_eval_gate import FLOORS, GOLD_FILES  # noqa: E402

from sourcetrace.evaluate import evaluate_files  # noqa: E402

METRICS = {"quote": ("matched", "attributed", "fully_sourced", "precision"), "citation": ("matched", "precision"),
           "time": ("matched", "precision"), "event": ("matched", "dated", "precision"), "entity": ("matched",)}


def main() -> None:
    present = {n: p for n, p in GOLD_FILES.items() if p.exists()}
    floors = dict(FLOORS)
    for name, report in zip(present, evaluate_files(list(present.values())), strict=True):
        current = floors.setdefault(name, {})
        for kind, ks in report.kinds.items():
            scores = ks.as_dict()
            for metric in METRICS[kind]:
                value = scores[metric]
                if isinstance(value, float):
                    value = round(value - 0.005, 2) if value >= 0.005 else 0.0  # rounding slack, two decimals
                kept = current.setdefault(kind, {}).get(metric, 0)
                current[kind][metric] = max(kept, value)
    (ROOT / "tests" / "eval_floors.json").write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n",
                                                      encoding="utf-8")
    print(json.dumps(floors, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
