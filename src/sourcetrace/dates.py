"""Stage ``time``: time expressions, normalised (placeholder until the time issue lands)."""

from __future__ import annotations

import re

from .pipeline import Context, stage
from .records import TimeExpr

VERSION = 0

_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _dmy(day: str, month: str, year: str) -> str | None:
    import datetime as dt

    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str, order: str = "DMY") -> str | None:
    """The ISO value of one explicit date expression (``27/9/2020``, ``Saturday, October 10, 2009``), or None.

    ``order`` is the document's numeric order (``DMY`` or ``MDY``).  Placeholder: numeric only.
    """
    m = _NUMERIC.search(text)
    if not m:
        return None
    a, b, y = m.groups()
    return _dmy(a, b, y) if order == "DMY" else _dmy(b, a, y)


def publication_date_from_text(text: str) -> tuple[str, str] | None:
    """The publication date a closing date line gives (last numeric date in the last lines)."""
    for line in reversed(text.strip().splitlines()[-8:]):
        found = list(_NUMERIC.finditer(line))
        if found:
            value = _dmy(*found[-1].groups())
            if value:
                return value, line.strip()
    return None


@stage("time", version=VERSION, requires=("sentence",), assigns="time")
def find_times(ctx: Context) -> list[TimeExpr]:
    """Numeric day-first dates only (placeholder)."""
    out = []
    for m in _NUMERIC.finditer(ctx.text):
        value = _dmy(*m.groups())
        if value:
            out.append(TimeExpr(doc_id=ctx.document.id, span=m.span(), stage=f"time@{VERSION}", text=m.group(),
                                value=value, rule="numeric-dmy"))
    return out
