"""``sourcetrace extract-shards`` (a corpus on a Dask cluster into Parquet shards) and ``sourcetrace load``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer


def register(app: Any) -> None:
    from ..cli import DB_OPTION, MODEL_OPTION, _pipeline, err, fail, out
    from ..errors import SourcetraceError

    @app.command("extract-shards")
    def extract_shards(
        inputs: list[Path] = typer.Argument(..., help="Folders, text/HTML/JSONL files, Parquet files (column text)."),
        out_dir: Path = typer.Option(..., "--out", "-o", help="Folder for part-NNNNN.parquet (shared by all workers)."),
        scheduler: str | None = typer.Option(None, "--scheduler",
                                             help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
        workers: int = typer.Option(2, "--workers", "-w", help="Processes of the local cluster."),
        partition_mb: float = typer.Option(8.0, "--partition-mb", help="Input size of one task, in MB."),
        model: str | None = MODEL_OPTION,
    ) -> None:
        """Extract a corpus on a Dask cluster into Parquet shards (one row per record); rerun to resume."""
        from ..distributed import extract_to_shards

        try:
            stats = extract_to_shards(inputs, out_dir, pipeline=_pipeline(model), scheduler=scheduler,
                                      workers=workers, partition_bytes=int(partition_mb * 1_000_000),
                                      on_progress=lambda s, n: err.print(
                                          f"{s.shard}: {'already done' if s.skipped else f'{s.documents} documents'}"
                                          f" (of {n} shards)", markup=False))
        except SourcetraceError as exc:
            fail(exc)
        problems = [line for s in stats for line in s.errors]
        for line in problems:
            err.print(line, markup=False)
        out.print(f"{sum(s.documents for s in stats)} documents, {sum(s.records for s in stats)} records in "
                  f"{len(stats)} shards in {out_dir} ({sum(s.skipped for s in stats)} already there); "
                  f"{len(problems)} failed")
        if problems:
            raise typer.Exit(1)

    @app.command("load")
    def load(
        shards: list[Path] = typer.Argument(..., help="Shard files or folders written by extract-shards."),
        db: str = DB_OPTION,
    ) -> None:
        """Load Parquet shards into a store (SQLite file or postgresql://…); stored documents are skipped."""
        from ..distributed import load_shards

        try:
            counts = load_shards(shards, db)
        except SourcetraceError as exc:
            fail(exc)
        out.print(f"{counts['new']} new, {counts['replaced']} re-extracted, {counts['unchanged']} unchanged; "
                  f"{counts['records']} records stored in {db}")
