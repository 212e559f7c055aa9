"""Stages and the order they run in.

A stage is a function of a :class:`Context` that returns the records it adds.  It
declares what it needs (record kinds earlier stages add, or ``"nlp"``) and the one
kind it adds; :class:`Pipeline` checks the declarations before anything runs.

The order, in one place (see :data:`DEFAULT_ORDER`)::

    sentences ─▶ citations ─▶ time ─▶ mentions (actors & places) ─▶ quotes ─▶ events
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ExtractionError, PipelineError
from .records import Document, Extraction, Record

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .kb import KnowledgeBase


@dataclass(slots=True)
class Context:
    """What a stage sees: the document, its parse, the records so far, the knowledge base."""

    document: Document
    doc: Doc
    kb: KnowledgeBase
    records: dict[str, list[Any]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    """Per-document values several stages use, built once (see :meth:`tokens`, :meth:`token_attr`)."""

    @property
    def text(self) -> str:
        return self.document.text

    def of(self, kind: str) -> list[Any]:
        return self.records.get(kind, [])

    def tokens(self) -> list[Token]:
        """The tokens of ``doc``, made once: iterating or indexing a Doc makes a new Token each time."""
        toks = self.cache.get("tokens")
        if toks is None:
            toks = self.cache["tokens"] = list(self.doc)
        return toks

    def token_attr(self, name: str) -> list[Any]:
        """One attribute (``text``, ``idx``, ``pos_``, ``lower_``, ``ent_type_``…) of every token, in order."""
        key = f"attr:{name}"
        values = self.cache.get(key)
        if values is None:
            column = _ARRAY_COLUMNS.get(name)
            if column is None:
                values = [getattr(t, name) for t in self.tokens()]
            else:  # read from the Doc's arrays: no Token object is made (several times faster)
                ids = self.doc.to_array(column).tolist()
                if name == "idx":
                    values = ids
                elif name == "is_space":
                    values = [bool(v) for v in ids]
                else:
                    strings = self.doc.vocab.strings
                    values = [strings[v] if v else "" for v in ids]
            self.cache[key] = values
        return values


# Token attributes read from Doc.to_array columns (strings through the vocabulary's string store)
_ARRAY_COLUMNS = {"idx": "IDX", "is_space": "IS_SPACE", "text": "ORTH", "lower_": "LOWER", "lemma_": "LEMMA",
                  "pos_": "POS", "tag_": "TAG", "dep_": "DEP", "ent_type_": "ENT_TYPE"}


StageFn = Callable[[Context], Sequence[Record]]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: int
    requires: tuple[str, ...]
    assigns: str
    func: StageFn
    doc: str = ""

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"


REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, version: int, requires: Iterable[str] = (), assigns: str) -> Callable[[StageFn], StageFn]:
    """Register ``func`` as the stage ``name`` (decorator)."""

    def register(func: StageFn) -> StageFn:
        REGISTRY[name] = Stage(name, version, tuple(requires), assigns, func, (func.__doc__ or "").strip())
        return func

    return register


DEFAULT_ORDER = ("sentences", "citations", "time", "mentions", "quotes", "events")


def _load_stage_modules() -> None:
    # importing the modules registers their stages; the order above is the only order
    from . import actors, citations, dates, events, quotes, sentences  # noqa: F401


class Pipeline:
    """Runs the stages over documents with one shared spaCy pipeline and knowledge base."""

    def __init__(self, stages: Sequence[str] = DEFAULT_ORDER, *, model: str | None = None,
                 kb: KnowledgeBase | None = None) -> None:
        _load_stage_modules()
        unknown = [s for s in stages if s not in REGISTRY]
        if unknown:
            raise PipelineError(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
        self.stages = [REGISTRY[s] for s in stages]
        assigned = {"nlp"}
        for st in self.stages:
            missing = [r for r in st.requires if r not in assigned]
            if missing:
                raise PipelineError(f"stage {st.tag} needs {', '.join(missing)}, which no earlier stage adds; "
                                    f"put the stages that add it before {st.name}")
            assigned.add(st.assigns)
        self.model = model
        self._kb = kb
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from . import nlp

            self._nlp = nlp.load(self.model)
        return self._nlp

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from .kb import default_kb

            self._kb = default_kb()
        return self._kb

    @property
    def version(self) -> str:
        return ",".join(st.tag for st in self.stages)

    def run(self, document: Document, doc: Doc | None = None) -> Extraction:
        """Extract every record from one document."""
        parsed = doc if doc is not None else self.nlp(document.text)
        ctx = Context(document=document, doc=parsed, kb=self.kb)
        for st in self.stages:
            try:
                found = list(st.func(ctx))
            except Exception as exc:  # a stage bug must not stop a batch: report the document and go on
                raise ExtractionError(f"stage {st.tag} failed: {type(exc).__name__}: {exc}; "
                                      f"please report it with the document", path=document.path) from exc
            found.sort(key=lambda r: (r.span[0], r.span[1]))
            ctx.records[st.assigns] = found
        recs = {k: v for k, v in ctx.records.items()}
        return Extraction(document=document, records=recs, stages=tuple(st.tag for st in self.stages))

    def run_many(self, documents: Iterable[Document], *, batch_size: int = 16,
                 ) -> Iterable[Extraction | ExtractionError]:
        """Extract from many documents, parsing them in batches; a failing document yields its error."""
        docs = list(documents) if not isinstance(documents, list) else documents
        texts = (d.text for d in docs)
        for document, parsed in zip(docs, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            try:
                yield self.run(document, parsed)
            except ExtractionError as exc:
                yield exc


def extract(text: str, *, title: str | None = None, publication_date: str | None = None,
            pipeline: Pipeline | None = None) -> Extraction:
    """Extract records from a string, no store needed."""
    from .reader import document_from_text

    pipe = pipeline or _default_pipeline()
    return pipe.run(document_from_text(text, title=title, publication_date=publication_date))


_DEFAULT: Pipeline | None = None


def _default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
