"""Exports of a store: JSONL (the interchange format), CSV, Parquet, GraphML, PLOVER-style JSON; and import.

Every export takes the query API's filters (``actor`` — a country stands for its actors —,
``country``, ``outlet``, ``date_from``, ``date_to``, ``text``, ``doc_id``) and ``kind`` (one
record kind).  JSONL writes, per document, its ``document`` line (with ``pipeline_version``)
then its records in the interchange format (docs/interchange.md); :func:`import_jsonl`
reads such a file back into a store, so export → import → export gives the same file.
CSV and Parquet write one file per record kind (``OUT/quote.csv`` …) or, with ``kind``,
one file; nested fields are flattened to dotted columns (``speaker.name``), lists to JSON
text.  GraphML (networkx) holds actors as nodes and stances as edges.  PLOVER JSON is a
list of events in the field names of the PLOVER gold-standard records (``event``,
``source``/``target`` as ``[{actorText, code}]``, ``eventLoc``, ``text``) plus provenance.
Parquet and GraphML need ``pip install 'sourcetrace[export]'``.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import BadRecord, SourcetraceError, StoreError
from .kb import KnowledgeBase, default_kb
from .records import RECORD_TYPES, Document, Event, Extraction, Quote, Record
from .store import Store

__all__ = ["FORMATS", "KINDS", "PLOVER_SCHEMA", "ImportSummary", "export", "export_csv", "export_graphml",
           "export_jsonl", "export_parquet", "export_plover", "flatten", "import_jsonl", "iter_interchange",
           "plover_record"]

FORMATS = ("jsonl", "csv", "parquet", "graphml", "plover")
KINDS = ("document", "citation", "time", "mention", "quote", "event")
RECORD_KINDS = KINDS[1:]

PLOVER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "sourcetrace PLOVER-style event export",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "event", "date", "source", "text", "doc", "span", "stage"],
        "properties": {
            "id": {"type": "string"},
            "event": {"enum": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                               "ASSAULT"]},
            "eventText": {"type": ["string", "null"]},
            "cameo": {"type": ["string", "null"]},
            "mode": {"type": ["string", "null"]},
            "date": {"type": ["string", "null"]},
            "source": {"$ref": "#/$defs/actors"},
            "target": {"$ref": "#/$defs/actors"},
            "eventLoc": {"type": ["object", "null"], "required": ["name"],
                         "properties": {"name": {"type": "string"}, "lat": {"type": ["number", "null"]},
                                        "lon": {"type": ["number", "null"]},
                                        "country code": {"type": ["string", "null"]}}},
            "text": {"type": "string"},
            "negated": {"type": "boolean"},
            "language": {"type": "string"},
            "doc": {"type": "string"},
            "span": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
            "stage": {"type": "string"},
        },
    },
    "$defs": {"actors": {"type": "array", "items": {"type": "object", "required": ["actorText"],
                                                    "properties": {"actorText": {"type": "string"},
                                                                   "code": {"type": ["string", "null"]}}}}},
}


# -- selection ---------------------------------------------------------------------------------


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise SourcetraceError(f"unknown record kind {kind!r}; use one of {', '.join(KINDS)}")


def _select(store: Store, kind: str, filters: dict[str, Any], kb: KnowledgeBase) -> list[Record]:
    from .query import select_records

    active = {k: v for k, v in filters.items() if v is not None}
    if not active:
        return list(store.records(kind=kind))
    return select_records(store, kind, kb=kb, **active)


def iter_interchange(store: Store, *, kind: str | None = None, kb: KnowledgeBase | None = None,
                     **filters: Any) -> Iterator[dict[str, Any]]:
    """Interchange rows, per document: its ``document`` row then its records, kind by kind.

    With ``kind``, only records of that kind (and their documents' lines); with filters, only
    the documents that have a matching record.
    """
    _check_kind(kind)
    kb = kb or default_kb()
    kinds = RECORD_KINDS if kind in (None, "document") else (kind,)
    by_doc: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for k in kinds:
        for rec in _select(store, k, filters, kb):
            by_doc[rec.doc_id][k].append(rec)
    filtered = any(v is not None for v in filters.values())
    meta = {d["id"]: d for d in store.documents()}
    order = list(meta) if not filtered and kind in (None, "document") else [d for d in meta if d in by_doc]
    for doc_id in order:
        doc = store.document(doc_id)  # a document line always leads its records: a filtered export imports too
        if doc is not None:
            row = doc.to_interchange()
            row["pipeline_version"] = meta[doc_id].get("pipeline_version")
            yield row
        if kind == "document":
            continue
        for k in kinds:
            recs = sorted(by_doc[doc_id][k], key=lambda r: (r.span, r.stage))
            for rec in recs:
                yield rec.to_interchange()


def export_jsonl(store: Store, out: str | Path | IO[str], **filters: Any) -> int:
    """Write the interchange JSONL; returns the number of lines."""
    n = 0
    with _open_text(out) as fh:
        for row in iter_interchange(store, **filters):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


class _open_text:
    """A path opened for writing, or a stream passed through (not closed)."""

    def __init__(self, out: str | Path | IO[str]) -> None:
        self.out = out
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if isinstance(self.out, str | Path):
            Path(self.out).parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.out, "w", encoding="utf-8", newline="")  # noqa: SIM115
            return self.fh
        return self.out

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


# -- tables ------------------------------------------------------------------------------------


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become dotted keys; lists become JSON text; ``span`` also gives ``start``/``end``."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, list | tuple):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
        if key == "span" and not prefix and isinstance(value, list | tuple) and len(value) == 2:
            out["start"], out["end"] = value[0], value[1]
    return out


def _tables(store: Store, kind: str | None, filters: dict[str, Any], kb: KnowledgeBase
            ) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in iter_interchange(store, kind=kind, kb=kb, **filters):
        if kind is None or row["type"] == kind:
            tables[row["type"]].append(flatten(row))
    return tables


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        for k in r:
            cols.setdefault(k, None)
    return list(cols)


def _targets(out: Path, kind: str | None, suffix: str, kinds: list[str]) -> dict[str, Path]:
    if kind is not None and out.suffix == suffix:
        return {kind: out}
    out.mkdir(parents=True, exist_ok=True)
    return {k: out / f"{k}{suffix}" for k in kinds}


def export_csv(store: Store, out: str | Path, *, kind: str | None = None, kb: KnowledgeBase | None = None,
               **filters: Any) -> list[Path]:
    """One CSV per record kind in the folder ``out`` (or the file ``out`` for one ``kind``)."""
    _check_kind(kind)
    kb = kb or default_kb()
    tables = _tables(store, kind, filters, kb)
    written = []
    for k, path in _targets(Path(out), kind, ".csv", [k for k in KINDS if k in tables]).items():
        rows = tables.get(k, [])
        cols = _columns(rows)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise SourcetraceError(f"this export needs {module.split('.')[0]}: pip install 'sourcetrace[export]'") from exc


def export_parquet(store: Store, out: str | Path, *, kind: str | None = None, kb: KnowledgeBase | None = None,
                   **filters: Any) -> list[Path]:
    """One Parquet file per record kind in the folder ``out`` (or the file ``out`` for one ``kind``)."""
    _check_kind(kind)
    pa = _need("pyarrow")
    pq = _need("pyarrow.parquet")
    kb = kb or default_kb()
    tables = _tables(store, kind, filters, kb)
    written = []
    for k, path in _targets(Path(out), kind, ".parquet", [k for k in KINDS if k in tables]).items():
        rows = tables.get(k, [])
        cols = _columns(rows)
        columns = {c: [r.get(c) for r in rows] for c in cols}
        arrays = {}
        for c, values in columns.items():
            try:
                arrays[c] = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types in one column: keep them as text
                arrays[c] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
        pq.write_table(pa.table(arrays) if arrays else pa.table({"type": pa.array([], pa.string())}), path)
        written.append(path)
    return written


def export_graphml(store: Store, out: str | Path, *, kb: KnowledgeBase | None = None, **filters: Any) -> Path:
    """Actors (nodes: label, country, statements, events) and stances (edges: score and evidence counts)."""
    nx = _need("networkx")
    from .query import country_index, speaker_country
    from .stances import compute_stances

    kb = kb or default_kb()
    filters.pop("kind", None)
    quotes = [q for q in _select(store, "quote", filters, kb) if isinstance(q, Quote)]
    evs = [e for e in _select(store, "event", filters, kb) if isinstance(e, Event)]
    index = country_index(kb)
    graph = nx.DiGraph(name="sourcetrace stances")

    def node(key: str, label: str, country: str | None) -> None:
        if key not in graph:
            graph.add_node(key, label=label, country=country or "", statements=0, events=0)

    for q in quotes:
        if q.speaker:
            c = speaker_country(q, None, kb)
            key = c or q.speaker.name
            node(key, index.label(c) if c else q.speaker.name, c)
            graph.nodes[key]["statements"] += 1
    for e in evs:
        for a in (e.source, e.target):
            if a:
                key = a.country or a.name
                node(key, index.label(a.country) if a.country else a.name, a.country)
                graph.nodes[key]["events"] += 1
    for s in compute_stances(quotes, evs, kb):
        node(s.source, s.source_label, s.source if len(s.source) == 3 and s.source.isupper() else None)
        node(s.target, s.target_label, s.target if len(s.target) == 3 and s.target.isupper() else None)
        pos, neg = s.weight
        graph.add_edge(s.source, s.target, score=float(s.score), supportive=len(s.supportive),
                       hostile=len(s.hostile), weight=float(pos + neg),
                       evidence=json.dumps([[e.doc_id, *e.span] for e in s.supportive + s.hostile]))
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, path)
    return path


def plover_record(e: Event, language: str = "en") -> dict[str, Any]:
    """One event in PLOVER-style JSON."""

    def actors(a: Any) -> list[dict[str, Any]]:
        return [{"actorText": a.mention or a.name, "name": a.name, "code": a.country}] if a else []

    loc = None
    if e.place:
        loc = {"name": e.place.name, "lat": e.place.lat, "lon": e.place.lon, "country code": e.place.country}
    return {"id": f"{e.doc_id}-{e.span[0]}-{e.span[1]}-{e.plover}-{(e.trigger_span or e.span)[0]}",
            "event": e.plover, "eventText": e.trigger, "cameo": e.cameo, "mode": e.mode, "date": e.date,
            "source": actors(e.source), "target": actors(e.target), "eventLoc": loc, "text": e.text,
            "negated": e.negated, "language": language, "doc": e.doc_id, "span": list(e.span), "stage": e.stage}


def export_plover(store: Store, out: str | Path | IO[str], *, kb: KnowledgeBase | None = None,
                  **filters: Any) -> int:
    """Events as a PLOVER-style JSON array (:data:`PLOVER_SCHEMA`); returns how many."""
    kb = kb or default_kb()
    filters.pop("kind", None)
    langs = {d["id"]: d.get("language") or "en" for d in store.documents()}
    rows = [plover_record(e, langs.get(e.doc_id, "en")) for e in _select(store, "event", filters, kb)
            if isinstance(e, Event)]
    with _open_text(out) as fh:
        fh.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    return len(rows)


def export(store: Store, fmt: str, out: str | Path | IO[str], *, kind: str | None = None,
           kb: KnowledgeBase | None = None, **filters: Any) -> Any:
    """Export in ``fmt`` (one of :data:`FORMATS`)."""
    _check_kind(kind)
    if fmt == "jsonl":
        return export_jsonl(store, out, kind=kind, kb=kb, **filters)
    if fmt == "plover":
        return export_plover(store, out, kb=kb, **filters)
    if not isinstance(out, str | Path):
        raise SourcetraceError(f"the {fmt} export writes files; pass --out PATH")
    if fmt == "csv":
        return export_csv(store, out, kind=kind, kb=kb, **filters)
    if fmt == "parquet":
        return export_parquet(store, out, kind=kind, kb=kb, **filters)
    if fmt == "graphml":
        return export_graphml(store, out, kb=kb, **filters)
    raise SourcetraceError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


# -- import ------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)


def _extractions(lines: Iterator[tuple[int, str]], path: str) -> Iterator[Extraction]:
    current: Extraction | None = None
    version: str | None = None
    for number, line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadRecord(f"line {number} is not JSON ({exc.msg}); fix or remove the line", path=path) from exc
        if not isinstance(row, dict) or "type" not in row:
            raise BadRecord(f"line {number} is not an interchange record (no 'type')", path=path)
        if row["type"] == "document":
            if current is not None:
                yield _finish(current, version)
            current = Extraction(document=Document.from_interchange(row))
            version = row.get("pipeline_version")
            continue
        cls = RECORD_TYPES.get(row["type"])
        if cls is None:
            raise BadRecord(f"line {number}: unknown record type {row['type']!r}", path=path)
        if current is None or row.get("doc") != current.document.id:
            raise BadRecord(f"line {number}: a {row['type']} record before its document line "
                            f"(export with 'sourcetrace export --format jsonl')", path=path)
        try:
            current.records.setdefault(row["type"], []).append(cls.from_interchange(row))
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRecord(f"line {number}: malformed {row['type']} record ({exc})", path=path) from exc
    if current is not None:
        yield _finish(current, version)


def _finish(ex: Extraction, version: str | None) -> Extraction:
    stages = version.split(",") if version else sorted({r.stage for rs in ex.records.values() for r in rs})
    ex.stages = tuple(stages)
    return ex


def import_jsonl(path: str | Path, store: Store) -> ImportSummary:
    """Load an interchange JSONL export into ``store`` (documents already stored by the same version are kept)."""
    p = Path(path)
    if not p.exists():
        from .errors import FileMissing

        raise FileMissing("no such file or directory; check the path", path=str(p))
    summary = ImportSummary()
    with open(p, encoding="utf-8") as fh:
        for ex in _extractions(enumerate(fh, 1), str(p)):
            try:
                result = store.write(ex)
            except StoreError as exc:
                summary.problems.append(exc.line())
                continue
            setattr(summary, result, getattr(summary, result) + 1)
            summary.records += sum(len(v) for v in ex.records.values())
    return summary
