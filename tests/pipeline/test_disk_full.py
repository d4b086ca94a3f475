"""An ingest near the storage limit: refused before parsing when the pages would not fit, and
when the disk fills up anyway (another writer, a wrong estimate), a clear error, a failing exit
status, and a store that still holds exactly what it held; with room again, the same ingest
finishes and writes what an ingest on a large disk writes. Real disks: a small tmpfs in a
private mount namespace (:mod:`.small_disk`), so the storage engine's writes really fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate_corpus

from scholargraph.config import Settings
from scholargraph.errors import DiskFull
from scholargraph.pipeline import ingest
from scholargraph.pipeline.disk_space import SpaceNeeded, check_disk_space
from scholargraph.rdf.vocab import SG
from scholargraph.store import OxigraphStore

from .conftest import BASE, EXAMPLES_DIR, REPO, fixed_clock
from .small_disk import run_on_small_disk
from .test_crash import assert_consistent
from .test_ingest import stable_quads, stable_quads_at

DISK_MB = 20  # holds the example pages' store (1.3 MB, estimated 16.1), not the corpus'
ROOMY_MB = 400


def _corpus(tmp_path: Path) -> Path:
    generate_corpus(tmp_path / "corpus", researchers=150, seed=3)
    return tmp_path / "corpus" / "pages"


def _reference(tmp_path: Path, corpus: Path) -> set[tuple[object, ...]]:
    """The examples, then the corpus, ingested on the large disk."""
    path = tmp_path / "reference"
    settings = Settings(store=str(path), base_iri=BASE, parse_workers=1)
    for pages in (EXAMPLES_DIR, corpus):
        store = OxigraphStore(path)
        assert not ingest([pages], settings, store, clock=fixed_clock).failed
        store.close()
    return stable_quads_at(path)


def _scenario(tmp_path: Path, corpus: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    mount = tmp_path / "disk"
    mount.mkdir()
    store = str(mount / "store")
    steps: list[dict[str, Any]] = [
        {"cli": ["ingest", "-q", "--store", store, str(EXAMPLES_DIR)]},
        {"copy": store, "to": str(tmp_path / "before")},
        {"cli": ["ingest", "-q", "--store", store, str(corpus)]},
        {"cli": ["ingest", "-q", "--no-space-check", "--store", store, str(corpus)]},
        {"copy": store, "to": str(tmp_path / "after-failure")},
        {"resize_mb": ROOMY_MB},
        {"cli": ["ingest", "-q", "--store", store, str(corpus)]},
        {"copy": store, "to": str(tmp_path / "after-retry")},
        # a full disk when compacting: the data stay as they were
        {"fill": True},
        {"cli": ["optimize", "--store", store]},
        {"unfill": True},
        {"cli": ["query", "--store", store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]},
    ]
    spec = {
        "mount": str(mount),
        "size_mb": DISK_MB,
        "env": {"SCHOLARGRAPH_BASE_IRI": BASE, "SCHOLARGRAPH_PARSE_WORKERS": "1", **env},
        "steps": steps,
    }
    return run_on_small_disk(spec, cwd=REPO)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["bulk", "transactional"])
def test_a_full_disk_stops_the_ingest_and_loses_nothing(tmp_path: Path, path: str) -> None:
    corpus = _corpus(tmp_path)
    # 400 new pages: under the default threshold they go through transactions, over it through
    # the bulk loader, whose failure has files of its own to clean up
    pages = "50" if path == "bulk" else "100000"
    results = _scenario(tmp_path, corpus, {"SCHOLARGRAPH_BULK_LOAD_PAGES": pages})
    first, _, refused, failed, _, _, retried, _, _, optimized, _, counted = results
    assert first["rc"] == 0, first["stderr"]

    # refused before anything is parsed: the estimate says it would not fit
    assert refused["rc"] == 4, refused["stderr"]
    text = " ".join(refused["stderr"].split())
    assert "not enough free disk space for this ingest" in text
    assert "Nothing was written" in text and "--no-space-check" in text

    # tried anyway: the disk fills up, the error says so, the exit status is the store's
    assert failed["rc"] == 4, failed["stderr"]
    text = " ".join(failed["stderr"].split())
    assert "the disk holding the store is full" in text, text
    assert "What the store held before is intact" in text
    assert not list((tmp_path / "after-failure").glob("bulk-*.sst")), "bulk files left behind"
    # every fact as before; only the resolution's state is gone, removed before the first write
    # as in every ingest (a stopped one leaves none: the next resolves everything again)
    before = stable_quads_at(tmp_path / "before")
    state = {quad for quad in before if quad[1] == SG.resolvedFrom}
    assert len(state) == 1
    assert stable_quads_at(tmp_path / "after-failure") == before - state
    assert assert_consistent(tmp_path / "after-failure") == (4, 0)

    # with room again, the same command finishes, and writes what a large disk would have
    assert retried["rc"] == 0, retried["stderr"]
    assert stable_quads_at(tmp_path / "after-retry") == _reference(tmp_path, corpus)

    # a compaction with no room fails clearly; the data are still all there
    assert optimized["rc"] == 4, optimized["stderr"]
    assert "the disk holding the store is full" in " ".join(optimized["stderr"].split())
    assert counted["rc"] == 0, counted["stderr"]
    store = OxigraphStore(tmp_path / "after-retry")
    try:
        rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    finally:
        store.close()
    assert f" {rows[0]['n'].value} " in counted["stdout"]


def test_the_estimate_refuses_only_what_would_not_fit() -> None:
    needed = SpaceNeeded(pages=10, text_bytes=1_000_000)
    check_disk_space(needed, needed.store_bytes, "store")  # exactly enough
    check_disk_space(needed, None, "http://remote/sparql")  # a remote store's disk: unknown
    check_disk_space(SpaceNeeded(0, 0), 0, "store")  # nothing to parse
    with pytest.raises(DiskFull) as caught:
        check_disk_space(needed, needed.store_bytes - 1, "/srv/store")
    assert caught.value.where == "/srv/store"
    assert caught.value.exit_code == 4 and caught.value.http_status == 507
    assert "10 pages (976.6 KB of text)" in caught.value.message


def test_opening_a_store_removes_what_a_stopped_bulk_load_left(tmp_path: Path) -> None:
    """A killed bulk load leaves its ``bulk-*.sst`` files next to the store's own; nothing
    else would ever remove them. Opening the store for writing does, and keeps the data."""
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)
    store = OxigraphStore(tmp_path / "store")
    ingest([EXAMPLES_DIR], settings, store, clock=fixed_clock)
    kept = stable_quads(store)
    store.close()
    leftover = tmp_path / "store" / "bulk-1234567890.sst"
    leftover.write_bytes(b"\0" * 4096)
    reader = OxigraphStore(tmp_path / "store", read_only=True)  # a reader leaves files alone
    reader.close()
    assert leftover.exists()
    store = OxigraphStore(tmp_path / "store")
    try:
        assert not leftover.exists()
        assert stable_quads(store) == kept
    finally:
        store.close()
