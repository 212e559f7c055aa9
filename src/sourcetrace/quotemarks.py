"""Pairing quotation marks, paragraph by paragraph.

Marks are paired inside one paragraph at a time (a blank line ends a paragraph; a
text without blank lines is split at its line breaks), so one stray apostrophe can
never shift the pairs of the rest of the document.  Each mark is classified by the
characters around it (an opening mark is preceded by a space or an opening bracket
and followed by a non-space; a closing one the reverse), apostrophes inside words
(``Turkey's``) and after a plural (``officials'``, unless a single quote is open)
are ignored, and a stack pairs openers with closers, so a quotation inside a
quotation (``"… the Turkish "pro-Azerbaijan" announcements …"``) stays inside the
outer one.  A paragraph that opens a quotation and never closes it (the convention
for a quotation continued in the next paragraph) gives a quotation running to the
end of the paragraph, flagged ``open_end``.  Nothing here raises on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# family of each mark: marks of one family pair with each other
_FAMILY = {
    '"': "double", "“": "double", "”": "double", "„": "double", "‟": "double", "＂": "double",
    "'": "single", "‘": "single", "’": "single", "‚": "single", "‛": "single",
    "«": "guillemet", "»": "guillemet", "‹": "sguillemet", "›": "sguillemet",
    "「": "corner", "」": "corner", "『": "wcorner", "』": "wcorner",
}
_ALWAYS_OPEN = set("“„‟‘‚‛«‹「『")
_ALWAYS_CLOSE = set("”’»›」』")
_OPEN_BEFORE = set("([{<—–-/") | _ALWAYS_OPEN | {'"', "'"}
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
MARKS = frozenset(_FAMILY)


@dataclass(frozen=True, slots=True)
class Quotation:
    """One top-level quotation found by its marks."""

    start: int
    """Offset of the content's first character (just after the opening mark)."""
    end: int
    """Offset just past the content's last character (the closing mark's offset)."""
    open_mark: int
    """Offset of the opening mark."""
    close_mark: int | None
    """Offset of the closing mark, None when the paragraph ended first."""
    family: str
    nested: tuple[tuple[int, int], ...] = ()
    """Content spans of the quotations inside this one."""

    @property
    def open_end(self) -> bool:
        return self.close_mark is None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: blank-line separated, or line by line when there are no blank lines."""
    if not text:
        return []
    splitter = _PARAGRAPH if _PARAGRAPH.search(text) else re.compile(r"\n")
    out, pos = [], 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _doubled(text: str, i: int, end: int) -> bool:
    """``''`` or ````` ``: two marks written for one double quotation mark (newswire and TeX style)."""
    return text[i] in "'`" and i + 1 < end and text[i + 1] == text[i] and (i == 0 or text[i - 1] != text[i])


def _role(text: str, i: int, start: int, end: int, width: int = 1) -> str:
    """``open``, ``close``, ``either`` or ``none`` (an apostrophe) for the mark at ``i``."""
    ch = '"' if width == 2 else text[i]
    left = text[i - 1] if i > start else ""
    right = text[i + width] if i + width < end else ""
    if width == 2 and text[i] == "`":
        return "open"
    fam = _FAMILY[ch]
    if fam == "single" and ch in "'’":
        if left.isalnum() and right.isalnum():
            return "none"  # Turkey's, don't
        if _is_space(left) and right.isdigit():
            return "none"  # '90s
    if ch in _ALWAYS_OPEN:
        if ch == "“" and not _is_space(left) and left not in _OPEN_BEFORE and (_is_space(right) or not right.isalnum()):
            return "close"  # “ used as a closing mark
        return "open"
    if ch in _ALWAYS_CLOSE:
        if ch == "»" and (_is_space(left) or left in _OPEN_BEFORE) and right.isalnum():
            return "open"  # »reversed« guillemets
        if ch == "’" and left.isalpha() and _is_space(right):
            return "close-or-apostrophe"
        return "close"
    can_open = (_is_space(left) or left in _OPEN_BEFORE) and not _is_space(right)
    can_close = not _is_space(left) and (_is_space(right) or not right.isalnum())
    if fam == "single" and can_close and left.isalpha() and not can_open:
        return "close-or-apostrophe"  # officials' or the end of a single-quoted phrase
    if can_open and can_close:
        return "either"
    if can_open:
        return "open"
    if can_close:
        return "close"
    return "either" if fam != "single" else "none"


def _compatible(opener: str, closer: str) -> bool:
    return _FAMILY[opener] == _FAMILY[closer]


@dataclass(slots=True)
class _Paired:
    quotes: list[Quotation]
    stray_open: int | None = None
    """The first opener that never closed and was set aside."""
    lead_close: int | None = None
    """A closing mark met before any opener (the end of a quotation begun in an earlier paragraph)."""


def pair_paragraph(text: str, start: int, end: int) -> list[Quotation]:
    """The top-level quotations of ``text[start:end]``, nested ones recorded inside them."""
    return _pair_paragraph(text, start, end).quotes


def _pair_paragraph(text: str, start: int, end: int) -> _Paired:
    """Pair one paragraph.

    An opener left unclosed at the end of the paragraph opens a quotation that runs to the
    paragraph's end when it begins the paragraph or follows ``:``/``,``/``(`` (a quotation
    continued in the next paragraph); otherwise it is set aside as stray and the paragraph is
    paired again without it.
    """
    ignore: set[int] = set()
    first_stray: int | None = None
    for _ in range(8):
        found, stray, lead = _pair(text, start, end, ignore)
        if stray is None:
            return _Paired(found, first_stray, lead)
        first_stray = stray if first_stray is None else min(first_stray, stray)
        ignore.add(stray)
    found, _stray, lead = _pair(text, start, end, ignore)
    return _Paired(found, first_stray, lead)


def _continues(text: str, start: int, pos: int) -> bool:
    before = text[start:pos].rstrip()
    return not before or before[-1] in ":,(["


def _pair(text: str, start: int, end: int, ignore: set[int]) -> tuple[list[Quotation], int | None, int | None]:
    stack: list[tuple[int, str]] = []  # (offset, mark)
    width_at: dict[int, int] = {}
    lead: int | None = None
    seen_open = False
    nested: dict[int, list[tuple[int, int]]] = {}
    out: list[Quotation] = []
    skip = -1
    for i in range(start, end):
        if i <= skip:
            continue
        ch = text[i]
        width = 2 if _doubled(text, i, end) else 1
        if width == 2:
            ch, skip = '"', i + 1
        if ch not in _FAMILY or i in ignore:
            continue
        width_at[i] = width
        role = _role(text, i, start, end, width)
        if role == "none":
            continue
        match = next((k for k in range(len(stack) - 1, -1, -1) if _compatible(stack[k][1], ch)), None)
        if role == "close-or-apostrophe" and match is None:
            continue
        closes = role in ("close", "close-or-apostrophe") or (role == "either" and match is not None)
        if role == "close" and match is None and not seen_open and lead is None:
            lead = i
        if closes and match is not None:
            del stack[match + 1:]  # unclosed marks inside are abandoned
            pos, mark = stack.pop()
            w = width_at.get(pos, 1)
            if stack:
                nested.setdefault(stack[0][0], []).append((pos + w, i))
            else:
                out.append(Quotation(pos + w, i, pos, i, _FAMILY[mark], tuple(nested.pop(pos, []))))
            continue
        if role in ("open", "either"):
            stack.append((i, ch))
            seen_open = True
    if stack:
        pos, mark = stack[0]
        if _FAMILY[mark] == "single" or not _continues(text, start, pos):
            return out, pos, lead
        w = width_at.get(pos, 1)
        stop = end
        while stop > pos + w and text[stop - 1].isspace():
            stop -= 1
        if stop > pos + w:
            out.append(Quotation(pos + w, stop, pos, None, _FAMILY[mark], tuple(nested.pop(pos, []))))
    out.sort(key=lambda q: q.start)
    return out, None, lead


def find_quotations(text: str) -> list[Quotation]:
    """Every top-level quotation of ``text``, paired paragraph by paragraph, in order.

    A quotation opened in one paragraph and closed by a lone closing mark at the start of
    the next (a paragraph break inside a quotation) is joined into one.
    """
    paras = paragraphs(text)
    paired = [_pair_paragraph(text, s, e) for s, e in paras]
    for k in range(len(paired) - 1):
        _continue_into_next(text, paired[k], paras[k], paras[k + 1])
    for k in range(len(paired) - 1):
        here, nxt = paired[k], paired[k + 1]
        if nxt.lead_close is None:
            continue
        open_end = next((q for q in here.quotes if q.open_end), None)
        opener = open_end.open_mark if open_end else here.stray_open
        if opener is None:
            continue
        close = nxt.lead_close
        width = 2 if _doubled(text, opener, len(text)) else 1
        joined = Quotation(opener + width, close, opener, close, "double" if width == 2 else _FAMILY[text[opener]])
        here.quotes = [q for q in here.quotes if q.start < opener] + [joined]
        nxt.quotes = [q for q in nxt.quotes if q.start > close]
        nxt.lead_close = None
    return [q for p in paired for q in p.quotes]


def _continue_into_next(text: str, here: _Paired, para: tuple[int, int], nxt: tuple[int, int]) -> None:
    """A double quotation left open at the end of a paragraph whose successor opens with a quotation mark
    (the convention for a quotation running over several paragraphs) runs to the end of its paragraph,
    wherever in the paragraph it opened."""
    opener = here.stray_open
    if opener is None or any(q.open_end or q.start > opener for q in here.quotes):
        return
    if _FAMILY.get(text[opener]) != "double" or _doubled(text, opener, para[1]) or not text[opener + 1:opener + 2].isalnum():
        return
    if not text[opener:para[1]].rstrip().endswith((".", "!", "?")):
        return
    first = text[nxt[0]:nxt[1]].lstrip()
    if not first or _FAMILY.get(first[0]) != "double" or first[0] in _ALWAYS_CLOSE:
        return
    stop = para[1]
    while stop > opener + 1 and text[stop - 1].isspace():
        stop -= 1
    if stop > opener + 1:
        here.quotes = sorted(here.quotes + [Quotation(opener + 1, stop, opener, None, "double")], key=lambda q: q.start)
        here.stray_open = None
