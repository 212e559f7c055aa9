"""Screenshots of every explorer page, for docs/web.md.

    python3 docs/screenshots/take.py [--db FILE]

Without ``--db`` it ingests the bundled sample and the seed article (../shared/corpus) through
the real pipeline into a temporary store.  It serves that store on a free loopback port and
drives Debian's headless Chromium through Playwright (the same setup as tests/test_web_browser.py),
writing one PNG per page beside this script.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "karabakh-2020-analysis.txt"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_store(path: Path) -> None:
    from sourcetrace.ingest import ingest, sample_path

    targets = [sample_path()] + ([SEED] if SEED.exists() else [])
    summary = ingest(targets, path)
    print(f"ingested {summary.new} documents, {summary.records} records", file=sys.stderr)


def serve(db: Path) -> tuple[str, object]:
    import uvicorn

    from sourcetrace.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def pick(db: Path) -> tuple[str, str]:
    """The longest document and the most active actor."""
    from sourcetrace.query import actor_table
    from sourcetrace.store import open_store

    with open_store(db, read_only=True) as store:
        doc = max(store.documents(), key=lambda d: d["chars"])["id"]
        actors = [r for r in actor_table(store) if r["kind"] in ("person", "organization")] or actor_table(store)
        return doc, actors[0]["name"] if actors else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store (default: build one from the sample and seed)")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp()) / "screens.db"
        build_store(db)
    base, server = serve(db)
    doc, actor = pick(db)
    from playwright.sync_api import sync_playwright

    shots = [("index", "/"), ("document", f"/doc/{doc}"), ("actors", "/actors"),
             ("actor", "/actor/" + quote(actor, safe="")), ("timeline", "/timeline"), ("network", "/network"),
             ("map", "/map"), ("search", "/search?q=ceasefire")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for name, url in shots:
            page.goto(base + url, wait_until="load")
            page.wait_for_timeout(200)
            page.screenshot(path=str(args.out / f"{name}.png"))
            print(f"{name}.png  {url}", file=sys.stderr)
        page.goto(f"{base}/doc/{doc}")
        seg = page.locator(".seg.k-quote").first
        if not seg.count():
            seg = page.locator(".seg").first
        if seg.count():
            seg.scroll_into_view_if_needed()
            seg.click()
            page.wait_for_timeout(200)
            page.screenshot(path=str(args.out / "document-record.png"))
            print("document-record.png  (a clicked span)", file=sys.stderr)
        browser.close()
    server.should_exit = True  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
