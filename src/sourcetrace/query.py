"""Questions to a store: statements, events, actor profiles, timelines, each answer with its evidence.

The query API works on any :class:`~sourcetrace.store.Store`.  An *actor* in a query is
resolved first (:func:`resolve_actor`): a country name, alias or adjective (``France``,
``French``, ``the US``) stands for the country and everyone the store ties to it: speakers
and event actors whose stored ``country`` is that country, and, when no country was stored,
those whose name, role or linked mentions tie them to it (``Spokesperson of the French
Foreign Ministry``).  Any other name matches the stored actor names that contain all its
words.  Retrieval is by structure first (indexed actor, country, outlet and date filters),
by text second (topic words matched on word starts; SQLite FTS5 ranking when the store
has it).  Every answer line is an :class:`Evidence`: text, who, date, outlets, document
id and span.

Country knowledge comes from the knowledge base (``KnowledgeBase.country_of`` and
``KnowledgeBase.link`` when present) with a fallback on pycountry and the packaged
``countries.yaml``; question and polarity lexicons from ``data/query.yaml``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from .kb import KnowledgeBase, default_kb
from .records import Event, Mention, Quote, Record
from .store import Store

__all__ = [
    "ActorRef",
    "CountryIndex",
    "Evidence",
    "actor_table",
    "country_index",
    "events",
    "matching_actor_names",
    "profile",
    "query_config",
    "resolve_actor",
    "select_records",
    "speaker_country",
    "statements",
    "text_score",
    "timeline",
    "topic_words",
]

Filters = dict[str, Any]


# -- knowledge -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _query_config(kb: KnowledgeBase) -> dict[str, Any]:
    merged: dict[str, Any] = {"questions": [], "stopwords": [], "event_polarity": {"positive": [], "negative": []},
                              "statement_words": {"positive": [], "negative": []}, "negations": []}
    for path in reversed(kb.files("query.yaml")):  # user files first: their question forms win
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["questions"].extend(data.get("questions") or [])
        merged["stopwords"].extend(data.get("stopwords") or [])
        merged["negations"].extend(data.get("negations") or [])
        for key in ("event_polarity", "statement_words"):
            for sign in ("positive", "negative"):
                merged[key][sign].extend((data.get(key) or {}).get(sign) or [])
    return merged


def query_config(kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The merged ``query.yaml`` (packaged, then the user's)."""
    return _query_config(kb or default_kb())


def fold(text: str) -> str:
    """Case- and accent-folded text for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class CountryIndex:
    """Country names, aliases and adjectives → ISO 3166 alpha-3, and back."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import pycountry

        self.kb = kb
        self.labels: dict[str, str] = {}
        self.words: dict[str, set[str]] = defaultdict(set)
        for c in pycountry.countries:
            code = c.alpha_3
            for attr in ("common_name", "name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    self.words[code].add(value)
                    self.labels.setdefault(code, value)
        for path in kb.files("countries.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for code, entry in data.items():
                if not isinstance(entry, dict):
                    continue
                if entry.get("name"):
                    self.labels[code] = entry["name"]
                    self.words[code].add(entry["name"])
                self.words[code].update(entry.get("aliases") or [])
                for adj in entry.get("adjectives") or []:
                    self.words[code].add(adj)
                    if not adj.endswith("s"):
                        self.words[code].add(adj + "s")
        self._by_key: dict[str, str] = {}
        for code, words in self.words.items():
            for w in words:
                self._by_key.setdefault(self._key(w), code)
        ordered = sorted({w for ws in self.words.values() for w in ws}, key=len, reverse=True)
        self._finder = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])")
        self._word_code = {w: code for code, ws in self.words.items() for w in ws}

    @staticmethod
    def _key(text: str) -> str:
        t = fold(text).strip().strip(".").strip()
        for prefix in ("the ", "of "):
            if t.startswith(prefix):
                t = t[len(prefix):]
        t = t.replace("'s", "").replace("’s", "")
        return " ".join(t.replace(".", "").split())

    def code(self, text: str) -> str | None:
        """The country ``text`` names (``France``, ``french``, ``the U.S.``, ``FRA``), or None."""
        if not text or not text.strip():
            return None
        country_of = getattr(self.kb, "country_of", None)
        if country_of is not None:
            try:
                found = country_of(text.strip())
            except Exception:  # another engineer's code: never let it break a query
                found = None
            if isinstance(found, str) and len(found) == 3:
                return found.upper()
        stripped = text.strip()
        if len(stripped) == 3 and stripped.isupper() and stripped in self.words:
            return stripped
        return self._by_key.get(self._key(text))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Countries named in ``text`` (case-sensitive: ``US`` yes, ``us`` no) as ``(code, start, end)``."""
        return [(self._word_code[m.group(1)], m.start(1), m.end(1)) for m in self._finder.finditer(text or "")]

    def label(self, code: str) -> str:
        return self.labels.get(code, code)


@lru_cache(maxsize=4)
def _country_index(kb: KnowledgeBase) -> CountryIndex:
    return CountryIndex(kb)


def country_index(kb: KnowledgeBase | None = None) -> CountryIndex:
    return _country_index(kb or default_kb())


def _kb_link(kb: KnowledgeBase, name: str) -> tuple[str | None, str | None]:
    """``(canonical name, country)`` of what the knowledge base links ``name`` to, when it can."""
    link = getattr(kb, "link", None)
    if link is None:
        return None, None
    try:
        entity = link(name)
    except Exception:
        return None, None
    if entity is None:
        return None, None
    canonical = getattr(entity, "name", None) or getattr(entity, "canonical", None)
    country = getattr(entity, "country", None)
    return (canonical if isinstance(canonical, str) else None, country if isinstance(country, str) else None)


# -- evidence ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cited line of an answer: a statement or an event, with where it comes from."""

    kind: str
    """``statement`` or ``event``."""
    doc_id: str
    span: tuple[int, int]
    text: str
    """The quotation, or the event's sentence."""
    who: str
    """The speaker, or the event's source actor."""
    date: str | None
    role: str | None = None
    country: str | None = None
    """The speaker's (or source actor's) country as resolved, alpha-3."""
    target: str | None = None
    """The event's target actor."""
    plover: str | None = None
    outlets: tuple[tuple[str, str | None], ...] = ()
    """``(outlet, date)`` of every cited source."""
    quote_kind: str | None = None
    cue: str | None = None
    score: float = 0.0
    """Relevance to the question's topic (0 when there was no topic)."""

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.doc_id, self.span, self.text)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "doc": self.doc_id, "span": list(self.span), "text": self.text, "who": self.who,
                "role": self.role, "country": self.country, "date": self.date, "target": self.target,
                "plover": self.plover, "sources": [{"outlet": o, "date": d} for o, d in self.outlets],
                "quote_kind": self.quote_kind, "cue": self.cue, "score": round(self.score, 3)}

    def citation(self) -> str:
        """``Reuters 2020-09-30; doc 1a2b 120-180`` — where the line can be checked."""
        parts = [" ".join(x for x in (o, d) if x) for o, d in self.outlets]
        parts.append(f"doc {self.doc_id} {self.span[0]}-{self.span[1]}")
        return "; ".join(p for p in parts if p)


def _quote_evidence(q: Quote, country: str | None = None, score: float = 0.0) -> Evidence:
    sp = q.speaker
    return Evidence(kind="statement", doc_id=q.doc_id, span=q.span, text=q.text, who=sp.name if sp else "",
                    date=q.date or _first_source_date(q), role=sp.role if sp else None,
                    country=country if country else (sp.country if sp else None),
                    outlets=tuple((s.outlet, s.date) for s in q.sources), quote_kind=q.kind, cue=q.cue,
                    score=score)


def _first_source_date(q: Quote) -> str | None:
    dates = sorted(s.date for s in q.sources if s.date)
    return dates[0] if dates else None


def _event_evidence(e: Event, score: float = 0.0) -> Evidence:
    return Evidence(kind="event", doc_id=e.doc_id, span=e.span, text=e.text,
                    who=e.source.name if e.source else "", date=e.date,
                    country=e.source.country if e.source else None,
                    target=e.target.name if e.target else None, plover=e.plover, score=score)


def _sort_key(ev: Evidence) -> tuple[Any, ...]:
    return (ev.date is None, ev.date or "", ev.doc_id, ev.span)


# -- actors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRef:
    """What an actor named in a query stands for in the store."""

    query: str
    label: str
    """Display name: the country's common name, the stored canonical name, or the query."""
    country: str | None = None
    """Alpha-3 when the name denotes a country."""
    names: frozenset[str] = frozenset()
    """Stored actor names (speakers, event actors, mentions) that belong to it."""
    words: tuple[str, ...] = ()
    """Surface forms to look for in text (country names and adjectives, actor names)."""

    @property
    def known(self) -> bool:
        return bool(self.country or self.names)


def matching_actor_names(store: Store, name: str) -> list[str]:
    """Stored actor names that contain every word of ``name`` (case- and accent-insensitive)."""
    words = [fold(w) for w in name.split() if w]
    if not words:
        return []
    return sorted(n for n in _stored_names(store) if n and all(w in fold(n) for w in words))


_NAMES_CACHE: dict[tuple[int, int, int], set[str]] = {}


def _stored_names(store: Store) -> set[str]:
    conn = getattr(store, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        key = (id(conn), int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
        if key not in _NAMES_CACHE:
            _NAMES_CACHE.clear()
            _NAMES_CACHE[key] = {r[0] for r in conn.execute("SELECT DISTINCT name FROM record_actors")}
        return _NAMES_CACHE[key]
    names = {a.canonical for a in store.select("mention") if isinstance(a, Mention)}
    names |= {q.speaker.name for q in store.select("quote") if isinstance(q, Quote) and q.speaker}
    for e in store.select("event"):
        if isinstance(e, Event):
            names |= {x.name for x in (e.source, e.target) if x}
    return names


def _names_of_country(store: Store, code: str) -> set[str]:
    """Actor names the store ties to country ``code`` (linked mentions, speakers, event actors)."""
    conn = getattr(store, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return {r[0] for r in conn.execute("SELECT DISTINCT name FROM record_actors WHERE country = ?", (code,))}
    return {m.canonical for m in store.select("mention", country=code) if isinstance(m, Mention)}


def resolve_actor(store: Store, name: str, kb: KnowledgeBase | None = None) -> ActorRef:
    """Resolve a name from a query to a country and/or stored actor names."""
    kb = kb or default_kb()
    index = country_index(kb)
    name = " ".join(name.split()).strip(" ?.!,;:")
    if name.casefold().startswith("the "):
        bare = name[4:]
    else:
        bare = name
    code = index.code(name)
    if code:
        names = _names_of_country(store, code)
        words = tuple(sorted(index.words.get(code, ()), key=len, reverse=True))
        return ActorRef(query=name, label=index.label(code), country=code, names=frozenset(names), words=words)
    canonical, _country = _kb_link(kb, bare)
    found: set[str] = set()
    for candidate in dict.fromkeys(x for x in (canonical, bare) if x):
        found.update(matching_actor_names(store, candidate))
        if found:
            break
    label = canonical or (min(found, key=len) if len(found) == 1 else bare)
    words = tuple(sorted({bare, *found, *(n.split()[-1] for n in found if len(n.split()) > 1)}, key=len, reverse=True))
    return ActorRef(query=name, label=label, country=None, names=frozenset(found), words=words)


def speaker_country(q: Quote, store_names: dict[str, str] | None = None, kb: KnowledgeBase | None = None
                    ) -> str | None:
    """The speaker's country: stored, else from the linked mentions of the name, its name or its role."""
    sp = q.speaker
    if sp is None:
        return None
    if sp.country:
        return sp.country
    if store_names and sp.name in store_names:
        return store_names[sp.name]
    index = country_index(kb)
    for text in (sp.name, sp.role or ""):
        found = index.find(text)
        if found:
            return found[0][0]
    _, country = _kb_link(kb or default_kb(), sp.name)
    return country


def _null_country_quotes(store: Store, filters: Filters) -> list[Quote]:
    """Quotes whose speaker has no stored country (the SQLite path uses the country index)."""
    conn = getattr(store, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        sql = ("SELECT r.data FROM record_actors a JOIN records r ON r.id = a.record_id "
               "WHERE a.country IS NULL AND a.role = 'speaker' AND r.type = 'quote'")
        args: list[Any] = []
        if filters.get("date_from"):
            sql += " AND r.date >= ?"
            args.append(filters["date_from"])
        if filters.get("date_to"):
            sql += " AND r.date <= ?"
            args.append(filters["date_to"] + "\uffff")
        if filters.get("doc_id"):
            sql += " AND r.doc_id = ?"
            args.append(filters["doc_id"])
        recs = [r for row in conn.execute(sql, args) if isinstance(r := Quote.from_interchange(json.loads(row[0])), Quote)]
        if filters.get("outlet"):
            wanted = fold(filters["outlet"])
            recs = [q for q in recs if any(fold(s.outlet) == wanted for s in q.sources)]
        return recs
    return [q for q in store.select("quote", **filters) if isinstance(q, Quote) and q.speaker
            and not q.speaker.country]


def _store_filters(outlet: str | None, date_from: str | None, date_to: str | None, doc_id: str | None,
                   kb: KnowledgeBase) -> Filters:
    out: Filters = {}
    if outlet:
        out["outlet"] = _canonical_outlet(outlet, kb)
    if date_from:
        out["date_from"] = date_from
    if date_to:
        out["date_to"] = date_to
    if doc_id:
        out["doc_id"] = doc_id
    return out


def _canonical_outlet(name: str, kb: KnowledgeBase) -> str:
    try:
        lookup = getattr(kb.outlets, "lookup", None)
        found = lookup(name) if lookup else None
    except Exception:
        found = None
    return getattr(found, "name", None) or name


# -- topics ------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['’]\w+)?")


def topic_words(text: str | None, kb: KnowledgeBase | None = None) -> list[str]:
    """Content words of a topic, folded, stopwords dropped, in order."""
    if not text:
        return []
    stop = {fold(w) for w in query_config(kb)["stopwords"]}
    out: list[str] = []
    for w in _WORD.findall(fold(text)):
        w = re.sub(r"['’]s$", "", w)
        if w not in stop and w not in out and (len(w) > 1 or w.isdigit()):
            out.append(w)
    return out


def _stem(word: str) -> str:
    """A crude prefix for matching inflections: ``signed`` and ``signing`` → ``sign``."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def text_score(words: list[str], text: str) -> float:
    """Share of ``words`` whose stem starts a word of ``text`` (0 to 1)."""
    if not words:
        return 0.0
    tokens = _WORD.findall(fold(text))
    hits = sum(1 for w in words if any(t.startswith(_stem(w)) for t in tokens))
    return hits / len(words)


def _enough(score: float, words: list[str]) -> bool:
    needed = (len(words) + 1) // 2
    return score * len(words) >= max(1, needed) - 1e-9


def fts_search(store: Store, words: list[str], kinds: Iterable[str] = ("quote", "event"), limit: int = 50
               ) -> list[tuple[Record, float]]:
    """Records whose text matches any of ``words`` (prefix match), best first: FTS5 bm25 on SQLite."""
    if not words:
        return []
    kinds = tuple(kinds)
    conn = getattr(store, "conn", None)
    out: list[tuple[Record, float]] = []
    if isinstance(conn, sqlite3.Connection):
        from .store.base import row_to_record

        match = " OR ".join(f'"{_stem(w)}"*' for w in words)
        marks = ",".join("?" * len(kinds))
        try:
            rows = conn.execute(
                f"SELECT r.data, bm25(records_fts) FROM records_fts JOIN records r ON r.id = records_fts.rowid "
                f"WHERE records_fts MATCH ? AND r.type IN ({marks}) ORDER BY bm25(records_fts) LIMIT ?",
                (match, *kinds, limit * 4)).fetchall()
        except sqlite3.Error:
            rows = []
        for data, _rank in rows:
            rec = row_to_record(data)
            out.append((rec, text_score(words, getattr(rec, "text", ""))))
    else:
        for kind in kinds:
            for rec in store.select(kind):
                out.append((rec, text_score(words, getattr(rec, "text", ""))))
    out = [(r, s) for r, s in out if _enough(s, words)]
    out.sort(key=lambda rs: -rs[1])  # stable: bm25 order among equal scores
    return out[:limit]


def _mentions(ref: ActorRef, text: str) -> bool:
    folded = fold(text)
    for w in ref.words:
        if len(w) <= 3 and w.isupper():
            if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text):
                return True
        elif re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded):
            return True
    return False


# -- the query API -----------------------------------------------------------------------------


def _sqlite_first_by_country(conn: sqlite3.Connection, kind: str, country: str, role: str, filters: Filters,
                             limit: int) -> list[Record]:
    """The ``limit`` earliest records of a country, walking the date index (a country has many records:
    joining from ``record_actors`` then sorting them all costs ~0.7 s at 50,000 rows; this ~50 ms)."""
    from .store.base import row_to_record

    where = ["r.type = ?", "EXISTS (SELECT 1 FROM record_actors a WHERE a.record_id = r.id AND a.country = ? "
             "AND a.role = ?)"]
    args: list[Any] = [kind, country, role]
    if filters.get("outlet"):
        where.append("EXISTS (SELECT 1 FROM record_outlets o WHERE o.record_id = r.id AND o.outlet = ? "
                     "COLLATE NOCASE)")
        args.append(filters["outlet"])
    if filters.get("date_from"):
        where.append("r.date >= ?")
        args.append(filters["date_from"])
    if filters.get("date_to"):
        where.append("r.date <= ?")
        args.append(filters["date_to"] + "\uffff")
    if filters.get("doc_id"):
        where.append("r.doc_id = ?")
        args.append(filters["doc_id"])
    sql = "SELECT r.data FROM records r WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " AND r.date IS NOT NULL ORDER BY r.date, r.id LIMIT ?", (*args, limit)).fetchall()
    if len(rows) < limit and not (filters.get("date_from") or filters.get("date_to")):
        rows += conn.execute(sql + " AND r.date IS NULL ORDER BY r.id LIMIT ?", (*args, limit - len(rows))).fetchall()
    return [row_to_record(r[0]) for r in rows]


def _quotes_of(store: Store, ref: ActorRef, filters: Filters, kb: KnowledgeBase, limit: int | None = None
               ) -> list[tuple[Quote, str | None]]:
    """Quotes of ``ref``; with ``limit``, each indexed lookup stops at the ``limit`` earliest (date order)."""
    found: dict[tuple[Any, ...], tuple[Quote, str | None]] = {}

    def add(q: Record, country: str | None) -> None:
        if isinstance(q, Quote):
            found.setdefault((q.doc_id, q.span, q.stage, q.text), (q, country))

    if ref.country:
        conn = getattr(store, "conn", None)
        if limit is not None and isinstance(conn, sqlite3.Connection):
            first: list[Record] = _sqlite_first_by_country(conn, "quote", ref.country, "speaker", filters, limit)
        else:
            first = store.select("quote", country=ref.country, role="speaker", limit=limit, **filters)
        for q in first:
            add(q, ref.country)
        country_names = {n: ref.country for n in ref.names}
        for q in _null_country_quotes(store, filters):
            if speaker_country(q, country_names, kb) == ref.country:
                add(q, ref.country)
    else:
        for name in sorted(ref.names):
            for q in store.select("quote", actor=name, role="speaker", limit=limit, **filters):
                add(q, q.speaker.country if isinstance(q, Quote) and q.speaker else None)
    return list(found.values())


def statements(store: Store, actor: str | ActorRef | None = None, *, about: str | ActorRef | None = None,
               topic: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, limit: int | None = None,
               kb: KnowledgeBase | None = None) -> list[Evidence]:
    """Statements by ``actor`` (a country includes its people and bodies), filtered.

    ``about``: only statements that name this actor; ``topic``: only statements matching at
    least half of its content words (ranked by that share); ``outlet``, ``date_from``,
    ``date_to`` (ISO prefixes, inclusive), ``doc_id`` as in :meth:`Store.select`.
    """
    kb = kb or default_kb()
    filters = _store_filters(outlet, date_from, date_to, doc_id, kb)
    if actor is not None:
        ref = actor if isinstance(actor, ActorRef) else resolve_actor(store, actor, kb)
        pairs = _quotes_of(store, ref, filters, kb, limit if about is None and not topic else None)
    else:
        pairs = [(q, None) for q in store.select("quote", **filters) if isinstance(q, Quote)]
    if about is not None:
        target = about if isinstance(about, ActorRef) else resolve_actor(store, about, kb)
        pairs = [(q, c or speaker_country(q, None, kb)) for q, c in pairs if _mentions(target, q.text)]
        pairs = [(q, c) for q, c in pairs if not (target.country and c == target.country)]
    words = topic_words(topic, kb)
    out: list[Evidence] = []
    for q, country in pairs:
        score = text_score(words, q.text) if words else 0.0
        if words and not _enough(score, words):
            continue
        out.append(_quote_evidence(q, country, score))
    out.sort(key=_sort_key)
    if words:
        out.sort(key=lambda ev: -ev.score)
    return out[:limit] if limit is not None else out


def _event_involves(e: Event, ref: ActorRef, role: str | None) -> bool:
    actors = {"source": e.source, "target": e.target}
    for r, a in actors.items():
        if a is None or (role and r != role):
            continue
        if (ref.country and a.country == ref.country) or a.name in ref.names:
            return True
    return False


def events(store: Store, actor: str | ActorRef | None = None, *, target: str | ActorRef | None = None,
           role: str | None = None, plover: str | Iterable[str] | None = None, topic: str | None = None,
           date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
           limit: int | None = None, kb: KnowledgeBase | None = None) -> list[Evidence]:
    """Events involving ``actor`` (as ``role`` ``source`` or ``target``, or either), filtered.

    ``target``: the other side must be this actor; ``plover``: a type or types; ``topic``:
    words the sentence must match (at least half).
    """
    kb = kb or default_kb()
    filters = _store_filters(None, date_from, date_to, doc_id, kb)
    pool: dict[tuple[Any, ...], Event] = {}
    ref = actor if isinstance(actor, ActorRef) or actor is None else resolve_actor(store, actor, kb)
    if ref is not None:
        if ref.country:
            for e in store.select("event", country=ref.country, **filters):
                if isinstance(e, Event):
                    pool.setdefault((e.doc_id, e.span, e.stage, e.plover, e.trigger_span), e)
        for name in sorted(ref.names):
            for e in store.select("event", actor=name, **filters):
                if isinstance(e, Event):
                    pool.setdefault((e.doc_id, e.span, e.stage, e.plover, e.trigger_span), e)
        found = [e for e in pool.values() if _event_involves(e, ref, role)]
    else:
        found = [e for e in store.select("event", **filters) if isinstance(e, Event)]
    if target is not None:
        other = target if isinstance(target, ActorRef) else resolve_actor(store, target, kb)
        other_role = {"source": "target", "target": "source"}.get(role or "")
        found = [e for e in found if _event_involves(e, other, other_role)
                 and (ref is None or _pair_differs(e, ref, other))]
    if plover:
        types = {plover.upper()} if isinstance(plover, str) else {p.upper() for p in plover}
        found = [e for e in found if e.plover.upper() in types]
    words = topic_words(topic, kb)
    out = []
    for e in found:
        score = text_score(words, e.text) if words else 0.0
        if words and not _enough(score, words):
            continue
        out.append(_event_evidence(e, score))
    out.sort(key=_sort_key)
    if words:
        out.sort(key=lambda ev: -ev.score)
    return out[:limit] if limit is not None else out


def _pair_differs(e: Event, a: ActorRef, b: ActorRef) -> bool:
    """The event links ``a`` and ``b`` through its two different sides."""
    s, t = e.source, e.target
    if s is None or t is None:
        return False

    def is_(x: Any, ref: ActorRef) -> bool:
        return bool((ref.country and x.country == ref.country) or x.name in ref.names)

    return (is_(s, a) and is_(t, b)) or (is_(s, b) and is_(t, a))


def select_records(store: Store, kind: str, *, actor: str | None = None, country: str | None = None,
                   outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   text: str | None = None, doc_id: str | None = None, limit: int | None = None,
                   kb: KnowledgeBase | None = None) -> list[Record]:
    """:meth:`Store.select` with the query API's actor resolution (a country stands for its actors)."""
    kb = kb or default_kb()
    base: Filters = {k: v for k, v in (("outlet", outlet), ("date_from", date_from), ("date_to", date_to),
                                       ("text", text), ("doc_id", doc_id), ("country", country)) if v}
    if not actor:
        return store.select(kind, limit=limit, **base)
    ref = resolve_actor(store, actor, kb)
    seen: dict[str, Record] = {}
    batches = []
    if ref.country:
        merged = dict(base, country=ref.country)
        batches.append(store.select(kind, **merged))
    for name in sorted(ref.names):
        batches.append(store.select(kind, actor=name, **base))
    if kind == "quote" and ref.country:  # speakers tied to the country by name or role only
        wanted = {k: v for k, v in base.items() if k in ("outlet", "date_from", "date_to", "doc_id")}
        names = {n: ref.country for n in ref.names}
        extra = [q for q in _null_country_quotes(store, wanted) if speaker_country(q, names, kb) == ref.country]
        if text:
            words = topic_words(text, kb)
            extra = [q for q in extra if text_score(words, q.text) == 1.0]
        batches.append(list(extra))
    for batch in batches:
        for r in batch:
            seen.setdefault(json.dumps(r.to_interchange(), sort_keys=True, ensure_ascii=False), r)
    out = sorted(seen.values(), key=lambda r: (r.doc_id, r.span))
    return out[:limit] if limit is not None else out


def profile(store: Store, actor: str, *, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """An actor's profile: roles, statements, events, first and last seen (dates of its records)."""
    kb = kb or default_kb()
    ref = resolve_actor(store, actor, kb)
    said = statements(store, ref, kb=kb)
    acts = events(store, ref, kb=kb)
    roles = sorted({ev.role for ev in said if ev.role})
    kinds: set[str] = set()
    mention_dates: list[str] = []
    pub = {d["id"]: d.get("publication_date") for d in store.documents()}
    for name in sorted(ref.names):
        for m in store.select("mention", actor=name):
            if isinstance(m, Mention):
                kinds.add(m.kind)
                if m.role:
                    roles.append(m.role)
                published = pub.get(m.doc_id)
                if published:
                    mention_dates.append(str(published))
    dates = sorted([d for d in (ev.date for ev in said + acts) if d] + mention_dates)
    by_type: dict[str, int] = defaultdict(int)
    for ev in acts:
        by_type[ev.plover or ""] += 1
    return {"actor": ref.label, "query": ref.query, "country": ref.country, "names": sorted(ref.names),
            "kinds": sorted(kinds), "roles": sorted(set(roles)), "statements": [ev.as_dict() for ev in said],
            "events": [ev.as_dict() for ev in acts], "event_types": dict(sorted(by_type.items())),
            "first_seen": dates[0][:10] if dates else None, "last_seen": dates[-1][-10:] if dates else None}


def timeline(store: Store, *, actor: str | None = None, date_from: str | None = None,
             date_to: str | None = None, kb: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """Dated statements and events, ordered by date (ties by document order); undated ones are left out."""
    rows: list[dict[str, Any]] = []
    said = statements(store, actor, date_from=date_from, date_to=date_to, kb=kb)
    acts = events(store, actor, date_from=date_from, date_to=date_to, kb=kb)
    for ev in said:
        if ev.date is None:
            continue
        rows.append({"date": ev.date, "kind": "statement", "who": ev.who, "what": ev.text, "doc": ev.doc_id,
                     "span": list(ev.span), "sources": [o for o, _ in ev.outlets]})
    for ev in acts:
        if ev.date is None:
            continue
        rows.append({"date": ev.date, "kind": f"event {ev.plover}",
                     "who": " → ".join(x for x in (ev.who, ev.target) if x), "what": ev.text,
                     "doc": ev.doc_id, "span": list(ev.span), "sources": []})
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
    for q in store.select("quote"):
        if isinstance(q, Quote) and q.speaker:
            e = entry(q.speaker.name)
            e["quotes"] += 1
            e["kind"] = e["kind"] or q.speaker.type
            e["country"] = e["country"] or q.speaker.country
            if q.speaker.role:
                e["roles"].add(q.speaker.role)
    for ev in store.select("event"):
        if isinstance(ev, Event):
            for x in (ev.source, ev.target):
                if x:
                    entry(x.name)["events"] += 1
    rows = []
    for e in acc.values():
        e["surface_forms"] = sorted(e["surface_forms"])
        e["roles"] = sorted(e["roles"])
        rows.append(e)
    rows.sort(key=lambda r: (-(r["mentions"] + r["quotes"] + r["events"]), r["name"]))
    return rows
