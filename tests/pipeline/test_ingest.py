"""Ingest: seeds into a real on-disk store, idempotence, order independence, updates, forget."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.pipeline import forget, ingest
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import PROV, SCHEMA, SG
from scholargraph.store import OxigraphStore

from .conftest import BASE, fixed_clock

# Provenance that records *when* and *by which run* a graph was written differs between runs
# by design; everything else must be identical whatever the order of ingestion.
VOLATILE = {PROV.generatedAtTime, PROV.wasGeneratedBy, PROV.startedAtTime, PROV.endedAtTime}


def stable_quads(store: OxigraphStore) -> set[tuple[object, ...]]:
    iris = Iris(BASE)
    out = set()
    for graph in store.graph_names():
        for s, p, o, g in store.graph_quads(graph):
            if p in VOLATILE or "/id/run/" in str(s) or "/id/run/" in str(o):
                continue
            if g == iris.records_graph:
                continue  # records embed paths/retrieval dates, checked separately
            out.add((s, p, o, g))
    return out


def person_iris_named(store: OxigraphStore, name: str) -> list[str]:
    rows = store.select(
        "SELECT DISTINCT ?name ?p WHERE { ?p <http://schema.org/name> ?name }",
        {"name": Lit(name)},
    ).rows
    return sorted(str(r["p"]) for r in rows)


def test_seeds_become_one_graph_per_source(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore]
) -> None:
    store = open_store()
    report = ingest(seeds, settings, store, clock=fixed_clock)
    assert [f.status for f in report.files] == ["added"] * 5
    iris = Iris(BASE)
    sources = [g for g in store.graph_names() if iris.is_source_graph(g)]
    assert len(sources) == 5
    for graph in (iris.metadata_graph, iris.resolution_graph, iris.vocabulary_graph):
        assert graph in store.graph_names()
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


def test_reingesting_unchanged_pages_changes_nothing(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore]
) -> None:
    store = open_store()
    ingest(seeds, settings, store, clock=fixed_clock)
    before = set(store.graph_quads(Iris(BASE).metadata_graph)), len(store)
    report = ingest(seeds, settings, store)
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.graphs_written == 0
    assert (set(store.graph_quads(Iris(BASE).metadata_graph)), len(store)) == before


@pytest.mark.slow
def test_order_and_batching_do_not_change_the_graph(seeds: list[Path], tmp_path: Path) -> None:
    results = []
    orders = [
        [seeds],  # all at once
        [[s] for s in reversed(seeds)],  # one by one, reversed
        [[seeds[4], seeds[1]], [seeds[3], seeds[0], seeds[2]]],  # two batches, mixed
    ]
    for number, batches in enumerate(orders):
        settings = Settings(store=str(tmp_path / f"s{number}"), base_iri=BASE, parse_workers=1)
        store = OxigraphStore(settings.store)
        for batch in batches:
            ingest(batch, settings, store, clock=fixed_clock)
        results.append(stable_quads(store))
        store.close()
    assert results[0] == results[1]
    assert results[0] == results[2]


def test_changed_page_replaces_its_graph_and_forget_removes_it(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore], tmp_path: Path
) -> None:
    work = tmp_path / "pages"
    work.mkdir()
    profile = work / "profile.txt"
    aggregator = work / "aggregator.txt"
    shutil.copy(seeds[0], profile)
    shutil.copy(seeds[4], aggregator)
    store = open_store()
    ingest([work], settings, store, clock=fixed_clock)
    iris = Iris(BASE)
    graph = iris.source_graph(str(profile.resolve()))
    titles_before = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" in titles_before

    # drop the entry from the page: the new version replaces the old graph
    text = profile.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line != "Torque-Aware Momentum"]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([work], settings, store, clock=fixed_clock)
    assert {f.path: f.status for f in report.files}[str(profile.resolve())] == "updated"
    titles_after = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" not in titles_after
    # a paper only that page supported is gone from the whole graph
    assert not store.ask(
        "ASK { ?paper <http://schema.org/name> ?t }", {"t": Lit("Torque-Aware Momentum")}
    )

    # forget the profile: its graph, metadata and record go; the aggregator's facts stay
    forget(str(profile), settings, store, clock=fixed_clock)
    assert graph not in store.graph_names()
    assert not store.objects(graph, SG.sourceId, iris.metadata_graph)
    assert not store.objects(graph, SG.parsedRecord, iris.records_graph)
    assert store.ask(
        "ASK { ?p <http://schema.org/name> ?t }",
        {"t": Lit("The CLRS Algorithmic Reasoning Benchmark")},
    )
    # a co-author only the profile page named is gone
    assert not store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Nived Rajaraman")})
    assert store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Anunay Yadav")})
    assert store.objects(f"{BASE}/id/person/razvan-pascanu", SCHEMA.name, iris.resolution_graph)
