"""The time stage: explicit, relative and Hijri dates, anchors, intervals, robustness."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.dates import (
    document_date_order,
    extract_times,
    parse_date,
    publication_date_from_text,
)


def values(text: str, publication: str | None = "2020-10-05") -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in extract_times(text, publication_date=publication)]


def one(text: str, publication: str | None = "2020-10-05"):
    (t,) = extract_times(text, publication_date=publication)
    return t


# -- parse_date -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, order, value", [
    ("27/9/2020", "DMY", "2020-09-27"),
    ("01/01/2015", "DMY", "2015-01-01"),
    ("4/10/2020", "MDY", "2020-04-10"),
    ("27/9/2020", "MDY", "2020-09-27"),  # only one reading is possible
    ("April 30, 1993", "DMY", "1993-04-30"),
    ("Saturday, October 10, 2009", "DMY", "2009-10-10"),
    ("26 Oct 2020", "DMY", "2020-10-26"),
    ("Sept. 27, 2020", "DMY", "2020-09-27"),
    ("March 2018", "DMY", "2018-03"),
    ("1994", "DMY", "1994"),
    ("18 Safar 1442 AH", "DMY", "2020-10-05"),
    ("2020-01-31", "DMY", "2020-01-31"),
    ("31/02/2020", "DMY", None),
    ("0/0/0", "DMY", None),
    ("the day after", "DMY", None),
    ("", "DMY", None),
])
def test_parse_date(text, order, value):
    assert parse_date(text, order) == value


def test_publication_date_from_closing_line():
    text = "Title\n\nBody of the article, long enough to be prose.\n\n18 Safar 1442 AH 5/10/2020 CE\n\nwww.x.net"
    assert publication_date_from_text(text) == ("2020-10-05", "18 Safar 1442 AH 5/10/2020 CE")


def test_publication_date_from_dateline_and_none():
    assert publication_date_from_text("Published: October 5, 2020\n\nThe talks failed.") == (
        "2020-10-05", "Published: October 5, 2020")
    assert publication_date_from_text("No date here at all.\nNor here, in 1994.") is None
    assert publication_date_from_text("") is None


# -- document order -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, publisher, order", [
    ("on 27/9/2020 and 5/10/2020", None, "DMY"),
    ("on 12/25/2020 and 1/2/2021", None, "MDY"),
    ("on Sunday 4/10/2020", None, "DMY"),   # 4 October 2020 was a Sunday
    ("on Friday 4/10/2020", None, "MDY"),   # 10 April 2020 was a Friday
    ("on 4/10/2020", None, "DMY"),          # no evidence: day first
    ("on 4/10/2020", "CNN", "MDY"),         # the publisher writes month first
    ("On October 10, 2009 and on 4/5/2009", None, "MDY"),
])
def test_document_date_order(text, publisher, order):
    assert document_date_order(text, publisher) == order


def test_numeric_dates_follow_the_document_order():
    assert values("On 13/5/2020 and on 4/5/2020.") == [("13/5/2020", "2020-05-13"), ("4/5/2020", "2020-05-04")]
    assert values("On 5/13/2020 and on 4/5/2020.") == [("5/13/2020", "2020-05-13"), ("4/5/2020", "2020-04-05")]


# -- explicit dates, years, non-dates -------------------------------------------------------------------
def test_bare_numbers_are_years_only_in_year_contexts():
    text = ("1- Azerbaijan said 12 Russian anti-aircraft systems fell, Resolution 822 and No. 1993 passed, "
            "5 trillion dollars, 20% of 2000 soldiers; the war lasted until 1994, since 1991 and in 2016.")
    assert values(text) == [("1994", "1994"), ("1991", "1991"), ("2016", "2016")]


def test_year_lists_and_mid():
    assert values("In 1991, 1992 and 1993 it grew; by mid-1990 it was over.") == [
        ("1991", "1991"), ("1992", "1992"), ("1993", "1993"), ("1990", "1990")]


def test_month_granularity_is_kept():
    t = one("It was cancelled in March 2018.")
    assert (t.text, t.value, t.granularity) == ("March 2018", "2018-03", "month")


def test_weekday_confirms_or_is_flagged():
    ok = one("He spoke on Sunday 4/10/2020.")
    assert (ok.value, ok.flags) == ("2020-10-04", ())
    bad = one("He spoke on Sunday, October 5, 2009.")
    assert (bad.value, bad.flags) == ("2009-10-05", ("weekday-mismatch",))


def test_impossible_dates_are_not_emitted():
    assert values("On 31/02/2020, 0/0/0 and 30/13/2020 nothing happened.") == []


def test_hijri_with_and_without_era():
    assert values("Dated ١٨ صفر ١٤٤٢ هـ.") == [("١٨ صفر ١٤٤٢ هـ", "2020-10-05")]
    (t,) = extract_times("On 18 Safar 1442 they met.")
    assert (t.value, t.flags) == (None, ("hijri-no-era",))
    (t,) = extract_times("On 5 Ramadan 1600 AH.")
    assert (t.value, t.flags) == (None, ("hijri-out-of-range",))


def test_names_are_not_dates():
    assert values("(Al-Jazeera; Russia Today, 30/9/2020) and USA Today said.") == [("30/9/2020", "2020-09-30")]


def test_may_the_verb_is_not_a_month():
    assert values("It may rain. May I ask? It happened in May.") == [("May", "2020-05")]


# -- relative expressions and anchors ---------------------------------------------------------------------
def test_yesterday_with_weekday_picks_the_anchor_that_fits():
    t = one("Aliyev considered that controlling the city yesterday, Sunday, is a lesson.")
    assert (t.value, t.anchor, t.rule) == ("2020-10-04", "publication:2020-10-05", "relative-day")


def test_ago_inside_reported_speech_counts_from_the_speech_date():
    t = extract_times("Aliyev said on Sunday 4/10/2020 that the war began about a week ago.",
                      publication_date="2020-10-05")[1]
    assert (t.value, t.anchor, t.approximate) == ("2020-09-27", "previous:2020-10-04", True)


def test_deictic_expressions_from_the_publication_date():
    assert values("The clashes took place last July. The war broke out thirty years ago. Next year, talks.") == [
        ("last July", "2020-07"), ("thirty years ago", "1990"), ("Next year", "2021")]


def test_last_month_name_in_the_same_month_goes_back_a_year():
    assert values("It happened last October.") == [("last October", "2019-10")]


def test_anaphoric_years_and_yearless_dates():
    text = ("Resolution 853 was issued on July 29, 1993. This same year, on October 14, another followed. "
            "And on November 12 of the same year, 1993 a third. Nine years later, in 2002, it ended.")
    assert values(text) == [("July 29, 1993", "1993-07-29"), ("This same year, on October 14", "1993-10-14"),
                            ("November 12 of the same year, 1993", "1993-11-12"),
                            ("Nine years later", "2002"), ("2002", "2002")]


def test_that_year_after_a_bare_year():
    assert values("Jews occupied lands since 1967, handed over on June 5 of that year.") == [
        ("1967", "1967"), ("June 5 of that year", "1967-06-05")]


def test_bare_weekdays_follow_the_narrative_day():
    text = "Published on 10/10/2009: they signed on Saturday evening. Azerbaijan condemned it on Sunday."
    assert values(text) == [("10/10/2009", "2009-10-10"), ("on Saturday evening", "2009-10-10"),
                            ("on Sunday", "2009-10-11")]


def test_bare_weekday_without_narrative_counts_back_from_publication():
    assert values("The minister said on Friday that talks failed.") == [("on Friday", "2020-10-02")]
    assert values("The minister will travel on Friday.") == [("on Friday", "2020-10-09")]


def test_this_evening_with_weekday():
    t = extract_times("On 10/10/2009 Gordon said: This evening (Saturday) we met.", publication_date="2020-10-05")
    assert [(x.text, x.value) for x in t] == [("10/10/2009", "2009-10-10"),
                                              ("This evening (Saturday)", "2009-10-10")]


def test_citation_covering_the_passage_is_the_anchor():
    class Cit:
        covers = (0, 40)
        date = "2009-10-10"

    (t,) = extract_times("Yesterday the ministers signed the deal.", publication_date="2020-10-05",
                         citations=[Cit()])
    assert (t.value, t.anchor) == ("2009-10-09", "citation:2009-10-10")


def test_without_any_anchor_relative_expressions_are_dropped():
    assert values("It happened yesterday, three years ago.", publication=None) == []


# -- intervals --------------------------------------------------------------------------------------------
def test_durations_after_a_start_date():
    assert values("The clashes renewed on 12/7/2020 and lasted 3 days.") == [
        ("12/7/2020", "2020-07-12"), ("lasted 3 days", "2020-07-12/2020-07-14")]
    t = extract_times("Maneuvers began on 29/7/2020 and lasted about two weeks.")[1]
    assert (t.value, t.approximate, t.granularity) == ("2020-07-29/2020-08-12", True, "interval")


def test_duration_without_start_is_not_a_date():
    assert values("Holding onto its attitude for almost 30 years, the group failed.") == []


def test_ranges():
    assert values("from the beginning of April until April 26, 2016") == [
        ("from the beginning of April until April 26, 2016", "2016-04-01/2016-04-26")]
    assert values("between 1994 and 1997") == [("between 1994 and 1997", "1994/1997")]


# -- through the pipeline ----------------------------------------------------------------------------------
def test_stage_in_pipeline(extract):
    ex = extract("Violent clashes broke out on the morning of 27/9/2020.\n\n18 Safar 1442 AH 5/10/2020 CE\n")
    assert ex.document.publication_date == "2020-10-05"
    assert [(t.text, t.value, t.stage) for t in ex.times] == [
        ("27/9/2020", "2020-09-27", "time@3"), ("18 Safar 1442 AH", "2020-10-05", "time@3"),
        ("5/10/2020 CE", "2020-10-05", "time@3")]


def test_seed_article_scores(seed_extraction):
    import json

    from tests.conftest import SEED_GOLD

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    from sourcetrace.evaluate import score_dates

    ks = score_dates(seed_extraction, gold)
    assert ks.matched >= 58
    assert ks.true_positives / max(1, ks.predicted) >= 0.95


# -- properties -------------------------------------------------------------------------------------------
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FORMATS = [
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]} {d.day}/{d.month}/{d.year}",
    lambda d: d.isoformat(),
]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(range(len(FORMATS))))
def test_valid_dates_round_trip(day, fmt):
    written = FORMATS[fmt](day)
    assert parse_date(written, "DMY") == day.isoformat()
    (t,) = extract_times(f"It happened on {written}.", publication_date="2020-10-05")
    assert t.value == day.isoformat() and t.flags == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-,() \n\"'AHSafarJulyMonday yesterday ago later"
                                             "٠١٢٣هـلastnext")) | st.characters(), max_size=120),
       st.one_of(st.none(), st.sampled_from(["2020-10-05", "2020-10", "1999"])))
def test_no_input_raises_and_spans_stay_inside(text, publication):
    for t in extract_times(text, publication_date=publication):
        assert 0 <= t.span[0] < t.span[1] <= len(text)
        assert t.text == text[t.span[0]:t.span[1]]
    parse_date(text)
    publication_date_from_text(text)
    document_date_order(text)


# -- audit: other house styles (tests/gold/audit-*) ------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # ranges of days, months and years; decades; parts of a year
    ("evidence arrived between 3 and 17 August 2020.", [("between 3 and 17 August 2020", "2020-08-03/2020-08-17")]),
    ("pumps ran from 2-4 October 2020.", [("from 2-4 October 2020", "2020-10-02/2020-10-04")]),
    ("talks ran Aug. 3-17, 2020.", [("Aug. 3-17, 2020", "2020-08-03/2020-08-17")]),
    ("the record between March and May 2019", [("between March and May 2019", "2019-03/2019-05")]),
    ("from November to February 2019 it rained", [("from November to February 2019", "2018-11/2019-02")]),
    ("the 2014–2016 price collapse", [("2014–2016", "2014/2016")]),
    ("£120m had been allocated for 2021-22.", [("2021-22", "2021/2022")]),
    ("the 1999/00 season", [("1999/00", "1999/2000")]),
    ("warnings since the 1990s", [("the 1990s", "1990/1999")]),
    ("objections voiced since the late 1990s", [("the late 1990s", "1990/1999")]),
    ("Exports rose in Q4 2020.", [("Q4 2020", "2020-10/2020-12")]),
    ("the first half of 2021 will test buyers", [("the first half of 2021", "2021-01/2021-06")]),
    ("the third quarter of 2019", [("the third quarter of 2019", "2019-07/2019-09")]),
    # holidays on a fixed day
    ("the floods of Boxing Day 2015", [("Boxing Day 2015", "2015-12-26")]),
    ("The shops close before Christmas.", [("Christmas", "2020-12-25")]),
    # not dates: scores, versions, counts, a "year-month" pair, a numbered brief, "and" without "between"
    ("a 3-1 win; version 2.0; 1,000 agents; 24/7 pumping; Brief No. 14/2021; 3-4% growth", []),
    ("Christmas shopping is slow.", []),
    ("in 2015 and 2016", [("2015", "2015"), ("2016", "2016")]),
    ("Resolution 2011-12 was adopted", []),
])
def test_audit_ranges_and_periods(text, expected):
    assert values(text, "2020-10-26") == expected


@pytest.mark.parametrize("text, published, expected", [
    # weeks are calendar weeks, Monday to Sunday
    ("Democrats said last week that they would not accept cuts.", "2020-09-29",
     [("last week", "2020-09-21/2020-09-27")]),
    ("They meet next week.", "2020-09-29", [("next week", "2020-10-05/2020-10-11")]),
    ("turnout at 10pm last night", "2022-05-06", [("last night", "2022-05-05")]),
    # "the last night" of a meeting is not yesterday
    ("The other side moved the goalposts on the last night.", "2024-06-05", []),
])
def test_audit_weeks_and_nights(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    # a bare year earlier in the text does not set the year of a later year-less date
    ("The program was first approved in 2019. The supplement expired July 31.",
     [("2019", "2019"), ("July 31", "2020-07-31")]),
    # nor does an explicit date three paragraphs back
    ("It ended on Jan. 25, 2019.\n\nA.\n\nB.\n\nEarlier this month, on Sept. 8, the office reported.",
     [("Jan. 25, 2019", "2019-01-25"), ("this month", "2020-09"), ("Sept. 8", "2020-09-08")]),
    # a past-tense year-less date months ahead is last year's ("was due to" is not the future)
    ("They had been promised answers on 12 March.", [("12 March", "2020-03-12")]),
    ("The review was due to report by 30 September.", [("30 September", "2020-09-30")]),
    ("funded through Dec. 11", [("Dec. 11", "2020-12-11")]),
])
def test_audit_yearless_dates(text, expected):
    assert values(text, "2020-09-29") == expected


@pytest.mark.parametrize("text, published, expected", [
    # the future of the clause (not of the sentence) decides the direction of a bare weekday
    ("Postal votes after 5 May will not be counted, the officer reminded voters on Monday.", "2022-05-06",
     [("5 May", "2022-05-05"), ("on Monday", "2022-05-02")]),
    ("Officials said the recount would start at 3pm and could run until Saturday.", "2022-05-06",
     [("Saturday", "2022-05-07")]),
    ("He expected the president to sign the bill by Thursday.", "2020-09-29", [("Thursday", "2020-10-01")]),
    ("the budget year that ends Wednesday", "2020-09-29", [("Wednesday", "2020-09-30")]),
    ("Both sides had agreed to meet again on Thursday.", "2023-03-14", [("on Thursday", "2023-03-16")]),
    # an expected event is the time of writing's future, even after a date from another year
    ("They recalled the floods of Boxing Day 2015.\n\nMinisters are expected to update MPs on Tuesday.",
     "2020-10-26", [("Boxing Day 2015", "2015-12-26"), ("on Tuesday", "2020-10-27")]),
])
def test_audit_weekday_direction(text, published, expected):
    assert values(text, published) == expected


def test_audit_month_first_document():
    text = "Published 9/29/2020 6:42 PM EDT\n\nThe shutdown would have begun on 10/1/2020."
    assert document_date_order(text) == "MDY"
    assert publication_date_from_text(text) == ("2020-09-29", "Published 9/29/2020 6:42 PM EDT")
    assert values(text, "2020-09-29") == [("9/29/2020", "2020-09-29"), ("10/1/2020", "2020-10-01")]


def test_audit_liveblog_and_iso_datelines():
    assert publication_date_from_text("Live\n\nUpdated 14:05 BST, 6 May 2022\n\n14:05 BST\nTurnout rose.") == (
        "2022-05-06", "Updated 14:05 BST, 6 May 2022")
    assert publication_date_from_text("2021-03-15\n\nPolicy Brief No. 14/2021\n\nText.")[0] == "2021-03-15"
    assert parse_date("Boxing Day 2015") == "2015-12-26"


# -- TempEval-3 follow-up: one test per rule ----------------------------------------------------------
@pytest.mark.parametrize("text, published, expected", [
    # a colon after a year-less date is not a clock time
    ("said in an editorial on Monday, Oct. 26: The murder", "1998-10-25", [("Monday, Oct. 26", "1998-10-26")]),
    # a month with "this/last/next year"
    ("It began in February this year.", "1998-12-03", [("February this year", "1998-02")]),
    ("In June last year, he left.", "1998-02-19", [("June last year", "1997-06")]),
    ("They join in April next year.", "1998-12-03", [("April next year", "1999-04")]),
    # weekends are Saturday and Sunday
    ("Officials said over the weekend that talks failed.", "1990-08-13", [("the weekend", "1990-08-11/1990-08-12")]),
    ("They will meet this weekend.", "2023-12-13", [("this weekend", "2023-12-16/2023-12-17")]),
    ("Last weekend was quiet.", "2023-12-16", [("Last weekend", "2023-12-09/2023-12-10")]),
    ("the weekend's actions", "2023-12-12", [("the weekend", "2023-12-09/2023-12-10")]),
    # "the week of" a day is its calendar week
    ("a hearing the week of March 6, 2000", "2000-02-24", [("the week of March 6, 2000", "2000-03-06/2000-03-12")]),
    # centuries
    ("a 20th century democrat near the eleventh century temple", "1998-02-13",
     [("20th century", "1900/1999"), ("the eleventh century", "1000/1099")]),
    # years read aloud
    ("Atlanta, nineteen ninety-six. In January nineteen ninety-seven a bomb went off.", "1998-02-27",
     [("nineteen ninety-six", "1996"), ("January nineteen ninety-seven", "1997-01")]),
    ("by the year two thousand, with two thousand troops", "1998-02-05", [("two thousand", "2000")]),
    # a year used as an attribute after a determiner; not a count or a compound
    ("the 1996 Olympic bombing and a 1971 convention", "1998-02-27", [("1996", "1996"), ("1971", "1971")]),
    ("the 1500 soldiers and a 1500-page report", "1998-02-27", []),
    ("the post-1959 politics", "2000-02-24", [("1959", "1959")]),
    # holidays on a weekday of a month or counted from Easter; multi-word names need no preposition
    ("Elian was found Thanksgiving Day.", "2000-01-07", [("Thanksgiving Day", "1999-11-25")]),
    ("He was rescued last Thanksgiving.", "2000-02-10", [("last Thanksgiving", "1999-11-25")]),
    ("a theme from now to Election Day", "1998-10-26", [("Election Day", "1998-11-03")]),
    ("It opened on Good Friday 2020.", "2020-05-01", [("Good Friday 2020", "2020-04-10")]),
    # parts of a year without a year: the occurrence nearest the time of writing
    ("Third-quarter profit rose; the fourth quarter looks weak.", "1989-10-27",
     [("Third-quarter", "1989-07/1989-09"), ("the fourth quarter", "1989-10/1989-12")]),
    ("Sales in the first quarter rose.", "1989-10-27", [("the first quarter", "1989-01/1989-03")]),
    # a title in mid-sentence is not a date
    ('He said on ABC\'s "This Week" that it failed.', "1990-08-13", []),
    # "as soon as" speaks of the future
    ("They could leave as soon as Tuesday.", "2000-04-03", [("Tuesday", "2000-04-04")]),
    # months as attributes, possessives, "for", hyphenated modifiers
    ("evidence in the October slaying", "1999-04-19", [("October", "1998-10")]),
    ("a revision to December's figures; the figures for January", "1998-02-06",
     [("December", "1997-12"), ("January", "1998-01")]),
    ("the late-November trip", "2000-01-28", [("late-November", "1999-11")]),
    ("In the May elections", "2000-01-28", []),
    # "or so" makes a shift approximate
    ("Then, a week or so ago, he left.", "1991-02-25", [("a week or so ago", "1991-02-18")]),
    # "the next morning" is a day after the narrative's day
    ("He was arrested on 22 February 2000. He appeared in court the next morning.", "2000-02-24",
     [("22 February 2000", "2000-02-22"), ("the next morning", "2000-02-23")]),
    # a decade named without its century
    ("numbers fell through the nineties", "1998-03-03", [("the nineties", "1990/1999")]),
    ("the early eighties", "2020-03-03", [("the early eighties", "1980/1989")]),
])
def test_tempeval_rules(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    # a month-only narrative point does not set the year of a year-less date: the time of writing does
    ("Madrid in July 1997. The three will join NATO on March 12 in a ceremony.",
     [("July 1997", "1997-07"), ("March 12", "1999-03-12")]),
    # a dated narrative does, unless the clause speaks of the future
    ("It opened on 2 July 1997. On March 12 it closed.", [("2 July 1997", "1997-07-02"), ("March 12", "1997-03-12")]),
    ("It opened on 2 July 1997. The three will join NATO on March 12.",
     [("2 July 1997", "1997-07-02"), ("March 12", "1999-03-12")]),
])
def test_tempeval_yearless_narrative(text, expected):
    assert values(text, "1999-02-27") == expected


def test_weekend_and_quarter_records():
    t = one("Profit fell in the third quarter.", "1989-10-27")
    assert (t.granularity, t.rule, t.anchor) == ("interval", "year-part-context", "publication:1989-10-27")
    w = one("They met over the weekend.", "1990-08-13")
    assert (w.granularity, w.rule) == ("interval", "weekend")


def _bench():
    import importlib.util
    import sys
    from pathlib import Path

    if "bench_time" in sys.modules:
        return sys.modules["bench_time"]
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_time.py"
    spec = importlib.util.spec_from_file_location("bench_time", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_time"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("raw, expected", [
    ("1998-02-06", ("1998-02-06", "point")),
    ("1998-02-06T22:19", ("1998-02-06", "time-of-day")),
    ("1998-02-06TMO", ("1998-02-06", "time-of-day")),
    ("199", ("1990/1999", "decade")),
    ("19", ("1900/1999", "century")),
    ("1990-Q4", ("1990-10/1990-12", "quarter")),
    ("1989-H2", ("1989-07/1989-12", "half")),
    ("1989-W43", ("1989-10-23/1989-10-29", "week")),
    ("1990-W32-WE", ("1990-08-11/1990-08-12", "week")),
    ("1990-SU", (None, "season")),
    ("PRESENT_REF", (None, "PRESENT_REF")),
    ("XXXX-WXX", (None, "underspecified")),
    ("P3D", (None, "duration-length")),
])
def test_benchmark_timeml_conversion(raw, expected):
    assert _bench().timeml_value(raw) == expected


_WORDS = ["the", "weekend", "over", "last", "next", "this", "year", "week of", "March", "6", "Thanksgiving",
          "Easter", "Good Friday", "third-quarter", "first quarter", "nineteen", "ninety-six", "two thousand",
          "20th", "century", "nineties", "early", "the next morning", "1996", "a", "or so", "ago", "post-",
          "December's", "late-", "November", ",", ".", "\n\n", "Monday", "as soon as", "Oct.", "26:"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25),
       st.one_of(st.none(), st.sampled_from(["2020-10-05", "1998-02", "1999", "0001-01-01", "9999-12-31"])))
def test_new_kinds_never_raise_and_spans_fit(words, published):
    text = " ".join(words)
    for t in extract_times(text, publication_date=published):
        assert 0 <= t.span[0] < t.span[1] <= len(text)
        assert t.text == text[t.span[0]:t.span[1]]


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "0001-01", "9999"])
def test_new_kinds_at_the_ends_of_the_calendar(published):
    text = ("They met over the weekend and next weekend, last Thanksgiving, next Easter, the nineties, the third "
            "quarter, the week of Dec. 30, the next morning. Last weekend, this weekend.")
    found = extract_times(text, publication_date=published)
    assert all(t.value is None or not t.value.startswith(("-", "0000")) for t in found)


def test_the_same_day_is_the_day_named_last_in_the_paragraph():
    text = ("The talks opened on 3 May 2021. On Tuesday the army shelled the city, and on the same day the rebels "
            "struck back.\n\nOn the same day, far away, nothing happened.")
    got = values(text, "2021-05-06")
    assert ("the same day", "2021-05-04") in got  # Tuesday, not the talks' 3 May
    assert got[-1] == ("the same day", "2021-05-03")  # another paragraph: the narrative's day
