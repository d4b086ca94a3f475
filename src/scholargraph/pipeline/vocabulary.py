"""The controlled vocabularies: the files they are read from, and the vocabulary graph kept in
step with them."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import NotFound
from ..rdf.iris import Iris
from ..rdf.mapping import iter_vocabulary_quads
from ..rdf.nquads import graph_digest
from ..rdf.terms import Lit, Quad, Term
from ..rdf.vocab import SG
from ..store import read_rdf_file
from ..store_api import GraphStore
from ..vocabulary import Vocabulary, vocabulary_from_triples
from .stored import value_text

VOCABULARY_FILES = (
    "sg.ttl",
    "alignments.ttl",
    "topics.ttl",
    "arxiv-categories.ttl",
    "membership-types.ttl",
    "organizations.ttl",
)


def vocabulary_files(settings: Settings) -> list[Path]:
    # no filtering: a wrong ontology_dir must fail naming the file, not give an empty vocabulary
    files = [settings.ontology_dir / name for name in VOCABULARY_FILES]
    return files + list(settings.extra_vocabularies)


def load_vocabulary(settings: Settings) -> tuple[Vocabulary, list[Quad]]:
    """The controlled vocabularies (for the resolver) and their quads (for the vocabulary graph)."""
    iris = Iris(settings.base)
    triples: list[tuple[str, str, Term, str | None]] = []
    for path in vocabulary_files(settings):
        if not path.exists():
            raise NotFound("vocabulary file not found", where=str(path))
        triples.extend(read_rdf_file(path, settings.base + "/"))
    simple = [
        (
            s,
            p,
            o.value if isinstance(o, Lit) else str(o),
            o.language if isinstance(o, Lit) else None,
        )
        for s, p, o, _ in triples
    ]
    vocabulary = vocabulary_from_triples(simple)
    quads = list(iter_vocabulary_quads(iter(triples), iris))
    return vocabulary, quads


def sync_vocabulary(store: GraphStore, iris: Iris, quads: list[Quad]) -> str:
    """Write the vocabulary graph if it changed; returns its digest."""
    digest = graph_digest(quads)
    current = store.objects(iris.vocabulary_graph, SG.graphDigest, iris.metadata_graph)
    if current and value_text(current[0]) == digest:
        return digest
    meta = [(iris.vocabulary_graph, SG.graphDigest, Lit(digest), iris.metadata_graph)]
    store.replace_graphs(
        {iris.vocabulary_graph: quads},
        delete_subjects={iris.metadata_graph: [iris.vocabulary_graph]},
        insert=meta,
    )
    return digest
