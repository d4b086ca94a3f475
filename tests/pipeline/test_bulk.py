"""Many new pages go through Oxigraph's bulk loader: the store it writes equals the one the
transactional path writes, and what an interrupted bulk load leaves is removed by the next
ingest, never taken for a stored page."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.pipeline import ingest, stored_documents, stored_sources
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit, typed
from scholargraph.rdf.vocab import RDF, SCHEMA, SG
from scholargraph.store import OxigraphStore

from .conftest import BASE, EXAMPLES_DIR, fixed_clock
from .test_crash import PAGES, assert_consistent, make_corpus
from .test_ingest import stable_quads


def _ingest(paths: list[Path], store_path: Path, bulk_load_pages: int) -> OxigraphStore:
    settings = Settings(
        store=str(store_path), base_iri=BASE, parse_workers=1, bulk_load_pages=bulk_load_pages
    )
    store = OxigraphStore(store_path)
    report = ingest(paths, settings, store, clock=fixed_clock)
    assert not report.failed
    return store


@pytest.mark.slow
def test_bulk_and_transactional_paths_write_the_same_store(
    seeds: list[Path], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 0)
    results = []
    for number, bulk_load_pages in enumerate((1, 1_000_000)):
        store = _ingest([corpus, *seeds], tmp_path / f"store{number}", bulk_load_pages)
        records = set(store.graph_quads(Iris(BASE).records_graph))
        results.append((stable_quads(store), records, len(store)))
        store.close()
    # each source's parsed record and the mention keys it was mapped with
    assert len(results[0][1]) == 2 * (PAGES + len(seeds))
    assert results[0] == results[1]
    assert assert_consistent(tmp_path / "store0") == (PAGES + len(seeds), 0)


@pytest.mark.slow
def test_sigkill_during_bulk_load_is_cleaned_up_by_the_next_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 0)
    store_path = tmp_path / "store"
    process = subprocess.run(
        [sys.executable, "-c", KILLER, str(store_path), str(corpus), str(PAGES // 2)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr
    store = OxigraphStore(store_path)
    # commits come after the whole bulk load: no page of the killed run counts as stored
    assert all(entry.digest is None for entry in stored_sources(store, Iris(BASE)).values())
    store.close()
    store = _ingest([corpus], store_path, bulk_load_pages=1)
    resumed = stable_quads(store)
    store.close()
    assert assert_consistent(store_path) == (PAGES, 0)
    clean = _ingest([corpus], tmp_path / "clean", bulk_load_pages=1)
    assert resumed == stable_quads(clean)
    clean.close()


def test_a_bulk_loaded_resolution_graph_left_uncommitted_is_replaced(tmp_path: Path) -> None:
    """A first bulk ingest loads the resolution graph with the pages; stopped before its state
    quad (and the pages' commits) landed, what it left is replaced, not added to."""
    pages = sorted(EXAMPLES_DIR.glob("*.txt"))
    iris = Iris(BASE)
    store_path = tmp_path / "store"
    store = _ingest(pages, store_path, bulk_load_pages=1)
    expected = stable_quads(store)
    resolution = sorted(store.graph_quads(iris.resolution_graph))
    assert len(resolution) > 10
    # what the stop leaves: half of the resolution graph, one quad the next run must not keep,
    # no state quad, no commit quads
    for predicate in (SG.graphDigest, SG.resolvedFrom):
        store.update(f"DELETE WHERE {{ GRAPH <{iris.metadata_graph}> {{ ?g <{predicate}> ?o }} }}")
    store.replace_graphs(
        {iris.resolution_graph: resolution[: len(resolution) // 2]},
        insert=[(f"{BASE}/id/person/ghost", SCHEMA.name, Lit("Ghost"), iris.resolution_graph)],
    )
    store.close()
    store = _ingest(pages, store_path, bulk_load_pages=1)
    assert stable_quads(store) == expected
    assert sorted(store.graph_quads(iris.resolution_graph)) == resolution
    store.close()


def test_uncommitted_leftovers_are_removed_and_committed_pages_kept(tmp_path: Path) -> None:
    pages = sorted(EXAMPLES_DIR.glob("*.txt"))
    store_path = tmp_path / "store"
    store = _ingest(pages, store_path, bulk_load_pages=1)
    iris = Iris(BASE)
    expected = stable_quads(store)
    # what an interrupted bulk load can leave: a graph alone, metadata without its digest
    # (the commit), a record without metadata, metadata without the source's id and hash
    # (found only by the search the run's unfinished-bulk-load marker asks for)
    alone = iris.source_graph("file:///gone/alone.txt")
    partial = iris.source_graph("file:///gone/partial.txt")
    orphan = iris.source_graph("file:///gone/record.txt")
    lost = iris.source_graph("file:///gone/lost.txt")
    crashed = f"{BASE}/id/run/crashed"
    person = f"{BASE}/id/person/nobody"
    some = next(iter(stored_documents(store, iris).values()))
    record = some.model_copy(update={"source_id": "file:///gone/record.txt"}).model_dump_json()
    store.add_sources(
        {alone: [(person, SCHEMA.name, Lit("Nobody"), alone)]},
        [
            (partial, SG.sourceId, Lit("file:///gone/partial.txt"), iris.metadata_graph),
            (partial, SG.contentHash, Lit("sha256:00"), iris.metadata_graph),
            (orphan, SG.parsedRecord, Lit(record, RDF.JSON), iris.records_graph),
            (lost, RDF.type, SG.SourceGraph, iris.metadata_graph),
            (crashed, SG.bulkLoadUnfinished, typed(True, "boolean"), iris.metadata_graph),
        ],
    )
    # and, as every run does before its first write, it removed the resolution's state
    store.replace_graphs({}, delete_subjects={iris.metadata_graph: [iris.resolution_graph]})
    assert stable_quads(store) != expected
    store.close()
    store = _ingest(pages, store_path, bulk_load_pages=1)
    assert stable_quads(store) == expected
    assert store.objects(crashed, SG.bulkLoadUnfinished, iris.metadata_graph) == []
    assert {e.source_id for e in stored_sources(store, iris).values()} == set(
        stored_documents(store, iris)
    )
    store.close()


# The child ingests a fresh store through the bulk path and SIGKILLs itself once it has mapped
# half of the pages: the bulk load is under way, nothing is committed yet.
KILLER = f"""
import os, signal, sys
from pathlib import Path
from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.store import OxigraphStore
store_path, corpus, kill_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings(store=store_path, base_iri={BASE!r}, parse_workers=1, bulk_load_pages=1)
store = OxigraphStore(store_path)
def progress(stage, done, total):
    if stage == "map" and done == kill_after:
        os.kill(os.getpid(), signal.SIGKILL)
ingest([Path(corpus)], settings, store, progress=progress)
"""
