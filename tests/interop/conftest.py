"""Fixtures for the interoperability tests: real on-disk stores built once per session from the
seed captures, the example pages and a small generated corpus, and their union graphs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.rdf.iris import Iris
from scholargraph.store import OxigraphStore
from scholargraph.validate import load_shapes, union_graph

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO.parent / "shared" / "seeds"
EXAMPLES_DIR = REPO / "examples" / "pages"
ONTOLOGY = REPO / "ontology"
BASE = "https://graph.test"
CORPUS_RESEARCHERS = 8
CORPUS_SEED = 7

if str(REPO) not in sys.path:  # the benchmarks package holds the corpus generator
    sys.path.insert(0, str(REPO))


def fixed_clock() -> datetime:
    return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@dataclass
class BuiltStore:
    """A store built from some pages: its folder, settings and an open read-only handle."""

    path: Path
    settings: Settings
    store: OxigraphStore

    @property
    def iris(self) -> Iris:
        return Iris(BASE)

    def union(self) -> Graph:
        """The union of the store's graphs, records left out (what validation sees)."""
        return union_graph(self.store, self.iris)


def build(folder: Path, pages: list[Path]) -> BuiltStore:
    settings = Settings(store=str(folder / "store"), base_iri=BASE, parse_workers=1)
    writer = OxigraphStore(settings.store)
    try:
        report = ingest(pages, settings, writer, clock=fixed_clock)
    finally:
        writer.close()
    assert not report.failed, [f.message for f in report.failed]
    return BuiltStore(Path(settings.store), settings, OxigraphStore(settings.store, read_only=True))


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltStore]:
    pages = sorted(SEEDS_DIR.glob("*.txt"))
    if len(pages) != 5:
        pytest.skip(f"the five seed captures are not in {SEEDS_DIR}")
    built = build(tmp_path_factory.mktemp("seeds"), pages)
    yield built
    built.store.close()


@pytest.fixture(scope="session")
def examples_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltStore]:
    built = build(tmp_path_factory.mktemp("examples"), sorted(EXAMPLES_DIR.glob("*.txt")))
    yield built
    built.store.close()


@pytest.fixture(scope="session")
def corpus_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltStore]:
    from benchmarks.corpus import generate_corpus

    folder = tmp_path_factory.mktemp("corpus")
    info = generate_corpus(folder / "pages", researchers=CORPUS_RESEARCHERS, seed=CORPUS_SEED)
    built = build(folder, sorted(info.files))
    yield built
    built.store.close()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes(ONTOLOGY / "shapes.ttl")


@pytest.fixture(scope="session")
def examples_union(examples_built: BuiltStore) -> Graph:
    return examples_built.union()


def copy_store(built: BuiltStore, target: Path) -> Path:
    """A consistent copy of a built store (for a process, or a test that writes, of its own)."""
    built.store.backup(target)
    return target
