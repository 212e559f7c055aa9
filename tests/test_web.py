"""The web explorer over hand-made stores: every page, the token rule, CSP, escaping, 404s, span segmentation."""

from __future__ import annotations

import html
import re
import sys
import types
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.records import (
    Citation,
    Document,
    Event,
    EventActor,
    EventPlace,
    Extraction,
    Mention,
    Quote,
    Source,
    Speaker,
    TimeExpr,
)
from sourcetrace.store import open_store
from sourcetrace.web import data
from sourcetrace.web.spans import Marked, segments

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "web" / "templates"

NEWS = ('On 5 October 2020, Russian Foreign Minister Sergei Lavrov said "the fighting in Stepanakert must stop", '
        'TASS reported. Azerbaijan shelled Stepanakert on 4 October 2020, according to Reuters.')
XSS = ('<script>alert("body")</script> <img src=x onerror=alert(1)> "><svg onload=alert(2)> '
       "'; DROP TABLE documents; -- {{ 7*7 }} </textarea><iframe src=javascript:alert(3)> "
       'The spokesman said "<b onmouseover=alert(4)>bold</b>".')


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return (start, start + len(part))


def news_extraction() -> Extraction:
    t = NEWS
    doc = Document(id="news0001", text=t, path="news.txt", title="Lavrov calls for a halt",
                   publication_date="2020-10-05")
    d = doc.id
    q = _at(t, "the fighting in Stepanakert must stop")
    quote = Quote(doc_id=d, span=q, stage="quotes@1", text=t[q[0]:q[1]], kind="direct",
                  speaker=Speaker(name="Sergei Lavrov", mention="Sergei Lavrov", span=_at(t, "Sergei Lavrov"),
                                  type="person", role="Foreign Minister of Russia", country="RUS"),
                  cue="said", cue_span=_at(t, "said"), date="2020-10-05",
                  sources=(Source("TASS", "2020-10-05"),), spans=(q,), citation_spans=(_at(t, "TASS reported"),))
    s2 = _at(t, "Azerbaijan shelled Stepanakert on 4 October 2020, according to Reuters.")
    records = {
        "citation": [
            Citation(doc_id=d, span=_at(t, "TASS reported"), stage="citations@1", text="TASS reported",
                     outlets=("TASS",), date="2020-10-05"),
            Citation(doc_id=d, span=_at(t, "Reuters"), stage="citations@1", text="Reuters", outlets=("Reuters",)),
        ],
        "time": [
            TimeExpr(doc_id=d, span=_at(t, "5 October 2020"), stage="time@1", text="5 October 2020",
                     value="2020-10-05", rule="written"),
            TimeExpr(doc_id=d, span=_at(t, "4 October 2020"), stage="time@1", text="4 October 2020",
                     value="2020-10-04", rule="written"),
        ],
        "mention": [
            Mention(doc_id=d, span=_at(t, "Sergei Lavrov"), stage="mentions@1", text="Sergei Lavrov",
                    canonical="Sergei Lavrov", kind="person", country="RUS", role="Foreign Minister of Russia",
                    link_reason="exact", entity_id="person:lavrov", label="PERSON"),
            Mention(doc_id=d, span=_at(t, "Stepanakert"), stage="mentions@1", text="Stepanakert",
                    canonical="Stepanakert", kind="place", country="AZE", lat=39.8153, lon=46.7519,
                    link_reason="alias", label="GPE"),
            Mention(doc_id=d, span=_at(t, "Azerbaijan"), stage="mentions@1", text="Azerbaijan",
                    canonical="Azerbaijan", kind="place", country="AZE", lat=40.5, lon=47.5, link_reason="exact"),
            Mention(doc_id=d, span=_at(t, "Stepanakert", 1), stage="mentions@1", text="Stepanakert",
                    canonical="Stepanakert", kind="place", country="AZE", lat=39.8153, lon=46.7519,
                    link_reason="alias"),
            Mention(doc_id=d, span=_at(t, "TASS"), stage="mentions@1", text="TASS", canonical="TASS",
                    kind="outlet", country="RUS", link_reason="exact"),
        ],
        "quote": [quote],
        "event": [
            Event(doc_id=d, span=s2, stage="events@1", plover="ASSAULT", cameo="195",
                  source=EventActor("Azerbaijan", "AZE"), target=EventActor("Armenia", "ARM"), date="2020-10-04",
                  place=EventPlace("Stepanakert", 39.8153, 46.7519), text=t[s2[0]:s2[1]], trigger="shelled"),
        ],
    }
    return Extraction(document=doc, records=records, stages=("test@1",))


def xss_extraction() -> Extraction:
    t = XSS
    doc = Document(id="xss00001", text=t, path="<script>alert('path')</script>.txt",
                   title="<script>alert('title')</script>", publication_date="2021-01-02")
    d = doc.id
    q = _at(t, '<b onmouseover=alert(4)>bold</b>')
    evil = '<img src=x onerror=alert("name")>'
    records = {
        "quote": [Quote(doc_id=d, span=q, stage="quotes@1", text=t[q[0]:q[1]], kind="direct",
                        speaker=Speaker(name=evil, mention="The spokesman", span=_at(t, "The spokesman"),
                                        role="<script>alert('role')</script>"),
                        cue="said", date="2021-01-02", sources=(Source("<svg onload=alert(5)>", "2021-01-02"),))],
        "mention": [Mention(doc_id=d, span=_at(t, "<script>"), stage="mentions@1", text="<script>",
                            canonical="</script><script>alert(6)</script>", kind="person",
                            link_reason="' OR 1=1 --"),
                    Mention(doc_id=d, span=_at(t, "DROP TABLE"), stage="mentions@1", text="DROP TABLE",
                            canonical="Robert'); DROP TABLE records;--", kind="place", lat=10.0, lon=20.0)],
        "time": [TimeExpr(doc_id=d, span=_at(t, "{{ 7*7 }}"), stage="time@1", text="{{ 7*7 }}", value="2021")],
        "event": [Event(doc_id=d, span=(0, len(t)), stage="events@1", plover="THREATEN",
                        source=EventActor(evil), target=EventActor('"><svg onload=alert(7)>'), date="2021-01-02",
                        text=t)],
    }
    return Extraction(document=doc, records=records, stages=("test@1",))


def build_store(path: Path) -> Path:
    with open_store(path) as store:
        store.write(news_extraction())
        store.write(xss_extraction())
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db):
    from sourcetrace.web.app import create_app

    with TestClient(create_app(db)) as c:
        yield c


# -- pages ------------------------------------------------------------------------------------------

def test_index_lists_documents_escaped(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "Lavrov calls for a halt" in r.text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in r.text
    assert "<script>alert" not in r.text


def test_document_page_highlights_every_record(client):
    r = client.get("/doc/news0001")
    assert r.status_code == 200
    body = r.text
    article = re.search(r'<article id="text"[^>]*>(.*?)</article>', body, re.S)
    assert article is not None
    # the text is rendered exactly once, in order, whatever the highlighting
    assert html.unescape(re.sub(r"<[^>]+>", "", article.group(1))) == NEWS
    q = _at(NEWS, "the fighting in Stepanakert must stop")
    assert f'id="s{q[0]}-{q[1]}"' in body
    assert 'class="seg k-mention m-place k-quote q0 k-event"' not in body  # the event is not in the quote
    # "Stepanakert" inside the quote: innermost record (the mention) first, then the quote
    assert re.search(r'class="seg k-mention m-place k-quote q0"[^>]*>Stepanakert<', body)
    assert "k-event" in body and "k-citation" in body and "k-time" in body
    side = body.split('<aside class="records"', 1)[1]
    assert "Sergei Lavrov" in side and "Foreign Minister of Russia" in side
    assert "TASS (2020-10-05)" in side
    assert "ASSAULT (195)" in side
    assert "alias (proposed by GPE)" in side


def test_document_records_link_to_their_spans(client):
    body = client.get("/doc/news0001").text
    for rid, span in re.findall(r'<li class="rec[^"]*" id="r(\d+)" data-span="(s\d+-\d+)">', body):
        assert f'id="{span}"' in body, f"record r{rid} has no anchor in the text"
    assert len(re.findall(r'<li class="rec', body)) == 11


def test_actor_pages(client):
    r = client.get("/actors")
    assert r.status_code == 200
    assert '<a href="/actor/Sergei%20Lavrov">Sergei Lavrov</a>' in r.text
    a = client.get("/actor/Sergei%20Lavrov")
    assert a.status_code == 200
    assert "Foreign Minister of Russia" in a.text
    assert "the fighting in Stepanakert must stop" in a.text
    q = _at(NEWS, "the fighting in Stepanakert must stop")
    assert f'href="/doc/news0001#s{q[0]}-{q[1]}"' in a.text
    az = client.get("/actor/Azerbaijan")
    assert "Events as source (1)" in az.text and "ASSAULT" in az.text
    assert "Events as target (1)" in client.get("/actor/Armenia").text


def test_timeline_orders_and_filters(client):
    body = client.get("/timeline").text
    dates = re.findall(r'<td class="date">([^<]+)</td>', body)
    assert dates == ["2020-10-04", "2020-10-05", "2021-01-02", "2021-01-02"]
    assert 'data-t0="' in body and 'class="tick"' in body
    only_lavrov = client.get("/timeline", params={"actor": "Sergei Lavrov"}).text
    assert re.findall(r'<td class="date">([^<]+)</td>', only_lavrov) == ["2020-10-05"]
    events = client.get("/timeline", params={"type": "ASSAULT"}).text
    assert re.findall(r'<td class="date">([^<]+)</td>', events) == ["2020-10-04"]
    tass = client.get("/timeline", params={"outlet": "TASS"}).text
    assert re.findall(r'<td class="date">([^<]+)</td>', tass) == ["2020-10-05"]
    reuters = client.get("/timeline", params={"outlet": "Reuters"}).text  # the event's sentence cites Reuters
    assert re.findall(r'<td class="date">([^<]+)</td>', reuters) == ["2020-10-04"]


def test_network_and_relation_evidence(client):
    body = client.get("/network").text
    assert 'href="/relation?a=Azerbaijan&amp;b=Armenia"' in body
    assert 'class="edge neg"' in body
    assert 'href="/relation?a=Sergei%20Lavrov&amp;b=Stepanakert"' in body  # a statement naming a place
    rel = client.get("/relation", params={"a": "Azerbaijan", "b": "Armenia"})
    assert rel.status_code == 200
    s2 = _at(NEWS, "Azerbaijan shelled Stepanakert on 4 October 2020, according to Reuters.")
    assert f'href="/doc/news0001#s{s2[0]}-{s2[1]}"' in rel.text


def test_map_draws_points_and_countries(client):
    body = client.get("/map").text
    assert '<path class="country named"' in body  # AZE is named in the store
    assert body.count('<path class="country') > 150
    assert '<circle cx="46.752" cy="-39.815"' in body
    assert "Stepanakert" in body and "ASSAULT" in body


def test_search_documents_and_statements(client):
    r = client.get("/search", params={"q": "Stepanakert"})
    assert r.status_code == 200
    assert '<a href="/doc/news0001">Lavrov calls for a halt</a>' in r.text
    assert "<mark>Stepanakert</mark>" in r.text
    assert "Statements (1)" in r.text and "Events (1)" in r.text


def test_sql_fragments_in_parameters_are_harmless(client):
    for url, params in [("/search", {"q": "' OR 1=1 --"}), ("/timeline", {"actor": "' OR '1'='1"}),
                        ("/timeline", {"outlet": '"; DROP TABLE records; --'}), ("/search", {"q": '"*'})]:
        r = client.get(url, params=params)
        assert r.status_code == 200, url
        assert "<td class=\"date\">" not in r.text
    assert client.get("/actor/x' OR 1=1 --").status_code == 404
    assert client.get("/doc/news0001").status_code == 200  # the tables are still there


def test_ask_box_hidden_without_ask_and_answers_with_it(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "sourcetrace.ask", None)
    assert 'action="/ask"' not in client.get("/").text
    assert "has no &#39;ask&#39; yet" in client.get("/ask", params={"q": "What did Russia say?"}).text

    def ask(store, question):
        return {"question": question, "answers": [{"speaker": "Sergei Lavrov", "doc": "news0001", "span": [3, 9],
                                                   "text": "<script>alert(1)</script>"}]}

    monkeypatch.setitem(sys.modules, "sourcetrace.ask", types.SimpleNamespace(ask=ask))
    assert 'action="/ask"' in client.get("/").text
    r = client.get("/ask", params={"q": "What did Russia say?"})
    assert r.status_code == 200
    assert 'href="/doc/news0001#s3-9"' in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_ask_answer_groups_are_listed_with_their_sources(client, monkeypatch):
    def ask(store, question):
        line = {"kind": "statement", "doc": "news0001", "span": [60, 97], "text": "the fighting must stop",
                "who": "Sergei Lavrov", "date": "2020-10-05", "sources": [{"outlet": "TASS", "date": "2020-10-05"}]}
        return {"question": question, "abstained": False, "message": "Russia (RUS): 1 statement",
                "groups": [{"actor": "Sergei Lavrov", "detail": "Foreign Minister of Russia", "lines": [line]}]}

    monkeypatch.setitem(sys.modules, "sourcetrace.ask", types.SimpleNamespace(ask=ask))
    body = client.get("/ask", params={"q": "What did Russia say?"}).text
    assert "Russia (RUS): 1 statement" in body
    assert "<h2>Sergei Lavrov <span class=\"meta\">· Foreign Minister of Russia</span></h2>" in body
    assert "TASS 2020-10-05" in body and 'href="/doc/news0001#s60-97"' in body


def test_real_ask_module_answers_from_the_store(client):
    pytest.importorskip("sourcetrace.ask")
    r = client.get("/ask", params={"q": "What did Sergei Lavrov say?"})
    assert r.status_code == 200
    assert "the fighting in Stepanakert must stop" in r.text


def test_stances_shown_when_the_module_exists(client, monkeypatch):
    def stances(store):
        return [{"source": "Sergei Lavrov", "target": "Azerbaijan", "score": -0.5,
                 "evidence": [{"doc": "news0001", "span": [0, 10], "text": "shelled"}]}]

    monkeypatch.setitem(sys.modules, "sourcetrace.stances", types.SimpleNamespace(stances=stances))
    body = client.get("/actor/Sergei%20Lavrov").text
    assert "<h2>Stances</h2>" in body and "-0.50" in body and 'href="/doc/news0001#s0-10"' in body
    assert 'href="/relation?a=Sergei%20Lavrov&amp;b=Azerbaijan"' in client.get("/network").text
    monkeypatch.setitem(sys.modules, "sourcetrace.stances", None)
    assert "<h2>Stances</h2>" not in client.get("/actor/Sergei%20Lavrov").text


# -- safety -----------------------------------------------------------------------------------------

PAGES = ["/", "/doc/news0001", "/doc/xss00001", "/actors", "/actor/Sergei%20Lavrov", "/timeline", "/network",
         "/map", "/search?q=alert", "/ask?q=who", "/relation?a=Azerbaijan&b=Armenia"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_csp_and_only_our_script(client, url):
    r = client.get(url)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert re.findall(r"<script\b[^>]*>", r.text, re.I) == ['<script src="/static/app.js" defer>']
    tags = parse_tags(r.text)
    assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")], "an event handler got through"
    assert {t for t, _ in tags} <= ALLOWED_TAGS


ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "script", "body", "header", "nav", "a", "form", "input",
                "main", "h1", "h2", "h3", "p", "span", "div", "label", "article", "aside", "details", "summary",
                "ol", "ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "svg", "defs",
                "marker", "path", "g", "line", "circle", "rect", "text", "button", "select", "option", "strong",
                "mark", "section", "code"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parse_tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_hostile_document_is_escaped(client):
    body = client.get("/doc/xss00001").text
    article = re.search(r'<article id="text"[^>]*>(.*?)</article>', body, re.S)
    assert article is not None and html.unescape(re.sub(r"<[^>]+>", "", article.group(1))) == XSS
    assert "{{ 7*7 }}" in body and ">49<" not in body
    assert "&lt;img src=x onerror=alert(&#34;name&#34;)&gt;" in body
    for page in ("/actor/" + "%3Cimg%20src%3Dx%20onerror%3Dalert(%22name%22)%3E", "/actors", "/network", "/map"):
        r = client.get(page)
        assert r.status_code == 200, page
        assert "<img src=x" not in r.text and "<script>alert" not in r.text


def test_templates_have_no_inline_script_or_handlers():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\son[a-z]+\s*=", text), path.name
        assert "style=" not in text and "|safe" not in text, path.name


def test_not_found_pages(client):
    for url in ("/doc/absent", "/actor/Nobody%20At%20All", "/relation?a=x&b=y", "/no/such/page",
                "/static/absent.js"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "content-security-policy" in r.headers
    assert "no document with id &#39;absent&#39;" in client.get("/doc/absent").text


def test_token_required_on_every_request(db):
    from sourcetrace.web.app import create_app

    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.get("/").status_code == 401
        assert c.get("/static/app.js").status_code == 401
        assert c.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        assert c.get("/map", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/timeline?actor=x&token=s3cret", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/timeline?actor=x"
        assert "HttpOnly" in r.headers["set-cookie"] and "token=s3cret" in r.headers["set-cookie"]
        assert c.get("/timeline?actor=x").status_code == 200  # the cookie now carries the token
        assert c.get("/static/style.css").status_code == 200


def test_store_is_opened_read_only(db):
    from sourcetrace.web.app import create_app

    app = create_app(db)
    store = app.state.stores.get()
    assert store.read_only is True
    with pytest.raises(Exception, match="read-only"):
        store.write(news_extraction())
    app.state.stores.close()


def test_missing_store_is_a_store_error(tmp_path):
    from sourcetrace.errors import StoreError
    from sourcetrace.web.app import create_app

    with pytest.raises(StoreError, match="no store at"):
        create_app(tmp_path / "absent.db")


def test_serve_command_refuses_exposure_without_token(tmp_path):
    from typer.testing import CliRunner

    from sourcetrace.cli import app
    from sourcetrace.commands.serve import is_loopback

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "Error E000: --host 0.0.0.0 exposes the explorer beyond this machine; pass --token" in result.output
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 1 and "Error E500: no store at" in missing.output
    assert [is_loopback(h) for h in ("127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost", "0.0.0.0",
                                     "192.168.1.2", "example.org")] == [True] * 5 + [False] * 3


# -- span segmentation and dates ------------------------------------------------------------------

def test_segments_nested_and_crossing():
    text = "abcdefghij"
    marks = [Marked(0, "quote", (1, 8)), Marked(1, "mention", (3, 5)), Marked(2, "time", (6, 10))]
    segs = segments(text, marks)
    assert [(s.start, s.end, s.records) for s in segs] == [
        (0, 1, []), (1, 3, [0]), (3, 5, [1, 0]), (5, 6, [0]), (6, 8, [2, 0]), (8, 10, [2])]
    assert segs[2].classes == ["k-mention", "k-quote"]
    assert [s.anchors for s in segs] == [[], ["s1-8"], ["s3-5"], [], ["s6-10"], []]


def test_segments_ignore_bad_spans_and_share_anchors():
    segs = segments("hello", [Marked(0, "time", (3, 99)), Marked(1, "quote", (4, 2)), Marked(2, "event", (-5, 1)),
                              Marked(3, "citation", (3, 99))])
    assert [(s.start, s.end, s.records, s.anchors) for s in segs] == [
        (0, 1, [2], ["s0-1"]), (1, 3, [], []), (3, 5, [0, 3], ["s3-5"])]
    assert segments("", [Marked(0, "time", (0, 3))]) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=12))
def test_segments_cover_the_text_exactly(text, spans):
    marks = [Marked(i, "mention", sp) for i, sp in enumerate(spans)]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    for s in segs:
        assert 0 <= s.start < s.end <= len(text)
        covering = {i for i, (a, b) in enumerate(spans) if max(0, a) <= s.start and min(len(text), b) >= s.end
                    and max(0, a) < min(len(text), b)}
        assert set(s.records) == covering


def test_date_ranges():
    import datetime as dt

    o = dt.date.toordinal
    assert data.date_range("2020-10-05") == (o(dt.date(2020, 10, 5)), o(dt.date(2020, 10, 5)))
    assert data.date_range("2020-02") == (o(dt.date(2020, 2, 1)), o(dt.date(2020, 2, 29)))
    assert data.date_range("1988/1994-05") == (o(dt.date(1988, 1, 1)), o(dt.date(1994, 5, 31)))
    assert [data.date_range(v) for v in (None, "", "2020-13", "soon", "2020/2019", "1/2/3")] == [None] * 6
