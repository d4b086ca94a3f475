"""The dataset description and the service description at scale: neither waits for work over
the whole store, nor grows with the number of source graphs past a bound.

The statistics and checksums behind ``/.well-known/void`` read the whole store (minutes at
10k researchers), so they are computed in the background: a runner here holds its statistics
job until the test lets it go, as a big store would."""

from __future__ import annotations

import threading
import time

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDFS, VOID

from scholargraph.config import Settings, WebSettings
from scholargraph.errors import StoreError
from scholargraph.web import create_app
from scholargraph.web.jobs import DatasetStats, StatsJob
from scholargraph.web.negotiation import DUMP_FORMATS
from scholargraph.web.runners import InProcessRunner
from scholargraph.web.service_description import service_description

from .sample_graph import BASE, IRIS, build_store

SPDX_CHECKSUM = URIRef("http://spdx.org/rdf/terms#checksum")
FORMATS = tuple(fmt.name for fmt in DUMP_FORMATS)


class HeldStats(InProcessRunner):
    """Statistics wait for ``release`` (a whole-store job that takes long); ``fail`` makes
    the next one fail instead."""

    def __init__(self) -> None:
        super().__init__(build_store(None))
        self.release = threading.Event()
        self.fail = False
        self.stats_jobs = 0

    def stats(self, job: StatsJob) -> DatasetStats:
        self.stats_jobs += 1
        assert self.release.wait(30)
        if self.fail:
            self.fail = False
            raise StoreError("the store went away")
        return super().stats(job)


def _app(runner: HeldStats, wait: float = 0.0):  # type: ignore[no-untyped-def]
    web = WebSettings(description_wait_s=wait)
    app = create_app(Settings(store="unused", base_iri=BASE, web=web), runner.store, runner=runner)
    app.testing = True
    return app


def _void(client, **headers: str):  # type: ignore[no-untyped-def]
    response = client.get("/.well-known/void", headers=headers)
    graph = Graph().parse(data=response.data, format="turtle") if response.data else Graph()
    return response, graph


def test_the_description_answers_at_once_and_is_complete_once_computed() -> None:
    runner = HeldStats()
    app = _app(runner)
    client = app.test_client()
    dataset = URIRef(IRIS.dataset)

    first, graph = _void(client)
    assert first.status_code == 200
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in graph
    comment = str(graph.value(dataset, RDFS.comment))
    assert comment.startswith("Incomplete description: the statistics and the sizes")
    assert not list(graph.objects(dataset, VOID.classPartition))
    assert not list(graph.subject_objects(SPDX_CHECKSUM))
    assert len(list(graph.objects(dataset, DCAT.distribution))) == 10  # the files, unsized
    assert "Last-Modified" not in first.headers  # If-Modified-Since must not keep a part
    partial = first.headers["ETag"]
    assert client.get("/.well-known/void", headers={"If-None-Match": partial}).status_code == 304

    for _ in range(3):  # asked again while it computes: still one job
        assert _void(client)[0].status_code == 200
    assert runner.stats_jobs == 1

    runner.release.set()
    known = app.extensions["scholargraph.dataset_info"].describe(FORMATS, wait=60)
    assert known.complete and known.failure is None

    full, graph = _void(client)
    assert graph.value(dataset, RDFS.comment) is None
    assert list(graph.objects(dataset, VOID.classPartition))
    assert len(list(graph.subject_objects(SPDX_CHECKSUM))) == 10
    assert full.headers["ETag"] != partial and "Last-Modified" in full.headers
    assert client.get("/.well-known/void", headers={"If-None-Match": partial}).status_code == 200
    assert runner.stats_jobs == 1  # kept for this state of the store


def test_a_short_wait_is_enough_for_a_small_store() -> None:
    runner = HeldStats()
    runner.release.set()
    response, graph = _void(_app(runner, wait=30).test_client())
    assert response.status_code == 200 and "Last-Modified" in response.headers
    assert graph.value(URIRef(IRIS.dataset), RDFS.comment) is None
    assert len(list(graph.subject_objects(SPDX_CHECKSUM))) == 10


def test_a_failed_computation_is_said_and_tried_again() -> None:
    runner = HeldStats()
    runner.fail = True
    runner.release.set()
    client = _app(runner, wait=30).test_client()
    response, graph = _void(client)
    assert response.status_code == 200
    comment = str(graph.value(URIRef(IRIS.dataset), RDFS.comment))
    assert "failed (the store went away)" in comment and "tries again" in comment
    graph = _void(client)[1]
    assert graph.value(URIRef(IRIS.dataset), RDFS.comment) is None
    assert runner.stats_jobs == 2


def test_the_service_description_lists_graphs_up_to_a_bound() -> None:
    settings = Settings(store="unused", base_iri=BASE)
    sources = [IRIS.source_graph(f"page-{i}") for i in range(30)]
    own = [IRIS.metadata_graph, IRIS.vocabulary_graph]

    def described(limit: int) -> Graph:
        triples = service_description(
            "http://localhost/sparql",
            settings,
            dataset=IRIS.dataset,
            void_url="http://localhost/.well-known/void",
            graphs=[*own, *sources],
            own_graphs=IRIS.own_graphs,
            graphs_listed=limit,
        )
        graph = Graph()
        for s, p, o in triples:
            graph.add((URIRef(s), URIRef(p), URIRef(o) if isinstance(o, str) else _literal(o)))
        return graph

    sd_name = URIRef("http://www.w3.org/ns/sparql-service-description#name")
    everything = described(limit=32)
    assert len(list(everything.objects(None, sd_name))) == 32
    assert everything.value(URIRef(IRIS.dataset), RDFS.comment) is None

    bounded = described(limit=31)
    assert {str(name) for name in bounded.objects(None, sd_name)} == set(own)
    comment = str(bounded.value(URIRef(IRIS.dataset), RDFS.comment))
    assert comment.startswith("32 named graphs, one per source document, too many to list")
    assert "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }" in comment


def _literal(term):  # type: ignore[no-untyped-def]
    from rdflib import Literal

    return Literal(
        term.value, lang=term.language, datatype=None if term.language else term.datatype
    )


def test_the_dumps_page_starts_the_computation_and_shows_what_it_found() -> None:
    runner = HeldStats()
    runner.release.set()
    app = _app(runner)
    client = app.test_client()
    info = app.extensions["scholargraph.dataset_info"]
    fingerprint = info.state().fingerprint
    assert client.get("/dump", headers={"Accept": "text/html"}).status_code == 200
    deadline = time.monotonic() + 60
    while info.known_digest(fingerprint, FORMATS[-1], True) is None:  # starts nothing itself
        assert time.monotonic() < deadline, "the dumps page started no computation"
        time.sleep(0.05)
    page = client.get("/dump", headers={"Accept": "text/html"}).get_data(as_text=True)
    for name in FORMATS:
        for gzip in (False, True):
            assert info.known_digest(fingerprint, name, gzip).sha256 in page


def test_only_the_first_requests_wait_for_a_long_computation() -> None:
    runner = HeldStats()  # held: the statistics take "minutes"
    client = _app(runner, wait=3).test_client()
    started = time.monotonic()
    assert _void(client)[0].status_code == 200
    assert time.monotonic() - started >= 3  # waited for them, up to the limit
    started = time.monotonic()
    assert _void(client)[0].status_code == 200
    assert time.monotonic() - started < 3  # the computation began 3 s ago: no second wait
    runner.release.set()
