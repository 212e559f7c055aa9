"""The SQLite store: migration, idempotent re-ingest, replacement by a new pipeline version, concurrent readers."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest

from sourcetrace.errors import StoreError
from sourcetrace.records import Citation, Document, Extraction, Quote, Source, Speaker, TimeExpr
from sourcetrace.store import open_store
from sourcetrace.store.sqlite import SCHEMA_VERSION


def _extraction(text: str = "Reuters quoted the minister.", version: str = "quotes@1") -> Extraction:
    doc = Document(id=f"d{abs(hash(text)) % 10**8}", text=text, path="x.txt", publication_date="2020-09-30")
    quote = Quote(doc_id=doc.id, span=(0, 7), stage="quotes@1", text=text[:7], kind="direct",
                  speaker=Speaker(name="Emmanuel Macron", mention="Macron", span=(8, 14), type="person",
                                  role="President of France", country="FRA"),
                  cue="said", cue_span=(15, 19), date="2020-09-30",
                  sources=(Source("Reuters", "2020-09-30"),), spans=((0, 7),))
    cit = Citation(doc_id=doc.id, span=(0, 7), stage="citations@1", text="Reuters", outlets=("Reuters",),
                   date="2020-09-30")
    tx = TimeExpr(doc_id=doc.id, span=(0, 4), stage="time@1", text="30/9", value="2020-09-30")
    return Extraction(document=doc, records={"quote": [quote], "citation": [cit], "time": [tx]},
                      stages=(version,))


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


def test_reingest_is_noop_and_new_version_replaces(tmp_path):
    ex = _extraction()
    with open_store(tmp_path / "s.db") as store:
        assert store.write(ex) == "new"
        assert store.write(ex) == "unchanged"
        assert store.counts() == {"document": 1, "quote": 1, "citation": 1, "time": 1}
        newer = replace(ex, records={"quote": ex.records["quote"]}, stages=("quotes@2",))
        assert store.write(newer) == "replaced"
        assert store.counts() == {"document": 1, "quote": 1}
        assert store.integrity_ok()


def test_records_round_trip_exactly(tmp_path):
    ex = _extraction()
    with open_store(tmp_path / "s.db") as store:
        store.write(ex)
        back = store.extraction(ex.document.id)
    assert back is not None
    assert back.document == ex.document
    assert back.records["quote"] == ex.records["quote"]
    assert back.records["citation"] == ex.records["citation"]
    assert back.records["time"] == ex.records["time"]


def test_select_by_actor_outlet_date_and_text(tmp_path):
    ex = _extraction()
    with open_store(tmp_path / "s.db") as store:
        store.write(ex)
        assert len(store.select("quote", actor="emmanuel macron")) == 1
        assert len(store.select("quote", country="FRA", role="speaker")) == 1
        assert len(store.select("quote", outlet="reuters")) == 1
        assert store.select("quote", outlet="Sputnik") == []
        assert len(store.select("quote", date_from="2020-09-01", date_to="2020-09")) == 1
        assert store.select("quote", date_to="2020-08-31") == []
        assert len(store.select("quote", text="Reuters")) == 1
        assert [r["id"] for r in store.search("minister")] == [ex.document.id]
        assert store.search('minister" OR 1=1 --') == []


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
