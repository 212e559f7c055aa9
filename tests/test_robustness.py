"""Arbitrary and hostile text never breaks extraction: no exception escapes, spans stay in the text,
every record validates against the interchange format."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange import problems

from sourcetrace.reader import content_id
from sourcetrace.records import Document

# CI runs a modest budget; `SOURCETRACE_FUZZ_EXAMPLES=2000 pytest tests/test_robustness.py` runs a long one.
EXAMPLES = int(os.environ.get("SOURCETRACE_FUZZ_EXAMPLES", "40"))

PIECES = st.sampled_from([
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "(", ")", "[", "]", ": ", ", ", ". ", "\n", "\n\n",
    "said", " he said ", "according to ", "Reuters", "(Reuters, 30/9/2020)", "previous source", "31/02/2020",
    "0/0/0", "99/99/9999", "18 Safar 1442 AH", "yesterday, Sunday", "nine years later", "lasted 3 days",
    "April 30, 1993", "The President of France, Emmanuel Macron, said", "Turkey", "Baku", "clashes broke out",
    "signed an agreement", "\u202e", "\u200f", "مرحبا", "\x00", "\x07", "\ufeff", "𝔘𝔫𝔦", "🙂", " ", "\t",
])
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(PIECES, max_size=60).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=80).map("".join),
)


def _check(pipeline, text: str) -> None:
    doc = Document(id=content_id(text), text=text, path="fuzz.txt")
    ex = pipeline.run(doc)
    for row in ex.interchange():
        assert problems(row, len(text)) == [], row
        start, end = row["span"]
        assert 0 <= start <= end <= len(text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_arbitrary_text_never_raises(pipeline, text):
    _check(pipeline, text)


def test_deeply_nested_parentheses_and_long_line(pipeline):
    _check(pipeline, "(" * 100 + "Reuters, 30/9/2020" + ")" * 100)
    _check(pipeline, '"' + "word " * 20_000 + "(Reuters, 30/9/2020)")


def test_unbalanced_and_mixed_quote_marks(pipeline):
    text = ('He said: "It will end. “Soon,» she said, ‘never” and the officials\' plan\n\n'
            '«Another paragraph opens „here and never closes')
    _check(pipeline, text)


def test_impossible_dates_are_not_values(pipeline):
    text = "It happened on 31/02/2020, or on 0/0/0, or 45/13/2020, according to Reuters (Reuters, 32/1/2020)."
    ex = pipeline.run(Document(id=content_id(text), text=text))
    assert [t.value for t in ex.times if t.value and t.value.startswith("2020-02-31")] == []
    for t in ex.times:
        assert t.value is None or t.value[:4].isdigit()
