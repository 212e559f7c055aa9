"""The PostgreSQL store: the SQLite schema and behaviour for a team, COPY for bulk writes, tsvector for search.

Differences from :mod:`.sqlite` are in how, not what:

- records of a document are written with ``COPY`` (ids reserved from the sequence first), inside the
  document's one transaction;
- full-text search uses ``tsvector`` columns (``simple`` configuration: no stemming, like FTS5's default
  tokenizer) with GIN indexes instead of FTS5 tables; a document's index covers its title and its first
  :data:`FTS_MAX_CHARS` characters (a tsvector holds at most 1 MB);
- text columns compared or sorted use the ``C`` collation, so dates and ids order byte-wise as in SQLite;
- the schema version lives in ``sourcetrace_meta`` and migrations run under an advisory lock, so two
  processes opening a fresh database do not race.

PostgreSQL ``text`` cannot hold NUL characters: a document whose text contains one is refused with a
:class:`~sourcetrace.errors.StoreError` (SQLite would store it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg.rows import dict_row

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

FTS_MAX_CHARS = 1_000_000
"""How much of a document's text its full-text index covers."""

MIGRATION_LOCK = 0x50757263  # advisory lock key held while migrating

# Each entry migrates the schema from version i to i+1.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE documents (
        seq BIGSERIAL UNIQUE,
        id TEXT COLLATE "C" PRIMARY KEY,
        path TEXT, title TEXT, url TEXT, publisher TEXT,
        publication_date TEXT COLLATE "C", publication_date_text TEXT,
        language TEXT NOT NULL DEFAULT 'en',
        text TEXT NOT NULL,
        pipeline_version TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', coalesce(title, '')), 'A')
            || to_tsvector('simple', left(text, {FTS_MAX_CHARS}))) STORED
    );
    CREATE INDEX documents_tsv ON documents USING GIN (tsv);
    CREATE TABLE records (
        id BIGSERIAL PRIMARY KEY,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT COLLATE "C" NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        stage TEXT NOT NULL,
        date TEXT COLLATE "C",
        text TEXT,
        data TEXT NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (
            CASE WHEN type IN ('quote', 'event') AND text IS NOT NULL AND text <> ''
                 THEN to_tsvector('simple', left(text, {FTS_MAX_CHARS})) END) STORED
    );
    CREATE INDEX records_doc ON records(doc_id, type);
    CREATE INDEX records_type_date ON records(type, date);
    CREATE INDEX records_tsv ON records USING GIN (tsv);
    CREATE TABLE record_actors (
        record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        role TEXT NOT NULL, name TEXT NOT NULL, country TEXT, kind TEXT
    );
    CREATE INDEX record_actors_name ON record_actors(lower(name), role);
    CREATE INDEX record_actors_country ON record_actors(country, role);
    CREATE INDEX record_actors_record ON record_actors(record_id);
    CREATE TABLE record_outlets (
        record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        outlet TEXT NOT NULL, date TEXT
    );
    CREATE INDEX record_outlets_outlet ON record_outlets(lower(outlet));
    CREATE INDEX record_outlets_record ON record_outlets(record_id)
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# a correlated EXISTS per side table; the text condition uses the records' tsvector column
POSTGRES = Dialect(param="%s", nocase="lower({col}) = lower(%s)",
                   side="EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.record_id = r.id AND {cond})",
                   fulltext="r.tsv @@ plainto_tsquery('simple', %s)")
_CURSORS = itertools.count()


class PostgresStore(Store):
    """A sourcetrace store in a PostgreSQL database (``postgresql://user@host:port/dbname``)."""

    def __init__(self, url: str, *, read_only: bool = False, connect_timeout: int = 10) -> None:
        self.url = url
        self.read_only = read_only
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {_redact(url)} ({_first_line(exc)}); check that the server "
                             f"runs and the URL, user and database are right") from exc
        try:
            if read_only:
                self.conn.execute("SET default_transaction_read_only = on")
                version = self.schema_version()
                if version == 0:
                    raise StoreError(f"no sourcetrace store in {_redact(url)}; run 'sourcetrace ingest --db URL' "
                                     f"first")
                if version != SCHEMA_VERSION:
                    raise StoreError(f"{_redact(url)} has schema version {version}, this sourcetrace reads "
                                     f"{SCHEMA_VERSION}; open it once for writing (sourcetrace ingest) to migrate")
            else:
                self.migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"cannot open {_redact(url)} as a sourcetrace store ({_first_line(exc)}); "
                             f"pass another --db") from exc
        except StoreError:
            self.conn.close()
            raise

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.conn.execute("SELECT to_regclass('sourcetrace_meta')").fetchone()
        if exists is None or exists[0] is None:
            return 0
        row = self.conn.execute("SELECT value FROM sourcetrace_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.conn.execute("CREATE TABLE IF NOT EXISTS sourcetrace_meta (key TEXT PRIMARY KEY, value TEXT)")
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreError(f"{_redact(self.url)} was written by a newer sourcetrace (schema {current}); "
                                 f"upgrade sourcetrace")
            for version in range(current, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[version]):
                    self.conn.execute(statement.encode())
                self.conn.execute("INSERT INTO sourcetrace_meta (key, value) VALUES ('schema_version', %s) "
                                  "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (str(version + 1),))

    # -- writing ------------------------------------------------------------
    def has(self, doc_id: str, pipeline_version: str | None = None) -> bool:
        row = self.conn.execute("SELECT pipeline_version FROM documents WHERE id = %s", (doc_id,)).fetchone()
        return row is not None and (pipeline_version is None or row[0] == pipeline_version)

    def write(self, extraction: Extraction) -> WriteResult:
        if self.read_only:
            raise StoreError(f"{_redact(self.url)} is open read-only; open it for writing to ingest")
        doc = extraction.document
        if "\x00" in doc.text or "\x00" in (doc.title or ""):
            raise StoreError("the document contains NUL characters, which PostgreSQL text cannot hold; "
                             "remove them from the input or use a SQLite store", path=doc.path)
        try:
            with self.conn.transaction():
                return self._write(extraction)
        except psycopg.Error as exc:
            raise StoreError(f"cannot write document {doc.id} to {_redact(self.url)} ({_first_line(exc)}); "
                             f"nothing of it was stored", path=doc.path) from exc

    def _write(self, extraction: Extraction) -> WriteResult:
        doc = extraction.document
        version = extraction.pipeline_version
        # one writer per document id at a time; other documents are written concurrently
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (doc.id,))
        row = self.conn.execute("SELECT pipeline_version FROM documents WHERE id = %s", (doc.id,)).fetchone()
        if row is not None and row[0] == version:
            return "unchanged"
        result: WriteResult = "new"
        if row is not None:
            result = "replaced"
            self.conn.execute("DELETE FROM documents WHERE id = %s", (doc.id,))  # records cascade
        self.conn.execute(
            "INSERT INTO documents (id, path, title, url, publisher, publication_date, publication_date_text, "
            "language, text, pipeline_version, ingested_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (doc.id, doc.path, doc.title, doc.url, doc.publisher, doc.publication_date,
             doc.publication_date_text, doc.language, doc.text, version,
             dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
        self._copy_records(extraction.interchange()[1:])
        return result

    def _copy_records(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        ids = [r[0] for r in self.conn.execute(
            "SELECT nextval(pg_get_serial_sequence('records', 'id')) FROM generate_series(1, %s)",
            (len(rows),)).fetchall()]
        ids.sort()  # ids grow in record order, as SQLite's rowids do
        actors: list[tuple[Any, ...]] = []
        outlets: list[tuple[Any, ...]] = []
        with self.conn.cursor() as cur:
            with cur.copy('COPY records (id, doc_id, type, start, "end", stage, date, text, data) '
                          "FROM STDIN") as copy:
                for rid, row in zip(ids, rows, strict=True):
                    copy.write_row((rid, row["doc"], row["type"], row["span"][0], row["span"][1], row["stage"],
                                    _no_nul(record_date(row)), _no_nul(record_text(row)),
                                    json.dumps(row, ensure_ascii=False)))
                    actors.extend((rid, a.role, _no_nul(a.name), _no_nul(a.country), _no_nul(a.kind))
                                  for a in actor_rows(row))
                    outlets.extend((rid, _no_nul(o), _no_nul(d)) for o, d in outlet_rows(row))
            if actors:
                with cur.copy("COPY record_actors (record_id, role, name, country, kind) FROM STDIN") as copy:
                    for actor in actors:
                        copy.write_row(actor)
            if outlets:
                with cur.copy("COPY record_outlets (record_id, outlet, date) FROM STDIN") as copy:
                    for outlet in outlets:
                        copy.write_row(outlet)

    # -- reading ------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        with self.conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute("SELECT * FROM documents WHERE id = %s", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(id=row["id"], text=row["text"], path=row["path"], title=row["title"], url=row["url"],
                        publisher=row["publisher"], publication_date=row["publication_date"],
                        publication_date_text=row["publication_date_text"], language=row["language"])

    def documents(self) -> Iterator[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute("SELECT id, path, title, url, publisher, publication_date, language, pipeline_version, "
                        "ingested_at, length(text) AS chars FROM documents ORDER BY seq")
            rows = cur.fetchall()
        yield from rows

    def records(self, doc_id: str | None = None, kind: str | None = None) -> Iterator[Record]:
        sql, args = "SELECT data FROM records WHERE true", list[object]()
        if doc_id is not None:
            sql += " AND doc_id = %s"
            args.append(doc_id)
        if kind is not None:
            sql += " AND type = %s"
            args.append(kind)
        # a server-side cursor streams a large store instead of loading it whole
        name = f"sourcetrace_records_{next(_CURSORS)}"
        with self.conn.transaction(), self.conn.cursor(name=name) as cur:
            cur.itersize = 2000
            cur.execute(sql + ' ORDER BY doc_id, start, "end", id', args)
            for row in cur:
                yield row_to_record(row[0])

    def select(self, kind: str, *, actor: str | None = None, role: str | None = None,
               country: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, text: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> list[Record]:
        sql, args = select_sql(POSTGRES, kind, actor=actor, role=role, country=country, outlet=outlet,
                               date_from=date_from, date_to=date_to, text=None if text is None else _words(text),
                               doc_id=doc_id, limit=limit)
        return [row_to_record(row[0]) for row in self.conn.execute(sql.encode(), args)]

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        words = _words(query)
        if not words:
            return []
        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(
                "SELECT d.id, d.title, ts_headline('simple', left(d.text, %s), q, "
                "'StartSel=[, StopSel=], MaxWords=12, MinWords=4') "
                "AS snippet FROM documents d, plainto_tsquery('simple', %s) q "
                "WHERE d.tsv @@ q ORDER BY ts_rank(d.tsv, q) DESC, d.seq LIMIT %s",
                (FTS_MAX_CHARS, words, limit))
            return [dict(r) for r in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        out = {"document": int(self._one("SELECT count(*) FROM documents"))}
        for kind, n in self.conn.execute("SELECT type, count(*) FROM records GROUP BY type"):
            out[kind] = int(n)
        return out

    def integrity_ok(self) -> bool:
        """Every record belongs to a stored document and every actor row to a record."""
        orphans = self._one("SELECT (SELECT count(*) FROM records r LEFT JOIN documents d ON d.id = r.doc_id "
                            "WHERE d.id IS NULL) + (SELECT count(*) FROM record_actors a LEFT JOIN records r "
                            "ON r.id = a.record_id WHERE r.id IS NULL)")
        return int(orphans) == 0

    def _one(self, sql: str) -> Any:
        row = self.conn.execute(sql.encode()).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _words(text: str) -> str:
    """User text as plain words: every word must occur; no query syntax leaks through."""
    return " ".join(w for w in "".join(c if c.isalnum() else " " for c in text).split() if w)


def _no_nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value else value


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "the PostgreSQL URL"
    host = parts.get("host") or "localhost"
    port = f":{parts['port']}" if parts.get("port") else ""
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname') or ''}"
