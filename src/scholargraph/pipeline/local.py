"""Resolving again only what changed pages reach (:mod:`scholargraph.resolve.incremental`), and
writing the result in one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .. import __version__
from ..code_fingerprint import parser_version
from ..models import EntityKind, MentionRef, Resolution
from ..rdf.mapping import MappingContext, map_resolution, map_run, source_iri
from ..rdf.mapping_inputs import MentionKey
from ..rdf.nquads import NQuadsWriter
from ..rdf.terms import Quad
from ..resolution_index import StoreResolution, index_changes
from ..resolution_state import state_quad
from ..resolve.common import sorted_refs
from ..resolve.incremental import Declined, PageChange, resolve_change
from ..resolve.incremental_groups import GROUPED, Grouper
from ..store_api import GraphStore
from ..vocabulary import Vocabulary
from .stored import StoredSource
from .writing import Run, describe, map_one, now, state_after

# When more than one stored page in LOCAL_SHARE changed what resolution reads, resolving
# everything costs no more than resolving what they reach.
LOCAL_SHARE = 4


@dataclass(frozen=True)
class _Local:
    graphs: int  # source graphs written
    summary: str  # what was resolved again


def _page_mentions(
    stored: list[MentionKey],
    moved: Mapping[EntityKind, Mapping[MentionRef, str]],
    dropped: Mapping[EntityKind, set[MentionRef]],
    concepts: Mapping[str, str],
) -> list[MentionKey]:
    """A page's mention keys with its ``moved`` keys and ``dropped`` mentions, in the order a
    full ingest stores them (``concepts``: topic key -> concept IRI of the moved topics)."""
    by_kind: dict[EntityKind, dict[MentionRef, tuple[str, str]]] = {k: {} for k in EntityKind}
    for kind, ref, key, concept in stored:
        if ref not in dropped.get(kind, ()):
            by_kind[kind][ref] = (key, concept)
    for kind, refs in moved.items():
        for ref, key in refs.items():
            by_kind[kind][ref] = (key, concepts.get(key, "") if kind is EntityKind.TOPIC else "")
    return [
        (kind, ref, *by_kind[kind][ref])
        for kind in EntityKind
        for ref in sorted_refs(by_kind[kind])
    ]


def resolve_locally(
    store: GraphStore,
    run: Run,
    changes: list[PageChange],
    vocabulary: Vocabulary,
    inputs: str,
    stored: Mapping[str, StoredSource],
) -> _Local | Declined:
    """Pages whose change the resolver reads: resolve what they reach
    (:mod:`.resolve.incremental`), then write in ONE transaction the changed pages, the pages
    whose entity keys moved, the resolution graph's changed entities, the index's change and
    the state moved by the changed pages."""
    iris, settings = run.iris, run.settings
    reader = StoreResolution(store, iris)
    grouper = Grouper(vocabulary, settings.institute_name)
    delta = resolve_change(reader, changes, grouper=grouper)
    if isinstance(delta, Declined):
        return delta
    changed = {c.source_id: c for c in changes}
    moved: dict[str, dict[EntityKind, dict[MentionRef, str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for kind, refs in delta.mentions.items():
        for ref, key in refs.items():
            moved[str(ref[0])][kind][ref] = key
    concepts = {e.key: e.concept_iri or "" for e in delta.entities if e.kind is EntityKind.TOPIC}
    rewritten: dict[str, list[MentionKey]] = {}
    for source_id in sorted(set(moved) | set(changed)):
        kept = reader.page_mentions(source_id)
        mentions = _page_mentions(kept, moved.get(source_id, {}), delta.dropped, concepts)
        if source_id in changed or mentions != kept:  # else: resolved again to the same keys
            rewritten[source_id] = mentions
    docs = reader.documents([p for p in rewritten if p not in changed])
    writer = NQuadsWriter()
    graphs: dict[str, list[Quad]] = {}
    described: list[Quad] = []
    gone: list[str] = []  # the source IRIs of forgotten pages (their graphs are emptied)
    for source_id, mentions in rewritten.items():
        change = changed.get(source_id)
        if change is not None and change.new is None:
            graphs[iris.source_graph(source_id)] = []
            gone.append(source_iri(source_id))
            continue
        doc = change.new if change is not None and change.new is not None else docs[source_id]
        quads, digest, fingerprint = map_one(doc, mentions, run, vocabulary, writer)
        graphs[iris.source_graph(source_id)] = quads
        described += describe(doc, run, len(quads), digest, fingerprint, mentions)
    ctx = MappingContext(
        iris=iris,
        resolution=Resolution(entities=tuple(delta.replaced), mentions={}),
        vocabulary=vocabulary,
        institute_name=settings.institute_name,
        parser_version=parser_version(),
    )
    before = set(map_resolution(ctx))
    ctx = replace(ctx, resolution=Resolution(entities=tuple(delta.entities), mentions={}))
    after = set(map_resolution(ctx))
    index = index_changes(store, iris, changes, delta, delta.first)
    state = run.state
    for change in changes:
        previous = stored.get(change.source_id)
        moved_page = (
            change.source_id,
            previous.content_hash if previous is not None else None,
            change.new.content_sha256 if change.new else None,
        )
        state = state_after(state, inputs, moved_page)
    run_quads = map_run(
        iris, run=run.iri, started=run.started, ended=now(run.clock), version=__version__
    )
    store.replace_graphs(
        graphs,
        delete_subjects={
            iris.metadata_graph: [*graphs, *gone, iris.resolution_graph, run.iri],
            iris.records_graph: list(graphs),
            iris.index_graph: index.delete_subjects,
        },
        delete=[*sorted(before - after), *index.delete],
        insert=[
            *described,
            *sorted(after - before),
            *index.insert,
            *run_quads,
            state_quad(iris, state),
        ],
    )
    vanished = {(kind, key) for kind in GROUPED for key in delta.removed[kind]}
    groups_moved = len(vanished | set(delta.tallied))  # moved, new, or gone
    summary = (
        f"{len(delta.titles):,} titles and {len(delta.nodes):,} person names resolved again, "
        f"{groups_moved:,} organizations and topics moved, {delta.pages:,} pages read"
    )
    return _Local(graphs=len(graphs), summary=summary)
