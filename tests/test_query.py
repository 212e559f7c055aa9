"""The query API on hand-built stores (exact expectations), and on the seed article through the real pipeline."""

from __future__ import annotations

import pytest

from sourcetrace.query import (
    actor_table,
    country_index,
    events,
    matching_actor_names,
    profile,
    resolve_actor,
    statements,
    timeline,
)
from sourcetrace.records import (
    Document,
    Event,
    EventActor,
    EventPlace,
    Extraction,
    Mention,
    Quote,
    Source,
    Speaker,
)
from sourcetrace.stances import compute_stances, position_history, stances, statement_polarity
from sourcetrace.store import open_store

# -- a small hand-made world: two documents, fictional wording, real country codes -----------------

TEXT_A = ("Emmanuel Macron said France will not accept the reckless escalation by Turkey. "
          "A spokeswoman for the French Foreign Ministry said France calls for an immediate ceasefire. "
          "Mevlut Cavusoglu said France's solidarity with Armenia is hostile and dangerous. "
          "Sergey Lavrov expressed concern about the hostilities in Karabakh. "
          "Turkey and Azerbaijan held joint military maneuvers. Russia supplied weapons to Armenia. "
          "Azerbaijani forces shelled Armenian positions.")
TEXT_B = ("Donald Trump said America will seek to stop the violence. The State Department said the United States "
          "condemns the escalation of violence. Turkey signed a peace agreement with Armenia in Zurich. "
          "Armenia cancelled the agreement with Turkey. Recep Tayyip Erdogan said Turkey will stand by brotherly "
          "Azerbaijan. Later Recep Tayyip Erdogan said Turkey condemns the aggression of Azerbaijan.")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def _quote(doc: Document, content: str, name: str, mention: str, *, country: str | None, role: str | None,
           date: str | None, outlets: tuple[tuple[str, str | None], ...] = (), type_: str = "person") -> Quote:
    span = _span(doc.text, content)
    return Quote(doc_id=doc.id, span=span, stage="quotes@1", text=content, kind="indirect",
                 speaker=Speaker(name=name, mention=mention, span=_span(doc.text, mention), type=type_, role=role,
                                 country=country),
                 cue="said", date=date, sources=tuple(Source(o, d) for o, d in outlets), spans=(span,))


def _event(doc: Document, sentence: str, plover: str, source: tuple[str, str | None],
           target: tuple[str, str | None] | None, date: str | None, place: str | None = None) -> Event:
    return Event(doc_id=doc.id, span=_span(doc.text, sentence), stage="events@1", plover=plover,
                 source=EventActor(source[0], source[1]),
                 target=EventActor(target[0], target[1]) if target else None, date=date,
                 place=EventPlace(place) if place else None, text=sentence)


def _mention(doc: Document, text: str, canonical: str, kind: str, country: str | None) -> Mention:
    return Mention(doc_id=doc.id, span=_span(doc.text, text), stage="mentions@1", text=text, canonical=canonical,
                   kind=kind, country=country)


def world_extractions() -> list[Extraction]:
    a = Document(id="doca", text=TEXT_A, path="a.txt", title="Karabakh reactions", publication_date="2020-10-05")
    b = Document(id="docb", text=TEXT_B, path="b.txt", title="Peace and war", publication_date="2020-10-06")
    qa = [
        _quote(a, "France will not accept the reckless escalation by Turkey", "Emmanuel Macron", "Emmanuel Macron",
               country="FRA", role="President of France", date="2020-09-30", outlets=(("Reuters", "2020-09-30"),)),
        _quote(a, "France calls for an immediate ceasefire", "Agnès von der Mühll", "A spokeswoman",
               country=None, role="Spokesperson of the French Foreign Ministry", date="2020-09-27",
               outlets=(("Sputnik", "2020-09-27"),)),
        _quote(a, "France's solidarity with Armenia is hostile and dangerous", "Mevlut Cavusoglu",
               "Mevlut Cavusoglu", country="TUR", role="Foreign Minister of Turkey", date="2020-09-30",
               outlets=(("Anadolu Agency", "2020-09-30"),)),
        _quote(a, "concern about the hostilities in Karabakh", "Sergey Lavrov", "Sergey Lavrov", country=None,
               role="Foreign Minister of Russia", date="2020-09-27", outlets=(("Sputnik", "2020-09-27"),)),
    ]
    ea = [
        _event(a, "Turkey and Azerbaijan held joint military maneuvers.", "COOPERATE", ("Turkey", "TUR"),
               ("Azerbaijan", "AZE"), "2020-07-29", "Azerbaijan"),
        _event(a, "Russia supplied weapons to Armenia.", "AID", ("Russia", "RUS"), ("Armenia", "ARM"), None),
        _event(a, "Azerbaijani forces shelled Armenian positions.", "ASSAULT", ("Azerbaijan", "AZE"),
               ("Armenia", "ARM"), "2020-09-27"),
    ]
    ma = [_mention(a, "Emmanuel Macron", "Emmanuel Macron", "person", "FRA"),
          _mention(a, "Sergey Lavrov", "Sergey Lavrov", "person", "RUS")]
    qb = [
        _quote(b, "America will seek to stop the violence", "Donald Trump", "Donald Trump", country="USA",
               role="President of the United States", date="2020-09-27", outlets=(("Al Jazeera", "2020-09-27"),)),
        _quote(b, "the United States condemns the escalation of violence", "United States Department of State",
               "The State Department", country="USA", role=None, date="2020-09-27", type_="organization",
               outlets=(("Al Jazeera", "2020-09-27"), ("Al-Alam", "2020-09-27"))),
        _quote(b, "Turkey will stand by brotherly Azerbaijan", "Recep Tayyip Erdogan", "Recep Tayyip Erdogan",
               country="TUR", role="President of Turkey", date="2020-09-27",
               outlets=(("Anadolu Agency", "2020-09-28"),)),
        _quote(b, "Turkey condemns the aggression of Azerbaijan", "Recep Tayyip Erdogan", "Later Recep Tayyip Erdogan",
               country="TUR", role="President of Turkey", date="2021-03-01"),
    ]
    eb = [
        _event(b, "Turkey signed a peace agreement with Armenia in Zurich.", "AGREE", ("Turkey", "TUR"),
               ("Armenia", "ARM"), "2009-10-10", "Zurich"),
        _event(b, "Armenia cancelled the agreement with Turkey.", "REJECT", ("Armenia", "ARM"), ("Turkey", "TUR"),
               "2018-03"),
    ]
    return [Extraction(document=a, records={"quote": qa, "event": ea, "mention": ma},
                       stages=("quotes@1", "events@1", "mentions@1")),
            Extraction(document=b, records={"quote": qb, "event": eb}, stages=("quotes@1", "events@1"))]


@pytest.fixture
def world(tmp_path):
    with open_store(tmp_path / "world.db") as store:
        for ex in world_extractions():
            store.write(ex)
        yield store


def _who(lines):
    return sorted({e.who for e in lines})


# -- actors ------------------------------------------------------------------------------------------


def test_country_index_names_aliases_adjectives():
    idx = country_index()
    assert idx.code("France") == "FRA"
    assert idx.code("the French") == "FRA"
    assert idx.code("Turkey") == "TUR"
    assert idx.code("the U.S.") == "USA"
    assert idx.code("America") == "USA"
    assert idx.code("Zorblax") is None
    assert [c for c, _, _ in idx.find("the US and us and Russian troops")] == ["USA", "RUS"]


def test_resolve_actor_country_and_person(world):
    fr = resolve_actor(world, "France")
    assert (fr.country, fr.label) == ("FRA", "France")
    assert "Emmanuel Macron" in fr.names
    macron = resolve_actor(world, "Macron")
    assert macron.country is None and macron.names == frozenset({"Emmanuel Macron"})
    assert not resolve_actor(world, "Zorblax Quux").known
    assert matching_actor_names(world, "state department") == ["United States Department of State"]


# -- statements ------------------------------------------------------------------------------------


def test_statements_of_a_country_include_its_people_and_bodies_only(world):
    lines = statements(world, "France")
    assert _who(lines) == ["Agnès von der Mühll", "Emmanuel Macron"]
    assert [e.date for e in lines] == ["2020-09-27", "2020-09-30"]
    assert lines[1].outlets == (("Reuters", "2020-09-30"),)
    assert all(e.country == "FRA" for e in lines)


def test_statements_of_a_country_by_role_when_no_country_stored(world):
    assert _who(statements(world, "Russia")) == ["Sergey Lavrov"]


def test_statements_about_a_target_exclude_the_targets_own(world):
    lines = statements(world, about="France")
    assert _who(lines) == ["Mevlut Cavusoglu"]


def test_statements_topic_outlet_and_dates(world):
    assert _who(statements(world, topic="ceasefire")) == ["Agnès von der Mühll"]
    assert _who(statements(world, outlet="Al-Jazeera")) == ["Donald Trump", "United States Department of State"]
    assert _who(statements(world, date_from="2021")) == ["Recep Tayyip Erdogan"]
    assert _who(statements(world, "Turkey", date_to="2020-09-29")) == ["Recep Tayyip Erdogan"]
    assert statements(world, "Japan") == []


# -- events, profile, timeline ---------------------------------------------------------------------


def test_events_by_actor_role_target_and_type(world):
    assert [e.plover for e in events(world, "Turkey")] == ["AGREE", "REJECT", "COOPERATE"]
    assert [e.plover for e in events(world, "Turkey", role="source")] == ["AGREE", "COOPERATE"]
    assert [e.plover for e in events(world, "Armenia", target="Turkey")] == ["AGREE", "REJECT"]
    assert [e.date for e in events(world, plover="ASSAULT")] == ["2020-09-27"]
    assert [e.plover for e in events(world, "Russia")] == ["AID"]
    assert events(world, "Turkey", date_from="2019", date_to="2020-12") == [
        e for e in events(world, "Turkey") if e.plover == "COOPERATE"]


def test_profile(world):
    p = profile(world, "Turkey")
    assert p["country"] == "TUR"
    assert p["roles"] == ["Foreign Minister of Turkey", "President of Turkey"]
    assert len(p["statements"]) == 3 and len(p["events"]) == 3
    assert (p["first_seen"], p["last_seen"]) == ("2009-10-10", "2021-03-01")
    assert p["event_types"] == {"AGREE": 1, "COOPERATE": 1, "REJECT": 1}


def test_timeline_merges_and_orders(world):
    rows = timeline(world, actor="Armenia")
    assert [(r["date"], r["kind"]) for r in rows] == [
        ("2009-10-10", "event AGREE"), ("2018-03", "event REJECT"), ("2020-09-27", "event ASSAULT")]
    assert len(timeline(world)) == 8 + 4  # 8 dated statements, 4 dated events
    table = {r["name"]: r for r in actor_table(world)}
    assert (table["Recep Tayyip Erdogan"]["quotes"], table["Armenia"]["events"]) == (2, 4)


# -- stances -------------------------------------------------------------------------------------------


def test_statement_polarity_window_and_negation():
    text = "We condemn the aggression of Azerbaijan"
    i = text.index("Azerbaijan")
    assert statement_polarity(text, i, i + 10) == -2
    text = "Turkey will stand by brotherly Azerbaijan"
    i = text.index("Azerbaijan")
    assert statement_polarity(text, i, i + 10) == 2
    text = "We do not support Azerbaijan"
    i = text.index("Azerbaijan")
    assert statement_polarity(text, i, i + 10) == -1


def test_stances_events_and_statements(world):
    by_pair = {(s.source, s.target): s for s in stances(world)}
    tur_aze = by_pair[("TUR", "AZE")]
    assert len(tur_aze.supportive) == 2 and len(tur_aze.hostile) == 1  # maneuvers, "stand by"; "condemns"
    assert tur_aze.score == pytest.approx((1.5 - 0.5) / 2.0)
    assert by_pair[("AZE", "ARM")].score == -1.0
    assert by_pair[("RUS", "ARM")].score == 1.0
    assert by_pair[("TUR", "FRA")].score == -1.0
    assert sorted(s.source for s in stances(world, target="Armenia") if s.score > 0) == ["RUS", "TUR"]


def test_compute_stances_ignores_negated_and_self_events():
    doc = Document(id="d", text="x" * 50)
    evs = [Event(doc_id="d", span=(0, 5), stage="events@1", plover="ASSAULT", source=EventActor("A", "ARM"),
                 target=EventActor("B", "AZE"), negated=True, text="xxxxx"),
           Event(doc_id="d", span=(0, 5), stage="events@1", plover="AID", source=EventActor("A", "ARM"),
                 target=EventActor("Yerevan", "ARM"), text="xxxxx")]
    assert compute_stances([], evs) == []
    assert doc.id == "d"


def test_position_history_shows_the_shift(world):
    rows = position_history(world, "Erdogan", "Azerbaijan")
    assert [(r["date"], r["lean"], r["shift"]) for r in rows] == [("2020-09-27", 1, False), ("2021-03-01", -1, True)]


# -- acceptance on the seed article (needs the quotes stage) ---------------------------------------

SEED_NEEDS = "needs the quotes stage to attribute the seed article's statements (issue: stages being rewritten)"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, request):
    seed_extraction = request.getfixturevalue("seed_extraction")
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with open_store(path) as store:
        store.write(seed_extraction)
        yield store


def _seed_ready(store) -> None:
    if not store.select("quote"):
        pytest.xfail(SEED_NEEDS)


def test_seed_position_of_france(seed_store):
    from sourcetrace.ask import ask

    _seed_ready(seed_store)
    ans = ask(seed_store, "What is the position of France?")
    assert not ans.abstained
    names = {e.who for e in ans.lines}
    assert any("Macron" in n for n in names)
    assert any("Mühll" in n or "Muhll" in n for n in names)
    assert all(e.outlets and e.date for e in ans.lines)
    for bad in ("Cavusoglu", "Erdogan", "Trump", "Lavrov", "Aliyev", "Pashinyan"):
        assert not any(bad in n for n in names), bad


def test_seed_what_did_russia_say(seed_store):
    from sourcetrace.ask import ask

    _seed_ready(seed_store)
    ans = ask(seed_store, "What did Russia say?")
    names = {e.who for e in ans.lines}
    assert any("Lavrov" in n for n in names)
    assert all(not any(x in n for x in ("Macron", "Erdogan", "Trump", "Cavusoglu")) for n in names)


def test_seed_position_of_the_united_states(seed_store):
    from sourcetrace.ask import ask

    _seed_ready(seed_store)
    ans = ask(seed_store, "What is the position of the United States?")
    names = {e.who for e in ans.lines}
    assert any("Trump" in n for n in names)
    assert any("State" in n and "Department" in n for n in names)
    assert all(not any(x in n for x in ("Macron", "Erdogan", "Lavrov", "Cavusoglu", "Aliyev")) for n in names)


def test_seed_absent_actor_abstains(seed_store):
    from sourcetrace.ask import ask

    ans = ask(seed_store, "What is the position of Japan?")
    assert ans.abstained and ans.lines == []
    assert ans.message.startswith("No answer:")


def test_statements_limit_takes_the_earliest(world):
    assert [e.who for e in statements(world, "Turkey", limit=2)] == ["Recep Tayyip Erdogan", "Mevlut Cavusoglu"]
    assert [e.date for e in statements(world, "Turkey", limit=1, date_to="2020-09-27")] == ["2020-09-27"]
    assert [e.who for e in statements(world, "France", limit=1)] == ["Agnès von der Mühll"]
