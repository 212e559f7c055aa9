"""Document page load time: a 30,000-character document with 500 records (target: under 300 ms).

    python3 benchmarks/bench_web.py [--chars 30000] [--records 500] [--runs 30] [--browser]

Builds a synthetic store in a temporary folder (quotes, citations, dates, mentions and events
with nested and crossing spans), then times ``GET /doc/{id}`` through the ASGI app (server time:
query, segmentation, template) and, with ``--browser``, a full navigation in headless Chromium
(HTML, CSS, JS, layout, until the load event) against uvicorn on a loopback port.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from sourcetrace.records import (
    Citation,
    Document,
    Event,
    EventActor,
    Extraction,
    Mention,
    Quote,
    Record,
    Source,
    Speaker,
    TimeExpr,
)
from sourcetrace.store import open_store

WORDS = ("the minister said talks on the border would resume after the ceasefire collapsed again while "
         "officials in the capital accused the other side of shelling villages near the front line").split()
NAMES = ["Sergei Lavrov", "Emmanuel Macron", "Ilham Aliyev", "Nikol Pashinyan", "Mike Pompeo", "Antonio Guterres"]


def synthetic(chars: int, n_records: int, seed: int = 7) -> Extraction:
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 25))).capitalize() + ". "
        parts.append(sentence)
        size += len(sentence)
    text = "".join(parts)[:chars]
    doc = Document(id="bench0000000001", text=text, title="synthetic benchmark document", publication_date="2020-10-05")
    recs: dict[str, list[Record]] = {k: [] for k in ("quote", "citation", "time", "mention", "event")}
    mix = [("mention", 0.6), ("time", 0.15), ("quote", 0.1), ("citation", 0.08), ("event", 0.07)]
    for _ in range(n_records):
        kind = rnd.choices([k for k, _ in mix], [w for _, w in mix])[0]
        length = {"mention": 12, "time": 14, "quote": 160, "citation": 20, "event": 200}[kind]
        start = rnd.randrange(0, len(text) - length)
        span = (start, start + rnd.randint(length // 2, length))
        piece = text[span[0]:span[1]]
        name = rnd.choice(NAMES)
        if kind == "mention":
            recs[kind].append(Mention(doc_id=doc.id, span=span, stage="bench@1", text=piece, canonical=name,
                                      kind=rnd.choice(["person", "organization", "place"]), country="RUS",
                                      lat=40.0, lon=45.0, link_reason="alias"))
        elif kind == "time":
            recs[kind].append(TimeExpr(doc_id=doc.id, span=span, stage="bench@1", text=piece,
                                       value=f"2020-{rnd.randint(1, 12):02d}"))
        elif kind == "quote":
            recs[kind].append(Quote(doc_id=doc.id, span=span, stage="bench@1", text=piece,
                                    speaker=Speaker(name=name, mention=name, span=None), cue="said",
                                    date="2020-10-0" + str(rnd.randint(1, 9)), sources=(Source("TASS", "2020-10-05"),)))
        elif kind == "citation":
            recs[kind].append(Citation(doc_id=doc.id, span=span, stage="bench@1", text=piece, outlets=("Reuters",)))
        else:
            recs[kind].append(Event(doc_id=doc.id, span=span, stage="bench@1", plover="ACCUSE",
                                    source=EventActor(name, "RUS"), target=EventActor(rnd.choice(NAMES)),
                                    date="2020-10-04", text=piece))
    return Extraction(document=doc, records=recs, stages=("bench@1",))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_asgi(db: Path, doc_id: str, runs: int) -> list[float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from sourcetrace.web.app import create_app

    times: list[float] = []
    with TestClient(create_app(db)) as client:
        client.get(f"/doc/{doc_id}")  # templates compiled once
        for _ in range(runs):
            t = time.perf_counter()
            r = client.get(f"/doc/{doc_id}")
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
    return times


def bench_browser(db: Path, doc_id: str, runs: int) -> list[float]:
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from sourcetrace.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    times: list[float] = []
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args, headless=True)
        page = browser.new_page()
        url = f"http://127.0.0.1:{port}/doc/{doc_id}"
        page.goto(url)
        for _ in range(runs):
            t = time.perf_counter()
            page.goto(url, wait_until="load")
            times.append((time.perf_counter() - t) * 1000)
        browser.close()
    server.should_exit = True
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=30_000)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--browser", action="store_true", help="also time a full load in headless Chromium")
    args = parser.parse_args()
    ex = synthetic(args.chars, args.records)
    db = Path(tempfile.mkdtemp()) / "bench-web.db"
    with open_store(db) as store:
        store.write(ex)
    n = sum(len(v) for v in ex.records.values())
    print(f"document: {len(ex.document.text)} characters, {n} records")
    for label, fn in [("server (ASGI)", bench_asgi)] + ([("browser load", bench_browser)] if args.browser else []):
        times = fn(db, ex.document.id, args.runs)
        print(f"{label:14s} p50 {statistics.median(times):6.1f} ms   p95 {percentile(times, 0.95):6.1f} ms   "
              f"max {max(times):6.1f} ms   ({args.runs} runs)")


if __name__ == "__main__":
    main()
