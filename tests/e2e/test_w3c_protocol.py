"""The W3C SPARQL 1.1 Protocol and Service Description tests, replayed against real servers.

Every request of the manifest is sent as written (path prefix rewritten, no Accept header added
beyond the client's ``*/*``). On the read-only server the update tests are expected to be
refused: 403 ``query-refused`` with the shared error body where the manifest expects success (their
follow-up checks are then skipped), a 4xx where it expects one. On the server with updates
enabled, every test must pass as the manifest says (requests carry the bearer token).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .conftest import UPDATE_TOKEN, Server
from .w3c_manifest import (
    PROTOCOL_MANIFEST,
    ProtocolRequest,
    ProtocolTest,
    protocol_tests,
    service_description_tests,
)

pytestmark = pytest.mark.e2e
if not PROTOCOL_MANIFEST.is_file():
    pytest.skip(f"W3C manifests not found at {PROTOCOL_MANIFEST}", allow_module_level=True)

TESTS = protocol_tests()
SRX = "{http://www.w3.org/2005/sparql-results#}"
SD = "http://www.w3.org/ns/sparql-service-description#"
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def send(http: requests.Session, server: Server, request: ProtocolRequest, token: str | None):
    headers = dict(request.headers)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return http.request(
        request.method,
        server.url.rstrip("/") + request.path,
        headers=headers,
        data=request.body,
        timeout=30,
    )


def parse_boolean(response: requests.Response) -> bool:
    content_type = response.headers["Content-Type"].split(";")[0]
    if content_type == "application/sparql-results+json":
        value = json.loads(response.content)["boolean"]
        assert isinstance(value, bool)
        return value
    root = ET.fromstring(response.content)
    return root.find(f"{SRX}boolean").text == "true"  # type: ignore[union-attr]


def check_format(request: ProtocolRequest, response: requests.Response) -> None:
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if request.expected_format == "boolean":
        assert content_type in BOOLEAN_TYPES
        value = parse_boolean(response)
        if request.expected_boolean is not None:
            assert value is request.expected_boolean
    elif request.expected_format == "tabular":
        assert content_type in TABULAR_TYPES
        if content_type == "application/sparql-results+json":
            assert "bindings" in json.loads(response.content)["results"]
        elif content_type == "text/csv":
            assert next(csv.reader(io.StringIO(response.text)))
    elif request.expected_format == "RDF":
        assert content_type in RDF_TYPES
        Graph().parse(data=response.content, format=RDF_TYPES[content_type])


def run(http: requests.Session, server: Server, test: ProtocolTest, *, updates: bool) -> None:
    for request in test.requests:
        response = send(http, server, request, UPDATE_TOKEN if updates else None)
        status_class = response.status_code // 100
        assert response.status_code != 500, response.text
        if request.is_update and not updates and 2 in request.expected_status:
            # read-only: refused with the shared error body; later checks depend on it
            assert response.status_code == 403, response.text
            body = response.json()
            assert body["error"] == "query-refused" and body["status"] == 403
            return
        assert status_class in request.expected_status, (response.status_code, response.text)
        if status_class == 4:
            body = response.json()
            assert body["status"] == response.status_code and body["message"]
        if status_class == 2:
            check_format(request, response)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol_read_only(http: requests.Session, server: Server, test: ProtocolTest) -> None:
    run(http, server, test, updates=False)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol_with_updates(
    http: requests.Session, update_server: Server, test: ProtocolTest
) -> None:
    run(http, update_server, test, updates=True)


def test_manifest_has_every_entry() -> None:
    assert len(TESTS) == 34


# ----------------------------------------------------------------------------- service description


def description(http: requests.Session, server: Server, accept: str = "text/turtle") -> Graph:
    response = http.get(server.sparql, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0]
    return Graph().parse(data=response.content, format=RDF_TYPES[media_type])


def check_has_endpoint_triple(http: requests.Session, server: Server) -> None:
    graph = description(http, server)
    endpoint = URIRef(server.sparql)
    assert (None, URIRef(SD + "endpoint"), endpoint) in graph


def check_returns_rdf(http: requests.Session, server: Server) -> None:
    for accept in ("text/turtle", "application/rdf+xml", "application/n-triples", "*/*"):
        assert len(description(http, server, accept)) > 10


def check_conforms_to_schema(http: requests.Session, server: Server) -> None:
    """The terms used are those of the SD vocabulary, with their domains and ranges."""
    graph = description(http, server)
    sd = lambda term: URIRef(SD + term)  # noqa: E731
    services = set(graph.subjects(RDF.type, sd("Service")))
    assert len(services) == 1
    service = services.pop()
    languages = set(graph.objects(service, sd("supportedLanguage")))
    assert sd("SPARQL11Query") in languages
    assert languages <= {sd("SPARQL10Query"), sd("SPARQL11Query"), sd("SPARQL11Update")}
    assert all(isinstance(f, URIRef) for f in graph.objects(service, sd("resultFormat")))
    assert sd("UnionDefaultGraph") in set(graph.objects(service, sd("feature")))
    dataset = graph.value(service, sd("defaultDataset"))
    assert (dataset, RDF.type, sd("Dataset")) in graph
    default_graph = graph.value(dataset, sd("defaultGraph"))
    assert (default_graph, RDF.type, sd("Graph")) in graph
    named = list(graph.objects(dataset, sd("namedGraph")))
    assert named
    for node in named:
        assert (node, RDF.type, sd("NamedGraph")) in graph
        assert isinstance(graph.value(node, sd("name")), URIRef)
    used = {p for p in graph.predicates() if str(p).startswith(SD)}
    known = {"endpoint", "supportedLanguage", "resultFormat", "feature", "defaultDataset",
             "defaultGraph", "namedGraph", "name", "defaultEntailmentRegime"}  # fmt: skip
    assert used <= {sd(term) for term in known}


SD_CHECKS = {
    "has-endpoint-triple": check_has_endpoint_triple,
    "returns-rdf": check_returns_rdf,
    "conforms-to-schema": check_conforms_to_schema,
}


@pytest.mark.parametrize("name", service_description_tests())
def test_service_description(http: requests.Session, server: Server, name: str) -> None:
    SD_CHECKS[name](http, server)


def test_service_description_lists_update_when_enabled(
    http: requests.Session, update_server: Server
) -> None:
    graph = description(http, update_server)
    assert (URIRef(update_server.sparql), URIRef(SD + "supportedLanguage"),
            URIRef(SD + "SPARQL11Update")) in graph  # fmt: skip
