"""Batch ingest on every core: a pool of worker processes, each loading the model once.

The parent process reads the documents (streaming), skips those already stored by this
pipeline version, sends batches to the workers and writes every extraction to the store
itself, one transaction per document, in input order.  At most ``max_pending`` batches are
in flight, so memory stays flat however large the corpus; a restarted batch resumes where
it stopped because stored documents are skipped before they are sent.

    summary = ingest_parallel(["corpus/"], "sourcetrace.db", workers=2,
                              on_progress=lambda s: print(s.done, s.total, s.rate, s.eta))

The per-document function is :meth:`Pipeline.run`, so the records are the same, record for
record, whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExtractionError, SourcetraceError
from .ingest import IngestSummary, store_one
from .reader import JSONL_SUFFIXES, MAX_BYTES, iter_files, read_paths
from .records import Document, Extraction

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .pipeline import Pipeline
    from .store import Store

BATCH = 8
"""Documents sent to a worker at once (parsed there with ``nlp.pipe``)."""

Item = Extraction | SourcetraceError

__all__ = ["BATCH", "ParallelSummary", "count_documents", "default_workers", "extract_parallel",
           "ingest_parallel"]


@dataclass
class ParallelSummary(IngestSummary):
    """:class:`~sourcetrace.ingest.IngestSummary` plus what a progress bar needs."""

    total: int | None = None
    """Documents expected (counted before the run), or None when not counted."""
    workers: int = 1

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate, or None when unknown."""
        if self.total is None or self.rate <= 0:
            return None
        return max(self.total - self.done, 0) / self.rate


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def count_documents(paths: Iterable[str | Path]) -> int:
    """How many documents (and unreadable inputs) ``paths`` hold, without parsing them.

    One per file, one per non-blank line of a JSONL file; cheap next to extraction.
    """
    n = 0
    for item in iter_files(paths):
        if isinstance(item, SourcetraceError) or item.suffix.lower() not in JSONL_SUFFIXES:
            n += 1
            continue
        try:
            with item.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        except OSError:
            n += 1
    return n


# -- the worker side ---------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(stages: tuple[str, ...], model: str | None, kb: KnowledgeBase | None) -> None:
    """Load the pipeline and its model once per worker; a failure is kept and reported per batch."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # N workers on N cores: one math thread each, no oversubscription
    from .pipeline import Pipeline

    try:
        pipe = Pipeline(stages, model=model, kb=kb)
        pipe.nlp  # noqa: B018 - load the model now, not in the first batch
        _WORKER["pipeline"] = pipe
    except SourcetraceError as exc:
        _WORKER["error"] = exc


def _extract_batch(docs: list[Document]) -> list[Item]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return run_batch(_WORKER["pipeline"], docs)


def run_batch(pipe: Pipeline, docs: list[Document]) -> list[Item]:
    """Extractions for ``docs`` in order; a document that fails yields its error, never the batch's."""
    try:
        return list(pipe.run_many(docs, batch_size=max(len(docs), 1)))
    except Exception:  # the parse of the batch failed: isolate the document that causes it
        out: list[Item] = []
        for doc in docs:
            try:
                out.append(pipe.run(doc))
            except SourcetraceError as exc:
                out.append(exc)
            except Exception as exc:  # noqa: BLE001 - reported per document
                out.append(ExtractionError(f"parsing failed: {type(exc).__name__}: {exc}; please report it with "
                                           f"the document", path=doc.path))
        return out


# -- the parent side ---------------------------------------------------------
def _batched(items: Iterable[Document | SourcetraceError], size: int, skip: Callable[[Document], bool] | None
             ) -> Iterator[list[Document] | SourcetraceError]:
    batch: list[Document] = []
    for item in items:
        if isinstance(item, SourcetraceError):
            if batch:
                yield batch
                batch = []
            yield item
        elif skip is None or not skip(item):
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def extract_parallel(paths: Iterable[str | Path], pipeline: Pipeline, *, workers: int | None = None,
                     batch_size: int = BATCH, max_pending: int | None = None, max_bytes: int = MAX_BYTES,
                     skip: Callable[[Document], bool] | None = None) -> Iterator[Item]:
    """Like :func:`sourcetrace.ingest.extract_stream`, run by ``workers`` processes, results in input order.

    ``workers`` 0 or None means one per core; 1 runs in this process (no pool).  At most
    ``max_pending`` batches (default ``2 × workers``) are read ahead of the results.
    """
    n = default_workers() if not workers or workers < 0 else workers
    units = _batched(read_paths(paths, max_bytes=max_bytes), max(batch_size, 1), skip)
    if n == 1:
        for unit in units:
            if isinstance(unit, SourcetraceError):
                yield unit
            else:
                yield from run_batch(pipeline, unit)
        return
    yield from _pooled(units, pipeline, n, max_pending or 2 * n)


def _pooled(units: Iterator[list[Document] | SourcetraceError], pipeline: Pipeline, n: int, max_pending: int
            ) -> Iterator[Item]:
    stages = tuple(st.name for st in pipeline.stages)
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(stages, pipeline.model, pipeline._kb))
    pending: deque[SourcetraceError | tuple[list[Document], Future[list[Item]]]] = deque()
    in_flight = 0
    try:
        for unit in units:
            if isinstance(unit, SourcetraceError):
                pending.append(unit)
                continue
            pending.append((unit, pool.submit(_extract_batch, unit)))
            in_flight += 1
            while in_flight >= max_pending:
                out, was_batch = _pop(pending)
                in_flight -= was_batch
                yield from out
        while pending:
            out, _ = _pop(pending)
            yield from out
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _pop(pending: deque[SourcetraceError | tuple[list[Document], Future[list[Item]]]]) -> tuple[list[Item], int]:
    head = pending.popleft()
    if isinstance(head, SourcetraceError):
        return [head], 0
    docs, future = head
    try:
        return future.result(), 1
    except BrokenProcessPool as exc:
        raise ExtractionError(f"a worker process died ({exc}); lower --workers if memory is short, then run "
                              f"the same command again: stored documents are skipped") from exc


def ingest_parallel(paths: Iterable[str | Path], db: str | Path | Store, *, workers: int | None = None,
                    pipeline: Pipeline | None = None, max_bytes: int = MAX_BYTES, batch_size: int = BATCH,
                    on_progress: Callable[[ParallelSummary], None] | None = None, count: bool = True,
                    ) -> ParallelSummary:
    """Extract every document under ``paths`` into the store ``db`` with ``workers`` processes.

    Only this process writes to the store, one transaction per document; a document already
    stored by this pipeline version is skipped before it is sent to a worker.
    """
    from .pipeline import Pipeline
    from .store import Store, open_store

    paths = [Path(p) for p in paths]
    pipe = pipeline or Pipeline()
    n = default_workers() if not workers or workers < 0 else workers
    store = db if isinstance(db, Store) else open_store(db)
    summary = ParallelSummary(total=count_documents(paths) if count else None, workers=n)
    version = pipe.version

    def already(doc: Document) -> bool:
        if store.has(doc.id, version):
            summary.unchanged += 1
            if on_progress is not None:
                on_progress(summary)
            return True
        return False

    try:
        for item in extract_parallel(paths, pipe, workers=n, batch_size=batch_size, max_bytes=max_bytes,
                                     skip=already):
            store_one(store, item, summary)
            if on_progress is not None:
                on_progress(summary)
    finally:
        if not isinstance(db, Store):
            store.close()
    return summary
