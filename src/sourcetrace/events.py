"""Stage ``events``: who did what to whom, when and where, typed in PLOVER with the CAMEO code alongside.

For every sentence the dependency parse is searched for triggers of the event lexicon
(:mod:`sourcetrace.eventpatterns`, ``data/events.yaml`` plus users' files): verbs, verbs with a required
object ("signed an agreement"), and event nouns ("clashes between X and Y", "his visit to Turkey").  The
source actor is the subject (for nouns: the possessor, ``between X and Y``, ``by X``, or the subject of a
light verb), the target the object or a prepositional complement; both are resolved to a canonical actor
(country alpha-3 or organisation) through the mention records and the knowledge base.  The date is the
sentence's time expression closest to the trigger, else the last date of the narrative (the paragraph,
or the previous one for a paragraph's first sentence) when the event is told in the past.  The place is a
place mention the trigger governs (``in Zurich``).  Negated events ("did not support") and unrealised ones
("urged Armenia to withdraw", "could attack") are not emitted; intentions ("will seek to stop") carry
``mode="intend"``.  :func:`dedupe` groups reports of the same event across documents.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .eventpatterns import Lexicon, Pattern, Phrase, load_lexicon
from .pipeline import Context, stage
from .records import Event, EventActor, EventPlace, Mention, Quote, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Token

VERSION = 7
TAG = f"events@{VERSION}"
PAIR_MEMORY = 8
DOCUMENT_MEMORY = 1
"""How many sentences after the last one that named or referred to a document "it" may still refer to it."""
STATEMENT_PATTERN_CAMEO = "111"
"""CAMEO code of a statement that calls another actor's act reckless, illegal … (criticize or denounce)."""
"""How many sentences "the two sides" may look back for the pair named last."""
GROUP_MEMORY = 2
"""How many sentences "the leaders" or subject "they" may look back for the group named last."""
QUANTITIES = frozenset({"thousands", "hundreds", "dozens", "scores", "millions", "tens", "some", "many", "most",
                        "several", "few", "all", "groups", "hundred", "thousand", "dozen"})
"""Heads of "thousands of supporters", "some of the demonstrators": the actor is the ``of`` phrase."""
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}

OBJECTS = ("dobj", "attr", "oprd")
MODALS = frozenset({"can", "could", "may", "might", "must", "should", "would", "ought"})
FUTURE = frozenset({"will", "shall", "'ll"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
INTENT_CAMEO = {"AGREE": "030", "THREATEN": "130"}
"""CAMEO code of an announced intention: express intent to cooperate, threaten."""
BACKGROUND_MARKS = frozenset({"when", "after", "before", "since", "until", "once", "while", "as"})
TIME_MARKS = frozenset({"when", "after", "before", "since", "until", "once", "whenever"})
"""Conjunctions of a time clause whose past act is an event that happened ("after Russia annexed Crimea")."""
GERUND_MARKS = frozenset({"after", "since"})
"""Time prepositions whose gerund tells a completed act ("after ambushing a patrol"; "before withdrawing" does
not say the withdrawal happened)."""
SEQUENCE_MARKS = frozenset({"after", "before", "since", "until"})
"""Time clauses that place their act at another time than the main clause's: they share no date."""
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")
_STARTS: dict[int, tuple[Any, list[int]]] = {}
"""Token start offsets per Doc (keyed by ``id``, the Doc kept to make the key safe), for :func:`tokens_in`."""


# -- the stage -------------------------------------------------------------------------------------------
@stage("events", version=VERSION, requires=("sentence", "time", "mention", "quote"), assigns="event")
def find_events(ctx: Context) -> list[Event]:
    """Events from the parse and the event lexicon; negated and unrealised events left out."""
    return extract_events(ctx, keep_negated=False)


def extract_events(ctx: Context, *, keep_negated: bool = False) -> list[Event]:
    """The stage's work; ``keep_negated=True`` also returns negated events (``negated=True``)."""
    if not ctx.text.strip():
        return []
    finder = _Finder(ctx, lexicon_for(ctx))
    events = finder.run(keep_negated)
    return merge_repeats(events, inherited=finder.inherited)


def merge_repeats(events: list[Event], inherited: frozenset[int] | set[int] = frozenset()) -> list[Event]:
    """One record per event and document: a later report of the same event (as :func:`dedupe` judges)
    is folded into the first one's ``also_reported``.  A date the narrative lent a report (its sentence has
    none; ``inherited`` holds such reports' trigger offsets) does not keep it apart from the others."""
    groups: list[list[tuple[Event, Event]]] = []  # (report as compared, report as found): differ when lent
    for ev in events:
        lent = bool(ev.trigger_span and ev.trigger_span[0] in inherited and ev.target is not None)
        probe = replace(ev, date=None) if lent else ev
        for group in groups:
            # a report with a lent date joins a group without narrowing it for the reports that follow
            members = [group[0]] + [m for m in group[1:] if m[0] is m[1]]
            if all(_compatible(probe, other, 1) and (probe is ev and other is found or _same_target(ev, found))
                   and not _episode(probe, other) for other, found in members):
                group.append((probe, ev))
                break
        else:
            groups.append([(probe, ev)])
    out: list[Event] = []
    for group in groups:
        first, *rest = (found for _, found in group)
        if rest:
            first = replace(first, also_reported=tuple(e.span for e in rest))
        out.append(first)
    return sorted(out, key=lambda e: (e.span, e.trigger_span or e.span))


def _episode(a: Event, b: Event) -> bool:
    """Whether one report is dated by a period told as a span of time ("fought a war from 1998 to 2000") and
    the other by a narrower date inside it ("launched an offensive in May 2000"): an episode of the period,
    another event, not a second report of it."""
    ra, rb = date_range(a.date), date_range(b.date)
    if ra is None or rb is None:
        return False
    for wide, narrow, value in ((ra, rb, a.date), (rb, ra, b.date)):
        if value and "/" in value and (wide[1] - wide[0]).days > 31 and (
                (narrow[1] - narrow[0]).days * 2 < (wide[1] - wide[0]).days):
            return True
    return False


def lexicon_for(ctx: Context) -> Lexicon:
    """The packaged lexicon plus the user's ``events.yaml`` files of the context's knowledge base."""
    files = getattr(ctx.kb, "files", None)
    paths = files("events.yaml") if callable(files) else None
    return load_lexicon(paths or None)


# -- actors ----------------------------------------------------------------------------------------------
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _pycountry_code(text: str) -> str | None:
    import pycountry

    name = text.strip().strip(".")
    if not name or not name[0].isupper():
        return None
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def fallback_country_of(text: str) -> str | None:
    """Alpha-3 code for a country name or a regular demonym (``Armenian`` → ARM), without the knowledge base."""
    code = _pycountry_code(text)
    if code:
        return code
    word = text.strip()
    for suffix, repl in (("ians", "ia"), ("ian", "ia"), ("is", ""), ("i", ""), ("ans", "a"), ("an", "a"),
                         ("an", ""), ("ese", ""), ("lese", ""), ("ish", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            code = _pycountry_code(word[: -len(suffix)] + repl)
            if code:
                return code
    return None


def _country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@dataclass(slots=True)
class _Resolver:
    """Turns a token into an actor: mentions first, then the knowledge base, then demonyms."""

    ctx: Context
    lex: Lexicon
    mentions: list[Mention]
    pair: tuple[EventActor, EventActor] | None = None
    pair_at: int = -1
    issuer: EventActor | None = None
    recent: list[tuple[int, EventActor, str]] = field(default_factory=list)
    """(char offset, actor, mention kind) of actors named so far, for pronouns."""
    starts: list[int] = field(default_factory=list)
    """Start offsets of ``mentions`` (sorted), for bisection."""
    heads: dict[str, EventActor] = field(default_factory=dict)
    """Last word of an organisation's name → the organisation, for "the Council", "the rebels"."""
    event_pair: tuple[EventActor, EventActor] | None = None
    """Source and target of the last event with both: what "the two parties" may mean next."""
    event_pair_at: int = -1
    event_pair_offset: int = -1
    coord_pair: tuple[EventActor, EventActor] | None = None
    """The last two actors named together ("Mali and Burkina Faso")."""
    coord_offset: int = -1
    referred: tuple[EventActor, EventActor] | None = None
    """The pair "the two sides" last stood for, and where: a later "the two parties" means it again."""
    referred_offset: int = -1
    group: tuple[EventActor, ...] = ()
    group_at: int = -1
    unit: int = 0
    """Index of the sentence being read (set by the finder)."""
    subjects: tuple[tuple[EventActor, str], ...] = ()
    """Main-clause subjects of the last sentence read, as (actor, kind): ``person``, ``plural`` (a plural noun or
    "X and Y") or ``single`` (an organisation, country or institution), for a subject pronoun next."""
    subjects_at: int = -1
    people: dict[str, str] = field(default_factory=dict)
    """A person's folded name → the country their first mention gave ("Japanese Prime Minister Fumio Kishida")."""
    people_pair: tuple[EventActor, EventActor] | None = None
    """The last two people named acting together ("X and Y met", "X …. His rival, Y, replied"), each as their
    country or organisation: what "the two generals", "both men" mean."""
    people_offset: int = -1
    _focus: str | None = None
    _focus_done: bool = False
    _countries: dict[str, str | None] = field(default_factory=dict)
    """``country_of`` answers, per text (the same names recur through a document)."""

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: m.span)
        self.starts = [m.span[0] for m in self.mentions]

    def focus_country(self) -> str | None:
        """The document's main country: the one its place and organisation mentions name most (first
        named on a tie); the country of "the army", "police", "the government" without one of their own."""
        if not self._focus_done:
            counts: dict[str, int] = {}
            for m in self.mentions:
                if m.kind in ("place", "organization") and m.country:
                    counts[m.country] = counts.get(m.country, 0) + 1
            self._focus = max(counts, key=lambda c: counts[c]) if counts else None  # dicts keep first-seen order
            self._focus_done = True
        return self._focus

    def country_of(self, text: str) -> str | None:
        if text not in self._countries:
            self._countries[text] = self._country_of(text)
        return self._countries[text]

    def _country_of(self, text: str) -> str | None:
        fn = getattr(self.ctx.kb, "country_of", None)
        if callable(fn):
            try:
                code = fn(text)
            except Exception:  # noqa: BLE001 - a knowledge-base bug must not lose the event
                code = None
            if code:
                return str(code)
        return fallback_country_of(text)

    def name_of(self, code: str) -> str:
        """The country's canonical name, the one the mentions stage gives it (``Turkey``, ``Russia``)."""
        try:
            country = self.ctx.kb.actors.countries.get(code)
        except AttributeError:  # a knowledge base without actors
            country = None
        if country is not None:
            return str(country.name)
        link = getattr(self.ctx.kb, "link", None)
        if callable(link):
            try:
                ent = link(code, kind="place")
            except Exception:  # noqa: BLE001
                ent = None
            if ent is not None and getattr(ent, "country", None) == code:
                return str(ent.name)
        return _country_name(code)

    def from_mention(self, m: Mention) -> EventActor | None:
        country = m.country
        if country is None and m.kind in ("place", "organization"):
            country = self.country_of(m.text)
        name = m.canonical or m.text
        if country is None and m.kind == "person":
            country = self.people.get(fold(name))
        if m.kind == "place":
            if country is None:
                return None
            if self.country_of(m.text) == country or (m.entity_id or "").startswith("country:"):
                name = self.name_of(country) if name == m.text and self.country_of(m.text) else name
        return EventActor(name=name, country=country, mention=m.text, span=m.span)

    def _person_country(self, m: Mention, actor: EventActor) -> EventActor:
        """A person's country from a demonym or country in their phrase, remembered for later mentions."""
        tok = token_at(self.ctx.doc, m.span[0])
        if tok is None:
            return actor
        while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and tok.head.pos_ == "PROPN":
            tok = tok.head
        start, end, _ = _phrase(tok)
        named = [x.country for x in self.mentions_in(start, m.span[0]) if x.kind == "place" and x.country]
        country = named[-1] if named else self._country_in(tok, start, end)  # "South Korean President Yoon"
        if country is None:
            return actor
        self.people[fold(actor.name)] = country
        return EventActor(actor.name, country, actor.mention, actor.span)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions (not outlets) that lie inside ``start:end``."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.span[1] <= end and m.kind != "outlet"]

    def resolve(self, tok: Token) -> EventActor | None:
        """The actor a noun phrase headed by ``tok`` names, or None."""
        low = tok.lower_
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":  # "the State Department, which called …"
            return self.resolve(tok.head.head)
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
            return self.pronoun(tok)
        pair = self.pair_of(tok)
        if pair:
            return pair[0]
        if low in QUANTITIES:  # "thousands of supporters": the supporters
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return self.resolve(pobj)
        start, end, head_span = _phrase(tok)
        ms = self.mentions_in(start, end)
        ranked = sorted(ms, key=lambda m: (not (m.span[0] <= tok.idx < m.span[1]),
                                           {"person": 0, "organization": 1, "place": 2}.get(m.kind, 3),
                                           m.span[0]))
        for m in ranked:
            if m.kind == "organization" and not m.entity_id and not m.country:
                earlier = self.heads.get(_head_word(m.text))  # "the Council" after "the UN Security Council"
                if earlier is not None:
                    return earlier
            actor = self.from_mention(m)
            if actor is None:
                continue
            if actor.country is None:
                actor = EventActor(actor.name, self._country_in(tok, start, end), actor.mention, actor.span)
            return actor
        country = self._country_in(tok, start, end)
        if country:
            text = self.ctx.text[head_span[0]:head_span[1]]
            if self.country_of(text) == country:
                return EventActor(name=self.name_of(country), country=country, mention=text, span=head_span)
            return EventActor(name=text, country=country, mention=text, span=head_span)
        if tok.lemma_.lower() in self.lex.words("issuer_nouns") or low in self.lex.words("issuer_nouns") or any(
                t.lemma_.lower() in self.lex.words("issuer_nouns") for t in tok.lefts if t.dep_ == "compound"):
            return self.issuer
        return self.by_context(tok, head_span)

    def by_context(self, tok: Token, head_span: tuple[int, int]) -> EventActor | None:
        """A common noun through the document: an organisation named earlier with the same last word ("the
        rebels" after "M23 rebels"), else a country's institution or group ("the army", "police") as the
        document's main country."""
        if tok.pos_ not in ("NOUN", "PROPN") or any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "another", "some", "any", "no") for c in tok.children):
            return None
        earlier = self.heads.get(_head_word(tok.text))
        if earlier is not None:
            return earlier
        if tok.lemma_.lower() in self.lex.words("org_nouns"):  # "the bloc": the organisation named last
            return next((a for offset, a, kind in reversed(self.recent)
                         if kind == "organization" and offset < tok.idx), None)
        domestic = self.lex.words("domestic_nouns")
        lemma = tok.lemma_.lower()
        compound = " ".join(c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod")) + " " + lemma
        if lemma not in domestic and tok.lower_ not in domestic and not any(
                compound.endswith(" " + d) or compound.strip() == d for d in domestic if " " in d):
            return None
        country = self.focus_country()
        if country is None:
            return None
        text = self.ctx.text[head_span[0]:head_span[1]]
        return EventActor(name=self.name_of(country), country=country, mention=text, span=head_span)

    def _country_in(self, tok: Token, start: int, end: int) -> str | None:
        """A country named or implied by a demonym inside the phrase ``start:end`` (head first)."""
        words = [tok] + [t for t in tokens_in(tok.doc, start, end) if t.i != tok.i
                         and t.pos_ in ("ADJ", "PROPN", "NOUN") and t.dep_ in ("amod", "compound", "poss", "pobj",
                                                                               "nmod", "appos")]
        for t in words:
            if t.text[:1].isupper() and (len(t.text) > 3 or t.text.isupper()) and t.pos_ in ("PROPN", "ADJ", "NOUN"):
                code = self.country_of(t.text)
                if code:
                    return code
        return None

    def pair_of(self, tok: Token) -> tuple[EventActor, EventActor] | None:
        """``the two sides``, ``both parties``: the last two actors of the sentence, else the last pair;
        ``the two generals``, ``both men``: the last pair of people named acting together."""
        lemma = tok.lemma_.lower()
        people = lemma in self.lex.words("people_nouns") or tok.lower_ in self.lex.words("people_nouns")
        if lemma not in self.lex.words("pair_nouns") and not people:
            return None
        size = next((NUMBERS[c.lower_] for c in tok.children if (c.dep_ == "nummod" or c.lower_ == "both")
                     and c.lower_ in NUMBERS), 0)
        if people and size == 2 and tok.tag_ in ("NNS", "NNPS"):
            pair = self._people_pair(tok)
            if pair is not None:
                return pair
            if lemma not in self.lex.words("pair_nouns"):
                return None  # "the two generals" are people: never two countries named in between
        elif lemma not in self.lex.words("pair_nouns"):
            return None
        if size == 0:
            # "the leaders" (plural, definite) right after a group was named
            fresh = self.group and self.unit - self.group_at <= GROUP_MEMORY
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            if fresh and definite and tok.tag_ == "NNS":
                self.group_at = self.unit  # "the leaders condemned …. They also criticised …"
                return self.group[0], self.group[1]
            return None
        if size == 2:
            sent_start = tok.sent.start_char
            doers = _clause_subject_span(tok)  # "X and Y brought delegations of the two sides": not X and Y
            seen: list[EventActor] = []
            for offset, actor, _ in self.recent:
                if doers[0] <= offset < doers[1]:
                    continue
                if sent_start <= offset < tok.idx and all(_key(a) != _key(actor) for a in seen):
                    seen.append(actor)
            if len(seen) >= 2:
                return self._grouped((seen[-2], seen[-1]))
            # the most recent of: the pair of a conflict, the actors of the last event, the last "X and Y"
            options = [(self.pair_offset, self.pair), (self.event_pair_offset, self.event_pair),
                       (self.coord_offset, self.coord_pair), (self.referred_offset, self.referred)]
            latest = max((o for o in options if o[1] is not None and o[0] < tok.idx), key=lambda o: o[0],
                         default=None)
            if latest is not None and latest[1] is not None:
                # a pair referred to is the pair most recently spoken of ("the two sides" … "the two parties")
                self.referred, self.referred_offset = latest[1], tok.idx
                return self._grouped(latest[1])
        members = self.last_named(size, tok.idx)  # else the last actors named
        return self._grouped(members) if len(members) == size else None

    def _people_pair(self, tok: Token) -> tuple[EventActor, EventActor] | None:
        """The pair of people "the two generals" stands for: the last pair named acting together, for a noun
        that only people are ("generals", "men"); for one that also names countries' sides ("leaders") only
        when no pair of actors was named after it (this sentence, a conflict, an event, "X and Y")."""
        if self.people_pair is None or self.people_offset >= tok.idx:
            return None
        if tok.lemma_.lower() in self.lex.words("pair_nouns"):
            sent_start = tok.sent.start_char
            if len({_key(a) for o, a, kind in self.recent if sent_start <= o < tok.idx and kind != "place"}) >= 2:
                return None
            later = [o for o, pair in ((self.pair_offset, self.pair), (self.event_pair_offset, self.event_pair),
                                       (self.coord_offset, self.coord_pair)) if pair is not None]
            if any(self.people_offset < o < tok.idx for o in later):
                return None
        return self._grouped(self.people_pair)

    @property
    def pair_offset(self) -> int:
        return self.pair[1].span[0] if self.pair is not None and self.pair[1].span else -1


    def _grouped(self, members: tuple[EventActor, ...]) -> tuple[EventActor, EventActor]:
        self.group, self.group_at = members, self.unit
        return members[0], members[1]

    def last_named(self, size: int, before: int, kinds: set[str] | None = None) -> tuple[EventActor, ...]:
        """The last ``size`` different actors named before ``before`` (countries, organisations, people; not
        towns; only ``kinds`` when given), in the order they were first named in that stretch."""
        seen: dict[str, tuple[int, EventActor]] = {}
        for offset, actor, kind in reversed(self.recent):
            if offset >= before or kind == "place" or (kinds and kind not in kinds):
                continue
            key = _key(actor)
            if key not in seen and len(seen) == size:
                break
            seen[key] = (offset, actor)
        return tuple(a for _, a in sorted(seen.values(), key=lambda p: p[0]))

    def pronoun(self, tok: Token) -> EventActor | None:
        """He/she and possessives (his, its, their) refer back to an actor named earlier in the sentence; a
        subject pronoun of reported speech to the speaker ("the ministry said it had …"); a main-clause subject
        pronoun to the one main-clause subject of the sentence before that fits it (``it``: an organisation,
        country or institution; ``they``: a plural or "X and Y"; ``he``/``she``: a person). Ambiguous: none."""
        low = tok.lower_
        if tok.dep_ in ("nsubj", "nsubjpass") and low in ("themselves", "itself", "himself", "herself"):
            return self._reflexive(tok)  # "Mali and Burkina Faso, themselves ruled by …, warned"
        if tok.dep_ in ("nsubj", "nsubjpass") and low in ("it", "they", "he", "she"):
            said = self._speaker_of(tok)
            if said is not None:
                return said
        found = self._pronoun_in_sentence(tok)
        if found is not None or tok.dep_ not in ("nsubj", "nsubjpass") or not _main_clause(tok.head):
            return found
        if self.unit - self.subjects_at != 1:
            return None
        wanted = {"he": "person", "she": "person", "it": "single", "they": "plural"}.get(low)
        fits = {_key(a): a for a, kind in self.subjects if kind == wanted}
        if len(fits) != 1 or len({_key(a) for a, _ in self.subjects}) != 1:
            return None  # two candidates (or another subject beside it): ambiguous
        if wanted != "person" and any(tok.sent.start_char <= offset < tok.idx and kind != "place"
                                      for offset, _, kind in self.recent):
            return None  # an actor named in this sentence before the pronoun could be meant
        return next(iter(fits.values()))

    def _reflexive(self, tok: Token) -> EventActor | None:
        """A reflexive subject set off after a noun phrase ("Mali and Burkina Faso, themselves ruled by military
        governments, warned …", the parser making the pronoun the subject): that noun phrase."""
        i = tok.i - 1
        while i >= tok.sent.start and tok.doc[i].is_punct:
            i -= 1
        if i < tok.sent.start or i == tok.i - 1 or tok.doc[i].pos_ not in ("PROPN", "NOUN"):
            return None  # only a pronoun set off by a comma
        node = tok.doc[i]
        while node.dep_ in ("compound", "flat", "conj") and node.head.i < node.i:
            node = node.head
        return self.resolve(node)

    def _speaker_of(self, tok: Token) -> EventActor | None:
        """The speaker a subject pronoun of reported speech stands for ("Kosovo police said they had seized …",
        "the Foreign Office said it was concerned"), when the speaker fits the pronoun."""
        clause = _first_conjunct(tok.head)
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.lex.words("statement_verbs"):
            return None
        speaker = subject_of(clause.head, inherit=False)
        if speaker is None or speaker.pos_ == "PRON" or speaker.i == tok.i:
            return None
        start, end, _ = _phrase(speaker)
        person = any(m.kind == "person" for m in self.mentions_in(start, end))
        if (tok.lower_ in ("he", "she")) != person:
            return None
        if tok.lower_ == "it" and speaker.tag_ in ("NNS", "NNPS"):
            return None
        return self.resolve(speaker)

    def _pronoun_in_sentence(self, tok: Token) -> EventActor | None:
        low = tok.lower_
        if low in ("he", "she"):
            kinds = {"person-subject"}
        elif low in PERSON_PRONOUNS:
            kinds = {"person", "person-subject"}
        elif low in ("its",):
            kinds = {"organization", "country"}
        elif low in ("their",):
            kinds = {"organization", "country", "person", "person-subject"}
        elif low in ("they", "them") and tok.dep_ in ("nsubj", "pobj") and self.group and (
                self.unit - self.group_at <= 1):
            self.group_at = self.unit  # the group stays fresh while the text refers to it
            return self.group[0]  # "The three leaders agreed ... They also criticised ..."
        else:
            return None
        sent_start = tok.sent.start_char
        for offset, actor, kind in reversed(self.recent):
            if sent_start <= offset < tok.idx and kind in kinds:
                return actor
        return None

    def note(self, m: Mention, subject: bool = False) -> None:
        actor = self.from_mention(m)
        if actor is not None and m.kind == "organization" and (m.entity_id or m.country):
            self.heads[_head_word(m.text)] = actor
        if actor is not None and m.kind == "person" and actor.country is None:
            actor = self._person_country(m, actor)
        if actor is not None:
            kind = "country" if m.kind == "place" else m.kind
            if m.kind == "place" and not (m.entity_id or "").startswith("country:") and self.country_of(m.text) is None:
                kind = "place"  # a town: not an actor of its own for "the three leaders"
            if kind == "person" and subject:
                kind = "person-subject"
            self.recent.append((m.span[0], actor, kind))


def _head_word(text: str) -> str:
    """The last word of a name, folded and singular: "M23 rebels" → "rebel", "the Council" → "council"."""
    words = fold(text).split()
    word = words[-1] if words else ""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _same(a: _Found, b: _Found) -> bool:
    """Two triggers of one sentence that report the same event (a missing target matches any)."""
    if a.pattern.plover != b.pattern.plover or a.negated != b.negated:
        return False
    pa, pb = {_key(a.source), _key(a.target)}, {_key(b.source), _key(b.target)}
    if _key(a.source) == _key(b.source):
        return a.target is None or b.target is None or _key(a.target) == _key(b.target)
    return (a.pattern.symmetric or b.pattern.symmetric) and pa == pb


def _serves(found: _Found, others: list[_Found]) -> bool:
    """A deployment that serves a joint exercise or a mission told in the same sentence ("sent forces to
    Azerbaijan to take part in maneuvers") is part of that event, not one of its own."""
    if found.pattern.plover != "MOBILIZE":
        return False
    return any(o.pattern.plover in ("COOPERATE", "AID") and _key(o.source) == _key(found.source)
               and (o.target is None or found.target is None or _key(o.target) == _key(found.target))
               for o in others if o is not found)


def _announces(found: _Found, others: list[_Found]) -> bool:
    """A promise, pledge or vow (CAMEO 030) whose infinitive is itself an intended act of the lexicon ("vowed
    to capture Goma"): the intention is that act's, typed from it (THREATEN here), not a second event."""
    if found.pattern.cameo != "030" or found.trigger.pos_ != "VERB":
        return False
    def under(tok: Token) -> bool:  # "vowed to capture", "agreed to hold … and to share"
        tok = _first_conjunct(tok)
        return tok.dep_ == "xcomp" and tok.head.i == found.trigger.i

    return any(o is not found and o.mode == "intend" and under(o.trigger) for o in others)


def _same_target(a: Event, b: Event) -> bool:
    return a.target is not None and b.target is not None and _key(a.target) == _key(b.target)


def _key(actor: EventActor | None) -> str:
    if actor is None:
        return ""
    return actor.country or fold(actor.name)


def _clause_subject_span(tok: Token) -> tuple[int, int]:
    """Character extent of the subject of the clause ``tok`` lies in, when ``tok`` is not inside it: the doers
    of a clause are not the parties its object speaks of. ``(0, 0)`` when there is none."""
    node = tok
    for _ in range(10):
        if node.pos_ in ("VERB", "AUX"):
            subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or tok in subj.subtree:
                return 0, 0
            return _subtree_span(subj)
        if node.head.i == node.i:
            break
        node = node.head
    return 0, 0


def _between_of(subj: Token) -> Token | None:
    """The ``between`` of talks a relative subject stands for ("the dialogue between X and Y, which produced
    …", the parser hanging the clause on X or Y), or of the subject noun itself; else None."""
    noun = subj
    if subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        noun = _first_conjunct(subj.head.head)
        if noun.dep_ == "pobj" and noun.head.lower_ == "between":
            return noun.head
    return next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"), None)


def _first_conjunct(tok: Token) -> Token:
    """The first of the conjuncts ``tok`` belongs to ("reckless and dangerous": ``reckless``), else ``tok``."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _main_clause(verb: Token) -> bool:
    """Whether ``verb`` heads the sentence's main clause or a clause coordinated with it."""
    node = verb
    for _ in range(8):
        if node.dep_ == "ROOT":
            return True
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _phrase(tok: Token) -> tuple[int, int, tuple[int, int]]:
    """Character extent of the noun phrase headed by ``tok`` (modifiers, appositions, ``of`` complements)."""
    keep = {"det", "amod", "compound", "poss", "nmod", "appos", "flat", "nummod", "case", "punct", "prep",
            "pobj", "quantmod", "advmod"}
    start, end = tok.idx, tok.idx + len(tok.text)
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ not in keep or (c.dep_ == "prep" and c.lower_ not in ("of", "in", "from")):
                continue
            start, end = min(start, c.idx), max(end, c.idx + len(c.text))
            stack.append(c)
    head_start = min(t.idx for t in tok.lefts if t.dep_ in ("amod", "compound")) if any(
        t.dep_ in ("amod", "compound") for t in tok.lefts) else tok.idx
    return start, end, (head_start, tok.idx + len(tok.text))


def _token_starts(doc: Any) -> list[int]:
    entry = _STARTS.get(id(doc))
    if entry is None or entry[0] is not doc:
        _STARTS.clear()  # one document at a time: keep the cache from growing
        # read the offsets from the Doc's array: iterating would make a Token object per token
        entry = (doc, [int(i) for i in doc.to_array("IDX")] if len(doc) else [])
        _STARTS[id(doc)] = entry
    return entry[1]


def tokens_in(doc: Any, start: int, end: int) -> Any:
    """The tokens of ``doc`` that start inside ``start:end``, found by bisection (a Span, possibly empty)."""
    starts = _token_starts(doc)
    return doc[bisect_left(starts, start):bisect_left(starts, end)]


def token_at(doc: Any, offset: int) -> Token | None:
    """The token of ``doc`` that starts exactly at ``offset``, or None."""
    starts = _token_starts(doc)
    i = bisect_left(starts, offset)
    return doc[i] if i < len(starts) and starts[i] == offset else None


# -- syntax helpers --------------------------------------------------------------------------------------
def subject_of(verb: Token, *, inherit: bool = True) -> Token | None:
    """The verb's subject; for a participle, infinitive or conjunct without one, its head's subject."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:  # "GOMA, Congo, May 2 - M23 rebels shelled": the one nearest the verb
        return max(subjects, key=lambda c: c.i if c.i < verb.i else -c.i)
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
        if c.dep_ == "agent" and verb.tag_ == "VBN":  # "by telephone" after an active verb is no agent
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if inherit:
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return c
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and not _patient_participle(verb):
        return verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in GERUND_MARKS and (
            verb.head.head.pos_ in ("VERB", "AUX")):  # "gunmen barricaded themselves after ambushing a patrol"
        return subject_of(verb.head.head, inherit=True)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, inherit=True)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ in ("acomp", "xcomp") and (
            verb.head.head.pos_ in ("VERB", "AUX")):  # "Syria is willing to withdraw": the subject of "is"
        return subject_of(verb.head.head, inherit=True)
    return None


def _acted_on(verb: Token, acts: frozenset[str]) -> bool:
    """Whether a verbal act (condemn, reject) has for object an act or a claim (``object_acts``): "condemned
    the coup", "rejected the accusations" are reported with their source even when no actor is named; so is
    one that names the act it blames ("accused her of inciting unrest", "blamed the groups for the violence")
    or the act refused ("refuses to recognize the ruling")."""
    def act(tok: Token) -> bool:
        return tok.lemma_.lower() in acts or tok.lower_ in acts

    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and act(c):
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            if any((g.dep_ == "pobj" and act(g)) or (g.dep_ == "pcomp" and g.tag_ == "VBG") for g in c.children):
                return True
        if c.dep_ == "xcomp" and any(g.dep_ == "dobj" and act(g) for g in c.children):
            return True
    return False


def _addressed(particle: Token | None, acts: frozenset[str] = frozenset()) -> bool:
    """``call on`` + an addressee that is neither a date nor an act ("called on all states", not "called on
    Sunday" nor "called on his visit to Turkey for …": there "on" tells when)."""
    if particle is None:
        return False
    return any(g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN") and g.ent_type_ not in ("DATE", "TIME")
               and g.lemma_.lower() not in acts for g in particle.children)


def _patient_participle(verb: Token) -> bool:
    """A past participle on a noun ("a killed officer", "the soldiers wounded in the attack"): the noun
    is what the act was done to, never its doer."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and verb.head.i != verb.i


def _own_passive(verb: Token) -> bool:
    """A passive verb ("was arrested"): its subject is the patient, so only a ``by`` agent is its source."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    """The ``by`` agent of a passive verb."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def _objects(verb: Token, measures: frozenset[str] = frozenset()) -> list[Token]:
    """The verb's objects, a passive's subject, prepositional objects and their conjuncts; for a past
    participle on a noun ("the agreement signed in December") that noun; through a measure (``measures``:
    "5.1 million dollars of aid", "tons of food aid") the ``of`` phrase too."""
    found = [c for c in verb.children if c.dep_ in OBJECTS or c.dep_ == "nsubjpass"]
    if _patient_participle(verb) and verb.head.pos_ in ("NOUN", "PROPN"):
        found.append(verb.head)
    for c in verb.children:
        if c.dep_ in ("prep", "prt") or c.dep_ == "dative":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    found.extend(g for o in list(found) for g in o.children if g.dep_ == "conj")
    if measures:
        found.extend(_measured(o, measures) for o in list(found) if _measured(o, measures) is not o)
    return found


def _measured(tok: Token, measures: frozenset[str]) -> Token:
    """What a measure counts ("million dollars of aid" → aid, "days of war games" → games), else ``tok``."""
    for _ in range(3):
        if tok.lemma_.lower() not in measures and tok.lower_ not in measures:
            return tok
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if pobj is None:
            return tok
        tok = pobj
    return tok


def phrase_matches(tok: Token, phrase: Phrase) -> bool:
    """Whether the noun ``tok`` (with its modifiers) is ``phrase``: ``agreement``, ``martial law``, ``state of war``."""
    lemma = tok.lemma_.lower()
    if phrase.of:
        if lemma != phrase.head:
            return False
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(phrase.of in (g.lemma_.lower(), g.lower_)
                                                                 for g in c.children)
                   for c in tok.children)
    if lemma != phrase.head and tok.lower_ != phrase.head:
        return False
    if phrase.modifier:
        mods = {c.lemma_.lower() for c in tok.lefts} | {c.lower_ for c in tok.lefts}
        return all(w in mods for w in phrase.modifier.split())
    return True


def _names_document(tok: Token, lex: Lexicon) -> bool:
    """Whether the noun phrase headed by ``tok`` names a document of an issuer (``issuer_nouns``), also
    through a compound ("Resolution No. 853")."""
    nouns = lex.words("issuer_nouns")
    return any(t.lemma_.lower() in nouns or t.lower_ in nouns
               for t in (tok, *(c for c in tok.lefts if c.dep_ == "compound")))


def _is_act(tok: Token, lex: Lexicon) -> bool:
    """Whether the noun ``tok`` is an act or a claim (``object_acts``, or an event noun of the lexicon)."""
    lemma = tok.lemma_.lower()
    return lemma in lex.words("object_acts") or tok.lower_ in lex.words("object_acts") or bool(
        lex.candidates("noun", lemma))


def _hedged(pred: Token) -> bool:
    """A judgement under a modal, the future or a condition ("would be dangerous", "if it is illegal")."""
    return any((c.dep_ in ("aux", "auxpass") and (c.lower_ in MODALS or c.lower_ in FUTURE))
               or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS) for c in pred.children)


def _has_particle(verb: Token, particle: str) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("prt", "prep", "advmod") and c.lower_ == particle:
            return c
    return None


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod")) for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("pcomp", "pobj") and head.lower_ == "without":
        return True
    if tok.dep_ == "conj" and head.i != tok.i:
        return _negated(head) and not any(c.dep_ == "nsubj" for c in tok.children)
    return False


def _governor(tok: Token, measures: frozenset[str] = frozenset()) -> Token | None:
    """The verb a noun trigger depends on (``held talks``, ``took part in maneuvers``; through a measure,
    ``measures``: "launched 10 days of war games")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
        if tok.head.lower_ == "of" and (head.lemma_.lower() in measures or head.lower_ in measures) and (
                head.dep_ in ("dobj", "pobj")):
            return _governor(head, measures)
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
        return None
    return head


def modality(tok: Token, lex: Lexicon) -> str | None:
    """``irrealis`` (modal, conditional, under 'urge'/'fail to' …), ``intend`` (will, seek to …) or None."""
    node, child = tok, None
    intend = False
    for _ in range(10):
        if child is not None:
            lemma = node.lemma_.lower()
            wanted = child.dep_ != "prep" or child.lower_ in ("for", "to")  # "call for a ceasefire"
            if child.dep_ in ("xcomp", "ccomp", "dobj", "prep", "pcomp", "pobj") and wanted:
                if lemma in lex.words("irrealis_governors") or (
                        lemma in lex.words("ending_governors") and child.dep_ in ("dobj", "prep", "pobj")):
                    return "irrealis"
                if lemma in lex.words("intent_governors") and child.dep_ in ("xcomp", "ccomp"):
                    intend = True
        for c in node.children:
            if c.dep_ in ("aux", "auxpass"):
                if c.lower_ == "would" and node.dep_ == "ccomp":
                    intend = True  # "said they would boycott": the future of reported speech
                elif c.lower_ in MODALS:
                    return "irrealis"
                if c.lower_ in FUTURE:
                    intend = True
            if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
                return "irrealis"
        if node.head.i == node.i or _semicolon_between(node, node.head):
            break
        # climb through nominal links and complement clauses; a clause of its own ends the walk
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "ccomp", "conj", "pcomp"):
            break
        child, node = node, node.head
    return "intend" if intend else None


def _semicolon_between(clause: Token, head: Token) -> bool:
    """Whether a semicolon separates a clause from the verb the parse hangs it on ("The Council imposed an
    embargo on Eritrea; Asmara denied the charges"): a semicolon joins independent clauses, so the verb after
    it neither governs nor modalizes the clause before it."""
    if clause.i >= head.i:
        return False
    return any(t.text == ";" for t in clause.doc[clause.i + 1:head.i])


def _past(tok: Token) -> bool:
    """Whether the clause of ``tok`` tells something past (past tense or perfect)."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX"):
            if node.tag_ == "VBD":
                return True
            if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in node.children):
                return True
            if node.tag_ == "VBN" and any(c.lemma_ == "have" for c in node.children if c.dep_ == "aux"):
                return True
            if node.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP", "MD") for c in node.children
                                                   if c.dep_ in ("aux", "auxpass")):
                return False
        if node.head.i == node.i:
            break
        node = node.head
    return False


def _infinitive(verb: Token) -> bool:
    """A bare or ``to`` infinitive (not do-support: "did not support" is a finite verb)."""
    if verb.tag_ != "VB":
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "do" for c in verb.children)


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}
UNIT_DAYS = {"day": 1, "week": 7}


def with_duration(value: str | None, clause: Token) -> str | None:
    """A day that starts an event which "lasted N days" becomes the interval it covers (exact counts only:
    "lasted about two weeks" keeps the day)."""
    if not value or len(value) != 10 or "/" in value:
        return value
    verbs = [clause] + [c for c in clause.children if c.dep_ == "conj"]
    for verb in verbs:
        if verb.lemma_.lower() != "last":
            continue
        for c in verb.children:
            unit = UNIT_DAYS.get(c.lemma_.lower())
            if unit is None or c.dep_ not in ("npadvmod", "dobj", "obj"):
                continue
            nums = [g for g in c.children if g.dep_ == "nummod"]
            if len(nums) != 1 or any(g.dep_ in ("advmod", "quantmod") for g in nums[0].children):
                continue
            word = nums[0].lower_
            count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            if not count or count > 366:
                continue
            start = dt.date.fromisoformat(value)
            end = start + dt.timedelta(days=count * unit - 1)
            return f"{value}/{end.isoformat()}"
    return value


def _background(verb: Token) -> bool:
    """A clause of simultaneity or cause ("as the talks went on", "while Turkish Cypriots approved it"), or a
    time clause that does not tell a past act ("when her term ends"): background to the main clause. A past
    act in a time clause ("when the army seized the town", "after Russia annexed Crimea") is an event."""
    mark = _clause_mark(verb)
    if mark is None:
        return False
    return mark not in TIME_MARKS or not _past(verb)


def _clause_mark(verb: Token) -> str | None:
    """The conjunction of the adverbial or relative clause ``verb`` heads ("when", "after", "as"), or None."""
    if verb.dep_ not in ("advcl", "relcl"):
        return None
    return next((c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod") and c.lower_ in BACKGROUND_MARKS),
                None)


def _time_clause(tok: Token) -> tuple[Token, str] | None:
    """The time clause ``tok`` lies in and its conjunction: a when/after/before… clause (its head verb) or a
    gerund after a time preposition ("after ambushing a patrol"); None in a main clause."""
    node = tok
    for _ in range(12):
        mark = _clause_mark(node) if node.pos_ in ("VERB", "AUX") else None
        if mark in TIME_MARKS:
            return node, mark
        if node.dep_ == "pcomp" and node.tag_ == "VBG" and node.head.lower_ in GERUND_MARKS:
            return node, node.head.lower_
        if node.head.i == node.i or (node.pos_ in ("VERB", "AUX") and node.dep_ not in ("conj", "xcomp", "ccomp")):
            return None
        node = node.head
    return None


def _subtree_span(tok: Token) -> tuple[int, int]:
    right = tok.right_edge
    return tok.left_edge.idx, right.idx + len(right.text)


def _recalled(verb: Token, lex: Lexicon) -> bool:
    """A past perfect marked as a recall ("had previously refused"): background to the story, not news."""
    perfect = any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
    # "a day earlier", "two weeks earlier" measure from a date told before: they anchor, they do not recall
    return perfect and any(c.dep_ == "advmod" and c.lower_ in lex.words("recall_markers")
                           and not any(g.dep_ == "npadvmod" for g in c.children) for c in verb.children)


def _habitual(tok: Token) -> bool:
    """Simple present without auxiliary: a standing state or habit ("Russia supports Armenia")."""
    return tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


# -- units, dates, places, quotes ------------------------------------------------------------------------
def sentence_units(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, with a sentence cut by a stray line break ("that began\\n\\non 29/7/2020") joined again."""
    units: list[tuple[int, int]] = []
    for start, end in sorted(sentences):
        if units:
            prev = text[units[-1][0]:units[-1][1]].rstrip()
            nxt = text[start:end].lstrip()
            if prev and nxt and not _END.search(prev) and nxt[:1].islower():
                units[-1] = (units[-1][0], end)
                continue
        units.append((start, end))
    return units


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs start (blank-line separated; single lines when there is no blank line)."""
    sep = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", text) else re.compile(r"\n")
    return [0] + [m.end() for m in sep.finditer(text)]


@dataclass(frozen=True, slots=True)
class _Found:
    pattern: Pattern
    trigger: Token
    source: EventActor
    target: EventActor | None
    mode: str | None
    negated: bool
    clause: Token
    doer: str = ""
    """Lemma of the source's head word ("protester"), for the crowd rule."""
    document: int = -1
    """The document frame (:class:`_DocFrame` ident) whose issuer the source is, else -1."""
    kind: str = ""
    """How the event was found when not by a trigger and its subject: ``statement`` (an evaluation in a
    speaker's words, :meth:`_Finder._statements`), ``implied`` (a subjectless act in a state official's
    statement, its doer the speaker's country) or ``parties`` (an agreement whose parties are named around
    it, :meth:`_Finder.parties`)."""


@dataclass(slots=True)
class _DocFrame:
    """A document (resolution, decision, decree …) told as issued ("Resolution 853 was issued on …"), which
    the next sentences may refer back to ("It demanded …", "The previous decision condemned …")."""

    ident: int
    issuer: EventActor
    unit: tuple[int, int]
    """The issuance sentence."""
    unit_index: int
    tokens: frozenset[int]
    """Token indices of the document's own noun phrase in the issuance sentence."""
    verb: Token
    """The issuance verb."""
    date: str | None
    last_ref: int
    """Index of the last sentence that referred to the document (starts at the issuance sentence)."""
    record: int = -1
    """Index in the stage's output of the issuance record (the document's demand), -1 while there is none."""


class _Finder:
    def __init__(self, ctx: Context, lex: Lexicon) -> None:
        self.ctx = ctx
        self.lex = lex
        mentions = sorted(ctx.of("mention"), key=lambda m: m.span)
        self.resolver = _Resolver(ctx, lex, mentions)
        self.times: list[TimeExpr] = sorted((t for t in ctx.of("time") if t.value), key=lambda t: t.span)
        self.quotes: list[Quote] = list(ctx.of("quote"))
        self.places = [m for m in mentions if m.kind == "place"]
        self.paragraphs = paragraph_starts(ctx.text)
        sents = [s.span for s in ctx.of("sentence")] or [(s.start_char, s.end_char) for s in ctx.doc.sents]
        self.units = sentence_units(ctx.text, sents)
        self._unit_starts = [u[0] for u in self.units]
        cited = [c.span for c in ctx.of("citation")]
        self.story_times = {t.span for t in self.times if not any(a <= t.span[0] and t.span[1] <= b for a, b in cited)}
        """Spans of the story's time expressions: a citation's date ("(Sputnik, 27/9/2020)") dates the source."""
        self._time_starts = [t.span[0] for t in self.times]
        self._unit_index = 0
        self._dated: list[tuple[int, str | None]] = []
        self.inherited: set[int] = set()
        """Trigger offsets of the events whose date (or lack of one) came from the narrative."""
        self.frames: dict[int, _DocFrame] = {}
        self.frame: _DocFrame | None = None
        """The document the next sentences may refer back to ("It demanded …")."""
        self._acts = lex.words("object_acts") | frozenset(
            p.lemma for p in lex.patterns if p.pos == "noun" and not p.modifier)
        """Acts a verbal act may be aimed at without a named actor: ``object_acts`` and the lexicon's event
        nouns ("denounced the summit", "condemned the clashes")."""

    # the document, unit by unit, keeping the discourse memory (pairs, issuers, recent actors) up to date
    def run(self, keep_negated: bool) -> list[Event]:
        out: list[Event] = []
        mentions = self.resolver.mentions
        mi = 0
        for n, (start, end) in enumerate(self.units):
            self._unit_index = n
            self.resolver.unit = n
            if self.resolver.pair is not None and n - self.resolver.pair_at > PAIR_MEMORY:
                self.resolver.pair = None
            if self.resolver.event_pair is not None and n - self.resolver.event_pair_at > PAIR_MEMORY:
                self.resolver.event_pair = None
            tokens = list(tokens_in(self.ctx.doc, start, end))
            if not tokens:
                continue
            while mi < len(mentions) and mentions[mi].span[0] < end:
                self.resolver.note(mentions[mi], self._is_subject(mentions[mi]))
                mi += 1
            self._remember_issuers(tokens)
            self._remember_pairs(tokens)
            if self.frame is not None and n - self.frame.last_ref > DOCUMENT_MEMORY:
                self.frame = None
            self._open_frame(tokens, n, (start, end))
            kept: list[_Found] = []
            founds = list(self._triggers(tokens)) + self._statements(tokens)
            for found in founds:
                if (found.negated and not keep_negated) or self._repeated(found) or _serves(found, founds) or (
                        _announces(found, founds)):
                    continue
                if any(_same(found, other) for other in kept):
                    continue
                kept.append(found)
                if self._fold_into_document(found, (start, end), out):
                    continue
                out.append(self._event(found, (start, end)))
                if found.target is not None and found.target.country and not found.negated:
                    # "the two parties" next: the two actors of the last event
                    self.resolver.event_pair, self.resolver.event_pair_at = (found.source, found.target), n
                    self.resolver.event_pair_offset = found.trigger.idx
            self._remember_subjects(tokens, n)
        return out

    def _remember_subjects(self, tokens: list[Token], n: int) -> None:
        """The sentence's main-clause subjects, for a subject pronoun of the next sentence ("The junta rejected
        a visit …. On Wednesday it accused France …")."""
        subjects: list[tuple[EventActor, str]] = []
        for t in tokens:
            if t.dep_ not in ("nsubj", "nsubjpass") or not _main_clause(t.head):
                continue
            actor = self.resolver.resolve(t)
            if actor is None:
                continue
            start, end, _ = _phrase(t)
            if t.lower_ in ("he", "she") or (t.pos_ != "PRON" and any(
                    m.kind == "person" for m in self.resolver.mentions_in(start, end))):
                kind = "person"
            elif t.tag_ in ("NNS", "NNPS") or t.lower_ == "they" or any(c.dep_ == "conj" for c in t.children):
                kind = "plural"
            else:
                kind = "single"
            subjects.append((actor, kind))
        self.resolver.subjects, self.resolver.subjects_at = tuple(subjects), n

    def _repeated(self, found: _Found) -> bool:
        """Whether the trigger tells a pattern of repeated events ("sporadic clashes have occurred from time
        to time"): a frequency marker among the modifiers of the trigger or of its clause."""
        markers = self.lex.words("frequency_markers")
        if not markers:
            return False
        for holder in {found.trigger, found.clause}:
            for c in holder.children:
                if c.dep_ not in ("advmod", "amod", "prep", "npadvmod", "advcl"):
                    continue
                if c.lower_ in markers or " ".join(t.lower_ for t in c.subtree) in markers:
                    return True
        return False

    def _is_subject(self, m: Mention) -> bool:
        toks = tokens_in(self.ctx.doc, m.span[0], m.span[1])
        for t in toks:
            node = t
            for _ in range(4):  # "Foreign Minister, Sergey Lavrov": the apposition's head is the subject
                if node.dep_ in ("nsubj", "nsubjpass"):
                    return True
                if node.dep_ not in ("compound", "appos", "flat", "amod") or node.head.i == node.i:
                    break
                node = node.head
        return False

    def _remember_issuers(self, tokens: list[Token]) -> None:
        issuers = self.lex.words("issuer_nouns")
        for t in tokens:
            if t.lemma_.lower() not in issuers and t.lower_.rstrip("s") not in issuers:
                continue
            for c in t.children:
                cand = c if c.dep_ in ("compound", "poss", "nmod") else None
                if c.dep_ == "prep" and c.lower_ in ("of", "by"):
                    cand = next((g for g in c.children if g.dep_ == "pobj"), None)
                if cand is None:
                    continue
                actor = self._org_actor(cand)
                if actor is not None:
                    self.resolver.issuer = actor

    def _org_actor(self, tok: Token) -> EventActor | None:
        for m in self.resolver.mentions_in(tok.sent.start_char, tok.sent.end_char):
            if m.span[0] <= tok.idx < m.span[1] and m.kind == "organization":
                return self.resolver.from_mention(m)
        return None

    def _remember_pairs(self, tokens: list[Token]) -> None:
        conflict = self.lex.words("conflict_nouns") | {
            p.lemma for p in self.lex.patterns if p.pos == "noun" and p.symmetric}
        for t in tokens:
            if t.pos_ == "PROPN" and t.dep_ not in ("compound", "conj"):
                second = next((c for c in t.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
                if second is not None:
                    a, b = self.resolver.resolve(t), self.resolver.resolve(second)
                    if a and b and a.country and b.country and _key(a) != _key(b):
                        self.resolver.coord_pair, self.resolver.coord_offset = (a, b), t.idx
                    if self._person(t) and self._person(second):
                        self._remember_people(a, b, t.idx)
            if t.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() in self.lex.words("counterpart_nouns"):
                self._remember_counterparts(t)
            if t.lower_ != "between" or t.dep_ != "prep":
                continue
            heads = [t.head] + [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            heads += [a for a in list(t.head.ancestors)[:3] if a.pos_ == "NOUN"]  # "the war that erupted on … between"
            if not any(h.lemma_.lower() in conflict for h in heads) and t.head.pos_ not in ("VERB", "NOUN"):
                continue
            first = next((c for c in t.children if c.dep_ == "pobj"), None)
            if first is None:
                continue
            second = next((c for c in first.children if c.dep_ == "conj"), None)
            if second is None:
                continue
            a, b = self.resolver.resolve(first), self.resolver.resolve(second)
            if a and b and _key(a) != _key(b):
                self.resolver.pair = (a, b)
                self.resolver.pair_at = self._unit_index

    def _person(self, tok: Token) -> bool:
        """Whether the noun phrase headed by ``tok`` names a person (a person mention at its head)."""
        return any(m.kind == "person" and m.span[0] <= tok.idx < m.span[1]
                   for m in self.resolver.mentions_in(tok.sent.start_char, tok.sent.end_char))

    def _remember_people(self, a: EventActor | None, b: EventActor | None, offset: int) -> None:
        """Two people named acting together, each as their country or organisation (both must have one)."""
        if a is None or b is None or a.country is None or b.country is None or fold(a.name) == fold(b.name):
            return
        self.resolver.people_pair, self.resolver.people_offset = (a, b), offset

    def _remember_counterparts(self, subj: Token) -> None:
        """"His rival, Y, replied": Y and the person "his" stands for (a person named before in the sentence,
        else the one person who was the subject of the sentence before) are a pair of people."""
        owner = next((c for c in subj.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if owner is None:
            return
        start, end, _ = _phrase(subj)
        named = [m for m in self.resolver.mentions_in(start, end) if m.kind == "person"]
        if len({fold(m.canonical or m.text) for m in named}) != 1:  # "Y, known as Z" names one person
            return
        other = token_at(subj.doc, named[0].span[0])
        while other is not None and other.dep_ in ("compound", "flat") and other.head.i != other.i:
            other = other.head
        second = self.resolver.resolve(subj) if other is not None else None  # "the Chadian commander Y"
        org = next((m for m in self.resolver.mentions_in(start, end) if m.kind == "organization"), None)
        if org is not None:  # "the RSF commander Y": Y stands for the RSF
            second = self.resolver.from_mention(org) or second
        first = self.resolver.pronoun(owner)
        if first is None and self.resolver.subjects_at == self._unit_index - 1:
            people = {_key(a): a for a, kind in self.resolver.subjects if kind == "person"}
            if len(people) == 1 and len(self.resolver.subjects) == 1:
                first = next(iter(people.values()))
        self._remember_people(first, second, subj.idx)

    def _triggers(self, tokens: list[Token]) -> Iterable[_Found]:
        for tok in tokens:
            if tok.pos_ in ("VERB",):
                for pattern in self.lex.candidates("verb", tok.lemma_.lower()):
                    found = self._verb_event(tok, pattern)
                    if found:
                        yield found
                        break
            elif tok.pos_ in ("NOUN", "PROPN"):
                for pattern in self.lex.candidates("noun", tok.lemma_.lower()):
                    found = self._noun_event(tok, pattern)
                    if found:
                        yield found
                        break

    def _verb_event(self, verb: Token, pattern: Pattern) -> _Found | None:
        particle_tok = None
        if pattern.particle:
            particle_tok = _has_particle(verb, pattern.particle)
            if particle_tok is None or (particle_tok.dep_ == "prep" and not _addressed(
                    particle_tok, self._acts if pattern.needs_target else frozenset())):
                return None  # "fired on 25/6/2024" is not "fired on X"
        obj_tok = None
        if pattern.objects:
            obj_tok = next((o for o in _objects(verb, self.lex.words("measure_nouns")) for p in pattern.objects
                            if phrase_matches(o, p)), None)
            if obj_tok is None:
                return None
        if verb.lemma_.lower() in self.lex.words("response_verbs") and any(
                c.dep_ == "dobj" and self.lex.candidates("noun", c.lemma_.lower()) for c in verb.children):
            return None  # "repelled a rebel assault": the assault is the event, told by its noun
        mode = modality(verb, self.lex)
        # a position stated now ("Ankara refuses to recognize …"), not a relative clause that describes
        # ("resolutions that demand …")
        stance = verb.lemma_.lower() in self.lex.words("present_verbs") and verb.dep_ not in ("relcl", "acl")
        if mode == "irrealis" or (_habitual(verb) and not stance) or _background(verb) or _recalled(verb, self.lex):
            return None
        if _time_clause(verb) is not None and not self._unit_times(verb):
            return None  # "when Armenia canceled this agreement", undated: a recall of what the reader knows
        if _infinitive(verb) and mode != "intend":
            return None  # an infinitive or imperative outside an intention: nothing happened (yet)
        patient = _patient_participle(verb)
        subj = _agent(verb) if _own_passive(verb) or patient else subject_of(verb)
        kind, document = "", -1
        parties = None
        source: EventActor | None
        if pattern.plover == "AGREE" and pattern.objects and (subj is None or _between_of(subj) is not None
                                                              or self.resolver.resolve(subj) is None):
            # "the framework agreement signed in December", "the dialogue between X and Y, which produced an
            # agreement": the parties named around it
            parties = self.parties(verb, subj)
        if parties is not None:
            source, kind = parties[0], "parties"
        elif subj is None:
            # "Aliyev considered that controlling the city yesterday is a lesson": the speaker's side
            source = self._implied_doer(verb)
            if source is None:
                return None
            kind = "implied"
        else:
            frame = self._document_of(subj)
            source = self.resolver.resolve(subj)
            if frame is not None and (source is None or subj.lower_ == "it" or _names_document(subj, self.lex)):
                source, document = frame.issuer, frame.ident  # "It demanded …" after "Resolution 853 was issued"
        if source is None:
            return None
        target = parties[1] if parties is not None else self._verb_target(verb, pattern, obj_tok, particle_tok)
        if target is None and patient:
            target = self.resolver.resolve(verb.head)
        if target is None and subj is not None:  # "A and B signed ...": the second conjunct is the co-actor
            second = next((c for c in subj.children if c.dep_ == "conj"), None)
            target = self.resolver.resolve(second) if second is not None else None
        dyadic = pattern.plover in self.lex.words("dyadic_types") and not pattern.objects
        if target is None and dyadic and not (pattern.plover in ("ACCUSE", "REJECT")
                                              and _acted_on(verb, self._acts)) and not self._warning(verb):
            return None  # a verbal act with neither a named addressee nor an object ("criticized ...")
        if pattern.needs_target and target is None and not _addressed(particle_tok, self._acts):
            return None
        if target is not None and _key(target) == _key(source):
            target = None
        return _Found(pattern, verb, source, target, mode or pattern.mode, _negated(verb), verb,
                      subj.lemma_.lower() if subj is not None else "", document, kind)

    def _verb_target(self, verb: Token, pattern: Pattern, obj_tok: Token | None,
                     particle_tok: Token | None) -> EventActor | None:
        if particle_tok is not None and particle_tok.dep_ == "prep" and pattern.particle not in ("for",):
            pobj = next((g for g in particle_tok.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return self.resolver.resolve(pobj)
            return None
        if obj_tok is None or obj_tok.dep_ == "pobj":  # the object, or a passive's subject ("Armenia was attacked
            # by Azerbaijan"); "restored South Korea to its list": the required phrase was the preposition's
            dobj = next((c for c in verb.children if c.dep_ == "dobj" or c.dep_ == "nsubjpass"), None)
            if dobj is not None and pattern.plover in self.lex.words("dyadic_types") and _is_act(dobj, self.lex):
                # "condemned the seizure of Aghdam", "the agreement between Armenia and Turkey": a verbal act
                # on an act is aimed at the act's doer, not at what the act was done to
                return self.owner(dobj)
            if dobj is not None:
                actor = self.resolver.resolve(dobj)
                if actor is not None:
                    return actor
        holders = [verb] + ([obj_tok] if obj_tok is not None else [])
        # "spoke by telephone with Bazoum": the addressee may hang on the means
        holders += [g for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                    for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in ("telephone", "phone", "video",
                                                                                    "videoconference", "videolink")]
        # "threatened to break relations with Russia": the target sits in the complement
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            holders.append(xcomp)
            for dobj in (c for c in xcomp.children if c.dep_ == "dobj"):
                actor = self.resolver.resolve(dobj)
                if actor is not None:
                    return actor
                holders.append(dobj)
        if pattern.plover == "REQUEST":  # "demanded that the Armenian government put pressure …": the addressee
            for ccomp in (c for c in verb.children if c.dep_ == "ccomp"):
                subj = next((g for g in ccomp.children if g.dep_ == "nsubj"), None)
                actor = self.resolver.resolve(subj) if subj is not None else None
                if actor is not None:
                    return actor
        for holder in holders:
            for c in holder.children:  # "sent a delegation to Niamey": spaCy's "dative" is a preposition too
                if c.dep_ in ("prep", "dative") and c.lower_ in pattern.target_preps and c is not particle_tok:
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        actor = self.resolver.resolve(pobj)
                        if actor is not None:
                            return actor
        return None

    def _noun_event(self, noun: Token, pattern: Pattern) -> _Found | None:
        if pattern.modifier and not phrase_matches(noun, Phrase(noun.lemma_.lower(), pattern.modifier)):
            return None
        source: EventActor | None = None
        target: EventActor | None = None
        clause = noun
        holders = list(noun.children)
        if noun.dep_ in ("nsubj", "nsubjpass"):  # "clashes broke out between X and Y"
            holders += [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in ("between", "among")]
        onset = self._onset(noun)
        if pattern.onset and onset is None:
            return None  # "the war" told, not told as starting: no event ("the war continued", "after the war")
        if onset is not None and onset.dep_ == "relcl":  # "the war that erupted … between X and Y"
            holders += [t for t in onset.subtree if t.dep_ == "prep" and t.lower_ in ("between", "among")]
        for c in holders:
            if c.dep_ == "poss":
                source = self.resolver.resolve(c)
            elif c.dep_ == "prep" and c.lower_ in ("between", "among"):
                first = next((g for g in c.children if g.dep_ == "pobj"), None)
                if first is not None:
                    pair = self.resolver.pair_of(first)
                    if pair and pattern.onset:
                        return None  # a war "between the two parties": only a war between named parties
                    if pair:
                        source, target = pair
                    else:
                        source = self.resolver.resolve(first)
                        second = next((g for g in first.children if g.dep_ == "conj"), None)
                        target = self.resolver.resolve(second) if second is not None else None
            elif c.dep_ == "prep" and c.lower_ == "by" and source is None:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                source = self.resolver.resolve(pobj) if pobj is not None else None
        if source is None and any(c.dep_ == "amod" for c in noun.lefts):
            demonym = next((c for c in noun.lefts if c.dep_ in ("amod", "compound")
                            and self.resolver.country_of(c.text)), None)
            if demonym is not None:
                source = self.resolver.resolve(demonym)
        if source is None:  # "a rebel assault" after "M23 rebels"
            source = next((self.resolver.heads[_head_word(c.text)] for c in noun.lefts if c.dep_ in ("amod", "compound")
                           and _head_word(c.text) in self.resolver.heads), None)
        governor = _governor(noun, self.lex.words("measure_nouns"))
        light = self.lex.words("light_verbs")
        if source is None:
            head = noun.head
            if noun.dep_ == "pobj" and head.lower_ in light:
                # "X, during a telephone conversation with Y, said ...": X is the source
                holder = head.head
                source = self.resolver.resolve(holder) if holder.pos_ in ("NOUN", "PROPN") else None
                if source is None and holder.pos_ in ("VERB", "AUX"):
                    subj = subject_of(holder)
                    source = self.resolver.resolve(subj) if subj is not None else None
            elif governor is not None and governor.lemma_.lower() in light and noun.dep_ in ("dobj", "pobj"):
                subj = subject_of(governor)
                source = self.resolver.resolve(subj) if subj is not None else None
                clause = governor
            elif noun.dep_ in ("nsubj", "nsubjpass") and pattern.symmetric and self.resolver.pair and not pattern.onset:
                source, target = self.resolver.pair
                clause = noun.head
                self.resolver.pair_at = self._unit_index
        if noun.dep_ in ("nsubj", "nsubjpass") and onset is None and not self._occurs(noun):
            return None
        if source is None:
            return None
        if onset is not None:
            clause = onset
        elif noun.dep_ in ("nsubj", "nsubjpass"):
            clause = noun.head
        if target is None:
            target = self._noun_target(noun, pattern, governor)
        if target is not None and _key(target) == _key(source):
            target = None
        check = clause if clause is not noun else (governor or noun)
        mode = modality(noun, self.lex)
        if mode in ("irrealis", "intend"):
            return None  # a noun event in the future or under a condition is a prediction, not a report
        negated = _negated(noun) or (check is not noun and _negated(check))
        return _Found(pattern, noun, source, target, mode or pattern.mode, negated, check)

    def _onset(self, noun: Token) -> Token | None:
        """The verb that tells an event noun as starting, or None: its verb of onset (``onset_verbs``: "the war
        broke out", "a war that erupted"), or a light verb it is the object of ("waged war on", "launched a war
        against")."""
        onset = self.lex.words("onset_verbs")
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in onset and not (
                noun.head.lemma_.lower() == "break" and not _has_particle(noun.head, "out")):
            return noun.head
        rel = next((c for c in noun.children if c.dep_ == "relcl" and c.lemma_.lower() in onset
                    and any(g.dep_ in ("nsubj", "nsubjpass") and g.tag_ in ("WDT", "WP") for g in c.children)), None)
        if rel is not None:
            return rel
        governor = _governor(noun, self.lex.words("measure_nouns"))
        if governor is not None and noun.dep_ == "dobj" and governor.lemma_.lower() in self.lex.words("light_verbs"):
            return governor
        return None

    def _occurs(self, noun: Token) -> bool:
        """An event noun as subject reports an occurrence: "clashes broke out", or dated in the past."""
        verb = noun.head
        if verb.lemma_.lower() in self.lex.words("occurrence_verbs"):
            return True
        return _past(verb) and bool(self._unit_times(noun))

    def _noun_target(self, noun: Token, pattern: Pattern, governor: Token | None) -> EventActor | None:
        holders = [noun] + ([governor] if governor is not None else [])
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ in pattern.target_preps:
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None and pobj.i != noun.i:
                        actor = self.resolver.resolve(pobj)
                        if actor is not None:
                            return actor
        return None

    def _warning(self, verb: Token) -> bool:
        """A warning that threatens without an addressee: "warned that any intervention in Niger would be
        considered a declaration of war". Its ``that`` clause is in the future or under a condition and tells
        a hostile act (a trigger of one of ``hostile_types``) that is not the clause's subject ("warned that the
        fighting would spread" predicts, it does not threaten); "warned of a catastrophe" has no such clause."""
        if verb.lemma_.lower() not in self.lex.words("warning_verbs"):
            return False
        hostile = self.lex.words("hostile_types")
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            future = any((c.dep_ in ("aux", "auxpass") and (c.lower_ in FUTURE or c.lower_ in ("would", "could")))
                         or (c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS
                                                       for g in c.children)) for c in clause.children)
            if not future:
                continue
            subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            skip = {t.i for t in subj.subtree} if subj is not None else set()
            for t in clause.subtree:
                if t.i in skip:
                    continue
                pos = "verb" if t.pos_ == "VERB" else "noun" if t.pos_ in ("NOUN", "PROPN") else ""
                if pos and any(p.plover in hostile and not p.objects and not p.modifier
                               for p in self.lex.candidates(pos, t.lemma_.lower())):
                    return True
        return False

    def parties(self, verb: Token, subj: Token | None) -> tuple[EventActor, EventActor] | None:
        """The parties of an agreement told without its signatories: the ``between X and Y`` of talks that
        produced it ("the dialogue between Belgrade and Prishtinë, which produced an agreement"); else, for an
        agreement signed without a ``by`` agent ("the framework agreement signed in December 2022"), the one
        group of actors its sentence names together ("Britain, Greece and Turkey", "between them" right after
        "the two generals"), else the group the sentence before named. None when that is not one group."""
        if subj is not None:
            between = _between_of(subj)
            return self._between(between) if between is not None else None
        groups: dict[tuple[str, ...], tuple[EventActor, EventActor]] = {}
        for t in verb.sent:
            pair = None
            if t.dep_ == "prep" and t.lower_ == "between":
                pair = self._between(t)
            elif t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in t.children):
                members = [self.resolver.resolve(m) for m in (t, *(c for c in t.subtree if c.dep_ == "conj"))]
                named = [a for a in members if a is not None]
                if len(named) == len(members) and len({_key(a) for a in named}) == len(named):
                    pair = (named[0], named[1])
            if pair is not None:
                groups[(_key(pair[0]), _key(pair[1]))] = pair
        if len(groups) == 1:
            return next(iter(groups.values()))
        group = self.resolver.group
        if not groups and len(group) >= 2 and self.resolver.group_at == self._unit_index - 1:
            return group[0], group[1]
        return None

    def _between(self, prep: Token) -> tuple[EventActor, EventActor] | None:
        """The two parties of ``between X and Y`` (or ``between them`` for the group just spoken of)."""
        first = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if first is None:
            return None
        if first.lower_ in ("them", "they"):
            group = self.resolver.group
            fresh = len(group) >= 2 and self._unit_index - self.resolver.group_at <= 1
            return (group[0], group[1]) if fresh else None
        pair = self.resolver.pair_of(first)
        if pair is not None:
            return pair
        second = next((g for g in first.children if g.dep_ == "conj"), None)
        a = self.resolver.resolve(first)
        b = self.resolver.resolve(second) if second is not None else None
        return (a, b) if a is not None and b is not None and fold(a.name) != fold(b.name) else None

    # -- documents: "Resolution 853 was issued on …. It demanded …" ----------------------------------------
    def _open_frame(self, tokens: list[Token], n: int, unit: tuple[int, int]) -> None:
        """A single document of a known issuer told as issued, adopted or passed (``issuance_verbs``) opens a
        frame that the next sentences may refer back to; the last such document of the sentence wins."""
        verbs = self.lex.words("issuance_verbs")
        for verb in tokens:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
                continue
            heads = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
            if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "Resolution 2334, adopted on 23 December"
                heads.append(verb.head)
            docs = [h for h in heads if _names_document(h, self.lex) and h.tag_ not in ("NNS", "NNPS")]
            if not docs:
                continue
            issuer = None
            if not _own_passive(verb) and verb.dep_ != "acl":
                subj = subject_of(verb, inherit=False)
                issuer = self.resolver.resolve(subj) if subj is not None else None
            else:
                agent = _agent(verb)
                issuer = self.resolver.resolve(agent) if agent is not None else None
            issuer = issuer or self.resolver.issuer
            if issuer is None:
                continue
            own = self._unit_times(verb)
            date = min(own, key=lambda t: abs(t.span[0] - verb.idx)).value if own else None
            members = {i for h in heads for i in (h.i, *(c.i for c in h.lefts if c.dep_ in ("compound", "amod", "det")))}
            frame = _DocFrame(len(self.frames), issuer, unit, n, frozenset(members), verb, date, n)
            self.frames[frame.ident] = frame
            self.frame = frame

    def _document_of(self, subj: Token) -> _DocFrame | None:
        """The document ``subj`` stands for: the document's own phrase in its issuance sentence, or in the
        next sentences a subject ``it`` of the main clause or a definite description of a document ("the
        resolution", "the previous decision", "this decree") without an owner of its own."""
        frame, n = self.frame, self._unit_index
        if frame is None:
            return None
        if n == frame.unit_index:
            return frame if subj.i in frame.tokens else None
        if n - frame.last_ref > DOCUMENT_MEMORY or subj.dep_ not in ("nsubj", "nsubjpass"):
            return None
        if subj.lower_ == "it":
            refers = _first_conjunct(subj.head).dep_ == "ROOT"
        else:
            described = any((c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
                            or (c.dep_ == "amod" and c.lower_ in self.lex.words("reference_modifiers"))
                            for c in subj.children)
            owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "by")) for c in subj.children)
            refers = _names_document(subj, self.lex) and described and not owned and subj.tag_ in ("NN", "NNP")
        if not refers:
            return None
        frame.last_ref = n
        return frame

    def _fold_into_document(self, found: _Found, unit: tuple[int, int], out: list[Event]) -> bool:
        """A document's demand is one act, reported in its issuance sentence: a demand told in a later
        sentence that refers back to the document joins the issuance record (that sentence goes to its
        ``also_reported``, its target and place fill the record's missing ones) or, when the issuance
        sentence told no demand, becomes it. True when ``found`` was folded (nothing more to emit)."""
        frame = self.frames.get(found.document)
        if frame is None and self.frame is not None and unit == self.frame.unit and (
                _key(found.source) == _key(self.frame.issuer)):
            frame = self.frame  # "Resolution 1320 was adopted by the Council …, demanding …": the issuer's own words
        if frame is None or found.pattern.plover != "REQUEST" or found.mode == "intend":
            return False
        if unit == frame.unit:
            if frame.record < 0:
                frame.record = len(out)  # the participial clause's demand: the record the next ones join
            return False
        if frame.record >= 0:
            first = out[frame.record]
            also = first.also_reported if unit in first.also_reported else (*first.also_reported, unit)
            out[frame.record] = replace(first, target=first.target or found.target,
                                        place=first.place or self.place_for(found), also_reported=also)
            return True
        ev = self._event(found, unit)
        verb = frame.verb
        quote = self.quote_for(verb.idx)
        ev = replace(ev, span=frame.unit, text=self.ctx.text[frame.unit[0]:frame.unit[1]], trigger=verb.text,
                     trigger_span=(verb.idx, verb.idx + len(verb.text)), date=frame.date or ev.date,
                     also_reported=(unit,), quote_span=quote.span if quote else None)
        frame.record = len(out)
        out.append(ev)
        return True

    # -- whose act, who speaks -----------------------------------------------------------------------------
    def owner(self, noun: Token) -> EventActor | None:
        """Whose act or words ``noun`` is: its possessor ("Turkey's behaviour"), its ``by`` agent ("messages
        sent by Turkey"), a country or organisation named before it ("the Turkish announcements", "the M23
        offensive"), or the first of "between X and Y" ("the agreement between Armenia and Turkey"). An
        ``of`` phrase is not an owner: it names what the act was done to ("the seizure of Aghdam")."""
        for c in noun.children:
            if c.dep_ == "poss":
                return self.resolver.resolve(c)
        for c in noun.children:
            holder = None
            if c.dep_ == "prep" and c.lower_ == "by":
                holder = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ == "acl" and c.tag_ == "VBN":
                holder = _agent(c)
            elif c.dep_ == "prep" and c.lower_ == "between":
                first = next((g for g in c.children if g.dep_ == "pobj"), None)
                if first is not None and first.lemma_.lower() not in self.lex.words("pair_nouns"):
                    holder = first  # named parties only: "between the two sides" has no one owner
            actor = self.resolver.resolve(holder) if holder is not None else None
            if actor is not None:
                return actor
        doc = noun.doc
        for c in noun.lefts:
            if c.dep_ not in ("amod", "compound") or (c.i > 0 and doc[c.i - 1].text in ("-", "–")):
                continue  # "pro-Azerbaijan announcements" take a side, they are not Azerbaijan's
            code = self.resolver.country_of(c.text) if c.text[:1].isupper() else None
            if code:
                return EventActor(name=self.resolver.name_of(code), country=code, mention=c.text,
                                  span=(c.idx, c.idx + len(c.text)))
            if c.pos_ == "PROPN":
                actor = next((self.resolver.from_mention(m) for m in self.resolver.mentions_in(c.idx, noun.idx)
                              if m.kind == "organization"), None)
                if actor is not None:
                    return actor
        return None

    def _speaker(self, tok: Token) -> tuple[EventActor, str, bool] | None:
        """Who states the clause of ``tok``, their role, and whether they said it in the past: the speaker
        of the quotation it lies in, else the subject of the nearest verb of saying or judging above it
        (``statement_verbs``: "said", "called"); a judging verb in the simple present states a standing
        view ("which Turkey considers illegal"), not a statement made: no speaker then."""
        quote = self.quote_for(tok.idx)
        if quote is not None and quote.speaker is not None and quote.speaker.type != "outlet":
            sp = quote.speaker
            actor = None
            if sp.span:  # the speaker's phrase as the resolver reads it ("German Chancellor Olaf Scholz")
                head = next((t for t in tokens_in(tok.doc, *sp.span) if t.head.i == t.i or not (
                    sp.span[0] <= t.head.idx < sp.span[1])), None)
                actor = self.resolver.resolve(head) if head is not None else None
            if (actor is None or actor.country is None) and sp.country:
                actor = EventActor(name=sp.name, country=sp.country, mention=sp.mention, span=sp.span)
            if actor is not None:
                cue = token_at(tok.doc, quote.cue_span[0]) if quote.cue_span else None
                said = cue is None or _past(cue) or bool(quote.date)
                return actor, " ".join(x for x in (sp.role, sp.name if sp.type != "person" else None) if x), said
        verbs = self.lex.words("statement_verbs")
        for v in tok.ancestors:
            if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in verbs:
                continue
            subj = subject_of(v, inherit=False)
            if subj is None or subj.lower_ in ("i", "we", "you", "it", "they") or _habitual(v):
                return None
            actor = self.resolver.resolve(subj)
            if actor is None:
                return None
            start, end, _ = _phrase(subj)
            m = next((m for m in self.resolver.mentions_in(start, end) if m.kind != "place"), None)
            role = " ".join(x for x in ((m.role or "") if m is not None else "",
                                        (m.canonical or "") if m is not None and m.kind == "organization" else "",
                                        self.ctx.text[start:end]) if x)  # "Ukrainian President Zelensky"
            return actor, role, _past(v)
        return None

    def _implied_doer(self, verb: Token) -> EventActor | None:
        """The doer of a subjectless act in a state official's statement ("Aliyev considered that controlling
        the city of Gabriel yesterday is a lesson"): the speaker's country. Only a gerund that is itself a
        subject (a nominal act), only an official (``official_titles`` in their role or name)."""
        if verb.tag_ != "VBG" or verb.dep_ not in ("csubj", "csubjpass", "nsubj", "nsubjpass"):
            return None
        said = self._speaker(verb)
        if said is None:
            return None
        actor, role, _ = said
        titles = self.lex.words("official_titles")
        words = set(fold(role).replace("-", " ").split())
        if actor.country is None or not any(t in words or (" " in t and t in fold(role)) for t in titles):
            return None
        return EventActor(name=self.resolver.name_of(actor.country), country=actor.country, mention=actor.mention,
                          span=actor.span)

    # -- statements: "…the Turkish announcements, which I think are reckless and dangerous" ------------------
    def _statements(self, tokens: list[Token]) -> list[_Found]:
        """Evaluations in a speaker's words that accuse another actor (ACCUSE, CAMEO 111): the speaker calls
        something that actor did or said one of the ``evaluative_words`` ("reckless", "a violation")."""
        words = self.lex.words("evaluative_words")
        out: list[_Found] = []
        for t in tokens:
            if t.pos_ in ("ADJ", "NOUN") and (t.lower_ in words or t.lemma_.lower() in words):
                found = self._statement(t)
                if found is not None:
                    out.append(found)
        return out

    def _statement(self, word: Token) -> _Found | None:
        first = _first_conjunct(word)  # "reckless and dangerous"
        judges = self.lex.words("statement_verbs")
        thing: Token | None = None
        pred: Token | None = None
        if first.dep_ in ("acomp", "attr") and first.head.lemma_.lower() in ("be", "seem", "remain", "become", "look"):
            pred = first.head
            thing = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif first.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and first.head.lemma_.lower() in judges:
            pred = first.head  # "called the move reckless"
            thing = next((c for c in pred.children if c.dep_ == "dobj"), None)
        elif first.dep_ == "pobj" or (first.head.lower_ == "as" and first.dep_ in ("amod", "acomp")):
            prep = first.head  # "described the move as reckless"
            if prep.lower_ == "as" and prep.head.lemma_.lower() in judges:
                pred = prep.head
                thing = next((c for c in pred.children if c.dep_ == "dobj"), None)
        elif first.dep_ == "amod" and first.pos_ == "ADJ":
            thing = first.head  # "Russia's illegal annexation"
        own = next((c for c in first.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if own is not None and pred is not None:
            thing = own  # a small clause: "which I consider irresponsible"
        if thing is None:
            return None
        if thing.tag_ in ("WDT", "WP"):  # "the announcements, which I think are reckless"
            rel = next((a for a in [thing, *thing.ancestors] if a.dep_ == "relcl"), None)
            if rel is None:
                return None
            thing = rel.head
        if _negated(word) or _negated(first) or (pred is not None and (_negated(pred) or _hedged(pred))):
            return None
        target = self.owner(thing)
        if target is None and pred is not None and (thing.pos_ == "PROPN" or thing.lemma_.lower() in (
                self.lex.words("domestic_nouns") | self.lex.words("org_nouns"))):
            target = self.resolver.resolve(thing)  # "Turkey is irresponsible", "the regime is criminal"
        if target is None:
            return None
        said = self._speaker(word)
        if said is None:
            return None
        source = said[0]
        if _key(source) == _key(target):
            return None
        pattern = Pattern(lemma=word.lemma_.lower(), pos="adj", plover="ACCUSE", cameo=STATEMENT_PATTERN_CAMEO,
                          mode="disapprove")
        return _Found(pattern, word, source, target, "disapprove", False, pred or thing, "", -1, "statement")

    # -- date, place, quote ------------------------------------------------------------------------------
    def _unit_of(self, offset: int) -> tuple[int, int]:
        i = bisect_left(self._unit_starts, offset + 1) - 1
        if i >= 0 and self.units[i][0] <= offset < self.units[i][1]:
            return self.units[i]
        return offset, offset

    def _unit_times(self, tok: Token) -> list[TimeExpr]:
        start, end = self._unit_of(tok.idx)
        lo, hi = bisect_left(self._time_starts, start), bisect_left(self._time_starts, end)
        return [t for t in self.times[lo:hi] if t.span[1] <= end]

    def date_for(self, found: _Found) -> str | None:
        trig = found.trigger.idx
        own = self._unit_times(found.trigger)
        timed = _time_clause(found.trigger)
        if timed is not None:  # "after Russia annexed Crimea in 2014": the clause's own date
            lo, hi = _subtree_span(timed[0])
            inside = [t for t in own if lo <= t.span[0] and t.span[1] <= hi]
            measured = any(c.dep_ == "npadvmod" for c in timed[0].children)
            if not inside and own and timed[1] in SEQUENCE_MARKS and measured:
                return None  # "two weeks after soldiers toppled Bazoum": not the main clause's day
            own = inside or own
        elif own:  # a main-clause event does not take the date of an act told in an after/before clause
            clauses = [_subtree_span(c[0]) for c in (_time_clause(t) for t in found.trigger.sent
                                                     if t.dep_ in ("advcl", "relcl", "pcomp"))
                       if c is not None and c[1] in SEQUENCE_MARKS]
            outside = [t for t in own if not any(lo <= t.span[0] and t.span[1] <= hi for lo, hi in clauses)]
            if not outside:
                return None
            own = outside
        if own:
            best = min(own, key=lambda t: (min(abs(t.span[0] - trig), abs(t.span[1] - trig)), t.span[0]))
            return with_duration(best.value, found.clause)
        if found.kind == "statement":  # the statement is the event: when it was made
            quote = self.quote_for(trig)
            if quote is not None and quote.date:
                return quote.date
            said = self._speaker(found.trigger)
            if said is None or not said[2]:
                return None
            self.inherited.add(trig)
            return self.narrative_date(trig)
        if found.trigger.pos_ == "VERB" and not _past(found.trigger) and found.mode != "intend":
            return None
        if found.trigger.pos_ != "VERB" and found.clause.pos_ in ("VERB", "AUX") and not _past(found.clause):
            return None
        self.inherited.add(trig)
        return self.narrative_date(trig)

    def narrative_date(self, offset: int) -> str | None:
        """The date the narrative carries at ``offset``: the last date earlier in the paragraph (a time
        expression or an event's date), else one in the last sentence of the previous paragraph."""
        start, _ = self._unit_of(offset)
        i = bisect_left(self._unit_starts, start)
        previous = self.units[i - 1] if i > 0 else (start, start)
        para = max(p for p in self.paragraphs if p <= start)
        dated = [(t.span[0], t.value) for t in self._carried(previous) if para <= t.span[0] and t.span[1] <= start]
        dated += [(pos, value) for pos, value in self._dated if para <= pos < start]
        if dated:
            return max(dated)[1]
        earlier = [p for p in self.paragraphs if p < para]
        if not earlier:
            return None
        last = [u for u in self.units if earlier[-1] <= u[0] and u[1] <= para + 1]
        if not last:
            return None
        lo, hi = last[-1]
        before = [t for t in self._carried(previous) if lo <= t.span[0] and t.span[1] <= hi]
        return before[-1].value if before else None

    def _carried(self, previous: tuple[int, int]) -> list[TimeExpr]:
        """Time expressions that may carry the narrative: those of the story, and a citation's date (the
        date of the source's report) only into the sentence right after it."""
        lo, hi = previous
        return [t for t in self.times if t.span in self.story_times or (lo <= t.span[0] and t.span[1] <= hi)]

    def place_for(self, found: _Found) -> EventPlace | None:
        start, end = self._unit_of(found.trigger.idx)
        taken = {found.source.span, found.target.span if found.target else None}
        anchors = {found.trigger.i, found.clause.i}
        for m in self.places:
            if not (start <= m.span[0] and m.span[1] <= end) or m.span in taken:
                continue
            tok = token_at(found.trigger.doc, m.span[0])
            if tok is None:
                continue
            head = tok
            while head.dep_ in ("compound", "amod") and head.head.i != head.i:
                head = head.head
            prep = head.head
            introduced = head.dep_ == "pobj" and prep.lower_ in ("in", "at", "near", "inside", "outside")
            city_of = head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in (
                "city", "town", "village", "region", "province", "district")
            if not (introduced or city_of):
                continue
            if not any(a.i in anchors for a in head.ancestors):
                continue
            return EventPlace(name=m.canonical or m.text, lat=m.lat, lon=m.lon, country=m.country)
        return None

    def _into_sea(self, found: _Found) -> bool:
        """Whether the trigger fires a weapon ``into`` open water (``test_waters``: "fired two ballistic missiles
        into the sea"): nothing struck, a test or demonstration of force (CAMEO 150, MOBILIZE)."""
        waters = self.lex.words("test_waters")
        verb = found.trigger
        holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
        return any(c.dep_ == "prep" and c.lower_ in ("into", "in") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in waters for g in c.children)
            for h in holders for c in h.children)

    def _at_vessel(self, found: _Found) -> bool:
        """Whether crowd-control force (CAMEO 175: water cannon, blasting) is aimed at a vessel (``vessel_nouns``):
        its object, or the complement of ``at``/``on``/``against``, is a ship or a boat."""
        vessels = self.lex.words("vessel_nouns")
        verb = found.trigger
        aimed = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        for holder in [verb, *aimed]:
            aimed += [g for c in holder.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against")
                      for g in c.children if g.dep_ == "pobj"]
        return any(t.lemma_.lower() in vessels or t.lower_ in vessels for t in aimed)

    def _peacekeeping(self, unit: tuple[int, int]) -> bool:
        """Whether the sentence speaks of peacekeeping (a deployment there is AID, CAMEO 074)."""
        words = fold(self.ctx.text[unit[0]:unit[1]])
        return any(re.search(rf"\b{re.escape(w)}", words) for w in self.lex.words("peacekeeping_words"))

    def quote_for(self, offset: int) -> Quote | None:
        for q in self.quotes:
            pieces = q.spans or (q.span,)
            if any(s[0] <= offset < s[1] for s in pieces):
                return q
        return None

    def _event(self, found: _Found, unit: tuple[int, int]) -> Event:
        trig = found.trigger
        quote = self.quote_for(trig.idx)
        date = self.date_for(found)
        if date:
            self._dated.append((trig.idx, date))
        plover, cameo, mode = found.pattern.plover, found.pattern.cameo, found.mode
        if plover == "MOBILIZE" and self._peacekeeping(unit):
            plover, cameo, mode = "AID", "074", "peacekeeping"
        if plover == "ASSAULT" and found.trigger.pos_ == "VERB" and found.target is None and self._into_sea(found):
            plover, cameo, mode = "MOBILIZE", "150", "test"  # missiles fired into the sea: a test, a show of force
        if cameo == "175" and plover == "COERCE" and self._at_vessel(found):
            plover = "ASSAULT"  # water cannon fired at a ship: force against a state's vessel (CAMEO2PLOVER 175)
        if plover == "ASSAULT" and found.doer in self.lex.words("crowd_nouns"):
            plover, cameo, mode = "PROTEST", "145", "riot"  # protesters who attack: a violent protest
        if found.mode == "intend" and plover in self.lex.intent_types:
            plover = self.lex.intent_types[plover]
            cameo = INTENT_CAMEO.get(plover, cameo)
        if found.kind == "implied":
            mode = "implied-source"  # the doer is the speaker's country, not a word of the sentence
        return Event(doc_id=self.ctx.document.id, span=unit, stage=TAG, plover=plover,
                     cameo=cameo, source=found.source, target=found.target,
                     date=date, place=self.place_for(found), text=self.ctx.text[unit[0]:unit[1]],
                     trigger=trig.text, trigger_span=(trig.idx, trig.idx + len(trig.text)), mode=mode,
                     negated=found.negated, quote_span=quote.span if quote else None)


# -- deduplication across documents ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventCluster:
    """Reports of one event: same type, same actors, overlapping dates, same place (or one missing)."""

    plover: str
    source: EventActor | None
    target: EventActor | None
    date: str | None
    """The narrowest date among the reports."""
    place: EventPlace | None
    reports: tuple[Event, ...]


def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a ``time.value`` covers (``2020-09`` → Sept 1–30), or None."""
    if not value:
        return None
    parts = value.split("/")
    try:
        first = _bounds(parts[0])
        last = _bounds(parts[-1])
    except ValueError:
        return None
    return first[0], last[1]


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    bits = [int(b) for b in value.split("-")]
    if len(bits) == 3:
        day = dt.date(*bits)
        return day, day
    if len(bits) == 2:
        first = dt.date(bits[0], bits[1], 1)
        nxt = dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(bits[0], 1, 1), dt.date(bits[0], 12, 31)


def _compatible(a: Event, b: Event, window: int) -> bool:
    if a.plover != b.plover or _key(a.source) != _key(b.source):
        return False
    if a.cameo and b.cameo and a.cameo[:3] != b.cameo[:3] and a.trigger and b.trigger and (
            fold(a.trigger) != fold(b.trigger)):
        return False  # different acts of one type ("fired tear gas", "arrested"): not reports of one event
    if a.target and b.target and _key(a.target) != _key(b.target):
        return False
    ra, rb = date_range(a.date), date_range(b.date)
    if ra and rb:
        slack = dt.timedelta(days=window)
        if ra[0] > rb[1] + slack or rb[0] > ra[1] + slack:
            return False
    if a.place and b.place and fold(a.place.name) != fold(b.place.name):
        return False
    return True


def dedupe(events: Iterable[Event], *, window_days: int = 1) -> list[EventCluster]:
    """Group reports of the same event (across documents), keeping every report.

    Two reports go together when they have the same PLOVER type and source (country code, else folded
    name), the same target or one missing, dates that overlap within ``window_days`` (a missing date
    overlaps any), and the same place or one missing.  A report joins the first cluster it is compatible with every member of.
    """
    groups: list[list[Event]] = []
    for ev in events:
        for group in groups:
            if all(_compatible(ev, other, window_days) for other in group):
                group.append(ev)
                break
        else:
            groups.append([ev])
    return [_cluster(g) for g in groups]


def _cluster(group: list[Event]) -> EventCluster:
    dated = [e for e in group if date_range(e.date)]
    date = min(dated, key=lambda e: _width(e.date)).date if dated else None
    place = next((e.place for e in group if e.place), None)
    first = group[0]
    target = next((e.target for e in group if e.target), None)
    return EventCluster(plover=first.plover, source=first.source, target=target, date=date, place=place,
                        reports=tuple(group))


def _width(value: Any) -> int:
    rng = date_range(value)
    return (rng[1] - rng[0]).days if rng else 1 << 30
