"""Exports open in their usual tools; JSONL export → import → export is the identity; the CLI commands."""

from __future__ import annotations

import csv
import json

import pytest
from test_query import world_extractions
from typer.testing import CliRunner

from sourcetrace.cli import app
from sourcetrace.errors import BadRecord, SourcetraceError
from sourcetrace.export import PLOVER_SCHEMA, export, export_jsonl, import_jsonl, iter_interchange
from sourcetrace.store import open_store


@pytest.fixture
def world(tmp_path):
    with open_store(tmp_path / "world.db") as store:
        for ex in world_extractions():
            store.write(ex)
        yield store


def test_jsonl_round_trip_is_identity(world, tmp_path):
    first = tmp_path / "a.jsonl"
    n = export_jsonl(world, first)
    assert n == 2 + 8 + 5 + 2  # documents, quotes, events, mentions
    with open_store(tmp_path / "fresh.db") as fresh:
        summary = import_jsonl(first, fresh)
        assert (summary.new, summary.records) == (2, n - 2)
        for doc_id in ("doca", "docb"):
            a, b = world.extraction(doc_id), fresh.extraction(doc_id)
            assert a is not None and b is not None
            assert a.document == b.document and a.records == b.records
        second = tmp_path / "b.jsonl"
        export_jsonl(fresh, second)
        assert import_jsonl(first, fresh).unchanged == 2
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_jsonl_rows_are_interchange_and_filtered(world):
    rows = list(iter_interchange(world, actor="France"))
    assert [r["type"] for r in rows] == ["document", "mention", "quote", "quote"]
    assert {r["speaker"]["name"] for r in rows if r["type"] == "quote"} == {"Emmanuel Macron", "Agnès von der Mühll"}
    assert [r["type"] for r in iter_interchange(world, kind="event", date_from="2018")] == [
        "document", "event", "event", "document", "event"]


def test_csv_one_file_per_kind_and_kind_filter(world, tmp_path):
    paths = export(world, "csv", tmp_path / "csv")
    assert sorted(p.name for p in paths) == ["document.csv", "event.csv", "mention.csv", "quote.csv"]
    with open(tmp_path / "csv" / "quote.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    assert rows[0]["speaker.name"] and rows[0]["start"].isdigit()
    single = export(world, "csv", tmp_path / "events.csv", kind="event")
    assert single == [tmp_path / "events.csv"]
    with open(single[0], encoding="utf-8") as fh:
        assert [r["plover"] for r in csv.DictReader(fh)] == ["COOPERATE", "AID", "ASSAULT", "AGREE", "REJECT"]


def test_parquet_opens_in_pyarrow(world, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    paths = export(world, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "quote.parquet")
    assert table.num_rows == 8
    assert "speaker.country" in table.column_names
    assert sorted(set(table.column("speaker.name").to_pylist()))[0] == "Agnès von der Mühll"
    assert len(paths) == 4


def test_graphml_opens_in_networkx(world, tmp_path):
    nx = pytest.importorskip("networkx")
    path = export(world, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(path)
    assert g.nodes["FRA"]["label"] == "France" and g.nodes["FRA"]["statements"] == 2
    assert g.edges["RUS", "ARM"]["score"] == 1.0
    assert g.edges["AZE", "ARM"]["hostile"] == 1


def test_plover_json_validates(world, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "events.json"
    assert export(world, "plover", out) == 5
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, PLOVER_SCHEMA)
    agree = next(e for e in data if e["event"] == "AGREE")
    assert agree["source"] == [{"actorText": "Turkey", "name": "Turkey", "code": "TUR"}]
    assert agree["eventLoc"]["name"] == "Zurich" and agree["date"] == "2009-10-10"


def test_bad_inputs(world, tmp_path):
    with pytest.raises(SourcetraceError, match="unknown export format 'xml'"):
        export(world, "xml", tmp_path / "x")
    with pytest.raises(SourcetraceError, match="unknown record kind 'quotes'"):
        export(world, "csv", tmp_path / "x", kind="quotes")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "quote", "doc": "z", "span": [0, 1], "stage": "q@1"}\n', encoding="utf-8")
    with pytest.raises(BadRecord, match="line 1: a quote record before its document line"):
        import_jsonl(bad, world)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(BadRecord, match="line 1 is not JSON"):
        import_jsonl(bad, world)


def test_cli_export_and_import(world, tmp_path):
    runner = CliRunner()
    out = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", world.url])
    assert result.exit_code == 0, result.output
    db = tmp_path / "copy.db"
    result = runner.invoke(app, ["import", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 new, 0 replaced, 0 unchanged; 15 records imported")
    result = runner.invoke(app, ["export", "--format", "plover", "--db", str(db), "--actor", "Armenia"])
    assert [e["event"] for e in json.loads(result.stdout)] == ["AID", "ASSAULT", "AGREE", "REJECT"]
    result = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == "Error E000: the csv export writes files; pass --out PATH\n"
