"""Stage ``citations``: in-text citations of outlets (placeholder until the citations issue lands)."""

from __future__ import annotations

from .pipeline import Context, stage
from .records import Citation

VERSION = 0


@stage("citations", version=VERSION, requires=("sentence",), assigns="citation")
def find_citations(ctx: Context) -> list[Citation]:
    """Nothing yet."""
    return []
