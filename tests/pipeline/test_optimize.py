"""``scholargraph optimize``: the store compacted in place, its data unchanged, clear refusals;
and ``ingest`` compacting the store after a bulk load unless told not to."""

from __future__ import annotations

from pathlib import Path

from scholargraph.store import OxigraphStore

from .conftest import EXAMPLES_DIR, run_cli
from .test_crash import make_corpus
from .test_ingest import stable_quads_at


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


def _ingest_in_bulk(corpus: Path, store: Path, *flags: str) -> str:
    config = corpus.parent / "bulk.toml"
    config.write_text("bulk_load_pages = 10\n", encoding="utf-8")
    args = ("--config", str(config), "ingest", "-q", str(corpus), *flags)
    result = run_cli(*args, store=store, cwd=corpus.parent)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _files(store: Path) -> int:
    return len(list(store.glob("*.sst")))


def test_ingest_compacts_the_store_after_a_bulk_load(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 0)  # 120 pages: above the 10 of bulk.toml, so they are bulk-loaded
    compacted, plain = tmp_path / "compacted", tmp_path / "plain"
    said = _ingest_in_bulk(corpus, compacted)
    assert "Store compacted after the bulk load in " in said
    skipped = _ingest_in_bulk(corpus, plain, "--no-optimize")
    assert "compacted" not in skipped
    assert _files(compacted) < _files(plain)  # the bulk loader's files merged
    assert stable_quads_at(compacted) == stable_quads_at(plain)


def test_ingest_below_the_bulk_threshold_does_not_compact(tmp_path: Path) -> None:
    result = run_cli("ingest", "-q", str(EXAMPLES_DIR), store=tmp_path / "store", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "compacted" not in result.stdout
