"""Scoring an extraction against a gold file (format: docs/gold-format.md, after ../shared/gold/FORMAT.md).

:func:`score` compares an :class:`~sourcetrace.records.Extraction` with a gold
dictionary and returns, per record kind, the counts, precision/recall/F1 and the
misses, so a user can evaluate sourcetrace on their own annotated documents.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldError
from .records import Citation, Event, Extraction, Mention, Quote, TimeExpr


def fold(text: str | None) -> str:
    """Case- and accent-folded, whitespace-normalised form used to compare names."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


def name_matches(predicted: Iterable[str | None], acceptable: Sequence[str]) -> bool:
    wanted = {fold(a) for a in acceptable}
    return any(fold(p) in wanted for p in predicted if p)


@dataclass
class KindScore:
    """Scores of one record kind."""

    kind: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    """Gold items found."""
    true_positives: int = 0
    """Predictions that match a gold (or optional) item."""
    extra: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "true_positives": self.true_positives, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4), **self.extra,
                "misses": self.misses, "false_positives": self.false_positives}


@dataclass
class Report:
    document: str
    kinds: dict[str, KindScore]

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "scores": {k: v.as_dict() for k, v in self.kinds.items()}}


def load_gold(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        gold = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldError("no such gold file; check the path", path=str(p)) from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"not JSON ({exc.msg} at line {exc.lineno}); fix the file", path=str(p)) from exc
    if not isinstance(gold, dict) or "document" not in gold:
        raise GoldError('a gold file is a JSON object with "document" and the lists of docs/gold-format.md',
                        path=str(p))
    return gold


def gold_document_path(gold_path: str | Path, gold: dict[str, Any]) -> Path:
    """The annotated text: beside the gold file, or in ../corpus/ as in the shared layout."""
    gp = Path(gold_path)
    for candidate in (gp.parent / gold["document"], gp.parent.parent / "corpus" / gold["document"]):
        if candidate.exists():
            return candidate
    raise GoldError(f"cannot find the document {gold['document']!r} beside the gold file or in ../corpus/",
                    path=str(gp))


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], text.find(needle)
    while needle and start != -1:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sequential_spans(text: str, needles: Sequence[str]) -> list[tuple[int, int] | None]:
    """Locate each needle in order of appearance (each search starts after the previous hit's start)."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for needle in needles:
        i = text.find(needle, pos)
        if i == -1:
            i = text.find(needle)
        if i == -1:
            spans.append(None)
            continue
        spans.append((i, i + len(needle)))
        pos = i + 1
    return spans


# -- quotes ----------------------------------------------------------------------------------------------
def _quote_matches(q: Quote, text: str, start_spans: list[tuple[int, int]], text_start: str) -> bool:
    if text_start and text_start in q.text:
        return True
    pieces = q.spans or (q.span,)
    return any(s[0] <= p[0] < s[1] or (p[0] <= s[0] and s[1] <= p[1]) for s in start_spans for p in pieces)


def _speaker_names(q: Quote) -> list[str | None]:
    return [q.speaker.name, q.speaker.mention] if q.speaker else []


def score_quotes(ex: Extraction, gold: dict[str, Any]) -> KindScore:
    text = ex.document.text
    ks = KindScore("quote")
    golds = gold.get("quotes", [])
    optional = gold.get("optional_quotes", [])
    preds: list[Quote] = ex.quotes
    ks.gold, ks.predicted = len(golds), len(preds)
    used: set[int] = set()
    attributed = sourced = 0
    for g in golds:
        spans = _occurrences(text, g["text_start"])
        hit = next((i for i, q in enumerate(preds) if i not in used and _quote_matches(q, text, spans,
                                                                                      g["text_start"])), None)
        if hit is None:
            ks.misses.append(f"{g['id']}: not found: {g['text_start']!r}")
            continue
        used.add(hit)
        ks.matched += 1
        q = preds[hit]
        if not name_matches(_speaker_names(q), g["speaker"]):
            ks.misses.append(f"{g['id']}: speaker {q.speaker.name if q.speaker else None!r}, "
                             f"gold {g['speaker'][0]!r}")
            continue
        attributed += 1
        if all(any(name_matches([s.outlet], gs["outlet"]) and s.date == gs["date"] for s in q.sources)
               for gs in g.get("sources", [])):
            sourced += 1
        else:
            got = [(s.outlet, s.date) for s in q.sources]
            want = [(gs["outlet"][0], gs["date"]) for gs in g.get("sources", [])]
            ks.misses.append(f"{g['id']}: sources {got}, gold {want}")
    for o in optional:
        spans = _occurrences(text, o["text_start"])
        hit = next((i for i, q in enumerate(preds) if i not in used and _quote_matches(q, text, spans,
                                                                                      o["text_start"])), None)
        if hit is not None:
            used.add(hit)
    ks.true_positives = len(used)
    ks.false_positives = [f"{q.span}: {q.text[:60]!r}" for i, q in enumerate(preds) if i not in used]
    ks.extra = {"attributed": attributed, "fully_sourced": sourced}
    return ks


# -- citations -------------------------------------------------------------------------------------------
def score_citations(ex: Extraction, gold: dict[str, Any]) -> KindScore:
    text = ex.document.text
    ks = KindScore("citation")
    golds = gold.get("citations", [])
    preds: list[Citation] = ex.citations
    ks.gold, ks.predicted = len(golds), len(preds)
    def agrees(g: dict[str, Any], c: Citation) -> bool:
        outlets_ok = all(any(name_matches([o], acc) for o in c.outlets) for acc in g["outlets"])
        return outlets_ok and c.date == g.get("date")

    used = _match_in_order(ks, text, golds, preds, agrees,
                           lambda g, near: f"{g['text']!r}: gold {[o[0] for o in g['outlets']]} {g.get('date')}, "
                                           f"got {[(c.outlets, c.date) for c in near]}")
    ks.false_positives = [f"{c.span}: {c.text!r}" for i, c in enumerate(preds) if i not in used]
    return ks


def _match_in_order(ks: KindScore, text: str, golds: list[dict[str, Any]], preds: Sequence[Any],
                    agrees: Any, describe_miss: Any) -> set[int]:
    """Match gold items located in order of appearance (their ``text``) to overlapping predictions, one to one."""
    used: set[int] = set()
    for g, span in zip(golds, _sequential_spans(text, [g["text"] for g in golds]), strict=True):
        near = [p for p in preds if span is not None and _overlaps(p.span, span)]
        hit = next((i for i, p in enumerate(preds) if i not in used and p in near and agrees(g, p)), None)
        if hit is None:
            ks.misses.append(describe_miss(g, near))
        else:
            used.add(hit)
            ks.matched += 1
    ks.true_positives = len(used)
    return used


# -- dates -----------------------------------------------------------------------------------------------
def score_dates(ex: Extraction, gold: dict[str, Any]) -> KindScore:
    text = ex.document.text
    ks = KindScore("time")
    golds = gold.get("dates", [])
    preds: list[TimeExpr] = [t for t in ex.times if t.value is not None]  # flagged, unvalued ones claim nothing
    ks.gold, ks.predicted = len(golds), len(preds)
    used = _match_in_order(ks, text, golds, preds, lambda g, t: t.value == g["value"],
                           lambda g, near: f"{g['text']!r} = {g['value']}: got "
                                           f"{[(t.text, t.value) for t in near] or 'nothing'}")
    ks.false_positives = [f"{t.span}: {t.text!r} = {t.value}" for i, t in enumerate(preds) if i not in used]
    return ks


# -- events ----------------------------------------------------------------------------------------------
def _actor_matches(actor: Any, wanted: str) -> bool:
    """Same country code or name; organisation names also through the knowledge base's aliases."""
    if actor is None:
        return False
    if fold(actor.country) == fold(wanted) or fold(actor.name) == fold(wanted):
        return True
    if len(wanted) == 3 and wanted.isupper():
        return False
    from .kb import default_kb

    linked = default_kb().link(wanted, kind="organization")
    return linked is not None and fold(linked.name) == fold(actor.name)


def score_events(ex: Extraction, gold: dict[str, Any]) -> KindScore:
    text = ex.document.text
    ks = KindScore("event")
    golds = gold.get("events", [])
    preds: list[Event] = ex.events
    ks.gold, ks.predicted = len(golds), len(preds)
    used: set[int] = set()
    dated = placed = 0

    def find(g: dict[str, Any], spans: list[tuple[int, int]]) -> int | None:
        return next((i for i, e in enumerate(preds) if i not in used and e.plover == g["type"]
                     and any(e.span[0] <= s[0] and s[1] <= e.span[1] for s in spans)
                     and _actor_matches(e.source, g["actors"][0])), None)

    for g in golds:
        spans = _occurrences(text, g["text_hint"])
        hit = find(g, spans)
        if hit is None:
            near = [(e.plover, e.source.name if e.source else None) for e in preds
                    if any(_overlaps(e.span, s) for s in spans)]
            ks.misses.append(f"{g['id']} {g['type']} {g['actors']}: got {near or 'nothing'}")
            continue
        used.add(hit)
        ks.matched += 1
        e = preds[hit]
        if e.date == g.get("date"):
            dated += 1
        else:
            ks.misses.append(f"{g['id']}: date {e.date}, gold {g.get('date')}")
        gp = g.get("place")
        if (gp is None and e.place is None) or (gp and e.place and fold(e.place.name) == fold(gp)):
            placed += 1
    for o in gold.get("optional_events", []):  # may also be extracted: neither required nor a false positive
        hit = find(o, _occurrences(text, o["text_hint"]))
        if hit is not None:
            used.add(hit)
    ks.true_positives = len(used)
    ks.false_positives = [f"{e.plover} {e.source.name if e.source else None}: {e.text[:60]!r}"
                          for i, e in enumerate(preds) if i not in used]
    ks.extra = {"dated": dated, "placed": placed}
    return ks


# -- entities --------------------------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def score_entities(ex: Extraction, gold: dict[str, Any]) -> KindScore:
    text = ex.document.text
    ks = KindScore("entity")
    golds = gold.get("entities", [])
    preds: list[Mention] = ex.mentions
    ks.gold, ks.predicted = len(golds), len(preds)
    for g in golds:
        spans = _occurrences(text, g["text"])
        cands = [m for m in preds if any(_overlaps(m.span, s) for s in spans)]
        ok = False
        for m in cands:
            if fold(m.canonical) != fold(g["canonical"]):
                continue
            if g.get("lat") is not None and g["type"] == "place":
                if m.lat is None or m.lon is None or _km(m.lat, m.lon, g["lat"], g["lon"]) > 25:
                    continue
            ok = True
            break
        if ok:
            ks.matched += 1
        else:
            got = sorted({(m.canonical, m.kind) for m in cands})
            ks.misses.append(f"{g['text']!r} → {g['canonical']!r}: got {got or 'nothing'}")
    ks.true_positives = ks.matched
    ks.predicted = ks.matched  # mentions beyond the gold list are not judged
    return ks


GOLD_KEYS = {"quote": "quotes", "citation": "citations", "time": "dates", "event": "events", "entity": "entities"}
"""A kind is scored only when the gold file annotates it (has its list, even empty)."""
SCORERS = {"quote": score_quotes, "citation": score_citations, "time": score_dates, "event": score_events,
           "entity": score_entities}


def score(ex: Extraction, gold: dict[str, Any]) -> Report:
    """Score one extraction against one gold dictionary."""
    return Report(document=gold.get("document", ex.document.path or ex.document.id),
                  kinds={kind: fn(ex, gold) for kind, fn in SCORERS.items() if GOLD_KEYS[kind] in gold})


def evaluate_files(gold_paths: Sequence[str | Path], pipeline: Any = None) -> list[Report]:
    """Run the pipeline on each gold file's document and score it."""
    from .pipeline import Pipeline
    from .reader import read_paths

    pipe = pipeline or Pipeline()
    reports = []
    for gp in gold_paths:
        gold = load_gold(gp)
        doc_path = gold_document_path(gp, gold)
        docs = [d for d in read_paths([doc_path]) if not isinstance(d, Exception)]
        if not docs:
            raise GoldError(f"the document {doc_path} could not be read", path=str(gp))
        doc = docs[0]
        if gold.get("publication_date") and not doc.publication_date:
            from dataclasses import replace

            doc = replace(doc, publication_date=gold["publication_date"])
        reports.append(score(pipe.run(doc), gold))
    return reports


def summary_rows(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Totals per kind over several reports (micro-averaged)."""
    totals: dict[str, KindScore] = {}
    for rep in reports:
        for kind, ks in rep.kinds.items():
            t = totals.setdefault(kind, KindScore(kind))
            t.gold += ks.gold
            t.predicted += ks.predicted
            t.matched += ks.matched
            t.true_positives += ks.true_positives
            for k, v in ks.extra.items():
                t.extra[k] = t.extra.get(k, 0) + v
    return [t.as_dict() for t in totals.values()]
