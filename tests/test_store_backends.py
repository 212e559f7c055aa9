"""The store's behaviour, the same on every backend: each case runs on SQLite and on PostgreSQL.

PostgreSQL cases start a throwaway server (tests/pg_server.py) or skip with the reason.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import replace

import pg_server
import pytest

from sourcetrace.errors import StoreError
from sourcetrace.records import (
    Citation,
    Document,
    Event,
    EventActor,
    EventPlace,
    Extraction,
    Mention,
    Quote,
    Source,
    Speaker,
    TimeExpr,
)
from sourcetrace.store import open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """A URL for an empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return pg_server.fresh_database(pg_server.server_url())


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


def _rich_extraction(n: int, date: str | None, speaker: str, country: str, words: str) -> Extraction:
    text = f"Document {n}: {speaker} said {words}. Ünïcödé — “quoted” text."
    doc = Document(id=f"rich{n:04d}", text=text, path=f"r{n}.txt", title=f"Title {n} {words}",
                   publication_date=date)
    quote = Quote(doc_id=doc.id, span=(10, 20), stage="quotes@1", text=f"{words} number {n}", kind="indirect",
                  speaker=Speaker(name=speaker, mention=speaker.split()[-1], span=(12, 18), country=country),
                  cue="said", cue_span=(20, 24), date=date, sources=(Source("TASS", date),) if n % 2 else (),
                  spans=((10, 20),))
    event = Event(doc_id=doc.id, span=(0, len(text)), stage="events@1", plover="ACCUSE", cameo="112",
                  source=EventActor(speaker, country), target=EventActor("Armenia", "ARM"), date=date,
                  place=EventPlace("Stepanakert", 39.8, 46.75), text=f"{speaker} accused Armenia of {words}")
    mention = Mention(doc_id=doc.id, span=(12, 18), stage="mentions@1", text=speaker.split()[-1],
                      canonical=speaker, kind="person", country=country)
    return Extraction(document=doc, records={"quote": [quote], "event": [event], "mention": [mention]},
                      stages=("quotes@1", "events@1"))


def test_new_store_is_empty_and_migrated(store_url):
    with open_store(store_url) as store:
        assert store.counts() == {"document": 0}
        assert list(store.documents()) == []
    with open_store(store_url) as again:  # opening a migrated store migrates nothing
        assert again.counts() == {"document": 0}


def test_reingest_is_noop_and_new_version_replaces(store_url):
    ex = _extraction()
    with open_store(store_url) as store:
        assert store.write(ex) == "new"
        assert store.write(ex) == "unchanged"
        assert store.has(ex.document.id, "quotes@1") and not store.has(ex.document.id, "quotes@2")
        assert store.counts() == {"document": 1, "quote": 1, "citation": 1, "time": 1}
        newer = replace(ex, records={"quote": ex.records["quote"]}, stages=("quotes@2",))
        assert store.write(newer) == "replaced"
        assert store.counts() == {"document": 1, "quote": 1}
        assert store.integrity_ok()  # type: ignore[attr-defined]


def test_records_round_trip_exactly(store_url):
    ex = _rich_extraction(7, "2020-10", "Ilham Aliyev", "AZE", "shelling")
    with open_store(store_url) as store:
        store.write(ex)
        back = store.extraction(ex.document.id)
    assert back is not None
    assert back.document == ex.document
    for kind in ("quote", "event", "mention"):
        assert back.records[kind] == ex.records[kind]


def test_select_by_actor_outlet_date_and_text(store_url):
    ex = _extraction()
    with open_store(store_url) as store:
        store.write(ex)
        assert len(store.select("quote", actor="emmanuel macron")) == 1
        assert len(store.select("quote", country="FRA", role="speaker")) == 1
        assert store.select("quote", country="FRA", role="target") == []
        assert len(store.select("quote", outlet="reuters")) == 1
        assert store.select("quote", outlet="Sputnik") == []
        assert len(store.select("quote", date_from="2020-09-01", date_to="2020-09")) == 1
        assert store.select("quote", date_to="2020-08-31") == []
        assert len(store.select("quote", text="Reuters")) == 1
        assert [r["id"] for r in store.search("minister")] == [ex.document.id]
        assert store.search('minister" OR 1=1 --') == []
        assert store.search("") == []


def test_read_only_store_refuses_writes(store_url):
    with open_store(store_url) as store:
        store.write(_extraction())
    with open_store(store_url, read_only=True) as ro:
        assert ro.counts()["document"] == 1
        with pytest.raises(StoreError):
            ro.write(_extraction("another text"))


def test_reader_sees_only_committed_documents_during_a_write(store_url, monkeypatch):
    with open_store(store_url) as store:
        store.write(_extraction("first document text"))
    seen: list[int] = []
    with open_store(store_url) as writer, open_store(store_url, read_only=True) as reader:
        inside, release = threading.Event(), threading.Event()
        module = sys.modules[type(writer).__module__]
        real = module.actor_rows

        def paused_actor_rows(row):  # called inside the write's transaction, after the document row
            inside.set()
            release.wait(10)
            return real(row)

        monkeypatch.setattr(module, "actor_rows", paused_actor_rows)
        t = threading.Thread(target=writer.write, args=(_extraction("second document text"),))
        t.start()
        assert inside.wait(10)
        seen.append(reader.counts()["document"])  # not blocked, and the uncommitted document is invisible
        release.set()
        t.join(10)
        seen.append(reader.counts()["document"])
    assert seen == [1, 2]


def test_both_backends_answer_the_same_queries(tmp_path):
    """A store built on PostgreSQL answers every query exactly as one built on SQLite."""
    pg_url = pg_server.fresh_database(pg_server.server_url())
    speakers = [("Ilham Aliyev", "AZE"), ("Nikol Pashinyan", "ARM"), ("Sergey Lavrov", "RUS")]
    dates = ["2020-09-27", "2020-10", "2020", None, "2020-10-05", "2020-11-10"]
    words = ["ceasefire talks", "shelling of Ganja", "humanitarian truce", "drone strikes"]
    extractions = [_rich_extraction(n, dates[n % len(dates)], *speakers[n % 3], words[n % 4]) for n in range(24)]
    answers = {}
    for name, url in (("sqlite", str(tmp_path / "q.db")), ("postgres", pg_url)):
        with open_store(url) as store:
            assert store.write_many(extractions) == ["new"] * 24
            answers[name] = _query_battery(store)
    assert answers["sqlite"] == answers["postgres"]
    assert answers["sqlite"]["by_actor"] and answers["sqlite"]["by_text"]  # the battery is not vacuous


def _query_battery(store) -> dict[str, object]:
    def rows(records):
        return [r.to_interchange() for r in records]

    return {
        "counts": store.counts(),
        "documents": [(d["id"], d["title"], d["publication_date"], d["chars"]) for d in store.documents()],
        "all_quotes": rows(store.select("quote")),
        "by_actor": rows(store.select("quote", actor="ilham ALIYEV")),
        "by_role": rows(store.select("event", actor="Armenia", role="target")),
        "by_country": rows(store.select("event", country="RUS")),
        "by_outlet": rows(store.select("quote", outlet="tass")),
        "date_range": rows(store.select("event", date_from="2020-10", date_to="2020-10")),
        "date_to": rows(store.select("quote", date_to="2020")),
        "by_text": rows(store.select("quote", text="Ganja shelling")),
        "event_text": rows(store.select("event", text="drone")),
        "limited": rows(store.select("mention", limit=5)),
        "one_doc": rows(store.records("rich0003")),
        "search_ids": sorted(r["id"] for r in store.search("truce")),
        "search_title": sorted(r["id"] for r in store.search("Title 5")),
    }


QUESTIONS = [
    "What is the position of France?",
    "What did Russia say?",
    "What is the position of the United States?",
    "What did Erdogan say about the Minsk Group?",
    "Who said the negotiations were not feasible?",
    "Who supports Azerbaijan?",
    "When did Turkey sign an agreement with Armenia?",
    "What is the position of Japan?",
]


def test_postgres_and_sqlite_stores_give_the_same_answers(tmp_path, seed_extraction):
    """`ask` over a store built on PostgreSQL answers exactly as over one built on SQLite."""
    from sourcetrace.ask import ask

    pg_url = pg_server.fresh_database(pg_server.server_url())
    answers = {}
    for name, url in (("sqlite", str(tmp_path / "seed.db")), ("postgres", pg_url)):
        with open_store(url) as store:
            store.write(seed_extraction)
            answers[name] = [ask(store, q).as_dict() for q in QUESTIONS]
    assert answers["sqlite"] == answers["postgres"]
    france = answers["sqlite"][0]
    assert not france["abstained"] and answers["sqlite"][-1]["abstained"]
