"""Extraction beyond one machine: Dask runs the per-document function over a corpus into Parquet shards.

    shards = extract_to_shards(["corpus/"], "shards/", scheduler="tcp://scheduler:8786")
    load_shards(["shards/"], "postgresql://team@db/sourcetrace")

The corpus (folders of text/Markdown/HTML, JSONL files, Parquet files with a ``text`` column) is
cut into partitions of about ``partition_bytes``; each partition is one Dask task that reads its
documents *on the worker*, runs :meth:`Pipeline.run` on them (the model loaded once per worker
process) and writes ``part-NNNNN.parquet`` into the output folder (which every worker must see: a
shared file system).  A shard holds one row per record, the interchange JSON in ``data`` beside
columns to filter on; a shard already written is not recomputed, so a rerun resumes.  Because the
per-document function is pure, the shards hold exactly the records a single process produces.

Why Dask, not Ray: Dask is pure-Python wheels (no object store or raylet binaries), a
``LocalCluster`` starts in-process for tests in a second, its scheduler runs on any machine with
``dask scheduler``/``dask worker``, and we need nothing more than "run this function on these
partitions"; Ray's actor model and object store would be unused weight.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PipelineError, SourcetraceError, StoreError
from .reader import JSONL_SUFFIXES, MAX_BYTES, document_from_text, iter_files, read_file
from .records import Document, Extraction, Record

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .store import Store

PARTITION_BYTES = 8_000_000
"""Default size of the input one task reads."""
PARQUET_SUFFIXES = {".parquet", ".pq"}
SHARD_COLUMNS = ("doc", "ord", "type", "start", "end", "stage", "date", "text", "pipeline_version", "data")

__all__ = ["Partition", "ShardStats", "extract_to_shards", "load_shards", "plan_partitions", "shard_rows"]


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise PipelineError(f"{module} is needed for distributed extraction: "
                            f"pip install 'dask[distributed]>=2024.1' 'pyarrow>=15'") from exc


# -- planning ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of input: a whole file, lines [start, stop) of a JSONL file, or row groups of a Parquet file."""

    path: str
    start: int = 0
    stop: int | None = None
    size: int = 0


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    units: tuple[Unit, ...]

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}.parquet"


def _units(paths: Iterable[str | Path], partition_bytes: int) -> Iterator[Unit]:
    for item in _files(paths):
        yield from _split(item, partition_bytes)


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    extra: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            extra.extend(sorted(c for c in p.rglob("*") if c.suffix.lower() in PARQUET_SUFFIXES))
        elif p.suffix.lower() in PARQUET_SUFFIXES:
            extra.append(p)
    plain = [p for p in map(Path, paths) if p.suffix.lower() not in PARQUET_SUFFIXES]
    for item in iter_files(plain):
        if isinstance(item, Path):
            yield item
        elif item.path and Path(item.path).suffix.lower() not in PARQUET_SUFFIXES:  # missing or unsupported: the task that reads it reports it, as a single run does
            yield Path(item.path)
    yield from extra


def _split(path: Path, partition_bytes: int) -> Iterator[Unit]:
    size = path.stat().st_size if path.exists() else 0
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES and size > partition_bytes:
        start, acc, n = 0, 0, 0
        with path.open("rb") as fh:
            for n, line in enumerate(fh):  # noqa: B007 - n is the line count after the loop
                acc += len(line)
                if acc >= partition_bytes:
                    yield Unit(str(path), start, n + 1, acc)
                    start, acc = n + 1, 0
        if acc:
            yield Unit(str(path), start, None, acc)
    elif suffix in PARQUET_SUFFIXES:
        pq = _need("pyarrow.parquet")
        meta = pq.ParquetFile(path).metadata
        for g in range(meta.num_row_groups):
            yield Unit(str(path), g, g + 1, meta.row_group(g).total_byte_size)
    else:
        yield Unit(str(path), 0, None, size)


def plan_partitions(paths: Iterable[str | Path], partition_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """Cut the corpus into partitions of about ``partition_bytes``, in input order (deterministic)."""
    parts: list[Partition] = []
    current: list[Unit] = []
    acc = 0
    for unit in _units(list(paths), partition_bytes):
        current.append(unit)
        acc += unit.size
        if acc >= partition_bytes:
            parts.append(Partition(len(parts), tuple(current)))
            current, acc = [], 0
    if current:
        parts.append(Partition(len(parts), tuple(current)))
    return parts


# -- reading a partition (on the worker) -------------------------------------
def _read_unit(unit: Unit, max_bytes: int) -> Iterator[Document | SourcetraceError]:
    path = Path(unit.path)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        yield from _read_parquet(path, unit.start, unit.stop or unit.start + 1)
        return
    if suffix in JSONL_SUFFIXES and (unit.start or unit.stop is not None):
        from .reader import read_jsonl

        with path.open("rb") as fh:
            lines = [ln.decode("utf-8", "replace") for i, ln in enumerate(fh)
                     if i >= unit.start and (unit.stop is None or i < unit.stop)]
        for item in read_jsonl("".join(lines), str(path)):
            yield _renumber(item, str(path), unit.start)
        return
    yield from read_file(path, max_bytes=max_bytes)


def _renumber(item: Document | SourcetraceError, path: str, offset: int) -> Document | SourcetraceError:
    """JSONL line numbers relative to the whole file, as a single-process read gives them."""
    if isinstance(item, Document) and item.path and item.path.startswith(f"{path}#"):
        tail = item.path[len(path) + 1:]
        if tail.isdigit():
            from dataclasses import replace

            return replace(item, path=f"{path}#{int(tail) + offset}")
    return item


def _read_parquet(path: Path, first: int, stop: int) -> Iterator[Document | SourcetraceError]:
    pq = _need("pyarrow.parquet")
    from .errors import BadRecord

    f = pq.ParquetFile(path)
    base = sum(f.metadata.row_group(g).num_rows for g in range(first))
    for g in range(first, stop):
        table = f.read_row_group(g)
        for i, row in enumerate(table.to_pylist()):
            where = f"{path}#{row['id']}" if row.get("id") is not None else f"{path}#{base + i + 1}"
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                yield BadRecord(f"row {base + i + 1} has no text; each row needs a non-empty \"text\"",
                                path=str(path))
                continue
            published = row.get("published") or row.get("publication_date")
            yield document_from_text(text, path=where, title=row.get("title"), url=row.get("url"),
                                     publisher=row.get("publisher"),
                                     publication_date=str(published) if published else None)
        base += table.num_rows


# -- shards ------------------------------------------------------------------
def shard_rows(extraction: Extraction) -> list[dict[str, Any]]:
    """One row per record of the document (the document first), as stored in a shard."""
    version = extraction.pipeline_version
    out = []
    for i, row in enumerate(extraction.interchange()):
        out.append({"doc": row["doc"], "ord": i, "type": row["type"], "start": row["span"][0],
                    "end": row["span"][1], "stage": row["stage"], "date": row.get("date") or row.get("value"),
                    "text": row.get("text") if row["type"] != "document" else None,
                    "pipeline_version": version, "data": json.dumps(row, ensure_ascii=False)})
    return out


def _schema() -> Any:
    pa = _need("pyarrow")
    return pa.schema([("doc", pa.string()), ("ord", pa.int32()), ("type", pa.string()), ("start", pa.int64()),
                      ("end", pa.int64()), ("stage", pa.string()), ("date", pa.string()), ("text", pa.string()),
                      ("pipeline_version", pa.string()), ("data", pa.string())])


@dataclass
class ShardStats:
    shard: str
    documents: int = 0
    records: int = 0
    skipped: bool = False
    errors: list[str] = field(default_factory=list)
    """``Error …`` lines of inputs that could not be read or extracted."""


_PIPELINES: dict[tuple[Any, ...], Pipeline] = {}


def _worker_pipeline(stages: tuple[str, ...], model: str | None) -> Pipeline:
    from .pipeline import Pipeline

    key = (stages, model)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(stages, model=model)
    return _PIPELINES[key]


def run_partition(part: Partition, out_dir: str, stages: tuple[str, ...], model: str | None = None,
                  max_bytes: int = MAX_BYTES, batch_size: int = 16) -> ShardStats:
    """Extract one partition into ``out_dir/part-NNNNN.parquet`` (the Dask task; also callable directly)."""
    from .parallel import run_batch

    pa, pq = _need("pyarrow"), _need("pyarrow.parquet")
    target = Path(out_dir) / part.name
    stats = ShardStats(part.name)
    if target.exists():
        stats.skipped = True
        return stats
    pipe = _worker_pipeline(stages, model)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{part.name}.{os.getpid()}.tmp")
    with pq.ParquetWriter(tmp, _schema(), compression="zstd") as writer:
        batch: list[Document] = []

        def flush() -> None:
            rows: list[dict[str, Any]] = []
            for item in run_batch(pipe, batch):
                if isinstance(item, SourcetraceError):
                    stats.errors.append(item.line())
                    continue
                stats.documents += 1
                stats.records += sum(len(v) for k, v in item.records.items() if k != "sentence")
                rows.extend(shard_rows(item))
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=_schema()))
            batch.clear()

        for unit in part.units:
            for item in _read_unit(unit, max_bytes):
                if isinstance(item, SourcetraceError):
                    stats.errors.append(item.line())
                    continue
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
        flush()
    os.replace(tmp, target)
    return stats


def extract_to_shards(paths: Iterable[str | Path], out_dir: str | Path, *, pipeline: Pipeline | None = None,
                      scheduler: str | None = None, workers: int = 2, partition_bytes: int = PARTITION_BYTES,
                      max_bytes: int = MAX_BYTES, on_progress: Callable[[ShardStats, int], None] | None = None,
                      ) -> list[ShardStats]:
    """Run the pipeline over ``paths`` on a Dask cluster, one Parquet shard per partition.

    ``scheduler`` is the address of a running Dask scheduler (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``workers`` single-threaded processes is started for the call.
    """
    _need("dask")
    distributed = _need("distributed")
    from .pipeline import Pipeline

    pipe = pipeline or Pipeline()
    stages = tuple(st.name for st in pipe.stages)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    parts = plan_partitions(paths, partition_bytes)
    cluster = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                               dashboard_address=None)
        client = distributed.Client(scheduler or cluster)
    except (OSError, TimeoutError) as exc:
        raise PipelineError(f"cannot reach the Dask scheduler {scheduler or 'local'} ({exc}); check the "
                            f"address or leave --scheduler out for a local cluster") from exc
    results: list[ShardStats] = []
    try:
        futures = [client.submit(run_partition, p, str(out.resolve()), stages, pipe.model, max_bytes,
                                 key=f"sourcetrace-{p.name}-{os.getpid()}", pure=False) for p in parts]
        for future in distributed.as_completed(futures):
            stats = future.result()
            results.append(stats)
            if on_progress is not None:
                on_progress(stats, len(parts))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    results.sort(key=lambda s: s.shard)
    return results


# -- loading -----------------------------------------------------------------
def _shard_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(c for c in p.glob("*.parquet") if not c.name.startswith(".")))
        elif p.exists():
            files.append(p)
        else:
            raise StoreError(f"no shard or folder at {p}; pass the output folder of 'sourcetrace extract-shards'")
    return files


def read_shards(paths: Iterable[str | Path]) -> Iterator[Extraction]:
    """The extractions stored in shards, one per document, in shard order (streamed)."""
    from .store.base import row_to_record

    pq = _need("pyarrow.parquet")
    for path in _shard_files(paths):
        try:
            f = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises assorted errors on a file that is not Parquet
            raise StoreError(f"{path} is not a Parquet shard ({exc}); pass shards written by "
                             f"'sourcetrace extract-shards'") from exc
        missing = set(SHARD_COLUMNS) - set(f.schema_arrow.names)
        if missing:
            raise StoreError(f"{path} lacks the shard columns {', '.join(sorted(missing))}; pass shards "
                             f"written by 'sourcetrace extract-shards'")
        current: list[dict[str, Any]] = []
        for batch in f.iter_batches(batch_size=4096, columns=["doc", "type", "pipeline_version", "data"]):
            for row in batch.to_pylist():
                if current and row["doc"] != current[0]["doc"]:
                    yield _extraction(current, row_to_record)
                    current = []
                current.append(row)
        if current:
            yield _extraction(current, row_to_record)


def _extraction(rows: list[dict[str, Any]], to_record: Callable[[str], Record]) -> Extraction:
    head = rows[0]
    if head["type"] != "document":
        raise StoreError(f"shard rows of document {head['doc']} do not start with its document row; "
                         f"the shard is damaged, extract it again")
    doc = Document.from_interchange(json.loads(head["data"]))
    recs: dict[str, list[Record]] = {}
    for row in rows[1:]:
        recs.setdefault(row["type"], []).append(to_record(row["data"]))
    return Extraction(document=doc, records=recs, stages=tuple(head["pipeline_version"].split(",")))


def load_shards(paths: Iterable[str | Path], db: str | Path | Store,
                on_progress: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
    """Write the extractions in shards into the store ``db`` (one transaction per document; resumable)."""
    from .store import Store, open_store

    store = db if isinstance(db, Store) else open_store(db)
    counts = {"new": 0, "replaced": 0, "unchanged": 0, "records": 0}
    try:
        for ex in read_shards(paths):
            result = store.write(ex)
            counts[result] += 1
            if result != "unchanged":
                counts["records"] += sum(len(v) for v in ex.records.values())
            if on_progress is not None:
                on_progress(counts)
    finally:
        if not isinstance(db, Store):
            store.close()
    return counts
