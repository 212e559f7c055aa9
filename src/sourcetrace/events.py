"""Stage ``events``: who did what to whom, in PLOVER (placeholder until the events issue lands)."""

from __future__ import annotations

from .pipeline import Context, stage
from .records import Event

VERSION = 0


@stage("events", version=VERSION, requires=("sentence", "time", "mention", "quote"), assigns="event")
def find_events(ctx: Context) -> list[Event]:
    """Nothing yet."""
    return []
