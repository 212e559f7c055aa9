"""Questions in plain English answered from a store, every line cited, or a clear abstention.

:func:`parse` turns a question into a :class:`ParsedQuestion` (form, actor, target, topic)
with the patterns of ``data/query.yaml``; :func:`answer` retrieves by structure first
(statements or events of the resolved actors, :mod:`sourcetrace.query`), then by text (the
topic's words; FTS5 ranking over quotes and events for questions that name no actor), and
groups the lines by actor and date.  Forms: ``position`` ("What is the position of X (on
Y)?"), ``said`` ("What did X say about Y?"), ``who_said`` ("Who said …?"), ``when`` ("When
did X …?"), ``supporters`` / ``opponents`` ("Who supports/opposes X?"), ``relation`` ("What
is the relationship between X and Y?"), ``did`` ("What did X do (to Y)?"), and ``search``
for anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .kb import KnowledgeBase, default_kb
from .query import (
    ActorRef,
    Evidence,
    _event_evidence,
    _quote_evidence,
    events,
    fold,
    fts_search,
    query_config,
    resolve_actor,
    statements,
    topic_words,
)
from .records import Event, Quote
from .stances import stances
from .store import Store

__all__ = ["Answer", "AnswerGroup", "ParsedQuestion", "answer", "ask", "parse"]


@dataclass(frozen=True)
class ParsedQuestion:
    question: str
    form: str
    actor: str | None = None
    target: str | None = None
    topic: str | None = None


@dataclass
class AnswerGroup:
    """The lines of one actor (or one pair), in date order."""

    actor: str
    detail: str | None = None
    """A role, a country, or a stance score: what the header line says besides the name."""
    lines: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "detail": self.detail, "lines": [e.as_dict() for e in self.lines]}


@dataclass
class Answer:
    question: str
    parsed: ParsedQuestion
    groups: list[AnswerGroup] = field(default_factory=list)
    abstained: bool = False
    message: str = ""

    @property
    def lines(self) -> list[Evidence]:
        return [e for g in self.groups for e in g.lines]

    def as_dict(self) -> dict[str, Any]:
        p = self.parsed
        return {"question": self.question, "form": p.form, "actor": p.actor, "target": p.target, "topic": p.topic,
                "abstained": self.abstained, "message": self.message, "groups": [g.as_dict() for g in self.groups]}

    def render(self, width: int = 100) -> str:
        """The answer as text: a summary line, then each group and its cited lines."""
        out = [self.message]
        for g in self.groups:
            out.append("")
            out.append(g.actor + (f" ({g.detail})" if g.detail else ""))
            for e in g.lines:
                head = e.date or "undated"
                what = e.text if len(e.text) <= width else e.text[: width - 1] + "…"
                label = f"{e.plover} " if e.kind == "event" else ""
                by = "" if e.who == g.actor or not e.who else f"{e.who}: "
                target = f" → {e.target}" if e.kind == "event" and e.target else ""
                out.append(f"  {head}  {label}{by}\"{what}\"{target}")
                out.append(f"      [{e.citation()}]")
        return "\n".join(out)


# -- parsing -----------------------------------------------------------------------------------


def _clean(question: str) -> str:
    q = " ".join(question.replace("\u2019", "'").split())
    return q.rstrip(" ?.!")


def parse(question: str, store: Store | None = None, kb: KnowledgeBase | None = None) -> ParsedQuestion:
    """The question's form and parts; ``store`` lets ``when`` questions find where the actor's name ends."""
    kb = kb or default_kb()
    text = _clean(question)
    for entry in query_config(kb)["questions"]:
        for pattern in entry.get("patterns") or []:
            m = re.fullmatch(pattern, text, flags=re.IGNORECASE)
            if not m:
                continue
            parts = {k: (v.strip() if v else None) for k, v in m.groupdict().items()}
            actor, topic = parts.get("actor"), parts.get("topic")
            if parts.get("rest"):
                actor, topic = _split_rest(parts["rest"] or "", store, kb)
            return ParsedQuestion(question, entry["form"], actor, parts.get("target"), topic)
    return ParsedQuestion(question, "search", None, None, text)


def _split_rest(rest: str, store: Store | None, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """``the United States condemn the escalation`` → (``the United States``, ``condemn the escalation``)."""
    words = rest.split()
    if store is not None:
        for i in range(len(words) - 1, 0, -1):
            ref = resolve_actor(store, " ".join(words[:i]), kb)
            if ref.known and (ref.country or _all_words_in(words[:i], ref.names)):
                return " ".join(words[:i]), " ".join(words[i:]) or None
    skip = 1 if words and words[0].casefold() == "the" else 0
    if len(words) <= skip + 1:
        return rest, None
    return " ".join(words[: skip + 1]), " ".join(words[skip + 1:])


def _all_words_in(words: list[str], names: frozenset[str]) -> bool:
    """Every word (``the`` aside) occurs in one of ``names``: the prefix is a name, not a name and a verb."""
    folded = " ".join(fold(n) for n in names)
    return all(fold(w) in folded for w in words if w.casefold() != "the")


# -- answering ---------------------------------------------------------------------------------


def ask(store: Store, question: str, *, kb: KnowledgeBase | None = None, limit: int = 50) -> Answer:
    """Parse and answer ``question`` from ``store``."""
    kb = kb or default_kb()
    return answer(store, parse(question, store, kb), kb=kb, limit=limit)


def answer(store: Store, parsed: ParsedQuestion, *, kb: KnowledgeBase | None = None, limit: int = 50) -> Answer:
    kb = kb or default_kb()
    handler = _HANDLERS.get(parsed.form, _search)
    return handler(store, parsed, kb, limit)


def _abstain(parsed: ParsedQuestion, why: str) -> Answer:
    return Answer(parsed.question, parsed, abstained=True, message=f"No answer: {why}.")


def _who(ref: ActorRef) -> str:
    return f"{ref.label} ({ref.country})" if ref.country and ref.label != ref.country else ref.label


def _group_by_speaker(lines: list[Evidence]) -> list[AnswerGroup]:
    groups: dict[str, AnswerGroup] = {}
    for e in sorted(lines, key=lambda x: (x.date is None, x.date or "", x.doc_id, x.span)):
        g = groups.setdefault(e.who or "unknown speaker", AnswerGroup(e.who or "unknown speaker", e.role))
        g.lines.append(e)
        g.detail = g.detail or e.role
    return sorted(groups.values(), key=lambda g: (g.lines[0].date is None, g.lines[0].date or "", g.actor))


def _topic_or_target(store: Store, topic: str | None, kb: KnowledgeBase) -> tuple[ActorRef | None, str | None]:
    """A topic that names an actor becomes a target (``on Turkey``); else it stays words."""
    if not topic:
        return None, None
    ref = resolve_actor(store, topic, kb)
    if ref.country:
        return ref, None
    return None, topic


def _statements_answer(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    if not parsed.actor:
        return _search(store, parsed, kb, limit)
    ref = resolve_actor(store, parsed.actor, kb)
    if not ref.known:
        return _abstain(parsed, f"nothing in the store is by or about {parsed.actor!r}")
    about, topic = _topic_or_target(store, parsed.topic, kb)
    found = statements(store, ref, about=about, topic=topic, kb=kb)
    if not found:
        what = f" about {parsed.topic}" if parsed.topic else ""
        return _abstain(parsed, f"the store has no statements by {_who(ref)}{what}")
    found = found[:limit]
    groups = _group_by_speaker(found)
    subject = f" on {parsed.topic}" if parsed.topic else ""
    msg = (f"{_who(ref)}{subject}: {len(found)} statement{'s' * (len(found) != 1)} by "
           f"{len(groups)} speaker{'s' * (len(groups) != 1)}")
    return Answer(parsed.question, parsed, groups, message=msg)


def _who_said(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    words = topic_words(parsed.topic, kb)
    if not words:
        return _abstain(parsed, "the question gives no words to look for")
    ranked = fts_search(store, words, kinds=("quote",), limit=limit)
    best = max((score for _, score in ranked), default=0.0)
    hits = [r for r, score in ranked if isinstance(r, Quote) and score >= best]
    if not hits:
        return _abstain(parsed, f"no statement in the store matches {parsed.topic!r}")
    lines = [_quote_evidence(q) for q in hits]
    groups = _group_by_speaker(lines)
    return Answer(parsed.question, parsed, groups,
                  message=f"{len(lines)} matching statement{'s' * (len(lines) != 1)} by "
                          + ", ".join(g.actor for g in groups))


def _when(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    if not parsed.actor:
        return _search(store, parsed, kb, limit)
    ref = resolve_actor(store, parsed.actor, kb)
    if not ref.known:
        return _abstain(parsed, f"nothing in the store is by or about {parsed.actor!r}")
    words = topic_words(parsed.topic, kb)
    lines = events(store, ref, topic=parsed.topic, kb=kb) + statements(store, ref, topic=parsed.topic, kb=kb)
    lines = [e for e in lines if e.date]
    if not lines or not words:
        return _abstain(parsed, f"no dated event or statement of {_who(ref)} matches {parsed.topic!r}")
    best = max(e.score for e in lines)
    lines = sorted((e for e in lines if e.score >= best), key=lambda e: (e.date or "", e.doc_id, e.span))[:limit]
    dates = sorted({e.date for e in lines if e.date})
    group = AnswerGroup(ref.label, ref.country, lines)
    return Answer(parsed.question, parsed, [group], message=f"{_who(ref)}: " + ", ".join(dates))


def _stance_answer(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    if not parsed.actor:
        return _abstain(parsed, "the question names no actor")
    ref = resolve_actor(store, parsed.actor, kb)
    if not ref.known:
        return _abstain(parsed, f"nothing in the store is by or about {parsed.actor!r}")
    want_positive = parsed.form == "supporters"
    found = [s for s in stances(store, target=parsed.actor, kb=kb) if (s.score > 0) == want_positive and s.score]
    found.sort(key=lambda s: (-abs(s.score), -sum(s.weight), s.source_label))
    if not found:
        side = "supportive" if want_positive else "hostile"
        return _abstain(parsed, f"the store holds no {side} events or statements towards {_who(ref)}")
    groups = []
    for s in found[:limit]:
        lines = sorted(s.supportive if want_positive else s.hostile,
                       key=lambda e: (e.date is None, e.date or "", e.doc_id, e.span))
        groups.append(AnswerGroup(s.source_label, f"score {s.score:+.2f}", lines))
    verb = "support" if want_positive else "oppose"
    return Answer(parsed.question, parsed, groups,
                  message=f"{len(groups)} actor{'s' * (len(groups) != 1)} {verb} {_who(ref)}: "
                          + ", ".join(g.actor for g in groups))


def _relation(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    if not parsed.actor or not parsed.target:
        return _did(store, parsed, kb, limit)
    a, b = resolve_actor(store, parsed.actor, kb), resolve_actor(store, parsed.target, kb)
    if not a.known or not b.known:
        missing = parsed.actor if not a.known else parsed.target
        return _abstain(parsed, f"nothing in the store is by or about {missing!r}")
    groups = []
    for src, tgt in ((a, b), (b, a)):
        for s in stances(store, actor=src.query, target=tgt.query, kb=kb):
            lines = sorted(s.supportive + s.hostile, key=lambda e: (e.date is None, e.date or "", e.doc_id, e.span))
            groups.append(AnswerGroup(f"{s.source_label} → {s.target_label}", f"score {s.score:+.2f}",
                                      lines[:limit]))
    if not groups:
        return _abstain(parsed, f"no event or statement links {_who(a)} and {_who(b)}")
    return Answer(parsed.question, parsed, groups,
                  message=f"{_who(a)} and {_who(b)}: " + "; ".join(f"{g.actor} {g.detail}" for g in groups))


def _did(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    if not parsed.actor:
        return _search(store, parsed, kb, limit)
    ref = resolve_actor(store, parsed.actor, kb)
    if not ref.known:
        return _abstain(parsed, f"nothing in the store is by or about {parsed.actor!r}")
    target = resolve_actor(store, parsed.target, kb) if parsed.target else None
    if target is not None and not target.known:
        return _abstain(parsed, f"nothing in the store is by or about {parsed.target!r}")
    role = None if parsed.question.lower().startswith("what happened") else "source"
    found = events(store, ref, target=target, role=role, kb=kb)[:limit]
    if not found:
        other = f" towards {_who(target)}" if target else ""
        return _abstain(parsed, f"the store has no events of {_who(ref)}{other}")
    return Answer(parsed.question, parsed, [AnswerGroup(ref.label, ref.country, found)],
                  message=f"{_who(ref)}: {len(found)} event{'s' * (len(found) != 1)}")


def _search(store: Store, parsed: ParsedQuestion, kb: KnowledgeBase, limit: int) -> Answer:
    words = topic_words(parsed.topic or parsed.question, kb)
    hits = fts_search(store, words, limit=limit)
    if not hits:
        return _abstain(parsed, "no statement or event in the store matches the question")
    lines = [_quote_evidence(r) if isinstance(r, Quote) else _event_evidence(r) for r, _ in hits
             if isinstance(r, Quote | Event)]
    groups = _group_by_speaker(lines)
    return Answer(parsed.question, parsed, groups,
                  message=f"{len(lines)} matching line{'s' * (len(lines) != 1)} (text search: {' '.join(words)})")


_HANDLERS = {
    "position": _statements_answer,
    "said": _statements_answer,
    "who_said": _who_said,
    "when": _when,
    "supporters": _stance_answer,
    "opponents": _stance_answer,
    "relation": _relation,
    "did": _did,
    "search": _search,
}
