"""Virtuoso killed in the middle of an ingest: nothing committed is lost, a source is never
half-written, what was interrupted is detected, and the next ingest finishes the job."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.errors import RemoteStoreError
from scholargraph.pipeline import graph_digest, ingest, stored_documents, stored_sources
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import SG
from scholargraph.remote_store import RemoteStore
from scholargraph.store import canonical_ntriples

from .conftest import BASE, EXAMPLES_DIR, Virtuoso

PAGES = 24


def make_corpus(folder: Path, version: int) -> None:
    """Many distinct pages: the example profile with a per-page co-author and title."""
    folder.mkdir(exist_ok=True)
    template = (EXAMPLES_DIR / "marchand-en-p1.txt").read_text(encoding="utf-8")
    for number in range(PAGES):
        extra = f"Crash Test Study {number} Revision {version}\nZofia Nowak{number}\n"
        (folder / f"page-{number:03d}.txt").write_text(template + extra, encoding="utf-8")


def check(settings: Settings) -> tuple[int, int, set[str]]:
    """(old, new, stale): every source graph is whole (one version of the page); ``stale``
    lists sources whose graph is newer than their metadata (the next ingest rewrites them)."""
    store = RemoteStore.from_settings(settings)
    try:
        iris = Iris(BASE)
        sources = stored_sources(store, iris)
        records = stored_documents(store, iris)
        versions = {0: 0, 1: 0}
        stale = set()
        for source in sources.values():
            quads = list(store.graph_quads(source.graph))
            assert quads, f"{source.source_id}: metadata without a graph"
            assert source.source_id in records, f"{source.source_id}: no record"
            assert records[source.source_id].content_sha256 == source.content_hash
            titles = {
                o.value for _, p, o, _ in quads if p == SG.nameAsWritten and isinstance(o, Lit)
            }
            found = {v for v in (0, 1) if any(f"Revision {v}" in t for t in titles)}
            assert len(found) == 1, f"{source.source_id}: half of each version"
            version = found.pop()
            versions[version] += 1
            if graph_digest(quads) != source.digest:
                stale.add(source.source_id)
        graphs = {g for g in store.graph_names() if iris.is_source_graph(g)}
        assert graphs == {s.graph for s in sources.values()}, "a graph without metadata"
        return versions[0], versions[1], stale
    finally:
        store.close()


@pytest.mark.slow
def test_killing_virtuoso_mid_ingest_loses_nothing_and_the_next_run_repairs(
    clean_virtuoso: Virtuoso, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = clean_virtuoso
    settings = server.settings(retries=1, retry_backoff_s=0.05, timeout_s=10.0)
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 0)
    store = RemoteStore.from_settings(settings)
    ingest([corpus], settings, store)
    store.close()
    assert check(settings) == (PAGES, 0, set())

    make_corpus(corpus, 1)  # every page changes

    # 1. killed between two sources: after the 5th source's graph and metadata landed
    kill_after = 5
    store = RemoteStore.from_settings(settings)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "write" and done == kill_after:
            server.kill()

    with pytest.raises(RemoteStoreError) as caught:
        ingest([corpus], settings, store, progress=progress)
    store.close()
    assert str(server.http_port) in (caught.value.where or "")
    server.start()  # Virtuoso replays its transaction log
    old, new, stale = check(settings)
    assert old + new == PAGES and new >= kill_after and not stale

    # 2. killed between a graph's PUT and its metadata update: the graph is new, its metadata
    #    old; the next run sees the difference and writes that source again
    put_graph = RemoteStore._put_graph
    puts: list[str] = []

    def put_then_die(self: RemoteStore, graph: str, data: bytes) -> None:
        put_graph(self, graph, data)
        puts.append(graph)
        if len(puts) == 3:
            server.kill()

    monkeypatch.setattr(RemoteStore, "_put_graph", put_then_die)
    store = RemoteStore.from_settings(settings)
    with pytest.raises(RemoteStoreError):
        ingest([corpus], settings, store)
    store.close()
    monkeypatch.undo()
    server.start()
    old2, new2, stale = check(settings)
    assert old2 + new2 == PAGES and new2 >= new
    assert len(stale) == 1  # the source whose metadata update never ran

    # 3. the next ingest converges: every page new, every graph matching its metadata
    store = RemoteStore.from_settings(settings)
    report = ingest([corpus], settings, store)
    store.close()
    assert not report.failed
    assert check(settings) == (0, PAGES, set())
    # and once more: nothing left to do
    store = RemoteStore.from_settings(settings)
    again = ingest([corpus], settings, store)
    store.close()
    assert {f.status for f in again.files} == {"unchanged"} and again.graphs_written == 0


def test_canonical_form_is_what_digests_see() -> None:
    """Stored literals are canonical (as in Oxigraph); the digest compares mapped quads, so a
    page whose mapping writes xsd:int still matches its stored graph after a round trip."""
    quad = ("http://ex/s", "http://ex/p", Lit("1", "http://www.w3.org/2001/XMLSchema#int"), "g")
    assert b"XMLSchema#integer" in canonical_ntriples([quad])
