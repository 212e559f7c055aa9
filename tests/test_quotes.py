"""The quotes stage: quote-mark pairing, layouts, speakers, cues, dates, sources, the cue lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.quotemarks import find_quotations, pair_paragraph, paragraphs

GOLD_DIR = Path(__file__).parent / "gold"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_GOLD = SHARED / "gold" / "karabakh-2020-analysis.gold.json"


def contents(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotations(text)]


# -- quote marks (no model) -----------------------------------------------------------------------------
def test_apostrophes_are_not_quote_marks():
    text = "Erdogan and his officials' view. Turkey's 'honest' role and the '90s. \"Real quote,\" he said."
    assert contents(text) == ["honest", "Real quote,"]


def test_nested_quotation_stays_inside_the_outer_one():
    text = 'Macron said: "I learned about the Turkish "pro-Azerbaijan" announcements, which are reckless." Then.'
    (q,) = find_quotations(text)
    assert text[q.start:q.end] == 'I learned about the Turkish "pro-Azerbaijan" announcements, which are reckless.'
    assert [text[a:b] for a, b in q.nested] == ["pro-Azerbaijan"]


def test_curly_guillemets_and_german_marks():
    text = "She said “yes, ‘maybe’ later” and «oui» and „ja“ too."
    assert contents(text) == ["yes, ‘maybe’ later", "oui", "ja"]


def test_pairing_is_per_paragraph():
    text = "An odd mark \" here.\n\n\"First,\" he said.\n\n\"Second,\" she said."
    assert contents(text) == ["First,", "Second,"]


def test_paragraph_continuation_quote_runs_to_the_end_of_its_paragraph():
    text = '"The first part goes on\n\n"and the second paragraph ends it," he said.'
    qs = find_quotations(text)
    assert [text[q.start:q.end] for q in qs] == ["The first part goes on", "and the second paragraph ends it,"]
    assert qs[0].open_end and not qs[1].open_end


def test_quotation_broken_by_a_paragraph_break_is_joined():
    text = 'The statement stated that it "The United States condemns this and calls for a return to\n\n' \
           'substantive negotiations..." (Al-Jazeera, 27/9/2020).'
    (q,) = find_quotations(text)
    assert text[q.start:q.end].startswith("The United States condemns")
    assert text[q.start:q.end].endswith("negotiations...")


def test_doubled_apostrophes_are_one_double_mark():
    text = "''People turn to Facebook,'' she said. ''It is the Clintons' home.'' ``Yes,'' he said."
    assert contents(text) == ["People turn to Facebook,", "It is the Clintons' home.", "Yes,"]


def test_paragraphs_fall_back_to_lines():
    assert paragraphs("a\nb\n") == [(0, 1), (2, 3)]
    assert paragraphs("a\nb\n\nc") == [(0, 3), (5, 6)]
    assert paragraphs("a\n\nb") == [(0, 1), (3, 4)]
    assert paragraphs("") == []


@given(st.text(alphabet="ab '\"“”‘’«»„\n.,:()", max_size=80))
def test_pairing_never_fails_and_stays_in_bounds(text):
    for q in find_quotations(text):
        assert 0 <= q.open_mark < q.start <= q.end <= len(text)
        assert q.close_mark is None or q.close_mark == q.end
    assert pair_paragraph(text, 0, len(text)) is not None


# -- the stage ------------------------------------------------------------------------------------------
def quotes_of(extract, text, publication_date=None):
    return extract(text, publication_date=publication_date).quotes


def test_trailing_attribution(extract):
    (q,) = quotes_of(extract, '"Holding onto its negligent attitude, the group is miles away from a solution," '
                              "Erdogan said.")
    assert q.kind == "direct"
    assert q.text == "Holding onto its negligent attitude, the group is miles away from a solution,"
    assert q.speaker.mention == "Erdogan" and q.speaker.type == "person"
    assert q.cue == "said"
    text = q.text
    assert q.span[1] - q.span[0] == len(text)


def test_speaker_before_with_role_and_date(extract):
    text = 'On 30/9/2020, Azerbaijani President, Ilham Aliyev, said: "The negotiations were not feasible."'
    (q,) = quotes_of(extract, text)
    assert q.speaker.mention == "Ilham Aliyev"
    assert q.speaker.role and "President" in q.speaker.role
    assert q.cue == "said" and text[q.cue_span[0]:q.cue_span[1]] == "said"
    assert q.date == "2020-09-30"
    assert text[q.speaker.span[0]:q.speaker.span[1]] == "Ilham Aliyev"


def test_pronoun_resolves_to_the_previous_speaker(extract):
    text = ('Phil Gordon, an assistant secretary of state, said: "We participated in a historic event." '
            'And he said, "This is a major step forward for the region."')
    first, second = quotes_of(extract, text)
    assert second.speaker.mention == "he"
    assert second.speaker.name == first.speaker.name
    assert text[second.speaker.span[0]:second.speaker.span[1]] == "he"


def test_she_skips_a_male_speaker(extract):
    text = ('A spokeswoman for the ministry, Anna Berg, said: "We are concerned about the clashes." '
            'The spokesman of the army said: "Our forces are ready to respond." '
            'The talks resumed later. And she said: "We call for an immediate ceasefire."')
    qs = quotes_of(extract, text)
    last = qs[-1]
    assert last.text.startswith("We call for")
    assert last.speaker.mention == "she" and last.speaker.name == qs[0].speaker.name


def test_organisation_speaker_and_it(extract):
    text = ('The Azerbaijani Ministry of Defense stated in a statement that ("The fires have caused casualties." '
            'It has stated that, "Its forces launched a counter-attack.")')
    first, second = quotes_of(extract, text)
    assert "Ministry of Defense" in first.speaker.mention
    assert first.speaker.type == "organization" and first.cue == "stated"
    assert second.speaker.mention == "It" and second.speaker.name == first.speaker.name


def test_inside_layout_is_one_quotation_in_two_pieces(extract):
    text = '"We will win this vote," the senator said, "and then we will rebuild the party."'
    (q,) = quotes_of(extract, text)
    assert len(q.spans) == 2
    assert [text[a:b] for a, b in q.spans] == ["We will win this vote,", "and then we will rebuild the party."]


def test_scare_quotes_are_not_statements(extract):
    text = ('Erdogan had previously refused the "understanding" with Armenia. France is trying to appear as an '
            "'honest' mediator.")
    assert quotes_of(extract, text) == []


def test_indirect_speech(extract):
    text = "The minister said that the border would reopen next week. Officials are optimistic."
    (q,) = quotes_of(extract, text)
    assert q.kind == "indirect"
    assert q.text == "the border would reopen next week"
    assert q.speaker.mention == "minister" or q.speaker.mention.endswith("minister")


def test_according_to_and_directive(extract):
    text = ("According to the Environment Agency, twenty flood warnings are now in force. "
            "The envoy urged both sides to return to the table before the rainy season.")
    a, b = quotes_of(extract, text)
    assert a.cue == "according to" and a.text == "twenty flood warnings are now in force"
    assert "Environment Agency" in a.speaker.mention
    assert b.cue == "urged" and b.text.startswith("both sides to return to the table")


def test_according_to_as_a_manner_is_not_a_source(extract):
    assert quotes_of(extract, "Disputes are resolved by peaceful means according to international rules.") == []


def test_partial_quote_under_expressed(extract):
    text = ('Russian Foreign Minister, Sergey Lavrov, expressed his "concern about the hostilities in Karabakh" '
            "during a call.")
    (q,) = quotes_of(extract, text)
    assert q.kind == "partial" and q.text == "concern about the hostilities in Karabakh"
    assert q.speaker.mention == "Sergey Lavrov" and q.cue == "expressed"


def test_negated_and_first_person_cues_are_not_statements(extract):
    assert quotes_of(extract, "He did not say that he will exert pressure. We said that the plan is sound.") == []


@pytest.mark.parametrize("text", ["", "   ", '"', '"""', "“unclosed", "'’‘'", "«»", '"x" said', "he said.",
                                  "a\u0000b \"c\" d", "😀 \"emoji,\" he said \U0001F600", "\n\n\n\"\n\n\""])
def test_odd_inputs_do_not_raise(extract, text):
    for q in quotes_of(extract, text):
        assert 0 <= q.span[0] <= q.span[1] <= len(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(['"', "“", "”", "'", "’", "«", "»", " said ", " he ", "Smith", ", ", ". ",
                                 "\n\n", "that ", "the minister ", "according to ", "(Reuters, 1/2/2020)"]),
                max_size=30))
def test_stage_never_raises_and_spans_stay_inside(extract, pieces):
    text = "".join(pieces)
    for q in quotes_of(extract, text):
        assert 0 <= q.span[0] <= q.span[1] <= len(text)
        for a, b in q.spans:
            assert 0 <= a <= b <= len(text)
        if q.speaker and q.speaker.span:
            assert 0 <= q.speaker.span[0] <= q.speaker.span[1] <= len(text)


# -- sources and dates from earlier stages' records (built by hand) --------------------------------------
def run_stage(nlp, text, citations=(), times=()):
    from sourcetrace.kb import KnowledgeBase
    from sourcetrace.pipeline import Context
    from sourcetrace.quotes import find_quotes
    from sourcetrace.reader import document_from_text

    doc = document_from_text(text)
    ctx = Context(document=doc, doc=nlp(text), kb=KnowledgeBase())
    ctx.records = {"citation": list(citations), "time": list(times), "mention": [], "sentence": []}
    return find_quotes(ctx)


def cite(text, needle, outlets, date, covers=None, refers_to=None):
    from sourcetrace.records import Citation

    i = text.index(needle)
    return Citation(doc_id="x", span=(i, i + len(needle)), stage="test@0", text=needle, outlets=tuple(outlets),
                    date=date, covers=covers, refers_to=refers_to)


def test_following_citation_is_shared_by_the_same_speaker(nlp):
    text = ('Ilham Aliyev said: "The talks were not feasible." And he said, "We have one condition." '
            "(Al Jazeera; RT, 30/9/2020) Later that day, Pashinyan said: \"We will not withdraw.\"")
    c = cite(text, "(Al Jazeera; RT, 30/9/2020)", ["Al Jazeera", "RT"], "2020-09-30")
    qs = run_stage(nlp, text, [c])
    assert [q.speaker.mention for q in qs] == ["Ilham Aliyev", "he", "Pashinyan"]
    for q in qs[:2]:
        assert [(s.outlet, s.date) for s in q.sources] == [("Al Jazeera", "2020-09-30"), ("RT", "2020-09-30")]
        assert q.citation_spans == (c.span,)
    assert qs[2].sources == ()


def test_covering_citation_and_back_reference(nlp):
    text = ('Elaph published: [Gordon said, "We participated in a historic event."] '
            'Smith said: "It is over." previous source')
    block = cite(text, "Elaph published", ["Elaph"], "2009-10-10", covers=(text.index("["), text.index("]") + 1))
    back = cite(text, "previous source", [], None, refers_to=block.span)
    q1, q2 = run_stage(nlp, text, [block, back])
    assert [(s.outlet, s.date) for s in q1.sources] == [("Elaph", "2009-10-10")]
    assert [(s.outlet, s.date) for s in q2.sources] == [("Elaph", "2009-10-10")]


def test_date_is_the_time_of_saying_not_of_the_citation(nlp):
    from sourcetrace.records import TimeExpr

    text = 'Macron said at a press conference on 30/9/2020: "We will not accept this." (Reuters, 1/10/2020)'
    c = cite(text, "(Reuters, 1/10/2020)", ["Reuters"], "2020-10-01")
    times = [TimeExpr(doc_id="x", span=(text.index(t), text.index(t) + len(t)), stage="t@0", text=t, value=v)
             for t, v in (("30/9/2020", "2020-09-30"), ("1/10/2020", "2020-10-01"))]
    (q,) = run_stage(nlp, text, [c], times)
    assert q.date == "2020-09-30"
    assert [(s.outlet, s.date) for s in q.sources] == [("Reuters", "2020-10-01")]
    text2 = 'Lavrov said: "We are concerned." (Sputnik, 27/9/2020)'
    t2 = [TimeExpr(doc_id="x", span=(text2.index("27/9/2020"), text2.index("27/9/2020") + 9), stage="t@0",
                   text="27/9/2020", value="2020-09-27")]
    (q2,) = run_stage(nlp, text2, [cite(text2, "(Sputnik, 27/9/2020)", ["Sputnik"], "2020-09-27")], t2)
    assert q2.date is None


# -- the cue lexicon ------------------------------------------------------------------------------------
def test_user_cue_file_adds_and_removes_entries(tmp_path, nlp):
    from sourcetrace.kb import KnowledgeBase
    from sourcetrace.quotes import CueLexicon

    (tmp_path / "cues.yaml").write_text("verbs:\n  mutter: speech\n  say: off\nspeakers:\n  forecaster: organization\n",
                                        encoding="utf-8")
    kb = KnowledgeBase(extra_dirs=(tmp_path,))
    lex = CueLexicon.from_files(kb.files("cues.yaml"))
    assert lex.verbs["mutter"] == "speech" and "say" not in lex.verbs
    assert lex.speakers["forecaster"] == ("organization", None)
    assert lex.verbs["tell"] == "speech"  # packaged entries stay
    assert lex.speakers["spokeswoman"] == ("person", "f")


# -- gold -----------------------------------------------------------------------------------------------
def test_seed_gold_quotes(seed_extraction):
    from sourcetrace.evaluate import load_gold, score_quotes

    ks = score_quotes(seed_extraction, load_gold(SEED_GOLD))
    assert ks.matched == 21, ks.misses
    assert ks.extra["attributed"] >= 20, ks.misses
    assert ks.precision >= 0.95, ks.false_positives


OWN_GOLD = ("port-strike-feature", "storm-liveblog", "water-talks-wire")


@pytest.mark.parametrize("gold_path", [GOLD_DIR / f"{n}.gold.json" for n in OWN_GOLD], ids=OWN_GOLD)
def test_own_gold_files(pipeline, gold_path):
    from sourcetrace.evaluate import evaluate_files

    (report,) = evaluate_files([gold_path], pipeline)
    ks = report.kinds["quote"]
    assert ks.recall >= 0.9, ks.misses
    assert ks.extra["attributed"] >= ks.gold - 1, ks.misses
    assert ks.precision >= 0.9, ks.false_positives


# -- audit 2 --------------------------------------------------------------------------------------------
def test_quotation_left_open_before_a_paragraph_opening_with_a_mark(extract):
    text = ("“We are not against it,” said the envoy, Adewale Okonkwo, who came in May. “But this is not growth.\n\n"
            "“It is eviction.”")
    qs = quotes_of(extract, text)
    assert [q.text for q in qs] == ["We are not against it,", "But this is not growth.", "It is eviction."]
    assert {q.speaker.name for q in qs} == {"Adewale Okonkwo"}


def test_open_quotation_without_continuation_is_still_stray():
    text = 'He said "this never closes.\n\nNext paragraph without marks.'
    assert find_quotations(text) == []


def test_one_of_a_group_is_a_speaker(extract):
    qs = quotes_of(extract, "‘We heard the engines,’ one of them said. ‘By noon the shore was fenced.’")
    assert [(q.text, q.speaker.name, q.speaker.type) for q in qs] == [
        ("We heard the engines,", "one of them", "person"), ("By noon the shore was fenced.", "one of them", "person")]
