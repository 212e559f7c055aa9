"""A messy corpus loses nothing good; a killed batch leaves no partial document and resumes exactly."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sourcetrace.ingest import ingest, sample_path

PARAGRAPHS = [
    'The minister said on 3/4/2021 that "talks will resume next week." (Reuters, 4/4/2021)',
    "Clashes broke out near the border on Sunday, according to the defence ministry.",
    "The two governments signed an agreement in Geneva in March 2019.",
    'A spokeswoman for the foreign ministry said: "We condemn the attack." (AFP, 5/4/2021)',
]


def _good_texts(n: int) -> list[str]:
    rng = random.Random(7)
    return [f"Report {i}\n\n" + "\n\n".join(rng.sample(PARAGRAPHS, 3)) for i in range(n)]


def make_corrupt_corpus(folder: Path) -> tuple[int, int]:
    """A folder where some files are good and others binary, truncated, mis-encoded, empty or huge."""
    folder.mkdir()
    good = _good_texts(12)
    for i, text in enumerate(good):
        (folder / f"good-{i:02}.txt").write_text(text, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Le ministre a déclaré la fin des combats le 3/4/2021.".encode("cp1252"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.md").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"word " * 400_000)  # 2 MB, over the test's 1 MB limit
    (folder / "cut.html").write_text("<html><body><article><p>Truncated mid-sentence", encoding="utf-8")
    (folder / "markup.html").write_text("<html><body><div><span></span></div>", encoding="utf-8")
    (folder / "lines.jsonl").write_text('{"text": "Good line one."}\n{"text": \n{"text": "Good line two."}\n',
                                        encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    bad = 7  # binary, empty, blank, huge, markup-only HTML, one JSONL line, photo
    return len(good) + 1 + 1 + 2, bad  # + latin1, the truncated HTML's text, two JSONL lines


def test_corrupt_corpus_stores_every_good_document(tmp_path, pipeline):
    good, bad = make_corrupt_corpus(tmp_path / "corpus")
    summary = ingest([tmp_path / "corpus"], tmp_path / "s.db", pipeline=pipeline, max_bytes=1_000_000)
    assert summary.new == good
    reasons = sorted(type(e).__name__ for e in summary.failed)
    assert reasons == ["BadRecord", "DocumentTooLarge", "EmptyDocument", "EmptyDocument", "EmptyDocument",
                       "NotText", "NotText"]
    assert len(summary.failed) == bad
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == good
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(tmp_path, pipeline):
    p = tmp_path / "secret.txt"
    p.write_text("hidden", encoding="utf-8")
    p.chmod(0)
    summary = ingest([p], tmp_path / "s.db", pipeline=pipeline)
    assert [e.message for e in summary.failed] == ["permission denied; make the file readable"]


def _snapshot(db: Path) -> dict[str, tuple[int, ...]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        out = {}
        for doc_id, in conn.execute("SELECT id FROM documents"):
            counts = conn.execute("SELECT type, count(*) FROM records WHERE doc_id = ? GROUP BY type ORDER BY type",
                                  (doc_id,)).fetchall()
            out[doc_id] = tuple(n for _, n in counts)
        return out
    finally:
        conn.close()


def test_sigkill_at_random_points_loses_nothing(tmp_path, pipeline):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    base = sample_path().read_text(encoding="utf-8")
    for i in range(60):
        (corpus / f"doc-{i:03}.txt").write_text(f"Dispatch {i}.\n\n{base}", encoding="utf-8")
    reference = tmp_path / "reference.db"
    ingest([corpus], reference, pipeline=pipeline)
    expected = _snapshot(reference)
    assert len(expected) == 60

    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "sourcetrace.cli", "ingest", str(corpus), "--db", str(db)]
    rng = random.Random(11)
    kills = 0
    for _ in range(6):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.5, 5.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        if db.exists():
            partial = _snapshot(db)
            for doc_id, counts in partial.items():
                assert counts == expected[doc_id], "a document was stored incompletely"
    final = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    assert _snapshot(db) == expected
    assert kills >= 1


def test_readers_never_see_database_is_locked_while_a_batch_writes(tmp_path, pipeline):
    from sourcetrace.store import open_store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate(_good_texts(40)):
        (corpus / f"d{i:02}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    open_store(db).close()  # create the schema so readers can open it at once
    proc = subprocess.Popen([sys.executable, "-m", "sourcetrace.cli", "ingest", str(corpus), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    errors = []
    while proc.poll() is None:
        try:
            with open_store(db, read_only=True) as store:
                seen.append(store.counts()["document"])
                store.select("quote", date_from="2000")
                store.search("minister")
        except Exception as exc:  # any failure to read while writing is the bug this test is for
            errors.append(repr(exc))
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert errors == []
    assert seen == sorted(seen)  # committed documents only ever grow
    with open_store(db, read_only=True) as store:
        assert store.counts()["document"] == 40
