"""``sourcetrace ask``: a question in plain English, answered from the store with a citation per line."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer


def register(app: Any) -> None:
    from ..cli import DB_OPTION, JSON_OPTION, _open_read, fail, out
    from ..errors import SourcetraceError

    @app.command()
    def ask(
        question: str = typer.Argument(..., help='E.g. "What is the position of France on Karabakh?"'),
        db: str = DB_OPTION,
        as_json: bool = JSON_OPTION,
        limit: int = typer.Option(50, "--limit", help="Most lines to show."),
    ) -> None:
        """Answer a question from the store, every line cited, or abstain.

        Forms: "What is the position of X (on Y)?", "What did X say about Y?",
        "Who said …?", "When did X …?", "Who supports/opposes X?", "What is the relationship between X and
        Y?", "What did X do (to Y)?"; anything else is a text search."""
        from ..ask import ask as run_ask

        try:
            with _open_read(db) as store:
                result = run_ask(store, question, limit=limit)
        except SourcetraceError as exc:
            fail(exc)
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
            return
        out.print(result.render(), markup=False)
