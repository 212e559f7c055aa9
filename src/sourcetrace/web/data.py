"""What each page shows, computed from a store: plain data the templates render.

Nothing here knows about HTTP; the views call these functions and hand the result to a
template.  Every item that comes from a record carries ``doc`` and ``span`` so that the page
can link back to its sentence (``/doc/{doc}#s{start}-{end}``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as urlquote

from ..records import Citation, Document, Event, Mention, Quote, Record, TimeExpr
from ..store import Store
from . import optional
from .spans import Marked, Segment, segments

SPEAKER_COLOURS = 8
KIND_ORDER = ("quote", "citation", "time", "mention", "event")
KIND_LABELS = {"quote": "Quotes", "citation": "Citations", "time": "Dates", "mention": "Actors & places",
               "event": "Events"}


def doc_link(doc: str, span: Any) -> str:
    """The URL of a record's place in its document."""
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return f"/doc/{urlquote(doc, safe='')}"
    return f"/doc/{urlquote(doc, safe='')}#s{start}-{end}"


def actor_link(name: str) -> str:
    return "/actor/" + urlquote(name, safe="")


# -- records as displayable rows ---------------------------------------------------------------

@dataclass
class RecordView:
    """One record as the document page shows it."""

    index: int
    kind: str
    span: tuple[int, int]
    title: str
    details: list[tuple[str, str, str | None]] = field(default_factory=list)
    """``(label, value, link or None)`` lines."""
    css: str = ""
    stage: str = ""
    subkind: str = ""

    @property
    def anchor(self) -> str:
        return f"s{self.span[0]}-{self.span[1]}"

    @property
    def summary(self) -> str:
        """One line for the side panel: the details that identify the record."""
        wanted = SUMMARY_FIELDS.get(self.kind, ())
        return " · ".join(value for label, value, _ in self.details if label in wanted)


SUMMARY_FIELDS = {"quote": ("outlet", "date"), "citation": ("date",), "time": ("text",),
                  "mention": ("as written", "linked because"), "event": ("date", "place")}


def _fmt_span(span: Any) -> str:
    return f"{span[0]}–{span[1]}" if span else ""


def _view(index: int, rec: Record, doc_id: str, colours: dict[str, int]) -> RecordView:
    v = RecordView(index=index, kind=rec.record_type, span=(int(rec.span[0]), int(rec.span[1])), title="",
                   stage=rec.stage)
    add = v.details.append
    if isinstance(rec, Quote):
        sp = rec.speaker
        who = sp.name if sp else "unknown speaker"
        v.title = f"{rec.kind} quote · {who}"
        v.subkind = rec.kind
        v.css = f"q{colours.get(who, 0)}"
        add(("speaker", who, actor_link(sp.name) if sp and sp.name else None))
        if sp:
            if sp.mention and sp.mention != sp.name:
                add(("as written", sp.mention, doc_link(doc_id, sp.span) if sp.span else None))
            if sp.role:
                add(("role", sp.role, None))
            if sp.country:
                add(("country", sp.country, None))
        add(("said", rec.text, None))
        if rec.cue:
            add(("cue", rec.cue, None))
        add(("date", rec.date or "not stated", None))
        for s in rec.sources:
            add(("outlet", f"{s.outlet}" + (f" ({s.date})" if s.date else ""), None))
        if not rec.sources:
            add(("outlet", "none cited", None))
        for cs in rec.citation_spans:
            add(("citation", _fmt_span(cs), doc_link(doc_id, cs)))
    elif isinstance(rec, Citation):
        v.title = "citation · " + (", ".join(rec.outlets) or rec.text)
        add(("text", rec.text, None))
        add(("outlets", ", ".join(rec.outlets) or "none recognised", None))
        add(("date", rec.date or "not stated", None))
        if rec.refers_to:
            add(("refers to", _fmt_span(rec.refers_to), doc_link(doc_id, rec.refers_to)))
    elif isinstance(rec, TimeExpr):
        v.title = f"date · {rec.value or 'unresolved'}"
        add(("text", rec.text, None))
        add(("value", rec.value or "unresolved", None))
        add(("resolved by", rec.rule + (f" from {rec.anchor}" if rec.anchor else ""), None))
        if rec.flags:
            add(("flags", ", ".join(rec.flags), None))
    elif isinstance(rec, Mention):
        v.title = f"{rec.kind} · {rec.canonical or rec.text}"
        v.subkind = rec.kind
        v.css = f"m-{rec.kind}"
        add(("entity", rec.canonical or rec.text, actor_link(rec.canonical) if rec.kind != "place" else None))
        add(("as written", rec.text, None))
        if rec.country:
            add(("country", rec.country, None))
        if rec.role:
            add(("role", rec.role, None))
        if rec.lat is not None and rec.lon is not None:
            add(("coordinates", f"{rec.lat:.3f}, {rec.lon:.3f}", None))
        why = rec.link_reason or "unlinked"
        if rec.entity_id:
            why += f" → {rec.entity_id}"
        if rec.label:
            why += f" (proposed by {rec.label})"
        add(("linked because", why, None))
    elif isinstance(rec, Event):
        v.title = f"event · {rec.plover}" + (f" ({rec.cameo})" if rec.cameo else "")
        v.subkind = rec.plover
        if rec.source:
            add(("source", rec.source.name + (f" [{rec.source.country}]" if rec.source.country else ""),
                 actor_link(rec.source.name)))
        if rec.target:
            add(("target", rec.target.name + (f" [{rec.target.country}]" if rec.target.country else ""),
                 actor_link(rec.target.name)))
        add(("date", rec.date or "not stated", None))
        if rec.place:
            add(("place", rec.place.name, None))
        if rec.trigger:
            add(("trigger", rec.trigger + (" (negated)" if rec.negated else ""), None))
        if rec.mode:
            add(("mode", rec.mode, None))
        if rec.quote_span:
            add(("reported in", _fmt_span(rec.quote_span), doc_link(doc_id, rec.quote_span)))
    else:
        v.title = rec.record_type
    add(("stage", rec.stage, None))
    return v


@dataclass
class DocumentPage:
    document: Document
    records: list[RecordView]
    segments: list[Segment]
    counts: dict[str, int]
    speakers: list[tuple[str, int]]


def speaker_colours(quotes: list[Quote]) -> dict[str, int]:
    """Speaker name → colour index, in order of first appearance."""
    out: dict[str, int] = {}
    for q in sorted(quotes, key=lambda q: q.span):
        name = q.speaker.name if q.speaker else "unknown speaker"
        if name not in out:
            out[name] = len(out) % SPEAKER_COLOURS
    return out


def document_page(store: Store, doc_id: str) -> DocumentPage | None:
    doc = store.document(doc_id)
    if doc is None:
        return None
    recs = [r for r in store.records(doc_id) if r.record_type in KIND_ORDER]
    colours = speaker_colours([r for r in recs if isinstance(r, Quote)])
    recs.sort(key=lambda r: (r.span[0], -r.span[1], KIND_ORDER.index(r.record_type)))
    views = [_view(i, r, doc.id, colours) for i, r in enumerate(recs)]
    marks = [Marked(v.index, v.kind, v.span, v.css) for v in views]
    return DocumentPage(document=doc, records=views, segments=segments(doc.text, marks),
                        counts=dict(Counter(v.kind for v in views)), speakers=list(colours.items()))


# -- dates on a time axis -------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = _DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if d:
            day = dt.date(y, mo, d)
            return day, day
        if mo:
            first = dt.date(y, mo, 1)
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None


def date_range(value: str | None) -> tuple[int, int] | None:
    """``(first day, last day)`` as proleptic ordinals of an ISO date, month, year or interval."""
    if not value:
        return None
    parts = value.split("/")
    if len(parts) > 2:
        return None
    lo, hi = _bounds(parts[0]), _bounds(parts[-1])
    if lo is None or hi is None or hi[1] < lo[0]:
        return None
    return lo[0].toordinal(), hi[1].toordinal()


# -- timeline ---------------------------------------------------------------------------------------

def timeline(store: Store, *, actor: str | None = None, kind: str | None = None,
             outlet: str | None = None) -> dict[str, Any]:
    """Dated statements and events with their axis positions, filtered by actor, type and outlet."""
    from .. import query

    rows = query.timeline(store, actor=actor or None)
    cited: set[tuple[str, int, int]] = set()
    if outlet:
        cited = {(c.doc_id, c.span[0], c.span[1]) for c in store.select("citation", outlet=outlet)}
    types: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    items: list[dict[str, Any]] = []
    for row in rows:
        rtype = "statement" if row["kind"] == "statement" else row["kind"].removeprefix("event ").strip()
        types[rtype] += 1
        for o in row.get("sources") or []:
            outlets[o] += 1
        if kind and rtype != kind:
            continue
        if outlet and not _from_outlet(row, outlet, cited):
            continue
        rng = date_range(row["date"])
        if rng is None:
            continue
        items.append({**row, "type": rtype, "t0": rng[0], "t1": rng[1], "link": doc_link(row["doc"], row["span"])})
    return {"entries": items, "types": sorted(types), "outlets": sorted(outlets),
            "range": _axis_range(items)}


def _from_outlet(row: dict[str, Any], outlet: str, cited: set[tuple[str, int, int]]) -> bool:
    if any(o.casefold() == outlet.casefold() for o in row.get("sources") or []):
        return True
    start, end = row["span"]
    return any(d == row["doc"] and s < end and e > start for d, s, e in cited)


def _axis_range(items: list[dict[str, Any]]) -> tuple[int, int] | None:
    if not items:
        return None
    lo = min(i["t0"] for i in items)
    hi = max(i["t1"] for i in items)
    pad = max(15, (hi - lo) // 20)
    return lo - pad, hi + pad


def axis_ticks(lo: int, hi: int, width: float, x0: float = 0) -> list[tuple[float, str]]:
    """Labelled ticks for an axis from ordinal ``lo`` to ``hi`` drawn ``width`` wide (server side)."""
    span = max(1, hi - lo)
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    ticks: list[tuple[float, str]] = []
    if span > 365 * 3:
        step = max(1, math.ceil((last.year - first.year) / 10))
        for y in range(first.year + 1, last.year + 1, step):
            ticks.append((dt.date(y, 1, 1).toordinal(), str(y)))
    else:
        y, m = first.year, first.month
        step = max(1, math.ceil(span / 30 / 12))
        while True:
            m += step
            while m > 12:
                y, m = y + 1, m - 12
            d = dt.date(y, m, 1)
            if d > last:
                break
            ticks.append((d.toordinal(), d.strftime("%b %Y")))
    return [(x0 + (t - lo) / span * width, label) for t, label in ticks]


# -- actors -----------------------------------------------------------------------------------------

def actor_profile(store: Store, name: str) -> dict[str, Any] | None:
    """What the store holds about one actor: names, roles, statements over time, events, stances."""
    quotes = [q for q in store.select("quote", actor=name, role="speaker") if isinstance(q, Quote)]
    as_source = [e for e in store.select("event", actor=name, role="source") if isinstance(e, Event)]
    as_target = [e for e in store.select("event", actor=name, role="target") if isinstance(e, Event)]
    mentions = [m for m in store.select("mention", actor=name, role="mention") if isinstance(m, Mention)]
    if not (quotes or as_source or as_target or mentions):
        return None
    roles = sorted({m.role for m in mentions if m.role} | {q.speaker.role for q in quotes
                                                          if q.speaker and q.speaker.role})
    kinds = Counter(m.kind for m in mentions) + Counter(q.speaker.type for q in quotes if q.speaker)
    countries = Counter(m.country for m in mentions if m.country) + Counter(
        q.speaker.country for q in quotes if q.speaker and q.speaker.country)
    stance_rows = [s for s in optional.stances(store) if name.casefold() in (s["a"].casefold(), s["b"].casefold())]
    return {
        "name": name,
        "kind": kinds.most_common(1)[0][0] if kinds else None,
        "country": countries.most_common(1)[0][0] if countries else None,
        "roles": roles,
        "surface_forms": sorted({m.text for m in mentions} | {q.speaker.mention for q in quotes
                                                              if q.speaker and q.speaker.mention}),
        "mentions": [{"text": m.text, "doc": m.doc_id, "span": m.span, "link": doc_link(m.doc_id, m.span)}
                     for m in mentions[:200]],
        "mention_count": len(mentions),
        "quotes": [_quote_row(q) for q in sorted(quotes, key=_by_date)],
        "as_source": [_event_row(e) for e in sorted(as_source, key=_by_date)],
        "as_target": [_event_row(e) for e in sorted(as_target, key=_by_date)],
        "stances": [_stance_row(s, name) for s in stance_rows],
        "stances_available": optional.has_stances(),
    }


def _by_date(r: Record) -> tuple[bool, str, str, tuple[int, int]]:
    date = getattr(r, "date", None)
    return (date is None, date or "", r.doc_id, r.span)


def _quote_row(q: Quote) -> dict[str, Any]:
    return {"date": q.date, "text": q.text, "kind": q.kind, "cue": q.cue,
            "speaker": q.speaker.name if q.speaker else None,
            "sources": [f"{s.outlet}" + (f" ({s.date})" if s.date else "") for s in q.sources],
            "doc": q.doc_id, "span": q.span, "link": doc_link(q.doc_id, q.span)}


def _event_row(e: Event) -> dict[str, Any]:
    return {"date": e.date, "type": e.plover, "cameo": e.cameo, "text": e.text,
            "source": e.source.name if e.source else None, "target": e.target.name if e.target else None,
            "place": e.place.name if e.place else None, "doc": e.doc_id, "span": e.span,
            "link": doc_link(e.doc_id, e.span)}


def _evidence_row(ev: Any) -> dict[str, Any]:
    if not isinstance(ev, dict):
        return {"text": str(ev), "link": None}
    doc = ev.get("doc") or ev.get("doc_id")
    span = ev.get("span")
    text = ev.get("text") or ev.get("what") or ev.get("sentence") or ""
    return {"text": str(text), "date": ev.get("date"), "kind": ev.get("kind") or ev.get("type"),
            "lean": ev.get("lean"), "who": ev.get("who"),
            "link": doc_link(str(doc), span) if doc and span else None}


def _stance_row(s: dict[str, Any], name: str) -> dict[str, Any]:
    other = s["b"] if s["a"].casefold() == name.casefold() else s["a"]
    direction = "toward" if s["a"].casefold() == name.casefold() else "from"
    return {"other": other, "direction": direction, "score": s["score"],
            "evidence": [_evidence_row(e) for e in s["evidence"]]}


# -- network ----------------------------------------------------------------------------------------

POSITIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
NEGATIVE = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "REQUEST"}


def _sign(plover: str) -> int:
    return 1 if plover in POSITIVE else -1 if plover in NEGATIVE and plover != "REQUEST" else 0


def relations(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """Directed actor pairs with their evidence: events (source → target), stances, statements about."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def edge(a: str, b: str) -> dict[str, Any]:
        return edges.setdefault((a, b), {"a": a, "b": b, "events": [], "statements": [], "stances": [],
                                         "score": 0.0})

    for e in store.select("event"):
        if isinstance(e, Event) and e.source and e.target and e.source.name != e.target.name:
            row = edge(e.source.name, e.target.name)
            row["events"].append(_event_row(e))
            row["score"] += _sign(e.plover)
    mentions_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in store.select("mention"):
        if isinstance(m, Mention) and m.kind in ("person", "organization", "place"):
            mentions_by_doc[m.doc_id].append(m)
    for q in store.select("quote"):
        if not (isinstance(q, Quote) and q.speaker and q.speaker.name):
            continue
        about = {m.canonical for m in mentions_by_doc.get(q.doc_id, [])
                 if m.span[0] >= q.span[0] and m.span[1] <= q.span[1] and m.canonical
                 and m.canonical != q.speaker.name}
        for other in sorted(about):
            edge(q.speaker.name, other)["statements"].append(_quote_row(q))
    for s in optional.stances(store):
        row = edge(s["a"], s["b"])
        row["stances"].append({"score": s["score"], "evidence": [_evidence_row(e) for e in s["evidence"]]})
        row["score"] += s["score"]
    return edges


def network(store: Store, *, max_nodes: int = 60, width: float = 1200, height: float = 760) -> dict[str, Any]:
    """Nodes laid out by a small deterministic force simulation, and the edges between them."""
    edges = relations(store)
    weight: Counter[str] = Counter()
    for (a, b), row in edges.items():
        w = len(row["events"]) + len(row["statements"]) + len(row["stances"])
        weight[a] += w
        weight[b] += w
    names = [n for n, _ in weight.most_common(max_nodes)]
    keep = set(names)
    shown = [row for (a, b), row in edges.items() if a in keep and b in keep]
    pos = layout(names, [(r["a"], r["b"]) for r in shown], width, height)
    nodes = [{"name": n, "x": pos[n][0], "y": pos[n][1], "weight": weight[n],
              "r": 5 + min(14.0, 2.5 * math.sqrt(weight[n])), "link": actor_link(n)} for n in names]
    out_edges = []
    for r in sorted(shown, key=lambda r: (r["a"], r["b"])):
        n = len(r["events"]) + len(r["statements"]) + len(r["stances"])
        tone = "pos" if r["score"] > 0 else "neg" if r["score"] < 0 else "neutral"
        out_edges.append({**r, "count": n, "tone": tone, "x1": pos[r["a"]][0], "y1": pos[r["a"]][1],
                          "x2": pos[r["b"]][0], "y2": pos[r["b"]][1],
                          "link": "/relation?" + f"a={urlquote(r['a'], safe='')}&b={urlquote(r['b'], safe='')}"})
    return {"nodes": nodes, "edges": out_edges, "width": width, "height": height}


def layout(names: list[str], pairs: list[tuple[str, str]], width: float, height: float,
           iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold with gravity, from a circle: deterministic; then scaled to fit the canvas."""
    n = len(names)
    if n == 0:
        return {}
    if n == 1:
        return {names[0]: (width / 2, height / 2)}
    pos = {name: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, name in enumerate(names)}
    k = 1.0 / math.sqrt(n)
    temp = 0.1
    for _ in range(iterations):
        disp = {name: [-0.08 * pos[name][0] / k, -0.08 * pos[name][1] / k] for name in names}  # gravity
        for i, a in enumerate(names):
            pa, da = pos[a], disp[a]
            for b in names[i + 1:]:
                dx, dy = pa[0] - pos[b][0], pa[1] - pos[b][1]
                d2 = max(1e-6, dx * dx + dy * dy)
                f = k * k / d2
                da[0] += dx * f
                da[1] += dy * f
                disp[b][0] -= dx * f
                disp[b][1] -= dy * f
        for a, b in pairs:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = max(1e-6, math.hypot(dx, dy))
            f = d / k
            disp[a][0] -= dx * f
            disp[a][1] -= dy * f
            disp[b][0] += dx * f
            disp[b][1] += dy * f
        for name in names:
            dx, dy = disp[name]
            d = max(1e-9, math.hypot(dx, dy))
            step = min(d, temp)
            pos[name][0] += dx / d * step
            pos[name][1] += dy / d * step
        temp *= 0.98
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    sx = (width - 160) / max(1e-6, max(xs) - min(xs))
    sy = (height - 60) / max(1e-6, max(ys) - min(ys))
    return {name: (round(80 + (p[0] - min(xs)) * sx, 1), round(35 + (p[1] - min(ys)) * sy, 1))
            for name, p in pos.items()}


def relation(store: Store, a: str, b: str) -> dict[str, Any]:
    """The evidence between two actors, both directions."""
    edges = relations(store)
    rows = [edges[k] for k in ((a, b), (b, a)) if k in edges]
    return {"a": a, "b": b, "rows": rows}


# -- map --------------------------------------------------------------------------------------------

def map_data(store: Store) -> dict[str, Any]:
    """Geocoded places (mentions with coordinates, event places) and the countries mentioned."""
    points: dict[tuple[float, float, str], dict[str, Any]] = {}
    countries: Counter[str] = Counter()
    ungeocoded: Counter[str] = Counter()
    for m in store.select("mention"):
        if not isinstance(m, Mention):
            continue
        if m.country:
            countries[m.country] += 1
        if m.kind != "place":
            continue
        if m.lat is None or m.lon is None:
            ungeocoded[m.canonical or m.text] += 1
            continue
        p = _point(points, m.canonical or m.text, m.lat, m.lon)
        p["mentions"] += 1
        if len(p["refs"]) < 20:
            p["refs"].append({"text": m.text, "link": doc_link(m.doc_id, m.span)})
    for e in store.select("event"):
        if isinstance(e, Event) and e.place and e.place.lat is not None and e.place.lon is not None:
            p = _point(points, e.place.name, e.place.lat, e.place.lon)
            p["events"].append(_event_row(e))
    pts = sorted(points.values(), key=lambda p: (-(p["mentions"] + len(p["events"])), p["name"]))
    for p in pts:
        p["r"] = round(0.6 + 0.35 * math.sqrt(p["mentions"] + 2 * len(p["events"])), 2)
    return {"points": pts, "countries": dict(countries), "ungeocoded": ungeocoded.most_common(),
            "viewbox": _viewbox(pts)}


def _point(points: dict[tuple[float, float, str], dict[str, Any]], name: str, lat: float, lon: float
           ) -> dict[str, Any]:
    key = (round(float(lat), 3), round(float(lon), 3), name)
    return points.setdefault(key, {"name": name, "lat": key[0], "lon": key[1], "x": key[1], "y": -key[0],
                                   "mentions": 0, "events": [], "refs": []})


def _viewbox(points: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Degrees to show: the points with a margin, or the whole world; always 2:1."""
    if not points:
        return (-180.0, -90.0, 360.0, 180.0)
    xs = [p["x"] for p in points]
    ys = [p["y"] for p in points]
    w = max(20.0, (max(xs) - min(xs)) * 1.6, (max(ys) - min(ys)) * 3.2)
    w = min(w, 360.0)
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return (round(cx - w / 2, 2), round(cy - h / 2, 2), round(w, 2), round(h, 2))


# -- search -----------------------------------------------------------------------------------------

def search(store: Store, q: str, limit: int = 50) -> dict[str, Any]:
    """Documents (FTS) and statements and events containing every word of ``q``."""
    if not q.strip():
        return {"documents": [], "quotes": [], "events": []}
    docs = store.search(q, limit=limit)
    for d in docs:
        d["link"] = f"/doc/{urlquote(d['id'], safe='')}"
        d["snippet_parts"] = _snippet_parts(d.get("snippet") or "")
    quotes = [_quote_row(r) for r in store.select("quote", text=q, limit=limit) if isinstance(r, Quote)]
    events = [_event_row(r) for r in store.select("event", text=q, limit=limit) if isinstance(r, Event)]
    return {"documents": docs, "quotes": quotes, "events": events}


def _snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The store's ``[match]`` snippet markers as (text, is_match) parts, so templates escape the text."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(r"\[([^\[\]]*)\]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts
