"""The SQLite store: one file, WAL so readers never wait for the writer, FTS5 for text search."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records import Document, Extraction, Record
from .base import (
    Dialect,
    Store,
    WriteResult,
    actor_rows,
    outlet_rows,
    record_date,
    record_text,
    row_to_record,
    select_sql,
)

# Each entry migrates the schema from version i to i+1; the version lives in PRAGMA user_version.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT, title TEXT, url TEXT, publisher TEXT,
        publication_date TEXT, publication_date_text TEXT,
        language TEXT NOT NULL DEFAULT 'en',
        text TEXT NOT NULL,
        pipeline_version TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        stage TEXT NOT NULL,
        date TEXT,
        text TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX records_doc ON records(doc_id, type);
    CREATE INDEX records_type_date ON records(type, date);
    CREATE TABLE record_actors (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        role TEXT NOT NULL, name TEXT NOT NULL, country TEXT, kind TEXT
    );
    CREATE INDEX record_actors_name ON record_actors(name COLLATE NOCASE, role);
    CREATE INDEX record_actors_country ON record_actors(country, role);
    CREATE INDEX record_actors_record ON record_actors(record_id);
    CREATE TABLE record_outlets (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        outlet TEXT NOT NULL, date TEXT
    );
    CREATE INDEX record_outlets_outlet ON record_outlets(outlet COLLATE NOCASE);
    CREATE INDEX record_outlets_record ON record_outlets(record_id);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text);
    CREATE VIRTUAL TABLE records_fts USING fts5(text);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# actor and outlet filters are id sets from their indexed side tables: no join, no DISTINCT over data
SQLITE = Dialect(param="?", nocase="{col} = ? COLLATE NOCASE",
                 side="r.id IN (SELECT {alias}.record_id FROM {table} {alias} WHERE {cond})",
                 fulltext="r.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")


class SQLiteStore(Store):
    def __init__(self, path: str | Path, *, read_only: bool = False, timeout: float = 30.0) -> None:
        self.url = str(path)
        self.read_only = read_only
        try:
            if read_only:
                if not Path(path).exists():
                    raise StoreError(f"no store at {path}; run 'sourcetrace ingest' first or pass --db")
                self.conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=timeout,
                                            check_same_thread=False)
            else:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
            else:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    raise StoreError(f"{path} has schema version {version}, this sourcetrace reads "
                                     f"{SCHEMA_VERSION}; open it once for writing (sourcetrace ingest) to migrate")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {path} as a sourcetrace store ({exc}); pass another --db") from exc

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.url} was written by a newer sourcetrace (schema {current}); upgrade sourcetrace")
        for version in range(current, SCHEMA_VERSION):
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                for statement in _statements(MIGRATIONS[version]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")

    # -- writing ------------------------------------------------------------
    def has(self, doc_id: str, pipeline_version: str | None = None) -> bool:
        row = self.conn.execute("SELECT pipeline_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and (pipeline_version is None or row[0] == pipeline_version)

    def write(self, extraction: Extraction) -> WriteResult:
        if self.read_only:
            raise StoreError(f"{self.url} is open read-only; open it for writing to ingest")
        doc = extraction.document
        version = extraction.pipeline_version
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                row = self.conn.execute("SELECT rowid, pipeline_version FROM documents WHERE id = ?",
                                        (doc.id,)).fetchone()
                if row is not None and row[1] == version:
                    return "unchanged"
                result: WriteResult = "new"
                if row is not None:
                    result = "replaced"
                    self._delete_document(doc.id, row[0])
                cur = self.conn.execute(
                    "INSERT INTO documents (id, path, title, url, publisher, publication_date, "
                    "publication_date_text, language, text, pipeline_version, ingested_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.id, doc.path, doc.title, doc.url, doc.publisher, doc.publication_date,
                     doc.publication_date_text, doc.language, doc.text, version,
                     dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                self.conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)",
                                  (cur.lastrowid, doc.title or "", doc.text))
                for rows in extraction.interchange()[1:]:
                    self._insert_record(rows)
                return result
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write document {doc.id} to {self.url} ({exc}); nothing of it was stored",
                             path=doc.path) from exc

    def _insert_record(self, row: dict[str, Any]) -> None:
        cur = self.conn.execute(
            'INSERT INTO records (doc_id, type, start, "end", stage, date, text, data) VALUES (?,?,?,?,?,?,?,?)',
            (row["doc"], row["type"], row["span"][0], row["span"][1], row["stage"], record_date(row),
             record_text(row), json.dumps(row, ensure_ascii=False)))
        rid = cur.lastrowid
        actors = actor_rows(row)
        if actors:
            self.conn.executemany("INSERT INTO record_actors (record_id, role, name, country, kind) VALUES (?,?,?,?,?)",
                                  [(rid, a.role, a.name, a.country, a.kind) for a in actors])
        outlets = outlet_rows(row)
        if outlets:
            self.conn.executemany("INSERT INTO record_outlets (record_id, outlet, date) VALUES (?,?,?)",
                                  [(rid, o, d) for o, d in outlets])
        if row["type"] in ("quote", "event") and row.get("text"):
            self.conn.execute("INSERT INTO records_fts (rowid, text) VALUES (?,?)", (rid, row["text"]))

    def _delete_document(self, doc_id: str, rowid: int) -> None:
        self.conn.execute("DELETE FROM records_fts WHERE rowid IN (SELECT id FROM records WHERE doc_id = ?)",
                          (doc_id,))
        self.conn.execute("DELETE FROM documents_fts WHERE rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM records WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    # -- reading ------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(id=row["id"], text=row["text"], path=row["path"], title=row["title"], url=row["url"],
                        publisher=row["publisher"], publication_date=row["publication_date"],
                        publication_date_text=row["publication_date_text"], language=row["language"])

    def documents(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute("SELECT id, path, title, url, publisher, publication_date, language, "
                                "pipeline_version, ingested_at, length(text) AS chars FROM documents ORDER BY rowid")
        for row in cur:
            yield dict(row)

    def records(self, doc_id: str | None = None, kind: str | None = None) -> Iterator[Record]:
        sql, args = "SELECT data FROM records WHERE 1=1", list[object]()
        if doc_id is not None:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        if kind is not None:
            sql += " AND type = ?"
            args.append(kind)
        for row in self.conn.execute(sql + ' ORDER BY doc_id, start, "end", id', args):
            yield row_to_record(row[0])

    def select(self, kind: str, *, actor: str | None = None, role: str | None = None,
               country: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, text: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> list[Record]:
        sql, args = select_sql(SQLITE, kind, actor=actor, role=role, country=country, outlet=outlet,
                               date_from=date_from, date_to=date_to, text=None if text is None else _fts_query(text),
                               doc_id=doc_id, limit=limit)
        return [row_to_record(row[0]) for row in self.conn.execute(sql, args)]

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (_fts_query(query), limit))
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {"document": int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])}
        for kind, n in self.conn.execute("SELECT type, count(*) FROM records GROUP BY type"):
            out[kind] = int(n)
        return out

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        self.conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must occur (quoted, so no FTS syntax leaks through)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'
