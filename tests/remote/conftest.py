"""A real Virtuoso Open-Source for the remote-store tests, started and stopped by the tests.

``virtuoso-t +foreground`` runs on its own database in a temporary folder, with free loopback
ports for ISQL and HTTP. Updates go through Virtuoso's authenticated endpoints (``/sparql-auth``
and ``/sparql-graph-crud-auth``, HTTP digest, user ``dba``/``dba`` of a fresh database), so no
grant is needed. When ``virtuoso-t`` is missing the tests are skipped, except under CI
(``CI=true``), where they fail: CI installs it (``.ci/run``).

Tests share one instance and one base IRI: ``clean_virtuoso`` drops every graph under that base
before and after each test, so no test sees another's data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.remote_store import RemoteStore
from scholargraph.store_api import GraphStore

from .virtuoso import BASE, VIRTUOSO, Virtuoso, find_virtuoso, free_port

__all__ = ["BASE", "EXAMPLES_DIR", "Backend", "Virtuoso", "free_port"]

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO.parent / "shared" / "seeds"
EXAMPLES_DIR = REPO / "examples" / "pages"


def virtuoso_binary() -> str:
    """The path of virtuoso-t; skips the test when it is missing (fails under CI)."""
    found = find_virtuoso()
    if found is None:
        message = f"{VIRTUOSO} not found (Debian: apt-get install virtuoso-opensource)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the remote-store tests: {message}")
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), virtuoso_binary())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def drop_namespace(server: Virtuoso, base: str) -> None:
    store = RemoteStore.from_settings(server.settings(base))
    try:
        names = store.graph_names()
        if names:
            store.remove_graphs(names)
    finally:
        store.close()


@pytest.fixture
def clean_virtuoso(virtuoso: Virtuoso) -> Iterator[Virtuoso]:
    """The shared server, with nothing under the test base before and after the test."""
    drop_namespace(virtuoso, BASE)
    yield virtuoso
    if virtuoso.process is not None:
        drop_namespace(virtuoso, BASE)


@dataclass
class Backend:
    """A store kind the same expectations run on: its settings and a way to open it."""

    name: str
    settings: Settings
    opened: list[GraphStore] = field(default_factory=list)

    def open(self) -> GraphStore:
        from scholargraph.store_api import open_store

        store = open_store(self.settings)
        self.opened.append(store)
        return store

    def close(self) -> None:
        while self.opened:
            self.opened.pop().close()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "oxigraph":
        settings = Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)
    else:
        server: Virtuoso = request.getfixturevalue("clean_virtuoso")
        settings = server.settings()
    backend = Backend(request.param, settings)
    yield backend
    backend.close()


@pytest.fixture
def seeds() -> list[Path]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    if not files:
        pytest.skip(f"seed captures not found in {SEEDS_DIR}")
    assert len(files) == 5, f"expected the five seed captures in {SEEDS_DIR}"
    return files
