"""The explorer in headless Chromium: pages load cleanly, clicks show records, charts render, nothing hostile runs.

Needs Debian's chromium (``scripts/install-browser``) and Playwright for Python (``pip install
'playwright>=1.40,<2'``; its own browsers are never downloaded). Skipped with the reason when either is absent.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web import NEWS, XSS, news_extraction, xss_extraction

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed: "
                               "pip install 'playwright>=1.40,<2'")
if not CHROMIUM.exists() and not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed: run scripts/install-browser", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """uvicorn on a free loopback port, in a thread, stopped by the fixture."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the explorer did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, pipeline) -> Path:
    """The sample and seed articles through the real pipeline, plus two hand-made documents."""
    from conftest import SEED

    from sourcetrace.ingest import ingest, sample_path

    path = tmp_path_factory.mktemp("browser") / "web.db"
    targets = [sample_path()] + ([SEED] if SEED.exists() else [])
    summary = ingest(targets, path, pipeline=pipeline)
    assert not summary.failed
    from sourcetrace.store import open_store

    with open_store(path) as store:
        store.write(news_extraction())
        store.write(xss_extraction())
    return path


@pytest.fixture(scope="module")
def base_url(store_path) -> Iterator[str]:
    from sourcetrace.web.app import create_app

    with ServerThread(create_app(store_path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                               args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page whose console errors, uncaught exceptions, dialogs and off-site requests are recorded."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: None if r.url.startswith((base_url, "data:")) else
                     self.foreign.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser, base_url) -> Iterator[Watched]:
    w = Watched(browser, base_url)
    yield w
    w.context.close()


def _doc_ids(store_path: Path) -> list[str]:
    from sourcetrace.store import open_store

    with open_store(store_path, read_only=True) as store:
        return [d["id"] for d in store.documents()]


def test_every_page_loads_without_console_errors(watched, base_url, store_path):
    urls = ["/", "/actors", "/actor/Sergei%20Lavrov", "/timeline", "/network", "/map", "/search?q=Stepanakert",
            "/relation?a=Azerbaijan&b=Armenia", "/ask?q=What%20did%20Russia%20say%3F"]
    urls += [f"/doc/{d}" for d in _doc_ids(store_path)]
    for url in urls:
        response = watched.page.goto(base_url + url, wait_until="load")
        assert response is not None and response.status == 200, url
        watched.page.wait_for_timeout(50)
    assert watched.errors == []
    assert watched.dialogs == []
    assert watched.foreign == []


def test_click_on_quote_shows_speaker_and_outlet(watched, base_url):
    page = watched.page
    page.goto(base_url + "/doc/news0001")
    pop = page.locator("#popover")
    assert pop.is_hidden()
    page.locator(".seg.k-quote").first.click()
    pop.wait_for(state="visible")
    text = pop.inner_text()
    assert "Sergei Lavrov" in text and "Foreign Minister of Russia" in text
    assert "TASS (2020-10-05)" in text
    page.keyboard.press("Escape")
    assert pop.is_hidden()
    page.locator(".seg.k-time").first.click()
    assert "2020-10-05" in pop.inner_text()
    assert watched.errors == []


def test_quotes_of_the_real_pipeline_show_their_records(watched, base_url, store_path):
    page = watched.page
    for doc in _doc_ids(store_path):
        page.goto(f"{base_url}/doc/{doc}")
        for kind in ("quote", "mention", "time"):
            seg = page.locator(f".seg.k-{kind}").first
            if seg.count():
                seg.click()
                page.locator("#popover").wait_for(state="visible")
                text = page.locator("#popover").inner_text()
                assert ("speaker" in text and "outlet" in text) if kind == "quote" else "stage" in text
                page.keyboard.press("Escape")
    assert watched.errors == []


def test_anchor_link_flashes_the_sentence(watched, base_url):
    s = NEWS.index("Azerbaijan shelled")
    e = len(NEWS)
    watched.page.goto(f"{base_url}/doc/news0001#s{s}-{e}")
    flashed = watched.page.locator(".seg.flash")
    assert flashed.count() >= 1
    assert "Azerbaijan" in "".join(flashed.all_inner_texts())
    assert watched.page.locator(f'.rec.flash[data-span="s{s}-{e}"]').count() == 1


def test_timeline_renders_and_zooms(watched, base_url):
    page = watched.page
    page.goto(base_url + "/timeline")
    items = page.locator("svg#tl .ti circle")
    assert items.count() >= 2
    xs = [float(items.nth(i).get_attribute("cx") or "nan") for i in range(items.count())]
    assert all(-1 <= x <= 1001 for x in xs) and len(set(xs)) >= 2
    assert page.locator("svg#tl .tick text").count() >= 1
    before = page.locator("svg#tl").get_attribute("data-view")
    page.locator('.zoom-controls[data-for="tl"] button[data-zoom="in"]').click()
    assert page.locator("svg#tl").get_attribute("data-view") != before
    box = page.locator("svg#tl").bounding_box()
    assert box is not None and box["height"] > 100
    assert watched.errors == []


def test_map_renders_outlines_and_points(watched, base_url):
    page = watched.page
    page.goto(base_url + "/map")
    assert page.locator("svg#map path.country").count() > 150
    assert page.locator("svg#map path.country.named").count() >= 1
    assert page.locator("svg#map .pt circle").count() >= 1
    box = page.locator("svg#map").bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 250
    vb = page.locator("svg#map").get_attribute("viewBox")
    page.locator('.zoom-controls[data-for="map"] button[data-zoom="world"]').click()
    assert page.locator("svg#map").get_attribute("viewBox") == "-180.000 -90.000 360.000 180.000" != vb
    assert watched.errors == []


def test_hostile_document_runs_nothing_and_breaks_nothing(watched, base_url):
    page = watched.page
    for url in ("/doc/xss00001", "/", "/actors", "/network", "/timeline", "/map", "/search?q=alert",
                "/actor/%3Cimg%20src%3Dx%20onerror%3Dalert(%22name%22)%3E"):
        assert page.goto(base_url + url).status == 200, url
        for el in page.locator("a[href^='#p'], .seg").all()[:12]:
            el.hover(force=True, timeout=2000)
        page.wait_for_timeout(300)
    page.goto(base_url + "/doc/xss00001")
    assert page.locator("#text").inner_text() == XSS
    assert page.locator("#text script, #text img, #text iframe, #text svg, #text b").count() == 0
    page.locator(".seg.k-quote").first.click()
    assert "<img src=x onerror=" in page.locator("#popover").inner_text()
    assert page.evaluate("document.scripts.length") == 1
    assert page.title() == "<script>alert('title')</script> · sourcetrace"
    assert watched.dialogs == []
    assert watched.errors == []
