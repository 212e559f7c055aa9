"""The event lexicon (``data/events.yaml`` plus users' ``events.yaml``) and how a trigger is matched.

A :class:`Pattern` is one lexicon entry: a verb (optionally with a particle and a required object) or an
event noun (optionally with a required modifier), its PLOVER type, CAMEO code and mode.  :class:`Lexicon`
loads the packaged file then every user file (``KnowledgeBase.files("events.yaml")``); user entries are
tried first.  :func:`cameo_to_plover` reads ``data/cameo_plover.csv`` (CAMEO code → PLOVER type, from the
PLOVER project's CAMEO2PLOVER table of 2021).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import PipelineError
from .kb import data_path

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_LIST_KEYS = ("target_preps", "light_verbs", "irrealis_governors", "intent_governors", "issuer_nouns",
              "pair_nouns", "occurrence_verbs", "conflict_nouns", "dyadic_types", "frequency_markers",
              "ending_governors", "domestic_nouns", "peacekeeping_words", "present_verbs",
              "crowd_nouns", "object_acts", "recall_markers",
              "org_nouns", "issuance_verbs", "reference_modifiers", "evaluative_words", "statement_verbs",
              "official_titles", "vessel_nouns", "test_waters", "response_verbs", "onset_verbs",
              "people_nouns", "counterpart_nouns", "measure_nouns", "warning_verbs", "hostile_types")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase in lemmas: ``head`` with an optional modifier before it or an ``of`` complement."""

    head: str
    modifier: str | None = None
    of: str | None = None

    @classmethod
    def parse(cls, text: str) -> Phrase:
        words = text.lower().split()
        if len(words) >= 3 and words[-2] == "of":
            return cls(head=" ".join(words[:-2]), of=words[-1])
        if len(words) >= 2:
            return cls(head=words[-1], modifier=" ".join(words[:-1]))
        return cls(head=words[0] if words else "")

    def __str__(self) -> str:
        if self.of:
            return f"{self.head} of {self.of}"
        return f"{self.modifier} {self.head}" if self.modifier else self.head


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger of the lexicon."""

    lemma: str
    """Verb or noun lemma (the head)."""
    pos: str
    """``verb`` or ``noun``."""
    plover: str
    cameo: str | None = None
    mode: str | None = None
    particle: str | None = None
    """Verbs: the particle or preposition that must follow (``call on``)."""
    modifier: str | None = None
    """Nouns: a modifier the noun must carry (``telephone`` for ``telephone conversation``)."""
    objects: tuple[Phrase, ...] = ()
    """Verbs: one of these must be the object (empty: any or none)."""
    symmetric: bool = False
    target_preps: tuple[str, ...] = ()
    needs_target: bool = False
    onset: bool = False
    """Nouns: an event only when told as starting ("the war broke out", "the war that erupted", "waged war")."""

    @property
    def name(self) -> str:
        base = f"{self.lemma} {self.particle}" if self.particle else self.lemma
        if self.modifier:
            base = f"{self.modifier} {base}"
        return f"{base} + {'|'.join(str(o) for o in self.objects)}" if self.objects else base


@dataclass(slots=True)
class Lexicon:
    """Every pattern, indexed by head lemma, and the word lists the stage uses."""

    patterns: list[Pattern] = field(default_factory=list)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    intent_types: dict[str, str] = field(default_factory=dict)
    """PLOVER type of an act → the type its announced intention takes (ASSAULT → THREATEN)."""
    _by_lemma: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)

    def add(self, pattern: Pattern, *, first: bool = False) -> None:
        key = (pattern.pos, pattern.lemma)
        bucket = self._by_lemma.setdefault(key, [])
        # a later file's entry with the same trigger and objects replaces the earlier one
        bucket[:] = [p for p in bucket if (p.particle, p.modifier, p.objects) !=
                     (pattern.particle, pattern.modifier, pattern.objects)]
        if first:
            bucket.insert(0, pattern)
        else:
            bucket.append(pattern)
        # patterns with an object constraint or a modifier are more specific: try them first
        bucket.sort(key=lambda p: (not p.objects and not p.modifier and not p.particle))
        self.patterns = [p for b in self._by_lemma.values() for p in b]

    def candidates(self, pos: str, lemma: str) -> list[Pattern]:
        return self._by_lemma.get((pos, lemma.lower()), [])

    def words(self, key: str) -> frozenset[str]:
        return self.lists.get(key, frozenset())

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> Lexicon:
        lex = cls()
        for i, path in enumerate(paths):
            data = _read_yaml(path)
            for key in _LIST_KEYS:
                lex.lists[key] = lex.lists.get(key, frozenset()) | frozenset(
                    _word(w).upper() if key in ("dyadic_types", "hostile_types") else _word(w) for w in data.get(key) or ())
            for intent, acts in (data.get("intent_types") or {}).items():
                for act in acts or ():
                    lex.intent_types[str(act).upper()] = str(intent).upper()
            default_preps = tuple(sorted(lex.words("target_preps")))
            for n, entry in enumerate(data.get("events") or ()):
                pattern = _pattern(entry, path, n, default_preps)
                lex.add(pattern, first=i > 0)
        return lex


def _word(value: Any) -> str:
    """A list item as a lower-case word; YAML 1.1 reads a bare ``on``/``off`` as a boolean."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(f"cannot read the event lexicon {path}: {exc}; fix the YAML or remove the file") from exc
    if not isinstance(data, dict):
        raise PipelineError(f"the event lexicon {path} must be a mapping with an 'events' list; see docs/events.md")
    return data


def _pattern(entry: Any, path: Path, n: int, default_preps: tuple[str, ...]) -> Pattern:
    where = f"{path}, events entry {n + 1}"
    if not isinstance(entry, dict) or not (entry.get("verb") or entry.get("noun")):
        raise PipelineError(f"{where}: an entry needs 'verb' or 'noun'; see docs/events.md")
    cameo = str(entry["cameo"]) if entry.get("cameo") is not None else None
    plover = str(entry.get("plover") or (cameo_to_plover(cameo) if cameo else "") or "").upper()
    if plover not in PLOVER_TYPES:
        raise PipelineError(f"{where}: PLOVER type {plover or 'missing'!r} is not one of {', '.join(PLOVER_TYPES)}; "
                            f"give 'plover' or a CAMEO code listed in cameo_plover.csv")
    preps = tuple(_word(p) for p in entry.get("target") or default_preps)
    objects = tuple(Phrase.parse(str(o)) for o in entry.get("object") or ())
    mode = str(entry["mode"]) if entry.get("mode") else None
    symmetric, needs_target = bool(entry.get("symmetric")), bool(entry.get("needs_target"))
    onset = bool(entry.get("onset"))
    if entry.get("verb"):
        words = str(entry["verb"]).lower().split()
        return Pattern(lemma=words[0], pos="verb", plover=plover, cameo=cameo, mode=mode,
                       particle=" ".join(words[1:]) or None, objects=objects, symmetric=symmetric,
                       target_preps=preps, needs_target=needs_target)
    words = str(entry["noun"]).lower().split()
    return Pattern(lemma=words[-1], pos="noun", plover=plover, cameo=cameo, mode=mode,
                   modifier=" ".join(words[:-1]) or None, symmetric=symmetric, target_preps=preps,
                   needs_target=needs_target, onset=onset)


@lru_cache(maxsize=1)
def _cameo_table() -> dict[str, str]:
    path = data_path("cameo_plover.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["cameo"]: row["plover"] for row in csv.DictReader(fh)}


def cameo_to_plover(code: str | None) -> str | None:
    """The PLOVER type of a CAMEO code: the code itself, else its parents (``0871`` → ``087`` → ``08``)."""
    if not code:
        return None
    table = _cameo_table()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


_CACHE: dict[tuple[tuple[Path, float], ...], Lexicon] = {}


def load_lexicon(paths: Iterable[Path] | None = None) -> Lexicon:
    """The lexicon from ``paths`` (default: the packaged file), cached per list of files and their mtimes."""
    files = tuple(paths) if paths is not None else (data_path("events.yaml"),)
    key = tuple((p, p.stat().st_mtime if p.exists() else 0.0) for p in files)
    if key not in _CACHE:
        _CACHE[key] = Lexicon.from_files(files)
    return _CACHE[key]
