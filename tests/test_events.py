"""The events stage: triggers, actors, dates, places, negation and modality, the lexicon, dedupe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.errors import PipelineError
from sourcetrace.eventpatterns import Lexicon, Phrase, cameo_to_plover, load_lexicon
from sourcetrace.events import (
    date_range,
    dedupe,
    extract_events,
    fallback_country_of,
    lexicon_for,
    sentence_units,
)
from sourcetrace.kb import KnowledgeBase
from sourcetrace.pipeline import Context
from sourcetrace.records import Event, EventActor, EventPlace

SEED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "karabakh-2020-analysis.gold.json"


def events_of(extract, text: str) -> list[Event]:
    return extract(text).events


def summary(ev: Event) -> tuple:
    return (ev.plover, ev.source.country if ev.source else None, ev.target.country if ev.target else None, ev.date)


def context_for(pipeline, text: str, kb: KnowledgeBase | None = None) -> Context:
    """A context with every stage before ``events`` run, for calling the stage function directly."""
    from sourcetrace.reader import document_from_text

    ex = pipeline.run(document_from_text(text))
    return Context(document=ex.document, doc=pipeline.nlp(text), kb=kb or pipeline.kb,
                   records={k: v for k, v in ex.records.items() if k != "event"})


# -- triggers and actors -------------------------------------------------------------------------------------
def test_verb_with_object_agreement(extract):
    (ev,) = events_of(extract, "Turkey signed a peace agreement with Armenia in Zurich on 10/10/2009.")
    assert summary(ev) == ("AGREE", "TUR", "ARM", "2009-10-10")
    assert ev.cameo == "057"
    assert ev.trigger == "signed"
    assert ev.place is not None and "zurich" in ev.place.name.casefold().replace("ü", "u")
    assert ev.stage == "events@7"
    assert ev.text == "Turkey signed a peace agreement with Armenia in Zurich on 10/10/2009."


def test_noun_event_between_two_countries(extract):
    (ev,) = events_of(extract, "Heavy clashes broke out between Azerbaijan and Armenia on 27/9/2020.")
    assert summary(ev) == ("ASSAULT", "AZE", "ARM", "2020-09-27")
    assert ev.trigger == "clashes"


def test_the_two_sides_takes_the_last_pair(extract):
    text = ("Heavy clashes broke out between Azerbaijan and Armenia on 27/9/2020. "
            "A ceasefire between the two sides was signed on 10/10/2020.")
    evs = events_of(extract, text)
    assert ("AGREE", "AZE", "ARM", "2020-10-10") in [summary(e) for e in evs]


def test_telephone_conversation_source_is_the_subject(extract):
    text = ("The French Foreign Minister, during a telephone conversation with his German counterpart on "
            "3/5/2021, expressed concern.")
    (ev,) = events_of(extract, text)
    assert summary(ev) == ("CONSULT", "FRA", "DEU", "2021-05-03")
    assert ev.mode == "phone"


def test_plain_verbs_are_not_events(extract):
    assert events_of(extract, "France said on 3/5/2021 that the weather in Paris was fine.") == []


# -- negation and modality -------------------------------------------------------------------------------------
def test_negated_event_is_not_emitted(extract, pipeline):
    text = "Germany did not support France in the talks of 2016."
    assert [e for e in events_of(extract, text) if e.plover == "SUPPORT"] == []
    kept = extract_events(context_for(pipeline, text), keep_negated=True)
    assert [(e.plover, e.negated) for e in kept if e.plover == "SUPPORT"] == [("SUPPORT", True)]


def test_urged_to_withdraw_is_a_request_not_a_retreat(extract):
    evs = events_of(extract, "France urged Armenia on 3/5/2021 to withdraw its forces.")
    assert [summary(e) for e in evs] == [("REQUEST", "FRA", "ARM", "2021-05-03")]


def test_modal_and_conditional_are_not_events(extract):
    assert events_of(extract, "France could attack Germany.") == []
    assert events_of(extract, "If France attacked Germany, the war would spread.") == []


def test_intention_has_mode_intend(extract):
    # PLOVER: an announced intention to cooperate is AGREE, to harm THREATEN (CAMEO 03 / 13)
    (ev,) = events_of(extract, "France will seek to mediate between Armenia and Azerbaijan.")
    assert (ev.plover, ev.cameo, ev.source.country if ev.source else None, ev.mode) == (
        "AGREE", "030", "FRA", "intend")
    (ev,) = events_of(extract, "Iran threatened to attack Iraq.")
    assert (ev.plover, ev.source.country if ev.source else None, ev.target.country if ev.target else None) == (
        "THREATEN", "IRN", "IRQ")


def test_simple_present_is_a_state_not_an_event(extract):
    assert events_of(extract, "Russia supports Armenia.") == []


# -- dates -----------------------------------------------------------------------------------------------------
def test_date_carried_by_the_narrative(extract):
    text = "Azerbaijan attacked Armenia on 27/9/2020.\n\nArmenia declared a state of war."
    evs = events_of(extract, text)
    assert [summary(e) for e in evs] == [("ASSAULT", "AZE", "ARM", "2020-09-27"),
                                        ("MOBILIZE", "ARM", None, "2020-09-27")]


def test_exact_duration_makes_an_interval(extract):
    (ev,) = events_of(extract, "The clashes between Armenia and Azerbaijan renewed on 12/7/2020 and lasted 3 days.")
    assert ev.date == "2020-07-12/2020-07-14"
    (ev,) = events_of(extract, "Clashes between Armenia and Azerbaijan began on 12/7/2020 and lasted about two weeks.")
    assert ev.date == "2020-07-12"


def test_no_date_when_the_text_gives_none(extract):
    (ev,) = events_of(extract, "Armenia declared a state of war.")
    assert ev.date is None


def test_quote_link(extract):
    text = 'The minister said: "Azerbaijan attacked our villages on 27/9/2020."'
    evs = events_of(extract, text)
    quotes = extract(text).quotes
    assert evs and quotes
    assert evs[0].quote_span == quotes[0].span


# -- the lexicon -----------------------------------------------------------------------------------------------
def test_cameo_to_plover():
    assert cameo_to_plover("0871") == "RETREAT"
    assert cameo_to_plover("190") == "ASSAULT"
    assert cameo_to_plover("1724") == "COERCE"
    assert cameo_to_plover("111") == "ACCUSE"
    assert cameo_to_plover("02") == "REQUEST"
    assert cameo_to_plover("99") is None
    assert cameo_to_plover(None) is None


def test_phrase_parse():
    assert Phrase.parse("state of war") == Phrase(head="state", of="war")
    assert Phrase.parse("martial law") == Phrase(head="law", modifier="martial")
    assert Phrase.parse("agreement") == Phrase(head="agreement")


def test_every_packaged_pattern_is_valid():
    lex = load_lexicon()
    assert len(lex.patterns) > 150
    assert {p.plover for p in lex.patterns} == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    sign = lex.candidates("verb", "sign")
    assert sign[0].objects and sign[0].plover == "AGREE"


def test_user_lexicon_adds_a_trigger(tmp_path: Path, pipeline):
    (tmp_path / "events.yaml").write_text(
        "events:\n  - {verb: snub, object: [invitation], plover: REJECT, cameo: '125'}\n", encoding="utf-8")
    kb = KnowledgeBase(extra_dirs=(tmp_path,))
    text = "Germany snubbed an invitation from France on 3/5/2021."
    ctx = context_for(pipeline, text, kb)
    assert lexicon_for(ctx).candidates("verb", "snub")
    evs = extract_events(ctx)
    assert [summary(e) for e in evs] == [("REJECT", "DEU", "FRA", "2021-05-03")]
    assert evs[0].cameo == "125"


def test_bad_user_lexicon_says_how_to_fix(tmp_path: Path):
    bad = tmp_path / "events.yaml"
    bad.write_text("events:\n  - {verb: snub, plover: SNUB}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="not one of"):
        Lexicon.from_files([bad])
    bad.write_text("events:\n  - {plover: AGREE}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="needs 'verb' or 'noun'"):
        Lexicon.from_files([bad])


def test_fallback_country_of():
    assert fallback_country_of("Armenian") == "ARM"
    assert fallback_country_of("Azerbaijani") == "AZE"
    assert fallback_country_of("France") == "FRA"
    assert fallback_country_of("weather") is None


# -- units and dedupe ------------------------------------------------------------------------------------------
def test_sentence_cut_by_a_line_break_is_joined():
    text = "Maneuvers that began\n\non 29/7/2020 lasted two weeks. Next one."
    first_end = text.index("\n\n")
    second_end = text.index(" Next")
    units = sentence_units(text, [(0, first_end), (first_end + 2, second_end + 1), (second_end + 1, len(text))])
    assert units == [(0, second_end + 1), (second_end + 1, len(text))]


def _ev(plover="ASSAULT", src="AZE", tgt="ARM", date=None, place=None, doc="d1"):
    return Event(doc_id=doc, span=(0, 10), stage="events@1", plover=plover, source=EventActor(src, src),
                 target=EventActor(tgt, tgt) if tgt else None, date=date,
                 place=EventPlace(place) if place else None, text="x")


def test_date_range():
    import datetime as dt

    assert date_range("2020-09") == (dt.date(2020, 9, 1), dt.date(2020, 9, 30))
    assert date_range("2016-04-01/2016-04-26") == (dt.date(2016, 4, 1), dt.date(2016, 4, 26))
    assert date_range("2020") == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert date_range(None) is None
    assert date_range("soon") is None


def test_dedupe_groups_reports_of_one_event():
    a = _ev(date="2020-09-27", doc="d1")
    b = _ev(date="2020-09", doc="d2", place="Stepanakert")
    c = _ev(date=None, doc="d3")
    d = _ev(date="2016-04", doc="d4")
    e = _ev(date="2020-09-27", doc="d5", place="Baku")
    f = _ev(plover="AGREE", date="2020-09-27", doc="d6")
    g = _ev(tgt=None, date="2020-09-27", doc="d7")
    h = _ev(tgt="TUR", date="2020-09-27", doc="d8")
    clusters = dedupe([a, b, c, d, e, f, g, h])
    assert [len(cl.reports) for cl in clusters] == [4, 1, 1, 1, 1]
    assert clusters[0].date == "2020-09-27"
    assert clusters[0].place is not None and clusters[0].place.name == "Stepanakert"
    assert {r.doc_id for r in clusters[0].reports} == {"d1", "d2", "d3", "d7"}
    assert clusters[0].target is not None and clusters[0].target.country == "ARM"


# -- robustness --------------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab Turkey signed\"'“”«».,\n\u200f\u0628 Armenia 12/3/2020")),
               max_size=120))
def test_never_raises_and_spans_stay_inside(nlp, text):
    from sourcetrace.reader import document_from_text

    doc = document_from_text(text) if text.strip() else None
    if doc is None:
        return
    ctx = Context(document=doc, doc=nlp(text), kb=KnowledgeBase())
    for ev in extract_events(ctx, keep_negated=True):
        assert 0 <= ev.span[0] <= ev.span[1] <= len(text)
        assert ev.trigger_span is not None and text[ev.trigger_span[0]:ev.trigger_span[1]] == ev.trigger


def test_empty_and_odd_texts(extract):
    assert events_of(extract, " \n ") == []
    assert isinstance(events_of(extract, 'He said "Turkey signed a deal with Armenia.'), list)


# -- the seed article ------------------------------------------------------------------------------------
def test_seed_gold_floor(seed_extraction):
    if not SEED_GOLD.exists():
        pytest.skip("../shared/gold is not beside the checkout")
    from sourcetrace.evaluate import score_events

    scores = score_events(seed_extraction, json.loads(SEED_GOLD.read_text(encoding="utf-8")))
    # floors only go up; measured 15 matched, 14 dated, 27 predicted; version 5: 17 / 17 / 33 (its subject
    # pronouns add three events the text tells and the gold does not list: see test_seed_event_precision)
    assert scores.matched >= 17
    assert scores.extra["dated"] >= 17
    assert scores.predicted <= 33


def test_optional_events_are_not_false_positives(seed_extraction):
    if not SEED_GOLD.exists():
        pytest.skip("../shared/gold is not beside the checkout")
    from sourcetrace.evaluate import score_events

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    before = score_events(seed_extraction, gold)
    extra = [{"id": "o1", "type": "REQUEST", "actors": ["AZE"], "text_hint": "Azerbaijan demanded that Turkey"}]
    after = score_events(seed_extraction, {**gold, "optional_events": extra})
    assert after.matched == before.matched and after.gold == before.gold
    assert len(after.false_positives) == len(before.false_positives) - 1
    assert after.precision > before.precision


# -- issue 6: speed and precision ----------------------------------------------------------------------------
def test_token_lookup_by_offset(nlp):
    from sourcetrace.events import token_at, tokens_in

    doc = nlp("Turkey signed an agreement with Armenia.")
    assert [t.text for t in tokens_in(doc, 7, 26)] == ["signed", "an", "agreement"]
    assert token_at(doc, 7).text == "signed"
    assert token_at(doc, 8) is None
    assert len(tokens_in(doc, 500, 600)) == 0


def test_stage_time_grows_linearly(pipeline):
    """Ten times the text must not take a hundred times as long (no walk over the whole Doc per token)."""
    import time


    para = ("Turkey signed a peace agreement with Armenia in Zurich on 10/10/2009. Heavy clashes broke out "
            "between Azerbaijan and Armenia on 27/9/2020. Russia condemned Turkey on 28/9/2020.\n\n")

    def cost(n: int) -> float:
        text = para * n
        ctx = context_for(pipeline, text)
        best = 1e9
        for _ in range(2):
            t = time.perf_counter()
            extract_events(ctx)
            best = min(best, time.perf_counter() - t)
        return best

    small, large = cost(4), cost(40)
    assert large < small * 30


def test_one_event_per_sentence_type_and_actors(extract):
    evs = events_of(extract, "On 3/5/2021, Russia demanded a ceasefire from Georgia and demanded talks "
                             "with Georgia.")
    assert [summary(e)[:3] for e in evs] == [("REQUEST", "RUS", "GEO")]


def test_passive_subject_is_not_the_source(extract):
    assert events_of(extract, "A Canadian missionary was arrested in Lebanon on 3/5/2021.") == []
    (ev,) = events_of(extract, "Armenia was attacked by Azerbaijan on 3/5/2021.")
    assert summary(ev) == ("ASSAULT", "AZE", "ARM", "2021-05-03")


def test_repeated_events_are_not_one_event(extract):
    text = "Sporadic clashes have occurred between Azerbaijan and Armenia from time to time since 1994."
    assert events_of(extract, text) == []
    (ev,) = events_of(extract, "Clashes broke out between Azerbaijan and Armenia on 27/9/2020.")
    assert ev.plover == "ASSAULT"


def test_an_ended_event_is_not_reported(extract):
    assert events_of(extract, "On 3/5/2021, Syria ended the talks with Lebanon.") == []


def test_citation_date_carries_only_into_the_next_sentence(extract):
    text = ("Armenia is worried about the clashes (Sputnik, 27/9/2020). The weather was mild. "
            "France promised Armenia a homeland.")
    (ev,) = events_of(extract, text)
    assert ev.source.country == "FRA" and ev.date is None
    (ev,) = events_of(extract, "Armenia is worried (Sputnik, 27/9/2020). France promised Armenia a homeland.")
    assert ev.date == "2020-09-27"


def test_a_lent_date_does_not_split_a_repeat(extract):
    text = ("Turkey signed a peace agreement with Armenia in Zurich on 10/10/2009.\n\n"
            "Relations had been cut in 1993. Turkey signed the peace agreement with Armenia without conditions.")
    (ev,) = events_of(extract, text)
    assert summary(ev) == ("AGREE", "TUR", "ARM", "2009-10-10")
    assert len(ev.also_reported) == 1


def test_seed_event_precision(seed_extraction):
    """Regression floor on the seed article (issue 6): no more than 33 events (25 before version 4, which
    added the statement, document and implied-doer events; 30 before version 5, whose subject pronouns add
    Erdogan's two criticisms, "He criticized …", and Turkey's "It also demanded …"), no pattern of repeated
    clashes."""
    evs = seed_extraction.records["event"]
    assert len(evs) <= 33
    assert not any(e.trigger == "clashes" and "sporadic" in e.text for e in evs)
    # the article's statement-as-accusation and its resolutions' demands (version 4)
    assert ("ACCUSE", "FRA", "TUR", "2020-09-30") in [
        (e.plover, e.source.country if e.source else None, e.target.country if e.target else None, e.date)
        for e in evs]
    issued = [e for e in evs if e.plover == "REQUEST" and e.trigger == "issued"]
    assert sorted(e.date for e in issued) == ["1993-07-29", "1993-11-12"]
    assert all(len(e.also_reported) == 1 for e in issued)


# -- version 3 (issue 6, second follow-up): actors through the document, CAMEO verb families ----------------
def test_the_subject_nearest_the_verb_not_the_dateline(extract):
    text = "GOMA, Democratic Republic of Congo, February 12, 2024 - M23 rebels shelled the town of Sake on Saturday."
    (ev,) = events_of(extract, text)
    assert ev.plover == "ASSAULT" and ev.source.name == "M23"


def test_the_army_is_the_military_of_the_article_country(extract):
    text = ("Protests spread across Georgia on 1/12/2024 as Tbilisi and Batumi filled with marchers. "
            "The army arrested dozens of students in Kutaisi on 2/12/2024.")
    evs = [e for e in events_of(extract, text) if e.plover == "COERCE"]
    assert [(e.source.country, e.date) for e in evs] == [("GEO", "2024-12-02")]


def test_a_demonym_on_a_group_gives_its_country(extract):
    (ev,) = events_of(extract, "Chinese coast guard ships rammed a Philippine supply boat on 5/3/2024.")
    assert summary(ev)[:2] == ("ASSAULT", "CHN")
    (ev,) = events_of(extract, "Burundian soldiers clashed with Rwanda on 5/3/2024.")
    assert summary(ev) == ("ASSAULT", "BDI", "RWA", "2024-03-05")


def test_the_council_is_the_council_named_before(extract):
    text = ("The United Nations Security Council met on 3/4/2024 to discuss Haiti. "
            "The Council condemned the coup and demanded the release of the president.")
    evs = events_of(extract, text)
    assert {(e.plover, e.source.name) for e in evs if e.plover in ("ACCUSE", "REQUEST")} == {
        ("ACCUSE", "United Nations Security Council"), ("REQUEST", "United Nations Security Council")}


def test_the_rebels_are_the_group_named_before(extract):
    text = "M23 rebels shelled Sake on 10/2/2024. The rebels seized the town of Bunagana on 12/2/2024."
    evs = events_of(extract, text)
    assert [(e.plover, e.source.name, e.date) for e in evs] == [
        ("ASSAULT", "M23", "2024-02-10"), ("COERCE", "M23", "2024-02-12")]


def test_the_two_parties_are_the_actors_of_the_last_event(extract):
    text = ("Turkey invaded Cyprus on 20/7/1974. "
            "The two parties agreed to a ceasefire on 22/7/1974.")
    evs = events_of(extract, text)
    assert ("AGREE", "TUR", None, "1974-07-22") in [summary(e) for e in evs]


def test_a_numbered_group_starts_with_the_first_named(extract):
    text = ("French President Emmanuel Macron received German Chancellor Olaf Scholz and Italian Prime Minister "
            "Giorgia Meloni in Paris on 3/5/2024. The three leaders condemned the attack on Ukraine's power grid. "
            "They also criticised Russia.")
    evs = [e for e in events_of(extract, text) if e.plover == "ACCUSE"]
    assert [(e.source.country, e.target.country if e.target else None) for e in evs] == [
        ("FRA", None), ("FRA", "RUS")]


def test_a_deployment_of_peacekeepers_is_aid(extract):
    (ev,) = events_of(extract, "Kenya deployed a peacekeeping force to Haiti on 25/6/2024.")
    assert (ev.plover, ev.cameo, ev.mode, ev.source.country) == ("AID", "074", "peacekeeping", "KEN")
    (ev,) = events_of(extract, "Russia deployed troops to Belarus on 25/6/2024.")
    assert ev.plover == "MOBILIZE"


def test_a_killed_officer_is_the_victim_not_the_attacker(extract):
    text = "Rebels of the M23 attacked Goma on 3/2/2024. A Rwandan officer killed by M23 was buried on 4/2/2024."
    evs = [e for e in events_of(extract, text) if e.trigger == "killed"]
    assert [(e.source.name, e.target.country if e.target else None) for e in evs] == [("M23", "RWA")]
    assert [e for e in events_of(extract, "The killed Congolese officer was buried on 4/2/2024.")] == []


def test_a_and_b_signed_source_is_the_first_conjunct(extract):
    (ev,) = events_of(extract, "Israel and the United Arab Emirates signed a peace agreement on 15/9/2020.")
    assert summary(ev) == ("AGREE", "ISR", "ARE", "2020-09-15")


@pytest.mark.parametrize("sentence, plover", [
    ("Chinese coast guard ships blasted a Philippine boat with water cannons on 5/3/2024.", "ASSAULT"),  # at a vessel (version 5)
    ("The Niger army deposed President Bazoum on 26/7/2023.", "COERCE"),
    ("Russian forces seized the town of Avdiivka on 17/2/2024.", "COERCE"),
    ("France urged Niger to release President Bazoum on 28/7/2023.", "REQUEST"),
    ("Germany condemned the coup in Niger on 27/7/2023.", "ACCUSE"),
    ("Riot police fired tear gas at protesters in Nairobi, Kenya on 25/6/2024.", "COERCE"),
    ("Senegal closed its embassy in Mali on 3/2/2024.", "SANCTION"),
    ("The United States suspended its strategic partnership with Georgia on 30/11/2024.", "SANCTION"),
])
def test_cameo_verb_families(extract, sentence, plover):
    assert plover in [e.plover for e in events_of(extract, sentence)]


def test_a_refusal_in_the_present_is_reported(extract):
    (ev,) = events_of(extract, "Azerbaijan refuses to recognize the Republic of Armenia's claims to Karabakh.")
    assert summary(ev) == ("REJECT", "AZE", "ARM", None)
    assert events_of(extract, "Russia supports Armenia.") == []


def test_criticism_of_an_unnamed_act_needs_an_act(extract):
    assert [e.plover for e in events_of(extract, "Germany condemned the coup on 27/7/2023.")] == ["ACCUSE"]
    assert events_of(extract, "Germany criticized the weather on 27/7/2023.") == []


def test_protesters_who_attack_riot(extract):
    (ev,) = events_of(extract, "Protesters in Kinshasa attacked the French embassy on 10/2/2024.")
    assert (ev.plover, ev.cameo, ev.source.country) == ("PROTEST", "145", "COD")


def test_different_acts_of_one_type_are_not_folded(extract):
    text = "Police in Kenya fired tear gas at protesters on 25/6/2024. Police in Kenya arrested 50 people on 25/6/2024."
    evs = [e for e in events_of(extract, text) if e.plover == "COERCE"]
    assert [e.cameo for e in evs] == ["175", "173"]


def test_a_deployment_for_an_exercise_is_the_exercise(extract):
    text = "Turkey sent troops to Azerbaijan on 29/7/2020 to take part in joint military exercises with Azerbaijan."
    assert [e.plover for e in events_of(extract, text)] == ["COOPERATE"]


def test_a_recalled_past_perfect_is_background(extract):
    text = "Turkey signed a deal with Armenia on 10/10/2009. Erdogan had previously rejected the proposal of Armenia."
    assert [e.plover for e in events_of(extract, text)] == ["AGREE"]


def test_a_person_keeps_the_country_of_their_first_mention(extract):
    text = ("Japanese Prime Minister Fumio Kishida visited Seoul on 7/5/2023. "
            "Kishida met President Yoon Suk Yeol of South Korea on 7/5/2023.")
    evs = events_of(extract, text)
    assert [(e.plover, e.source.country) for e in evs] == [("CONSULT", "JPN"), ("CONSULT", "JPN")]


def test_the_bloc_is_the_organisation_named_last(extract):
    text = ("Leaders of the Economic Community of West African States met in Abuja on 10/8/2023. "
            "The bloc imposed sanctions on Niger on 30/7/2023.")
    evs = [e for e in events_of(extract, text) if e.plover == "COERCE"]
    assert [(e.source.name, e.target.country) for e in evs] == [("Economic Community of West African States", "NER")]


def test_thousands_of_supporters_are_the_supporters(extract):
    text = "The crisis deepened in Niger on 29/7/2023. Thousands of junta supporters rallied in Niamey on 30/7/2023."
    evs = events_of(extract, text)
    assert [(e.plover, e.source.country, e.date) for e in evs] == [("PROTEST", "NER", "2023-07-30")]


def test_the_two_countries_are_the_last_two_named_together(extract):
    text = ("The United States urged Niger to free Bazoum on 8/8/2023. Mali and Burkina Faso backed the junta. "
            "The two countries sent a joint delegation to Niamey on 7/8/2023.")
    evs = [e for e in events_of(extract, text) if e.plover == "CONSULT"]
    assert [(e.source.country, e.target.country if e.target else None, e.mode) for e in evs] == [
        ("MLI", "NER", "visit")]


def test_by_after_an_active_verb_is_not_an_agent(extract):
    text = "Antony Blinken, the US Secretary of State, phoned by satellite link with Bazoum of Niger on 8/8/2023."
    assert all(e.source.country == "USA" for e in events_of(extract, text))


WORDS = ["The", "the", "two", "three", "parties", "leaders", "countries", "Council", "bloc", "army", "police",
         "rebels", "They", "they", "it", "Thousands", "of", "supporters", "Turkey", "and", "Armenia", "Mali",
         "signed", "a", "ceasefire", "seized", "condemned", "the coup", "rammed", "deployed", "peacekeepers",
         "refuses", "to", "recognize", "killed", "officer", "on", "12/3/2020", ",", ".", "\n\n", "“", "”"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_context_actors_never_raise(extract, words):
    """Group nouns, pronouns, "the Council", quantities and conjunctions in any order: no exception, every
    event inside the text with a source."""
    text = " ".join(words)
    for ev in extract(text).events:
        assert 0 <= ev.span[0] <= ev.span[1] <= len(text)
        assert ev.source is not None and ev.source.name


# -- version 4 (issue 6, third follow-up): statements, documents, implied doers -----------------------------
def test_a_statement_that_calls_another_actors_words_reckless_accuses_them(extract):
    text = ('German Chancellor Olaf Scholz said in Berlin on 3/5/2021: "I have read the Russian statements, which I '
            'consider irresponsible and provocative."')
    (ev,) = events_of(extract, text)
    assert summary(ev) == ("ACCUSE", "DEU", "RUS", "2021-05-03")
    assert (ev.cameo, ev.mode, ev.trigger) == ("111", "disapprove", "irresponsible")
    assert ev.quote_span is not None


def test_a_statement_naming_the_owner_by_possessive_or_as(extract):
    (ev,) = events_of(extract, "Sweden's foreign minister called Russia's annexation of the peninsula illegal on 3/5/2021.")
    assert summary(ev) == ("ACCUSE", "SWE", "RUS", "2021-05-03")


def test_an_evaluation_without_an_owner_or_speaker_is_no_event(extract):
    assert events_of(extract, "The minister said on 3/5/2021 that the storm was dangerous.") == []
    assert events_of(extract, "The Russian statements were irresponsible.") == []  # the narrator's view
    assert events_of(extract, "Norway considers Russia's annexation illegal.") == []  # a standing view


def test_it_after_an_issued_resolution_is_its_issuer_and_the_demand_is_one_record(extract):
    text = ("Resolution 1320 was adopted by the Security Council on 15 September 2000, demanding a complete "
            "ceasefire. It called on Ethiopia to withdraw its troops.")
    (ev,) = events_of(extract, text)
    assert (ev.plover, ev.source.name, ev.target.country, ev.date) == (
        "REQUEST", "United Nations Security Council", "ETH", "2000-09-15")
    first = text.index(" It called")
    assert ev.span == (0, first + 1) or ev.span[1] <= first + 1
    assert len(ev.also_reported) == 1 and text[ev.also_reported[0][0]:].startswith("It called")


def test_a_resolution_without_a_demand_of_its_own_takes_it_from_the_next_sentence(extract):
    text = ("The Security Council adopted Resolution 2334 on 23 December 2016. "
            "The resolution demanded that Israel cease all settlement activities.")
    (ev,) = events_of(extract, text)
    assert (ev.plover, ev.source.name, ev.target.country, ev.date) == (
        "REQUEST", "United Nations Security Council", "ISR", "2016-12-23")
    assert ev.text.startswith("The Security Council adopted") and ev.trigger == "adopted"
    assert len(ev.also_reported) == 1


def test_it_without_a_document_named_before_is_nobody(extract):
    assert [e.plover for e in events_of(extract, "The weather was bad on 3/5/2021. It demanded a ceasefire.")] == []


def test_a_subjectless_act_in_an_officials_statement_is_the_officials_country(extract):
    text = "Ukrainian President Volodymyr Zelensky said on 11/11/2022 that capturing the city of Kherson was historic."
    (ev,) = events_of(extract, text)
    assert (ev.plover, ev.cameo, ev.source.country, ev.date, ev.mode) == (
        "COERCE", "192", "UKR", "2022-11-11", "implied-source")
    assert events_of(extract, "Analysts said on 11/11/2022 that capturing the city of Kherson was historic.") == []


def test_condemning_an_agreement_accuses_its_first_party(extract):
    (ev,) = events_of(extract, "Iran on 13/8/2020 condemned the normalization agreement between Israel and Bahrain.")
    assert summary(ev) == ("ACCUSE", "IRN", "ISR", "2020-08-13")


def test_a_demand_that_someone_act_targets_them(extract):
    (ev,) = events_of(extract, "Turkey demanded on 3/5/2021 that Greece withdraw its ships.")
    assert summary(ev) == ("REQUEST", "TUR", "GRC", "2021-05-03")


def test_blaming_for_a_named_act_needs_no_named_target(extract):
    evs = events_of(extract, "The Ghanaian government accused the opposition of inciting unrest on 1/12/2024.")
    assert [(e.plover, e.source.country) for e in evs] == [("ACCUSE", "GHA")]


# -- version 5: pronouns, time clauses, event nouns told as starting, vessels, missile tests -----------------
def test_reported_speech_pronoun_is_the_speaker(extract):
    (ev,) = events_of(extract, "Spanish police said on 3/5/2021 that they had arrested two smugglers.")
    assert summary(ev) == ("COERCE", "ESP", None, "2021-05-03")
    (ev,) = events_of(extract, "Norway said on 3/5/2021 that it had expelled a Russian diplomat.")
    assert (ev.plover, ev.source.country) == ("SANCTION", "NOR")


def test_subject_pronoun_takes_the_one_subject_of_the_sentence_before(extract):
    text = "Chile recalled its ambassador from Peru on 3/5/2021. On 4/5/2021 it accused Peru of espionage."
    evs = [summary(e) for e in events_of(extract, text)]
    assert ("ACCUSE", "CHL", "PER", "2021-05-04") in evs


def test_subject_pronoun_is_not_resolved_when_ambiguous(extract):
    text = "Chile signed a trade pact with Peru, and Bolivia praised it. On 4/5/2021 it accused Argentina of espionage."
    # "it" could be Chile or Bolivia (two subjects in the sentence before): no source, no event
    assert [e for e in events_of(extract, text) if e.plover == "ACCUSE"] == []


def test_he_takes_the_person_subject_of_the_sentence_before(extract):
    text = ("Japanese Prime Minister Fumio Kishida visited Hanoi on 3/5/2021. "
            "On 4/5/2021 he criticized China over the South China Sea.")
    evs = [summary(e) for e in events_of(extract, text)]
    assert ("ACCUSE", "JPN", "CHN", "2021-05-04") in evs


def test_the_leaders_keep_the_group_fresh_for_they(extract):
    text = ("The presidents of Chile, Peru and Bolivia met in Lima on 3/5/2021. "
            "The three leaders agreed to build a railway. "
            "In a joint statement, the leaders condemned the blockade. They also criticised Argentina.")
    evs = [(e.plover, e.source.country, e.target.country if e.target else None) for e in events_of(extract, text)]
    assert ("ACCUSE", "CHL", "ARG") in evs


def test_past_act_in_a_time_clause_is_an_event_dated_by_its_clause(extract):
    text = "NATO protested on 5/3/2015, a year after Russia annexed Crimea on 18/3/2014."
    evs = [summary(e) for e in events_of(extract, text)]
    assert ("COERCE", "RUS", "UKR", "2014-03-18") in evs


def test_time_clause_measured_from_the_main_clause_has_no_date_of_its_own(extract):
    text = "OAU leaders met in Abuja on 10/8/2023, two weeks after Malian soldiers arrested the president."
    coerce = [e for e in events_of(extract, text) if e.plover == "COERCE"]
    assert [(e.source.country, e.date) for e in coerce] == [("MLI", None)]


def test_conditional_and_undated_time_clauses_are_not_events(extract):
    assert events_of(extract, "If Russia attacked Ukraine, NATO would respond.") == []
    assert events_of(extract, "Turkey will respond when Armenia attacks Azerbaijan.") == []
    # an undated "when" clause recalls what the reader knows
    assert [e for e in events_of(extract, "When Armenia cancelled the treaty, Turkey was angry.")
            if e.plover == "REJECT"] == []


def test_before_with_a_gerund_does_not_say_the_act_happened(extract):
    evs = events_of(extract, "Georgia refused on 3/5/2021 to sign the accord before withdrawing its troops from Abkhazia.")
    assert [e.plover for e in evs if e.trigger == "withdrawing"] == []


def test_a_war_told_as_starting_is_an_event(extract):
    (ev,) = events_of(extract, "A war broke out between Ecuador and Peru in January 1995.")
    assert summary(ev) == ("ASSAULT", "ECU", "PER", "1995-01")
    (ev,) = events_of(extract, "The war that erupted on 26/1/1995 between Ecuador and Peru lasted a month.")
    assert summary(ev)[:3] == ("ASSAULT", "ECU", "PER")


def test_a_war_merely_mentioned_is_not_an_event(extract):
    assert events_of(extract, "The war between Ecuador and Peru continued until 1998.") == []
    assert events_of(extract, "After the war between Ecuador and Peru, the border stayed closed.") == []


def test_a_period_and_an_episode_inside_it_are_two_events(extract):
    text = ("Ecuador and Peru fought a border war from 1995 to 1998. "
            "Peru launched a major offensive in February 1995.")
    evs = [e for e in events_of(extract, text) if e.plover == "ASSAULT"]
    assert [e.date for e in evs] == ["1995/1998", "1995-02"]


def test_water_cannon_at_a_vessel_is_an_assault_at_a_crowd_coercion(extract):
    (ev,) = events_of(extract, "Vietnamese coast guard ships fired water cannons at two Chinese fishing boats on 3/5/2021.")
    assert (ev.plover, ev.cameo, ev.source.country) == ("ASSAULT", "175", "VNM")
    (ev,) = events_of(extract, "Chilean riot police fired water cannons at protesters in Santiago on 3/5/2021.")
    assert (ev.plover, ev.cameo) == ("COERCE", "175")


def test_missiles_fired_into_the_sea_are_a_test(extract):
    (ev,) = events_of(extract, "Iran fired three cruise missiles into the sea on 3/5/2021.")
    assert (ev.plover, ev.cameo, ev.source.country) == ("MOBILIZE", "150", "IRN")
    (ev,) = events_of(extract, "Iran fired three missiles at Iraq on 3/5/2021.")
    assert (ev.plover, ev.target.country if ev.target else None) == ("ASSAULT", "IRQ")


def test_repelling_an_attack_is_the_attack(extract):
    (ev,) = events_of(extract, "The Malian army repelled a Rwandan assault on 3/5/2021.")
    assert (ev.plover, ev.trigger, ev.source.country) == ("ASSAULT", "assault", "RWA")


def test_denouncing_an_event_is_an_accusation(extract):
    (ev,) = events_of(extract, "Cuba denounced the summit on 3/5/2021.")
    assert (ev.plover, ev.source.country, ev.target) == ("ACCUSE", "CUB", None)


def test_relative_pronoun_subject_and_a_call_for(extract):
    text = "Rebels remain in the north, according to the US State Department, which on 3/5/2021 called for their withdrawal."
    (ev,) = events_of(extract, text)
    assert (ev.plover, ev.source.country, ev.date) == ("REQUEST", "USA", "2021-05-03")


def test_call_on_a_visit_is_not_an_addressee(extract):
    assert [e for e in events_of(extract, "Obama, who called on his visit to Cairo on 4/6/2009 for reform, smiled.")
            if e.plover == "REQUEST" and e.target is not None] == []


def test_a_semicolon_ends_the_clause_before_it(extract):
    text = "The Security Council imposed an arms embargo on Libya on 26/2/2011; Tripoli denied the charges."
    assert "COERCE" in [e.plover for e in events_of(extract, text)]


def test_a_day_earlier_anchors_it_does_not_recall(extract):
    text = "On 10/12/2023 China blamed Manila. A day earlier, Chinese ships had fired rockets at a Philippine boat."
    assert "ASSAULT" in [e.plover for e in events_of(extract, text)]


def test_cessation_of_hostilities_matches_its_plural(extract):
    (ev,) = events_of(extract, "Ethiopia signed a cessation of hostilities in Pretoria on 2 November 2022.")
    assert summary(ev)[:2] == ("AGREE", "ETH")


def test_speaking_by_telephone_is_a_consultation(extract):
    (ev,) = events_of(extract, "Washington's top diplomat, Antony Blinken, spoke by telephone with Bazoum on Tuesday.")
    assert (ev.plover, ev.source.country) == ("CONSULT", "USA")


def test_an_events_country_has_the_name_its_mentions_have(extract):
    """One actor, one name: the events stage names a country as the mentions stage does (``Turkey``,
    ``Russia``), not by its ISO name (``Türkiye``, ``Russian Federation``)."""
    ex = extract("On 3 May 2021 Turkey attacked Armenia. Russia condemned the attack.")
    named = {a.name for ev in ex.events for a in (ev.source, ev.target) if a is not None}
    assert {"Turkey", "Russia"} <= named and not named & {"Türkiye", "Russian Federation"}, named


# -- version 7: pairs of people, agreements without signatories, warnings, intentions, measures ----------------
def test_two_generals_are_the_pair_of_people_not_the_mediators(extract):
    text = ("Sudanese General Omar Kadir spoke on 2/3/2022. His rival, the Ethiopian commander Luis Banda, replied "
            "the same day. France and Italy sent envoys on 5/3/2022. In April 2019 the two generals together "
            "deposed President Paul Osei.")
    evs = [e for e in events_of(extract, text) if e.plover == "COERCE"]
    assert [(e.source.country, e.source.name, e.date) for e in evs] == [("SDN", "Omar Kadir", "2019-04")]


def test_two_generals_without_a_pair_of_people_is_nobody(extract):
    text = "France and Italy sent envoys on 5/3/2022. In April 2019 the two generals together deposed the president."
    assert not [e for e in events_of(extract, text) if e.plover == "COERCE"]


def test_agreement_signed_without_agent_takes_the_group_of_its_sentence(extract):
    (ev,) = events_of(extract, "Under the Treaty of Lisbon, signed in Lisbon on 13 December 2007, Spain and "
                               "Portugal undertook to protect the river.")
    assert summary(ev) == ("AGREE", "ESP", "PRT", "2007-12-13")


def test_agreement_signed_without_agent_and_two_groups_is_not_guessed(extract):
    text = "Spain and Portugal met on 3/3/2021, while Chile and Peru studied the treaty signed in 2007."
    assert not [e for e in events_of(extract, text) if e.trigger == "signed"]


def test_talks_between_parties_produced_an_agreement(extract):
    (ev,) = [e for e in events_of(extract, "Talks between Kenya and Uganda produced a deal on 4/5/2021.")
             if e.trigger == "produced"]
    assert summary(ev) == ("AGREE", "KEN", "UGA", "2021-05-04")


def test_warning_of_a_hostile_consequence_is_a_threat(extract):
    (ev,) = events_of(extract, "Chad warned on 3/8/2023 that any intervention in Libya would be considered "
                               "a declaration of war.")
    assert (ev.plover, ev.source.country, ev.target) == ("THREATEN", "TCD", None)
    assert not events_of(extract, "Chad warned on 3/8/2023 of a catastrophe.")
    assert not events_of(extract, "Chad warned on 3/8/2023 that the economy would shrink.")


def test_reflexive_subject_set_off_stands_for_the_phrase_before(extract):
    (ev,) = events_of(extract, "Chad and Sudan, themselves ruled by juntas, warned on 3/8/2023 that any "
                               "intervention would be considered a declaration of war.")
    assert ev.source.country == "TCD"


def test_vow_to_act_is_one_intention_typed_from_the_act(extract):
    (ev,) = events_of(extract, "The Rwandan army vowed on 3/8/2023 to capture Goma.")
    assert (ev.plover, ev.mode, ev.trigger) == ("THREATEN", "intend", "capture")


def test_willing_to_is_an_intention_of_the_subject(extract):
    (ev,) = events_of(extract, "Syria said on 3/8/2023 that it is willing to withdraw its troops.")
    assert (ev.plover, ev.source.country, ev.mode) == ("AGREE", "SYR", "intend")


def test_measure_of_aid_is_aid(extract):
    (ev,) = events_of(extract, "Norway on 3/8/2023 gave Chad 5 million dollars of aid.")
    assert (ev.plover, ev.source.country) == ("AID", "NOR")


def test_withdraw_troops_from_a_country_is_not_leaving_a_treaty(extract):
    (ev,) = events_of(extract, "Chad withdrew its troops from Niger on 3/8/2023.")
    assert ev.plover == "RETREAT"
    (ev,) = events_of(extract, "Chad withdrew from the treaty on 3/8/2023.")
    assert ev.plover == "REJECT"
    (ev,) = events_of(extract, "Chad withdrew its peacekeepers from Niger on 3/8/2023.")
    assert (ev.plover, ev.cameo) == ("SANCTION", "166")


@pytest.mark.parametrize(("text", "plover", "cameo"), [
    ("Japan restored Chile to its list of trusted partners on 3/8/2023.", "RETREAT", "085"),
    ("Peru established diplomatic ties with Chile on 3/8/2023.", "SUPPORT", "054"),
    ("Peru shared evidence with Chile on 3/8/2023.", "COOPERATE", "064"),
    ("The European Union tightened sanctions on Belarus on 3/8/2023.", "COERCE", "163"),
])
def test_version_7_vocabulary(extract, text, plover, cameo):
    evs = events_of(extract, text)
    assert [(e.plover, e.cameo) for e in evs] == [(plover, cameo)]
