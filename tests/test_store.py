"""What is particular to the SQLite store: its file, WAL, migration from an empty file, read-only opening.

Behaviour shared by every backend (re-ingest, replacement, round trip, queries) is in test_store_backends.py.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from test_store_backends import _extraction

from sourcetrace.errors import StoreError
from sourcetrace.store import open_store
from sourcetrace.store.sqlite import SCHEMA_VERSION


def test_migration_from_empty_file(tmp_path):
    path = tmp_path / "s.db"
    path.touch()
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts() == {"document": 0}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "records", "record_actors", "record_outlets", "documents_fts"} <= tables


def test_read_only_store_refuses_writes_and_missing_file(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.write(_extraction())
    with open_store(path, read_only=True) as ro:
        assert ro.counts()["document"] == 1
        with pytest.raises(StoreError):
            ro.write(_extraction("another text"))
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "absent.db", read_only=True)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(path)


def test_reader_sees_committed_state_during_a_write(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.write(_extraction("first document text"))
    writer = open_store(path)
    reader = open_store(path, read_only=True)
    seen: list[int] = []
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("INSERT INTO documents (id, text, pipeline_version, ingested_at) VALUES ('z', 't', 'v', 'n')")
    t = threading.Thread(target=lambda: seen.append(reader.counts()["document"]))
    t.start()
    t.join(timeout=10)
    assert seen == [1]  # the reader is not blocked and does not see the uncommitted row
    writer.conn.rollback()
    writer.close()
    reader.close()
