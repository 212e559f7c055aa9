"""Stage ``quotes``: who said what, with the cue, the statement date and the sources.

Three kinds of statement are extracted (docs/quotes.md):

* **direct** and **partial** quotations, found by their quotation marks
  (:mod:`sourcetrace.quotemarks` pairs them paragraph by paragraph), attributed by the
  layout around them: a cue after the quotation (``"…," Erdogan said``), before it in
  the same sentence (``Aliyev said: "…"``, ``X's announcement that ("…"``), at the end
  of the previous sentence (``… said:`` then the quotation), the same speaker continuing
  (``"…," he said, "…"`` is one quotation in two pieces);
* **indirect** (reported) speech: a cue verb of the lexicon with a clause
  (``X said that …``, ``…, officials said``), ``X urged Y to …``,
  ``X expressed his concern about …``, ``according to X, …``.

The cue lexicon is packaged data (``data/cues.yaml``) extended by the user's files of the
same name.  Speakers are read from the parse (subject, inverted subject, possessor of a
cue noun, ``according to`` object), split into name and role (``Russian Foreign
Minister, Sergey Lavrov``), linked through the knowledge base when it can, and pronouns
(``he``, ``she``, ``it``, ``they``) are resolved to the most recent compatible speaker or
subject.  A quotation nobody is found to have said (a scare quote, a title, a proverb)
is not a statement and is left out.  Sources are the citations that cover the quotation
or the nearest following citation of the paragraph; the date is the time expression the
text ties to the act of saying, else null.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .pipeline import Context, stage
from .quotemarks import Quotation, find_quotations, paragraphs
from .records import Citation, Mention, Quote, Source, Span, Speaker, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

VERSION = 1
TAG = f"quotes@{VERSION}"

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
PRONOUNS = {"he": ("person", "m"), "him": ("person", "m"), "she": ("person", "f"), "her": ("person", "f"),
            "it": ("organization", None), "they": ("any", None), "them": ("any", None)}
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent")
"""A common noun that heads a speaker and ends so names a person (``forecaster``), else a body."""
RELATIVES = {"who", "which", "that", "whom"}
FIRST_PERSON = {"i", "we", "me", "us", "you"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
NAME_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "GPE", "NORP"}
ROLE_PREPS = {"of", "for", "at", "from", "to"}
MAX_INHERIT_DISTANCE = 25
"""A participle (``…, saying``) borrows its head's subject only when it is this close (tokens)."""
MAX_TRAIL_TOKENS = 8
"""A trailing attribution (``"…," X said``) must start within this many tokens of the closing mark."""
MAX_LEAD_TOKENS = 25
"""A cue before a quotation must lie within this many tokens of the opening mark."""


# -- the cue lexicon ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CueLexicon:
    """Cue verbs, nouns and phrases with their kind, and the nouns that head a speaker's description."""

    verbs: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> CueLexicon:
        """Merge the files in order: later entries replace earlier ones, ``off`` removes one."""
        return _load_lexicon(tuple(str(p) for p in paths))

    def verb_kind(self, tok: Token) -> str | None:
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        return self.verbs.get(tok.lemma_.lower()) or self.verbs.get(tok.lower_)

    def noun_kind(self, tok: Token) -> str | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        return self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)

    def speaker_noun(self, tok: Token) -> tuple[str, str | None] | None:
        return self.speakers.get(tok.lemma_.lower()) or self.speakers.get(tok.lower_)


@lru_cache(maxsize=16)
def _load_lexicon(paths: tuple[str, ...]) -> CueLexicon:
    merged: dict[str, dict[str, str]] = {"verbs": {}, "nouns": {}, "phrases": {}, "speakers": {}}
    for path in paths:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            from .errors import PipelineError

            raise PipelineError(f"cannot read the cue lexicon {path}: {exc}; fix the YAML or remove the file",
                                path=path) from exc
        if not isinstance(data, dict):
            continue
        for section, table in merged.items():
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                continue
            for key, value in entries.items():
                word = str(key).strip().lower()
                if value is False or value is None or str(value).lower() == "off":
                    table.pop(word, None)
                else:
                    table[word] = str(value).strip().lower()
    speakers: dict[str, tuple[str, str | None]] = {}
    for word, value in merged["speakers"].items():
        typ, _, gender = value.partition("/")
        speakers[word] = (typ or "person", gender or None)
    return CueLexicon(merged["verbs"], merged["nouns"], merged["phrases"], speakers)


def lexicon_for(ctx: Context) -> CueLexicon:
    return CueLexicon.from_files(ctx.kb.files("cues.yaml"))


# -- working state ---------------------------------------------------------------------------------------
@dataclass
class Who:
    """A resolved speaker before it becomes a :class:`Speaker`."""

    name: str
    mention: str
    span: Span
    type: str
    role: str | None = None
    country: str | None = None
    gender: str | None = None
    plural: bool = False

    def speaker(self) -> Speaker:
        return Speaker(name=self.name, mention=self.mention, span=self.span, type=self.type, role=self.role,
                       country=self.country)


@dataclass
class Act:
    """One act of saying: a cue with its speaker and date."""

    cue: Token
    who: Who
    date: str | None
    own_date: bool


@dataclass
class Found:
    spans: list[Span]
    kind: str
    act: Act | None
    who: Who
    quotation: Quotation | None = None

    @property
    def span(self) -> Span:
        return (self.spans[0][0], self.spans[-1][1])


def _possible_cues(ctx: Context, lex: CueLexicon) -> set[int]:
    """Indices of the tokens whose word or lemma the lexicon lists as a cue verb or noun, or ``according``:
    the only tokens :meth:`Analysis.act_for` can make an act of."""
    words = lex.verbs.keys() | lex.nouns.keys() | {"according"}
    return {i for i, (low, lemma) in enumerate(zip(ctx.token_attr("lower_"), ctx.token_attr("lemma_"), strict=True))
            if low in words or lemma.lower() in words}


class Analysis:
    """Everything the stage computes for one document."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.doc: Doc = ctx.doc
        self.lex = lexicon_for(ctx)
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.quotations = find_quotations(self.text)
        self.q_starts = [q.start for q in self.quotations]
        self.mentions: list[Mention] = sorted(ctx.of("mention"), key=lambda m: m.span)
        self.times: list[TimeExpr] = sorted(ctx.of("time"), key=lambda t: t.span)
        self.citations: list[Citation] = sorted(ctx.of("citation"), key=lambda c: c.span)
        self.link = getattr(ctx.kb, "link", None)
        self.pub_date = ctx.document.publication_date
        self.referents: list[tuple[int, Who]] = []
        self.acts: dict[int, Act] = {}
        self.attributed: list[Quotation] = []
        self.absorbed: list[Quotation] = []
        """Quoted phrases inside a reported clause: part of the indirect statement, not records of their own."""
        self._ents = dict(enumerate(ctx.token_attr("ent_type_")))
        self._cue_at = _possible_cues(ctx, self.lex)

    # -- positions -------------------------------------------------------------------------------------
    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def quotation_at(self, offset: int) -> Quotation | None:
        k = bisect.bisect_right(self.q_starts, offset) - 1
        if k >= 0 and self.quotations[k].start <= offset < max(self.quotations[k].end, self.quotations[k].start + 1):
            return self.quotations[k]
        return None

    def inside_quote(self, tok: Token) -> bool:
        return self.quotation_at(tok.idx) is not None

    # -- speakers -------------------------------------------------------------------------------------
    def subject_tokens(self, cue: Token, strict: bool) -> list[Token]:
        """The subject(s) of a cue verb: its own, or (coordinated, participle, relative) its head's."""
        own = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass"]
        if own and own[0].lower_ in RELATIVES and cue.dep_ == "relcl":
            return [cue.head]
        if own:
            return own
        if cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX"):
            return self.subject_tokens(cue.head, strict)
        if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [cue.head]
        if not strict and cue.dep_ in ("advcl", "xcomp") and cue.tag_ == "VBG":
            head_subjects = [c for c in cue.head.children if c.dep_ in SUBJECT_DEPS]
            if head_subjects and abs(cue.i - head_subjects[0].i) <= MAX_INHERIT_DISTANCE:
                return head_subjects
        return self._adjacent_subject(cue)

    def _adjacent_subject(self, cue: Token) -> list[Token]:
        """``…, Foreign Minister, Cavusoglu, said``: a name right before a cue the parser left subjectless."""
        if cue.tag_ == "VBG" or cue.i == cue.sent.start:
            return []
        k = cue.i - 1
        while k >= cue.sent.start and self.doc[k].is_punct and self.doc[k].text == ",":
            k -= 1
        if k < cue.sent.start or self.doc[k].pos_ not in ("PROPN", "NOUN"):
            return []
        t = self.doc[k]
        while t.dep_ in ("appos", "compound", "flat") and t.head.i < cue.i and t.head.i != t.i:
            t = t.head
        return [t]

    def phrase(self, heads: Sequence[Token]) -> list[Token]:
        """The tokens naming the speaker: the subject's subtree without clauses and circumstances."""
        keep: set[int] = set()

        def walk(tok: Token) -> None:
            keep.add(tok.i)
            for child in tok.children:
                if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis", "cc", "conj") and tok in heads:
                    if child.dep_ in ("cc", "conj") and child.pos_ in ("PROPN", "NOUN", "CCONJ"):
                        walk(child)
                    continue
                if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis"):
                    continue
                if child.dep_ == "prep" and child.lower_ not in ROLE_PREPS:
                    continue
                walk(child)

        for h in heads:
            walk(h)
        toks = [self.doc[i] for i in sorted(keep)]
        # trim punctuation and determiners at the edges
        while toks and (toks[0].is_punct or toks[0].lower_ in DETERMINERS or toks[0].like_num
                        or not toks[0].text.strip("-.):/").isalpha() and any(ch.isdigit() for ch in toks[0].text)):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks = toks[:-1]
        return toks

    def who_from_subject(self, heads: Sequence[Token], lenient: bool = False) -> Who | None:
        heads = [h for h in heads if not h.is_space]
        if not heads:
            return None
        head = heads[0]
        if head.lower_ in FIRST_PERSON:
            return None
        if head.lower_ in PRONOUNS and len(heads) == 1:
            return self.resolve_pronoun(head)
        if self.lex.noun_kind(head) == "statement":
            return self.who_from_cue_noun(head) or self.resolve_anaphor(head, "organization", None)
        if head.lower_ == "one" and len(heads) == 1:
            return self._one_of(head)
        toks = self.phrase(heads)
        if not toks:
            return None
        return self.who_from_tokens(toks, heads, lenient)

    def who_from_tokens(self, toks: Sequence[Token], heads: Sequence[Token], lenient: bool = False) -> Who | None:
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if start >= end:
            return None
        in_prep = self._in_prep(toks, heads)
        names = [t for t in toks if self._ents.get(t.i) in NAME_LABELS and t.i not in in_prep]
        if not names:
            names = self._name_after_role(toks, heads)
        if not names:
            names = [t for h in heads for t in h.subtree if self._ents.get(t.i) in NAME_LABELS and (
                t.dep_ == "appos" or (t.dep_ in ("compound", "flat") and t.head.dep_ == "appos"))]
            if names:
                end = max(end, names[-1].idx + len(names[-1]))
        gender = next((g for t in toks if (sn := self.lex.speaker_noun(t)) and (g := sn[1])), None)
        if names:
            run = self._contiguous_last(names)
            n0, n1 = run[0].idx, run[-1].idx + len(run[-1])
            surface = self.text[n0:n1]
            role = self._clean_role(_last_line(self.text[start:n0]) + " " + _first_line(self.text[n1:end]))
            return self.finish(Who(surface, surface, (n0, n1), "person", role, None, gender))
        surface = self.text[start:end]
        typ = "organization"
        head_noun = next((h for h in heads if h.pos_ in ("NOUN", "PROPN", "PRON")), heads[0])
        sn = self.lex.speaker_noun(head_noun)
        if sn is not None:
            typ = sn[0]
        elif self._ents.get(head_noun.i) in ORG_LABELS | NAME_LABELS or head_noun.pos_ == "PROPN":
            typ = "organization"
        elif lenient and head_noun.pos_ == "NOUN":
            typ = "person" if head_noun.lemma_.lower().endswith(AGENT_SUFFIXES) else "organization"
        else:
            return None
        plural = head_noun.tag_ in ("NNS", "NNPS")
        return self.finish(Who(surface, surface, (start, end), typ, None, None, gender, plural))

    def _one_of(self, head: Token) -> Who | None:
        """``one said``, ``one of them said``, ``one resident said``: an unnamed member of a group."""
        toks = [t for t in head.subtree if not t.is_punct and t.dep_ not in ("relcl", "acl", "appos")]
        toks = [t for t in toks if head.i <= t.i <= head.i + 5]
        if not toks:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        surface = self.text[start:end]
        return self.finish(Who(surface, surface, (start, end), "person", None, None, None))

    def _in_prep(self, toks: Sequence[Token], heads: Sequence[Token]) -> set[int]:
        out: set[int] = set()
        for t in toks:
            if t.dep_ == "prep" and t.head.i in {h.i for h in heads} | {x.i for x in toks}:
                out.update(x.i for x in t.subtree)
        return out

    def _name_after_role(self, toks: Sequence[Token], heads: Sequence[Token]) -> list[Token]:
        """``Foreign Minister, Cavusoglu``: a proper-noun apposition or subject beside a role noun."""
        role_heads = [h for h in heads if (sn := self.lex.speaker_noun(h)) and sn[0] == "person"]
        if not role_heads:
            return []
        for h in heads:
            cands = [c for c in h.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            if h.pos_ == "PROPN" and h not in role_heads and not self.lex.speaker_noun(h):
                cands.append(h)
            for c in cands:
                run = [x for x in c.subtree if x.pos_ == "PROPN" and x.dep_ in ("compound", "flat", "appos", "nsubj")
                       and x.i in {t.i for t in toks}]
                if run and not self.lex.speaker_noun(run[-1]) and self._ents.get(run[-1].i) not in ("GPE", "NORP"):
                    return run
        return []

    @staticmethod
    def _contiguous_last(names: Sequence[Token]) -> list[Token]:
        runs: list[list[Token]] = []
        for t in names:
            if runs and t.i == runs[-1][-1].i + 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        return runs[-1]

    @staticmethod
    def _clean_role(raw: str) -> str | None:
        words = raw.replace(",", " ").split()
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        while words and words[-1] in ("'s", "’s", "and", "-", "—"):
            words = words[:-1]
        role = " ".join(words).strip(" ,;:()")
        return role if role and len(words) <= 15 else None

    def finish(self, who: Who) -> Who:
        """Canonical name, role and country: the knowledge base, else a mention, else the text cleaned."""
        linked = None
        if self.link is not None:
            try:
                linked = self.link(who.mention, kind=who.type, date=self.pub_date)
            except TypeError:
                linked = self.link(who.mention)
        if linked is not None and getattr(linked, "name", None):
            kind = getattr(linked, "kind", None)
            who.name = linked.name
            if kind in ("person", "organization"):
                who.type = kind
            who.role = who.role or getattr(linked, "role", None)
            who.country = getattr(linked, "country", None)
            return who
        m = self._mention_over(who.span)
        if m is not None and m.canonical and m.kind in ("person", "organization", "outlet") and (
                m.link_reason not in (None, "unlinked") and m.canonical != m.text):
            if m.span[0] <= who.span[0] and who.span[1] <= m.span[1] or len(m.text) >= len(who.mention) * 0.6:
                who.name = m.canonical
            who.country = m.country
            who.role = who.role or m.role
        else:
            words = who.mention.split()
            while words and words[0].lower() in DETERMINERS:
                words = words[1:]
            who.name = " ".join(words) or who.mention
        return who

    def _mention_over(self, span: Span) -> Mention | None:
        best = None
        for m in self.mentions:
            if m.span[0] >= span[1]:
                break
            if m.span[1] > span[0] and (best is None or m.span[1] - m.span[0] > best.span[1] - best.span[0]):
                best = m
        return best

    def who_from_cue_noun(self, noun: Token) -> Who | None:
        """The issuer of a statement noun: its possessor, the names before it, or ``by/from/of X``."""
        poss = [c for c in noun.children if c.dep_ == "poss"]
        if poss:
            p = poss[0]
            if p.lower_ in PRONOUNS or p.lower_ in ("his", "her", "its", "their"):
                return self.resolve_pronoun(p)
            toks = [t for t in self.phrase([p]) if t.dep_ != "case" and t.lower_ not in ("'s", "’s")]
            return self.who_from_tokens(toks, [p]) if toks else None
        comp = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i
                and (c.pos_ == "PROPN" or self._ents.get(c.i) in ORG_LABELS | NAME_LABELS)]
        if comp:
            toks = sorted({t for c in comp for t in c.subtree}, key=lambda t: t.i)
            toks = [t for t in toks if t.lower_ not in DETERMINERS]
            return self.who_from_tokens(toks, comp) if toks else None
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of"):
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    return self.who_from_subject(objs)
        return None

    # -- pronouns ---------------------------------------------------------------------------------------
    def resolve_pronoun(self, tok: Token) -> Who | None:
        low = tok.lower_
        if low in ("his",):
            low = "he"
        elif low in ("its",):
            low = "it"
        elif low in ("their",):
            low = "they"
        typ, gender = PRONOUNS.get(low, ("any", None))
        found = self.resolve_anaphor(tok, typ, gender)
        if found is None:
            return None
        who = Who(found.name, tok.text, (tok.idx, tok.idx + len(tok)), found.type, found.role, found.country,
                  found.gender or gender, found.plural)
        if found.gender is None and gender is not None:
            found.gender = gender
        return who

    def resolve_anaphor(self, tok: Token, typ: str, gender: str | None) -> Who | None:
        k = bisect.bisect_left([r[0] for r in self.referents], tok.idx)
        for _pos, who in reversed(self.referents[:k]):
            if typ == "person" and who.type != "person":
                continue
            if typ == "organization" and (who.type != "organization" or who.plural):
                continue
            if typ == "any" and not (who.type == "organization" or who.plural):
                continue
            if gender and who.gender and who.gender != gender:
                continue
            return who
        return None

    def add_referent(self, pos: int, who: Who) -> None:
        bisect.insort(self.referents, (pos, who), key=lambda r: r[0])

    # -- the pass over subjects and cues ----------------------------------------------------------------
    def scan(self) -> None:
        """In text order: record every subject as a referent and every cue with a speaker as an act."""
        deps = self.ctx.token_attr("dep_")
        for tok in self.ctx.tokens():
            if deps[tok.i] != "nsubj" and tok.i not in self._cue_at:
                continue  # neither a referent nor a cue: nothing below would happen
            if self.inside_quote(tok):
                self.act_for(tok, register=False)
                continue
            if tok.dep_ in ("nsubj",) and not tok.is_space and tok.head.i not in self.acts:
                if tok.lower_ in PRONOUNS:
                    who = self.resolve_pronoun(tok)
                elif tok.pos_ in ("PROPN", "NOUN"):
                    who = self.who_from_subject([c for c in tok.head.children if c.dep_ == "nsubj"])
                else:
                    who = None
                if who is not None:
                    self.add_referent(tok.idx, who)
            self.act_for(tok)

    def act_for(self, cue: Token, strict: bool = False, register: bool = True) -> Act | None:
        if cue.i in self.acts:
            return self.acts[cue.i]
        if cue.i not in self._cue_at:
            return None
        kind = self.lex.verb_kind(cue)
        who: Who | None = None
        if kind is not None:
            if any(c.dep_ == "neg" for c in cue.children):
                return None
            if any(c.dep_ == "mark" and c.lower_ in ("as", "if", "unless") for c in cue.children):
                return None
            subj = self.subject_tokens(cue, strict)
            if not subj and cue.tag_ == "VBG" and cue.i == cue.sent.start + _leading_skip(cue.sent):
                subj = self._previous_subject(cue)
            who = self.who_from_subject(subj, lenient=True) if subj else None
        elif self.lex.noun_kind(cue) == "statement":
            who = self.who_from_cue_noun(cue)
        elif cue.lower_ == "according" and self._attributive_according(cue):
            objs = [o for c in cue.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"]
            who = self.who_from_subject(objs) if objs else None
        if who is None:
            return None
        date = self.date_for(cue)
        act = Act(cue, who, date, date is not None)
        if date is None:
            act.date = self._inherited_date(cue, who)
        self.acts[cue.i] = act
        if register:
            self.add_referent(cue.idx, who)
        return act

    def _attributive_according(self, cue: Token) -> bool:
        """``According to X, …`` / ``…, according to X.``: set off from the clause, not ``by means according to rules``."""
        if "according to" not in self.lex.phrases or not any(c.lower_ == "to" for c in cue.children):
            return False
        sub = sorted(cue.subtree, key=lambda t: t.i)
        before = self.doc[sub[0].i - 1] if sub[0].i > cue.sent.start else None
        after = self.doc[sub[-1].i + 1] if sub[-1].i + 1 < cue.sent.end else None
        opens = before is None or before.is_punct or before.is_space
        closes = after is None or after.is_punct or after.is_space
        return opens and closes

    def _previous_subject(self, cue: Token) -> list[Token]:
        """``…, responded on Monday,⏎⏎saying, "…"``: the subject of the sentence before."""
        start = cue.sent.start
        if start == 0:
            return []
        prev = self.doc[start - 1].sent
        if self.paragraph_of(cue.idx) - self.paragraph_of(prev.start_char) > 1:
            return []
        root = prev.root
        return [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass"]

    def _inherited_date(self, cue: Token, who: Who) -> str | None:
        """The date of the same speaker's previous act in the same paragraph."""
        para = self.paragraph_of(cue.idx)
        for i in sorted(self.acts, reverse=True):
            act = self.acts[i]
            if act.cue.i >= cue.i or self.paragraph_of(act.cue.idx) != para:
                continue
            if act.who.name == who.name:
                return act.date
        return None

    # -- dates ------------------------------------------------------------------------------------------
    def date_for(self, cue: Token) -> str | None:
        """A time expression in the cue's own clause (not in what was said)."""
        times = self._datable_times()
        if not times:
            return None
        content = {t.i for c in cue.children if c.dep_ in ("ccomp", "xcomp", "acl", "dobj", "relcl")
                   for t in c.subtree}
        own = self.quotation_at(cue.idx)

        def outside(t: Token) -> bool:  # not in a quotation other than the one the cue itself is in
            return self.quotation_at(t.idx) in (None, own)

        clause = [t for t in cue.subtree if t.i not in content and outside(t)]
        if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.pos_ == "VERB":
            for c in cue.head.children:
                if c.dep_ in ("prep", "npadvmod", "advmod") and c.i != cue.i:
                    clause.extend(t for t in c.subtree if outside(t))
        if not clause:
            return None
        spans = [(t.idx, t.idx + len(t)) for t in clause]
        best: tuple[int, str] | None = None
        for tx in times:
            if any(s[0] < tx.span[1] and tx.span[0] < s[1] for s in spans):
                dist = abs(tx.span[0] - cue.idx)
                if best is None or dist < best[0]:
                    best = (dist, str(tx.value))
        return best[1] if best else None

    def _datable_times(self) -> list[TimeExpr]:
        """The time expressions with a value outside every citation (computed once)."""
        if not hasattr(self, "_datable"):
            self._datable = [tx for tx in self.times if tx.value is not None and not any(
                c.span[0] < tx.span[1] and tx.span[0] < c.span[1] for c in self.citations)]
        return self._datable

    # -- direct and partial quotations ------------------------------------------------------------------
    def tokens_between(self, start: int, end: int) -> list[Token]:
        if end <= start:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def attribute(self, q: Quotation, previous: Found | None) -> tuple[Act | None, Who | None, str]:
        """The act a quotation belongs to, by layout; ``how`` names the layout that matched."""
        content = self.text[q.start:q.end].rstrip()
        after_start = q.close_mark + 1 if q.close_mark is not None else q.end
        # 1. "…," X said.
        if (content and content[-1] in ",?!—–-…" or content.endswith("...")) and self._starts_sentence(q):
            act = self._trailing(after_start)
            if act is not None:
                return act, act.who, "after"
        # 2. X said: "…" / X's announcement that ("…"
        act = self._leading(q)
        if act is not None:
            return act, act.who, "before"
        # 3. X said:⏎⏎"…"
        act = self._previous_sentence_cue(q)
        if act is not None:
            return act, act.who, "previous"
        # 4. a quotation continuing the previous one of the same speaker
        if previous is not None and self._continues(previous, q):
            return previous.act, previous.who, "continued"
        # 5. "…" (late) trailing attribution after a full stop: "…." said X
        act = self._trailing(after_start, allow_capital=False)
        if act is not None:
            return act, act.who, "after"
        return None, None, "none"

    def _starts_sentence(self, q: Quotation) -> bool:
        """The opening mark begins a sentence (``"Yes," he said``), not a title inside one."""
        para = self.paras[self.paragraph_of(q.open_mark)] if self.paras else (0, 0)
        before = self.text[para[0]:q.open_mark].rstrip(" \t([")
        return not before or before[-1] in ".!?:;\"”»…-—–'"

    def _trailing(self, start: int, allow_capital: bool = True) -> Act | None:
        toks = self.tokens_between(start, min(len(self.text), start + 200))
        count = 0
        for t in toks:
            if "\n" in t.text_with_ws:
                if t.is_space or count > 0:
                    break
            if t.is_space:
                continue
            if count == 0 and not allow_capital and not t.is_lower:
                break
            if t.text in ('"', "“", "«", "„", "``", "''") or (t.is_punct and t.text in ".!?;" and count > 0):
                break
            if t.is_punct and t.text in "([":
                break
            count += 1
            if count > MAX_TRAIL_TOKENS:
                break
            if self.lex.verb_kind(t) is not None and not self.inside_quote(t):
                act = self.act_for(t, strict=False)
                if act is not None:
                    return act
        return None

    def _leading(self, q: Quotation) -> Act | None:
        open_tok = self.doc.char_span(q.open_mark, q.open_mark + 1, alignment_mode="expand")
        if open_tok is None:
            return None
        sent = open_tok[0].sent
        prev_close = max((p.close_mark for p in self.quotations
                          if p.close_mark is not None and p.close_mark < q.open_mark), default=-1)
        cands = [t for t in self.doc[sent.start:open_tok[0].i]
                 if t.idx > prev_close and open_tok[0].i - t.i <= MAX_LEAD_TOKENS]
        for t in reversed(cands):
            if self.lex.verb_kind(t) is None and self.lex.noun_kind(t) is None:
                continue
            between = self.text[t.idx + len(t):q.open_mark]
            if any(ch in between for ch in ".!?"):
                continue
            act = self.act_for(t, strict=False)
            if act is None:
                continue
            if self._is_partial(q) and not self._governs(t, q):
                continue
            return act
        return None

    def _governs(self, cue: Token, q: Quotation) -> bool:
        """A quoted phrase inside the cue's own clause (its subject said it, not the author)."""
        inherits = cue.dep_ in ("conj", "relcl") or (
            cue.dep_ in ("advcl", "xcomp") and cue.tag_ == "VBG" and self.lex.verb_kind(cue.head) is not None)
        if not [c for c in cue.children if c.dep_ in SUBJECT_DEPS] and not inherits:
            if self.lex.verb_kind(cue) is not None:
                return False
        inside = self.tokens_between(q.start, q.end)
        sub = {t.i for t in cue.subtree}
        return bool(inside) and any(t.i in sub for t in inside if not t.is_punct)

    def _previous_sentence_cue(self, q: Quotation) -> Act | None:
        before = self.text[:q.open_mark].rstrip(" \t\r\n(")
        if not before or before[-1] not in ":,":
            return None
        end = len(before)
        toks = self.tokens_between(max(0, end - 400), end)
        for t in reversed(toks):
            if t.idx + len(t) <= end - 1 and t.text in ".!?" or self.inside_quote(t):
                break
            if self.lex.verb_kind(t) is not None or self.lex.noun_kind(t) is not None:
                act = self.act_for(t, strict=False)
                if act is not None:
                    return act
        return None

    def _continues(self, previous: Found, q: Quotation) -> bool:
        pq = previous.quotation
        if pq is None or previous.act is None:
            return False
        gap = self.text[pq.end:q.open_mark]
        if pq.open_end and self.paragraph_of(q.open_mark) == self.paragraph_of(pq.start) + 1:
            return not gap.strip(" \t\r\n\"“”«»'`")
        if self.paragraph_of(q.open_mark) - self.paragraph_of(pq.start) > 1:
            return False
        if self._is_partial(q) or not self._starts_sentence(q):
            return False
        if not gap.strip(" \t\r\n\"“”«»'`."):
            return True
        # "…," said X, who leads the union. "…": the next sentence goes on quoting X
        same_para = self.paragraph_of(q.open_mark) == self.paragraph_of(pq.start)
        ends = sum(gap.count(ch) for ch in ".!?")
        return same_para and ends <= 1 and not any(p.start > pq.end and p.end < q.open_mark for p in self.quotations)

    def _is_partial(self, q: Quotation) -> bool:
        content = self.text[q.start:q.end].strip()
        if not content:
            return True
        before = self.text[max(0, q.open_mark - 3):q.open_mark].strip()
        starts_clause = not before or before[-1] in ":,([" or content[0].isupper()
        words = content.split()
        ends_sentence = content.rstrip(" \"'”’)").endswith((".", "!", "?", "...", "…"))
        if content[0].isupper() and len(words) >= 4:
            return False
        return not (ends_sentence and len(words) >= 4 and starts_clause) and not (
            ends_sentence and self._has_finite_verb(q))

    def _has_finite_verb(self, q: Quotation) -> bool:
        return any(t.tag_ in ("VBD", "VBP", "VBZ", "MD") for t in self.tokens_between(q.start, q.end))

    def direct(self) -> list[Found]:
        out: list[Found] = []
        previous: Found | None = None
        for q in self.quotations:
            start, end = _strip_span(self.text, q.start, q.end)
            if end <= start:
                continue
            act, who, how = self.attribute(q, previous)
            if who is None:
                continue
            kind = "partial" if self._is_partial(q) else "direct"
            if kind == "partial" and act is not None and self._in_clause(act.cue, start, end):
                self.attributed.append(q)
                self.absorbed.append(q)
                continue
            # "…," he said, "…": one quotation in two pieces
            merged = False
            last_q = out[-1].quotation if out else None
            if last_q is not None and how == "before" and out[-1].act is act and act is not None:
                gap_start = (last_q.close_mark or last_q.end) + 1
                gap = self.text[gap_start:q.open_mark]
                gap_toks = self.tokens_between(gap_start, q.open_mark)
                if act.cue.idx >= gap_start - 1 and not any(ch in gap for ch in ".!?") and len(gap.split()) <= 6 \
                        and not any(t.pos_ == "VERB" and t.i != act.cue.i for t in gap_toks):
                    out[-1].spans.append((start, end))
                    merged = True
            if not merged:
                found = Found([(start, end)], kind, act, who, q)
                out.append(found)
                previous = found
            self.attributed.append(q)
        return out

    # -- indirect speech --------------------------------------------------------------------------------
    def indirect(self, taken: list[Found]) -> list[Found]:
        """Reported speech; a quoted phrase inside a reported clause becomes part of it (``taken`` loses it)."""
        used = {f.act.cue.i for f in taken if f.act is not None and f.kind == "direct"}
        out: list[Found] = []
        for i, act in sorted(self.acts.items()):
            if i in used:
                continue
            tok = act.cue
            q = self.quotation_at(tok.idx)
            if q is not None and q in self.attributed:
                continue
            spans = self._content(tok)
            if not spans:
                continue
            if q is not None:
                spans = [(max(s, q.start), min(e, q.end)) for s, e in spans]
                spans = [s for s in spans if s[1] > s[0]]
            spans = [s for s in (_strip_span(self.text, *self._before_citation(s)) for s in spans) if s[1] > s[0]]
            if not spans or sum(len(self.text[s:e].split()) for s, e in spans) < 3:
                continue
            absorbs = self.lex.verb_kind(tok) not in ("object", "naming")
            inner = [f for f in taken if absorbs and f.kind == "partial" and any(
                a <= f.span[0] and f.span[1] <= b for a, b in spans)]
            if any(s[0] < f.span[1] and f.span[0] < s[1] for s in spans for f in taken if f not in inner):
                continue
            inner_q = [f.quotation for f in inner]
            if any(self._overlaps_attributed(s, inner_q) for s in spans):
                continue
            for f in inner:
                taken.remove(f)
                if f.quotation is not None:
                    self.absorbed.append(f.quotation)
            out.append(Found(spans, "indirect", act, act.who))
        return out

    def _before_citation(self, span: Span) -> Span:
        """A reported clause stops where a citation inside it begins (``… across England (BBC News, …)``)."""
        start, end = span
        for c in self.citations:
            if start < c.span[0] < end:
                end = c.span[0]
                break
        return (start, end) if end > start else span

    def _overlaps_attributed(self, span: Span, allowed: Sequence[Quotation | None] = ()) -> bool:
        return any(q.start < span[1] and span[0] < q.end for q in self.attributed
                   if q not in self.absorbed and q not in allowed)

    def _in_clause(self, cue: Token, start: int, end: int) -> bool:
        """The quoted phrase lies inside the clause the cue reports (not merely its object)."""
        if self.lex.verb_kind(cue) in ("object", "naming"):
            return False
        return any(a <= start and end <= b for a, b in self._content(cue))

    def _content(self, cue: Token) -> list[Span]:
        kind = self.lex.verb_kind(cue)
        if kind in ("speech", "belief"):
            comps = [c for c in cue.children if c.dep_ == "ccomp"] or self._that_clause(cue)
            if not comps:
                return []
            if not _finite(comps[0]):
                return []
            return [_subtree_span(comps[0], skip_mark=True)]
        if kind == "directive":
            objs = [c for c in cue.children if c.dep_ == "dobj"]
            xs = [c for c in cue.children if c.dep_ in ("xcomp", "ccomp")]
            if not xs:
                return []
            first = objs[0] if objs else xs[0]
            a, _ = _subtree_span(first)
            _, b = _subtree_span(xs[-1])
            return [(a, b)]
        if kind == "object":
            objs = [c for c in cue.children if c.dep_ == "dobj"]
            return [_subtree_span(objs[0])] if objs else []
        if kind == "naming":
            objs = [c for c in cue.children if c.dep_ == "dobj"]
            rest = [c for c in cue.children if c.i > cue.i and (c.dep_ in ("oprd", "xcomp", "ccomp") or (
                c.dep_ == "prep" and c.lower_ == "as"))]
            if objs and rest:
                return [(_subtree_span(objs[0])[0], _subtree_span(rest[-1])[1])]
            return []
        if self.lex.noun_kind(cue) == "statement":
            comps = [c for c in cue.children if c.dep_ in ("acl", "ccomp") and
                     any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)]
            return [_subtree_span(comps[0], skip_mark=True)] if comps else []
        if cue.lower_ == "according":
            return self._according_content(cue)
        return []

    @staticmethod
    def _that_clause(cue: Token) -> list[Token]:
        """``said in a speech on Sunday that …``: a that-clause the parser hung on a circumstance of the cue."""
        stack = [c for c in cue.children if c.dep_ in ("prep", "npadvmod", "dobj") and c.i > cue.i]
        while stack:
            t = stack.pop()
            if t.dep_ in ("relcl", "acl", "advcl", "ccomp") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in t.children):
                return [t]
            if t.dep_ in ("prep", "pobj", "acl", "npadvmod", "dobj", "nummod", "compound") or t.i == cue.i:
                stack.extend(c for c in t.children)
        return []

    def _according_content(self, cue: Token) -> list[Span]:
        sent = cue.sent
        skip = {t.i for t in cue.subtree}
        pieces: list[list[Token]] = [[]]
        for t in sent:
            if t.i in skip:
                if pieces[-1]:
                    pieces.append([])
                continue
            pieces[-1].append(t)
        best = max(pieces, key=lambda p: sum(1 for t in p if not t.is_punct))
        while best and (best[0].is_punct or best[0].is_space):
            best = best[1:]
        while best and (best[-1].is_punct or best[-1].is_space):
            best = best[:-1]
        if not best:
            return []
        return [(best[0].idx, best[-1].idx + len(best[-1]))]

    # -- sources ----------------------------------------------------------------------------------------
    def sources_for(self, found: Found, all_found: Sequence[Found]) -> tuple[list[Source], list[Span]]:
        start, end = found.span
        covering = [c for c in self.citations if c.covers is not None and c.covers[0] <= start
                    and end <= c.covers[1]]
        chosen: list[Citation] = []
        if covering:
            inner = min(covering, key=lambda c: (c.covers[1] - c.covers[0]) if c.covers else 0)
            chosen = [inner]
        else:
            follow = self._following_citation(found, all_found)
            if follow is not None:
                chosen = [follow]
        sources: list[Source] = []
        for c in chosen:
            outlets, date = c.outlets, c.date
            if not outlets and c.refers_to is not None:
                ref = next((r for r in self.citations if r.span == c.refers_to), None)
                if ref is not None:
                    outlets, date = ref.outlets, date or ref.date
            for o in outlets:
                src = Source(outlet=o, date=date)
                if src not in sources:
                    sources.append(src)
        return sources, [c.span for c in chosen]

    def _following_citation(self, found: Found, all_found: Sequence[Found]) -> Citation | None:
        end = found.span[1]
        para = self.paragraph_of(found.span[0])
        para_end = self.paras[para][1] if self.paras else len(self.text)
        if found.quotation is not None and found.quotation.open_end:
            para_end = self.paras[min(para + 1, len(self.paras) - 1)][1] if self.paras else para_end
        for c in self.citations:
            if c.span[0] < end:
                continue
            if c.span[0] >= para_end:
                return None
            between = [f for f in all_found if end <= f.span[0] < c.span[0] and f is not found]
            if any(f.who.name != found.who.name for f in between):
                return None
            return c
        return None

    # -- records ----------------------------------------------------------------------------------------
    def records(self) -> list[Quote]:
        self.scan()
        direct = self.direct()
        indirect = self.indirect(direct)
        found = sorted(direct + indirect, key=lambda f: f.span)
        out: list[Quote] = []
        for f in found:
            sources, cites = self.sources_for(f, found)
            text = " ".join(self.text[s:e] for s, e in f.spans)
            cue = f.act.cue if f.act is not None else None
            cue_text = None
            cue_span = None
            if cue is not None:
                cue_span = (cue.idx, cue.idx + len(cue))
                cue_text = cue.text
                if cue.lower_ == "according":
                    cue_text, cue_span = "according to", (cue.idx, cue.idx + len("according to"))
                    if self.text[cue_span[0]:cue_span[1]].lower() != "according to":
                        cue_text, cue_span = cue.text, (cue.idx, cue.idx + len(cue))
            out.append(Quote(doc_id=self.ctx.document.id, span=f.span, stage=TAG, text=text, kind=f.kind,
                             speaker=f.who.speaker(), cue=cue_text, cue_span=cue_span,
                             date=f.act.date if f.act is not None else None, sources=tuple(sources),
                             spans=tuple(f.spans), citation_spans=tuple(cites)))
        return out


def _leading_skip(sent: SpacySpan) -> int:
    """Tokens to skip at a sentence start (spaces, punctuation, conjunctions) before its first word."""
    n = 0
    for t in sent:
        if t.is_space or t.is_punct or t.pos_ == "CCONJ":
            n += 1
            continue
        break
    return n


_BREAKS = "\n\"“”«»„"


def _last_line(raw: str) -> str:
    cut = max(raw.rfind(ch) for ch in _BREAKS)
    return raw[cut + 1:]


def _first_line(raw: str) -> str:
    cuts = [i for i in (raw.find(ch) for ch in _BREAKS) if i >= 0]
    return raw[:min(cuts)] if cuts else raw


def _finite(tok: Token) -> bool:
    """A clause with a finite verb or a ``that`` complementizer (not a small clause)."""
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
        return True
    return tok.tag_ in ("VBD", "VBP", "VBZ", "MD") or any(
        c.tag_ in ("VBD", "VBP", "VBZ", "MD") and c.dep_ in ("aux", "auxpass") for c in tok.children)


def _subtree_span(tok: Token, skip_mark: bool = False) -> Span:
    toks = sorted(tok.subtree, key=lambda t: t.i)
    if skip_mark:
        while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if") and toks[0] is not tok:
            toks = toks[1:]
    while toks and (toks[0].is_punct or toks[0].is_space) and toks[0] is not tok:
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1] is not tok:
        toks = toks[:-1]
    if not toks:
        return (tok.idx, tok.idx + len(tok))
    return (toks[0].idx, toks[-1].idx + len(toks[-1]))


def _strip_span(text: str, start: int, end: int) -> Span:
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start].isspace() or text[start] in "\"“”„«»‘’'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”„«»‘’'"):
        end -= 1
    return (start, end)


@stage("quotes", version=VERSION, requires=("sentence", "citation", "time", "mention"), assigns="quote")
def find_quotes(ctx: Context) -> list[Quote]:
    """Direct, partial and indirect statements with speaker, cue, date and sources."""
    if not ctx.text.strip() or len(ctx.doc) == 0:
        return []
    return Analysis(ctx).records()
