"""Where extractions are kept: SQLite by default; the same schema behind :class:`Store` for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from .base import Store, WriteResult
from .sqlite import SQLiteStore

DEFAULT_DB = "sourcetrace.db"


def open_store(url: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``url``: a file path (SQLite) or ``postgresql://…``."""
    target = str(url or DEFAULT_DB)
    if target.startswith(("postgresql://", "postgres://")):
        from ..errors import StoreError

        try:
            from .postgres import PostgresStore  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise StoreError("the PostgreSQL backend needs psycopg: pip install 'sourcetrace[postgres]'") from exc
        return PostgresStore(target, read_only=read_only)  # type: ignore[no-any-return,unused-ignore]
    return SQLiteStore(target, read_only=read_only)


__all__ = ["DEFAULT_DB", "SQLiteStore", "Store", "WriteResult", "open_store"]
