"""Reading documents: text, Markdown, HTML, JSONL and folders of them.

:func:`read_paths` yields a :class:`~sourcetrace.records.Document` for every document
it can read and an :class:`~sourcetrace.errors.InputError` for every one it cannot, so
a batch reports bad input and goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import BadRecord, DocumentTooLarge, EmptyDocument, FileMissing, InputError, NotText
from .records import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 20_000_000
"""Default ceiling on one document's size; larger ones are reported, not read."""


def content_id(text: str) -> str:
    """The document id: a hash of its text, so the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def document_from_text(text: str, *, path: str | None = None, title: str | None = None, url: str | None = None,
                       publisher: str | None = None, publication_date: str | None = None,
                       publication_date_text: str | None = None) -> Document:
    """A Document from a string; the publication date is read from the text when not given."""
    if publication_date is None:
        from .dates import publication_date_from_text

        found = publication_date_from_text(text)
        if found is not None:
            publication_date, publication_date_text = found
    elif publication_date_text is None:
        publication_date_text = publication_date
    return Document(id=content_id(text), text=text, path=path, title=title, url=url, publisher=publisher,
                    publication_date=publication_date, publication_date_text=publication_date_text)


def decode(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the encoding charset-normalizer detects."""
    if not data.strip():
        raise EmptyDocument("the file is empty; nothing to extract", path=path)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotText("the file is binary, not text; pass .txt, .md, .html or .jsonl files", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotText("the file is neither UTF-8 nor any encoding that could be detected; "
                      "convert it to UTF-8", path=path)
    return str(best)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentTooLarge(f"the file is {_human(size)}, over the {_human(max_bytes)} limit; "
                                   f"split it or raise --max-bytes", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise _os_error(exc, str(path)) from exc


def _os_error(exc: OSError, where: str) -> InputError:
    """The reader's error for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return FileMissing("no such file; check the path", path=where)
    if isinstance(exc, PermissionError):
        return InputError("permission denied; make the file readable", path=where)
    return InputError(f"cannot read the file ({exc.strerror or exc}); check it", path=where)


def _human(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def read_html(html: str, path: str) -> Document:
    """Main text, title and date of an HTML page via trafilatura."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=False, favor_recall=True)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise NotText(f"the HTML could not be parsed ({type(exc).__name__}); check the file", path=path) from exc
    meta = result.as_dict() if result is not None and hasattr(result, "as_dict") else (result or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise EmptyDocument("the HTML has no main text to extract (empty, truncated or only markup)", path=path)
    return document_from_text(text, path=path, title=meta.get("title"), url=meta.get("url"),
                              publisher=meta.get("sitename"), publication_date=meta.get("date") or None)


def read_jsonl(data: str, path: str) -> Iterator[Document | InputError]:
    """One document per line: ``text`` plus optional ``id``, ``title``, ``url``, ``publisher``, ``published``."""
    yield from _jsonl_rows(enumerate(data.split("\n"), start=1), path)


def stream_jsonl(path: Path, max_bytes: int) -> Iterator[Document | InputError]:
    """A JSONL file read line by line, so memory does not grow with the file: ``max_bytes`` limits each
    line (one document), not the file.  A line that is not UTF-8 is decoded with the encoding detected
    for it."""
    where = str(path)
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError as exc:
        raise _os_error(exc, where) from exc
    with fh:
        head = fh.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16: newline bytes do not split its lines, so it is read whole, as other text files are
            yield from read_jsonl(decode(_read_bytes(path, max_bytes), where), where)
            return
        if size <= len(head):
            decode(head, where)  # raises for an empty or a binary file, as for other files
        elif b"\x00" in head:
            raise NotText("the file is binary, not text; pass .txt, .md, .html or .jsonl files", path=where)
        fh.seek(0)

        def lines() -> Iterator[tuple[int, str | InputError]]:
            for lineno, raw in enumerate(fh, start=1):
                if len(raw) > max_bytes:
                    yield lineno, DocumentTooLarge(f"line {lineno} is {_human(len(raw))}, over the "
                                                   f"{_human(max_bytes)} limit for one document; split it or "
                                                   f"raise --max-bytes", path=where)
                    continue
                try:
                    yield lineno, raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError:
                    try:
                        yield lineno, decode(raw, where)
                    except InputError:
                        yield lineno, BadRecord(f"line {lineno} is not text in any encoding that could be "
                                                f"detected; convert the file to UTF-8", path=where)

        yield from _jsonl_rows(lines(), where)


def _jsonl_rows(lines: Iterable[tuple[int, str | InputError]], path: str) -> Iterator[Document | InputError]:
    for lineno, line in lines:
        where = f"{path}#{lineno}"
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRecord(f"line {lineno} is not JSON ({exc.msg}); fix or remove the line", path=path)
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield BadRecord(f"line {lineno} has no \"text\" string; each line needs one", path=path)
            continue
        if not row["text"].strip():
            yield EmptyDocument(f"line {lineno} has an empty text", path=path)
            continue
        published = row.get("published") or row.get("publication_date")
        yield document_from_text(row["text"], path=f"{where}" if "id" not in row else f"{path}#{row['id']}",
                                 title=row.get("title"), url=row.get("url"), publisher=row.get("publisher"),
                                 publication_date=str(published) if published else None)


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Document | InputError]:
    """The documents of one file (a JSONL file holds many)."""
    where = str(path)
    suffix = path.suffix.lower()
    try:
        if path.is_dir():
            raise InputError("is a directory; read_paths walks directories", path=where)
        if suffix not in SUPPORTED:
            raise NotText(f"unsupported file type {suffix or '(none)'}; use {', '.join(sorted(SUPPORTED))}",
                          path=where)
        if suffix in JSONL_SUFFIXES:
            yield from stream_jsonl(path, max_bytes)
            return
        text = decode(_read_bytes(path, max_bytes), where)
        if suffix in HTML_SUFFIXES:
            yield read_html(text, where)
            return
        if not text.strip():
            raise EmptyDocument("the file holds only whitespace; nothing to extract", path=where)
        yield document_from_text(text, path=where, title=_first_line_title(text))
    except InputError as exc:
        yield exc


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and len(line) <= 200:
            return line
        if line:
            return None
    return None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand folders (recursively, sorted, supported suffixes only); report missing paths."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.suffix.lower() in SUPPORTED:
                        yield child
                    else:
                        yield NotText(f"skipped: unsupported file type {child.suffix or '(none)'}",
                                      path=str(child))
        elif p.exists() or p.is_symlink():
            yield p
        else:
            yield FileMissing("no such file or directory; check the path", path=str(p))


def read_paths(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[Document | InputError]:
    """Every document under ``paths``, and an error for every input that could not be read."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes)
