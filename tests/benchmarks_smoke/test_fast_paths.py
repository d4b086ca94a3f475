"""Speed paths never change results: on a generated corpus, parallel parsing + the bulk loader
write exactly the store that sequential parsing + per-batch transactions write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from benchmarks.corpus import CorpusInfo, generate_corpus

from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.store import OxigraphStore

RESEARCHERS = 12


def _clock() -> datetime:
    return datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusInfo:
    return generate_corpus(tmp_path_factory.mktemp("corpus-fast"), RESEARCHERS, seed=3)


@pytest.mark.slow
def test_parallel_parse_and_bulk_load_write_the_same_store(
    corpus: CorpusInfo, tmp_path: Path
) -> None:
    stores = []
    for name, workers, bulk_load_pages in (("fast", 2, 1), ("plain", 1, 1_000_000)):
        settings = Settings(
            store=str(tmp_path / name),
            base_iri="https://fast.test",
            parse_workers=workers,
            bulk_load_pages=bulk_load_pages,
        )
        store = OxigraphStore(settings.store)
        report = ingest([corpus.pages_dir], settings, store, clock=_clock)
        assert not report.failed
        assert report.graphs_written == len(report.files) > 16  # enough pages to parallelise
        stores.append({q for g in store.graph_names() for q in store.graph_quads(g)})
        store.close()
    assert stores[0] == stores[1]
