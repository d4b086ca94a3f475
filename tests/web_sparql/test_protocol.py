"""The /sparql endpoint through the Flask test client (in-process runner): request forms,
datasets, content negotiation, limits, the service description and the query page."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from .sample_graph import IRIS, PEOPLE, W3C_GRAPHS

PERSONS = "SELECT ?p WHERE { ?p a <http://schema.org/Person> }"
GRAPH_1, GRAPH_2, _ = W3C_GRAPHS


def rows(response) -> list[dict[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.data
    return json.loads(response.data)["results"]["bindings"]  # type: ignore[no-any-return]


def test_get_urlencoded_post_and_direct_post_agree(client: FlaskClient) -> None:
    by_get = rows(client.get("/sparql?query=" + quote(PERSONS)))
    by_form = rows(client.post("/sparql", data={"query": PERSONS}))
    by_body = rows(client.post("/sparql", data=PERSONS, content_type="application/sparql-query"))
    assert len(by_get) == len(PEOPLE)
    assert by_get == by_form == by_body


def test_default_dataset_is_the_union_and_from_is_honoured(client: FlaskClient) -> None:
    union = "SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> }"
    assert len(rows(client.get("/sparql", query_string={"query": union}))) == 3
    named = f"SELECT ?s FROM <{GRAPH_1}> WHERE {{ ?s a <http://xmlns.com/foaf/0.1/Document> }}"
    assert len(rows(client.get("/sparql", query_string={"query": named}))) == 1


def test_protocol_dataset_overrides_the_query(client: FlaskClient) -> None:
    query = f"SELECT ?s FROM <{GRAPH_1}> WHERE {{ ?s ?p ?o }}"
    found = rows(client.get("/sparql", query_string={"query": query, "default-graph-uri": GRAPH_2}))
    assert [r["s"]["value"] for r in found] == [GRAPH_2]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    only = rows(client.get("/sparql", query_string={"query": graphs, "named-graph-uri": GRAPH_1}))
    assert [r["g"]["value"] for r in only] == [GRAPH_1]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("application/json;q=0.1, text/csv;q=0.9", "text/csv"),
        ("application/xml", "application/sparql-results+xml"),
        ("text/html", "text/html"),
    ],
)
def test_select_negotiation(client: FlaskClient, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql?query=" + quote(PERSONS), headers=headers)
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.8", "application/rdf+xml"),
        ("application/n-quads", "application/n-quads"),
        ("application/trig", "application/trig"),
    ],
)
def test_construct_negotiation(client: FlaskClient, accept: str | None, expected: str) -> None:
    query = "CONSTRUCT WHERE { ?p a <http://schema.org/Person> }"
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql?query=" + quote(query), headers=headers)
    assert response.status_code == 200 and response.mimetype == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("xml", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
    ],
)
def test_format_parameter_wins_over_accept(client: FlaskClient, fmt: str, expected: str) -> None:
    response = client.get(
        "/sparql", query_string={"query": PERSONS, "format": fmt}, headers={"Accept": "text/html"}
    )
    assert response.mimetype == expected


def test_sparqlwrapper_style_repeated_format_values(client: FlaskClient) -> None:
    query = "CONSTRUCT WHERE { ?p a <http://schema.org/Person> }"
    response = client.get(
        "/sparql",
        query_string=[("query", query), ("format", "rdf+xml"), ("format", "application/rdf+xml")],
    )
    assert response.mimetype == "application/rdf+xml"
    graph_json = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert graph_json.mimetype == "application/ld+json"


def test_ask_results(client: FlaskClient) -> None:
    query = "ASK { ?s a <http://schema.org/ScholarlyArticle> }"
    assert json.loads(client.get("/sparql?query=" + quote(query)).data)["boolean"] is True
    csv = client.get("/sparql?query=" + quote(query), headers={"Accept": "text/csv"})
    assert csv.data.strip() == b"true"


def test_results_are_capped_and_say_so(client_with: Callable[..., FlaskClient]) -> None:
    client = client_with(max_result_rows=2)
    cut = client.get("/sparql?query=" + quote(PERSONS))
    assert len(rows(cut)) == 2
    assert cut.headers["X-SPARQL-MaxRows"] == "2"
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    response = client.get(
        "/sparql?query=" + quote(construct), headers={"Accept": "application/n-triples"}
    )
    assert len(response.data.splitlines()) == 2
    assert response.headers["X-SPARQL-MaxRows"] == "2"
    # exactly as many rows as the limit, or fewer: nothing was left out, nothing is said
    for limit in (2, 1):
        whole = client.get("/sparql?query=" + quote(f"{PERSONS} LIMIT {limit}"))
        assert len(rows(whole)) == limit
        assert "X-SPARQL-MaxRows" not in whole.headers
    ask = client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))
    assert "X-SPARQL-MaxRows" not in ask.headers


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    found = rows(client.get("/sparql?query=" + quote("SELECT ?x WHERE { BIND(<rel> AS ?x) }")))
    assert found[0]["x"]["value"] == "http://localhost/rel"


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef("http://localhost/sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in graph
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph
    names = set(graph.objects(None, URIRef(sd + "name")))
    assert URIRef(IRIS.resolution_graph) in names


def test_query_page_for_browsers(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "<textarea" in text and "coauthor-network" in text and "recorded-graphs" not in text
    assert "<script src" not in text and "cdn" not in text.lower()  # no external assets
    filled = client.get("/sparql?query=" + quote("ASK {}"), headers={"Accept": "text/html"})
    assert "ASK {}" in filled.get_data(as_text=True)
