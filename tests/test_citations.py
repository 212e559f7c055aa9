"""The ``citations`` stage and the outlet lexicon."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace import Pipeline, document_from_text
from sourcetrace.citations import TAG, cue_lexicon
from sourcetrace.kb import KnowledgeBase, data_path
from sourcetrace.outlets import OUTLET_TYPES, OutletLexicon, fold_key

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "karabakh-2020-analysis.txt"
SEED_GOLD = SEED.parent.parent / "gold" / "karabakh-2020-analysis.gold.json"


@pytest.fixture(scope="session")
def cite_pipeline():
    """Only the stages citations needs, so the other stages' work in progress cannot break these tests."""
    return Pipeline(stages=("sentences", "citations"))


@pytest.fixture
def cite(cite_pipeline):
    def run(text: str, kb: KnowledgeBase | None = None):
        pipe = cite_pipeline if kb is None else Pipeline(stages=("sentences", "citations"), kb=kb)
        return pipe.run(document_from_text(text)).citations

    return run


def rows(citations, text: str | None = None):
    """(text, outlets, date) of each citation, plus what it covers when ``text`` is given."""
    if text is None:
        return [(c.text, c.outlets, c.date) for c in citations]
    return [(c.text, c.outlets, c.date, text[c.covers[0]:c.covers[1]] if c.covers else None) for c in citations]


# -- forms -----------------------------------------------------------------------------------------------
def test_outlet_and_numeric_date(cite):
    text = "Officials confirmed the closure of the port (Reuters, 14/3/2021)."
    assert rows(cite(text), text) == [
        ("(Reuters, 14/3/2021)", ("Reuters",), "2021-03-14", "Officials confirmed the closure of the port")]


def test_several_outlets_separated_by_semicolon(cite):
    text = 'The envoy said "talks will resume soon" (Xinhua; Russia Today, 2/11/2019).'
    assert rows(cite(text), text) == [
        ("(Xinhua; Russia Today, 2/11/2019)", ("Xinhua", "RT"), "2019-11-02", '"talks will resume soon"')]


def test_descriptors_are_not_outlets(cite):
    text = "The talks failed (Saudi, Al-Arabiya and the Turkish Hurriyet, 5/6/2018)."
    assert rows(cite(text)) == [("(Saudi, Al-Arabiya and the Turkish Hurriyet, 5/6/2018)",
                                 ("Al Arabiya", "Hurriyet"), "2018-06-05")]


def test_outlet_and_date_closing_a_parenthetical_quotation(cite):
    text = ('The ministry wrote: ("Our units repelled the attack. The enemy lost 3 tanks (T-72)..." '
            "Aljazeera 8/8/2008). Fighting went on.")
    (c,) = cite(text)
    assert (c.text, c.outlets, c.date) == ("Aljazeera 8/8/2008", ("Al Jazeera",), "2008-08-08")
    assert text[c.covers[0]:c.covers[1]] == '"Our units repelled the attack. The enemy lost 3 tanks (T-72)..."'


def test_written_date_with_weekday(cite):
    text = 'The mayor resigned. "I am leaving," he said. (Daily Sabah, Friday, March 5, 2021) Next came the vote.'
    assert rows(cite(text), text) == [
        ("(Daily Sabah, Friday, March 5, 2021)", ("Daily Sabah",), "2021-03-05", '"I am leaving," he said')]


def test_reporting_cues_without_a_date(cite):
    text = ("The minister met his counterpart, as reported by the Kuwait News Agency. "
            "According to Reuters, the meeting lasted an hour. Le Monde reported that Paris objected.")
    assert rows(cite(text)) == [
        ("as reported by the Kuwait News Agency", ("Kuwait News Agency",), None),
        ("According to Reuters", ("Reuters",), None),
        ("Le Monde reported", ("Le Monde",), None),
    ]
    covers = cite(text)[1].covers
    assert text[covers[0]:covers[1]] == "According to Reuters, the meeting lasted an hour."


def test_reporting_cue_with_a_date_and_several_outlets(cite):
    text = "The Guardian reported on 12 March 2020 that the talks stalled, according to AFP and the BBC."
    assert rows(cite(text)) == [
        ("The Guardian reported on 12 March 2020", ("The Guardian",), "2020-03-12"),
        ("according to AFP and the BBC", ("Agence France-Presse", "BBC"), None),
    ]


def test_published_on_covers_the_bracketed_passage(cite):
    text = ("Critics objected. The Haaretz website published on 3/7/2015: [TEL AVIV: The cabinet met "
            'on Sunday. "We will not yield," a minister said.] Nothing changed.')
    (c,) = cite(text)
    assert (c.text, c.outlets, c.date) == ("The Haaretz website published on 3/7/2015", ("Haaretz",), "2015-07-03")
    assert text[c.covers[0]:c.covers[1]] == 'TEL AVIV: The cabinet met on Sunday. "We will not yield," a minister said.'


def test_unclosed_bracket_covers_up_to_the_next_citation_of_the_same_outlet(cite):
    text = ("The Mada Masr site published on 1/2/2016: [CAIRO: Prices rose again.\n\n"
            '"It is unbearable," a trader said. (Mada Masr, 1/2/2016) Then the market closed.')
    first, second = cite(text)
    assert first.outlets == second.outlets == ("Mada Masr",)
    assert text[first.covers[0]:first.covers[1]] == 'CAIRO: Prices rose again.\n\n"It is unbearable," a trader said.'
    assert text[second.covers[0]:second.covers[1]] == '"It is unbearable," a trader said'


# -- back-references -------------------------------------------------------------------------------------
def test_back_references_resolve_to_the_previous_full_citation(cite):
    text = ('"The border stays shut," he said (TASS, 4/4/2016). She replied: ("We will open it." '
            'previous source). Later: "No deal." (ibid.) And "never" (the same source).')
    cs = cite(text)
    assert rows(cs) == [("(TASS, 4/4/2016)", ("TASS",), "2016-04-04"),
                        ("previous source", ("TASS",), "2016-04-04"),
                        ("(ibid.)", ("TASS",), "2016-04-04"),
                        ("(the same source)", ("TASS",), "2016-04-04")]
    assert [c.refers_to for c in cs] == [None, cs[0].span, cs[0].span, cs[0].span]
    assert text[cs[1].covers[0]:cs[1].covers[1]] == '"We will open it."'


def test_op_cit_with_an_outlet_refers_to_that_outlets_last_citation(cite):
    text = 'A fire broke out (Kyodo, 1/5/2011). Rain fell (NHK, 2/5/2011). "It spread" (Kyodo, op. cit.).'
    cs = cite(text)
    assert rows(cs)[-1] == ("(Kyodo, op. cit.)", ("Kyodo News",), "2011-05-01")
    assert cs[-1].refers_to == cs[0].span


def test_back_reference_with_nothing_before_is_dropped(cite):
    assert cite('"We won" (previous source).') == []


# -- unknown outlets and non-citations --------------------------------------------------------------------
def test_unknown_outlet_in_a_citation_shape(cite):
    text = '"The dam will hold," the engineer said (Kabul Morning Tribune, 4 May 2021). Then: "Maybe" (Zarq Post, 5/5/2021).'
    assert rows(cite(text)) == [("(Kabul Morning Tribune, 4 May 2021)", ("Kabul Morning Tribune",), "2021-05-04"),
                                ("(Zarq Post, 5/5/2021)", ("Zarq Post",), "2021-05-05")]


def test_unknown_outlet_named_with_a_type_word(cite):
    assert rows(cite("According to the Daily Zarq newspaper, the governor resigned.")) == [
        ("According to the Daily Zarq newspaper", ("Daily Zarq",), None)]


@pytest.mark.parametrize("text", [
    "The poet (born 1950) lived 22 km (14 mi) from the border.",
    "The Organization for Security and Co-operation in Europe (OSCE) met in Vienna (Austria).",
    "The treaty was signed (Paris, 12/5/1994) and confirmed (Security Council, 30/4/1993).",
    "The co-chairs (the United States, Russia and France) met in 2020 (see above).",
    "He spoke on state television (Saturday, 3 May 2021) about the war (1992-1994).",
    "The ministry's website published a statement on Monday.",
    "The figures (Table 3, 2019) and the law (Act 12, 1/1/2020) were quoted (Smith 2019).",
    "Reporters asked him, according to the ministry, about the losses (OSA).",
])
def test_not_citations(cite, text):
    assert cite(text) == []


def test_known_outlet_without_date_needs_a_quotation_or_dateline(cite):
    text = "MOSCOW (Interfax) - Talks began. Ties with the British Broadcasting Corporation (BBC) soured."
    assert rows(cite(text), text) == [("(Interfax)", ("Interfax",), None, "Talks began. Ties with the British "
                                       "Broadcasting Corporation (BBC) soured.")]
    assert rows(cite('"We are ready," she said (BBC).')) == [("(BBC)", ("BBC",), None)]
    assert cite('"Fine," said the British Broadcasting Corporation (BBC) chief.') == []


def test_fuzzy_outlet_name(cite):
    assert rows(cite('"Enough" (Al Jazira, 2/2/2020).')) == [("(Al Jazira, 2/2/2020)", ("Al Jazeera",), "2020-02-02")]


def test_records_carry_provenance(cite_pipeline):
    doc = document_from_text('"Yes" (Reuters, 1/1/2020).')
    (c,) = cite_pipeline.run(doc).citations
    assert (c.doc_id, c.stage, c.span) == (doc.id, TAG, (6, 25))
    assert c.to_interchange()["type"] == "citation"


# -- the lexicon -----------------------------------------------------------------------------------------
def test_lexicon_aliases_and_spellings():
    lex = OutletLexicon.load(KnowledgeBase())
    assert lex.lookup("Turkish News Agency").name == "Anadolu Agency"
    assert lex.lookup("Russia Today").name == "RT"
    for spelling in ("Al-Jazeera", "Aljazeera", "al jazeera", "AL JAZEERA"):
        assert lex.lookup(spelling).name == "Al Jazeera"
    assert lex.lookup("the Guardian").name == "The Guardian"
    assert lex.lookup("Qatari") is None
    assert lex.lookup("Al Jazira") is None
    assert lex.lookup("Al Jazira", fuzzy=True).name == "Al Jazeera"
    assert lex.lookup("Rutters", fuzzy=True) is None  # short names never match fuzzily


def test_packaged_outlets_are_well_formed():
    with open(data_path("outlets.csv"), encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) >= 750
    assert {"name", "aliases", "country", "type", "url"} <= set(table[0])
    assert len({row["name"] for row in table}) == len(table)
    owner: dict[str, str] = {}
    for row in table:
        assert row["type"] in OUTLET_TYPES, row
        # XKX: the user-assigned code for Kosovo, which has no ISO 3166 code
        assert row["country"] == "XKX" or pycountry.countries.get(alpha_3=row["country"]) is not None, row
        for n in [row["name"], *filter(None, row["aliases"].split("|"))]:
            assert owner.setdefault(fold_key(n), row["name"]) == row["name"], f"{n!r} names two outlets"


def test_user_outlets_override_and_extend(tmp_path, cite):
    (tmp_path / "outlets.csv").write_text(
        "name,aliases,country,type,url\n"
        "Zarq Herald,Zarq Daily Herald|ZH,JOR,newspaper,zarq.example\n"
        "Reuters,Reuters Wire,GBR,agency,reuters.com\n", encoding="utf-8")
    kb = KnowledgeBase(extra_dirs=(tmp_path,))
    lex = OutletLexicon.load(kb)
    assert lex.lookup("ZH").name == "Zarq Herald"
    assert lex.lookup("Reuters Wire").name == "Reuters"
    assert rows(cite('"No" (Zarq Daily Herald, 3/3/2013).', kb=kb)) == [
        ("(Zarq Daily Herald, 3/3/2013)", ("Zarq Herald",), "2013-03-03")]


def test_user_cues_extend_the_packaged_ones(tmp_path, cite):
    (tmp_path / "citation_cues.yaml").write_text("prefix_cues:\n  - in a dispatch from\n", encoding="utf-8")
    kb = KnowledgeBase(extra_dirs=(tmp_path,))
    assert "according to" in cue_lexicon(kb).prefix_cues
    assert rows(cite("Troops moved north, in a dispatch from Reuters.", kb=kb)) == [
        ("in a dispatch from Reuters", ("Reuters",), None)]


# -- the seed article --------------------------------------------------------------------------------------
def test_seed_article_citations(cite_pipeline):
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    from sourcetrace.reader import read_paths

    (doc,) = list(read_paths([SEED]))
    found = cite_pipeline.run(doc).citations
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["citations"]
    pos, matched = 0, set()
    for g in gold:
        start = doc.text.index(g["text"], pos)
        pos = start + 1
        end = start + len(g["text"])
        hits = [i for i, c in enumerate(found) if i not in matched and c.span[0] < end and start < c.span[1]
                and c.date == g["date"]
                and all(any(fold_key(o) in {fold_key(a) for a in acc} for o in c.outlets) for acc in g["outlets"])]
        assert hits, g
        matched.add(hits[0])
    assert len(found) == len(gold) == 16


# -- properties --------------------------------------------------------------------------------------------
_PIECES = st.sampled_from(['(', ')', '[', ']', '"', '“', '”', "'", ' ', '\n\n', ', ', '; ', ': ', '.', '...',
                           'Reuters', 'Al-Jazeera', 'previous source', 'ibid.', 'according to', 'reported',
                           'website published on', '27/9/2020', 'Saturday, October 10, 2009', '1994',
                           'Qatari', 'the Iranian', 'Zarq', 'said', 'Ø', '\u200f', '0/0/0000', '31/2/2020'])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=40).map("".join)))
def test_any_text_gives_spans_in_bounds(cite_pipeline, text):
    ex = cite_pipeline.run(document_from_text(text)) if text.strip() else None
    for c in ex.citations if ex else ():
        assert 0 <= c.span[0] < c.span[1] <= len(text)
        assert c.text == text[c.span[0]:c.span[1]]
        for span in (c.covers, c.refers_to):
            assert span is None or 0 <= span[0] < span[1] <= len(text)
        assert c.outlets


# -- audit: other house styles (tests/gold/audit-*) ------------------------------------------------------
@pytest.fixture
def cite_on(cite_pipeline):
    """Citations of a text published on a given day."""
    def run(text: str, published: str | None):
        return cite_pipeline.run(document_from_text(text, publication_date=published)).citations

    return run


@pytest.mark.parametrize("text, published, expected", [
    # a day and month without a year: the latest such day on or before publication
    ("Read our explainer (BBC, 4 May).", "2022-05-06", [("(BBC, 4 May)", ("BBC",), "2022-05-04")]),
    ("An earlier report (Reuters, 28 December) said so.", "2021-01-03",
     [("(Reuters, 28 December)", ("Reuters",), "2020-12-28")]),
    # no publication date: no guessed year
    ("Read our explainer (BBC, 4 May).", None, [("(BBC, 4 May)", ("BBC",), None)]),
    # a weekday after the cue: the latest such weekday on or before publication
    ("\"We'll get it done,\" he said in an interview with CNN on Monday evening.", "2020-09-29",
     [("in an interview with CNN on Monday evening", ("CNN",), "2020-09-28")]),
    ("He said so in an interview with CNN on Monday.", None, [("in an interview with CNN", ("CNN",), None)]),
])
def test_yearless_and_weekday_citation_dates(cite_on, text, published, expected):
    assert rows(cite_on(text, published)) == expected


def test_noted_is_a_reporting_cue(cite):
    text = "As Le Monde noted at the time, Rome preferred LNG terminals."
    assert rows(cite(text)) == [("Le Monde noted", ("Le Monde",), None)]


@pytest.mark.parametrize("text, expected", [
    ("Councillor Tom Riley told the Yorkshire Post that residents were angry.",
     [("told the Yorkshire Post", ("Yorkshire Post",), None)]),
    ("The figure is disputed, according to the Lagos Daily Courier.",
     [("according to the Lagos Daily Courier", ("Lagos Daily Courier",), None)]),
    # one word is not enough, and a name that is not a masthead is not an outlet
    ("He told the Post that he would resign.", []),
    ("The figure is disputed, according to the Justice Department.", []),
])
def test_newspaper_name_endings(cite, text, expected):
    assert rows(cite(text)) == expected


# -- audit 2: a date after a cue-after citation --------------------------------------------------------------
@pytest.mark.parametrize("text, date", [
    ("Reuters reported in January that the treasury had delayed transfers.", "2024-01"),
    ("Reuters reported in July that the treasury had delayed transfers.", "2023-07"),
    ("Reuters reported in March 2019 that the treasury had delayed transfers.", "2019-03"),
    ("Al Jazeera reported this morning that two staff members were detained.", "2024-06-07"),
    ("The BBC reported yesterday that two staff members were detained.", "2024-06-06"),
])
def test_date_after_reporting_cue(extract, text, date):
    (c,) = extract(text, publication_date="2024-06-07").citations
    assert c.date == date
    assert c.text.split()[-1] in text and c.span[1] <= len(text)


def test_month_after_cue_without_publication_date_stays_null(extract):
    (c,) = extract("Reuters reported in January that the treasury had delayed transfers.").citations
    assert c.date is None


def test_regional_broadcaster_acronym_is_an_outlet(cite):
    assert rows(cite("The minority leader told KBC that the inquiry was a sham.")) == [
        ("told KBC", ("Kenya Broadcasting Corporation",), None)]


# -- audit 3: outlets of many countries, unknown outlets, generic back-references, outlets as subjects -------
@pytest.mark.parametrize("name, canonical, country, kind", [
    ("RTK", "Radio Television of Kosovo", "XKX", "broadcaster"),
    ("Sudan Tribune", "Sudan Tribune", "FRA", "website"),
    ("Dhaka Tribune", "Dhaka Tribune", "BGD", "newspaper"),
    ("NTV Turkey", "NTV (Turkey)", "TUR", "broadcaster"),
    ("Estadão", "O Estado de S. Paulo", "BRA", "newspaper"),
    ("TOLO News", "TOLOnews", "AFG", "broadcaster"),
    ("Lusa", "Lusa", "PRT", "agency"),
    ("the Jakarta Post", "The Jakarta Post", "IDN", "newspaper"),
])
def test_outlets_of_many_countries(name, canonical, country, kind):
    o = OutletLexicon.load(KnowledgeBase()).lookup(name)
    assert (o.name, o.country, o.kind) == (canonical, country, kind)


@pytest.mark.parametrize("word", ["Jang", "Krone", "Novosti", "Inquirer", "This Day", "First Channel", "Stern", "DR"])
def test_common_words_and_surnames_are_not_outlets(word):
    assert OutletLexicon.load(KnowledgeBase()).lookup(word) is None


def test_unknown_outlet_is_marked_unlinked(cite):
    text = '"The road is open," the governor said (Upper Nile Tribune, 3/4/2022). The mayor agreed (Reuters, 4/4/2022).'
    got = cite(text)
    assert [(c.text, c.outlets, c.date, c.unlinked) for c in got] == [
        ("(Upper Nile Tribune, 3/4/2022)", ("Upper Nile Tribune",), "2022-04-03", ("Upper Nile Tribune",)),
        ("(Reuters, 4/4/2022)", ("Reuters",), "2022-04-04", ())]
    assert got[0].to_interchange()["unlinked"] == ["Upper Nile Tribune"]


def test_back_reference_to_an_unknown_outlet(cite):
    text = ('Shelling resumed (Al Jazeera, 1/6/2022). The port closed (Zarq Valley Tribune, 2/6/2022). '
            'Ships waited offshore (the same source).')
    assert [(c.text, c.outlets, c.date) for c in cite(text)][-1] == (
        "(the same source)", ("Zarq Valley Tribune",), "2022-06-02")


@pytest.mark.parametrize("text", [
    "The minister (left) greets the envoy (Reuters photo).",
    "Prices rose (Table 2) and fell (Figure 3, 4/5/2021).",
])
def test_brackets_that_are_not_source_lists(cite, text):
    assert cite(text) == []


def test_dateline_of_the_story_own_outlet_is_no_citation(cite):
    by_agency = "Talks resume\n\nBy Ana Diaz, Reuters\n\nLIMA, Peru (Reuters) - Talks resumed on Monday."
    assert cite(by_agency) == []
    assert rows(cite("LIMA, Peru (Reuters) - Talks resumed on Monday.")) == [("(Reuters)", ("Reuters",), None)]
    by_reporter = "By Ana Diaz\n\nLIMA, Peru (Reuters) - Talks resumed on Monday."
    assert rows(cite(by_reporter)) == [("(Reuters)", ("Reuters",), None)]


@pytest.mark.parametrize("text, expected", [
    ("The minister resigned, according to the state broadcaster TRT.",
     [("according to the state broadcaster TRT", ("TRT",), None)]),
    ("Residents interviewed by Citizen TV described empty shelves.",
     [("interviewed by Citizen TV", ("Citizen TV",), None)]),
    ("The count was slow, according to the Chinese news agency Xinhua.",
     [("according to the Chinese news agency Xinhua", ("Xinhua",), None)]),
])
def test_a_type_word_before_the_outlet_name(cite, text, expected):
    assert rows(cite(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le Monde, in an editorial on 3 March, argued that the law was rushed.",
     [("Le Monde, in an editorial on 3 March", ("Le Monde",), "2021-03-03")]),
    ("Forbes, citing court filings, said the fortune had shrunk.",
     [("Forbes, citing court filings, said", ("Forbes",), None)]),
    ("The Hindu was blunt: \"No more delays,\" it said.", [("Hindu", ("The Hindu",), None)]),
    ("Dhaka Tribune called the plan a gamble.", [("Dhaka Tribune called", ("Dhaka Tribune",), None)]),
    # the aside gives the claim to someone else; an organisation ending in a type word is not an outlet
    ("CNN, the senator said, called the report a hoax.", []),
    ("The International Energy Agency said demand would fall.", []),
    # a name ending in an outlet's name is someone else
    ("Michael Bloomberg said he would not run.", []),
])
def test_outlet_as_the_subject_of_a_reporting_verb(cite_on, text, expected):
    assert rows(cite_on(text, "2021-03-05")) == expected


def test_generic_back_references(cite_on):
    text = ('The figures were first printed, according to the Lakeside Courier. "It is a scandal," the paper wrote on '
            'Tuesday. The same newspaper quoted a nurse. Xinhua said the talks ended, the agency reported.')
    assert rows(cite_on(text, "2024-03-08")) == [
        ("according to the Lakeside Courier", ("Lakeside Courier",), None),
        ("the paper wrote on Tuesday", ("Lakeside Courier",), "2024-03-05"),
        ("The same newspaper quoted", ("Lakeside Courier",), "2024-03-05"),
        ("Xinhua said", ("Xinhua",), None),
        ("the agency reported", ("Xinhua",), None)]


@pytest.mark.parametrize("text", [
    # no outlet of that type before
    "According to Reuters, the port closed. The newspaper reported a strike.",
    # another agency named in between
    "Xinhua said talks ended. The International Atomic Energy Agency met. The agency said it was worried.",
    # the outlet is two paragraphs back
    "Dawn reported a strike.\n\nPrices rose.\n\nWages fell.\n\nThe paper wrote that shops closed.",
    # this newspaper is the document's own
    "Xinhua said talks ended. The minister told this newspaper that he was hopeful.",
])
def test_generic_back_references_need_an_outlet_of_that_type_just_before(cite, text):
    assert all(c.refers_to is None for c in cite(text))
