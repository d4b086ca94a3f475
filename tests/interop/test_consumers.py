"""Consumers read what we produce: rdflib (Turtle, N-Quads, JSON-LD), pyld (our JSON-LD with
our context), a fresh store (a Turtle dump re-imported), SPARQLWrapper (a real server)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from scholargraph.cli import main
from scholargraph.queries import load_query
from scholargraph.store import OxigraphStore, read_rdf_file

from .conftest import BASE, BuiltStore, copy_store

START_TIMEOUT_S = 60.0


def export(built: BuiltStore, *args: str) -> bytes:
    result = CliRunner().invoke(
        main, ["--base-iri", BASE, "export", "--store", str(built.path), *args]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def union(built: BuiltStore) -> Graph:
    buffer = io.BytesIO()
    built.store.dump(buffer, "ntriples", exclude_graphs=list(built.iris.internal_graphs))
    return Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def test_rdflib_reads_the_turtle_export(seeds_built: BuiltStore) -> None:
    graph = Graph().parse(data=export(seeds_built, "--format", "turtle"), format="turtle")
    assert isomorphic(graph, union(seeds_built))


def test_rdflib_reads_the_nquads_export_graph_by_graph(seeds_built: BuiltStore) -> None:
    dataset = Dataset()
    dataset.parse(data=export(seeds_built), format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    expected = set(seeds_built.store.graph_names()) - set(seeds_built.iris.internal_graphs)
    assert names == expected
    for name in sorted(expected):
        buffer = io.BytesIO()
        seeds_built.store.dump(buffer, "ntriples", graph=name)
        ours = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
        assert isomorphic(dataset.graph(URIRef(name)), ours), name


def test_rdflib_reads_the_json_ld_export(examples_built: BuiltStore) -> None:
    graph = Graph().parse(data=export(examples_built, "--format", "jsonld"), format="json-ld")
    assert isomorphic(graph, union(examples_built))


def test_pyld_expands_our_json_ld_with_our_context(examples_built: BuiltStore) -> None:
    document = json.loads(export(examples_built, "--format", "jsonld"))
    expanded = jsonld.expand(document)
    properties = {key for node in expanded for key in node}
    assert "http://schema.org/name" in properties
    assert "http://vivoweb.org/ontology/core#rank" in properties
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nquads"), union(examples_built))


def test_turtle_dump_reimported_into_a_fresh_store_is_the_same_graph(
    seeds_built: BuiltStore, tmp_path: Path
) -> None:
    dump = tmp_path / "seeds.ttl"
    dump.write_bytes(export(seeds_built, "--format", "turtle"))
    fresh = OxigraphStore()
    graph_name = "urn:x-scholargraph:reimport"
    fresh.bulk_add(
        (s, p, o, graph_name)  # type: ignore[misc]
        for s, p, o, _ in read_rdf_file(dump, BASE + "/")
    )
    buffer = io.BytesIO()
    fresh.dump(buffer, "ntriples")
    again = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    assert isomorphic(again, union(seeds_built))


# ----------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def server_url(seeds_built: BuiltStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``scholargraph serve`` over a copy of the seeds store, on a free loopback port."""
    folder = tmp_path_factory.mktemp("serve")
    store = copy_store(seeds_built, folder / "store")
    env = {k: v for k, v in os.environ.items() if k != "SCHOLARGRAPH_STORE"}
    command = [
        sys.executable, "-m", "scholargraph.cli", "--base-iri", BASE, "serve",
        "--store", str(store), "--host", "127.0.0.1", "--port", "0", "--workers", "1",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    deadline, line = time.monotonic() + START_TIMEOUT_S, ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "http://" in line or process.poll() is not None:
            break
    if "http://" not in line:
        process.kill()
        pytest.fail(f"scholargraph serve did not start: {line!r} {process.communicate()[1]}")
    yield line.split(" at ", 1)[1].split(" ", 1)[0]
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.mark.e2e
def test_sparqlwrapper_reads_the_served_graph(server_url: str, seeds_built: BuiltStore) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server_url + "sparql")
    client.setQuery(load_query("people-by-topic"))
    client.setReturnFormat(JSON)
    served = client.query().convert()
    assert isinstance(served, dict)
    local = seeds_built.store.select(load_query("people-by-topic")).rows
    assert len(served["results"]["bindings"]) == len(local) > 0

    client.setQuery(
        "CONSTRUCT { ?p <http://schema.org/name> ?n } WHERE { ?p a <http://schema.org/Person> ;"
        " <http://schema.org/name> ?n }"
    )
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    graph = Graph().parse(data=body, format="turtle")
    people = seeds_built.store.select(
        "SELECT DISTINCT ?p WHERE { ?p a <http://schema.org/Person> }"
    ).rows
    assert len(set(graph.subjects())) == len(people)
