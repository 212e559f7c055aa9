"""Stage ``quotes``: statements and their speakers (placeholder until the quotes issue lands)."""

from __future__ import annotations

from .pipeline import Context, stage
from .records import Quote

VERSION = 0


@stage("quotes", version=VERSION, requires=("sentence", "citation", "time", "mention"), assigns="quote")
def find_quotes(ctx: Context) -> list[Quote]:
    """Nothing yet."""
    return []
