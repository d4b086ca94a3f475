"""Dumps and the dataset description from a real server: streamed, gzip, ETag / 304, parse
back to the same quads, checksums that match the bytes, VoID that rdflib reads."""

from __future__ import annotations

import gzip
import hashlib

import pytest
import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, RDF, VOID

from web_sparql.sample_graph import IRIS, quad_count

from .conftest import Server

pytestmark = pytest.mark.e2e

SPDX = "http://spdx.org/rdf/terms#"
RECORDS = IRIS.records_graph


def served_quads() -> int:
    return quad_count() - 2  # the two records-graph quads stay internal


def test_nquads_dump_parses_back_to_the_same_quads(server: Server) -> None:
    response = requests.get(server.url + "dump/nquads", stream=True, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-quads")
    assert "Content-Length" not in response.headers or response.headers["Content-Length"]
    chunks = list(response.iter_content(chunk_size=None))
    body = b"".join(chunks)
    dataset = Dataset()
    dataset.parse(data=body, format="nquads")
    assert len(body.splitlines()) == served_quads()
    named = [g for g in dataset.graphs() if str(g.identifier) != "urn:x-rdflib:default"]
    assert sum(len(g) for g in named) == served_quads()
    assert RECORDS.encode() not in body


@pytest.mark.parametrize("name", ["turtle", "trig", "ntriples", "jsonld", "nq"])
def test_every_format_parses(server: Server, name: str) -> None:
    response = requests.get(server.url + f"dump/{name}", timeout=30)
    assert response.status_code == 200
    rdflib_format = {"ntriples": "nt", "jsonld": "json-ld", "nq": "nquads"}.get(name, name)
    graph = Dataset() if name in ("trig", "nq") else Graph()
    graph.parse(data=response.content, format=rdflib_format)
    assert len(graph) > 0 or name in ("trig", "nq")


def test_gzip_file_and_content_encoding(server: Server) -> None:
    plain = requests.get(server.url + "dump/nquads", timeout=30).content
    packed = requests.get(server.url + "dump/nquads.gz", timeout=30)
    assert packed.headers["Content-Type"] == "application/gzip"
    assert "scholargraph.nq.gz" in packed.headers["Content-Disposition"]
    assert gzip.decompress(packed.content) == plain
    encoded = requests.get(
        server.url + "dump/nquads", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30
    )
    assert encoded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(encoded.raw.read()) == plain
    assert "Accept-Encoding" in encoded.headers["Vary"]


def test_etag_and_last_modified_give_304(server: Server) -> None:
    first = requests.get(server.url + "dump/turtle", timeout=30)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert modified == "Wed, 04 Mar 2026 05:06:07 GMT"  # newest prov:generatedAtTime
    again = requests.get(server.url + "dump/turtle", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    since = requests.get(server.url + "dump/turtle", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    older = requests.get(
        server.url + "dump/turtle", headers={"If-Modified-Since": "Tue, 03 Mar 2026 00:00:00 GMT"}
    )
    assert older.status_code == 200
    plain = requests.get(server.url + "dump/turtle", headers={"Accept-Encoding": "identity"})
    assert plain.headers["ETag"] != etag  # requests asked for gzip: another representation
    other = requests.get(
        server.url + "dump/turtle.gz", headers={"If-None-Match": plain.headers["ETag"]}
    )
    assert other.status_code == 200
    assert other.headers["ETag"] == etag  # the same gzip bytes as the gzip-encoded answer


def test_dump_negotiation_and_head(server: Server) -> None:
    trig = requests.get(server.url + "dump", headers={"Accept": "application/trig"})
    assert trig.headers["Content-Type"].startswith("application/trig")
    assert (
        requests.get(server.url + "dump?format=nq")
        .headers["Content-Type"]
        .startswith("application/n-quads")
    )
    page = requests.get(server.url + "dump", headers={"Accept": "text/html"})
    assert page.headers["Content-Type"].startswith("text/html") and "nquads.gz" in page.text
    head = requests.head(server.url + "dump/nquads", timeout=30)
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"]


def test_void_describes_the_dataset_and_its_checksums(server: Server) -> None:
    response = requests.get(server.url + ".well-known/void", timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    dataset = URIRef(IRIS.dataset)
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(server.sparql)) in graph
    assert int(graph.value(dataset, VOID.triples)) == served_quads()  # type: ignore[arg-type]
    partitions = {
        str(graph.value(p, VOID["class"])): int(graph.value(p, VOID.entities))  # type: ignore[arg-type]
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert partitions["http://schema.org/Person"] == 6
    subsets = set(graph.objects(dataset, VOID.subset))
    assert URIRef(IRIS.resolution_graph) in subsets and URIRef(RECORDS) not in subsets
    assert URIRef("http://schema.org/") in set(graph.objects(dataset, VOID.vocabulary))
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 10
    for distribution in distributions:
        url = str(graph.value(distribution, DCAT.downloadURL))
        checksum = graph.value(distribution, URIRef(SPDX + "checksum"))
        expected = str(graph.value(checksum, URIRef(SPDX + "checksumValue")))
        body = requests.get(url, timeout=30).content
        assert hashlib.sha256(body).hexdigest() == expected, url
        assert int(graph.value(distribution, DCAT.byteSize)) == len(body)  # type: ignore[arg-type]
    jsonld = requests.get(
        server.url + ".well-known/void", headers={"Accept": "application/ld+json"}, timeout=30
    )
    assert len(Graph().parse(data=jsonld.content, format="json-ld")) == len(graph)


def test_cors_on_data_routes(server: Server) -> None:
    response = requests.get(
        server.sparql, params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.test"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(
        server.sparql,
        headers={
            "Origin": "https://elsewhere.test",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
