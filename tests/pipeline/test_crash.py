"""A process killed with SIGKILL mid-ingest leaves every source entirely old or entirely new."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.pipeline import graph_digest, ingest, stored_documents, stored_sources
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import SG
from scholargraph.resolution_state import stored_state
from scholargraph.store import OxigraphStore

from .conftest import BASE, EXAMPLES_DIR

PAGES = 120


def make_corpus(folder: Path, version: int) -> None:
    """Many distinct pages: the example profile with a per-page co-author and title."""
    folder.mkdir(exist_ok=True)
    template = (EXAMPLES_DIR / "marchand-en-p1.txt").read_text(encoding="utf-8")
    for number in range(PAGES):
        extra = f"Crash Test Study {number} Revision {version}\nZofia Nowak{number}\n"
        (folder / f"page-{number:03d}.txt").write_text(template + extra, encoding="utf-8")


def assert_consistent(store_path: Path) -> tuple[int, int]:
    """Every source is whole: graph digest matches its metadata, and it has its record."""
    store = OxigraphStore(store_path)
    try:
        iris = Iris(BASE)
        sources = stored_sources(store, iris)
        records = stored_documents(store, iris)
        versions = {0: 0, 1: 0}
        for source in sources.values():
            quads = list(store.graph_quads(source.graph))
            assert quads, f"{source.source_id}: metadata without a graph"
            assert graph_digest(quads) == source.digest, f"{source.source_id}: half-written"
            assert source.source_id in records, f"{source.source_id}: no record"
            assert records[source.source_id].content_sha256 == source.content_hash
            titles = {
                o.value for _, p, o, _ in quads if p == SG.nameAsWritten and isinstance(o, Lit)
            }
            version = 1 if any("Revision 1" in t for t in titles) else 0
            versions[version] += 1
        graphs = {g for g in store.graph_names() if iris.is_source_graph(g)}
        assert graphs == {s.graph for s in sources.values()}, "a graph without metadata"
        return versions[0], versions[1]
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_during_ingest_leaves_sources_old_or_new(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    store_path = tmp_path / "store"
    make_corpus(corpus, 0)
    settings = Settings(store=str(store_path), base_iri=BASE, parse_workers=1)
    store = OxigraphStore(store_path)
    ingest([corpus], settings, store)
    store.close()
    assert assert_consistent(store_path) == (PAGES, 0)

    make_corpus(corpus, 1)  # every page changes
    written_before = 0
    # each run skips the pages earlier runs already wrote, so kill points count new writes
    for kill_after in (1, PAGES // 4, PAGES // 2):
        process = subprocess.run(
            [sys.executable, "-c", KILLER, str(store_path), str(corpus), str(kill_after)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert process.returncode == -signal.SIGKILL, process.stderr
        old, new = assert_consistent(store_path)
        assert old + new == PAGES
        assert new >= written_before + kill_after  # pages written before a kill survive it
        written_before = new
        assert _state(store_path) is None  # removed before the first write, until the last
    # finishing the ingest afterwards converges to the new version of every page
    store = OxigraphStore(store_path)
    ingest([corpus], settings, store)
    store.close()
    assert assert_consistent(store_path) == (0, PAGES)
    assert _state(store_path) is not None


def _state(store_path: Path) -> str | None:
    store = OxigraphStore(store_path)
    try:
        return stored_state(store, Iris(BASE))
    finally:
        store.close()


# The child ingests and SIGKILLs itself right after its Nth source transaction commits: a real
# kill at a known point, with no test hook inside the library.
KILLER = f"""
import os, signal, sys
from pathlib import Path
from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.store import OxigraphStore
store_path, corpus, kill_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings(store=store_path, base_iri={BASE!r}, parse_workers=1)
store = OxigraphStore(store_path)
written = 0
def progress(stage, done, total):
    global written
    if stage == "write":
        written += 1
        if written == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
ingest([Path(corpus)], settings, store, progress=progress)
"""
