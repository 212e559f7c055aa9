"""sourcetrace: who said what, who did what to whom, when and where, each fact traced to its sentence and source."""

from .errors import (
    BadRecord,
    DocumentTooLarge,
    EmptyDocument,
    ExtractionError,
    FileMissing,
    GoldError,
    InputError,
    ModelError,
    NotText,
    PipelineError,
    SourcetraceError,
    StoreError,
)
from .pipeline import DEFAULT_ORDER, Pipeline, extract
from .reader import document_from_text, read_paths
from .records import Citation, Document, Event, Extraction, Mention, Quote, TimeExpr
from .store import open_store

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_ORDER",
    "BadRecord",
    "Citation",
    "Document",
    "DocumentTooLarge",
    "EmptyDocument",
    "Event",
    "Extraction",
    "ExtractionError",
    "FileMissing",
    "GoldError",
    "InputError",
    "Mention",
    "ModelError",
    "NotText",
    "Pipeline",
    "PipelineError",
    "Quote",
    "SourcetraceError",
    "StoreError",
    "TimeExpr",
    "document_from_text",
    "extract",
    "open_store",
    "read_paths",
]
