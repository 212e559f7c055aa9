"""Cutting a document's text into segments so that overlapping record spans render correctly.

Spans may nest or cross (a mention inside a quote inside an event's sentence, a date that
straddles two quotes).  Instead of nesting HTML elements, which cannot express crossing spans,
the text is split at every span boundary: each elementary segment knows every record that
covers it, and carries one CSS class per kind.  A record's first segment also carries the
anchor ``s{start}-{end}`` that links elsewhere point to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Marked:
    """One record to highlight: its index in the page's record list, kind and span."""

    index: int
    kind: str
    span: Span
    css: str = ""
    """Extra CSS classes (e.g. the speaker colour of a quote)."""


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same set of records."""

    start: int
    end: int
    text: str
    records: list[int] = field(default_factory=list)
    """Indices of the covering records, innermost (shortest span) first."""
    classes: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    """``s{start}-{end}`` ids of the records that begin here (one per distinct span)."""

    @property
    def marked(self) -> bool:
        return bool(self.records)


def clamp(span: Sequence[int], length: int) -> Span | None:
    """``span`` limited to ``[0, length]``; None when it is empty or malformed."""
    try:
        start, end = max(0, int(span[0])), min(length, int(span[1]))
    except (TypeError, ValueError, IndexError):
        return None
    return (start, end) if start < end else None


def segments(text: str, marks: Sequence[Marked]) -> list[Segment]:
    """Split ``text`` at every boundary of ``marks``; segments cover the text exactly once, in order."""
    n = len(text)
    valid: list[tuple[Marked, Span]] = []
    for m in marks:
        sp = clamp(m.span, n)
        if sp is not None:
            valid.append((m, sp))
    cuts = sorted({0, n} | {sp[0] for _, sp in valid} | {sp[1] for _, sp in valid})
    starts: dict[int, list[tuple[Marked, Span]]] = {}
    for m, sp in valid:
        starts.setdefault(sp[0], []).append((m, sp))
    out: list[Segment] = []
    active: list[tuple[Marked, Span]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [x for x in active if x[1][1] > a] + starts.get(a, [])
        active.sort(key=lambda x: (x[1][1] - x[1][0], x[0].index))
        seg = Segment(start=a, end=b, text=text[a:b], records=[m.index for m, _ in active])
        kinds: list[str] = []
        for m, _ in active:
            for c in (f"k-{m.kind}", *m.css.split()):
                if c not in kinds:
                    kinds.append(c)
        seg.classes = kinds
        seen: set[str] = set()
        for _, sp in starts.get(a, []):
            anchor = f"s{sp[0]}-{sp[1]}"
            if anchor not in seen:
                seen.add(anchor)
                seg.anchors.append(anchor)
        out.append(seg)
    if not out and n:
        out.append(Segment(start=0, end=n, text=text))
    return out
