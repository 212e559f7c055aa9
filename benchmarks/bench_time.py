"""Time expressions: sourcetrace's ``time`` stage beside dateparser's ``search_dates``, on the same gold.

Two gold sets:

* the seed article's ``dates`` (../shared/gold/karabakh-2020-analysis.gold.json), scored like
  ``sourcetrace evaluate``: a prediction matches a gold expression when its span overlaps the gold
  text's occurrence (located in order of appearance) and its value is equal;
* TempEval-3 training data (TimeBank 1.2 + AQUAINT, ../shared/benchmarks/tempeval3/TBAQ-cleaned),
  expressions of type DATE, each document's DCT as publication date.  Strict = same span, relaxed =
  overlapping span (one to one, in order); value = relaxed and the same value.  Predictions that overlap a
  gold TIME, DURATION or SET expression are left out of precision (those types are not scored, and our
  interchange values cannot express them); DCTs are not scored.

Both systems see plain text only: the stage runs without the spaCy pipeline (rough sentence split, no
citations), dateparser with ``languages=['en']``, ``DATE_ORDER='DMY'`` (the seed's order; ``MDY`` for the
American TempEval news), ``RELATIVE_BASE`` = the publication date, ``PREFER_DATES_FROM='past'``.

Usage: ``python3 benchmarks/bench_time.py [--limit N] [--no-dateparser] [--json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sourcetrace.dates import extract_times

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "corpus" / "karabakh-2020-analysis.txt"
SEED_GOLD = SHARED / "gold" / "karabakh-2020-analysis.gold.json"
TEMPEVAL = SHARED / "benchmarks" / "tempeval3" / "TBAQ-cleaned"

Pred = tuple[int, int, str]
"""(start, end, value) of a predicted expression."""


# -- systems ------------------------------------------------------------------------------------------
def ours(text: str, publication: str | None, order: str) -> list[Pred]:
    return [(t.span[0], t.span[1], t.value) for t in extract_times(text, publication_date=publication)
            if t.value is not None]


def dateparser_preds(text: str, publication: str | None, order: str) -> list[Pred]:
    from dateparser.search import search_dates

    settings: dict[str, object] = {"DATE_ORDER": order, "PREFER_DATES_FROM": "past",
                                   "RETURN_AS_TIMEZONE_AWARE": False}
    if publication:
        y, m, d = (int(x) for x in (publication + "-01-01")[:10].split("-"))
        settings["RELATIVE_BASE"] = dt.datetime(y, m, d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(text, languages=["en"], settings=settings) or []
        except Exception:  # noqa: BLE001 - a crash counts as finding nothing
            found = []
    out, pos = [], 0
    for surface, when in found:
        i = text.find(surface, pos)
        if i == -1:
            i = text.find(surface)
        if i == -1:
            continue
        out.append((i, i + len(surface), when.date().isoformat()))
        pos = i + 1
    return out


SYSTEMS: dict[str, Callable[[str, str | None, str], list[Pred]]] = {
    "sourcetrace": ours, "dateparser": dateparser_preds}


# -- seed gold ----------------------------------------------------------------------------------------
def seed_score(system: Callable[[str, str | None, str], list[Pred]]) -> dict[str, float]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    preds = system(text, gold["publication_date"], "DMY")
    elapsed = time.perf_counter() - t0
    spans, pos = [], 0
    for g in gold["dates"]:
        i = text.find(g["text"], pos)
        i = text.find(g["text"]) if i == -1 else i
        spans.append((i, i + len(g["text"])) if i != -1 else None)
        pos = i + 1 if i != -1 else pos
    used: set[int] = set()
    for g, span in zip(gold["dates"], spans, strict=True):
        for k, (s, e, v) in enumerate(preds):
            if k not in used and span and s < span[1] and span[0] < e and v == g["value"]:
                used.add(k)
                break
    n_gold, n_pred, tp = len(gold["dates"]), len(preds), len(used)
    return {"gold": n_gold, "predicted": n_pred, "right": tp, **_prf(tp, n_pred, n_gold), "seconds": elapsed}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# -- TempEval-3 ---------------------------------------------------------------------------------------
@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: str | None
    timexes: list[tuple[int, int, str, str]]
    """(start, end, type, value) of every TIMEX3 in the text."""


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def read_timeml(path: Path) -> TimeMLDoc:
    """Plain text of the TEXT element with the offsets of its TIMEX3 elements."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", raw)
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    timexes: list[tuple[int, int, str, str]] = []
    open_timex: tuple[int, str, str] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            typ = re.search(r'type="([^"]*)"', attrs)
            val = re.search(r'value="([^"]*)"', attrs)
            open_timex = (length, typ[1] if typ else "", val[1] if val else "")
        elif open_timex is not None:
            timexes.append((open_timex[0], length, open_timex[1], open_timex[2]))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return TimeMLDoc(path.stem, "".join(out), dct_m[1][:10] if dct_m else None, timexes)


def _score_doc(args: tuple[str, str]) -> dict[str, int | float]:
    system_name, path = args
    doc = read_timeml(Path(path))
    t0 = time.perf_counter()
    preds = SYSTEMS[system_name](doc.text, doc.dct, "MDY")
    elapsed = time.perf_counter() - t0
    gold = [t for t in doc.timexes if t[2] == "DATE"]
    other = [t for t in doc.timexes if t[2] != "DATE"]

    def overlaps(a: Sequence[object], b: Sequence[object]) -> bool:
        return a[0] < b[1] and b[0] < a[1]  # type: ignore[operator]

    scored = [p for p in preds if not any(overlaps(p, o) for o in other) or any(overlaps(p, g) for g in gold)]
    strict = relaxed = value = 0
    used: set[int] = set()
    for g in gold:
        for k, p in enumerate(scored):
            if k not in used and overlaps(p, g):
                used.add(k)
                relaxed += 1
                strict += p[0] == g[0] and p[1] == g[1]
                value += p[2] == g[3]
                break
    return {"gold": len(gold), "predicted": len(scored), "strict": strict, "relaxed": relaxed, "value": value,
            "seconds": elapsed}


def tempeval_score(system_name: str, limit: int | None, workers: int) -> dict[str, float]:
    paths = sorted(str(p) for p in TEMPEVAL.rglob("*.tml"))[:limit]
    totals: dict[str, float] = {"documents": len(paths)}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for row in pool.map(_score_doc, [(system_name, p) for p in paths], chunksize=8):
            for k, v in row.items():
                totals[k] = totals.get(k, 0) + v
    g, n = int(totals.get("gold", 0)), int(totals.get("predicted", 0))
    for kind in ("strict", "relaxed", "value"):
        for k, v in _prf(int(totals.get(kind, 0)), n, g).items():
            totals[f"{kind}_{k}"] = v
    totals["value_accuracy"] = totals.get("value", 0) / totals["relaxed"] if totals.get("relaxed") else 0.0
    return totals


# -- report -------------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="score only the first N TempEval documents")
    ap.add_argument("--no-dateparser", action="store_true", help="score sourcetrace only")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)
    names = ["sourcetrace"] + ([] if args.no_dateparser else ["dateparser"])
    results = {n: {"seed": seed_score(SYSTEMS[n]), "tempeval3": tempeval_score(n, args.limit, args.workers)}
               for n in names}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    seed_rows = [("gold", "d"), ("predicted", "d"), ("right", "d"), ("precision", ".3f"), ("recall", ".3f"),
                 ("f1", ".3f"), ("seconds", ".3f")]
    te_rows = [("documents", "d"), ("gold", "d"), ("predicted", "d"), ("strict_precision", ".3f"),
               ("strict_recall", ".3f"), ("strict_f1", ".3f"), ("relaxed_precision", ".3f"),
               ("relaxed_recall", ".3f"), ("relaxed_f1", ".3f"), ("value_f1", ".3f"), ("value_accuracy", ".3f"),
               ("seconds", ".1f")]
    for title, part, rows in (("seed article dates (62 gold)", "seed", seed_rows),
                              ("TempEval-3 TBAQ-cleaned, type DATE", "tempeval3", te_rows)):
        print(f"\n{title}")
        print(f"| {'metric':<18} | " + " | ".join(f"{n:>11}" for n in names) + " |")
        print(f"|{'-' * 20}|" + "|".join("-" * 13 for _ in names) + "|")
        for key, fmt in rows:
            values = [results[n][part][key] for n in names]
            cells = " | ".join(f"{format(int(v) if fmt == 'd' else v, fmt):>11}" for v in values)
            print(f"| {key:<18} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
