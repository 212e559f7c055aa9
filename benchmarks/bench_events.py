"""Benchmark of the events stage on event-coded sentences written by others.

    python3 benchmarks/bench_events.py [--shared ../shared] [--split dev|test|all] [--json]

Data (in ``../shared/benchmarks``; credit in docs/events.md):

* ``plover_gsr``: 322 sentences of the CAMEO manual recoded to PLOVER 0.5b1 by the Open Event Data Alliance,
  with source and target actors.  Its older type names are mapped to the 2021 types the way
  CAMEO2PLOVER-2021.txt maps their CAMEO roots (DEMAND → REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE,
  FIGHT → ASSAULT).
* ``cameo_codebook_examples``: the example sentence of each CAMEO code (277), via andybega/icews.
* ``petrarch2_unittests``: PETRARCH2's unit-test sentences; only the CAMEO root is compared (the actors are
  fictional) and only for real CAMEO codes.

Each sentence is parsed with ``nlp.pipe``, the stages before ``events`` run on it, then the stage function.
The sentence's *main* event is the one whose trigger is nearest the root of the parse.  Scores: type
accuracy of the main event (no event counts as wrong), beside the most-frequent-type baseline; the share
of sentences whose gold type is among the predicted ones; source and target accuracy (country code) on the
sentences whose type is right.  ``--split dev`` is the even-numbered sentences (the part looked at while
writing the lexicon), ``test`` the odd-numbered ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
MOJIBAKE = {"‚Äô": "’", "‚Äò": "‘", "‚Äú": "“", "‚Äù": "”", "‚Äî": "—", "‚Äì": "–", "\ufffd\ufffd\ufffd": "’"}


@dataclass
class Item:
    text: str
    plover: str | None
    cameo_roots: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    actors: dict[str, str] = field(default_factory=dict)
    """Extra actor dictionary for this item (name → code), as PETRARCH's validation dictionaries give."""


@dataclass
class Prediction:
    plover: str | None = None
    cameo: str | None = None
    source: str | None = None
    target: str | None = None
    all_types: tuple[str, ...] = ()


@dataclass
class Table:
    name: str
    n: int = 0
    correct: int = 0
    any_correct: int = 0
    covered: int = 0
    baseline: int = 0
    src_n: int = 0
    src_ok: int = 0
    tgt_n: int = 0
    tgt_ok: int = 0
    per_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def row(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float | None:
            return round(100 * a / b, 1) if b else None

        return {"set": self.name, "n": self.n, "type_acc": pct(self.correct, self.n),
                "baseline": pct(self.baseline, self.n), "gold_among_predicted": pct(self.any_correct, self.n),
                "with_event": pct(self.covered, self.n), "source_acc": pct(self.src_ok, self.src_n),
                "target_acc": pct(self.tgt_ok, self.tgt_n)}


# -- data --------------------------------------------------------------------------------------------------------
def gsr_items(shared: Path) -> list[Item]:
    path = shared / "benchmarks/plover_gsr/gold_standard_records/PLOVER_GSR_CAMEO.txt"
    items = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") == "DOCUMENT":
            continue
        items.append(Item(rec["text"], OLD_TYPES.get(rec["event"], rec["event"]), (), _codes(rec.get("source")),
                          _codes(rec.get("target"))))
    return items


def _codes(actors: Any) -> tuple[str, ...]:
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return ()
    return tuple(str(a.get("code", "")) for a in actors if isinstance(a, dict) and a.get("code"))


def fix_mojibake(text: str) -> str:
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def codebook_items(shared: Path) -> list[Item]:
    from sourcetrace.eventpatterns import cameo_to_plover

    path = shared / "benchmarks/cameo_codebook_examples/data-raw/cameo-codes.csv"
    items = []
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            example = (row.get("example") or "").strip()
            if not example or example == "NA":
                continue
            code = row["code"]
            items.append(Item(fix_mojibake(example), cameo_to_plover(code), (code[:2],)))
    return items


def petrarch_items(shared: Path) -> list[Item]:
    import xml.etree.ElementTree as ET

    base = shared / "benchmarks/petrarch2_unittests/petrarch2/data"
    actors = petrarch_actors(base / "dictionaries/PETR.Validate.actors.txt")
    tree = ET.parse(base / "text/PETR.UnitTest.records.xml")
    items = []
    for sent in tree.iter("Sentence"):
        text_el = sent.find("Text")
        codings = list(sent.iter("EventCoding"))
        codes = [ec.get("eventcode", "") for ec in codings]
        roots = tuple(sorted({c[:2] for c in codes if re.fullmatch(r"(0[1-9]|1\d|20)\d{0,2}", c or "")}))
        if text_el is None or not text_el.text or not roots:
            continue
        sources = tuple({(ec.get("sourcecode") or "")[:3] for ec in codings} - {""})
        targets = tuple({(ec.get("targetcode") or "")[:3] for ec in codings} - {""})
        items.append(Item(" ".join(text_el.text.split()), None, roots, sources, targets, actors))
    return items


def petrarch_actors(path: Path) -> dict[str, str]:
    """``NAME [CODE]`` lines (``+ALIAS`` lines name the previous actor again) → {name: 3-letter code}."""
    names: dict[str, str] = {}
    last: str | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#")[0].strip()
        m = re.match(r"^([A-Z][A-Z0-9_.'-]*)\s*\[([A-Za-z]{3})", line)
        if m:
            last = m.group(2).upper()
            names[m.group(1).replace("_", " ").strip()] = last
        elif line.startswith("+") and last:
            names[line[1:].replace("_", " ").strip()] = last
    return names


def dictionary_mentions(text: str, doc_id: str, actors: dict[str, str]) -> list[Any]:
    """Mentions for the dictionary's actor names found in ``text`` (longest first, no overlaps)."""
    from sourcetrace.records import Mention

    found: list[Any] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(actors, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(name) + r"\w*", text, flags=re.IGNORECASE):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            found.append(Mention(doc_id=doc_id, span=m.span(), stage="bench", text=m.group(), canonical=name,
                                 kind="organization", country=actors[name]))
    return found


# -- running the stage -------------------------------------------------------------------------------------------
def predict(items: list[Item]) -> list[Prediction]:
    from sourcetrace import nlp as nlp_module
    from sourcetrace.events import extract_events
    from sourcetrace.kb import default_kb
    from sourcetrace.pipeline import REGISTRY, Context, _load_stage_modules
    from sourcetrace.reader import document_from_text

    _load_stage_modules()
    nlp = nlp_module.load()
    kb = default_kb()
    out = []
    for item, parsed in zip(items, nlp.pipe((i.text for i in items), batch_size=64), strict=True):
        ctx = Context(document=document_from_text(item.text), doc=parsed, kb=kb)
        for name in ("sentences", "citations", "time", "mentions"):
            st = REGISTRY[name]
            try:
                ctx.records[st.assigns] = sorted(st.func(ctx), key=lambda r: r.span)
            except Exception:  # noqa: BLE001 - another stage's bug must not stop the benchmark
                ctx.records[st.assigns] = []
        if item.actors:
            ctx.records["mention"] = sorted(dictionary_mentions(item.text, ctx.document.id, item.actors),
                                            key=lambda r: r.span)
        events = extract_events(ctx)
        if not events:
            out.append(Prediction())
            continue

        main = min(events, key=lambda e, doc=parsed: (_depth(doc, e), e.trigger_span))
        out.append(Prediction(main.plover, main.cameo, main.source.country if main.source else None,
                              main.target.country if main.target else None, tuple(e.plover for e in events)))
    return out


def _depth(doc: Any, ev: Any) -> int:
    """How far the event's trigger is from the root of its parse."""
    tok = doc.char_span(*ev.trigger_span, alignment_mode="expand")[0]
    return sum(1 for _ in tok.ancestors)


def score(name: str, items: list[Item], preds: list[Prediction], *, by_root: bool = False) -> Table:
    table = Table(name)
    golds = [i.cameo_roots[0] if by_root else i.plover for i in items]
    common = Counter(g for g in golds if g).most_common(1)
    top = common[0][0] if common else None
    for item, pred, gold in zip(items, preds, golds, strict=True):
        if gold is None:
            continue
        table.n += 1
        guess = (pred.cameo or "")[:2] if by_root else pred.plover
        ok = guess in item.cameo_roots if by_root else guess == gold
        table.correct += ok
        table.baseline += (top in item.cameo_roots) if by_root else top == gold
        table.covered += pred.plover is not None
        table.any_correct += ok or (not by_root and gold in pred.all_types)
        table.per_type[gold]["n"] += 1
        table.per_type[gold]["correct"] += ok
        if pred.plover:
            table.per_type[str(guess)]["predicted"] += 1
            table.per_type[str(guess)]["predicted_ok"] += ok
        if ok and item.sources:
            table.src_n += 1
            table.src_ok += pred.source in item.sources
        if ok and item.targets:
            table.tgt_n += 1
            table.tgt_ok += pred.target in item.targets
    return table


def split(items: list[Item], which: str) -> list[Item]:
    if which == "all":
        return items
    return items[0::2] if which == "dev" else items[1::2]


def markdown(tables: Iterable[Table], per_type: Table | None) -> str:
    lines = ["| set | n | type acc. % | baseline % | gold among predicted % | with an event % | source acc. % |"
             " target acc. % |", "|---|---|---|---|---|---|---|---|"]
    for t in tables:
        r = t.row()
        lines.append("| " + " | ".join(str(r[k]) if r[k] is not None else "–" for k in
                                       ("set", "n", "type_acc", "baseline", "gold_among_predicted", "with_event",
                                        "source_acc", "target_acc")) + " |")
    if per_type is not None:
        lines += ["", f"Per type ({per_type.name}): recall = right / gold, precision = right / predicted", "",
                  "| type | gold | right | recall % | predicted | precision % |", "|---|---|---|---|---|---|"]
        for typ in sorted(per_type.per_type):
            c = per_type.per_type[typ]
            rec = f"{100 * c['correct'] / c['n']:.0f}" if c["n"] else "–"
            prec = f"{100 * c['predicted_ok'] / c['predicted']:.0f}" if c["predicted"] else "–"
            lines.append(f"| {typ} | {c['n']} | {c['correct']} | {rec} | {c['predicted']} | {prec} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "benchmarks").exists():
        print(f"Error: no benchmarks under {args.shared}; pass --shared DIR", file=sys.stderr)
        return 2
    started = time.time()
    sets = {"plover_gsr": gsr_items(args.shared), "cameo_codebook": codebook_items(args.shared),
            "petrarch2_unittests": petrarch_items(args.shared)}
    tables = []
    for name, items in sets.items():
        chosen = split(items, args.split)
        preds = predict(chosen)
        label = f"{name} ({args.split})"
        tables.append(score(label, chosen, preds))
        if name != "plover_gsr":
            tables.append(score(f"{name} CAMEO root ({args.split})", chosen, preds, by_root=True))
    tables = [t for t in tables if t.n]
    if args.json:
        print(json.dumps({"tables": [t.row() for t in tables],
                          "per_type": {k: dict(v) for k, v in tables[0].per_type.items()}}, indent=1))
    else:
        print(markdown(tables, tables[0]))
        print(f"\n{sum(t.n for t in tables if 'root' not in t.name)} sentence codings in "
              f"{time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
