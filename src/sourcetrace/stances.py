"""Stances between actors: supportive and hostile evidence with a signed score, and positions over time.

Evidence comes from two places:

- events: a PLOVER type listed as positive in ``data/query.yaml`` (SUPPORT, AID, COOPERATE,
  AGREE, CONSULT) is supportive evidence of the source towards the target; a negative one
  (ACCUSE, PROTEST, THREATEN, COERCE, ASSAULT, SANCTION, REJECT) hostile evidence.  Negated
  events are left out.
- statements: a statement that names another actor (a country by name or adjective) counts
  for the speaker towards it when the words around the name lean one way (``statement_words``
  in ``data/query.yaml``; a negation just before a word reverses it).  Statements weigh half
  an event, and the lexicon is a lean, not a reading: the evidence is always listed.

Actors are keyed by country when one is known (a president and a foreign ministry both
count for their country), else by name.  ``score = (supportive - hostile) / (supportive +
hostile)``, weighted, in ``[-1, 1]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .kb import KnowledgeBase, default_kb
from .query import (
    ActorRef,
    Evidence,
    _event_evidence,
    _quote_evidence,
    country_index,
    fold,
    query_config,
    resolve_actor,
    speaker_country,
    statements,
    topic_words,
)
from .records import Event, Quote
from .store import Store

__all__ = ["STATEMENT_WEIGHT", "Stance", "compute_stances", "position_history", "statement_polarity", "stances"]

STATEMENT_WEIGHT = 0.5
WINDOW = 12
"""Words on each side of a name that are read for a statement's lean towards it."""


@dataclass
class Stance:
    """What ``source`` did and said towards ``target``."""

    source: str
    target: str
    source_label: str
    target_label: str
    supportive: list[Evidence] = field(default_factory=list)
    hostile: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> tuple[float, float]:
        def w(items: list[Evidence]) -> float:
            return sum(1.0 if e.kind == "event" else STATEMENT_WEIGHT for e in items)

        return w(self.supportive), w(self.hostile)

    @property
    def score(self) -> float:
        pos, neg = self.weight
        return round((pos - neg) / (pos + neg), 3) if pos + neg else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source_label, "source_key": self.source, "target": self.target_label,
                "target_key": self.target, "score": self.score,
                "supportive": [e.as_dict() for e in self.supportive], "hostile": [e.as_dict() for e in self.hostile]}


def _lexicon(kb: KnowledgeBase) -> tuple[set[str], set[str], list[str], list[str], set[str]]:
    cfg = query_config(kb)
    pos_types = {t.upper() for t in cfg["event_polarity"]["positive"]}
    neg_types = {t.upper() for t in cfg["event_polarity"]["negative"]}
    pos_words = [fold(w) for w in cfg["statement_words"]["positive"]]
    neg_words = [fold(w) for w in cfg["statement_words"]["negative"]]
    return pos_types, neg_types, pos_words, neg_words, {fold(w) for w in cfg["negations"]}


_TOKEN = re.compile(r"\w+(?:n't)?")


def statement_polarity(text: str, start: int, end: int, kb: KnowledgeBase | None = None) -> int:
    """Lean (+n supportive, -n hostile) of the words within ``WINDOW`` words of ``text[start:end]``."""
    kb = kb or default_kb()
    _, _, pos_words, neg_words, negations = _lexicon(kb)
    before = _TOKEN.findall(fold(text[:start]))[-WINDOW:]
    after = _TOKEN.findall(fold(text[end:]))[:WINDOW]
    tokens = before + after
    score = 0
    joined = " " + " ".join(tokens) + " "
    for i, tok in enumerate(tokens):
        sign = 0
        if any(tok.startswith(w) for w in pos_words if " " not in w):
            sign = 1
        elif any(tok.startswith(w) for w in neg_words if " " not in w):
            sign = -1
        if sign and i > 0 and tokens[i - 1] in negations:
            sign = -sign
        score += sign
    for phrase in (w for w in pos_words if " " in w):
        score += joined.count(f" {phrase}")
    for phrase in (w for w in neg_words if " " in w):
        score -= joined.count(f" {phrase}")
    return score


def _event_key(a: Any) -> tuple[str, str]:
    index = country_index()
    if a.country:
        return a.country, index.label(a.country)
    return a.name, a.name


def compute_stances(quotes: Iterable[Quote], event_records: Iterable[Event],
                    kb: KnowledgeBase | None = None) -> list[Stance]:
    """Every (source, target) pair with evidence, strongest evidence first."""
    kb = kb or default_kb()
    index = country_index(kb)
    pos_types, neg_types, *_ = _lexicon(kb)
    pairs: dict[tuple[str, str], Stance] = {}

    def stance(src: tuple[str, str], tgt: tuple[str, str]) -> Stance:
        return pairs.setdefault((src[0], tgt[0]), Stance(src[0], tgt[0], src[1], tgt[1]))

    for e in event_records:
        if e.negated or e.source is None or e.target is None:
            continue
        kind = e.plover.upper()
        if kind not in pos_types and kind not in neg_types:
            continue
        src, tgt = _event_key(e.source), _event_key(e.target)
        if src[0] == tgt[0]:
            continue
        bucket = stance(src, tgt).supportive if kind in pos_types else stance(src, tgt).hostile
        bucket.append(_event_evidence(e))
    for q in quotes:
        if q.speaker is None:
            continue
        sc = speaker_country(q, None, kb)
        src = (sc, index.label(sc)) if sc else (q.speaker.name, q.speaker.name)
        seen: set[str] = set()
        for code, start, end in index.find(q.text):
            if code in seen or code == src[0]:
                continue
            seen.add(code)
            lean = statement_polarity(q.text, start, end, kb)
            if lean == 0:
                continue
            st = stance(src, (code, index.label(code)))
            (st.supportive if lean > 0 else st.hostile).append(_quote_evidence(q, sc))
    out = list(pairs.values())
    out.sort(key=lambda s: (-(sum(s.weight)), s.source_label, s.target_label))
    return out


def _matches(ref: ActorRef, key: str) -> bool:
    return key == ref.country or key in ref.names


def stances(store: Store, actor: str | None = None, target: str | None = None, *,
            kb: KnowledgeBase | None = None, **filters: Any) -> list[Stance]:
    """Stances in the store; ``actor`` keeps those it holds, ``target`` those held towards it."""
    kb = kb or default_kb()
    quotes = [q for q in store.select("quote", **filters) if isinstance(q, Quote)]
    evs = [e for e in store.select("event", **filters) if isinstance(e, Event)]
    out = compute_stances(quotes, evs, kb)
    if actor:
        ref = resolve_actor(store, actor, kb)
        out = [s for s in out if _matches(ref, s.source)]
    if target:
        ref = resolve_actor(store, target, kb)
        out = [s for s in out if _matches(ref, s.target)]
    return out


def position_history(store: Store, actor: str, subject: str, *, kb: KnowledgeBase | None = None
                     ) -> list[dict[str, Any]]:
    """``actor``'s statements on ``subject`` (an actor or words) in date order, each with its lean.

    ``shift`` is true on a statement whose lean has the opposite sign of the previous
    statement that leaned at all: where the position changed.
    """
    kb = kb or default_kb()
    index = country_index(kb)
    subject_code = index.code(subject)
    if subject_code or resolve_actor(store, subject, kb).names:
        found = statements(store, actor, about=subject, kb=kb)
        ref = resolve_actor(store, subject, kb)
        words = [w for w in ref.words]
    else:
        found = statements(store, actor, topic=subject, kb=kb)
        words = topic_words(subject, kb)
    found.sort(key=lambda e: (e.date is None, e.date or "", e.doc_id, e.span))
    rows: list[dict[str, Any]] = []
    last = 0
    for ev in found:
        lean = 0
        for w in words:
            for m in re.finditer(rf"(?<!\w){re.escape(fold(w))}(?!\w)", fold(ev.text)):
                lean += statement_polarity(ev.text, m.start(), m.end(), kb)
            if lean:
                break
        sign = (lean > 0) - (lean < 0)
        rows.append({"date": ev.date, "lean": sign, "shift": bool(sign and last and sign != last),
                     "evidence": ev.as_dict()})
        if sign:
            last = sign
    return rows
