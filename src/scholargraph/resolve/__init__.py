"""Entity resolution: which mentions on which pages denote the same person, paper, organization
or topic.

Public API::

    resolve(documents, vocabulary, *, institute_name) -> Resolution
    resolve_with_stats(documents, vocabulary, *, institute_name) -> (Resolution, ResolutionStats)

Both are pure functions of the *set* of documents (their order never matters), the vocabulary
and the institute's name. Publications are resolved first because the person resolver uses
"shares this paper" as context evidence for ambiguous initials; organizations and topics are
vocabulary lookups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..heap import cyclic_gc_paused
from ..models import Entity, EntityKind, MentionRef, Resolution, SourceDocument
from ..vocabulary import Vocabulary
from .common import (
    EntityDraft,
    KindStats,
    NameCache,
    ResolutionStats,
    claim_order,
    draft_entity,
    sorted_refs,
)
from .keys import assign_unique_keys
from .organizations import resolve_organizations
from .persons import resolve_persons
from .publications import resolve_publications
from .topics import resolve_topics

__all__ = ["KindStats", "ResolutionStats", "resolve", "resolve_with_stats"]


def _entities(drafts: list[EntityDraft]) -> tuple[list[Entity], dict[MentionRef, str]]:
    """Final keys for one kind: contested keys go to vocabulary concepts, then smallest mention."""
    ordered = sorted(drafts, key=claim_order)
    keys = assign_unique_keys([d.wanted_key for d in ordered])
    taken = set(keys)
    entities: list[Entity] = []
    mentions: dict[MentionRef, str] = {}
    for draft, key in zip(ordered, keys, strict=True):
        entities.append(draft_entity(draft, key, taken.__contains__))
        for ref in draft.mentions:
            mentions[ref] = key
    return entities, mentions


def resolve_with_stats(
    documents: Sequence[SourceDocument], vocabulary: Vocabulary, *, institute_name: str
) -> tuple[Resolution, ResolutionStats]:
    """Resolve every mention of every document; also report how much comparing it took."""
    with cyclic_gc_paused():
        return _resolve_with_stats(documents, vocabulary, institute_name=institute_name)


def _resolve_with_stats(
    documents: Sequence[SourceDocument], vocabulary: Vocabulary, *, institute_name: str
) -> tuple[Resolution, ResolutionStats]:
    docs = sorted(documents, key=lambda d: (d.source_id, d.content_sha256))
    names = NameCache()
    publications = resolve_publications(docs, names)
    paper_of = publications.cluster_of
    persons = resolve_persons(docs, names, paper_of)
    organizations = resolve_organizations(docs, vocabulary, institute_name)
    topics = resolve_topics(docs, vocabulary)

    all_entities: list[Entity] = []
    by_kind: dict[EntityKind, dict[MentionRef, str]] = defaultdict(dict)
    for kind, drafts in (
        (EntityKind.PERSON, persons.drafts),
        (EntityKind.PUBLICATION, publications.drafts),
        (EntityKind.ORGANIZATION, organizations.drafts),
        (EntityKind.TOPIC, topics.drafts),
    ):
        entities, mentions = _entities(drafts)
        all_entities.extend(entities)
        by_kind[kind] = {ref: mentions[ref] for ref in sorted_refs(mentions)}
    resolution = Resolution(
        entities=tuple(sorted(all_entities, key=lambda e: (e.kind.value, e.key))),
        mentions={kind: by_kind[kind] for kind in EntityKind},
    )
    stats = ResolutionStats(
        person=persons.stats,
        publication=publications.stats,
        organization=organizations.stats,
        topic=topics.stats,
    )
    return resolution, stats


def resolve(
    documents: Sequence[SourceDocument], vocabulary: Vocabulary, *, institute_name: str
) -> Resolution:
    """Entities and the entity key of every mention (see :func:`resolve_with_stats`)."""
    return resolve_with_stats(documents, vocabulary, institute_name=institute_name)[0]
