"""The outlet lexicon: canonical names, aliases, translations (placeholder)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None


class OutletLexicon:
    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_key: dict[str, Outlet] = {}
        for o in outlets:
            for n in (o.name, *o.aliases):
                self._by_key[n.casefold()] = o

    @classmethod
    def load(cls, kb: Any) -> OutletLexicon:
        found: dict[str, Outlet] = {}
        for path in kb.files("outlets.csv"):
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
                    found[row["name"]] = Outlet(row["name"], aliases, row.get("country") or None,
                                                row.get("type") or None)
        return cls(list(found.values()))

    def lookup(self, name: str) -> Outlet | None:
        return self._by_key.get(name.strip().casefold())
