"""Fixtures for resolver tests: the project's SKOS vocabulary, loaded as the pipeline loads it.

The ontology files use relative IRIs resolved against the configured base; the resolver itself
never reads files, so loading happens here through the pipeline's own loader.
"""

from __future__ import annotations

import pytest

from scholargraph.config import Settings
from scholargraph.pipeline import load_vocabulary
from scholargraph.vocabulary import Vocabulary

BASE_IRI = "https://example.org"


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary(Settings(base_iri=BASE_IRI))[0]
