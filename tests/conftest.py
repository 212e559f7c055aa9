"""Shared fixtures. The spaCy model and the pipeline load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "karabakh-2020-analysis.txt"
SEED_GOLD = SHARED / "gold" / "karabakh-2020-analysis.gold.json"


@pytest.fixture(scope="session")
def pipeline():
    from sourcetrace import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def seed_extraction(pipeline):
    """The full pipeline's output on the seed article (skipped when ../shared is absent)."""
    if not SEED.exists():
        pytest.skip("../shared/corpus is not beside the checkout")
    from sourcetrace.reader import read_paths

    (doc,) = list(read_paths([SEED]))
    return pipeline.run(doc)


@pytest.fixture
def extract(pipeline):
    """extract(text, publication_date=None) -> Extraction, through the shared pipeline."""
    from sourcetrace import extract as _extract

    def run(text: str, publication_date: str | None = None, title: str | None = None):
        return _extract(text, publication_date=publication_date, title=title, pipeline=pipeline)

    return run
