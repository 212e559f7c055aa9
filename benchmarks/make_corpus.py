"""Generate a benchmark corpus (JSONL, one document per line) of a given size.

Documents are built from the paragraphs of the sample article(s) in ../shared/corpus, the quoted
passages of their gold files, and short reports written here from templates (actors, places, outlets
and dates varied), shuffled with a fixed seed so every run makes the same corpus.  Every document's
text is distinct (its id is a content hash), so an ingest never skips one as already stored.

    python3 benchmarks/make_corpus.py --mb 20 --out /tmp/corpus-20mb.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

ACTORS = [("the Foreign Minister of France", "Paris"), ("Germany's Chancellor", "Berlin"),
          ("the Russian Foreign Ministry", "Moscow"), ("Iran's President", "Tehran"),
          ("the Turkish Defence Minister", "Ankara"), ("the UN Secretary-General", "New York"),
          ("Armenia's Prime Minister", "Yerevan"), ("Azerbaijan's President", "Baku"),
          ("a spokesperson for the European Commission", "Brussels"), ("the US State Department", "Washington")]
OUTLETS = ["Reuters", "AFP", "TASS", "Anadolu Agency", "Al Jazeera", "the BBC", "Le Monde", "RIA Novosti"]
VERBS = [("accused", "of violating the ceasefire"), ("urged", "to return to negotiations"),
         ("condemned", "for the shelling of civilian areas"), ("praised", "for releasing prisoners"),
         ("threatened", "with new sanctions"), ("met", "to discuss a humanitarian corridor")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def written_reports(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        (who, place), (other, _) = rng.sample(ACTORS, 2)
        verb, rest = rng.choice(VERBS)
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(1995, 2024)
        outlet = rng.choice(OUTLETS)
        out.append(rng.choice([
            f"On {day} {month} {year}, {who} {verb} {other} {rest}, {outlet} reported.",
            f"\u201cWe will not stand by,\u201d {who} told reporters in {place} on {day}/{MONTHS.index(month) + 1}/{year}.",
            f"According to {outlet}, {who} said in {place} that talks would resume the following week.",
            f"In {month} {year}, {who} {verb} {other} {rest}; {outlet} quoted officials as saying so.",
        ]))
    return out


def source_paragraphs() -> list[str]:
    paras: list[str] = []
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        paras.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    for gold in sorted((SHARED / "gold").glob("*.gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        for q in data.get("quotes", []):
            if q.get("text_start") and q.get("speaker"):
                paras.append(f"{q['speaker'][0]} {q.get('cue') or 'said'}: \u201c{q['text_start']}\u201d")
    return paras


def generate(mb: float, out: Path, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    paras = source_paragraphs() or written_reports(rng, 50)
    target = int(mb * 1_000_000)
    written = docs = 0
    with out.open("w", encoding="utf-8") as fh:
        while written < target:
            body = rng.sample(paras, k=min(len(paras), rng.randint(4, 16))) + written_reports(rng, rng.randint(3, 12))
            rng.shuffle(body)
            text = f"Report {docs + 1}\n\n" + "\n\n".join(body)
            line = json.dumps({"id": f"bench{docs + 1:06d}", "text": text,
                               "published": f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}"}, ensure_ascii=False)
            fh.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            docs += 1
    return docs, written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="size of the corpus in MB (default 20)")
    ap.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    docs, size = generate(args.mb, args.out, args.seed)
    print(f"{docs} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
