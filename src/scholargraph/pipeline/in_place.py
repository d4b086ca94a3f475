"""Re-ingesting changed pages without resolving every stored document: mapped again in place
when the resolver reads them as before, else resolved again where they reach (:mod:`.local`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from .. import __version__
from ..config import Settings
from ..errors import InputError
from ..inputs import InputFile, read_bytes, sha256
from ..models import SourceDocument
from ..rdf.iris import Iris
from ..rdf.mapping import map_run
from ..rdf.mapping_inputs import MentionKey
from ..rdf.nquads import NQuadsWriter
from ..rdf.terms import Quad
from ..resolution_state import computed_with, state_quad, stored_state
from ..resolve.incremental import Declined, PageChange
from ..resolve.reads import resolution_change
from ..store_api import GraphStore
from ..vocabulary import Vocabulary
from .disk_space import ensure_room
from .file_results import failure, parsed, unchanged
from .local import LOCAL_SHARE, resolve_locally
from .parsing import parse_all
from .report import Clock, IngestReport
from .stored import StoredSource, source_count, stored_record
from .writing import Run, describe, map_one, now, state_after


class _FullPath(NamedTuple):
    """The in-place path declined: why everything is resolved again."""

    reason: str


def _write_in_place(
    store: GraphStore, run: Run, doc: SourceDocument, quads: list[Quad], described: list[Quad]
) -> None:
    """One page's graph, its description and the run's state, in one transaction."""
    iris = run.iris
    graph = iris.source_graph(doc.source_id)
    run_quads = map_run(
        iris, run=run.iri, started=run.started, ended=now(run.clock), version=__version__
    )
    store.replace_graphs(
        {graph: quads},
        delete_subjects={
            iris.metadata_graph: [graph, iris.resolution_graph, run.iri],
            iris.records_graph: [graph],
        },
        insert=[*described, *run_quads, state_quad(iris, run.state)],
    )


def ingest_in_place(
    items: Sequence[InputFile],
    settings: Settings,
    store: GraphStore,
    stored: Mapping[str, StoredSource],
    vocabulary: Vocabulary,
    inputs: str,
    vocabulary_digest: str,
    clock: Clock,
) -> IngestReport | _FullPath:
    """Re-ingest stored pages whose new versions the resolver reads exactly as it read the old
    ones (:func:`~.resolve.reads.resolution_change` finds nothing: an abstract's tail, metrics, a
    biography moved), and pages that did not change: the stored resolution stands, so each
    changed page is mapped again from the entity keys stored with its record and written with
    the state moved by that page alone, in one transaction. Reads the changed pages' records
    and nothing else besides ``stored`` (the pages' metadata); no repair: a state present in
    the store is written by a run that finished (:mod:`.resolution_state`). New pages, and
    stored pages whose change the resolver reads, are resolved again where they reach
    (:func:`.local.resolve_locally`).

    Why the full path must run otherwise: two files for one source, no stored state computed
    with ``inputs`` (a first ingest, an interrupted run removed it, or the vocabulary, settings
    or code moved), a store written before mention keys were kept, a quarter of the corpus new
    or changed, or a change incremental resolution declines (:class:`.resolve.incremental.
    Declined`: e.g. an organization or topic no stored page names)."""
    iris = Iris(settings.base)
    state = stored_state(store, iris)
    if not items:
        return _FullPath("")
    if len({item.source_id for item in items}) != len(items):
        return _FullPath("two files name one source")
    new = [item for item in items if item.source_id not in stored]
    if state is None and new:  # a first ingest
        return _FullPath(
            f"{len(new):,} new pages" if len(new) > 1 else f"a new page, {new[0].path}"
        )
    if state is None:
        return _FullPath("no finished resolution was stored (an earlier ingest was interrupted)")
    if not computed_with(state, inputs):
        return _FullPath(
            "the vocabulary, the settings or scholargraph's parser, resolver or mapping changed"
        )
    if any(
        i.source_id in stored
        and (stored[i.source_id].digest is None or stored[i.source_id].entries is None)
        for i in items
    ):
        return _FullPath("the store was written by an older version")
    report = IngestReport()
    changed: list[InputFile] = []
    for item in items:
        previous = stored.get(item.source_id)
        try:
            data = read_bytes(item.path, settings.max_input_bytes)
        except InputError as exc:
            report.files.append(failure(item, exc))
            continue
        if previous is None or not previous.holds(sha256(data)):
            changed.append(item)
            continue
        report.files.append(unchanged(item, previous))
    updates: list[tuple[SourceDocument, list[MentionKey]]] = []
    olds: dict[str, SourceDocument | None] = {}
    read_changed: list[str] = []  # pages whose change resolution reads, and what changed
    ensure_room(changed, settings, store)
    for item, outcome in zip(changed, parse_all(changed, settings, None), strict=True):
        if isinstance(outcome, InputError):
            report.files.append(failure(item, outcome))
            continue
        previous = stored.get(item.source_id)
        if previous is None:  # a new page: resolved where it reaches, like a changed one
            read_changed.append(f"{item.path} (a new page)")
            updates.append((outcome, []))
            olds[outcome.source_id] = None
            report.files.append(parsed(item, outcome, None))
            continue
        old = stored_record(store, iris, previous.graph)
        if old is None:
            return _FullPath(f"the stored record or entity keys of {item.path} cannot be read")
        change = resolution_change(old[0], outcome)
        if change is not None:
            read_changed.append(f"{item.path} ({change})")
        updates.append((outcome, old[1]))
        olds[outcome.source_id] = old[0]
        report.files.append(parsed(item, outcome, previous))
    started = now(clock)
    run_iri = iris.run(started, ",".join(sorted(doc.source_id for doc, _ in updates)))
    run = Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    if read_changed and len(updates) * LOCAL_SHARE > source_count(store, iris):
        return _FullPath(f"{len(updates):,} pages changed what resolution reads")
    if read_changed:
        changes = [PageChange(doc.source_id, olds[doc.source_id], doc) for doc, _ in updates]
        written = resolve_locally(store, run, changes, vocabulary, inputs, stored)
        if isinstance(written, Declined):
            return _FullPath(f"{read_changed[0]} changed what resolution reads; {written.reason}")
        report.graphs_written = report.graphs_mapped = written.graphs
        report.resolved_locally = written.summary
        return report
    writer = NQuadsWriter()
    mapped: list[tuple[SourceDocument, list[MentionKey], list[Quad], str, str]] = []
    for doc, mentions in updates:  # every page mapped before any is written
        try:
            quads, digest, fingerprint = map_one(doc, mentions, run, vocabulary, writer)
        except KeyError:  # a mention without a stored key: resolve instead
            return _FullPath(f"the stored entity keys of {doc.source_id} are incomplete")
        mapped.append((doc, mentions, quads, digest, fingerprint))
    for doc, mentions, quads, digest, fingerprint in mapped:
        moved = (doc.source_id, stored[doc.source_id].content_hash, doc.content_sha256)
        run = replace(run, state=state_after(run.state, inputs, moved))
        _write_in_place(
            store, run, doc, quads, describe(doc, run, len(quads), digest, fingerprint, mentions)
        )
    report.graphs_written = report.graphs_mapped = len(updates)
    report.resolution_kept = bool(updates)
    return report
