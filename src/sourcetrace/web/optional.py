"""Adapters to the parts of the query API that may be absent: ``sourcetrace.ask`` and ``sourcetrace.stances``.

The explorer looks them up at request time and degrades gracefully: no ask box without an
``ask`` function, no stance section or stance edges without a stances module.  Their results
are turned into plain dicts and lists, whatever shape (dataclass, ``as_dict()``, mapping) they
come in, so templates can render them.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable
from typing import Any

from ..store import Store


def _function(module_name: str, *names: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(f"sourcetrace.{module_name}")
    except Exception:  # an absent or broken optional module only hides a feature
        return None
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-like data (dicts, lists, scalars)."""
    if depth > 12:
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
    as_dict = getattr(value, "as_dict", None) or getattr(value, "to_dict", None)
    if callable(as_dict):
        try:
            return plain(as_dict(), depth + 1)
        except Exception:
            return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v, depth + 1) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _call_with_store(fn: Callable[..., Any], store: Store, *args: Any) -> Any:
    """Call ``fn`` whether it takes the store first or as a ``store=`` keyword."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    if params and params[0] in ("store", "db", "st"):
        return fn(store, *args)
    if "store" in params:
        return fn(*args, store=store)
    return fn(store, *args)


def has_ask() -> bool:
    return _function("ask", "ask") is not None


def ask(store: Store, question: str) -> Any | None:
    """The query API's answer to ``question`` as plain data, or None when ``ask`` is absent."""
    fn = _function("ask", "ask")
    if fn is None:
        return None
    return plain(_call_with_store(fn, store, question))


def has_stances() -> bool:
    return _function("stances", "stances", "stance_table", "pair_stances") is not None


def _first(row: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if row.get(k) not in (None, ""):
            return row[k]
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = _first(value, "name", "canonical", "actor")
    return str(value) if value not in (None, "") else None


def stances(store: Store) -> list[dict[str, Any]]:
    """Stance rows ``{a, b, score, evidence: [...]}`` from the stances module, [] when it is absent or fails."""
    fn = _function("stances", "stances", "stance_table", "pair_stances")
    if fn is None:
        return []
    try:
        raw = plain(_call_with_store(fn, store))
    except Exception:
        return []
    if isinstance(raw, dict):
        raw = list(raw.values()) if all(isinstance(v, dict) for v in raw.values()) else [raw]
    out: list[dict[str, Any]] = []
    for row in raw if isinstance(raw, list) else []:
        if not isinstance(row, dict):
            continue
        a = _name(_first(row, "a", "source", "actor", "from", "subject"))
        b = _name(_first(row, "b", "target", "other", "to", "object"))
        if not a or not b:
            continue
        score = _first(row, "score", "stance", "value", "sign")
        try:
            score = float(score)
        except (TypeError, ValueError):
            score = 0.0
        evidence = _first(row, "evidence", "records") or []
        if not evidence:  # supportive and hostile evidence listed apart
            evidence = [{**e, "lean": lean} for lean in ("supportive", "hostile")
                        for e in (row.get(lean) or []) if isinstance(e, dict)]
        out.append({"a": a, "b": b, "score": score,
                    "evidence": [plain(e) for e in evidence] if isinstance(evidence, list) else []})
    return out
