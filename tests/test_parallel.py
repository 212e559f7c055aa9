"""Parallel ingest: same records as one process, input order, resumable, bad input reported, bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.parallel import count_documents, extract_parallel, ingest_parallel
from sourcetrace.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "karabakh-2020-analysis.txt"

TEXTS = [
    "On 3 March 2021, the Foreign Minister of France, Jean-Yves Le Drian, said in Paris that talks would resume.",
    "Reuters reported on 12/04/2019 that Germany had accused Russia of violating the agreement.",
    "\u201cWe will not accept this,\u201d the spokesperson told reporters in Baku on Monday.",
    "Turkey and Azerbaijan signed a defence pact in 2010, Anadolu Agency wrote.",
    "Odd input: \u201cunbalanced quote and \u200b zero width \U0001f600 emoji in Yerevan.",
    "The United Nations called for a ceasefire in Nagorno-Karabakh on 1 October 2020.",
    "Iran offered to mediate between Armenia and Azerbaijan, its foreign ministry said.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for i, text in enumerate(TEXTS[:4]):
        (root / f"a{i}.txt").write_text(text, encoding="utf-8")
    with (root / "more.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(TEXTS[4:]):
            fh.write(json.dumps({"id": f"m{i}", "text": text, "published": "2020-10-02"}) + "\n")
        fh.write("not json\n")
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    if SEED.exists():
        (root / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _rows(items) -> list:
    out = []
    for item in items:
        if isinstance(item, SourcetraceError):
            out.append(("error", item.code, item.path))
        else:
            out.append(("doc", item.document.path, item.pipeline_version,
                        json.dumps(item.interchange(), ensure_ascii=False, sort_keys=True)))
    return out


@pytest.fixture(scope="module")
def single(corpus, pipeline) -> list:
    return _rows(extract_parallel([corpus], pipeline, workers=1))


def test_count_documents_counts_files_and_jsonl_lines(corpus):
    expected = 4 + 4 + 1 + (1 if SEED.exists() else 0)  # txt files, jsonl lines, the empty file, the seed
    assert count_documents([corpus]) == expected


def test_two_workers_give_the_same_records_in_the_same_order(corpus, pipeline, single):
    pooled = _rows(extract_parallel([corpus], pipeline, workers=2, batch_size=2, max_pending=2))
    assert [r[0] for r in single].count("doc") == 7 + (1 if SEED.exists() else 0)
    assert [r[:2] for r in pooled if r[0] == "error"] == [("error", "E103"), ("error", "E105")]
    assert pooled == single


def test_ingest_with_workers_is_resumable_and_matches_one_process(corpus, pipeline, tmp_path):
    progress: list[tuple[int, int | None]] = []
    one = ingest_parallel([corpus], tmp_path / "one.db", workers=1, pipeline=pipeline)
    two = ingest_parallel([corpus], tmp_path / "two.db", workers=2, pipeline=pipeline, batch_size=3,
                          on_progress=lambda s: progress.append((s.done, s.total)))
    assert (two.new, two.records, len(two.failed)) == (one.new, one.records, len(one.failed))
    assert two.new == 7 + (1 if SEED.exists() else 0) and len(two.failed) == 2
    assert progress[-1] == (two.total, two.total)  # the count before the run was exact
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    with open_store(tmp_path / "one.db") as a, open_store(tmp_path / "two.db") as b:
        assert [r.to_interchange() for r in a.records()] == [r.to_interchange() for r in b.records()]
    again = ingest_parallel([corpus], tmp_path / "two.db", workers=2, pipeline=pipeline)
    assert (again.new, again.unchanged, again.records) == (0, two.new, 0)  # nothing was sent to a worker


def test_a_model_that_cannot_load_is_one_error(corpus, tmp_path):
    from sourcetrace.errors import ModelError
    from sourcetrace.pipeline import Pipeline

    with pytest.raises(ModelError, match="cannot load the spaCy pipeline"):
        ingest_parallel([corpus], tmp_path / "x.db", workers=2, pipeline=Pipeline(model="no_such_model_xyz"))


def test_summary_eta_is_unknown_without_a_total_and_falls_to_zero():
    from sourcetrace.parallel import ParallelSummary

    s = ParallelSummary(total=None)
    assert s.eta is None
    s = ParallelSummary(total=4, new=4)
    assert s.eta == 0.0
