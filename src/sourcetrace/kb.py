"""The knowledge base: packaged data, extensible by the user (docs/knowledge-base.md).

It gathers the lexicons every stage reads: outlets (:mod:`sourcetrace.outlets`),
actors, countries and organisations (:mod:`sourcetrace.actors`), places
(:mod:`sourcetrace.places`), cue words (:mod:`sourcetrace.quotes`) and event patterns
(:mod:`sourcetrace.events`).  Each is loaded on first use.  User files in the directories
of ``SOURCETRACE_KB`` (``os.pathsep`` separated) or passed as ``extra_dirs`` are read after
the packaged ones, so their entries override packaged ones.

The linking API other stages call::

    kb.link("Lavrov", kind="person", date="2020-09-27")   # -> Entity(name="Sergey Lavrov", ...)
    kb.country_of("Azeri")                                  # -> "AZE"
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actors import ActorLexicon
    from .places import Gazetteer


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return Path(str(resources.files("sourcetrace") / "data" / name))


@dataclass(frozen=True, slots=True)
class Entity:
    """What a name links to."""

    name: str
    """Canonical name."""
    kind: str
    """``person``, ``organization``, ``place`` or ``outlet``."""
    country: str | None = None
    """ISO 3166 alpha-3, or None."""
    lat: float | None = None
    lon: float | None = None
    entity_id: str | None = None
    """``person:NAME``, ``org:NAME``, ``country:AZE``, ``geonames:ID``, ``place:NAME`` …"""
    role: str | None = None
    """The role the person held at the date asked about, or None."""
    reason: str = "exact"
    """Why: ``exact``, ``alias``, ``fuzzy:NN``, ``role+date``, ``metonymy``, ``gazetteer`` …"""


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

    @cached_property
    def actors(self) -> ActorLexicon:
        """People, organisations, countries and government bodies."""
        from .actors import ActorLexicon

        return ActorLexicon.load(self)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """Places (GeoNames cities > 500 inhabitants, states and provinces, counties and districts, countries,
        curated regions)."""
        from .places import load_gazetteer

        return load_gazetteer(self.actors.country_places(), self.files("places.yaml"),
                              self.files("places_admin1.csv") + self.files("places_admin2.csv"),
                              self.files("places_countries.csv"))

    def link(self, text: str, *, kind: str | None = None, date: str | None = None,
             countries: tuple[str, ...] = (), regions: tuple[str, ...] = (),
             hints: tuple[str, ...] = (), locale: Entity | None = None) -> Entity | None:
        """The entity ``text`` names, or None when nothing matches well enough (never a guess).

        ``kind`` restricts the answer (``person``, ``organization``, ``place``); ``date`` (ISO)
        chooses among people sharing a name and gives the role then; ``countries`` (alpha-3,
        e.g. the document's) breaks ties and allows fuzzy place matching within them; ``regions``
        (first-level regions the document names, ``USA.KY``: see :meth:`region_of`) choose among
        towns of one name; ``hints`` (regions the document's other place names point to:
        ``Gazetteer.coherent_regions``) break the ties that remain; ``locale`` (the town the document is
        about) places a hospital, church or street the gazetteer lacks (reason ``locale:<town>``).
        """
        try:
            return self.actors.link(text, kind=kind, date=date, countries=countries, gazetteer=self._gaz_if(kind),
                                    regions=regions, hints=hints, locale=locale)
        except (ValueError, KeyError, TypeError):  # defensive: linking never breaks a stage
            return None

    def _gaz_if(self, kind: str | None) -> Gazetteer | None:
        return self.gazetteer if kind in (None, "place") else None

    def region_of(self, text: str) -> str | None:
        """``<alpha-3>.<admin-1 code>`` of the state or province ``text`` names (``Ky.`` → ``USA.KY``); else None."""
        place = self.gazetteer.region(text)
        return place.region if place is not None and place.region else None

    def country_of(self, text: str) -> str | None:
        """ISO alpha-3 for a country name, alias, demonym or adjective, or capital; else None."""
        return self.actors.country_of(text)


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return KnowledgeBase()
