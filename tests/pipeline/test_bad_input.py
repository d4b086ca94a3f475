"""Bad input through the real command: clear messages, exit codes, nothing stored is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scholargraph.rdf.iris import Iris
from scholargraph.store import OxigraphStore

from .conftest import BASE, EXAMPLES_DIR, run_cli


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "latin1": folder / "latin1.txt",
        "html": folder / "other-site.html",
        "truncated": folder / "truncated.txt",
        "huge": folder / "huge.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["latin1"].write_bytes(
        "Portrait of Ren\xe9e Dubois\n\nRen\xe9e Dubois\n".encode("latin-1")
    )
    files["html"].write_text(
        "<!doctype html><html><body><h1>Weather today</h1><p>Sunny.</p></body></html>\n",
        encoding="utf-8",
    )
    files["truncated"].write_text("Portrait of\n", encoding="utf-8")
    with files["huge"].open("wb") as handle:  # 200 MB, sparse: costs no disk
        handle.truncate(200 * 1024 * 1024)
    return files


def test_each_bad_file_gets_a_clear_error_and_good_files_still_land(
    tmp_path: Path, bad_files: dict[str, Path]
) -> None:
    store = tmp_path / "store"
    good = tmp_path / "good"
    shutil.copytree(EXAMPLES_DIR, good)
    (good / "README.md").unlink()
    named = [str(path) for path in bad_files.values()]
    result = run_cli("ingest", "--quiet", str(good), *named, store=store, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    for name in ("empty.txt", "binary.txt", "latin1.txt", "other-site.html", "huge.txt"):
        assert name in out
    assert out.count("failed") >= 5
    assert "added" in out
    assert "Traceback" not in result.stderr + out
    # the good pages are in the store
    graph_store = OxigraphStore(store, read_only=True)
    iris = Iris(BASE)
    sources = [g for g in graph_store.graph_names() if iris.is_source_graph(g)]
    assert len(sources) == len(list(good.glob("*.txt")))


def test_nothing_readable_exits_3_and_leaves_the_store_intact(
    tmp_path: Path, bad_files: dict[str, Path]
) -> None:
    store = tmp_path / "store"
    good = tmp_path / "good"
    shutil.copytree(EXAMPLES_DIR, good)
    (good / "README.md").unlink()
    first = run_cli("ingest", "--quiet", str(good), store=store, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    before = run_cli("export", "--format", "nquads", store=store, cwd=tmp_path).stdout
    assert before
    for path in bad_files.values():
        result = run_cli("ingest", "--quiet", str(path), store=store, cwd=tmp_path)
        assert result.returncode == 3, (path, result.stdout, result.stderr)
        assert path.name in result.stdout
        assert "Traceback" not in result.stdout + result.stderr
    after = run_cli("export", "--format", "nquads", store=store, cwd=tmp_path).stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_missing_path_and_unknown_source_are_clear_errors(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run_cli("ingest", str(tmp_path / "nope.txt"), store=store, cwd=tmp_path)
    assert result.returncode != 0
    assert "nope.txt" in result.stderr and "no such file" in result.stderr
    result = run_cli("forget", "https://example.org/never-ingested", store=store, cwd=tmp_path)
    assert result.returncode == 5
    assert "never-ingested" in result.stderr


def test_malformed_query_names_the_position(tmp_path: Path) -> None:
    store = tmp_path / "store"
    OxigraphStore(store).close()
    result = run_cli("query", "SELECT ?x WHERE { ?x ?y }", store=store, cwd=tmp_path)
    assert result.returncode == 6
    assert "line 1" in result.stderr
