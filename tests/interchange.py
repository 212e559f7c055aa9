"""A validator for the JSONL interchange format (docs/interchange.md), used by the tests."""

from __future__ import annotations

import re
from typing import Any

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COMMON = {"type": str, "doc": str, "span": list, "stage": str}
STAGE = re.compile(r"^[a-z_]+@\d+$")
REQUIRED: dict[str, dict[str, Any]] = {
    "document": {"id": str, "path": (str, type(None)), "title": (str, type(None)),
                 "publication_date": (str, type(None)), "language": str},
    "quote": {"text": str, "kind": str, "speaker": dict, "cue": (str, type(None)), "cue_span": (list, type(None)),
              "date": (str, type(None)), "sources": list},
    "citation": {"text": str, "outlets": list, "date": (str, type(None)), "refers_to": (list, type(None))},
    "time": {"text": str, "value": (str, type(None)), "anchor": (str, type(None))},
    "mention": {"text": str, "canonical": str, "kind": str, "country": (str, type(None)),
                "lat": (float, int, type(None)), "lon": (float, int, type(None))},
    "event": {"plover": str, "cameo": (str, type(None)), "source": dict, "target": (dict, type(None)),
              "date": (str, type(None)), "place": (dict, type(None)), "text": str},
}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def is_time_value(value: str) -> bool:
    parts = value.split("/")
    return len(parts) in (1, 2) and all(ISO.match(p) for p in parts)


def problems(row: dict[str, Any], text_length: int | None) -> list[str]:
    """Everything wrong with one interchange line (empty when it is valid)."""
    out = []
    for key, typ in COMMON.items():
        if not isinstance(row.get(key), typ):
            out.append(f"{key} missing or not {typ.__name__}")
    kind = row.get("type")
    if kind not in REQUIRED:
        return out + [f"unknown type {kind!r}"]
    span = row.get("span") or []
    if len(span) != 2 or not all(isinstance(x, int) for x in span) or span[0] > span[1] or span[0] < 0:
        out.append(f"bad span {span}")
    elif text_length is not None and span[1] > text_length:
        out.append(f"span {span} beyond the text ({text_length})")
    if isinstance(row.get("stage"), str) and not STAGE.match(row["stage"]):
        out.append(f"stage {row['stage']!r} is not name@version")
    for key, typ in REQUIRED[kind].items():
        if key not in row:
            out.append(f"{kind}: {key} missing")
        elif not isinstance(row[key], typ):
            out.append(f"{kind}: {key} has type {type(row[key]).__name__}")
    if kind == "quote":
        if row.get("kind") not in ("direct", "partial", "indirect"):
            out.append(f"quote kind {row.get('kind')!r}")
        sp = row.get("speaker") or {}
        for key in ("name", "mention", "span", "type", "role"):
            if key not in sp:
                out.append(f"quote speaker lacks {key}")
        if sp.get("type") not in ("person", "organization"):
            out.append(f"speaker type {sp.get('type')!r}")
        for s in row.get("sources") or []:
            if set(s) < {"outlet", "date"}:
                out.append(f"source {s} lacks outlet/date")
    if kind == "mention" and row.get("kind") not in ("person", "organization", "place", "outlet"):
        out.append(f"mention kind {row.get('kind')!r}")
    if kind == "time" and row.get("value") is not None and not is_time_value(row["value"]):
        out.append(f"time value {row['value']!r}")
    if kind == "event":
        if row.get("plover") not in PLOVER:
            out.append(f"plover {row.get('plover')!r}")
        if not isinstance((row.get("source") or {}).get("name"), str):
            out.append("event source lacks name")
    for key in ("date", "publication_date"):
        v = row.get(key)
        if isinstance(v, str) and not is_time_value(v):
            out.append(f"{key} {v!r} is not ISO")
    return out
