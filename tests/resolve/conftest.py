"""Fixtures for resolver tests: the project's SKOS vocabulary, loaded the way the pipeline does.

The ontology files use relative IRIs; they are resolved against a test base IRI here. Loading
lives in tests on purpose: the resolver itself never reads files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from scholargraph.vocabulary import SimpleTriple, Vocabulary, vocabulary_from_triples

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
BASE_IRI = "https://example.org/"


def load_triples(path: Path, base_iri: str = BASE_IRI) -> list[SimpleTriple]:
    """One Turtle file as (subject, predicate, object value, language-or-None) tuples."""
    out: list[SimpleTriple] = []
    for quad in pyoxigraph.parse(path=str(path), base_iri=base_iri):
        obj = quad.object
        language = getattr(obj, "language", None)
        out.append((quad.subject.value, quad.predicate.value, obj.value, language or None))
    return out


def load_vocabulary(directory: Path = ONTOLOGY) -> Vocabulary:
    triples: list[SimpleTriple] = []
    for path in sorted(directory.glob("*.ttl")):
        triples.extend(load_triples(path))
    return vocabulary_from_triples(triples)


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary()
