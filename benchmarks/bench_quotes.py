"""Quotations: sourcetrace's ``quotes`` stage beside textacy's ``direct_quotations``, on the same gold.

    python3 benchmarks/bench_quotes.py                 # seed gold, tests/gold/, PolNeAR dev
    python3 benchmarks/bench_quotes.py --split train --limit 100   # develop on PolNeAR train
    python3 benchmarks/bench_quotes.py --json

Each document is parsed once; both systems read the same spaCy ``Doc``.  textacy's
exceptions are caught per document and counted.

* Gold files (FORMAT.md): a predicted quote is *found* when it matches a gold quote's
  ``text_start``, *attributed* when its speaker matches too; precision counts the
  predictions that match a gold or optional quote.
* PolNeAR (Newell et al., LREC 2018; brat standoff): one annotator per article (the first
  by file name).  Recall is over *speech* attributions, those whose cue has a lemma in
  :data:`SPEECH_CUES`; a prediction is correct when its content overlaps a gold content
  (any attribution, speech or not, like an optional gold quote) and *attributed* when its
  speaker span also overlaps that attribution's source span.  Attributed F1 is the
  harmonic mean of precision and attributed recall.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "benchmarks" / "polnear" / "data"
SEED_GOLD = SHARED / "gold" / "karabakh-2020-analysis.gold.json"
OWN_GOLD = ROOT / "tests" / "gold"

SPEECH_CUES = frozenset({
    "say", "tell", "according", "write", "add", "state", "announce", "declare", "claim", "report", "explain",
    "note", "insist", "argue", "ask", "warn", "urge", "reply", "respond", "confirm", "deny", "acknowledge",
    "admit", "assert", "comment", "remark", "recall", "repeat", "reiterate", "stress", "emphasize", "predict",
    "promise", "pledge", "vow", "tweet", "testify", "complain", "allege", "reveal", "suggest", "call", "continue",
    "describe", "answer", "quote", "cite", "agree", "echo", "mention", "boast", "joke", "quip", "chant", "shout",
    "statement", "interview", "speech",
})
"""Cue lemmas of speech (PolNeAR also annotates beliefs, sentiments and findings, left out of recall)."""


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    speech: bool = False


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    attributed: int = 0
    correct: int = 0
    errors: int = 0
    docs: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for k in ("gold", "predicted", "found", "attributed", "correct", "errors", "docs"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def row(self) -> dict[str, Any]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        ra = self.attributed / self.gold if self.gold else 0.0
        f = 2 * p * ra / (p + ra) if p + ra else 0.0
        return {"docs": self.docs, "gold": self.gold, "predicted": self.predicted, "precision": round(p, 3),
                "recall": round(r, 3), "attributed_recall": round(ra, 3), "attributed_f1": round(f, 3),
                "errors": self.errors}


# -- PolNeAR ---------------------------------------------------------------------------------------------
def _spans(field_: str) -> list[tuple[int, int]]:
    out = []
    for piece in field_.split(";"):
        a, b = piece.split()[-2:]
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ", 1)
            if len(head) == 2:
                spans[parts[0]] = _spans(head[1])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for ev in events:
        content = [s for k, v in ev.items() if k.startswith("Content") for s in spans.get(v, [])]
        if not content:
            continue
        out.append(Attribution(content=content,
                               source=[s for k, v in ev.items() if k.startswith("Source") for s in spans.get(v, [])],
                               cue=[s for k, v in ev.items() if k.startswith("Cue") for s in spans.get(v, [])]))
    return out


def polnear_docs(split: str, limit: int | None) -> list[tuple[str, str, list[Attribution]]]:
    base = POLNEAR / split
    anns: dict[str, Path] = {}
    for p in sorted((base / "attributions").glob("*.ann")):
        name = p.stem.rsplit("_", 1)[0]
        anns.setdefault(name, p)
    out = []
    for name, ann in sorted(anns.items()):
        txt = base / "text" / f"{name}.txt"
        if txt.exists():
            out.append((name, txt.read_text(encoding="utf-8"), read_ann(ann)))
    return out[:limit] if limit else out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def mark_speech(doc: Any, atts: list[Attribution]) -> None:
    for a in atts:
        lemmas = set()
        for s, e in a.cue:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                lemmas.update(t.lemma_.lower() for t in span)
                lemmas.update(t.lower_ for t in span)
        a.speech = bool(lemmas & SPEECH_CUES)


def score_overlap(preds: list[tuple[list[tuple[int, int]], tuple[int, int] | None]],
                  atts: list[Attribution]) -> Tally:
    """``preds``: (content spans, speaker span) per predicted quote."""
    t = Tally(docs=1)
    speech = [a for a in atts if a.speech]
    t.gold, t.predicted = len(speech), len(preds)
    used: set[int] = set()
    for a in speech:
        hit = next((i for i, (cs, _) in enumerate(preds) if i not in used
                    and any(_overlap(c, g) for c in cs for g in a.content)), None)
        if hit is None:
            continue
        used.add(hit)
        t.found += 1
        sp = preds[hit][1]
        if sp is not None and any(_overlap(sp, s) for s in a.source):
            t.attributed += 1
    for i, (cs, _) in enumerate(preds):
        if i in used or any(_overlap(c, g) for c in cs for a in atts for g in a.content):
            t.correct += 1
    return t


# -- the two systems -------------------------------------------------------------------------------------
def textacy_quotes(doc: Any) -> list[tuple[list[tuple[int, int]], tuple[int, int] | None, str]]:
    """textacy's direct quotations as (content spans, speaker span, speaker text)."""
    from textacy.extract.triples import direct_quotations

    out = []
    for tri in direct_quotations(doc):
        content = tri.content
        cs = [(content[0].idx, content[-1].idx + len(content[-1]))] if content else []
        sp = tri.speaker
        span = (sp[0].idx, sp[-1].idx + len(sp[-1])) if sp else None
        out.append((cs, span, " ".join(t.text for t in sp)))
    return out


def run_textacy(doc: Any) -> tuple[list[tuple[list[tuple[int, int]], tuple[int, int] | None, str]], bool]:
    try:
        return textacy_quotes(doc), False
    except Exception:  # textacy raises on unbalanced marks: counted, not fatal
        return [], True


def gold_files() -> list[Path]:
    """The seed gold and every gold file under tests/gold/ that annotates quotes."""
    files = [SEED_GOLD] if SEED_GOLD.exists() else []
    for p in sorted(OWN_GOLD.glob("*.gold.json")):
        try:
            if json.loads(p.read_text(encoding="utf-8")).get("quotes"):
                files.append(p)
        except (OSError, ValueError):
            continue
    return files


def score_gold_file(pipe: Any, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    from sourcetrace.evaluate import gold_document_path, load_gold, score_quotes
    from sourcetrace.reader import read_paths
    from sourcetrace.records import Extraction, Quote, Speaker

    gold = load_gold(path)
    (document,) = [d for d in read_paths([gold_document_path(path, gold)]) if not isinstance(d, Exception)]
    if gold.get("publication_date") and not document.publication_date:
        document = replace(document, publication_date=gold["publication_date"])
    parsed = pipe.nlp(document.text)
    ours = score_quotes(pipe.run(document, parsed), gold)
    tq, failed = run_textacy(parsed)
    fake = [Quote(doc_id=document.id, span=cs[0], stage="textacy", text=document.text[cs[0][0]:cs[0][1]],
                  speaker=Speaker(name=name, mention=name, span=sp)) for cs, sp, name in tq if cs]
    theirs = score_quotes(Extraction(document=document, records={"quote": fake}), gold)
    return _gold_row(ours, False), _gold_row(theirs, failed)


def _gold_row(ks: Any, failed: bool) -> dict[str, Any]:
    p, r = ks.precision, ks.recall
    ra = ks.extra.get("attributed", 0) / ks.gold if ks.gold else 0.0
    f = 2 * p * ra / (p + ra) if p + ra else 0.0
    return {"docs": 1, "gold": ks.gold, "predicted": ks.predicted, "precision": round(p, 3), "recall": round(r, 3),
            "attributed_recall": round(ra, 3), "attributed_f1": round(f, 3), "errors": int(failed),
            "fully_sourced": ks.extra.get("fully_sourced", 0)}


def bench_polnear(pipe: Any, split: str, limit: int | None) -> tuple[Tally, Tally]:
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.reader import document_from_text

    docs = polnear_docs(split, limit)
    ours, theirs = Tally(), Tally()
    texts = [text for _, text, _ in docs]
    for (_name, text, atts), parsed in zip(docs, pipe.nlp.pipe(texts, batch_size=8), strict=True):
        mark_speech(parsed, atts)
        try:
            ex = pipe.run(document_from_text(text), parsed)
        except SourcetraceError:  # another stage failing on a document: counted, the run goes on
            ours.errors += 1
            ex = None
        if ex is None:
            continue
        preds = [(list(q.spans or (q.span,)), q.speaker.span if q.speaker else None) for q in ex.quotes]
        ours.add(score_overlap(preds, atts))
        tq, failed = run_textacy(parsed)
        t = score_overlap([(cs, sp) for cs, sp, _ in tq], atts)
        t.errors = int(failed)
        theirs.add(t)
    return ours, theirs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", help="PolNeAR split (develop on train, report on dev)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N PolNeAR articles")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-polnear", action="store_true")
    args = ap.parse_args(argv)

    from sourcetrace import Pipeline

    pipe = Pipeline()
    started = time.time()
    rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for path in gold_files():
        ours, theirs = score_gold_file(pipe, path)
        rows[path.name.replace(".gold.json", "")] = {"sourcetrace": ours, "textacy": theirs}
    if not args.no_polnear and (POLNEAR / args.split).exists():
        ours_t, theirs_t = bench_polnear(pipe, args.split, args.limit)
        rows[f"polnear-{args.split}"] = {"sourcetrace": ours_t.row(), "textacy": theirs_t.row()}
    elapsed = round(time.time() - started, 1)
    if args.json:
        print(json.dumps({"rows": rows, "seconds": elapsed}, indent=2))
        return 0
    cols = ("docs", "gold", "predicted", "precision", "recall", "attributed_recall", "attributed_f1", "errors")
    print(f"{'corpus':34} {'system':12} " + " ".join(f"{c:>9}" for c in ("docs", "gold", "pred", "P", "R",
                                                                          "R-attr", "F1-attr", "errors")))
    for corpus, systems in rows.items():
        for system, row in systems.items():
            print(f"{corpus[:34]:34} {system:12} " + " ".join(f"{row[c]!s:>9}" for c in cols))
    print(f"({elapsed} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
