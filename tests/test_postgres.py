"""What is particular to the PostgreSQL store: its schema, COPY writes, search, errors, concurrent openers.

The behaviour it shares with SQLite is tested in test_store_backends.py.
"""

from __future__ import annotations

import threading

import pg_server
import pytest

from sourcetrace.errors import StoreError
from sourcetrace.records import Document, Extraction, Quote, Speaker
from sourcetrace.store import open_store


@pytest.fixture
def pg_url() -> str:
    return pg_server.fresh_database(pg_server.server_url())


def _doc_with_quotes(n_quotes: int, text: str = "The minister said the talks would resume in Geneva.") -> Extraction:
    from sourcetrace.reader import content_id

    doc = Document(id=content_id(text), text=text, path="a.txt", title="Talks in Geneva")
    quotes = [Quote(doc_id=doc.id, span=(i, i + 5), stage="quotes@1", text=f"quote {i} about talks",
                    speaker=Speaker(name=f"Speaker {i % 7}", mention="he", span=(0, 2)))
              for i in range(n_quotes)]
    return Extraction(document=doc, records={"quote": quotes}, stages=("quotes@1",))


def test_schema_has_tsvector_gin_indexes_and_version(pg_url):
    import psycopg

    from sourcetrace.store.postgres import SCHEMA_VERSION

    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]
    with psycopg.connect(pg_url) as conn:
        indexes = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
    assert "USING gin (tsv)" in indexes["documents_tsv"]
    assert "USING gin (tsv)" in indexes["records_tsv"]
    assert {"records_doc", "record_actors_name", "record_outlets_outlet"} <= set(indexes)


def test_postgres_scheme_alias_opens_the_same_store(pg_url):
    with open_store(pg_url) as store:
        store.write(_doc_with_quotes(1))
    with open_store(pg_url.replace("postgresql://", "postgres://", 1), read_only=True) as again:
        assert again.counts() == {"document": 1, "quote": 1}


def test_copy_writes_many_records_in_order_and_replaces_them(pg_url):
    ex = _doc_with_quotes(3000)
    with open_store(pg_url) as store:
        assert store.write(ex) == "new"
        back = list(store.records(ex.document.id))
        assert back == ex.records["quote"]
        assert len(store.select("quote", actor="speaker 3")) == len([i for i in range(3000) if i % 7 == 3])
        smaller = Extraction(document=ex.document, records={"quote": ex.records["quote"][:2]}, stages=("quotes@2",))
        assert store.write(smaller) == "replaced"
        assert store.counts() == {"document": 1, "quote": 2}
        assert store.integrity_ok()  # type: ignore[attr-defined]


def test_search_snippet_marks_the_words(pg_url):
    with open_store(pg_url) as store:
        ex = _doc_with_quotes(1)
        store.write(ex)
        (hit,) = store.search("geneva talks")
    assert hit["id"] == ex.document.id and hit["title"] == "Talks in Geneva"
    assert "[Geneva]" in hit["snippet"] and "[talks]" in hit["snippet"]


def test_unreachable_server_is_one_clear_error_without_the_password():
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://someone:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in info.value.line()
    assert "postgresql://someone@127.0.0.1:1/nowhere" in info.value.line()


def test_read_only_on_an_empty_database_says_to_ingest_first(pg_url):
    with pytest.raises(StoreError, match="no sourcetrace store"):
        open_store(pg_url, read_only=True)


def test_nul_characters_are_refused_with_a_reason(pg_url):
    ex = _doc_with_quotes(1, text="text with a \x00 NUL in it")
    with open_store(pg_url) as store:
        with pytest.raises(StoreError, match="NUL"):
            store.write(ex)
        assert store.counts() == {"document": 0}


def test_concurrent_first_opens_migrate_once(pg_url):
    errors: list[BaseException] = []

    def open_and_write(i: int) -> None:
        try:
            with open_store(pg_url) as store:
                store.write(_doc_with_quotes(2, text=f"document number {i} text"))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with open_store(pg_url) as store:
        assert store.counts() == {"document": 4, "quote": 8}
