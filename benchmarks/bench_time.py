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
from typing import Any

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


_ISO_POINT = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_SEASONS = ("SP", "SU", "FA", "WI")


def timeml_value(value: str) -> tuple[str | None, str]:
    """A TimeML value in the interchange representation, with its category; None where there is no exact
    equivalent (``PRESENT_REF``, seasons, durations, values with ``X``, times of day without a date)."""
    v = value.strip()
    if _ISO_POINT.fullmatch(v):
        return v, "point"
    day = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T[\w:.+-]*", v)
    if day:
        return day[1], "time-of-day"
    if re.fullmatch(r"\d{3}", v):
        return f"{v}0/{v}9", "decade"
    if re.fullmatch(r"\d{2}", v):
        return f"{v}00/{v}99", "century"
    part = re.fullmatch(r"(\d{4})-([QH])([1-4])", v)
    if part and (part[2] == "Q" or part[3] in "12"):
        size = 3 if part[2] == "Q" else 6
        first = (int(part[3]) - 1) * size + 1
        return f"{part[1]}-{first:02d}/{part[1]}-{first + size - 1:02d}", "quarter" if size == 3 else "half"
    week = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", v)
    if week:
        try:
            monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        except ValueError:
            return None, "invalid"
        first_day = monday + dt.timedelta(days=5) if week[3] else monday
        return f"{first_day.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "week"
    if v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return None, v
    if re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", v):
        return None, "season"
    if v.startswith("P"):
        return None, "duration-length"
    if "X" in v:
        return None, "underspecified"
    return None, "other"


SCHEMES = ("old", "date", "date_time")
"""``old``: DATE only, raw TimeML values (the figure before the conversion, for continuity); ``date``: DATE,
values converted where an equivalent exists, the others left out; ``date_time``: the same over DATE+TIME."""


def _score_doc(args: tuple[str, str]) -> dict[str, dict[str, float]]:
    system_name, path = args
    doc = read_timeml(Path(path))
    t0 = time.perf_counter()
    preds = SYSTEMS[system_name](doc.text, doc.dct, "MDY")
    elapsed = time.perf_counter() - t0
    out: dict[str, dict[str, float]] = {}
    for scheme in SCHEMES:
        types = ("DATE", "TIME") if scheme == "date_time" else ("DATE",)
        gold: list[tuple[int, int, str]] = []
        ignore: list[tuple[int, int]] = []
        left_out: dict[str, float] = {}
        for s, e, typ, raw in doc.timexes:
            if typ not in types:
                ignore.append((s, e))
                continue
            value, category = (raw, "raw") if scheme == "old" else timeml_value(raw)
            if value is None:
                ignore.append((s, e))
                left_out[category] = left_out.get(category, 0) + 1
            else:
                gold.append((s, e, value))
                left_out["kept:" + category] = left_out.get("kept:" + category, 0) + 1
        row = _match(preds, gold, ignore)
        row["seconds"] = elapsed
        out[scheme] = row
        out[scheme + "_categories"] = left_out
    return out


def _match(preds: list[Pred], gold: list[tuple[int, int, str]], ignore: list[tuple[int, int]]) -> dict[str, float]:
    """Strict, relaxed and value matches, one to one in order; predictions that overlap only expressions
    that are not scored are left out of precision."""

    def overlaps(a: Sequence[object], b: Sequence[object]) -> bool:
        return a[0] < b[1] and b[0] < a[1]  # type: ignore[operator]

    scored = [p for p in preds if not any(overlaps(p, o) for o in ignore) or any(overlaps(p, g) for g in gold)]
    strict = relaxed = value = 0
    used: set[int] = set()
    for g in gold:
        for k, p in enumerate(scored):
            if k not in used and overlaps(p, g):
                used.add(k)
                relaxed += 1
                strict += p[0] == g[0] and p[1] == g[1]
                value += p[2] == g[2]
                break
    return {"gold": len(gold), "predicted": len(scored), "strict": strict, "relaxed": relaxed, "value": value}


SPLITS = ("dev", "test", "all")
"""``dev``: the first half of the documents by path (studied while writing rules); ``test``: the second half
(only reported); ``all``: both."""


def tempeval_paths(limit: int | None = None) -> dict[str, list[str]]:
    paths = sorted(str(p) for p in TEMPEVAL.rglob("*.tml"))[:limit]
    half = (len(paths) + 1) // 2
    return {"dev": paths[:half], "test": paths[half:], "all": paths}


def tempeval_score(system_name: str, limit: int | None, workers: int) -> dict[str, dict[str, dict[str, float]]]:
    """Per split and scheme: counts, P/R/F1 (strict, relaxed, value) and value accuracy."""
    splits = tempeval_paths(limit)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        rows = dict(zip(splits["all"], pool.map(_score_doc, [(system_name, p) for p in splits["all"]],
                                                chunksize=8), strict=True))
    result: dict[str, dict[str, dict[str, float]]] = {}
    for split, paths in splits.items():
        result[split] = {}
        for scheme in SCHEMES:
            totals: dict[str, float] = {"documents": len(paths)}
            categories: dict[str, float] = {}
            for p in paths:
                for k, v in rows[p][scheme].items():
                    totals[k] = totals.get(k, 0) + v
                for k, v in rows[p][scheme + "_categories"].items():
                    categories[k] = categories.get(k, 0) + v
            g, n = int(totals.get("gold", 0)), int(totals.get("predicted", 0))
            for kind in ("strict", "relaxed", "value"):
                for k, v in _prf(int(totals.get(kind, 0)), n, g).items():
                    totals[f"{kind}_{k}"] = v
            totals["value_accuracy"] = totals.get("value", 0) / totals["relaxed"] if totals.get("relaxed") else 0.0
            result[split][scheme] = totals
            result[split][scheme + "_categories"] = dict(sorted(categories.items()))
    return result


# -- report -------------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="score only the first N TempEval documents")
    ap.add_argument("--no-dateparser", action="store_true", help="score sourcetrace only")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)
    names = ["sourcetrace"] + ([] if args.no_dateparser else ["dateparser"])
    results: dict[str, dict[str, Any]] = {
        n: {"seed": seed_score(SYSTEMS[n]), "tempeval3": tempeval_score(n, args.limit, args.workers)} for n in names}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    seed_rows = [("gold", "d"), ("predicted", "d"), ("right", "d"), ("precision", ".3f"), ("recall", ".3f"),
                 ("f1", ".3f"), ("seconds", ".3f")]
    te_rows = [("documents", "d"), ("gold", "d"), ("predicted", "d"), ("strict_precision", ".3f"),
               ("strict_recall", ".3f"), ("strict_f1", ".3f"), ("relaxed_precision", ".3f"),
               ("relaxed_recall", ".3f"), ("relaxed_f1", ".3f"), ("value_f1", ".3f"), ("value_accuracy", ".3f"),
               ("seconds", ".1f")]
    tables: list[tuple[str, Callable[[str], dict[str, float]], list[tuple[str, str]]]] = [
        ("seed article dates (62 gold)", lambda n: results[n]["seed"], seed_rows)]
    for scheme, label in (("old", "type DATE, raw TimeML values (old figure)"),
                          ("date", "type DATE, values converted"), ("date_time", "types DATE+TIME, values converted")):
        for split in SPLITS:
            tables.append((f"TempEval-3 TBAQ-cleaned {split}, {label}",
                           lambda n, sp=split, sc=scheme: results[n]["tempeval3"][sp][sc], te_rows))
    for title, get, rows in tables:
        print(f"\n{title}")
        print(f"| {'metric':<18} | " + " | ".join(f"{n:>11}" for n in names) + " |")
        print(f"|{'-' * 20}|" + "|".join("-" * 13 for _ in names) + "|")
        for key, fmt in rows:
            values = [get(n).get(key, 0) for n in names]
            cells = " | ".join(f"{format(int(v) if fmt == 'd' else v, fmt):>11}" for v in values)
            print(f"| {key:<18} | {cells} |")
    for scheme in ("date", "date_time"):
        cats = results[names[0]]["tempeval3"]["all"][scheme + "_categories"]
        print(f"\ngold values by category ({scheme}, all documents; kept:* are scored, the rest left out): "
              + ", ".join(f"{k} {int(v)}" for k, v in cats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
