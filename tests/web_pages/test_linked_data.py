"""Entity IRIs dereference: content negotiation, suffix URLs, redirects, 404 and 406."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from scholargraph.rdf.vocab import OWL, SCHEMA, SG, SKOS, TYPE, VIVO

from .conftest import Fixture, local

# rdflib's JSON-LD parser warns about its own internals.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (BROWSER_ACCEPT, "text/html"),
        ("*/*", "text/html"),
        (None, "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/turtle;q=0.9, text/html;q=0.8", "text/turtle"),
        ("text/html;q=0.5, application/ld+json", "application/ld+json"),
        ("application/n-triples, */*;q=0.1", "application/n-triples"),
        ("text/turtle;q=0, text/html", "text/html"),
    ],
)
def test_content_negotiation_honours_q_values(
    client: FlaskClient, fx: Fixture, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get(local(fx.ada), headers=headers)
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.headers["Vary"]
    link = response.headers["Link"]
    for suffix, mimetype in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json")):
        assert f'<{local(fx.ada)}{suffix}>; rel="alternate"; type="{mimetype}"' in link
    if expected != "text/html":
        assert response.headers["Content-Location"].startswith(local(fx.ada) + ".")


def test_turtle_holds_the_person_and_the_nodes_it_owns(client: FlaskClient, fx: Fixture) -> None:
    response = client.get(local(fx.ada), headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    ada = URIRef(fx.ada)
    assert (ada, URIRef(TYPE), URIRef(SCHEMA.Person)) in graph
    assert (ada, URIRef(SCHEMA.name), Literal("Ada Quill")) in graph
    assert (ada, URIRef(SCHEMA.alternateName), Literal("A. Quill")) in graph
    assert (ada, URIRef(SCHEMA.jobTitle), Literal("Scientifique principale", lang="fr")) in graph
    assert (ada, URIRef(SCHEMA.knowsAbout), URIRef(fx.continual)) in graph
    # owned nodes: membership role, authorships with ranks, observations, merges, retired alias
    roles = set(graph.objects(ada, URIRef(SCHEMA.memberOf)))
    assert len(roles) == 1
    role = roles.pop()
    assert (role, URIRef(SCHEMA.roleName), Literal("Membre affilié", lang="fr")) in graph
    # (Oxigraph stores xsd:int as xsd:integer: compare values, not datatypes)
    ranks = {int(rank) for rank in graph.objects(None, URIRef(VIVO.rank))}  # type: ignore[call-overload]
    assert ranks == {1, 2}
    assert any(graph.subjects(URIRef(SCHEMA.observationAbout), ada))
    assert (URIRef(fx.retired), URIRef(OWL.sameAs), ada) in graph
    assert any(graph.subjects(URIRef(SG.mergedInto), ada))
    # labels of what it links to, in both languages
    assert (
        URIRef(fx.continual),
        URIRef(SKOS.prefLabel),
        Literal("Apprentissage continu", lang="fr"),
    ) in graph
    assert (URIRef(fx.tidal), URIRef(SCHEMA.name), Literal("Tidal Memory for Agents")) in graph
    # prefixes make the Turtle readable, and it opens with the entity itself and its types
    text = response.get_data(as_text=True)
    assert "@prefix schema: <http://schema.org/>" in text
    statements = [line for line in text.splitlines() if not line.startswith("@prefix")]
    assert statements[0].startswith(f"<{fx.ada}> a ")


def test_json_ld_and_n_triples_describe_the_same_graph(client: FlaskClient, fx: Fixture) -> None:
    graphs = {}
    for accept, fmt in (
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ):
        response = client.get(local(fx.tidal), headers={"Accept": accept})
        assert response.status_code == 200
        graphs[fmt] = Graph().parse(data=response.get_data(as_text=True), format=fmt)
    sizes = {fmt: len(graph) for fmt, graph in graphs.items()}
    assert len(set(sizes.values())) == 1, sizes
    from rdflib.compare import isomorphic

    assert isomorphic(graphs["turtle"], graphs["json-ld"])
    assert isomorphic(graphs["turtle"], graphs["nt"])
    paper = URIRef(fx.tidal)
    nt = graphs["nt"]
    assert (paper, URIRef(SG.authorListComplete), Literal(False)) in nt
    assert (paper, URIRef(SCHEMA.datePublished), Literal("2024-05-02", datatype=XSD.date)) in nt
    authors = set(nt.objects(paper, URIRef(SCHEMA.author)))
    assert authors == {URIRef(fx.ada), URIRef(fx.bo), URIRef(fx.zoe)}


def test_json_ld_is_compact_with_project_prefixes(client: FlaskClient, fx: Fixture) -> None:
    body = json.loads(client.get(local(fx.ada) + ".jsonld").get_data(as_text=True))
    assert body["@context"]["schema"] == "http://schema.org/"
    ids = {node["@id"] for node in body["@graph"]}
    assert fx.ada in ids


@pytest.mark.parametrize(
    ("suffix", "mimetype", "fmt"),
    [
        (".ttl", "text/turtle", "turtle"),
        (".jsonld", "application/ld+json", "json-ld"),
        (".nt", "application/n-triples", "nt"),
        (".rdf", "application/rdf+xml", "xml"),
    ],
)
def test_suffix_urls_fix_the_format_whatever_accept_says(
    client: FlaskClient, fx: Fixture, suffix: str, mimetype: str, fmt: str
) -> None:
    response = client.get(local(fx.ada) + suffix, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "Vary" not in response.headers or "Accept," not in response.headers["Vary"]
    graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
    assert (URIRef(fx.ada), URIRef(SCHEMA.name), Literal("Ada Quill")) in graph


def test_html_suffix_and_dotted_keys(client: FlaskClient, fx: Fixture) -> None:
    assert client.get(local(fx.ada) + ".html").mimetype == "text/html"
    # a key with a dot of its own (arXiv category) and the same key with a suffix
    page = client.get(local(fx.category), headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "cs.LG" in page.get_data(as_text=True)
    data = client.get(local(fx.category) + ".ttl")
    graph = Graph().parse(data=data.get_data(as_text=True), format="turtle")
    assert (URIRef(fx.category), URIRef(SKOS.notation), Literal("cs.LG")) in graph


@pytest.mark.parametrize(
    "attribute",
    ["ada", "tidal", "mila", "lumen", "continual", "tidal_topic", "category"],
)
def test_every_kind_of_entity_dereferences(
    client: FlaskClient, fx: Fixture, attribute: str
) -> None:
    iri = getattr(fx, attribute)
    for accept in ("text/html", "text/turtle"):
        assert client.get(local(iri), headers={"Accept": accept}).status_code == 200


def test_owned_nodes_dereference_too(client: FlaskClient, fx: Fixture) -> None:
    ttl = client.get(local(fx.ada) + ".nt").get_data(as_text=True)
    graph = Graph().parse(data=ttl, format="nt")
    nodes = [
        str(s)
        for s in graph.subjects(URIRef(TYPE), None)
        if "/id/authorship/" in str(s) or "/id/observation/" in str(s) or "/id/merge/" in str(s)
    ]
    assert nodes
    for node in nodes:
        assert client.get(local(node), headers={"Accept": "text/html"}).status_code == 200
        assert client.get(local(node), headers={"Accept": "text/turtle"}).status_code == 200
    membership_type = fx.iris.membership_type("affiliate-member")
    page = client.get(local(membership_type), headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Affiliate Member" in page.get_data(as_text=True)


@pytest.mark.parametrize("suffix", ["", ".ttl", ".jsonld"])
def test_retired_iris_redirect_permanently_to_the_survivor(
    client: FlaskClient, fx: Fixture, suffix: str
) -> None:
    response = client.get(local(fx.retired) + suffix + "?lang=fr")
    assert response.status_code == 301
    assert response.headers["Location"] == local(fx.ada) + suffix + "?lang=fr"
    followed = client.get(local(fx.retired) + suffix, follow_redirects=True)
    assert followed.status_code == 200


def test_unknown_iris_are_404_in_the_one_error_shape(client: FlaskClient, fx: Fixture) -> None:
    html = client.get("/id/person/nobody-at-all", headers={"Accept": BROWSER_ACCEPT})
    assert html.status_code == 404
    assert html.mimetype == "text/html"
    assert "not-found" in html.get_data(as_text=True)
    machine = client.get("/id/person/nobody-at-all", headers={"Accept": "text/turtle"})
    assert machine.status_code == 404
    body = machine.get_json()
    assert body["error"] == "not-found" and body["status"] == 404
    assert body["where"].endswith("/id/person/nobody-at-all")
    assert client.get("/id/person/nobody.ttl").status_code == 404
    assert client.get("/id/Not_A_Kind/x").status_code == 404


def test_unsupported_accept_is_406(client: FlaskClient, fx: Fixture) -> None:
    response = client.get(local(fx.ada), headers={"Accept": "image/png"})
    assert response.status_code == 406
    body = response.get_json()
    assert body["error"] == "not-acceptable"
    assert "text/turtle" in body["message"]
    assert 'rel="alternate"' in response.headers["Link"]


def test_head_requests_answer_like_get(client: FlaskClient, fx: Fixture) -> None:
    response = client.head(local(fx.ada), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"


def test_published_jsonld_context_is_served(client: FlaskClient) -> None:
    response = client.get("/ns/context.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "name" in response.get_json()["@context"]
