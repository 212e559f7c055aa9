"""Distributed extraction: a Dask LocalCluster writes Parquet shards identical to a single-process run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="pip install 'dask[distributed]>=2024.1' to test the Dask engine")
pytest.importorskip("pyarrow", reason="pip install 'pyarrow>=15' to write Parquet shards")

from sourcetrace.distributed import (  # noqa: E402
    extract_to_shards,
    load_shards,
    plan_partitions,
    read_shards,
    run_partition,
)
from sourcetrace.errors import StoreError  # noqa: E402
from sourcetrace.parallel import extract_parallel, ingest_parallel  # noqa: E402
from sourcetrace.store import open_store  # noqa: E402

TEXTS = [
    "On 3 March 2021, the Foreign Minister of France said in Paris that talks would resume.",
    "Reuters reported on 12/04/2019 that Germany had accused Russia of violating the agreement.",
    "\u201cWe will not accept this,\u201d the spokesperson told reporters in Baku on Monday.",
    "Turkey and Azerbaijan signed a defence pact in 2010, Anadolu Agency wrote.",
    "The United Nations called for a ceasefire in Nagorno-Karabakh on 1 October 2020.",
    "Iran offered to mediate between Armenia and Azerbaijan, its foreign ministry said.",
    "Odd \u201cunbalanced input \u200b with \U0001f600 in Yerevan.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("dcorpus")
    for i, text in enumerate(TEXTS[:3]):
        (root / f"a{i}.txt").write_text(text, encoding="utf-8")
    with (root / "b.jsonl").open("w", encoding="utf-8") as fh:
        for text in TEXTS[3:5]:
            fh.write(json.dumps({"text": text, "published": "2020-10-02"}) + "\n")
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": TEXTS[5:7], "title": ["Iran", None]}),
                   root / "c.parquet", row_group_size=1)
    return root


def _single(corpus, pipeline) -> list[dict]:
    """The single-process run: files through the reader, Parquet rows as documents read by hand."""
    from sourcetrace.reader import document_from_text

    rows = []
    for item in extract_parallel([corpus], pipeline, workers=1):
        if not isinstance(item, Exception):
            rows.extend(item.interchange())
    for doc_id, text, title in (("p1", TEXTS[5], "Iran"), ("p2", TEXTS[6], None)):
        doc = document_from_text(text, path=f"{corpus / 'c.parquet'}#{doc_id}", title=title)
        rows.extend(pipeline.run(doc).interchange())
    return rows


def test_partitions_cover_every_input_in_order(corpus):
    parts = plan_partitions([corpus], partition_bytes=150)
    units = [(Path(u.path).name, u.start) for p in parts for u in p.units]
    assert units == [("a0.txt", 0), ("a1.txt", 0), ("a2.txt", 0), ("b.jsonl", 0), ("c.parquet", 0),
                     ("c.parquet", 1)]
    assert len(parts) > 1 and [p.index for p in parts] == list(range(len(parts)))


def test_local_cluster_shards_equal_the_single_process_run(corpus, pipeline, tmp_path):
    out = tmp_path / "shards"
    stats = extract_to_shards([corpus], out, pipeline=pipeline, workers=2, partition_bytes=150)
    assert sum(s.documents for s in stats) == 7 and all(not s.errors for s in stats)
    sharded = [row for ex in read_shards([out]) for row in ex.interchange()]
    single = _single(corpus, pipeline)
    assert sharded == single
    again = extract_to_shards([corpus], out, pipeline=pipeline, workers=1, partition_bytes=150)
    assert all(s.skipped for s in again)  # a rerun resumes: nothing recomputed


def test_shards_load_into_sqlite_like_an_ingest(corpus, pipeline, tmp_path):
    out = tmp_path / "shards"
    for part in plan_partitions([corpus], partition_bytes=10**9):
        run_partition(part, str(out), tuple(st.name for st in pipeline.stages))
    counts = load_shards([out], tmp_path / "loaded.db")
    assert counts["new"] == 7
    assert load_shards([out], tmp_path / "loaded.db")["unchanged"] == 7
    ingest_parallel([corpus], tmp_path / "ingested.db", workers=1, pipeline=pipeline)
    with open_store(tmp_path / "loaded.db") as a, open_store(tmp_path / "ingested.db") as b:
        ingested = sorted(d["id"] for d in b.documents())  # the reader takes no Parquet: 5 of the 7
        assert len(ingested) == 5 and set(ingested) < {d["id"] for d in a.documents()}
        for doc_id in ingested:
            assert [r.to_interchange() for r in a.records(doc_id)] == [r.to_interchange() for r in b.records(doc_id)]


def test_bad_shard_paths_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no shard or folder"):
        list(read_shards([tmp_path / "absent"]))
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"not parquet")
    with pytest.raises(StoreError, match="not a Parquet shard"):
        list(read_shards([junk]))
