"""Pages on an empty store, hostile text in the data, odd request paths."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from scholargraph.config import Settings
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Quad, lit
from scholargraph.rdf.vocab import PROV, SCHEMA, TYPE
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app
from scholargraph.web.provenance import SOURCES_SHOWN

BASE = "https://empty.example.test"


def _client(store: OxigraphStore) -> FlaskClient:
    return create_app(Settings(base_iri=BASE), store).test_client()


def test_an_empty_store_still_serves_pages() -> None:
    client = _client(OxigraphStore())
    home = client.get("/", headers={"Accept": "text/html"})
    assert home.status_code == 200
    assert client.get("/search?q=anyone").status_code == 200
    assert client.get("/id/person/anyone").status_code == 404


def test_hostile_text_is_escaped_in_html_and_json_ld() -> None:
    store = OxigraphStore()
    person = f"{BASE}/id/person/mallory"
    graph = f"{BASE}/graph/source/x"
    evil = '</script><script>alert("x")</script><b>'
    store.replace_graphs(
        {graph: [(person, TYPE, SCHEMA.Person, graph), (person, SCHEMA.name, lit(evil), graph)]}
    )
    client = _client(store)
    html = client.get("/id/person/mallory", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<b>" not in html
    assert "&lt;/script&gt;" in html  # shown as text
    results = client.get("/search?q=script").get_data(as_text=True)
    assert "<script>alert" not in results


def test_odd_paths_and_parameters() -> None:
    client = _client(OxigraphStore())
    assert client.get("/id/person/").status_code == 404
    assert client.get("/id/person/%00").status_code == 404
    assert client.get("/id/person/" + "x" * 5000).status_code == 404
    assert client.get("/?lang=xx").status_code == 200
    assert client.get("/search?q=" + "é" * 5000).status_code == 200


def test_percent_encoded_keys_dereference() -> None:
    store = OxigraphStore()
    person = f"{BASE}/id/person/zo%C3%A9"  # as Iris.entity mints a non-ASCII key
    graph = f"{BASE}/graph/source/x"
    store.replace_graphs({graph: [(person, SCHEMA.name, lit("Zoé"), graph)]})
    client = _client(store)
    page = client.get("/id/person/zo%C3%A9", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Zoé" in page.get_data(as_text=True)
    assert client.get("/id/person/zo%C3%A9.ttl").status_code == 200


def test_an_entity_stated_in_thousands_of_graphs_keeps_every_fact(tmp_path: Path) -> None:
    # 3 statements in each of 2,500 graphs: 7,500 statement copies, more than a page once read
    store = OxigraphStore(tmp_path / "store")
    hub = f"{BASE}/id/organization/hub"
    metadata = Iris(BASE).metadata_graph
    graphs: dict[str, list[Quad]] = {metadata: []}
    for n in range(2500):
        graph = f"{BASE}/graph/source/{n:04d}"
        graphs[graph] = [
            (hub, TYPE, SCHEMA.Organization, graph),
            (hub, SCHEMA.name, lit("Hub Institute"), graph),
            (hub, SCHEMA.alternateName, lit("HUBI"), graph),
        ]
        source = f"https://pages.example.test/{n:04d}"
        graphs[metadata].append((graph, PROV.wasDerivedFrom, source, metadata))
    store.replace_graphs(graphs)
    client = _client(store)
    html = client.get("/id/organization/hub", headers={"Accept": "text/html"})
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    assert "<h1" in text and "Hub Institute" in text.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "HUBI" in text
    # the sources: the first hundred listed, the others counted
    sources = text.split('id="sources"', 1)[1].split("</section>", 1)[0]
    assert sources.count("https://pages.example.test/") == 2 * SOURCES_SHOWN  # href and text
    assert "2400 more source documents" in sources and "in all: 2500" in sources
    turtle = client.get("/id/organization/hub.ttl").get_data(as_text=True)
    assert "Hub Institute" in turtle and "HUBI" in turtle and "schema:Organization" in turtle
