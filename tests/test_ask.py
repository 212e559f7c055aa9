"""``ask``: question parsing and answers on a hand-built store (exact expectations), and the CLI command."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_query import world_extractions
from typer.testing import CliRunner

from sourcetrace.ask import ask, parse
from sourcetrace.cli import app
from sourcetrace.store import open_store


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("ask") / "world.db"
    with open_store(path) as store:
        for ex in world_extractions():
            store.write(ex)
        yield store


def speakers(ans):
    return [g.actor for g in ans.groups]


@pytest.mark.parametrize("question, form, actor, target, topic", [
    ("What is the position of France?", "position", "France", None, None),
    ("what's the stance of the United States on the Karabakh war?", "position", "the United States", None,
     "the Karabakh war"),
    ("What is Turkey's position on Armenia?", "position", "Turkey", None, "Armenia"),
    ("Where does Russia stand on Karabakh", "position", "Russia", None, "Karabakh"),
    ("What did Macron say about Turkey?", "said", "Macron", None, "Turkey"),
    ("What did Russia say?", "said", "Russia", None, None),
    ("Who said that the violence must stop?", "who_said", None, None, "the violence must stop"),
    ("Who supports Armenia?", "supporters", "Armenia", None, None),
    ("Who opposes Turkey?", "opponents", "Turkey", None, None),
    ("What is the relationship between Turkey and Armenia?", "relation", "Turkey", "Armenia", None),
    ("What did Turkey do to Armenia?", "did", "Turkey", "Armenia", None),
    ("Tell me about Zurich", "search", None, None, "Tell me about Zurich"),
])
def test_parse_forms(question, form, actor, target, topic):
    p = parse(question)
    assert (p.form, p.actor, p.target, p.topic) == (form, actor, target, topic)


def test_parse_when_splits_actor_from_the_rest_with_the_store(world):
    p = parse("When did the United States condemn the escalation?", world)
    assert (p.form, p.actor, p.topic) == ("when", "the United States", "condemn the escalation")
    p = parse("When did Recep Tayyip Erdogan say Turkey condemns Azerbaijan?", world)
    assert (p.actor, p.topic) == ("Recep Tayyip Erdogan", "say Turkey condemns Azerbaijan")


def test_position_of_france(world):
    ans = ask(world, "What is the position of France?")
    assert not ans.abstained
    assert speakers(ans) == ["Agnès von der Mühll", "Emmanuel Macron"]
    assert ans.message == "France (FRA): 2 statements by 2 speakers"
    assert all(e.outlets and e.date for e in ans.lines)


def test_position_with_topic(world):
    ans = ask(world, "What is the position of France on the ceasefire?")
    assert [e.text for e in ans.lines] == ["France calls for an immediate ceasefire"]


def test_position_towards_an_actor_topic(world):
    ans = ask(world, "What is the position of France on Turkey?")
    assert speakers(ans) == ["Emmanuel Macron"]


def test_possessive_position(world):
    assert speakers(ask(world, "What is Russia's position?")) == ["Sergey Lavrov"]


def test_said_by_person(world):
    ans = ask(world, "What did Erdogan say?")
    assert speakers(ans) == ["Recep Tayyip Erdogan"]
    assert [e.date for e in ans.lines] == ["2020-09-27", "2021-03-01"]


def test_said_about(world):
    ans = ask(world, "What did Turkey say about France?")
    assert [e.who for e in ans.lines] == ["Mevlut Cavusoglu"]


def test_said_by_organization(world):
    ans = ask(world, "What did the State Department say?")
    assert [e.text for e in ans.lines] == ["the United States condemns the escalation of violence"]
    assert ans.lines[0].outlets == (("Al Jazeera", "2020-09-27"), ("Al-Alam", "2020-09-27"))


def test_united_states(world):
    assert speakers(ask(world, "What is the position of the United States?")) == [
        "Donald Trump", "United States Department of State"]


def test_who_said(world):
    ans = ask(world, "Who said the violence must stop?")
    assert speakers(ans) == ["Donald Trump"]  # the best-matching statements only
    assert ask(world, "Who said the hostilities in Karabakh?").lines[0].who == "Sergey Lavrov"


def test_when_event(world):
    ans = ask(world, "When did Turkey sign the peace agreement?")
    assert ans.message == "Turkey (TUR): 2009-10-10"
    assert [e.plover for e in ans.lines] == ["AGREE"]


def test_when_statement(world):
    ans = ask(world, "When did Erdogan say Turkey condemns the aggression?")
    assert [e.date for e in ans.lines] == ["2021-03-01"]


def test_supporters(world):
    ans = ask(world, "Who supports Armenia?")
    assert speakers(ans) == ["Russia", "Turkey"]
    assert ans.groups[0].detail == "score +1.00"


def test_opponents(world):
    ans = ask(world, "Who opposes Turkey?")
    assert speakers(ans) == ["Armenia", "France"]
    ans = ask(world, "Who opposes Armenia?")
    assert speakers(ans) == ["Azerbaijan"]
    assert [e.plover for e in ans.lines] == ["ASSAULT"]


def test_relation(world):
    ans = ask(world, "What is the relationship between Turkey and Armenia?")
    assert [g.actor for g in ans.groups] == ["Turkey → Armenia", "Armenia → Turkey"]
    # Turkey → Armenia: the 2009 agreement (+1) against a hostile statement naming Armenia (-0.5)
    assert [g.detail for g in ans.groups] == ["score +0.33", "score -1.00"]
    assert [len(g.lines) for g in ans.groups] == [2, 1]


def test_did(world):
    ans = ask(world, "What did Russia do?")
    assert [(e.plover, e.target) for e in ans.lines] == [("AID", "Armenia")]
    assert [e.plover for e in ask(world, "What did Turkey do to Armenia?").lines] == ["AGREE"]
    assert [e.plover for e in ask(world, "What happened between Armenia and Turkey?").lines] == ["AGREE", "REJECT"]


def test_free_text_search(world):
    ans = ask(world, "joint military maneuvers")
    assert [e.plover for e in ans.lines] == ["COOPERATE"]


@pytest.mark.parametrize("question", [
    "What is the position of Japan?",
    "What did Zorblax Quux say?",
    "What is the position of France on lunar mining?",
    "Who said purple elephants dance?",
    "Who supports Japan?",
    "Who opposes Russia?",
    "When did Turkey invade the moon?",
    "What did Armenia do to Japan?",
    "",
])
def test_abstains(world, question):
    ans = ask(world, question)
    assert ans.abstained and ans.groups == []
    assert ans.message.startswith("No answer: ")


def test_answer_renders_citations(world):
    text = ask(world, "What is the position of France?").render()
    assert text.splitlines()[:5] == [
        "France (FRA): 2 statements by 2 speakers",
        "",
        "Agnès von der Mühll (Spokesperson of the French Foreign Ministry)",
        '  2020-09-27  "France calls for an immediate ceasefire"',
        f"      [Sputnik 2020-09-27; doc doca {TEXT_SPAN}]",
    ]


TEXT_SPAN = "{}-{}".format(
    world_extractions()[0].document.text.index("France calls"),
    world_extractions()[0].document.text.index("France calls") + len("France calls for an immediate ceasefire"))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_any_question_parses_and_answers_without_error(world, question):
    ans = ask(world, question)
    assert ans.abstained == (not ans.groups)
    for e in ans.lines:
        assert e.doc_id in {"doca", "docb"}


def test_cli_ask(world, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["ask", "What did Russia say?", "--db", world.url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["form"], data["abstained"]) == ("said", False)
    assert [g["actor"] for g in data["groups"]] == ["Sergey Lavrov"]
    result = runner.invoke(app, ["ask", "What is the position of Japan?", "--db", world.url])
    assert result.exit_code == 0
    assert result.stdout.startswith("No answer: the store has no statements by Japan (JPN)")
    missing = tmp_path / "none.db"
    result = runner.invoke(app, ["ask", "Who supports Armenia?", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error E500: no store at {missing}; run 'sourcetrace ingest' first or pass --db\n"
