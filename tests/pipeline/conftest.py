"""Fixtures for pipeline tests: real on-disk stores in temporary folders, the seed pages."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scholargraph.config import Settings
from scholargraph.store import OxigraphStore

from . import scenarios

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO.parent / "shared" / "seeds"
EXAMPLES_DIR = REPO / "examples" / "pages"
BASE = "https://graph.test"


@pytest.fixture
def seeds() -> list[Path]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed captures in {SEEDS_DIR}"
    return files


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=str(tmp_path / "store"), base_iri=BASE, parse_workers=1)


@pytest.fixture
def open_store(settings: Settings) -> Iterator[Callable[[], OxigraphStore]]:
    opened: list[OxigraphStore] = []

    def _open() -> OxigraphStore:
        while opened:
            opened.pop().close()
        store = OxigraphStore(settings.store)
        opened.append(store)
        return store

    yield _open
    while opened:
        opened.pop().close()


fixed_clock = scenarios.fixed_clock


def run_cli(*args: str, store: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SCHOLARGRAPH_STORE": str(store),
        "SCHOLARGRAPH_BASE_IRI": BASE,
        "COLUMNS": "300",  # keep the summary table's file names on one line
    }
    env.pop("SCHOLARGRAPH_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "scholargraph.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
