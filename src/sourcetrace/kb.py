"""The knowledge base: packaged data, extensible by the user (docs/knowledge-base.md).

It gathers the lexicons every stage reads: outlets (:mod:`sourcetrace.outlets`),
actors, countries and places (:mod:`sourcetrace.actors`), cue words
(:mod:`sourcetrace.quotes`) and event patterns (:mod:`sourcetrace.events`).  Each is
loaded on first use.  User files in the directories of ``SOURCETRACE_KB`` (``os.pathsep``
separated) or passed as ``extra_dirs`` are read after the packaged ones, so their
entries override packaged ones.
"""

from __future__ import annotations

import os
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return Path(str(resources.files("sourcetrace") / "data" / name))


class KnowledgeBase:
    def __init__(self, extra_dirs: tuple[Path, ...] = ()) -> None:
        env = os.environ.get("SOURCETRACE_KB", "")
        self.extra_dirs = tuple(Path(p) for p in env.split(os.pathsep) if p) + tuple(extra_dirs)

    def files(self, name: str) -> list[Path]:
        """The packaged file ``name`` then every user file of that name, in override order."""
        out = [data_path(name)] if data_path(name).exists() else []
        out += [d / name for d in self.extra_dirs if (d / name).exists()]
        return out

    @cached_property
    def outlets(self) -> Any:
        from .outlets import OutletLexicon

        return OutletLexicon.load(self)


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return KnowledgeBase()
