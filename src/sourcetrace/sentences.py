"""Stage ``sentences``: sentence boundaries from the NLP pass, as records."""

from __future__ import annotations

from .pipeline import Context, stage
from .records import Sentence

VERSION = 1


@stage("sentences", version=VERSION, requires=("nlp",), assigns="sentence")
def find_sentences(ctx: Context) -> list[Sentence]:
    """One record per sentence the parser found, blank-only sentences skipped."""
    tag = f"sentences@{VERSION}"
    out = []
    for sent in ctx.doc.sents:
        start, end = sent.start_char, sent.end_char
        if ctx.text[start:end].strip():
            out.append(Sentence(doc_id=ctx.document.id, span=(start, end), stage=tag))
    return out
