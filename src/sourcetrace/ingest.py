"""Batch extraction: from paths to extractions (streamed) and into a store, reporting every bad input."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SourcetraceError
from .reader import MAX_BYTES, read_paths
from .records import Document, Extraction

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .store import Store

BATCH = 16
"""Documents parsed together by spaCy's ``nlp.pipe``."""

__all__ = ["MAX_BYTES", "IngestSummary", "extract_stream", "ingest", "sample_path"]


def sample_path() -> Path:
    """The bundled sample article."""
    return Path(str(resources.files("sourcetrace") / "sample" / "sample-article.txt"))


def _batches(items: Iterable[Document | SourcetraceError], size: int
             ) -> Iterator[tuple[list[Document], list[SourcetraceError]]]:
    docs: list[Document] = []
    errors: list[SourcetraceError] = []
    for item in items:
        if isinstance(item, SourcetraceError):
            errors.append(item)
        else:
            docs.append(item)
        if len(docs) >= size or errors:
            yield docs, errors
            docs, errors = [], []
    if docs or errors:
        yield docs, errors


def extract_stream(paths: Iterable[str | Path], pipeline: Pipeline, *, max_bytes: int = MAX_BYTES,
                   skip: Callable[[Document], bool] | None = None,
                   ) -> Iterator[Extraction | SourcetraceError]:
    """Extractions for every readable document under ``paths``, errors for the rest, in input order."""
    for docs, errors in _batches(read_paths(paths, max_bytes=max_bytes), BATCH):
        todo = [d for d in docs if skip is None or not skip(d)]
        yield from errors
        yield from pipeline.run_many(todo)


@dataclass
class IngestSummary:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    records: int = 0
    failed: list[SourcetraceError] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.new + self.replaced + self.unchanged + len(self.failed)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


def ingest(paths: Iterable[str | Path], db: str | Path | Store, *, pipeline: Pipeline | None = None,
           max_bytes: int = MAX_BYTES, on_progress: Callable[[IngestSummary], None] | None = None,
           ) -> IngestSummary:
    """Extract every document under ``paths`` into the store ``db``.

    A document already stored by this pipeline version is skipped before parsing, so a
    restarted batch resumes where it stopped; each document is written in its own
    transaction, so an interruption never leaves half a document.
    """
    from .pipeline import Pipeline
    from .store import Store, open_store

    pipe = pipeline or Pipeline()
    store = db if isinstance(db, Store) else open_store(db)
    summary = IngestSummary()
    version = pipe.version

    def already(doc: Document) -> bool:
        if store.has(doc.id, version):
            summary.unchanged += 1
            return True
        return False

    try:
        for item in extract_stream(paths, pipe, max_bytes=max_bytes, skip=already):
            store_one(store, item, summary)
            if on_progress is not None:
                on_progress(summary)
    finally:
        if not isinstance(db, Store):
            store.close()
    return summary


def store_one(store: Store, item: Extraction | SourcetraceError, summary: IngestSummary) -> None:
    """Write one extraction (or record one failure) and count it in ``summary``."""
    if isinstance(item, SourcetraceError):
        summary.failed.append(item)
        return
    try:
        result = store.write(item)
    except SourcetraceError as exc:
        summary.failed.append(exc)
        return
    if result == "new":
        summary.new += 1
    elif result == "replaced":
        summary.replaced += 1
    else:
        summary.unchanged += 1
    summary.records += sum(len(v) for k, v in item.records.items() if k != "sentence")
