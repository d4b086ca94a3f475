"""Shared test fixtures.

The seed captures live outside the repository, in ``../shared/seeds`` next to the repository
root; tests read them from there and never copy their text into the project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed captures' folder; tests that need it are skipped when it is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed captures not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seed_text(seeds_dir: Path) -> Callable[[str], str]:
    """``seed_text("000")``: the text of the seed whose file name starts with that prefix."""

    def read(prefix: str) -> str:
        matches = sorted(seeds_dir.glob(f"{prefix}_*"))
        if not matches:
            pytest.skip(f"seed {prefix} not found in {seeds_dir}")
        return matches[0].read_text(encoding="utf-8")

    return read
