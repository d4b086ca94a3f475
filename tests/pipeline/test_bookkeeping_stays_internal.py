"""The internal graphs (parsed records, resolution index) hold bookkeeping about entities; an
entity's RDF and HTML pages never show it: every triple served is stated by a public graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.rdf.iris import Iris
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app

from .conftest import BASE, EXAMPLES_DIR, fixed_clock

KINDS = ("http://schema.org/Person", "http://schema.org/ScholarlyArticle")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[OxigraphStore, Settings]:
    folder = tmp_path_factory.mktemp("internal")
    settings = Settings(store=str(folder / "store"), base_iri=BASE, parse_workers=1)
    store = OxigraphStore(folder / "store")
    assert not ingest([EXAMPLES_DIR], settings, store, clock=fixed_clock).failed
    return store, settings


def _public_triples(store: OxigraphStore) -> set[ox.Triple]:
    internal = {ox.NamedNode(g) for g in Iris(BASE).internal_graphs}
    raw = store._store
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in raw.quads_for_pattern(None, None, None)
        if q.graph_name not in internal
    }


def _entities(store: OxigraphStore) -> list[str]:
    found = []
    for kind in KINDS:
        rows = store.select(f"SELECT DISTINCT ?e WHERE {{ ?e a <{kind}> }}").rows
        found += sorted(str(row["e"]) for row in rows)
    return found


def test_entity_rdf_holds_only_what_public_graphs_state(
    ingested: tuple[OxigraphStore, Settings],
) -> None:
    store, settings = ingested
    index = Iris(BASE).index_graph
    public = _public_triples(store)
    client: FlaskClient = create_app(settings, store).test_client()
    entities = _entities(store)
    assert len(entities) >= 4
    with_bookkeeping = 0
    for iri in entities:
        bookkeeping = store.select(
            f"SELECT ?p WHERE {{ GRAPH <{index}> {{ <{iri}> ?p ?o }} }} LIMIT 1"
        ).rows
        with_bookkeeping += bool(bookkeeping)
        response = client.get(iri[len(BASE) :], headers={"Accept": "application/n-triples"})
        assert response.status_code == 200
        parsed = ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)
        served = {ox.Triple(t.subject, t.predicate, t.object) for t in parsed}
        assert served, iri
        assert served <= public, (iri, sorted(map(str, served - public))[:3])
        html = client.get(iri[len(BASE) :], headers={"Accept": "text/html"}).get_data(True)
        assert "indexEntity" not in html and "/graph/index" not in html
    assert with_bookkeeping  # the index does hold facts about these entities
