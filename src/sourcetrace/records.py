"""The records sourcetrace extracts.

Every record is a frozen dataclass that carries its provenance: the id of the
document it came from (``doc_id``), the character span in that document's text
(``span``, Python ``str`` offsets, end exclusive) and the stage that produced it
(``stage``, as ``name@version``).  ``to_interchange`` gives the record's line in
the JSONL interchange format (docs/interchange.md); ``from_interchange`` reads
it back, so an export can be imported without loss.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

Span = tuple[int, int]


def _span(value: Any) -> Span:
    return (int(value[0]), int(value[1]))


def _opt_span(value: Any) -> Span | None:
    return None if value is None else _span(value)


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read, before any extraction."""

    id: str
    """Content hash of ``text`` (``sha256`` hex, first 16 characters)."""
    text: str
    """The text exactly as read (for HTML, the extracted main text)."""
    path: str | None = None
    """File path or URL it was read from; for JSONL input ``FILE#LINE``."""
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    publication_date: str | None = None
    """ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) or None."""
    publication_date_text: str | None = None
    """The text the publication date was read from (metadata value or a line of the text)."""
    language: str = "en"

    record_type: ClassVar[str] = "document"

    @property
    def doc_id(self) -> str:
        return self.id

    @property
    def span(self) -> Span:
        return (0, len(self.text))

    def to_interchange(self) -> dict[str, Any]:
        return {
            "type": "document",
            "doc": self.id,
            "span": [0, len(self.text)],
            "stage": "reader@1",
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "url": self.url,
            "publisher": self.publisher,
            "publication_date": self.publication_date,
            "publication_date_text": self.publication_date_text,
            "language": self.language,
            "text": self.text,
        }

    @classmethod
    def from_interchange(cls, row: dict[str, Any]) -> Document:
        return cls(
            id=row["id"],
            text=row.get("text", ""),
            path=row.get("path"),
            title=row.get("title"),
            url=row.get("url"),
            publisher=row.get("publisher"),
            publication_date=row.get("publication_date"),
            publication_date_text=row.get("publication_date_text"),
            language=row.get("language") or "en",
        )


@dataclass(frozen=True, slots=True)
class Record:
    """Base of every extracted record: provenance first."""

    doc_id: str
    """Id of the document the record comes from."""
    span: Span
    """``(start, end)`` character offsets into the document text."""
    stage: str
    """``name@version`` of the stage that produced it."""

    record_type: ClassVar[str] = "record"
    # fields renamed in the interchange format: {dataclass field: interchange key}
    _renames: ClassVar[dict[str, str]] = {}

    def to_interchange(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.record_type, "doc": self.doc_id, "span": list(self.span),
                               "stage": self.stage}
        for f in fields(self):
            if f.name in ("doc_id", "span", "stage"):
                continue
            out[self._renames.get(f.name, f.name)] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_interchange(cls, row: dict[str, Any]) -> Record:
        back = {v: k for k, v in cls._renames.items()}
        kwargs: dict[str, Any] = {"doc_id": row["doc"], "span": _span(row["span"]), "stage": row["stage"]}
        names = {f.name for f in fields(cls)}
        for key, value in row.items():
            name = back.get(key, key)
            if name in names and name not in kwargs:
                kwargs[name] = value
        return cls(**cls._coerce(kwargs))

    @classmethod
    def _coerce(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        return kwargs


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in asdict(value).items()}
    return value


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence as the NLP pass split it (internal; not in the interchange output)."""

    record_type: ClassVar[str] = "sentence"


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A span naming an actor, place or outlet, linked to its canonical entity."""

    text: str = ""
    """The surface form as in the text."""
    canonical: str = ""
    """Canonical name of the entity (the surface form itself when nothing matched)."""
    kind: str = "organization"
    """``person``, ``organization``, ``place`` or ``outlet``."""
    country: str | None = None
    """ISO 3166 alpha-3 code of the entity's country, or None."""
    lat: float | None = None
    lon: float | None = None
    entity_id: str | None = None
    """Knowledge-base id (e.g. ``country:AZE``, ``geonames:587084``), None for an unlinked mention."""
    label: str | None = None
    """The NER label that proposed the span (``GPE``, ``PERSON`` …), or the rule that did."""
    role: str | None = None
    """The role the text or the knowledge base gives the entity at the time (e.g. ``Foreign Minister of Russia``)."""
    link_reason: str | None = None
    """Why this entity was chosen: ``exact``, ``alias``, ``fuzzy:92``, ``metonymy``, ``unlinked`` …"""

    record_type: ClassVar[str] = "mention"


@dataclass(frozen=True, slots=True)
class TimeExpr(Record):
    """A time expression and its normalised value."""

    text: str = ""
    value: str | None = None
    """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``START/END`` of those; None when it cannot be resolved."""
    granularity: str = "day"
    """``day``, ``month``, ``year`` or ``interval``."""
    anchor: str | None = None
    """What a relative expression was resolved from (e.g. ``citation:2020-10-05``), None for explicit ones."""
    rule: str = "explicit"
    """How the value was obtained (``numeric-dmy``, ``written``, ``relative-day``, ``duration``, ``hijri`` …)."""
    approximate: bool = False
    flags: tuple[str, ...] = ()
    """Problems noticed, e.g. ``weekday-mismatch``, ``hijri-out-of-range``."""

    record_type: ClassVar[str] = "time"

    @classmethod
    def _coerce(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs["flags"] = tuple(kwargs.get("flags") or ())
        return kwargs


@dataclass(frozen=True, slots=True)
class Citation(Record):
    """An in-text citation of one or more outlets, or a back-reference to an earlier one."""

    text: str = ""
    outlets: tuple[str, ...] = ()
    """Canonical outlet names."""
    date: str | None = None
    """ISO date of the cited publication, or None."""
    refers_to: Span | None = None
    """For a back-reference (``previous source``), the span of the citation it resolves to."""
    covers: Span | None = None
    """The passage the citation vouches for when the text delimits it (``X published: [ … ]``)."""
    unlinked: tuple[str, ...] = ()
    """The outlets of ``outlets`` the lexicon lacks, named as printed (no canonical outlet to link to)."""

    record_type: ClassVar[str] = "citation"

    @classmethod
    def _coerce(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs["outlets"] = tuple(kwargs.get("outlets") or ())
        kwargs["unlinked"] = tuple(kwargs.get("unlinked") or ())
        kwargs["refers_to"] = _opt_span(kwargs.get("refers_to"))
        kwargs["covers"] = _opt_span(kwargs.get("covers"))
        return kwargs


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quotation is attributed to."""

    name: str
    """Canonical name."""
    mention: str
    """As in the text (for a pronoun, the pronoun)."""
    span: Span | None
    """Offsets of ``mention``."""
    type: str = "person"
    """``person`` or ``organization``."""
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet a statement is cited to."""

    outlet: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """A statement attributed to a speaker: direct, partial or indirect."""

    text: str = ""
    """The quoted content."""
    kind: str = "direct"
    """``direct``, ``partial`` or ``indirect``."""
    speaker: Speaker | None = None
    cue: str | None = None
    """The reporting verb or noun (``said``, ``statement`` …)."""
    cue_span: Span | None = None
    date: str | None = None
    """When it was said (ISO), only when the text tells."""
    sources: tuple[Source, ...] = ()
    spans: tuple[Span, ...] = ()
    """The content's pieces when it is discontinuous; else ``(span,)``."""
    citation_spans: tuple[Span, ...] = ()
    """Spans of the citation records supporting it."""

    record_type: ClassVar[str] = "quote"

    @classmethod
    def _coerce(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        sp = kwargs.get("speaker")
        if isinstance(sp, dict):
            kwargs["speaker"] = Speaker(
                name=sp.get("name", ""), mention=sp.get("mention", ""), span=_opt_span(sp.get("span")),
                type=sp.get("type", "person"), role=sp.get("role"), country=sp.get("country"),
            )
        kwargs["cue_span"] = _opt_span(kwargs.get("cue_span"))
        kwargs["sources"] = tuple(
            Source(outlet=s["outlet"], date=s.get("date")) if isinstance(s, dict) else s
            for s in kwargs.get("sources") or ()
        )
        kwargs["spans"] = tuple(_span(s) for s in kwargs.get("spans") or ())
        kwargs["citation_spans"] = tuple(_span(s) for s in kwargs.get("citation_spans") or ())
        return kwargs


@dataclass(frozen=True, slots=True)
class EventActor:
    """An event's source or target."""

    name: str
    country: str | None = None
    mention: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class EventPlace:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Event(Record):
    """Who did what to whom, typed in PLOVER (CAMEO alongside). ``span`` is the sentence's."""

    plover: str = ""
    cameo: str | None = None
    source: EventActor | None = None
    target: EventActor | None = None
    date: str | None = None
    place: EventPlace | None = None
    text: str = ""
    """The sentence."""
    trigger: str | None = None
    trigger_span: Span | None = None
    mode: str | None = None
    """PLOVER mode where it applies (e.g. ``intend``, ``threaten``)."""
    negated: bool = False
    quote_span: Span | None = None
    """The quotation the event is reported in, when it is reported in someone's words."""
    also_reported: tuple[Span, ...] = ()
    """Spans of later sentences of the same document that report the same event again."""

    record_type: ClassVar[str] = "event"

    @classmethod
    def _coerce(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        for key in ("source", "target"):
            v = kwargs.get(key)
            if isinstance(v, dict):
                kwargs[key] = EventActor(name=v.get("name", ""), country=v.get("country"),
                                         mention=v.get("mention"), span=_opt_span(v.get("span")))
        p = kwargs.get("place")
        if isinstance(p, dict):
            kwargs["place"] = EventPlace(name=p.get("name", ""), lat=p.get("lat"), lon=p.get("lon"),
                                         country=p.get("country"))
        kwargs["trigger_span"] = _opt_span(kwargs.get("trigger_span"))
        kwargs["quote_span"] = _opt_span(kwargs.get("quote_span"))
        kwargs["also_reported"] = tuple(_span(x) for x in kwargs.get("also_reported") or ())
        return kwargs


RECORD_TYPES: dict[str, type[Record]] = {
    cls.record_type: cls for cls in (Mention, TimeExpr, Citation, Quote, Event)
}


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document, in stage order."""

    document: Document
    records: dict[str, list[Record]] = field(default_factory=dict)
    stages: tuple[str, ...] = ()
    """``name@version`` of every stage that ran."""

    def of(self, kind: str) -> list[Any]:
        return self.records.get(kind, [])

    @property
    def quotes(self) -> list[Quote]:
        return self.of("quote")

    @property
    def citations(self) -> list[Citation]:
        return self.of("citation")

    @property
    def times(self) -> list[TimeExpr]:
        return self.of("time")

    @property
    def mentions(self) -> list[Mention]:
        return self.of("mention")

    @property
    def events(self) -> list[Event]:
        return self.of("event")

    @property
    def pipeline_version(self) -> str:
        return ",".join(self.stages)

    def interchange(self) -> list[dict[str, Any]]:
        """The document's lines in the JSONL interchange format, document first."""
        rows = [self.document.to_interchange()]
        for kind in ("citation", "time", "mention", "quote", "event"):
            rows.extend(r.to_interchange() for r in self.of(kind))
        return rows
