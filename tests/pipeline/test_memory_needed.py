"""An ingest near the memory limit: once its pages are parsed, an ingest whose resolution and
writing would need more memory than the machine (or the process's cgroup) has left is refused
with a clear error and exit status 8, before anything is resolved or written; the store keeps
what it held. The end-to-end test runs ``scholargraph ingest`` in a real memory cgroup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate_corpus

from scholargraph.config import Settings
from scholargraph.errors import NotEnoughMemory
from scholargraph.inputs import plan_inputs
from scholargraph.models import SourceDocument
from scholargraph.parse import parse_page
from scholargraph.pipeline.memory_needed import (
    BASE_BYTES,
    BYTES_PER_MENTION,
    WRITING_BYTES,
    WRITING_BYTES_PER_MENTION,
    MemoryNeeded,
    MemoryState,
    check_memory,
    memory_needed,
    memory_state,
)
from scholargraph.pipeline.parsing import parse_all

from .conftest import BASE, EXAMPLES_DIR, REPO, SEEDS_DIR
from .test_ingest import stable_quads_at

GB = 2**30


def test_the_need_counts_every_entry_and_author() -> None:
    text = (SEEDS_DIR / "004_4dbf42d840ef8052.txt").read_text(encoding="utf-8")
    record = parse_page(text, where="seed 004")
    doc = SourceDocument(source_id="seed-004", path="004", content_sha256="0" * 64, record=record)
    entries = len(record.publications)
    authors = sum(len(p.authors) for p in record.publications)
    assert entries > 10 and authors > entries
    needed = memory_needed([doc, doc.model_copy(update={"source_id": "again"})])
    assert needed == MemoryNeeded(pages=2, mentions=2 * (entries + authors))


def test_what_writing_holds_grows_with_a_small_ingest_then_levels_off() -> None:
    small, large = MemoryNeeded(10, 1_000), MemoryNeeded(10_000, 2_000_000)
    assert small.peak_bytes == BASE_BYTES + 1_000 * (BYTES_PER_MENTION + WRITING_BYTES_PER_MENTION)
    assert large.peak_bytes == BASE_BYTES + 2_000_000 * BYTES_PER_MENTION + WRITING_BYTES
    assert small.peak_bytes < 2 * BASE_BYTES  # a few pages are not refused on a small machine


def test_the_check_refuses_only_what_would_not_fit() -> None:
    needed = MemoryNeeded(pages=1_000, mentions=1_000_000)
    peak = needed.peak_bytes
    check_memory(needed, MemoryState(GB, peak - GB, "the machine"))  # exactly enough
    check_memory(needed, MemoryState(peak, 0, "the machine"))  # already holds it all
    check_memory(needed, None)  # not Linux: unknown, not checked
    check_memory(MemoryNeeded(0, 0), MemoryState(0, 0, "the machine"))  # nothing to resolve
    with pytest.raises(NotEnoughMemory) as caught:
        check_memory(needed, MemoryState(GB, peak - GB - 1, "the memory limit of its cgroup"))
    error = caught.value
    assert error.exit_code == 8 and error.code == "not-enough-memory"
    assert "1,000 pages (1,000,000 publication entries and authors)" in error.message
    assert "the memory limit of its cgroup allows" in error.message
    assert "No page was resolved or written" in error.message
    assert "--no-memory-check" in error.message


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("version", ["v1", "v2", "none"])
def test_the_state_is_read_from_proc_and_the_cgroup(tmp_path: Path, version: str) -> None:
    proc, cgroups = tmp_path / "proc", tmp_path / "cgroup"
    _write(proc / "self" / "status", "Name:\tpython\nVmRSS:\t  204800 kB\nThreads:\t1\n")
    _write(proc / "meminfo", "MemTotal: 8000000 kB\nMemAvailable: 4194304 kB\n")
    if version == "v1":
        _write(proc / "self" / "cgroup", "5:cpu:/\n4:memory:/jobs/one\n0::/\n")
        folder = cgroups / "memory" / "jobs" / "one"
        _write(folder / "memory.limit_in_bytes", f"{2 * GB}\n")
        _write(folder / "memory.usage_in_bytes", f"{GB}\n")
        _write(folder / "memory.stat", f"cache 5\ntotal_inactive_file {GB // 4}\n")
    elif version == "v2":
        _write(proc / "self" / "cgroup", "0::/jobs/one\n")
        folder = cgroups / "jobs" / "one"
        _write(folder / "memory.max", f"{2 * GB}\n")
        _write(folder / "memory.current", f"{GB}\n")
        _write(folder / "memory.stat", f"anon 1\ninactive_file {GB // 4}\n")
    else:  # a cgroup without a limit
        _write(proc / "self" / "cgroup", "0::/jobs/one\n")
        _write(cgroups / "jobs" / "one" / "memory.max", "max\n")
    state = memory_state(proc, cgroups)
    assert state is not None and state.in_use == 200 * 2**20
    if version == "none":
        assert state == MemoryState(200 * 2**20, 4 * GB, "the machine's available memory")
    else:  # 2 GB limit, 1 GB used of which a quarter is page cache it can drop
        assert state.available == GB + GB // 4
        assert state.limited_by == "the memory limit of this process's cgroup"
    assert memory_state(tmp_path / "nowhere", cgroups) is None


@contextmanager
def _memory_cgroup(limit: int) -> Iterator[Path]:
    """A child of this process's memory cgroup limited to ``limit`` bytes (v1 or v2)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            parent, limit_file = (
                Path("/sys/fs/cgroup/memory", path.lstrip("/")),
                "memory.limit_in_bytes",
            )
            break
        if controllers == "":
            parent, limit_file = Path("/sys/fs/cgroup", path.lstrip("/")), "memory.max"
    child = parent / f"scholargraph-test-{os.getpid()}"
    try:
        child.mkdir()
        (child / limit_file).write_text(str(limit))
        _join(child, [sys.executable, "-c", "pass"])
    except (OSError, subprocess.SubprocessError) as exc:
        if child.exists():
            child.rmdir()
        pytest.skip(
            f"no memory cgroup can be made here ({exc}); the unit tests above cover the check"
        )
    try:
        yield child
    finally:
        child.rmdir()


def _join(cgroup: Path, command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cgroup`` (it joins before it starts)."""
    procs = cgroup / "cgroup.procs"
    return subprocess.run(
        command,
        preexec_fn=lambda: procs.write_text(str(os.getpid())),
        capture_output=True,
        text=True,
        check=False,
        **options,
    )


def _ingest(
    cgroup: Path | None, store: Path, pages: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """``scholargraph ingest`` in a child process, in ``cgroup`` when given."""
    command = [sys.executable, "-m", "scholargraph", "ingest", "-q", "--store", str(store)]
    options: dict[str, Any] = {
        "env": {
            **os.environ,
            "SCHOLARGRAPH_BASE_IRI": BASE,
            "SCHOLARGRAPH_PARSE_WORKERS": "1",
            **env,
        },
        "cwd": REPO,
        "timeout": 600,
    }
    if cgroup is None:
        return subprocess.run(
            [*command, str(pages)], capture_output=True, text=True, check=False, **options
        )
    return _join(cgroup, [*command, str(pages)], **options)


def _needed(*folders: Path) -> int:
    items = plan_inputs(list(folders))
    documents = parse_all(items, Settings(parse_workers=1), None)
    assert all(isinstance(doc, SourceDocument) for doc in documents)
    return memory_needed(d for d in documents if isinstance(d, SourceDocument)).peak_bytes


def test_an_ingest_the_cgroup_cannot_hold_is_refused_and_loses_nothing(tmp_path: Path) -> None:
    """In a real cgroup whose limit is below the estimate (and far above what parsing takes),
    the ingest is refused after parsing, with exit status 8, and the store holds what it held;
    with the check off (``SCHOLARGRAPH_CHECK_MEMORY=false``) it runs in the same cgroup, since a
    few pages fit in far less than any estimate; with the limit just above the estimate, the
    ingest is accepted and runs to its end. (Whether the estimate bounds what an ingest really
    takes is measured at 1k to 50k researchers by the ingest benchmark.)"""
    store, other = tmp_path / "store", tmp_path / "other"
    generate_corpus(tmp_path / "corpus", researchers=100, seed=5)
    pages = tmp_path / "corpus" / "pages"
    needed = _needed(EXAMPLES_DIR, pages)
    done = _ingest(None, store, EXAMPLES_DIR)
    assert done.returncode == 0, done.stderr
    before = stable_quads_at(store)
    shutil.copytree(store, other)
    with _memory_cgroup(needed - 64 * 2**20) as cgroup:
        refused = _ingest(cgroup, store, pages)
        assert refused.returncode == 8, refused.stderr
        text = " ".join(refused.stderr.split())
        assert "not enough memory for this ingest" in text
        assert "the memory limit of this process's cgroup allows" in text
        assert stable_quads_at(store) == before
        tried = _ingest(cgroup, store, pages, SCHOLARGRAPH_CHECK_MEMORY="false")
        assert tried.returncode == 0, tried.stderr
    with _memory_cgroup(needed + 32 * 2**20) as cgroup:
        accepted = _ingest(cgroup, other, pages)
    assert accepted.returncode == 0, accepted.stderr
    assert stable_quads_at(other) == stable_quads_at(store) != before
