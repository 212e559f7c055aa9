"""The offline gazetteer and the name folding it shares with the actor linker."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.kb import default_kb
from sourcetrace.places import distance_km, fold, skeleton, translit_key


@pytest.fixture(scope="module")
def gaz():
    return default_kb().gazetteer


@pytest.mark.parametrize("a, b", [("Nalbandyan", "Nalbandian"), ("Zhangilan", "Zangilan"),
                                  ("Sergei", "Sergey"), ("Dzhebrail", "Jebrail")])
def test_translit_key_merges_variants(a, b):
    assert translit_key(a) == translit_key(b)


def test_fold_and_skeleton():
    assert fold("Agnès  von der Mühll") == "agnes von der muhll"
    assert fold("Cəbrayıl") == "cabrayil"
    assert skeleton("Gabriel") == skeleton("Jabrayil") == "jbrl"


@pytest.mark.parametrize("name, country, lat, lon", [
    ("Gyumri", "ARM", 40.79, 43.85), ("Zurich", "CHE", 47.37, 8.54), ("Sirte", "LBY", 31.21, 16.59),
    ("Horadiz", "AZE", 39.45, 47.34), ("Nagorno-Karabakh", "AZE", 39.82, 46.75), ("Artsakh", "AZE", 39.82, 46.75),
    ("Shushi", "AZE", 39.76, 46.75), ("Paris", "FRA", 48.85, 2.35),
])
def test_lookup(gaz, name, country, lat, lon):
    p = gaz.lookup(name)
    assert p.country == country and distance_km(p.lat, p.lon, lat, lon) < 25


def test_country_beats_a_city_of_the_same_name(gaz):
    p = gaz.lookup("Armenia")
    assert (p.feature, p.country) == ("country", "ARM")
    assert any(c.country == "COL" for c in gaz.candidates("Armenia"))  # the Colombian city is there too


def test_document_countries_break_ties(gaz):
    assert gaz.lookup("Fuzuli", countries=("AZE",)).population > 10_000


def test_fuzzy_is_limited_to_the_given_countries(gaz):
    assert gaz.fuzzy("Zhangilan", countries=()) is None
    assert gaz.fuzzy("Zhangilan", countries=("FRA",)) is None
    place, score = gaz.fuzzy("Zhangilan", countries=("AZE",))
    assert place.name == "Zangilan" and score >= 88


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_lookup_never_fails(text):
    assert fold(fold(text)) == fold(text)
    default_kb().gazetteer.lookup(text)
    default_kb().gazetteer.fuzzy(text, countries=("AZE",))
