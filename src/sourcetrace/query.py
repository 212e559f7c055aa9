"""Questions to a store: timelines, actor tables, name matching (the query API grows here)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .records import Event, Mention, Quote
from .store import Store


def matching_actor_names(store: Store, name: str) -> list[str]:
    """Stored actor names that contain every word of ``name`` (case-insensitive)."""
    words = [w.casefold() for w in name.split() if w]
    names = {a.canonical for a in store.select("mention") if isinstance(a, Mention)} | {
        q.speaker.name for q in store.select("quote") if isinstance(q, Quote) and q.speaker}
    return sorted(n for n in names if n and all(w in n.casefold() for w in words))


def timeline(store: Store, *, actor: str | None = None) -> list[dict[str, Any]]:
    """Dated statements and events, ordered by date (ties by document order)."""
    rows: list[dict[str, Any]] = []
    names = set(matching_actor_names(store, actor)) if actor else set()
    for q in store.select("quote"):
        assert isinstance(q, Quote)
        if q.date is None or (actor and not (q.speaker and (q.speaker.name in names or q.speaker.country == actor))):
            continue
        rows.append({"date": q.date, "kind": "statement", "who": q.speaker.name if q.speaker else "",
                     "what": q.text, "doc": q.doc_id, "span": list(q.span),
                     "sources": [s.outlet for s in q.sources]})
    for e in store.select("event"):
        assert isinstance(e, Event)
        involved = {x.name for x in (e.source, e.target) if x} | {x.country for x in (e.source, e.target) if x}
        if e.date is None or (actor and not (involved & (names | {actor}))):
            continue
        rows.append({"date": e.date, "kind": f"event {e.plover}",
                     "who": " → ".join(x.name for x in (e.source, e.target) if x), "what": e.text,
                     "doc": e.doc_id, "span": list(e.span), "sources": []})
    rows.sort(key=lambda r: (r["date"], r["doc"], r["span"][0]))
    return rows


def actor_table(store: Store) -> list[dict[str, Any]]:
    """Canonical actors: kind, country, mention count, surface forms, roles, quote and event counts."""
    acc: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return acc.setdefault(name, {"name": name, "kind": None, "country": None, "mentions": 0,
                                     "surface_forms": set(), "roles": set(), "quotes": 0, "events": 0})

    for m in store.select("mention"):
        assert isinstance(m, Mention)
        e = entry(m.canonical)
        e["kind"] = e["kind"] or m.kind
        e["country"] = e["country"] or m.country
        e["mentions"] += 1
        e["surface_forms"].add(m.text)
        if m.role:
            e["roles"].add(m.role)
    counts: dict[str, int] = defaultdict(int)
    for q in store.select("quote"):
        if isinstance(q, Quote) and q.speaker:
            e = entry(q.speaker.name)
            e["quotes"] += 1
            e["kind"] = e["kind"] or q.speaker.type
            if q.speaker.role:
                e["roles"].add(q.speaker.role)
    for ev in store.select("event"):
        if isinstance(ev, Event):
            for x in (ev.source, ev.target):
                if x:
                    entry(x.name)["events"] += 1
                    counts[x.name] += 1
    rows = []
    for e in acc.values():
        e["surface_forms"] = sorted(e["surface_forms"])
        e["roles"] = sorted(e["roles"])
        rows.append(e)
    rows.sort(key=lambda r: (-(r["mentions"] + r["quotes"] + r["events"]), r["name"]))
    return rows
