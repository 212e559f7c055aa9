"""Stage ``time``: time expressions, normalised to ISO values with their anchors.

The stage finds time expressions with its own recogniser (regular expressions built from the
packaged lexicon ``data/time_lexicon.yaml``, which users extend) and resolves each one in order
of appearance:

* explicit dates: numeric (``27/9/2020``; day or month first as :func:`document_date_order`
  decides for the whole document), written (``April 30, 1993``, ``Saturday, October 10, 2009``,
  ``26 Oct 2020``), ISO, partial (``March 2018`` → ``2018-03``), years in year-like contexts
  (``in 1994``), Hijri dates with an era marker (``18 Safar 1442 AH``, via hijridate);
* relative ones, from the anchor that fits: a dated speech event earlier in the sentence, the
  citation that covers the passage, the date the narrative is at, the publication date
  (``yesterday, Sunday``, ``about a week ago``, ``last July``, ``nine years later``, ``on Sunday``,
  ``on October 14`` after "this same year");
* durations after a start date and ranges, as intervals (``lasted 3 days`` → ``START/END``).

A weekday written beside a date is checked against it (``weekday-mismatch`` flag); impossible
dates are never emitted.  Nothing here raises on any input.  See docs/time.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .pipeline import Context, stage
from .records import TimeExpr

VERSION = 3
TAG = f"time@{VERSION}"

Val = tuple[int, int | None, int | None]
"""A point in time as (year, month or None, day or None)."""

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


# -- lexicon ------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TimeLexicon:
    """The words the recogniser knows (``data/time_lexicon.yaml`` merged with user files)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    hijri_months: dict[str, int]
    hijri_eras: tuple[str, ...]
    gregorian_eras: tuple[str, ...]
    year_cues: tuple[str, ...]
    not_year_after: frozenset[str]
    numbers: dict[str, int]
    approximators: tuple[str, ...]
    relative_days: dict[str, int]
    day_parts: tuple[str, ...]
    period_starts: frozenset[str]
    period_ends: frozenset[str]
    reporting_verbs: frozenset[str]
    mdy_publishers: frozenset[str]
    year_parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """``q4`` → (10, 12), ``first half`` → (1, 6): the months a part of a year covers."""
    holidays: dict[str, tuple[int, int]] = field(default_factory=dict)
    """``Boxing Day`` → (12, 26): fixed-day holidays, as written (capitalised)."""
    year_determiners: tuple[str, ...] = ()
    """``the``, ``a``, ``its`` …: before a four-digit number and a word, an attributive year."""
    year_parts_without_year: frozenset[str] = frozenset()
    """Parts of a year (``third quarter``) that take their year from context when written without one."""
    movable_holidays: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """``Thanksgiving`` → (11, 4, 4): month, ISO weekday, n-th (-1 last), on or after day."""
    easter_holidays: dict[str, int] = field(default_factory=dict)
    """``Good Friday`` → -2: days from Easter Sunday."""
    ordinals: dict[str, int] = field(default_factory=dict)
    spoken_centuries: dict[str, int] = field(default_factory=dict)
    spoken_year_tails: dict[str, int] = field(default_factory=dict)
    decade_words: dict[str, int] = field(default_factory=dict)
    """``nineties`` → 9: decades named without their century."""


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def _lexicon_from(paths: tuple[str, ...]) -> TimeLexicon:
    import yaml

    raw: dict[str, Any] = {}
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            raw = _merge(raw, yaml.safe_load(fh) or {})

    def low(key: str) -> dict[str, int]:
        return {str(k).casefold(): int(v) for k, v in (raw.get(key) or {}).items()}

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(w) for w in raw.get(key) or ())

    def pairs(key: str, fold: bool) -> dict[str, tuple[int, int]]:
        out = {}
        for k, v in (raw.get(key) or {}).items():
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v):
                out[str(k).casefold() if fold else str(k).replace("’", "'")] = (int(v[0]), int(v[1]))
        return out

    return TimeLexicon(
        months=low("months"), weekdays=low("weekdays"), hijri_months=low("hijri_months"),
        hijri_eras=words("hijri_eras"), gregorian_eras=words("gregorian_eras"),
        year_cues=tuple(w.casefold() for w in words("year_cues")),
        not_year_after=frozenset(w.casefold() for w in words("not_year_after")),
        numbers=low("numbers"), approximators=tuple(w.casefold() for w in words("approximators")),
        relative_days=low("relative_days"), day_parts=words("day_parts"),
        period_starts=frozenset(words("period_starts")), period_ends=frozenset(words("period_ends")),
        reporting_verbs=frozenset(w.casefold() for w in words("reporting_verbs")),
        mdy_publishers=frozenset(w.casefold() for w in words("mdy_publishers")),
        year_parts=pairs("year_parts", True), holidays=pairs("holidays", False),
        year_determiners=tuple(w.casefold() for w in words("year_determiners")),
        year_parts_without_year=frozenset(" ".join(w.casefold().split()) for w in words("year_parts_without_year")),
        movable_holidays={str(k).replace("’", "'"): tuple(int(x) for x in v)
                          for k, v in (raw.get("movable_holidays") or {}).items()
                          if isinstance(v, list) and 3 <= len(v) <= 4 and all(isinstance(x, int) for x in v)},
        easter_holidays={str(k).replace("’", "'"): int(v) for k, v in (raw.get("easter_holidays") or {}).items()},
        ordinals=low("ordinals"), spoken_centuries=low("spoken_centuries"),
        spoken_year_tails=low("spoken_year_tails"), decade_words=low("decade_words"),
    )


def load_lexicon(kb: Any = None) -> TimeLexicon:
    """The packaged lexicon merged with ``time_lexicon.yaml`` files in the knowledge base's user dirs."""
    if kb is None:
        from .kb import default_kb

        kb = default_kb()
    return _lexicon_from(tuple(str(p) for p in kb.files("time_lexicon.yaml")))


# -- patterns -----------------------------------------------------------------------------------------
def _alt(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


def _name_alt(words: dict[str, int], dot_abbrev: bool = True) -> str:
    """Capitalised or upper-case forms of names; short (abbreviated) ones may take a full stop."""
    full: dict[int, str] = {}
    for w, n in words.items():
        if len(w) > len(full.get(n, "")):
            full[n] = w
    out = []
    for w in words:
        dot = r"\.?" if dot_abbrev and w not in full.values() else ""
        for form in {w.capitalize(), w.upper()}:
            out.append(re.escape(form) + dot)
    return _alt(out)


def _loose_alt(words: list[str]) -> str:
    out = []
    for w in words:
        parts = [re.escape(p.replace("'", "")) for p in re.split(r"[\s-]+", w)]
        out.append(r"['’]?[\s-]*".join(p.replace("'", "") for p in parts) if len(parts) > 1 else parts[0])
    return _alt(out)


@dataclass(frozen=True, eq=False)
class _Patterns:
    regexes: tuple[tuple[str, re.Pattern[str]], ...]
    year: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(lex: TimeLexicon) -> _Patterns:
    mon = _name_alt(lex.months)
    full_mon = _alt([re.escape(w.capitalize()) for w, n in lex.months.items()
                     if len(w) == max(len(k) for k, v in lex.months.items() if v == n)])
    wd = _name_alt(lex.weekdays)
    wd_full = _alt([re.escape(w.capitalize()) for w in lex.weekdays if len(w) >= 6])
    hmon = _loose_alt(list(lex.hijri_months))
    hera = _alt([re.escape(e) for e in lex.hijri_eras])
    gera = _alt([re.escape(e) for e in lex.gregorian_eras])
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    year = r"(?:1\d{3}|20\d{2})"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    num = rf"(?:\d{{1,3}}|(?:{tens})[\s-](?:{ones})|{_alt([re.escape(w) for w in lex.numbers])})"
    unit = r"(?:day|week|month|year|decade)s?"
    approx = _alt([re.escape(a) for a in lex.approximators])
    part = _alt([re.escape(p) for p in lex.day_parts])
    rel = _alt([re.escape(r) for r in lex.relative_days])
    end = r"(?![\w/])"
    wdp = rf"(?:(?P<wd>{wd}),?\s+(?:the\s+)?)?"
    ypart = _alt([re.escape(k) for k in lex.year_parts]) or "(?!)"
    hol = _alt([re.escape(k).replace("'", "['’]") for k in (*lex.holidays, *lex.movable_holidays,
                                                              *lex.easter_holidays)]) or "(?!)"
    ypart_free = _alt([re.escape(k).replace(r"\ ", r"[\s-]") for k in lex.year_parts_without_year]) or "(?!)"
    ordinal = _alt([re.escape(k) for k in lex.ordinals]) or "(?!)"
    spoken_c = _alt([re.escape(k) for k in lex.spoken_centuries]) or "(?!)"
    spoken_t = _alt([re.escape(k).replace(r"\ ", r"[\s-]") for k in lex.spoken_year_tails]) or "(?!)"
    spoken_year = (rf"(?:(?i:{spoken_c})\s+(?:(?i:{spoken_t}))(?:[\s-](?:{ones}))?"
                   rf"|(?i:two\s+thousand)(?:\s+(?:and\s+)?(?:{ones}|ten|eleven|twelve))?)")
    dash = r"\s*(?:-|–|—|(?i:to|until|till|through|and))\s*"
    lead = r"(?:(?P<lead>(?i:from|between))\s+)?"
    regexes = [
        ("hijri", rf"(?<!\w)(?:(?P<d>\d{{1,2}})\s+)?(?P<hm>(?i:{hmon})),?\s+(?P<y>\d{{3,4}})"
                  rf"(?:\s*(?P<era>{hera})(?![^\W\d_]))?"),
        ("numeric", rf"{wdp}(?<![\w/.-])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})"
                    rf"(?![\w/]|[.-]\d)(?:\s+(?:{gera})(?!\w))?"),
        ("iso", r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])"),
        ("mdy", rf"{wdp}(?P<mon>{mon})\s+(?P<d>{day})(?:st|nd|rd|th)?(?!\d|:\d)"
                rf"(?:,?\s+(?P<y>{year})(?!\d)|\s+of\s+(?P<ref>the\s+same|that|this|the\s+following)\s+year"
                rf"(?:,?\s+(?P<y2>{year})(?!\d))?)?{end}"),
        ("dmy", rf"{wdp}(?<![\w/])(?P<d>{day})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{mon})"
                rf"(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("month_year", rf"(?P<mon>{mon})(?:\s+of)?,?\s+(?P<y>{year})(?!\d){end}"),
        ("edge", rf"(?:the\s+)?(?i:(?P<edge>beginning|start|outset|end|middle|close))\s+of\s+(?P<mon>{full_mon})"
                 rf"(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("relday", rf"(?<!\w)(?P<rel>(?i:{rel}))(?:\s+(?P<part>(?i:{part})))?"
                   rf"(?:\s*,\s*(?P<wd>{wd})(?!\w)|\s*\(\s*(?P<wd2>{wd})\s*\))?(?!\w)"),
        ("thispart", rf"(?<!\w)(?P<which>(?i:this|that))\s+(?P<part>(?i:{part}))"
                     rf"(?:\s*\(\s*(?P<wd2>{wd})\s*\)|\s*,\s*(?P<wd>{wd})(?!\w))?(?!\w)"),
        ("weekday", rf"(?<!\w)(?:(?P<prep>(?i:on|last|next|this|coming|past))\s+)?(?P<wd>{wd_full})"
                    rf"(?:\s+(?P<part>(?i:{part})))?(?!\w)"),
        ("shift", rf"(?<!\w)(?:(?P<approx>(?i:{approx}))\s+)?(?P<n>(?i:{num}))\s+(?P<unit>(?i:{unit}))"
                  rf"(?:\s+(?P<orso>(?i:or\s+so)))?\s+"
                  rf"(?P<dir>(?i:ago|later|earlier|hence|from\s+now)|(?i:after|before)(?=\s*[,.;:)!?]|\s*$))"),
        ("relperiod", rf"(?<!\w)(?P<the>(?i:the)\s+)?(?P<which>(?i:last|next|this|coming|past|previous|following))"
                      rf"\s+(?P<what>(?i:year|month|week)|{full_mon})(?!\w)"),
        ("month", rf"(?<!\w)(?P<cue>(?i:in|since|until|till|by|during|from|through|before|after|for"
                  rf"|(?:early|late|mid)-?))\s*(?P<mon>{mon})(?!\w|\.?\s*\d)"),
        ("attrmonth", rf"(?<!\w)(?:(?P<the>(?i:the))\s+(?P<mon>{full_mon})(?=\s+[a-z]{{3}})"
                      rf"|(?P<mon2>{full_mon})(?=['’]s\s+[a-z]))"),
        ("nextday", rf"(?<!\w)(?i:the)\s+(?P<which>(?i:next|following|previous|same))\s+"
                    rf"(?P<what>(?i:day|{part}))(?!\w)"),
        ("decadeword", rf"(?<!\w)(?i:the)\s+(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
                       rf"(?P<dw>(?i:{_alt([re.escape(k) for k in lex.decade_words]) or '(?!)'}))(?!\w)"),
        ("anaphor", r"(?<!\w)(?i:(?:this|the)\s+same\s+year|that\s+(?:same\s+)?year)(?!\w)"),
        ("yearpart", rf"(?<!\w)(?:(?i:the)\s+)?(?P<part>(?i:{ypart}))(?:\s+of)?,?\s+(?P<y>{year})(?!\d){end}"),
        ("holiday", rf"(?<!\w)(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?(?P<hol>{hol})"
                    rf"(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("freepart", rf"(?<!\w)(?:(?i:the)\s+)?(?P<part>(?i:{ypart_free}))(?!\w|-\w*\s+of\s+\d)"),
        ("month_rel", rf"(?<!\w)(?P<mon>{full_mon})(?:\s+of)?\s+(?P<which>(?i:this|last|next))\s+year(?!\w)"),
        ("weekend", r"(?<!\w)(?P<which>(?i:this|last|next|coming|past|(?<=over\s)the|(?<=during\s)the"
                    r"|(?<=on\s)the|(?<=at\s)the|(?<=for\s)the|(?<=this\s)past|the(?=\s+weekend['’]s)))\s+(?i:weekend)(?!\w)"),
        ("weekof", rf"(?<!\w)(?:(?i:the)\s+)?(?i:week)\s+of\s+(?P<mon>{mon})\s+(?P<d>{day})(?:st|nd|rd|th)?"
                   rf"(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("century", rf"(?<!\w)(?:(?i:the)\s+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ordinal}))[\s-](?i:century)(?!\w)"),
        ("spoken", rf"(?<!\w)(?:(?P<cue>(?i:in|since|until|by|of|the\s+year|from|before|after|during))\s+"
                   rf"|(?P<mon>{full_mon}),?\s+)?(?P<yw>{spoken_year})(?![\w-])"),
        ("dayrange", rf"(?<![\w/.-]){lead}(?P<d1>{day})(?:st|nd|rd|th)?(?P<sep>{dash})(?P<d2>{day})(?:st|nd|rd|th)?"
                     rf"\s+(?:of\s+)?(?P<mon>{mon})(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("mdrange", rf"(?<!\w){lead}(?P<mon>{mon})\s+(?P<d1>{day})(?:st|nd|rd|th)?(?P<sep>{dash})(?P<d2>{day})"
                    rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>{year})(?!\d))?{end}"),
        ("monthrange", rf"(?<!\w){lead}(?P<m1>{mon})(?:,?\s+(?P<y1>{year}))?(?P<sep>{dash})(?P<m2>{mon})"
                       rf"(?:,?\s+(?P<y2>{year})(?!\d))?{end}"),
        ("yearrange", rf"(?<![\w/.,%-]){lead}(?P<y1>{year})\s*(?P<sep>[-–—/]|\s(?i:to|and)\s)\s*(?P<y2>\d{{4}}|\d{{2}})"
                      r"(?![\w/%-]|[.,]\d)"),
        ("decade", r"(?<![\w'’])(?:(?i:the)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<dec>1\d{2}|20\d)0['’]?s(?!\w)"),
        ("duration", rf"(?<!\w)(?P<verb>(?i:lasted|lasting|lasts|continued\s+for|for))\s+"
                     rf"(?:(?P<approx>(?i:{approx}))\s+)?(?P<n>(?i:{num}))\s+(?P<unit>(?i:day|week|month|year)s?)"
                     r"(?!\w)"),
    ]
    compiled = tuple((name, re.compile(rx)) for name, rx in regexes)
    year_rx = re.compile(rf"(?<![\w.,/%])(?P<y>{year})(?P<poss>['’]s)?(?![\w/%]|[.,]\d|-\d)")
    return _Patterns(compiled, year_rx)


# -- candidates ---------------------------------------------------------------------------------------
@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    f: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


_PRIORITY = {"hijri": 0, "numeric": 1, "iso": 1, "mdy": 2, "dmy": 2, "range": 0, "month_year": 3, "edge": 3,
             "relday": 4, "thispart": 4, "shift": 4, "relperiod": 5, "duration": 5, "weekday": 6, "month": 6, "anaphor": 7,
             "year": 8, "yearpart": 3, "holiday": 3, "dayrange": 1, "mdrange": 1, "monthrange": 1, "yearrange": 2,
             "decade": 3, "attrmonth": 6, "nextday": 4, "decadeword": 3, "freepart": 3, "month_rel": 2, "weekend": 5, "weekof": 1, "century": 3, "spoken": 3}


def _number(word: str, lex: TimeLexicon) -> int | None:
    w = " ".join(word.casefold().replace("-", " ").split())
    if w.isdigit():
        return int(w)
    if w in lex.numbers:
        return lex.numbers[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
        return lex.numbers[parts[0]] + lex.numbers[parts[1]]
    return None


def _wd(m: re.Match[str], lex: TimeLexicon) -> int | None:
    names = m.groupdict()
    raw = names.get("wd") or names.get("wd2")
    return lex.weekdays.get(raw.rstrip(".").casefold()) if raw else None


def _month(raw: str, lex: TimeLexicon) -> int | None:
    return lex.months.get(raw.rstrip(".").casefold())


def _hijri_month(raw: str, lex: TimeLexicon) -> int | None:
    key = re.sub(r"['’]", "", " ".join(raw.casefold().split()))
    for name, n in lex.hijri_months.items():
        if re.sub(r"[\s'-]+", "", name) == re.sub(r"[\s-]+", "", key):
            return n
    return None


def _in_name(text: str, start: int) -> bool:
    """A capitalised word after a capitalised word mid-sentence is part of a name (``Russia Today``)."""
    if not text[start:start + 1].isupper():
        return False
    before = re.search(r"([A-Za-z][\w'-]*)[ \t]+$", text[max(0, start - 40):start])
    return bool(before and before[1][0].isupper())


def _fields(kind: str, m: re.Match[str], lex: TimeLexicon) -> dict[str, Any] | None:
    g = m.groupdict()
    if kind == "hijri":
        month = _hijri_month(g["hm"], lex)
        if month is None:
            return None
        return {"y": int(g["y"]), "m": month, "d": int(g["d"]) if g["d"] else None, "era": bool(g["era"])}
    if kind == "numeric":
        return {"a": int(g["a"]), "b": int(g["b"]), "y": int(g["y"]), "wd": _wd(m, lex)}
    if kind == "iso":
        return {"y": int(g["y"]), "m": int(g["m"]), "d": int(g["d"])}
    if kind in ("mdy", "dmy"):
        y = g.get("y") or g.get("y2")
        ref = " ".join(g["ref"].casefold().split()) if g.get("ref") else None
        return {"y": int(y) if y else None, "m": _month(g["mon"], lex), "d": int(g["d"]), "wd": _wd(m, lex),
                "ref": ref}
    if kind == "month":
        cue = g["cue"].casefold().rstrip("-")
        if _month(g["mon"], lex) is None or g["mon"].rstrip(".").casefold() == "may" and cue not in (
                "in", "since", "until", "by", "early", "late", "mid"):
            return None
        return {"m": _month(g["mon"], lex), "modifier": cue in ("early", "late", "mid"),
                "_start": m.start("cue") if cue in ("early", "late", "mid") else m.start("mon")}
    if kind == "month_year":
        return {"y": int(g["y"]), "m": _month(g["mon"], lex)}
    if kind == "edge":
        return {"edge": g["edge"].casefold(), "m": _month(g["mon"], lex), "y": int(g["y"]) if g["y"] else None}
    if kind == "relday":
        if _in_name(m.string, m.start()) or re.search(r"(?i)\b(?:the|that|this|a|every|each)\s+$",
                                                       m.string[max(0, m.start() - 8):m.start()]):
            return None  # "Russia Today"; "on the last night" of a meeting is not yesterday
        return {"off": lex.relative_days[" ".join(g["rel"].casefold().split())], "wd": _wd(m, lex)}
    if kind == "thispart":
        return {"deictic": g["which"].casefold() == "this", "wd": _wd(m, lex)}
    if kind == "weekday":
        return {"prep": (g["prep"] or "").casefold(), "wd": _wd(m, lex)}
    if kind in ("shift", "duration"):
        n = _number(g["n"], lex)
        if n is None or n > 5000:
            return None
        out = {"n": n, "unit": g["unit"].casefold().rstrip("s"), "approx": bool(g.get("approx") or g.get("orso"))}
        if kind == "shift":
            out["dir"] = " ".join(g["dir"].casefold().split())
        return out
    if kind == "relperiod":
        what = g["what"].casefold()
        if what in ("year", "month", "week") and g["what"][0].isupper() and g["which"][0].isupper() and (
                m.start() > 0 and not re.search(r"(?:^|[.!?]\s+|\n\s*)$", m.string[max(0, m.start() - 4):m.start()])):
            return None  # a title in mid-sentence ("ABC's This Week")
        return {"which": g["which"].casefold(), "the": bool(g["the"]),
                "what": what if what in ("year", "month", "week") else _month(what, lex)}
    if kind in ("yearpart", "holiday", "dayrange", "mdrange", "monthrange", "yearrange", "decade"):
        return _interval_fields(kind, m, lex)
    if kind in ("freepart", "month_rel", "weekend", "weekof", "century", "spoken", "attrmonth", "nextday",
                "decadeword"):
        return _context_fields(kind, m, lex)
    return {}


def _spoken_year(words: str, lex: TimeLexicon) -> int | None:
    """``nineteen ninety-six`` → 1996, ``two thousand and one`` → 2001, ``nineteen oh five`` → 1905."""
    w = " ".join(words.casefold().replace("-", " ").split())
    if w.startswith("two thousand"):
        rest = w[len("two thousand"):].replace(" and ", " ").strip()
        n = _number(rest, lex) if rest else 0
        return 2000 + n if n is not None and n < 20 else None
    head, _, tail = w.partition(" ")
    century = lex.spoken_centuries.get(head)
    if century is None:
        return None
    parts = tail.split()
    for k in (2, 1):
        key = " ".join(parts[:k])
        if key in lex.spoken_year_tails:
            units = parts[k:]
            unit = _number(" ".join(units), lex) if units else 0
            if unit is None or unit > 9 or (units and lex.spoken_year_tails[key] % 10):
                return None
            return century * 100 + lex.spoken_year_tails[key] + unit
    return None


def _context_fields(kind: str, m: re.Match[str], lex: TimeLexicon) -> dict[str, Any] | None:
    """Fields of the kinds whose value needs context or a computed day (parts of a year without a year,
    ``February this year``, weekends, ``the week of March 6``, centuries, spoken years)."""
    g = m.groupdict()
    if kind == "attrmonth":
        raw = g["mon"] or g["mon2"]
        if raw.casefold() == "may":
            return None
        return {"m": _month(raw, lex), "modifier": False, "_start": m.start("mon") if g["mon"] else m.start()}
    if kind == "nextday":
        return {"off": {"previous": -1, "same": 0}.get(g["which"].casefold(), 1)}
    if kind == "decadeword":
        return {"digit": lex.decade_words[g["dw"].casefold()], "approx": bool(g["mod"])}
    if kind == "freepart":
        key = " ".join(g["part"].casefold().replace("-", " ").split())
        if key not in lex.year_parts:
            return None
        first, last = lex.year_parts[key]
        return {"m1": first, "m2": last}
    if kind == "month_rel":
        return {"m": _month(g["mon"], lex), "which": g["which"].casefold()}
    if kind == "weekend":
        return {"which": g["which"].casefold()}
    if kind == "weekof":
        return {"m": _month(g["mon"], lex), "d": int(g["d"]), "y": int(g["y"]) if g["y"] else None}
    if kind == "century":
        raw = g["n"].casefold()
        n = int(raw[:-2]) if raw[:1].isdigit() else lex.ordinals.get(raw)
        return {"y1": (n - 1) * 100, "y2": (n - 1) * 100 + 99} if n and 1 <= n <= 21 else None
    if kind == "spoken":
        y = _spoken_year(g["yw"], lex)
        if y is None or g["yw"].casefold().startswith("two") and not (g["cue"] or g["mon"]):
            return None
        start = m.start("mon") if g["mon"] else m.start("yw")
        return {"y": y, "m": _month(g["mon"], lex) if g["mon"] else None, "_start": start}
    return None


def _range_sep_ok(g: dict[str, Any]) -> bool:
    """``and`` joins the ends of a range only after ``between``; ``to``/``until`` also without ``from``."""
    sep = " ".join((g.get("sep") or "").casefold().split())
    return sep != "and" or (g.get("lead") or "").casefold() == "between"


def _interval_fields(kind: str, m: re.Match[str], lex: TimeLexicon) -> dict[str, Any] | None:
    """Fields of the interval kinds (parts of a year, holidays, day/month/year ranges, decades)."""
    g = m.groupdict()
    if not _range_sep_ok(g):
        return None
    if kind == "yearpart":
        first, last = lex.year_parts[" ".join(g["part"].casefold().split())]
        return {"y": int(g["y"]), "m1": first, "m2": last}
    if kind == "holiday":
        key = " ".join(g["hol"].replace("’", "'").split())
        if key not in lex.holidays and key not in lex.movable_holidays and key not in lex.easter_holidays:
            return None
        rel = (g.get("rel") or "").casefold()
        approx = _holiday_day(key, 2001, lex)  # month and day in a typical year: to choose the year by
        month, day = (approx[1], approx[2]) if approx else (1, 1)
        if rel:
            return {"y": int(g["y"]) if g["y"] else None, "m": month, "d": day, "wd": None, "ref": None,
                    "key": key, "rel": rel, "val": _holiday_day(key, int(g["y"]), lex) if g["y"] else None}
        if g["y"] is None and " " not in key and not re.search(r"(?i)\b(?:on|by|before|after|until|till|since|at|over|of|ahead of|around)\s+$",
                                             m.string[max(0, m.start() - 12):m.start()]):
            return None  # "Christmas shopping": a holiday without a year needs a preposition
        return {"y": int(g["y"]) if g["y"] else None, "m": month, "d": day, "wd": None, "ref": None, "key": key,
                "rel": "", "val": _holiday_day(key, int(g["y"]), lex) if g["y"] else None}
    if kind in ("dayrange", "mdrange"):
        d1, d2, mon = int(g["d1"]), int(g["d2"]), _month(g["mon"], lex)
        if mon is None or d1 >= d2:
            return None
        return {"d1": d1, "d2": d2, "m": mon, "y": int(g["y"]) if g["y"] else None}
    if kind == "monthrange":
        m1, m2 = _month(g["m1"], lex), _month(g["m2"], lex)
        if m1 is None or m2 is None or m1 == m2 or not (g["y1"] or g["y2"]):
            return None
        y2 = int(g["y2"] or g["y1"])
        y1 = int(g["y1"]) if g["y1"] else (y2 if m1 < m2 else y2 - 1)
        return {"y1": y1, "m1": m1, "y2": y2, "m2": m2}
    if kind == "yearrange":
        y1, raw = int(g["y1"]), g["y2"]
        sep = g["sep"].strip().casefold()
        if sep in ("to", "and") and not g["lead"]:
            return None
        before = m.string[max(0, m.start() - 20):m.start()].casefold()
        after = m.string[m.end():m.end() + 20].casefold().split()
        if re.search(r"\b(?:no\.?|number|nos\.?|resolutions?|articles?|pp?\.)\s*$", before) or (
                after and after[0].strip(".,;:)") in lex.not_year_after):
            return None
        if len(raw) == 2:
            y2 = y1 - y1 % 100 + int(raw)
            if y2 <= y1:
                y2 += 100
            if y2 - y1 > 10:
                return None
        else:
            y2 = int(raw)
            if not 0 < y2 - y1 <= 100:
                return None
        return {"y1": y1, "y2": y2}
    if kind == "decade":
        start = int(g["dec"]) * 10
        return {"y1": start, "y2": start + 9, "approx": bool(g["mod"])}
    return None


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * el) // 433
    month = (h + el - 7 * m + 90) // 25
    return dt.date(year, month, (h + el - 7 * m + 33 * month + 19) % 32)


def _holiday_day(key: str, year: int, lex: TimeLexicon) -> Val | None:
    """The day a holiday falls on in ``year`` (fixed, n-th weekday of a month, or from Easter)."""
    try:
        if key in lex.holidays:
            month, day = lex.holidays[key]
            return _valid(year, month, day)
        if key in lex.movable_holidays:
            month, weekday, n, *rest = lex.movable_holidays[key]
            if n < 0:
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
                return _of(last - dt.timedelta(days=(last.isoweekday() - weekday) % 7))
            first = dt.date(year, month, rest[0] if rest else 1)
            d = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
            return _of(d) if d.month == month else None
        if key in lex.easter_holidays:
            return _of(_easter(year) + dt.timedelta(days=lex.easter_holidays[key]))
    except (ValueError, OverflowError):
        return None
    return None


def _year_ok(text: str, m: re.Match[str], lex: TimeLexicon, prev_year_end: int) -> bool:
    """Whether a four-digit number is a year: a year cue before it, a possessive, or a list of years."""
    start, end = m.span()
    if start > 0 and text[start - 1] == "-" and not re.search(r"(?:^|\W)(?:mid|post|pre)-$",
                                                              text[max(0, start - 6):start].casefold()):
        return False
    after = text[m.end():m.end() + 20].casefold().split()
    if after and after[0].strip(".,;:)") in lex.not_year_after:
        return False
    if m.group("poss"):
        return True
    before = " ".join(text[max(0, start - 30):start].casefold().split())
    before = re.sub(r"[(\[\"'“‘]+$", "", before).rstrip()
    if prev_year_end >= 0 and re.fullmatch(r"\s*(?:,|and|or|to|-|–)?\s*", text[prev_year_end:start]):
        return True
    if (1800 <= int(m.group("y")) <= 2099 and re.match(r"[ \t]+[A-Za-z]", text[end:end + 2])
            and any(before == d or before.endswith(" " + d) for d in lex.year_determiners)):
        return True  # "the 1996 Olympic bombing"
    return any(before == c or before.endswith(" " + c) or before.endswith("mid-") and c == "mid"
               for c in lex.year_cues) and not re.search(r"\b(?:no\.?|number|resolution|article)\s*$", before)


def scan(text: str, lex: TimeLexicon | None = None) -> list[_Cand]:
    """Every time expression candidate in ``text``, overlaps resolved (longest first), in text order."""
    lex = lex or load_lexicon()
    pats = _patterns(lex)
    norm = text.translate(_DIGITS)
    found: list[_Cand] = []
    for kind, rx in pats.regexes:
        for m in rx.finditer(norm):
            f = _fields(kind, m, lex)
            start = f.pop("_start", m.start()) if f is not None else m.start()
            if f is not None and m.end() > start:
                found.append(_Cand(start, m.end(), kind, f))
    prev_end = -1
    for m in pats.year.finditer(norm):
        if _year_ok(norm, m, lex, prev_end):
            found.append(_Cand(m.start(), m.start() + 4, "year", {"y": int(m.group("y"))}))
            prev_end = m.start() + 4
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(found, key=lambda c: (-c.length, _PRIORITY.get(c.kind, 9), c.start)):
        if all(c.end <= s or c.start >= e for s, e in taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return _merge_ranges(norm, _absorb_year_refs(norm, chosen))


_GAP_ON = re.compile(r"\s*,?\s*(?:(?:on|in)\s+)?")


def _absorb_year_refs(text: str, cands: list[_Cand]) -> list[_Cand]:
    """``this same year, on October 14``: a year reference right before a date modifies it."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        is_ref = c.kind == "anaphor" or (c.kind == "relperiod" and c.f["what"] == "year" and not c.f["the"])
        if is_ref and nxt is not None and _GAP_ON.fullmatch(text[c.end:nxt.start]):
            if nxt.kind in ("mdy", "dmy") and nxt.f["y"] is None and not nxt.f.get("ref"):
                nxt.f["ref"] = "the same" if c.kind == "anaphor" else c.f["which"]
                nxt.start = c.start
            if nxt.kind in ("mdy", "dmy", "numeric", "iso", "month_year", "edge", "weekday", "relday"):
                i += 1
                continue
        out.append(c)
        i += 1
    return out


_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|til|through|and)\s*", re.IGNORECASE)
_RANGE_LEAD = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)
_POINTS = ("numeric", "iso", "mdy", "dmy", "month_year", "edge", "year")


def _merge_ranges(text: str, cands: list[_Cand]) -> list[_Cand]:
    """``from X until Y`` and ``between X and Y`` become one interval candidate."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        lead = _RANGE_LEAD.search(text, max(0, c.start - 12), c.start)
        if (nxt is not None and lead is not None and lead.end() == c.start and c.kind in _POINTS
                and nxt.kind in _POINTS and _RANGE_GAP.fullmatch(text[c.end:nxt.start])):
            out.append(_Cand(lead.start(), nxt.end, "range", {"a": c, "b": nxt}))
            i += 2
            continue
        out.append(c)
        i += 1
    return out


# -- values -------------------------------------------------------------------------------------------
def iso(v: Val) -> str:
    y, m, d = v
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int | None, d: int | None) -> Val | None:
    if not 1 <= y <= 9999:
        return None
    if m is None:
        return (y, None, None)
    if not 1 <= m <= 12:
        return None
    if d is None:
        return (y, m, None)
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return (y, m, d)


def parse_iso(value: str | None) -> Val | None:
    """``YYYY[-MM[-DD]]`` (the first part of an interval) as a :data:`Val`, or None."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    return _valid(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)


def _day(v: Val) -> dt.date | None:
    return dt.date(v[0], v[1], v[2]) if v[1] is not None and v[2] is not None else None


def _of(d: dt.date) -> Val:
    return (d.year, d.month, d.day)


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _shift(v: Val, n: int, unit: str) -> Val | None:
    """``v`` moved by ``n`` units, at the precision the unit allows (years: year, months: month, …)."""
    try:
        if unit in ("year", "decade"):
            return _valid(v[0] + n * (10 if unit == "decade" else 1), None, None)
        if unit == "month":
            if v[1] is None:
                return None
            y, m = _add_months(v[0], v[1], n)
            return _valid(y, m, None)
        d = _day(v)
        if d is None:
            return None
        return _of(d + dt.timedelta(days=n * (7 if unit == "week" else 1)))
    except (OverflowError, ValueError):
        return None


def _numeric(a: int, b: int, y: int, order: str, wd: int | None) -> tuple[Val | None, str, tuple[str, ...]]:
    """A numeric date read in the document's order; the other order only when the first is impossible."""
    dmy, mdy = _valid(y, b, a), _valid(y, a, b)
    first, second = (dmy, mdy) if order == "DMY" else (mdy, dmy)
    names = ("numeric-dmy", "numeric-mdy") if order == "DMY" else ("numeric-mdy", "numeric-dmy")
    if first is not None:
        return first, names[0], ()
    if second is not None:
        return second, names[1], ("order-conflict",)
    return None, names[0], ("impossible-date",)


def _weekday_flags(v: Val | None, wd: int | None) -> tuple[str, ...]:
    d = _day(v) if v else None
    return ("weekday-mismatch",) if d is not None and wd is not None and d.isoweekday() != wd else ()


def _hijri(y: int, m: int, d: int | None) -> tuple[Val | None, tuple[str, ...]]:
    from hijridate import Hijri

    try:
        g = Hijri(y, m, d or 1).to_gregorian()
    except (ValueError, OverflowError):
        return None, ("hijri-out-of-range",)
    if d is None:  # a Hijri month spans two Gregorian months: no honest single month value
        return None, ("hijri-month-only",)
    return (g.year, g.month, g.day), ()


# -- document-level decisions --------------------------------------------------------------------------
_NUMERIC_ANY = re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w/]|[.-]\d)")


def document_date_order(text: str, publisher: str | None = None) -> str:
    """``"DMY"`` or ``"MDY"``: how this document writes numeric dates, decided from its own evidence.

    Evidence, strongest first: numeric dates whose first (or second) number is above 12; a weekday
    beside a numeric date that fits only one reading; a publisher known to write month first; the
    style of written dates (``October 10, 2009`` against ``10 October 2009``).  With none, day first.
    """
    lex = load_lexicon()
    norm = text.translate(_DIGITS)
    dmy = mdy = 0
    for m in _NUMERIC_ANY.finditer(norm):
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        ok_dmy, ok_mdy = _valid(y, b, a) is not None, _valid(y, a, b) is not None
        if ok_dmy and not ok_mdy:
            dmy += 2
        elif ok_mdy and not ok_dmy:
            mdy += 2
        elif ok_dmy and ok_mdy and a != b:
            before = norm[max(0, m.start() - 12):m.start()]
            wm = re.search(r"([A-Za-z]+)\.?,?\s*$", before)
            wd = lex.weekdays.get(wm[1].casefold()) if wm else None
            if wd is not None:
                if dt.date(y, b, a).isoweekday() == wd:
                    dmy += 2
                if dt.date(y, a, b).isoweekday() == wd:
                    mdy += 2
    if dmy != mdy:
        return "DMY" if dmy > mdy else "MDY"
    if publisher and publisher.strip().casefold() in lex.mdy_publishers:
        return "MDY"
    mon = _name_alt(lex.months)
    us = len(re.findall(rf"(?:{mon})\s+\d{{1,2}},\s+\d{{4}}", norm))
    intl = len(re.findall(rf"\b\d{{1,2}}\s+(?:{mon}),?\s+\d{{4}}", norm))
    return "MDY" if us > intl else "DMY"


def parse_date(text: str, order: str = "DMY") -> str | None:
    """The ISO value of ONE explicit date expression, or None.

    ``27/9/2020``, ``April 30, 1993``, ``Saturday, October 10, 2009``, ``26 Oct 2020``, ``Sept. 27, 2020``,
    ``March 2018`` (→ ``2018-03``), ``1994``, ``18 Safar 1442 AH``.  ``order`` is the document's numeric
    order (``DMY`` or ``MDY``); an impossible date gives None.
    """
    try:
        stripped = text.strip().translate(_DIGITS)
        if re.fullmatch(r"\d{4}", stripped):
            return iso((int(stripped), None, None)) if 1000 <= int(stripped) <= 2099 else None
        for c in scan(text):
            v, _rule, _flags = _explicit(c, order)
            if v is not None:
                return iso(v)
    except Exception:  # noqa: BLE001 - a helper for other stages: never raise on odd input
        return None
    return None


def _explicit(c: _Cand, order: str) -> tuple[Val | None, str, tuple[str, ...]]:
    """The value of an explicit (context-free) candidate; (None, …) for every other kind."""
    f = c.f
    if c.kind == "numeric":
        v, rule, flags = _numeric(f["a"], f["b"], f["y"], order, f["wd"])
        return v, rule, flags + _weekday_flags(v, f["wd"])
    if c.kind == "iso":
        return _valid(f["y"], f["m"], f["d"]), "iso", ()
    if c.kind in ("mdy", "dmy") and f["y"] is not None and f["m"] is not None:
        v = _valid(f["y"], f["m"], f["d"])
        return v, "written", _weekday_flags(v, f["wd"])
    if c.kind == "month_year" and f["m"] is not None:
        return _valid(f["y"], f["m"], None), "month-year", ()
    if c.kind == "year":
        return (f["y"], None, None), "year", ()
    if c.kind == "holiday" and f["y"] is not None:
        return f["val"], "holiday", ()
    if c.kind == "hijri" and f["era"]:
        v, flags = _hijri(f["y"], f["m"], f["d"])
        return v, "hijri", flags
    return None, "", ()


_DATE_LINE_CUE = re.compile(r"^\W*(?:published|posted|updated|dated?|first published)\b", re.IGNORECASE)


def publication_date_from_text(text: str) -> tuple[str, str] | None:
    """The publication date a dateline or a closing date line gives, with that line; None if there is none.

    A date line is short and mostly date (``18 Safar 1442 AH 5/10/2020 CE``) or starts with
    ``Published``/``Posted``/``Updated``/``Date``.  The closing lines are tried first, then the opening
    ones; a Gregorian date on the line is preferred to a converted Hijri one.
    """
    try:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if not lines:
            return None
        order = document_date_order(text)
        for line in list(reversed(lines[-8:])) + lines[:6]:
            found = _date_line_value(line, order)
            if found is not None:
                return found, line.strip()
    except Exception:  # noqa: BLE001 - the reader must not fail on an odd date line
        return None
    return None


def _date_line_value(line: str, order: str) -> str | None:
    if len(line) > 160:
        return None
    cands = scan(line)
    values = [(c, _explicit(c, order)[0]) for c in cands]
    days = [(c, v) for c, v in values if v is not None and v[2] is not None]
    if not days:
        return None
    covered = sum(c.length for c, _ in values if _ is not None)
    letters = len(re.sub(r"\s", "", line))
    if not (_DATE_LINE_CUE.search(line) or covered >= 0.45 * letters):
        return None
    gregorian = [(c, v) for c, v in days if c.kind != "hijri"]
    return iso((gregorian or days)[0][1])


# -- resolution ---------------------------------------------------------------------------------------
@dataclass
class _Anchor:
    kind: str
    value: Val

    @property
    def label(self) -> str:
        return f"{self.kind}:{iso(self.value)}"


@dataclass
class _Out:
    value: str | None
    granularity: str = "day"
    anchor: str | None = None
    rule: str = "explicit"
    approximate: bool = False
    flags: tuple[str, ...] = ()
    point: Val | None = None
    """The point the narrative moves to (None: it does not move)."""


def _gran(v: Val) -> str:
    return "year" if v[1] is None else "month" if v[2] is None else "day"


def _point_out(v: Val | None, rule: str, anchor: _Anchor | None = None, approx: bool = False,
               flags: tuple[str, ...] = ()) -> _Out | None:
    if v is None:
        return None
    return _Out(iso(v), _gran(v), anchor.label if anchor else None, rule, approx, flags, v)


_FUTURE = re.compile(r"(?:\b(?:will|shall|would|could|next|upcoming|as\s+soon\s+as)\b|['’]ll\b|(?<!was )(?<!were )(?<!had been )"
                     r"\b(?:scheduled|due to|set to|expected|expects|plans? to|planned|going to"
                     r"|(?:agreed|agrees?|promised|promises?|pledged|pledges?|vowed|vows?|intends?|aims?) to)\b)",
                     re.IGNORECASE)
_SCHEDULE = re.compile(r"\b(?:ends|expires|begins|starts|resumes|opens|closes|takes\s+effect|is\s+due|are\s+due)"
                       r"(?:\s+on)?\s*$", re.IGNORECASE)
"""A present-tense schedule verb right before a weekday speaks of the coming one (``the deal expires Friday``)."""
_CLAUSE_BREAK = re.compile(r"[,;:\"“”«»—()\[\]]")


class _Resolver:
    """Resolves candidates in text order, keeping the narrative's current point."""

    def __init__(self, text: str, order: str, lex: TimeLexicon, sentences: Sequence[tuple[int, int]],
                 citations: Sequence[Any], publication: str | None) -> None:
        self.text, self.order, self.lex = text, order, lex
        self.sent_starts = [s for s, _ in sentences]
        self.sentences = list(sentences)
        self.par_breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n", text)]
        self.citations: list[tuple[tuple[int, int], Val]] = []
        for cit in citations:
            cit_date = parse_iso(getattr(cit, "date", None))
            if getattr(cit, "covers", None) and cit_date is not None:
                self.citations.append((cit.covers, cit_date))
        self.publication = parse_iso(publication)
        self.prev: tuple[int, Val] | None = None
        self.last_day: tuple[int, Val] | None = None
        """The last day any expression named, explicit or not: what "the same day" refers back to."""
        """(position, value) of the last explicit point the narrative was at."""
        self.explicit_days: list[tuple[int, Val]] = []

    # anchors
    def _sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, pos) - 1
        return self.sentences[i] if i >= 0 and pos < self.sentences[i][1] else (pos, pos)

    def _future(self, pos: int) -> str | None:
        """The word by which the clause before ``pos`` (back to a comma, quotation mark or bracket) speaks of
        the future (``will``, ``expected``, ``would`` …), or None."""
        before = self.text[self._sentence(pos)[0]:pos][-80:]
        if _SCHEDULE.search(before):
            return "will"
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before.rstrip())]
        found = _FUTURE.search(before[breaks[-1] if breaks else 0:])
        return found.group().casefold() if found else None

    def _paragraph(self, pos: int) -> int:
        return bisect_right(self.par_breaks, pos)

    def _reported(self, c: _Cand) -> _Anchor | None:
        s, _ = self._sentence(c.start)
        for pos, v in reversed(self.explicit_days):
            if s <= pos < c.start:
                words = set(re.findall(r"[a-z]+", self.text[s:c.start].casefold()))
                return _Anchor("previous", v) if words & self.lex.reporting_verbs else None
        return None

    def _citation(self, c: _Cand) -> _Anchor | None:
        inside = [(cov[1] - cov[0], v) for cov, v in self.citations if cov[0] <= c.start and c.end <= cov[1]]
        return _Anchor("citation", min(inside)[1]) if inside else None

    def _previous(self, c: _Cand, day: bool = True) -> _Anchor | None:
        if self.prev is None:
            return None
        pos, v = self.prev
        if day and (v[2] is None or self._paragraph(pos) < self._paragraph(c.start) - 1):
            return None
        return _Anchor("previous", v)

    def _narrative_day(self, prev: _Anchor, c: _Cand) -> bool:
        """Whether a bare weekday counts from the narrative's day rather than the time of writing: there
        is no time of writing, the narrative is far from it (another month or more), or in its week."""
        deictic = [a for a in self._deictic(c) if a.value[2] is not None]
        p, d = _day(prev.value), _day(deictic[0].value) if deictic else None
        return p is None or d is None or abs((p - d).days) > 31 or abs((p - d).days) <= 3

    def _published(self) -> _Anchor | None:
        return _Anchor("publication", self.publication) if self.publication else None

    def _deictic(self, c: _Cand, with_previous: bool = False) -> list[_Anchor]:
        found = [self._reported(c), self._citation(c)]
        if with_previous:
            found.append(self._previous(c))
        found.append(self._published())
        return [a for a in found if a is not None]

    # resolution per kind
    def resolve(self, c: _Cand) -> _Out | None:
        handler = getattr(self, f"_r_{c.kind}", None)
        if handler is not None:
            out: _Out | None = handler(c)
        else:
            v, rule, flags = _explicit(c, self.order)
            out = _point_out(v, rule, flags=flags)
            if out is None and c.kind == "hijri":
                out = _Out(None, "day", None, "hijri", False, flags or ("hijri-no-era",))
            if v is not None and v[2] is not None:
                self.explicit_days.append((c.start, v))
        if out is not None and out.point is not None and out.anchor is None:
            self.prev = (c.start, out.point)  # only explicit values move the narrative: no drift
        if out is not None and out.point is not None and out.point[2] is not None:
            self.last_day = (c.start, out.point)
        return out

    def _narrative_year(self, c: _Cand, ref: str | None, month: int | None = None,
                        day: int | None = None) -> tuple[int, _Anchor] | None:
        if ref in ("this", "last", "next", "coming", "past"):
            pub = self._deictic(c)
            if not pub:
                return None
            delta = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(ref, 0)
            return pub[0].value[0] + delta, pub[0]
        if ref is not None and self.prev is not None:
            y = self.prev[1][0] + (1 if ref == "the following" else 0)
            return y, _Anchor("narrative-year", (y, None, None))
        return self._year_for(c, month, day)

    def _year_for(self, c: _Cand, month: int | None, day: int | None) -> tuple[int, _Anchor] | None:
        """The year of a date written without one: the narrative's year when the narrative is in another
        year than the time of writing, else the occurrence nearest before the time of writing (after it
        in a sentence about the future)."""
        deictic = self._deictic(c)
        if self.prev is not None and (not deictic or self.prev[1][0] != deictic[0].value[0]) and (
                self.prev[1][2] is not None and self._paragraph(self.prev[0]) >= self._paragraph(c.start) - 1
                and not (deictic and self._future(c.start))
                or self._sentence(self.prev[0]) == self._sentence(c.start)):
            y = self.prev[1][0]
            return y, _Anchor("narrative-year", (y, None, None))
        if not deictic:
            return None
        a = deictic[0]
        y, am, ad = a.value
        if am is None or month is None:
            return y, a
        if self._future(c.start):
            return (y if (month, day or 31) >= (am, ad or 1) else y + 1), a

        def cost(year: int) -> float:  # months away; the future weighs double (news reports the past)
            away = (year * 12 + month + (day or 15) / 31) - (y * 12 + am + (ad or 15) / 31)
            return away * 2 if away > 0 else -away

        return min((y - 1, y, y + 1), key=cost), a

    def _r_mdy(self, c: _Cand) -> _Out | None:
        f = c.f
        if f["m"] is None:
            return None
        if f["y"] is not None:
            v = _valid(f["y"], f["m"], f["d"])
            if v is not None:
                self.explicit_days.append((c.start, v))
            return _point_out(v, "written", flags=_weekday_flags(v, f["wd"]))
        found = self._narrative_year(c, f["ref"], f["m"], f["d"])
        if found is None:
            return None
        v = _valid(found[0], f["m"], f["d"])
        return _point_out(v, "month-day", found[1], flags=_weekday_flags(v, f["wd"]))

    _r_dmy = _r_mdy

    def _r_edge(self, c: _Cand, year: int | None = None, in_range: str = "") -> _Out | None:
        f = c.f
        y, anchor = f["y"] or year, None
        if y is None:
            found = self._narrative_year(c, None, f["m"])
            if found is None:
                return None
            y, anchor = found
        if in_range == "start" and f["edge"] in self.lex.period_starts:
            return _point_out(_valid(y, f["m"], 1), "edge", anchor)
        if in_range == "end" and f["edge"] in self.lex.period_ends:
            return _point_out(_valid(y, f["m"], calendar.monthrange(y, f["m"])[1]), "edge", anchor)
        return _point_out(_valid(y, f["m"], None), "edge", anchor, approx=True)

    def _pick(self, anchors: list[_Anchor], make: Any, wd: int | None) -> tuple[_Anchor, Val, tuple[str, ...]] | None:
        """The first anchor whose result fits the weekday (the first one, flagged, when none does)."""
        results = [(a, make(a.value)) for a in anchors]
        results = [(a, v) for a, v in results if v is not None]
        if not results:
            return None
        if wd is None:
            return results[0][0], results[0][1], ()
        for a, v in results:
            if not _weekday_flags(v, wd):
                return a, v, ()
        return results[0][0], results[0][1], ("weekday-mismatch",)

    def _r_relday(self, c: _Cand) -> _Out | None:
        off = c.f["off"]
        picked = self._pick(self._deictic(c, with_previous=c.f["wd"] is not None),
                            lambda v: _shift(v, off, "day"), c.f["wd"])
        if picked is None:
            return None
        return _point_out(picked[1], "relative-day", picked[0], flags=picked[2])

    def _r_thispart(self, c: _Cand) -> _Out | None:
        anchors = self._deictic(c, with_previous=True) if c.f["deictic"] else [a for a in [self._previous(c)] if a]
        picked = self._pick(anchors, lambda v: v if v[2] is not None else None, c.f["wd"])
        if picked is None:
            return None
        return _point_out(picked[1], "part-of-day", picked[0], flags=picked[2])

    def _r_weekday(self, c: _Cand) -> _Out | None:
        wd, prep = c.f["wd"], c.f["prep"]
        future = self._future(c.start)
        if prep in ("last", "past", "next", "coming", "this"):
            anchors = [a for a in self._deictic(c) if a.value[2] is not None]
            step = -1 if prep in ("last", "past") else 1
            strict = prep != "this"
        elif future and future not in ("would", "could") and [a for a in self._deictic(c) if a.value[2] is not None]:
            # the future of the time of writing (``would``/``could`` may be the future of the narrative)
            anchors, step, strict = [a for a in self._deictic(c) if a.value[2] is not None], 1, False
        elif (prev := self._previous(c)) is not None and self._narrative_day(prev, c):
            if future:
                anchors, step, strict = [prev], 1, False
            else:  # the narrative's day: the nearest such weekday to it
                d0 = _day(prev.value)
                assert d0 is not None
                k = min(range(-3, 4), key=lambda k: ((d0 + dt.timedelta(days=k)).isoweekday() != wd, abs(k)))
                return _point_out(_of(d0 + dt.timedelta(days=k)), "weekday", prev)
        else:
            anchors = [a for a in self._deictic(c) if a.value[2] is not None]
            step, strict = (1 if future else -1), False
        if not anchors:
            return None
        a = anchors[0]
        d = _day(a.value)
        assert d is not None
        for k in range(1 if strict else 0, 8):
            cand = d + dt.timedelta(days=step * k)
            if cand.isoweekday() == wd:
                return _point_out(_of(cand), "weekday", a)
        return None

    def _r_shift(self, c: _Cand) -> _Out | None:
        f = c.f
        sign = -1 if f["dir"] in ("ago", "earlier", "before") else 1
        if f["dir"] in ("ago", "hence", "from now"):
            anchors = self._deictic(c)
        else:
            prev = self._previous(c, day=False)
            anchors = [prev] if prev else self._deictic(c)
        if not anchors:
            return None
        v = _shift(anchors[0].value, sign * f["n"], f["unit"])
        return _point_out(v, "relative-" + f["unit"], anchors[0], approx=f["approx"])

    def _r_relperiod(self, c: _Cand) -> _Out | None:
        f = c.f
        which, what = f["which"], f["what"]
        if f["the"] and which in ("next", "following", "previous"):
            prev = self._previous(c, day=False)
            anchors = [prev] if prev else []
        elif f["the"]:
            return None
        else:
            anchors = self._deictic(c)
        if not anchors:
            return None
        a = anchors[0]
        step = {"last": -1, "past": -1, "previous": -1, "this": 0}.get(which, 1)
        if what == "week":
            return _week(a, step)
        if what == "year":
            return _point_out(_valid(a.value[0] + step, None, None), "relative-year", a)
        if a.value[1] is None:
            return None
        if what == "month":
            y, m = _add_months(a.value[0], a.value[1], step)
            return _point_out(_valid(y, m, None), "relative-month", a)
        month = int(what)
        y = a.value[0]
        if step < 0 and month >= a.value[1]:
            y -= 1
        elif step > 0 and month <= a.value[1]:
            y += 1
        return _point_out(_valid(y, month, None), "relative-month", a)

    def _r_nextday(self, c: _Cand) -> _Out | None:
        """``the next day``, ``the following morning``: a day from the narrative's day; ``on the same day``:
        the day named last in the paragraph (``On Tuesday …, and on the same day …``), else the narrative's."""
        if c.f["off"] == 0 and self.last_day is not None and \
                self._paragraph(self.last_day[0]) == self._paragraph(c.start):
            return _point_out(self.last_day[1], "same-day", _Anchor("previous", self.last_day[1]))
        prev = self._previous(c)
        if prev is None:
            return None
        return _point_out(_shift(prev.value, c.f["off"], "day"), "anaphoric-day", prev)

    def _r_decadeword(self, c: _Cand) -> _Out | None:
        """``the nineties``: the decade of that name nearest before the time of writing."""
        anchors = self._deictic(c)
        if not anchors:
            return None
        y = anchors[0].value[0]
        start = y - y % 100 + c.f["digit"] * 10
        if start > y:
            start -= 100
        if start < 1:
            return None
        return _Out(f"{start:04d}/{start + 9:04d}", "interval", anchors[0].label, "decade", c.f["approx"])

    def _r_month(self, c: _Cand) -> _Out | None:
        found = self._year_for(c, c.f["m"], None)
        if found is None:
            return None
        return _point_out(_valid(found[0], c.f["m"], None), "month", found[1], approx=c.f["modifier"])

    _r_attrmonth = _r_month  # "the October slaying", "December's figures"

    def _r_yearpart(self, c: _Cand) -> _Out | None:
        f = c.f
        return _Out(f"{f['y']:04d}-{f['m1']:02d}/{f['y']:04d}-{f['m2']:02d}", "interval", None, "year-part")

    def _r_holiday(self, c: _Cand) -> _Out | None:
        f = c.f
        if f["y"] is not None:
            v = f["val"]
            if v is not None:
                self.explicit_days.append((c.start, v))
            return _point_out(v, "holiday")
        if f["rel"]:  # "last Thanksgiving": the occurrence before (after) the time of writing
            anchors = [a for a in self._deictic(c) if a.value[2] is not None]
            if not anchors:
                return None
            a, d0 = anchors[0], anchors[0].value
            days = [v for y in (d0[0] - 1, d0[0], d0[0] + 1) if (v := _holiday_day(f["key"], y, self.lex))]
            if f["rel"] in ("last", "past"):
                days = [v for v in days if v < d0]  # type: ignore[operator]
                return _point_out(days[-1], "holiday", a) if days else None
            days = [v for v in days if v > d0 or f["rel"] == "this" and v >= d0]  # type: ignore[operator]
            return _point_out(days[0], "holiday", a) if days else None
        found = self._narrative_year(c, None, f["m"], f["d"])
        if found is None:
            return None
        return _point_out(_holiday_day(f["key"], found[0], self.lex), "holiday", found[1])

    def _r_freepart(self, c: _Cand) -> _Out | None:
        """``the third quarter`` without a year: the latest one begun by the time of writing (results are
        reported after the fact); in a clause about the future, the first one not yet over."""
        f = c.f
        anchors = self._deictic(c)
        if not anchors or anchors[0].value[1] is None:
            return None
        a = anchors[0]
        y, month = a.value[0], a.value[1]
        if self._future(c.start):
            y = y if f["m2"] >= month else y + 1
        else:
            y = y if f["m1"] <= month else y - 1
        if not 1 <= y <= 9999:
            return None
        return _Out(f"{y:04d}-{f['m1']:02d}/{y:04d}-{f['m2']:02d}", "interval", a.label, "year-part-context")

    def _r_month_rel(self, c: _Cand) -> _Out | None:
        """``February this year``, ``June last year``, ``April next year``."""
        anchors = self._deictic(c)
        if not anchors or c.f["m"] is None:
            return None
        a = anchors[0]
        y = a.value[0] + {"last": -1, "next": 1}.get(c.f["which"], 0)
        return _point_out(_valid(y, c.f["m"], None), "month-relative-year", a)

    def _r_weekend(self, c: _Cand) -> _Out | None:
        """The weekend (Saturday and Sunday) the expression points to from the time of writing."""
        anchors = [a for a in self._deictic(c) if a.value[2] is not None]
        if not anchors:
            return None
        a = anchors[0]
        d = _day(a.value)
        assert d is not None
        which = c.f["which"]
        try:
            latest = d - dt.timedelta(days=(d.isoweekday() - 6) % 7)  # the Saturday on or before d
            coming = latest if d.isoweekday() >= 6 else latest + dt.timedelta(days=7)
            if which in ("next", "coming"):
                sat = coming if d.isoweekday() < 6 else coming + dt.timedelta(days=7)
            elif which == "last" and d.isoweekday() >= 6 or which == "past" and d.isoweekday() == 6:
                sat = latest - dt.timedelta(days=7)
            elif which in ("last", "past"):
                sat = latest
            else:  # "this weekend", "over the weekend": the coming one in a future clause, else the latest
                sat = coming if self._future(c.start) else latest
            sunday = sat + dt.timedelta(days=1)
        except OverflowError:
            return None
        return _Out(f"{sat.isoformat()}/{sunday.isoformat()}", "interval", a.label, "weekend")

    def _r_weekof(self, c: _Cand) -> _Out | None:
        """``the week of March 6``: the calendar week that holds the day."""
        f = c.f
        y, anchor = f["y"], None
        if y is None and f["m"] is not None:
            found = self._narrative_year(c, None, f["m"], f["d"])
            if found is None:
                return None
            y, anchor = found
        v = _valid(y, f["m"], f["d"]) if y is not None else None
        if v is None:
            return None
        week = _week(_Anchor("explicit", v), 0)
        if week is None:
            return None
        week.anchor, week.rule = (anchor.label if anchor else None), "week-of"
        return week

    def _r_century(self, c: _Cand) -> _Out | None:
        return _Out(f"{c.f['y1']:04d}/{c.f['y2']:04d}", "interval", None, "century")

    def _r_spoken(self, c: _Cand) -> _Out | None:
        v = _valid(c.f["y"], c.f["m"], None)
        return _point_out(v, "spoken-year")

    def _r_dayrange(self, c: _Cand) -> _Out | None:
        f = c.f
        anchor = None
        y = f["y"]
        if y is None:
            found = self._narrative_year(c, None, f["m"], f["d2"])
            if found is None:
                return None
            y, anchor = found
        a, b = _valid(y, f["m"], f["d1"]), _valid(y, f["m"], f["d2"])
        if a is None or b is None:
            return None
        return _Out(f"{iso(a)}/{iso(b)}", "interval", anchor.label if anchor else None, "day-range", False, (),
                    a if anchor is None else None)

    _r_mdrange = _r_dayrange

    def _r_monthrange(self, c: _Cand) -> _Out | None:
        f = c.f
        a, b = _valid(f["y1"], f["m1"], None), _valid(f["y2"], f["m2"], None)
        if a is None or b is None or a > b:  # type: ignore[operator]
            return None
        return _Out(f"{iso(a)}/{iso(b)}", "interval", None, "month-range", False, (), a)

    def _r_yearrange(self, c: _Cand) -> _Out | None:
        return _Out(f"{c.f['y1']:04d}/{c.f['y2']:04d}", "interval", None, "year-range")

    def _r_decade(self, c: _Cand) -> _Out | None:
        return _Out(f"{c.f['y1']:04d}/{c.f['y2']:04d}", "interval", None, "decade", c.f["approx"])

    def _r_anaphor(self, c: _Cand) -> _Out | None:
        return None  # "the same year" corefers with an earlier expression; it anchors, it is not emitted

    def _r_duration(self, c: _Cand) -> _Out | None:
        f = c.f
        if self.prev is None:
            return None
        pos, start = self.prev
        s, e = self._sentence(c.start)
        if not (s <= pos < c.start) or f["n"] < 1:
            return None
        unit, n = f["unit"], f["n"]
        if _gran(start) == "day" and unit == "day":
            end = _shift(start, n - 1, "day")
        elif _gran(start) == "day" and unit == "week":
            end = _shift(start, n, "week")
        elif _gran(start) == "month" and unit == "month" or _gran(start) == "year" and unit == "year":
            end = _shift(start, n - 1, unit)
        else:
            return None
        if end is None:
            return None
        return _Out(f"{iso(start)}/{iso(end)}", "interval", f"previous:{iso(start)}", "duration", f["approx"])

    def _r_range(self, c: _Cand) -> _Out | None:
        a, b = c.f["a"], c.f["b"]
        end = self._r_edge(b, in_range="end") if b.kind == "edge" else self.resolve(b)
        if end is None or end.point is None:
            return None
        if a.kind == "edge":
            start = self._r_edge(a, year=end.point[0], in_range="start")
        elif a.kind in ("mdy", "dmy") and a.f["y"] is None and a.f["m"] is not None:
            start = _point_out(_valid(end.point[0], a.f["m"], a.f["d"]), "written")
        else:
            start = self.resolve(a)
        if start is None or start.point is None or start.point > end.point:
            return None
        return _Out(f"{start.value}/{end.value}", "interval", None, "range", start.approximate or end.approximate,
                    start.flags + end.flags, end.point)


def _week(a: _Anchor, step: int) -> _Out | None:
    """The calendar week (Monday to Sunday) ``step`` weeks from the anchor's, as an interval."""
    d = _day(a.value)
    if d is None:
        return None
    try:
        monday = d - dt.timedelta(days=d.isoweekday() - 1) + dt.timedelta(weeks=step)
        sunday = monday + dt.timedelta(days=6)
    except OverflowError:
        return None
    return _Out(f"{iso(_of(monday))}/{iso(_of(sunday))}", "interval", a.label, "relative-week")


def find_sentence_spans(ctx: Context) -> list[tuple[int, int]]:
    spans = [s.span for s in ctx.of("sentence")]
    if not spans and ctx.doc is not None:
        spans = [(s.start_char, s.end_char) for s in ctx.doc.sents]
    return spans or [(0, len(ctx.text))]


def extract_times(text: str, *, doc_id: str = "", publication_date: str | None = None,
                  publisher: str | None = None, sentences: Sequence[tuple[int, int]] | None = None,
                  citations: Sequence[Any] = (), lex: TimeLexicon | None = None) -> list[TimeExpr]:
    """The time records of one text (the stage without a pipeline: used by benchmarks and tests)."""
    lex = lex or load_lexicon()
    order = document_date_order(text, publisher)
    sents = list(sentences) if sentences else _rough_sentences(text)
    resolver = _Resolver(text, order, lex, sents, citations, publication_date)
    out = []
    for c in scan(text, lex):
        try:
            res = resolver.resolve(c)
        except (OverflowError, ValueError):  # a value beyond the calendar (year 1 or 9999): not a date
            continue
        if res is None or (res.value is None and not res.flags):
            continue
        start, end = max(0, c.start), min(len(text), c.end)
        out.append(TimeExpr(doc_id=doc_id, span=(start, end), stage=TAG, text=text[start:end], value=res.value,
                            granularity=res.granularity, anchor=res.anchor, rule=res.rule,
                            approximate=res.approximate, flags=res.flags))
    return out


def _rough_sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n[ \t]*\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


@stage("time", version=VERSION, requires=("sentence",), assigns="time")
def find_times(ctx: Context) -> list[TimeExpr]:
    """Time expressions with ISO values; relative ones resolved from their anchor."""
    try:
        lex = load_lexicon(ctx.kb)
    except Exception:  # noqa: BLE001 - a broken user lexicon falls back to the packaged one
        lex = load_lexicon(None)
    return extract_times(ctx.text, doc_id=ctx.document.id, publication_date=ctx.document.publication_date,
                         publisher=ctx.document.publisher, sentences=find_sentence_spans(ctx),
                         citations=ctx.of("citation"), lex=lex)
