"""Real SPARQL clients against a real server: SPARQLWrapper (JSON, XML, CSV, CONSTRUCT),
rdflib's SPARQLStore, and curl (GET and POST)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import urllib.parse

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from web_sparql.sample_graph import PEOPLE, person

from .conftest import Server

pytestmark = pytest.mark.e2e

NAMES = """PREFIX schema: <http://schema.org/>
SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name } ORDER BY ?name"""


def wrapper(server: Server, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


def test_sparqlwrapper_json(server: Server) -> None:
    result = wrapper(server, NAMES, JSON).query().convert()
    names = [row["name"]["value"] for row in result["results"]["bindings"]]  # type: ignore[index]
    assert names == sorted(PEOPLE.values())


def test_sparqlwrapper_xml(server: Server) -> None:
    document = wrapper(server, NAMES, XML).query().convert()
    literals = document.getElementsByTagName("literal")  # type: ignore[union-attr]
    assert sorted(node.firstChild.data for node in literals) == sorted(PEOPLE.values())


def test_sparqlwrapper_csv(server: Server) -> None:
    body = wrapper(server, NAMES, CSV).query().convert()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))  # type: ignore[union-attr]
    assert [row["name"] for row in rows] == sorted(PEOPLE.values())


def test_sparqlwrapper_sees_an_answer_cut_at_the_row_limit(server: Server) -> None:
    numbers = " ".join(str(n) for n in range(101))  # 10,201 rows; the server's limit: 10,000
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    answer = wrapper(server, query, JSON).query()
    assert answer.info()["x-sparql-maxrows"] == "10000"
    assert len(answer.convert()["results"]["bindings"]) == 10000  # type: ignore[index]
    whole = wrapper(server, query + " LIMIT 10000", JSON).query()
    assert "x-sparql-maxrows" not in whole.info()


def test_sparqlwrapper_ask_and_post(server: Server) -> None:
    client = wrapper(server, "ASK { ?s a <http://schema.org/Person> }", JSON)
    client.setMethod("POST")
    assert client.query().convert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_construct(server: Server) -> None:
    query = """PREFIX schema: <http://schema.org/>
    CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"""
    graph = wrapper(server, query, TURTLE).query().convert()
    if isinstance(graph, bytes):
        graph = Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, Graph)
    assert (URIRef(person("ada-quill")), None, Literal("Ada Quill")) in graph
    assert len(graph) == len(PEOPLE)


@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_rdflib_sparqlstore(server: Server, return_format: str) -> None:
    graph = Graph(store=SPARQLStore(server.sparql, returnFormat=return_format))
    rows = list(graph.query(NAMES))
    assert [str(row.name) for row in rows] == sorted(PEOPLE.values())  # type: ignore[union-attr]
    ask = graph.query("ASK { ?s a <http://schema.org/ScholarlyArticle> }")
    assert ask.askAnswer is True


def test_rdflib_sparqlstore_describe(server: Server) -> None:
    """rdflib's default Accept (RDF/XML or SPARQL XML) fits graph answers too; with
    ``returnFormat="json"`` it accepts only SPARQL JSON, which a DESCRIBE cannot be (406)."""
    graph = Graph(store=SPARQLStore(server.sparql))
    described = graph.query(f"DESCRIBE <{person('bo-lindqvist')}>")
    assert (URIRef(person("bo-lindqvist")), None, Literal("Bo Lindqvist")) in described.graph  # type: ignore[operator]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_get_and_post(server: Server) -> None:
    url = server.sparql + "?query=" + urllib.parse.quote(NAMES)
    got = subprocess.run(
        ["curl", "-sS", "-H", "Accept: text/csv", url],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    assert sorted(PEOPLE.values())[0] in got.stdout.decode()
    posted = subprocess.run(
        ["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/sparql-query",
         "-H", "Accept: application/sparql-results+json", "--data-binary", NAMES, server.sparql],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    rows = json.loads(posted.stdout)["results"]["bindings"]
    assert len(rows) == len(PEOPLE)
    head = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
         "--data-urlencode", f"query={NAMES}", server.sparql],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    assert head.stdout == b"200"
