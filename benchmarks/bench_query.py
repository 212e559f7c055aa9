"""Query latency on a synthetic SQLite store of N statements (default 1 million).

    python3 benchmarks/bench_query.py [--n 1000000] [--db /tmp/bench-query.db] [--queries 200] [--fts]

The store is written once (rows straight into the store's schema with ``executemany``, one
transaction) and reused while its row count matches.  Then it times, over ``--queries``
random queries each: ``Store.select`` by actor name, by date range (one week), by actor and
date range (one year), and the query API's ``statements`` by person name and by country
(``limit=100``), printing p50 / p95 / max in milliseconds and the rows returned.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

from sourcetrace.query import statements
from sourcetrace.store import open_store

COUNTRIES = ["FRA", "USA", "RUS", "TUR", "AZE", "ARM", "DEU", "GBR", "CHN", "IRN", "ISR", "EGY", "IND", "BRA",
             "JPN", "UKR", "POL", "ITA", "ESP", "SAU"]
OUTLETS = ["Reuters", "Al Jazeera", "Sputnik", "Anadolu Agency", "Associated Press", "BBC News", "Le Monde", "TASS"]
WORDS = ("ceasefire talks sanctions border troops agreement aid election protest negotiations summit oil gas "
         "security refugees withdrawal condemn support attack peace").split()
START = dt.date(2010, 1, 1)
DAYS = 15 * 365


def speaker(i: int) -> tuple[str, str]:
    return f"Speaker {i:04d} Example", COUNTRIES[i % len(COUNTRIES)]


def build(path: Path, n: int, fts: bool, docs_per: int = 100) -> None:
    rng = random.Random(7)
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with open_store(path) as store:
        conn = store.conn
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        n_docs = max(1, n // docs_per)
        conn.executemany(
            "INSERT INTO documents (id, path, title, publication_date, language, text, pipeline_version, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            ((f"doc{d:07d}", f"synthetic/{d}.txt", f"Synthetic {d}", None, "en", "x" * 2000, "bench@1", "now")
             for d in range(n_docs)))

        def rows():
            for i in range(n):
                s = rng.randrange(2000)
                name, country = speaker(s)
                date = (START + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
                outlet = OUTLETS[rng.randrange(len(OUTLETS))]
                text = " ".join(rng.choice(WORDS) for _ in range(12))
                doc = f"doc{i // docs_per:07d}"
                start = (i % docs_per) * 20
                data = {"type": "quote", "doc": doc, "span": [start, start + 19], "stage": "quotes@1", "text": text,
                        "kind": "direct", "speaker": {"name": name, "mention": name, "span": [0, 5],
                                                      "type": "person", "role": None, "country": country},
                        "cue": "said", "cue_span": None, "date": date,
                        "sources": [{"outlet": outlet, "date": date}], "spans": [[start, start + 19]],
                        "citation_spans": []}
                yield (i + 1, doc, start, date, text, json.dumps(data), name, country, outlet)

        batch: list[tuple] = []
        for row in rows():
            batch.append(row)
            if len(batch) == 50_000:
                _flush(conn, batch, fts)
                batch = []
        _flush(conn, batch, fts)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        print(f"built {n:,} statements in {time.perf_counter() - t0:.0f} s → {path}", file=sys.stderr)


def _flush(conn, batch: list[tuple], fts: bool) -> None:
    conn.executemany('INSERT INTO records (id, doc_id, type, start, "end", stage, date, text, data) '
                     "VALUES (?,?,'quote',?,?+19,'quotes@1',?,?,?)",
                     [(r[0], r[1], r[2], r[2], r[3], r[4], r[5]) for r in batch])
    conn.executemany("INSERT INTO record_actors (record_id, role, name, country, kind) "
                     "VALUES (?, 'speaker', ?, ?, 'person')", [(r[0], r[6], r[7]) for r in batch])
    conn.executemany("INSERT INTO record_outlets (record_id, outlet, date) VALUES (?,?,?)",
                     [(r[0], r[8], r[3]) for r in batch])
    if fts:
        conn.executemany("INSERT INTO records_fts (rowid, text) VALUES (?,?)", [(r[0], r[4]) for r in batch])


def timed(label: str, fn, args_list) -> dict:
    times, counts = [], []
    for args in args_list:
        t0 = time.perf_counter()
        found = fn(*args)
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(found))
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    row = {"query": label, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
           "max_ms": round(times[-1], 1), "rows_median": int(statistics.median(counts))}
    print(f"{label:<38} p50 {row['p50_ms']:>7.1f} ms   p95 {row['p95_ms']:>7.1f} ms   max {row['max_ms']:>7.1f} ms"
          f"   rows ~{row['rows_median']}")
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/bench-query.db"))
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--fts", action="store_true", help="Also fill records_fts (slower to build).")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists() or _count(args.db) != args.n:
        build(args.db, args.n, args.fts)
    rng = random.Random(11)
    q = args.queries
    with open_store(args.db, read_only=True) as store:
        names = [(speaker(rng.randrange(2000))[0],) for _ in range(q)]

        def week():
            d = START + dt.timedelta(days=rng.randrange(DAYS - 7))
            return d.isoformat(), (d + dt.timedelta(days=6)).isoformat()

        weeks = [week() for _ in range(q)]
        years = [(speaker(rng.randrange(2000))[0], f"{y}-01-01", f"{y}-12-31")
                 for y in (rng.randrange(2010, 2025) for _ in range(q))]
        print(f"{_count(args.db):,} statements, {q} queries each")
        timed("select(actor=name)", lambda n: store.select("quote", actor=n), names)
        timed("select(date 1 week)", lambda a, b: store.select("quote", date_from=a, date_to=b), weeks)
        timed("select(actor=name, date 1 year)",
              lambda n, a, b: store.select("quote", actor=n, date_from=a, date_to=b), years)
        timed("statements(person name)", lambda n: statements(store, n.split()[1]), names[: max(1, q // 4)])
        countries = [(rng.choice(["France", "Turkey", "the United States", "Russia"]),) for _ in range(q // 4)]
        timed("statements(country, limit=100)", lambda c: statements(store, c, limit=100), countries)


def _count(path: Path) -> int:
    import sqlite3

    try:
        return int(sqlite3.connect(path).execute("SELECT count(*) FROM records").fetchone()[0])
    except sqlite3.Error:
        return -1


if __name__ == "__main__":
    main()
