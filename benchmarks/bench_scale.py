"""Scale benchmarks: pipeline cost over a bare spaCy pass, 1 vs N workers, peak memory, query latency.

    python3 benchmarks/make_corpus.py --mb 20 --out /tmp/corpus-20mb.jsonl
    python3 benchmarks/bench_scale.py /tmp/corpus-20mb.jsonl --mb 20 [--workers 2] [--pg postgresql://…]

Each figure is printed as one JSON line (and ends up in docs/performance.md by hand, with the
conditions).  ``--only throughput,scaling,memory,query`` runs a subset.  Run it on an idle machine:
the figures are wall-clock times.  1M-statement query latency is measured by bench_query.py, not here.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def slice_corpus(src: Path, mb: float, dest: Path) -> tuple[int, int]:
    """The first ``mb`` MB of a JSONL corpus into ``dest``: (documents, bytes)."""
    limit, n, size = int(mb * 1_000_000), 0, 0
    with src.open("rb") as fh, dest.open("wb") as out:
        for line in fh:
            if size >= limit:
                break
            out.write(line)
            n, size = n + 1, size + len(line)
    return n, size


def texts_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def report(name: str, **figures: object) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def bench_throughput(corpus: Path) -> None:
    """Full pipeline beside a bare pass of the same spaCy model over the same texts, in one run."""
    from sourcetrace.pipeline import Pipeline
    from sourcetrace.reader import document_from_text

    pipe = Pipeline()
    texts = texts_of(corpus)
    docs = [document_from_text(t) for t in texts]
    pipe.nlp.pipe(texts[:2])  # load the model outside the timings
    list(pipe.run_many(docs[:2]))
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _ in pipe.nlp.pipe(texts, batch_size=16):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = sum(sum(len(v) for k, v in ex.records.items() if k != "sentence")
                  for ex in pipe.run_many(docs) if not isinstance(ex, Exception))
    full = time.perf_counter() - t0
    report("throughput", documents=len(texts), words=words, spacy_s=round(bare, 1), pipeline_s=round(full, 1),
           spacy_words_per_s=round(words / bare), pipeline_words_per_s=round(words / full),
           stages_extra_pct=round(100 * (full - bare) / bare, 1), records=records)


def bench_scaling(corpus: Path, workers: list[int], db_dir: Path) -> None:
    from sourcetrace.parallel import ingest_parallel

    for n in workers:
        db = db_dir / f"scale-{n}.db"
        t0 = time.perf_counter()
        s = ingest_parallel([corpus], db, workers=n)
        elapsed = time.perf_counter() - t0
        report("scaling", workers=n, documents=s.new, seconds=round(elapsed, 1), docs_per_s=round(s.new / elapsed, 2),
               records=s.records, failed=len(s.failed))


def _peak_child(corpus: Path, workers: int, db: Path) -> int:
    code = ("import resource,sys; from sourcetrace.parallel import ingest_parallel; "
            f"ingest_parallel([{str(corpus)!r}], {str(db)!r}, workers={workers}); "
            "print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def bench_memory(corpus: Path, mb: float, workers: int, tmp: Path) -> None:
    """Peak resident memory of one process (the parent or a worker) as the corpus grows."""
    for frac in (0.25, 0.5, 1.0):
        part = tmp / f"mem-{frac}.jsonl"
        n, size = slice_corpus(corpus, mb * frac, part)
        kb = _peak_child(part, workers, tmp / f"mem-{frac}.db")
        report("memory", workers=workers, documents=n, corpus_mb=round(size / 1e6, 2), peak_rss_mb=round(kb / 1024))


def bench_query(corpus: Path, url: str | None, tmp: Path, steps: int = 4) -> None:
    """Query latency as the store grows: the corpus is written in ``steps`` slices, queries timed after each."""
    from sourcetrace.parallel import extract_parallel
    from sourcetrace.pipeline import Pipeline
    from sourcetrace.store import open_store

    pipe = Pipeline()
    extractions = [e for e in extract_parallel([corpus], pipe, workers=1) if not isinstance(e, Exception)]
    per_step = max(len(extractions) // steps, 1)
    for backend, target in (("sqlite", str(tmp / "query.db")), ("postgres", url)):
        if target is None:
            continue
        with open_store(target) as store:
            for i in range(steps):
                t0 = time.perf_counter()
                for ex in extractions[i * per_step:(i + 1) * per_step]:
                    store.write(ex)
                write_s = time.perf_counter() - t0
                counts = store.counts()
                queries = {"actor": lambda s: s.select("quote", actor="Ilham Aliyev"),
                           "country": lambda s: s.select("event", country="RUS"),
                           "date_range": lambda s: s.select("event", date_from="2020-10", date_to="2020-10"),
                           "text": lambda s: s.select("quote", text="ceasefire"),
                           "search": lambda s: s.search("humanitarian corridor")}
                timings = {}
                for name, q in queries.items():
                    t0 = time.perf_counter()
                    for _ in range(5):
                        q(store)
                    timings[name] = round((time.perf_counter() - t0) / 5 * 1000, 2)
                report("query", backend=backend, documents=counts["document"],
                       records=sum(v for k, v in counts.items() if k != "document"),
                       write_docs_per_s=round(per_step / write_s, 1), latency_ms=timings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="JSONL corpus from make_corpus.py")
    ap.add_argument("--mb", type=float, default=2.0, help="use the first MB of the corpus (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="largest worker count for the scaling figure")
    ap.add_argument("--pg", default=None, help="also time queries on this PostgreSQL URL (an empty database)")
    ap.add_argument("--only", default="throughput,scaling,memory,query")
    args = ap.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as d:
        tmp = Path(d)
        corpus = tmp / "corpus.jsonl"
        n, size = slice_corpus(args.corpus, args.mb, corpus)
        report("corpus", documents=n, mb=round(size / 1e6, 2), cores=len(__import__("os").sched_getaffinity(0)),
               load_avg=[round(x, 2) for x in __import__("os").getloadavg()])
        if "throughput" in only:
            bench_throughput(corpus)
        if "scaling" in only:
            bench_scaling(corpus, sorted({1, args.workers}), tmp)
        if "memory" in only:
            bench_memory(corpus, args.mb, 1, tmp)
        if "query" in only:
            bench_query(corpus, args.pg, tmp)
    report("done", max_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
