"""Stage ``mentions``: names of actors, places and outlets, linked (placeholder: NER only)."""

from __future__ import annotations

from .pipeline import Context, stage
from .records import Mention

VERSION = 0
KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "place", "LOC": "place",
         "FAC": "place"}


@stage("mentions", version=VERSION, requires=("sentence", "citation"), assigns="mention")
def find_mentions(ctx: Context) -> list[Mention]:
    """spaCy's named entities as unlinked mentions."""
    out = []
    for ent in ctx.doc.ents:
        kind = KINDS.get(ent.label_)
        if kind:
            out.append(Mention(doc_id=ctx.document.id, span=(ent.start_char, ent.end_char),
                               stage=f"mentions@{VERSION}", text=ent.text, canonical=ent.text, kind=kind,
                               label=ent.label_, link_reason="unlinked"))
    return out
