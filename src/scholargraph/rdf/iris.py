"""IRI minting: entity, graph and run IRIs under the configured base.

Entity IRIs are ``{base}/id/{kind}/{key}``, with keys chosen by the resolver; graphs live under
``{base}/graph/``. Source graph names are a hash of the source identity so they are stable,
short, and say nothing the metadata graph does not.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from ..models import EntityKind

KIND_PATHS: dict[EntityKind, str] = {
    EntityKind.PERSON: "person",
    EntityKind.PUBLICATION: "publication",
    EntityKind.ORGANIZATION: "organization",
    EntityKind.TOPIC: "topic",
}


def short_hash(*parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Iris:
    """Mints every IRI of the graph from one base."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.metadata_graph = f"{self.base}/graph/metadata"
        self.resolution_graph = f"{self.base}/graph/resolution"
        self.vocabulary_graph = f"{self.base}/graph/vocabulary"
        self.records_graph = f"{self.base}/graph/records"
        self.index_graph = f"{self.base}/graph/index"
        # graphs of scholargraph's own bookkeeping, never dumped or described
        self.internal_graphs = (self.records_graph, self.index_graph)
        # the graphs every store has, whatever its sources (one graph each)
        self.own_graphs = (
            self.vocabulary_graph,
            self.resolution_graph,
            self.metadata_graph,
            *self.internal_graphs,
        )
        self.dataset = f"{self.base}/dataset"
        self.software = f"{self.base}/id/software/scholargraph"

    def entity(self, kind: EntityKind, key: str) -> str:
        return f"{self.base}/id/{KIND_PATHS[kind]}/{quote(key, safe='-._~')}"

    @property
    def source_graph_prefix(self) -> str:
        return f"{self.base}/graph/source/"

    def source_graph(self, source_id: str) -> str:
        return f"{self.source_graph_prefix}{short_hash(source_id)}"

    def is_source_graph(self, iri: str) -> bool:
        return iri.startswith(self.source_graph_prefix)

    def authorship(self, publication_key: str, person_key: str) -> str:
        return f"{self.base}/id/authorship/{short_hash(publication_key, person_key)}"

    def position(self, person_key: str, organization_key: str) -> str:
        return f"{self.base}/id/position/{short_hash(person_key, organization_key)}"

    def membership(self, person_key: str, organization_key: str) -> str:
        return f"{self.base}/id/membership/{short_hash(person_key, organization_key)}"

    def observation(self, source_id: str, person_key: str, metric: str) -> str:
        return f"{self.base}/id/observation/{short_hash(source_id, person_key, metric)}"

    def merge(self, kind: EntityKind, key: str, label: str) -> str:
        return f"{self.base}/id/merge/{short_hash(kind.value, key, label)}"

    def run(self, started: str, sources: str) -> str:
        return f"{self.base}/id/run/{short_hash(started, sources)}"

    def category(self, notation: str) -> str:
        return f"{self.base}/id/category/{quote(notation, safe='.')}"

    def membership_type(self, slug: str) -> str:
        return f"{self.base}/id/membership-type/{slug}"
