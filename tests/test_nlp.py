"""The NLP pass: one model per process; blank lines end sentences unless a lower-case word continues them."""

from __future__ import annotations

import pytest

from sourcetrace import nlp as nlp_mod
from sourcetrace.errors import ModelError


def test_loaded_once_with_paragraph_boundaries(nlp):
    assert nlp_mod.load() is nlp
    assert nlp.pipe_names.index("paragraph_boundaries") < nlp.pipe_names.index("parser")


def test_heading_and_paragraph_are_separate_sentences(nlp):
    doc = nlp("Answer:\n\nTo find out what happened, we reviewed the record.")
    assert [s.text.strip() for s in doc.sents] == ["Answer:", "To find out what happened, we reviewed the record."]


def test_layout_break_inside_a_sentence_is_kept_joined(nlp):
    doc = nlp("The exercises began\n\non 29/7/2020 and lasted two weeks.")
    assert len(list(doc.sents)) == 1


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="cannot load the spaCy pipeline 'no_such_model'"):
        nlp_mod.load("no_such_model")
