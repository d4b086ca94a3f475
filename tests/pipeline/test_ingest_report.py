"""What ``scholargraph ingest`` prints for a large folder: the failed files and a count by
status, not a row per file (``--all-files`` lists them all)."""

from __future__ import annotations

from pathlib import Path

from scholargraph.cli import FILE_TABLE_ROWS

from .conftest import run_cli
from .test_crash import PAGES, make_corpus


def _corpus_with_a_bad_page(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 0)
    (corpus / "zz-empty.txt").write_bytes(b"")
    assert PAGES + 1 > FILE_TABLE_ROWS
    return corpus


def test_a_large_ingest_lists_only_the_failed_files(tmp_path: Path) -> None:
    corpus = _corpus_with_a_bad_page(tmp_path)
    result = run_cli("ingest", "-q", str(corpus), store=tmp_path / "store", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # some failed, the others were ingested
    out = result.stdout
    assert "zz-empty.txt" in out and "failed" in out
    assert f"{PAGES + 1} files: {PAGES} added, 1 failed (--all-files lists every file)" in out
    assert "page-000.txt" not in out  # no row for a page that went in
    assert f"{PAGES} of {PAGES + 1} documents ingested" in out


def test_all_files_lists_every_file(tmp_path: Path) -> None:
    corpus = _corpus_with_a_bad_page(tmp_path)
    args = ("ingest", "-q", "--all-files", str(corpus))
    result = run_cli(*args, store=tmp_path / "store", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    listed = [path.name for path in sorted(corpus.iterdir()) if path.name in result.stdout]
    assert len(listed) == PAGES + 1
    assert "--all-files lists" not in result.stdout
