"""The command line: exact error lines, exit codes, summaries, and help for every command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sourcetrace.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    import typer

    commands = sorted(typer.main.get_command(app).commands)
    assert {"extract", "ingest", "demo", "quotes", "events", "timeline", "actors", "evaluate", "ask", "export",
            "import"} <= set(commands)
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.output


def test_missing_file_is_one_line_and_exit_1(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run("extract", missing)
    assert result.exit_code == 1
    assert result.stderr == f"Error E101: {missing}: no such file or directory; check the path\n"
    assert result.stdout == ""


def test_unknown_format(tmp_path):
    result = run("extract", tmp_path, "--format", "xml")
    assert result.exit_code == 1
    assert result.stderr == "Error E000: unknown format 'xml'; use jsonl, json or table\n"


def test_ingest_reports_bad_files_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text("The minister said the talks would resume on 3/4/2021.", encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "d-bad.jsonl").write_text('{"text": "ok line"}\nnot json\n', encoding="utf-8")
    db = tmp_path / "s.db"
    result = run("ingest", folder, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error E103: {folder / 'b-empty.txt'}: the file is empty; nothing to extract",
        f"Error E102: {folder / 'c-binary.txt'}: the file is binary, not text; pass .txt, .md, .html or .jsonl files",
        f"Error E105: {folder / 'd-bad.jsonl'}: line 2 is not JSON (Expecting value); fix or remove the line",
    ]
    assert result.stdout.startswith("2 new, 0 re-extracted, 0 unchanged, 3 failed; ")
    again = run("ingest", folder / "a-good.txt", "--db", db)
    assert again.exit_code == 0
    assert again.stdout.startswith("0 new, 0 re-extracted, 1 unchanged, 0 failed; ")


def test_query_commands_on_missing_store(tmp_path):
    db = tmp_path / "none.db"
    for cmd in ("quotes", "events", "timeline", "actors"):
        result = run(cmd, "--db", db)
        assert result.exit_code == 1
        assert result.stderr == f"Error E500: no store at {db}; run 'sourcetrace ingest' first or pass --db\n"


def test_extract_out_dir_writes_one_file_per_input(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text("Officials met in Paris on 12/3/2021.", encoding="utf-8")
    b.write_text("Nothing happened in 1999.", encoding="utf-8")
    out = tmp_path / "out"
    result = run("extract", a, b, "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "b.jsonl"]
    first = json.loads((out / "a.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["type"] == "document" and first["path"] == str(a)


def test_demo_runs_on_the_bundled_sample(tmp_path):
    result = run("demo", "--db", tmp_path / "demo.db")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("sample stored in ")
    assert "1 document" in result.stdout


@pytest.mark.usefixtures("seed_extraction")
def test_evaluate_prints_scores(tmp_path):
    from conftest import SEED_GOLD

    result = run("evaluate", SEED_GOLD, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    kinds = {s["kind"] for s in data["total"]}
    assert kinds == {"quote", "citation", "time", "event", "entity"}
    scores = data["documents"][0]["scores"]
    assert scores["quote"]["gold"] == 21 and scores["time"]["gold"] == 62


def test_evaluate_bad_gold(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text("{", encoding="utf-8")
    result = run("evaluate", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error E600: {bad}: not JSON (")


def test_events_by_actor_type_and_date_on_an_ingested_store(tmp_path, seed_extraction):
    from sourcetrace.store import open_store

    db = tmp_path / "seed.db"
    with open_store(db) as store:
        store.write(seed_extraction)

    def rows(*args):
        result = run("events", "--db", db, "--json", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    every = rows("--actor", "AZE", "--from", "2020-09-01")
    assault = rows("--actor", "AZE", "--type", "assault", "--from", "2020-09-01")
    assert assault and all(r["plover"] == "ASSAULT" and r["date"] >= "2020-09-01" for r in assault)
    assert len(assault) < len(every)
    assert {r["plover"] for r in rows("--type", "ASSAULT,COERCE")} <= {"ASSAULT", "COERCE"}
    assert all(r["cameo"].startswith("19") for r in rows("--type", "19"))
    bad = run("events", "--db", db, "--type", "ATTACK")
    assert bad.exit_code == 2 and "neither a PLOVER type" in bad.output


def test_quotes_by_speaker_and_outlet_on_an_ingested_store(tmp_path, seed_extraction):
    from sourcetrace.store import open_store

    db = tmp_path / "seed.db"
    with open_store(db) as store:
        store.write(seed_extraction)
    by_speaker = run("quotes", "--db", db, "--speaker", "Macron", "--json")
    assert by_speaker.exit_code == 0, by_speaker.output
    rows = [json.loads(line) for line in by_speaker.stdout.splitlines()]
    assert rows and {r["speaker"]["name"] for r in rows} == {"Emmanuel Macron"}
    assert rows[0]["text"].startswith("I learned about the Turkish")
    by_outlet = run("quotes", "--db", db, "--outlet", "Reuters", "--json")
    rows = [json.loads(line) for line in by_outlet.stdout.splitlines()]
    assert rows and all(any(s["outlet"] == "Reuters" for s in r["sources"]) for r in rows)
    timeline = run("timeline", "--db", db, "--json")
    dates = [json.loads(line)["date"] for line in timeline.stdout.splitlines()]
    assert dates == sorted(dates) and len(dates) > 10
