"""Coverage-guided fuzzing (atheris) of the parsers that see raw input first.

    python fuzz/fuzz_parsers.py TARGET -runs=100000      # TARGET: reader, dates, citations

Run through scripts/fuzz, which gives every target a fixed budget and reports executions and crashes.
A crash is any exception other than sourcetrace's own InputError from the reader.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from sourcetrace import dates, reader
    from sourcetrace.errors import InputError


def fuzz_reader(data: bytes) -> None:
    try:
        text = reader.decode(data, "fuzz")
    except InputError:
        return
    for item in reader.read_jsonl(text, "fuzz.jsonl"):
        if not isinstance(item, InputError):
            assert item.text.strip()
    try:
        reader.read_html(text, "fuzz.html")
    except InputError:
        pass


def fuzz_dates(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(200)
    for order in ("DMY", "MDY"):
        value = dates.parse_date(text, order)
        assert value is None or value[:4].isdigit()
    found = dates.publication_date_from_text(text)
    assert found is None or isinstance(found[0], str)
    for t in dates.extract_times(text, publication_date="2020-10-05"):
        assert 0 <= t.span[0] <= t.span[1] <= len(text)


_BLANK = None


def fuzz_citations(data: bytes) -> None:
    """The citations stage over a tokenised (not parsed) text: the parse only adds evidence."""
    import spacy

    from sourcetrace.citations import find_citations
    from sourcetrace.kb import default_kb
    from sourcetrace.pipeline import Context
    from sourcetrace.reader import document_from_text

    global _BLANK
    if _BLANK is None:
        _BLANK = spacy.blank("en")
        _BLANK.add_pipe("sentencizer")
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(400)
    if not text:
        return
    ctx = Context(document=document_from_text(text), doc=_BLANK(text), kb=default_kb())
    for c in find_citations(ctx):
        assert 0 <= c.span[0] <= c.span[1] <= len(text)


TARGETS = {"reader": fuzz_reader, "dates": fuzz_dates, "citations": fuzz_citations}

if __name__ == "__main__":
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()
