"""Ingest scenarios run against every store backend (embedded here, Virtuoso in tests/remote).

Each takes settings and an open store, so the same seed-based expectations hold for both.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from scholargraph.config import Settings
from scholargraph.pipeline import forget, ingest
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import PROV, SCHEMA, SG
from scholargraph.store_api import GraphStore


def fixed_clock() -> datetime:
    return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def person_iris_named(store: GraphStore, name: str) -> list[str]:
    rows = store.select(
        "SELECT DISTINCT ?name ?p WHERE { ?p <http://schema.org/name> ?name }",
        {"name": Lit(name)},
    ).rows
    return sorted(str(r["p"]) for r in rows)


def seeds_become_one_graph_per_source(
    settings: Settings, store: GraphStore, seeds: list[Path]
) -> None:
    report = ingest(seeds, settings, store, clock=fixed_clock)
    assert [f.status for f in report.files] == ["added"] * 5
    iris = Iris(settings.base)
    names = store.graph_names()
    sources = [g for g in names if iris.is_source_graph(g)]
    assert len(sources) == 5
    for graph in (iris.metadata_graph, iris.resolution_graph, iris.vocabulary_graph):
        assert graph in names
    # one node for the profile owner across five pages, two languages and two formats
    owners = person_iris_named(store, "Razvan Pascanu")
    assert owners == [f"{settings.base}/id/person/razvan-pascanu"]
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


def reingesting_unchanged_pages_changes_nothing(
    settings: Settings, store: GraphStore, seeds: list[Path]
) -> None:
    ingest(seeds, settings, store, clock=fixed_clock)
    metadata = Iris(settings.base).metadata_graph
    before = set(store.graph_quads(metadata)), len(store)
    report = ingest(seeds, settings, store)
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.graphs_written == 0
    assert (set(store.graph_quads(metadata)), len(store)) == before


def changed_page_replaces_its_graph_and_forget_removes_it(
    settings: Settings, store: GraphStore, seeds: list[Path], tmp_path: Path
) -> None:
    work = tmp_path / "pages"
    work.mkdir()
    profile = work / "profile.txt"
    shutil.copy(seeds[0], profile)
    shutil.copy(seeds[4], work / "aggregator.txt")
    ingest([work], settings, store, clock=fixed_clock)
    iris = Iris(settings.base)
    graph = iris.source_graph(str(profile.resolve()))
    titles = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" in titles

    # re-captured with its longest abstract cut near the end: the resolver reads the page as
    # before, so it is mapped again in place and the resolution is kept
    lines = profile.read_text(encoding="utf-8").splitlines()
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    assert len(lines[longest]) > 600
    lines[longest] = lines[longest][:-20]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([work], settings, store, clock=fixed_clock)
    assert report.resolution_kept and report.graphs_written == 1

    # drop the entry from the page: the new version replaces the old graph
    text = profile.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line != "Torque-Aware Momentum"]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([work], settings, store, clock=fixed_clock)
    assert {f.path: f.status for f in report.files}[str(profile.resolve())] == "updated"
    assert not report.resolution_kept
    titles = {o.value for _, _, o, _ in store.graph_quads(graph) if isinstance(o, Lit)}
    assert "Torque-Aware Momentum" not in titles
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
    # a co-author only the profile page named is gone; one the aggregator also names stays
    assert not store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Nived Rajaraman")})
    assert store.ask("ASK { ?p <http://schema.org/name> ?n }", {"n": Lit("Anunay Yadav")})
    person = f"{settings.base}/id/person/razvan-pascanu"
    assert store.objects(person, SCHEMA.name, iris.resolution_graph)
