"""One exception hierarchy. Every message states the problem and how to fix it.

    SourcetraceError
     ├── InputError            a document could not be read (the batch goes on)
     │    ├── FileMissing
     │    ├── NotText          binary or undecodable content
     │    ├── EmptyDocument
     │    ├── DocumentTooLarge
     │    └── BadRecord        a JSONL line that is not a JSON object with "text"
     ├── ModelError            the spaCy pipeline cannot be loaded
     ├── PipelineError         stages declared in an order that cannot run
     ├── ExtractionError       a stage failed on one document (the batch goes on)
     ├── StoreError            the store cannot be opened, migrated or written
     └── GoldError             a gold file does not follow docs/gold-format.md
"""

from __future__ import annotations


class SourcetraceError(Exception):
    """Base of every error sourcetrace raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def line(self) -> str:
        """The one line the CLI prints."""
        where = f"{self.path}: " if self.path else ""
        return f"Error {self.code}: {where}{self.message}"


class InputError(SourcetraceError):
    code = "E100"


class FileMissing(InputError):
    code = "E101"


class NotText(InputError):
    code = "E102"


class EmptyDocument(InputError):
    code = "E103"


class DocumentTooLarge(InputError):
    code = "E104"


class BadRecord(InputError):
    code = "E105"


class ModelError(SourcetraceError):
    code = "E200"


class PipelineError(SourcetraceError):
    code = "E300"


class ExtractionError(SourcetraceError):
    code = "E400"


class StoreError(SourcetraceError):
    code = "E500"


class GoldError(SourcetraceError):
    code = "E600"
