"""The outlet lexicon: canonical names of news outlets, their aliases and translations.

The packaged ``data/outlets.csv`` (columns ``name,aliases,country,type,url``; aliases
``|``-separated; ``country`` ISO 3166 alpha-3; ``type`` one of ``agency``,
``broadcaster``, ``newspaper``, ``website``) is read first, then every user file of the
same name in the ``SOURCETRACE_KB`` directories: a user row with the same ``name``
replaces the packaged one, and a user alias wins over a packaged one.

Names are compared on a folded key (accents, case, a leading ``the`` and every
character that is not a letter or digit dropped), so ``Al-Jazeera``, ``Al Jazeera``
and ``Aljazeera`` are the same key.  :meth:`OutletLexicon.lookup` can fall back on a
fuzzy match (rapidfuzz) for long names.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from typing import Any

OUTLET_TYPES = ("agency", "broadcaster", "newspaper", "website")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet."""

    name: str
    """Canonical name."""
    aliases: tuple[str, ...] = ()
    """Other names, abbreviations and translations (``Russia Today`` for ``RT``)."""
    country: str | None = None
    """ISO 3166 alpha-3 code of the country it is based in."""
    kind: str | None = None
    """``agency``, ``broadcaster``, ``newspaper`` or ``website``."""
    url: str | None = None


def fold_key(name: str) -> str:
    """The comparison key of an outlet name: ``The Al-Jazeera`` → ``aljazeera``."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
    if plain.startswith("the "):
        plain = plain[4:]
    return "".join(c for c in plain if c.isalnum())


class OutletLexicon:
    """Outlets by folded name; later outlets in ``outlets`` override earlier ones on a shared key."""

    FUZZY_MIN_LENGTH = 7
    FUZZY_CUTOFF = 90.0

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_key: dict[str, Outlet] = {}
        for o in outlets:
            for n in (o.name, *o.aliases):
                key = fold_key(n)
                if key:
                    self._by_key[key] = o
        self._fuzzy_keys = [k for k in self._by_key if len(k) >= self.FUZZY_MIN_LENGTH]

    @classmethod
    def load(cls, kb: Any) -> OutletLexicon:
        """Packaged outlets, then the user's files (``kb.files("outlets.csv")``) in override order."""
        found: dict[str, Outlet] = {}
        for path in kb.files("outlets.csv"):
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    outlet = _outlet_from_row(row)
                    if outlet is not None:
                        found.pop(outlet.name, None)  # re-insert so a user row comes after packaged ones
                        found[outlet.name] = outlet
        return cls(list(found.values()))

    def __len__(self) -> int:
        return len(self.outlets)

    def lookup(self, name: str, *, fuzzy: bool = False) -> Outlet | None:
        """The outlet called ``name`` (any alias, any spelling variant), or None.

        With ``fuzzy``, a name of at least :attr:`FUZZY_MIN_LENGTH` letters that matches no key
        exactly may match the closest key scoring at least :attr:`FUZZY_CUTOFF` (``Al Jazira``).
        """
        key = fold_key(name)
        if not key:
            return None
        hit = self._by_key.get(key)
        if hit is not None or not fuzzy or len(key) < self.FUZZY_MIN_LENGTH:
            return hit
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.FUZZY_CUTOFF)
        return self._by_key[best[0]] if best else None

    def keys(self) -> set[str]:
        return set(self._by_key)


def _outlet_from_row(row: dict[str, str | None]) -> Outlet | None:
    name = (row.get("name") or "").strip()
    if not name:
        return None
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    country = (row.get("country") or "").strip().upper() or None
    kind = (row.get("type") or "").strip().lower() or None
    url = (row.get("url") or "").strip() or None
    return Outlet(name, aliases, country, kind, url)
