"""The measured steps, each run in its own interpreter by :mod:`benchmarks.bench.measure`.

``python -m benchmarks.bench.jobs NAME ARGS_JSON`` runs job NAME and prints its result as one
JSON line. Every job times only its own work (imports and start-up excluded) and reports the
CPU time of the process and of the workers it waited for over that span, and peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

Job = Callable[..., dict[str, Any]]
JOBS: dict[str, Job] = {}


def job(func: Job) -> Job:
    JOBS[func.__name__] = func
    return func


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def timed(out: dict[str, Any], prefix: str) -> Iterator[None]:
    """Record ``{prefix}_s`` (wall) and ``{prefix}_cpu_s`` (user+sys, workers included)."""
    cpu, wall = _cpu(), time.perf_counter()
    yield
    out[f"{prefix}_s"] = time.perf_counter() - wall
    out[f"{prefix}_cpu_s"] = _cpu() - cpu


def _peaks(out: dict[str, Any]) -> dict[str, Any]:
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def _settings(store: str, workers: int = 0) -> Any:
    from scholargraph.config import Settings

    return Settings(store=store, parse_workers=workers)


# ----------------------------------------------------------------------------- ingest


def folder_bytes(folder: Path) -> int:
    """Bytes a folder's files take on disk (allocated blocks, as ``du``)."""
    total = 0
    for path in folder.rglob("*"):
        try:
            total += path.stat().st_blocks * 512
        except FileNotFoundError:  # the storage engine removed it meanwhile
            continue
    return total


class FolderPeak:
    """The largest a folder grows while the ``with`` block runs (polled every ``every_s``)."""

    def __init__(self, folder: Path, every_s: float = 0.5) -> None:
        self.folder, self.every_s, self.peak = folder, every_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="folder-peak", daemon=True)

    def _poll(self) -> None:
        while True:
            self.peak = max(self.peak, folder_bytes(self.folder))
            if self._stop.wait(self.every_s):
                return

    def __enter__(self) -> FolderPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, folder_bytes(self.folder))


@job
def ingest(pages: str, store: str, nquads: str | None = None, workers: int = 0) -> dict[str, Any]:
    """End-to-end ``pipeline.ingest`` of a folder into a fresh on-disk store; then export it."""
    from scholargraph.pipeline import ingest as run_ingest
    from scholargraph.pipeline.disk_space import space_needed
    from scholargraph.store import OxigraphStore

    out: dict[str, Any] = {}
    graph_store = OxigraphStore(store)
    marks: dict[str, list[float]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        marks.setdefault(stage, [now, now])[1] = now

    with timed(out, "ingest"), FolderPeak(Path(store)) as disk:
        started = time.perf_counter()
        report = run_ingest(
            [Path(pages)], _settings(store, workers), graph_store, progress=progress
        )
        ended = time.perf_counter()
    # the store's folder at the peak of the ingest and at its end, against the pages' text:
    # what ``scholargraph.pipeline.disk_space`` estimates an ingest's room from
    out["disk"] = {
        "text_bytes": space_needed(p for p in Path(pages).rglob("*") if p.is_file()).text_bytes,
        "peak_bytes": disk.peak,
        "final_bytes": folder_bytes(Path(store)),
    }
    # where the wall time went: reading + parsing, resolution, mapping + writing (the source
    # graphs, the resolution graph, the final flush), then compacting the store
    resolve_start, resolve_end = marks.get("resolve", [ended, ended])
    optimize_start, optimize_end = marks.get("optimize", [ended, ended])
    out["stages_s"] = {
        "parse": resolve_start - started,
        "resolve": resolve_end - resolve_start,
        "map_write": optimize_start - resolve_end,
        "optimize": optimize_end - optimize_start,
    }
    # what ingest estimated its peak memory to be before resolving (``memory_needed``)
    out["memory_needed_mb"] = (report.memory_needed or 0) / 2**20
    out.update(
        files=len(report.files),
        failed=len(report.failed),
        graphs_written=report.graphs_written,
        entities=report.entities,
        merges=report.merges,
        quads=len(graph_store),
    )
    if nquads:
        with open(nquads, "wb") as handle, timed(out, "export"):
            graph_store.dump(handle, "nquads")
    graph_store.close()
    return _peaks(out)


@job
def bulkload(nquads: str, store: str) -> dict[str, Any]:
    """The baseline: ``Store.bulk_load`` of the same quads from an N-Quads file, on disk."""
    out: dict[str, Any] = {}
    with timed(out, "bulkload"):
        target = ox.Store(store)
        target.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
        target.flush()
    out["quads"] = len(target)
    return _peaks(out)


@job
def incremental(page: str, store: str) -> dict[str, Any]:
    """Re-ingest a page (or a folder) into an existing store."""
    from scholargraph.pipeline import ingest as run_ingest
    from scholargraph.store import OxigraphStore

    out: dict[str, Any] = {}
    graph_store = OxigraphStore(store)
    with timed(out, "incremental"):
        report = run_ingest([Path(page)], _settings(store), graph_store)
    out.update(
        graphs_written=report.graphs_written,
        resolution_kept=report.resolution_kept,
        resolved_locally=report.resolved_locally,  # what was resolved again, where it reached
        resolved_because=report.resolved_because,  # why everything was, if it was
        statuses=dict(Counter(f.status for f in report.files)),
        quads=len(graph_store),
    )
    graph_store.close()
    return _peaks(out)


@job
def forget(source: str, store: str) -> dict[str, Any]:
    """Forget one stored page (``scholargraph forget``): everything resolved again."""
    from scholargraph.pipeline import forget as run_forget
    from scholargraph.store import OxigraphStore

    out: dict[str, Any] = {}
    graph_store = OxigraphStore(store)
    with timed(out, "forget"):
        report = run_forget(source, _settings(store), graph_store)
    out.update(graphs_written=report.graphs_written)
    graph_store.close()
    return _peaks(out)


# ----------------------------------------------------------------------------- dumps


@job
def dump_direct(store: str, rdf_format: str, output: str) -> dict[str, Any]:
    """pyoxigraph serialising the store itself: ``Store.dump`` (N-Quads) or ``serialize``."""
    out: dict[str, Any] = {}
    source = ox.Store.read_only(store)
    with open(output, "wb") as handle, timed(out, "dump"):
        if rdf_format == "nquads":
            source.dump(handle, ox.RdfFormat.N_QUADS)
        else:  # Turtle holds one graph: the union of all graphs, as `export` writes it
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in source)
            ox.serialize(triples, handle, ox.RdfFormat.TURTLE)
    out["bytes"] = Path(output).stat().st_size
    out["quads"] = len(source)
    return _peaks(out)


# ----------------------------------------------------------------------------- quality


@job
def quality(root: str, workers: int = 0) -> dict[str, Any]:
    """Parse every page of a corpus, resolve them, and score against the ground truth."""
    from benchmarks.bench.quality import evaluate

    return _peaks(evaluate(Path(root), workers))


# ----------------------------------------------------------------------------- profile


@job
def profile_ingest(pages: str, store: str, output: str) -> dict[str, Any]:
    """Ingest under pyinstrument with parsing in-process (so the profile sees it)."""
    from pyinstrument import Profiler

    from scholargraph.pipeline import ingest as run_ingest
    from scholargraph.store import OxigraphStore

    out: dict[str, Any] = {}
    graph_store = OxigraphStore(store)
    profiler = Profiler(interval=0.005)
    with timed(out, "ingest"):
        profiler.start()
        run_ingest([Path(pages)], _settings(store, workers=1), graph_store)
        profiler.stop()
    graph_store.close()
    Path(output).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return _peaks(out)


def main(argv: list[str]) -> int:
    name, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = JOBS[name](**args)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
