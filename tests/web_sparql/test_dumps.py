"""Dumps and the dataset description through the Flask test client (in-process runner)."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time

from flask.testing import FlaskClient
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, VOID

from scholargraph.web.jobs import DumpJob
from scholargraph.web.runners import InProcessRunner

from .sample_graph import IRIS, build_store, quad_count


def test_nquads_dump_leaves_out_the_records_graph(client: FlaskClient) -> None:
    response = client.get("/dump/nquads")
    assert response.status_code == 200 and response.is_streamed
    assert len(response.data.splitlines()) == quad_count() - 2
    assert IRIS.records_graph.encode() not in response.data
    dataset = Dataset()
    dataset.parse(data=response.data, format="nquads")


def test_gzip_and_conditional_requests(client: FlaskClient) -> None:
    plain = client.get("/dump/turtle")
    packed = client.get("/dump/turtle", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    file = client.get("/dump/ttl.gz")
    assert file.data == packed.data and file.mimetype == "application/gzip"
    etag = plain.headers["ETag"]
    assert client.get("/dump/turtle", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/dump/turtle", headers={"If-None-Match": '"other"'}).status_code == 200
    since = plain.headers["Last-Modified"]
    assert client.get("/dump/turtle", headers={"If-Modified-Since": since}).status_code == 304
    head = client.head("/dump/turtle")
    assert head.status_code == 200 and head.headers["ETag"] == etag and not head.data


def test_void(client: FlaskClient) -> None:
    response = client.get("/.well-known/void")
    graph = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(IRIS.dataset)
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in graph
    assert len(list(graph.objects(dataset, DCAT.distribution))) == 10
    nquads = client.get("/dump/nquads").data
    checksum = hashlib.sha256(nquads).hexdigest()
    assert checksum in response.get_data(as_text=True)
    again = client.get("/.well-known/void", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    ntriples = client.get("/.well-known/void?format=nt")
    assert ntriples.mimetype == "application/n-triples"


def test_closing_a_dump_early_stops_its_producer() -> None:
    runner = InProcessRunner(build_store(None))
    before = threading.active_count()
    stream = runner.dump(DumpJob("nquads", False, ()))
    first = next(stream)
    assert first
    stream.close()
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before


def test_a_dump_never_iterated_releases_its_producer() -> None:
    runner = InProcessRunner(build_store(None))
    before = threading.active_count()
    runner.dump(DumpJob("nquads", True, ())).close()
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before


def test_dumps_are_written_in_bounded_chunks() -> None:
    """Memory stays flat: the serialiser hands over fixed-size chunks as it goes, whatever the
    size of the store, and the digest covers exactly what was handed over."""
    from scholargraph.store import OxigraphStore
    from scholargraph.web.jobs import CHUNK_BYTES, write_dump

    store = OxigraphStore()
    store.bulk_add(
        (f"http://s/{i}", "http://p", f"http://o/{i % 97}", f"http://g/{i % 7}")
        for i in range(20_000)
    )
    sizes: list[int] = []
    body = bytearray()

    def emit(chunk: bytes) -> None:
        sizes.append(len(chunk))
        body.extend(chunk)

    digest = write_dump(store, DumpJob("nquads", False, ()), emit)
    assert len(sizes) > 10 and max(sizes) <= CHUNK_BYTES
    assert digest.size == len(body) and digest.sha256 == hashlib.sha256(body).hexdigest()
    assert body.count(b"\n") == 20_000
