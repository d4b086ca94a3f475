"""``ingest``: parse, resolve and write files or folders into a store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..config import Settings
from ..errors import DiskFull, InputError
from ..heap import long_lived_heap
from ..inputs import InputFile, Manifest, plan_inputs, read_bytes, sha256
from ..models import SourceDocument
from ..rdf.iris import Iris
from ..resolution_state import documents_state, shared_inputs, stored_state
from ..resolve import resolve
from ..store_api import GraphStore
from .disk_space import ensure_room
from .file_results import failure, parsed, unchanged
from .in_place import ingest_in_place
from .memory_needed import ensure_memory
from .parsing import parse_all
from .report import Clock, FileResult, IngestReport, Progress, summarise
from .stored import (
    content_hashes,
    recorded_graphs,
    repair_uncommitted,
    stored_documents,
    stored_of,
    stored_sources,
)
from .vocabulary import load_vocabulary, sync_vocabulary
from .writing import Run, now, optimize, write_graphs

FEW_PAGES = 64  # up to this many pages, an ingest reads their metadata page by page first


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    store: GraphStore,
    *,
    manifest: Manifest | None = None,
    url: str | None = None,
    progress: Progress | None = None,
    clock: Clock = lambda: datetime.now(UTC),
) -> IngestReport:
    """Parse, resolve and write ``paths`` (files or folders) into ``store``."""
    with long_lived_heap() as settle:
        return _ingest(paths, settings, store, manifest, url, progress, clock, settle)


def _ingest(
    paths: Sequence[Path],
    settings: Settings,
    store: GraphStore,
    manifest: Manifest | None,
    url: str | None,
    progress: Progress | None,
    clock: Clock,
    settle: Callable[[], None],
) -> IngestReport:
    iris = Iris(settings.base)
    vocabulary, vocabulary_quads = load_vocabulary(settings)
    items = plan_inputs(paths, manifest=manifest, url=url)
    vocabulary_digest = sync_vocabulary(store, iris, vocabulary_quads)
    inputs = shared_inputs(settings, vocabulary_digest)
    few = len(items) <= FEW_PAGES
    stored = stored_of(store, iris, items) if few else stored_sources(store, iris)
    kept = ingest_in_place(
        items, settings, store, stored, vocabulary, inputs, vocabulary_digest, clock
    )
    if isinstance(kept, IngestReport):
        store.flush()
        return kept
    if few:
        stored = stored_sources(store, iris)
    repair_uncommitted(store, iris, stored, recorded_graphs(store, iris))
    # after the repair, every stored source is committed: its record is stored
    report = IngestReport()
    to_parse: list[InputFile] = []
    uncounted: list[FileResult] = []  # unchanged pages described by an older version
    for item in items:
        previous = stored.get(item.source_id)
        if previous is not None:
            try:
                data = read_bytes(item.path, settings.max_input_bytes)
            except InputError as exc:
                report.files.append(failure(item, exc))
                continue
            if previous.holds(sha256(data)):
                result = unchanged(item, previous)
                report.files.append(result)
                if previous.entries is None:  # its count is in its record only
                    uncounted.append(result)
                continue
        to_parse.append(item)
    ensure_room(to_parse, settings, store)
    outcomes = parse_all(to_parse, settings, progress)
    new_documents: dict[str, SourceDocument] = {}
    for item, outcome in zip(to_parse, outcomes, strict=True):
        if isinstance(outcome, InputError):
            report.files.append(failure(item, outcome))
            continue
        new_documents[item.source_id] = outcome
        report.files.append(parsed(item, outcome, stored.get(item.source_id)))
    hashes = {source_id: entry.content_hash for source_id, entry in stored.items()}
    hashes.update(content_hashes(new_documents))
    # Re-resolve when a document changed, when the vocabulary, the settings or the code that
    # resolution and mapping read moved, or when an earlier run was stopped before its
    # resolution graph landed (the stored state then differs). Only then are the stored
    # records read back (an unchanged folder re-ingested never reads them).
    state = documents_state(hashes, inputs)
    resolving = bool(new_documents) or stored_state(store, iris) != state
    documents: dict[str, SourceDocument] = {}
    if resolving or uncounted:
        documents = stored_documents(store, iris, progress=progress, total=len(stored))
        for result in uncounted:
            result.publications = len(documents[result.source_id].record.publications)
        documents.update(new_documents)
    settle()
    bulk_loaded = False
    if resolving:
        report.memory_needed = ensure_memory(documents.values(), settings).peak_bytes
        if progress:
            progress("resolve", 0, 1)
        resolution = resolve(
            [documents[k] for k in sorted(documents)],
            vocabulary,
            institute_name=settings.institute_name,
        )
        settle()
        if progress:
            progress("resolve", 1, 1)
        started = now(clock)
        run_iri = iris.run(started, ",".join(sorted(documents)))
        run = Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
        written = write_graphs(store, run, documents, stored, resolution, vocabulary, progress)
        report.graphs_written, report.graphs_mapped = written.graphs, written.mapped
        report.resolved_because = kept.reason or "the stored resolution was not current"
        summarise(report, resolution)
        bulk_loaded = written.bulk
    store.flush()
    if bulk_loaded and settings.optimize_after_bulk_load:
        try:
            report.optimized_s = optimize(store, progress)
        except DiskFull as exc:  # every page is committed: only the compaction is missing
            report.not_optimized = exc.message
    return report
