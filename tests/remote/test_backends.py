"""The same seed-based expectations on the embedded store and on Virtuoso, and equal dumps."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from scholargraph.config import Settings
from scholargraph.pipeline import forget, ingest
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import PROV, SCHEMA, SG
from scholargraph.store import OxigraphStore
from scholargraph.store_api import GraphStore, open_store

from .conftest import BASE, Backend, Virtuoso

# when and by which run a graph was written differs between runs by design
VOLATILE = {PROV.generatedAtTime, PROV.wasGeneratedBy, PROV.startedAtTime, PROV.endedAtTime}


def fixed_clock() -> datetime:
    return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def person_iris_named(store: GraphStore, name: str) -> list[str]:
    rows = store.select(
        "SELECT DISTINCT ?name ?p WHERE { ?p <http://schema.org/name> ?name }",
        {"name": Lit(name)},
    ).rows
    return sorted(str(r["p"]) for r in rows)


def test_seeds_become_one_graph_per_source(backend: Backend, seeds: list[Path]) -> None:
    store = backend.open()
    report = ingest(seeds, backend.settings, store, clock=fixed_clock)
    assert [f.status for f in report.files] == ["added"] * 5
    iris = Iris(BASE)
    names = store.graph_names()
    sources = [g for g in names if iris.is_source_graph(g)]
    assert len(sources) == 5
    for graph in (iris.metadata_graph, iris.resolution_graph, iris.vocabulary_graph):
        assert graph in names
    # one node for the profile owner across five pages, two languages and two formats
    owners = person_iris_named(store, "Razvan Pascanu")
    assert owners == [f"{BASE}/id/person/razvan-pascanu"]
    graphs_with_owner = store.select(
        "SELECT DISTINCT ?p ?g WHERE { GRAPH ?g { ?p a <http://schema.org/Person> } }",
        {"p": owners[0]},
    ).rows
    assert {str(r["g"]) for r in graphs_with_owner} == set(sources)
    # every source graph has provenance
    for graph in sources:
        assert store.objects(graph, PROV.wasDerivedFrom, iris.metadata_graph)
        assert store.objects(graph, SG.contentHash, iris.metadata_graph)
    assert report.entities["person"] > 100
    assert report.merges > 0


def test_reingesting_unchanged_pages_changes_nothing(backend: Backend, seeds: list[Path]) -> None:
    store = backend.open()
    ingest(seeds, backend.settings, store, clock=fixed_clock)
    metadata = Iris(BASE).metadata_graph
    before = set(store.graph_quads(metadata)), len(store)
    report = ingest(seeds, backend.settings, store)
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.graphs_written == 0
    assert (set(store.graph_quads(metadata)), len(store)) == before


def test_changed_page_replaces_its_graph_and_forget_removes_it(
    backend: Backend, seeds: list[Path], tmp_path: Path
) -> None:
    work = tmp_path / "pages"
    work.mkdir()
    profile, aggregator = work / "profile.txt", work / "aggregator.txt"
    shutil.copy(seeds[0], profile)
    shutil.copy(seeds[4], aggregator)
    settings = backend.settings
    store = backend.open()
    ingest([work], settings, store, clock=fixed_clock)
    iris = Iris(BASE)
    graph = iris.source_graph(str(profile.resolve()))
    titles = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" in titles

    text = profile.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line != "Torque-Aware Momentum"]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([work], settings, store, clock=fixed_clock)
    assert {f.path: f.status for f in report.files}[str(profile.resolve())] == "updated"
    titles = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" not in titles
    assert not store.ask(
        "ASK { ?paper <http://schema.org/name> ?t }", {"t": Lit("Torque-Aware Momentum")}
    )

    forget(str(profile), settings, store, clock=fixed_clock)
    assert graph not in store.graph_names()
    assert not store.objects(graph, SG.sourceId, iris.metadata_graph)
    assert not store.objects(graph, SG.parsedRecord, iris.records_graph)
    assert store.ask(
        "ASK { ?p <http://schema.org/name> ?t }",
        {"t": Lit("The CLRS Algorithmic Reasoning Benchmark")},
    )
    assert not store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Nived Rajaraman")})
    assert store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Anunay Yadav")})
    assert store.objects(f"{BASE}/id/person/razvan-pascanu", SCHEMA.name, iris.resolution_graph)


# ----------------------------------------------------------------------------- same data


def stable_union(nquads: bytes, records_graph: str) -> Graph:
    """The union of a dump's graphs but the records graph, volatile provenance left out."""
    dataset = Dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    union = Graph()
    volatile = {str(p) for p in VOLATILE}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = str(getattr(g, "identifier", g))
        if name == records_graph or str(p) in volatile:
            continue
        if "/id/run/" in str(s) or "/id/run/" in str(o):
            continue
        union.add((s, p, o))
    return union


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own N-Quads parser
def test_dumps_of_both_stores_are_isomorphic(
    clean_virtuoso: Virtuoso, seeds: list[Path], tmp_path: Path
) -> None:
    embedded = Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)
    remote = clean_virtuoso.settings()
    dumps = {}
    for name, settings in (("oxigraph", embedded), ("virtuoso", remote)):
        store = open_store(settings)
        try:
            ingest(seeds, settings, store, clock=fixed_clock)
            out = io.BytesIO()
            store.dump(out, "nquads")
            dumps[name] = out.getvalue()
            names = sorted(store.graph_names())
        finally:
            store.close()
        dumps[name + "-graphs"] = "\n".join(names).encode()
    assert dumps["oxigraph-graphs"] == dumps["virtuoso-graphs"]
    records = Iris(BASE).records_graph
    left = stable_union(dumps["oxigraph"], records)
    right = stable_union(dumps["virtuoso"], records)
    assert len(left) == len(right) > 1000
    assert isomorphic(left, right), sorted(set(left) ^ set(right))[:10]


def test_turtle_dump_of_one_graph_and_len_agree(
    clean_virtuoso: Virtuoso, seeds: list[Path], tmp_path: Path
) -> None:
    embedded = OxigraphStore(tmp_path / "store")
    remote = open_store(clean_virtuoso.settings())
    try:
        settings = Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)
        ingest(seeds[:2], settings, embedded, clock=fixed_clock)
        ingest(seeds[:2], clean_virtuoso.settings(), remote, clock=fixed_clock)
        graph = Iris(BASE).source_graph(str(seeds[0].resolve()))
        turtles = []
        for store in (embedded, remote):
            out = io.BytesIO()
            store.dump(out, "turtle", graph=graph)
            turtles.append(Graph().parse(data=out.getvalue().decode(), format="turtle"))
        assert isomorphic(turtles[0], turtles[1])
        assert len(embedded) == len(remote)
    finally:
        embedded.close()
        remote.close()
