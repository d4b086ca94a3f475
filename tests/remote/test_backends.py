"""The same seed-based expectations on the embedded store and on Virtuoso, and equal dumps."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from pipeline import scenarios  # the shared seed scenarios (tests/pipeline)
from scholargraph.config import Settings
from scholargraph.pipeline import ingest, writing
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.vocab import PROV
from scholargraph.store import OxigraphStore
from scholargraph.store_api import open_store

from .conftest import BASE, Backend, Virtuoso

# when and by which run a graph was written differs between runs by design
fixed_clock = scenarios.fixed_clock

VOLATILE = {PROV.generatedAtTime, PROV.wasGeneratedBy, PROV.startedAtTime, PROV.endedAtTime}


def test_seeds_become_one_graph_per_source(backend: Backend, seeds: list[Path]) -> None:
    scenarios.seeds_become_one_graph_per_source(backend.settings, backend.open(), seeds)


def test_reingesting_unchanged_pages_changes_nothing(backend: Backend, seeds: list[Path]) -> None:
    scenarios.reingesting_unchanged_pages_changes_nothing(backend.settings, backend.open(), seeds)


def test_changed_page_replaces_its_graph_and_forget_removes_it(
    backend: Backend, seeds: list[Path], tmp_path: Path
) -> None:
    scenarios.changed_page_replaces_its_graph_and_forget_removes_it(
        backend.settings, backend.open(), seeds, tmp_path
    )


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
    clean_virtuoso: Virtuoso, seeds: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "INDEX_PART", 97)  # the index graph written in many parts
    embedded = Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)
    # Virtuoso takes the path of a first bulk ingest (its resolution graph goes with the
    # pages), the embedded store one transaction per batch
    remote = clean_virtuoso.settings().model_copy(update={"bulk_load_pages": 1})
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


def test_thousands_of_sources_are_added_and_removed_in_requests_virtuoso_accepts(
    clean_virtuoso: Virtuoso,
) -> None:
    """Virtuoso refuses an INSERT DATA of ~5,000 triples and updates that compile to over
    10,000 lines of SQL; a 10k-researcher ingest sends far more metadata than that."""
    from scholargraph.rdf.nquads import NQuadsWriter
    from scholargraph.rdf.terms import Lit
    from scholargraph.remote_store import RemoteStore
    from scholargraph.store import NewSource

    iris = Iris(BASE)
    writer = NQuadsWriter()
    graphs = [iris.source_graph(f"page-{n}") for n in range(1_200)]

    def source(graph: str) -> NewSource:
        facts = [(f"{graph}#s", f"{BASE}/ns#p{k}", Lit(f"v{k}"), graph) for k in range(2)]
        meta = [(graph, f"{BASE}/ns#m{k}", Lit(f"{k}"), iris.metadata_graph) for k in range(6)]
        commit = ((graph, f"{BASE}/ns#digest", Lit("d"), iris.metadata_graph),)
        return NewSource(graph, writer.text(facts), writer.text(meta), commit)

    store = RemoteStore.from_settings(clean_virtuoso.settings())
    try:
        store.add_new_sources((source(g) for g in graphs), bulk=True)
        assert set(graphs) <= set(store.graph_names())
        assert len(store.objects(graphs[-1], f"{BASE}/ns#digest", iris.metadata_graph)) == 1
        store.remove_graphs(graphs, delete_subjects={iris.metadata_graph: graphs})
        assert not set(graphs) & set(store.graph_names())
        assert store.objects(graphs[0], f"{BASE}/ns#m1", iris.metadata_graph) == []
    finally:
        store.close()


def test_a_graph_bigger_than_one_request_is_staged_then_moved_whole(
    clean_virtuoso: Virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholargraph import remote_store
    from scholargraph.rdf.terms import Lit
    from scholargraph.remote_store import RemoteStore

    monkeypatch.setattr(remote_store, "GRAPH_WRITE_TRIPLES", 1_000)
    graph = Iris(BASE).resolution_graph
    store = RemoteStore.from_settings(clean_virtuoso.settings())
    try:
        for version in ("old", "new"):
            quads = [(f"{BASE}/id/x{n}", f"{BASE}/ns#v", Lit(version), graph) for n in range(4_500)]
            store.replace_graphs({graph: quads})
            assert store._graph_size(graph) == 4_500
            assert store.objects(f"{BASE}/id/x4499", f"{BASE}/ns#v", graph) == [Lit(version)]
        assert f"{graph}/staging" not in store.graph_names()
    finally:
        store.close()
