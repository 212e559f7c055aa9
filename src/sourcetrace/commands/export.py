"""``sourcetrace export`` (JSONL, CSV, Parquet, GraphML, PLOVER JSON) and ``sourcetrace import``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer


def register(app: Any) -> None:
    from ..cli import DB_OPTION, _open_read, err, fail, out
    from ..errors import SourcetraceError

    @app.command()
    def export(
        fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, parquet, graphml or plover."),
        out_path: Path | None = typer.Option(None, "--out", "-o",
                                             help="File or folder (csv/parquet: a folder, one file per kind; "
                                                  "a file with --kind). jsonl and plover default to stdout."),
        db: str = DB_OPTION,
        kind: str | None = typer.Option(None, "--kind", help="Only this record kind (quote, event, …)."),
        actor: str | None = typer.Option(None, "--actor", help="Actor name or country (France: its people too)."),
        country: str | None = typer.Option(None, "--country", help="Actor country, ISO alpha-3."),
        outlet: str | None = typer.Option(None, "--outlet", help="Cited outlet."),
        date_from: str | None = typer.Option(None, "--from", help="On or after this ISO date."),
        date_to: str | None = typer.Option(None, "--to", help="On or before this ISO date (prefix)."),
        text: str | None = typer.Option(None, "--text", help="Words the record's text contains."),
        doc: str | None = typer.Option(None, "--doc", help="Only this document id."),
    ) -> None:
        """Export the store, filtered like the query commands (docs/query.md)."""
        from ..export import FORMATS
        from ..export import export as run_export

        if fmt not in FORMATS:
            fail(SourcetraceError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"))
        if out_path is None and fmt not in ("jsonl", "plover"):
            fail(SourcetraceError(f"the {fmt} export writes files; pass --out PATH"))
        try:
            with _open_read(db) as store:
                result = run_export(store, fmt, out_path if out_path is not None else sys.stdout, kind=kind,
                                    actor=actor, country=country, outlet=outlet, date_from=date_from,
                                    date_to=date_to, text=text, doc_id=doc)
        except SourcetraceError as exc:
            fail(exc)
        if out_path is not None:
            what = ", ".join(str(p) for p in result) if isinstance(result, list) else str(out_path)
            count = f"{result} rows → " if isinstance(result, int) else ""
            err.print(f"exported {fmt}: {count}{what}", markup=False)

    @app.command("import")
    def import_(
        file: Path = typer.Argument(..., help="An interchange JSONL export (sourcetrace export --format jsonl)."),
        db: str = DB_OPTION,
    ) -> None:
        """Load an interchange JSONL export into a store (documents already there are left as they are)."""
        from ..export import import_jsonl
        from ..store import open_store

        try:
            with open_store(db) as store:
                summary = import_jsonl(file, store)
        except SourcetraceError as exc:
            fail(exc)
        for problem in summary.problems:
            err.print(problem, markup=False)
        out.print(f"{summary.new} new, {summary.replaced} replaced, {summary.unchanged} unchanged; "
                  f"{summary.records} records imported into {db}", markup=False)
        if summary.problems:
            raise typer.Exit(1)
