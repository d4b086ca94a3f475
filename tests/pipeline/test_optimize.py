"""``scholargraph optimize``: the store compacted in place, its data unchanged, clear refusals."""

from __future__ import annotations

from pathlib import Path

from scholargraph.store import OxigraphStore

from .conftest import EXAMPLES_DIR, run_cli


def _dump(store: Path, cwd: Path) -> list[str]:
    result = run_cli("export", "--format", "nquads", store=store, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


def test_optimize_keeps_every_quad_and_reports_the_folder(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingested = run_cli("ingest", str(EXAMPLES_DIR), store=store, cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    before = _dump(store, tmp_path)
    handle = OxigraphStore(store, read_only=True)
    quads = len(handle)
    handle.close()
    result = run_cli("optimize", store=store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"optimized {store}: {quads:,} quads" in result.stdout
    assert " MB -> " in result.stdout
    assert _dump(store, tmp_path) == before
    assert run_cli("optimize", store=store, cwd=tmp_path).returncode == 0  # again: still fine


def test_optimize_refuses_a_missing_store_without_creating_one(tmp_path: Path) -> None:
    store = tmp_path / "nowhere"
    result = run_cli("optimize", store=store, cwd=tmp_path)
    assert result.returncode == 4
    assert "no store in this folder" in result.stderr and "nowhere" in result.stderr
    assert not store.exists()


def test_optimize_refuses_a_remote_store(tmp_path: Path) -> None:
    url = "http://localhost:9/sparql"
    result = run_cli("optimize", "--store", url, store=tmp_path / "store", cwd=tmp_path)
    assert result.returncode == 4
    assert "remote store" in result.stderr


def test_optimize_refuses_a_store_in_use(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = OxigraphStore(store)
    try:
        result = run_cli("optimize", store=store, cwd=tmp_path)
    finally:
        holder.close()
    assert result.returncode == 4
    assert "in use" in result.stderr
    assert "Traceback" not in result.stderr
