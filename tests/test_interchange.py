"""`sourcetrace extract --format jsonl` emits valid records per docs/interchange.md."""

from __future__ import annotations

import json

from interchange import problems
from typer.testing import CliRunner

from sourcetrace.cli import app


def test_every_line_of_the_seed_article_is_valid(seed_extraction):
    from conftest import SEED

    result = CliRunner().invoke(app, ["extract", str(SEED), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["type"] == "document"
    text = rows[0]["text"]
    assert text == SEED.read_text(encoding="utf-8")
    assert rows[0]["publication_date"] == "2020-10-05"
    doc_id = rows[0]["id"]
    bad = {i: p for i, row in enumerate(rows) if (p := problems(row, len(text)))}
    assert bad == {}
    assert {row["doc"] for row in rows} == {doc_id}
    for row in rows[1:]:
        if row["type"] in ("time", "citation", "mention"):
            start, end = row["span"]
            assert text[start:end] == row["text"], row


def test_records_read_back_from_interchange_equal(seed_extraction):
    from sourcetrace.records import RECORD_TYPES

    for kind, records in seed_extraction.records.items():
        if kind not in RECORD_TYPES:
            continue
        for r in records:
            assert RECORD_TYPES[kind].from_interchange(r.to_interchange()) == r
