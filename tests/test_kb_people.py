"""People added to the packaged knowledge base: names, namesakes by date, countries and roles."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from sourcetrace.kb import default_kb

ACTORS = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "data" / "actors.yaml"


@pytest.fixture(scope="module")
def kb():
    return default_kb()


@pytest.mark.parametrize("text, date, name, country, role", [
    ("Vucic", "2023-09-25", "Aleksandar Vučić", "SRB", "President of Serbia"),
    ("Vucic", "2015-06-01", "Aleksandar Vučić", "SRB", "Prime Minister of Serbia"),
    ("Kobakhidze", "2024-12-01", "Irakli Kobakhidze", "GEO", "Prime Minister of Georgia"),
    ("Kurti", "2023-05-30", "Albin Kurti", "XKX", "Prime Minister of Kosovo"),
    ("Hemedti", "2023-04-15", "Mohamed Hamdan Dagalo", "SDN", "Commander of the Rapid Support Forces"),
    ("Burhan", "2023-04-15", "Abdel Fattah al-Burhan", "SDN", "Chairman of the Sovereignty Council of Sudan"),
    ("Abiy", "2020-11-04", "Abiy Ahmed", "ETH", "Prime Minister of Ethiopia"),
    ("Haile Selassie", "1960-12-13", "Haile Selassie", "ETH", "Emperor of Ethiopia"),
    ("Petro", "2023-03-01", "Gustavo Petro", "COL", "President of Colombia"),
    ("Bazoum", "2022-01-01", "Mohamed Bazoum", "NER", "President of Niger"),
    ("Sisi", "2016-01-01", "Abdel Fattah el-Sisi", "EGY", "President of Egypt"),
    ("Tymoshenko", "2008-06-01", "Yulia Tymoshenko", "UKR", "Prime Minister of Ukraine"),
])
def test_added_people_link_with_country_and_role(kb, text, date, name, country, role):
    ent = kb.link(text, kind="person", date=date)
    assert ent is not None
    assert (ent.name, ent.country, ent.role) == (name, country, role)


@pytest.mark.parametrize("text, date, name", [
    ("Bashir", "2010-05-01", "Omar al-Bashir"),
    ("Bashir", "2025-01-15", "Mohammed al-Bashir"),
    ("Marcos", "1980-01-01", "Ferdinand Marcos"),
    ("Marcos", "2023-08-18", "Ferdinand Marcos Jr."),
    ("Selassie", "1960-01-01", "Haile Selassie"),
    ("Taye", "2025-01-01", "Taye Atske Selassie"),  # Ethiopians go by their given name
])
def test_namesakes_are_told_apart_by_date(kb, text, date, name):
    ent = kb.link(text, kind="person", date=date)
    assert ent is not None and ent.name == name


def test_namesakes_without_a_date_stay_unlinked(kb):
    assert kb.link("Bashir", kind="person") is None
    assert kb.link("Marcos", kind="person") is None


def _day(v: object) -> str:
    if isinstance(v, datetime.date):
        return v.isoformat()
    s = str(v)
    assert len(s) in (4, 7, 10) and s[:4].isdigit(), s
    return s


def test_every_person_has_a_known_country_and_ordered_roles(kb):
    data = yaml.safe_load(ACTORS.read_text(encoding="utf-8"))
    functions = set(data["functions"])
    people = data["people"]
    names = [p["name"] for p in people]
    assert len(names) == len(set(names)), "a duplicate canonical name silently replaces the first entry"
    known = set(kb.actors.countries)
    for p in people:
        assert p["country"] in known, (p["name"], p["country"])
        assert p["roles"], p["name"]
        for r in p["roles"]:
            assert r["f"] in functions, (p["name"], r["f"])
            assert r.get("country", p["country"]) in known, p["name"]
            if r.get("to") is not None:
                assert _day(r["from"]) < _day(r["to"]), (p["name"], r)
            else:
                _day(r["from"])
