"""The store interface every backend implements, and what they share."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..records import RECORD_TYPES, Document, Extraction, Record

WriteResult = Literal["new", "replaced", "unchanged"]


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor involvement of a record, for queries by actor."""

    role: str
    """``speaker``, ``source``, ``target`` or ``mention``."""
    name: str
    country: str | None
    kind: str | None


def actor_rows(row: dict[str, Any]) -> list[ActorRow]:
    """The actors a record (in interchange form) involves."""
    kind = row["type"]
    out: list[ActorRow] = []
    if kind == "quote" and row.get("speaker"):
        sp = row["speaker"]
        out.append(ActorRow("speaker", sp.get("name") or sp.get("mention") or "", sp.get("country"), sp.get("type")))
    elif kind == "event":
        for role in ("source", "target"):
            a = row.get(role)
            if a and a.get("name"):
                out.append(ActorRow(role, a["name"], a.get("country"), None))
    elif kind == "mention":
        out.append(ActorRow("mention", row.get("canonical") or row.get("text") or "", row.get("country"),
                            row.get("kind")))
    return [a for a in out if a.name]


def outlet_rows(row: dict[str, Any]) -> list[tuple[str, str | None]]:
    if row["type"] == "quote":
        return [(s["outlet"], s.get("date")) for s in row.get("sources") or []]
    if row["type"] == "citation":
        return [(o, row.get("date")) for o in row.get("outlets") or []]
    return []


def record_date(row: dict[str, Any]) -> str | None:
    kind = row["type"]
    if kind == "time":
        return row.get("value")
    if kind in ("quote", "event", "citation"):
        return row.get("date")
    return None


def record_text(row: dict[str, Any]) -> str | None:
    return row.get("text") if row["type"] != "document" else None


def row_to_record(data: str | dict[str, Any]) -> Record:
    row = json.loads(data) if isinstance(data, str) else data
    return RECORD_TYPES[row["type"]].from_interchange(row)


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between the backends' record queries: the parameter mark, a case-insensitive equality
    with a parameter, how a side table's ids filter the records, and the full-text condition."""

    param: str
    """``?`` (SQLite) or ``%s`` (psycopg)."""
    nocase: str
    """``{col}`` compared with a parameter regardless of case, e.g. ``{col} = ? COLLATE NOCASE``."""
    side: str
    """``{table}``, ``{alias}`` and ``{cond}``: the condition that a side-table row of the record matches."""
    fulltext: str
    """The condition that the record's text holds every word of the parameter."""


def select_sql(d: Dialect, kind: str, *, actor: str | None = None, role: str | None = None,
               country: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, text: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> tuple[str, list[object]]:
    """The ``select`` query of both backends (``Store.select``): the record's JSON, oldest first."""
    p = d.param
    where: list[str] = [f"r.type = {p}"]
    args: list[object] = [kind]
    if actor is not None or country is not None or role is not None:
        cond: list[str] = []
        for col, value, same in (("a.name", actor, d.nocase.format(col="a.name")), ("a.country", country, None),
                                 ("a.role", role, None)):
            if value is not None:
                cond.append(same or f"{col} = {p}")
                args.append(value)
        where.append(d.side.format(table="record_actors", alias="a", cond=" AND ".join(cond)))
    if outlet is not None:
        where.append(d.side.format(table="record_outlets", alias="o", cond=d.nocase.format(col="o.outlet")))
        args.append(outlet)
    if date_from is not None:
        where.append(f"r.date >= {p}")
        args.append(date_from)
    if date_to is not None:
        # "2020-09" includes every date of September: compare with the prefix followed by the highest
        # character, so that the date index serves the range
        where.append(f"r.date <= {p}")
        args.append(date_to + "\uffff")
    if doc_id is not None:
        where.append(f"r.doc_id = {p}")
        args.append(doc_id)
    if text is not None:
        where.append(d.fulltext)
        args.append(text)
    dated = date_from is not None or date_to is not None  # then no date is null: the index gives the order
    sql = ("SELECT r.data FROM records r WHERE " + " AND ".join(where)
           + (" ORDER BY r.date, r.id" if dated else " ORDER BY r.date IS NULL, r.date, r.id"))
    if limit is not None:
        sql += f" LIMIT {p}"
        args.append(limit)
    return sql, args


class Store(abc.ABC):
    """A place extractions are written to and queried from.

    Writing a document is one transaction: an identical document already stored
    by the same pipeline version is left alone (``unchanged``); one stored by
    another version has its records replaced (``replaced``).
    """

    url: str

    @abc.abstractmethod
    def write(self, extraction: Extraction) -> WriteResult: ...

    @abc.abstractmethod
    def has(self, doc_id: str, pipeline_version: str | None = None) -> bool: ...

    @abc.abstractmethod
    def document(self, doc_id: str) -> Document | None: ...

    @abc.abstractmethod
    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document's metadata (no text), oldest ingest first."""

    @abc.abstractmethod
    def records(self, doc_id: str | None = None, kind: str | None = None) -> Iterator[Record]: ...

    @abc.abstractmethod
    def select(self, kind: str, *, actor: str | None = None, role: str | None = None,
               country: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, text: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> list[Record]:
        """Records of ``kind`` filtered by actor name (any spelling stored), country, outlet, date range, text."""

    @abc.abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over documents: ``{id, title, snippet}`` best first."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def extraction(self, doc_id: str) -> Extraction | None:
        doc = self.document(doc_id)
        if doc is None:
            return None
        recs: dict[str, list[Record]] = {}
        for r in self.records(doc_id):
            recs.setdefault(r.record_type, []).append(r)
        return Extraction(document=doc, records=recs)

    def write_many(self, extractions: Sequence[Extraction]) -> list[WriteResult]:
        return [self.write(e) for e in extractions]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
