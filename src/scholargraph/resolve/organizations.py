"""Organizations: position employers, paper tags and the institute, through the vocabulary.

A surface resolves to a known organization when its folded form (case, diacritics, punctuation
and spacing ignored) equals the folded prefLabel or an altLabel (tags are altLabels). There is no
fuzzy matching on purpose: ``google`` and ``Google DeepMind`` are close strings and different
organizations. Unknown surfaces become their own entities, merged only when they fold equal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..models import EntityKind, MentionRef, Merge, PageFormat, SourceDocument, organization_ref
from ..vocabulary import Vocabulary
from .common import EntityDraft, KindStats, sorted_refs
from .keys import concept_key, slugify
from .labels import best_surface
from .names import folded
from .vocab import concept_label, label_index


@dataclass(frozen=True)
class OrgMention:
    ref: MentionRef
    surface: str
    is_tag: bool


@dataclass(frozen=True)
class OrganizationResult:
    drafts: list[EntityDraft]
    stats: KindStats


def collect_mentions(docs: list[SourceDocument], institute_name: str) -> list[OrgMention]:
    seen: dict[MentionRef, OrgMention] = {}

    def add(source_id: str, surface: str, is_tag: bool) -> None:
        surface = surface.strip()
        if not surface:
            return
        ref = organization_ref(source_id, surface)
        previous = seen.get(ref)
        # The same surface in one document is one mention; a tag anywhere makes it a tag.
        seen[ref] = OrgMention(ref, surface, is_tag or (previous is not None and previous.is_tag))

    for doc in docs:
        record = doc.record
        for position in record.positions:
            if position.organization:
                add(doc.source_id, position.organization, False)
        for pub in record.publications:
            for tag in pub.organization_tags:
                add(doc.source_id, tag, True)
        if record.format is PageFormat.PROFILE:
            add(doc.source_id, institute_name, False)
    return [seen[r] for r in sorted_refs(seen)]


def resolve_organizations(
    docs: list[SourceDocument], vocabulary: Vocabulary, institute_name: str
) -> OrganizationResult:
    mentions = collect_mentions(docs, institute_name)
    index = label_index(vocabulary.organizations)
    known: dict[str, list[OrgMention]] = defaultdict(list)  # concept IRI -> mentions
    unknown: dict[str, list[OrgMention]] = defaultdict(list)  # folded surface -> mentions
    concepts = {c.iri: c for c in vocabulary.organizations}
    for m in mentions:
        key = folded(m.surface)
        concept = index.get(key)
        if concept is not None:
            known[concept.iri].append(m)
        else:
            unknown[key or m.surface].append(m)

    drafts: list[EntityDraft] = []
    for iri in sorted(known):
        group = known[iri]
        label = concept_label(concepts[iri])
        surfaces = sorted({m.surface for m in group} - {label})
        tags = {m.surface for m in group if m.is_tag}
        drafts.append(
            EntityDraft(
                kind=EntityKind.ORGANIZATION,
                wanted_key=concept_key(iri),
                label=label,
                mentions=[m.ref for m in group],
                alternate_labels=tuple(surfaces),
                # Alone, every member would still resolve to the concept: no retired keys.
                member_keys=(),
                merges=tuple(
                    Merge(
                        label=s,
                        into=label,
                        score=100.0,
                        reason="tag" if s in tags else "vocabulary",
                    )
                    for s in surfaces
                ),
                concept_iri=iri,
            )
        )
    for key in sorted(unknown):
        group = unknown[key]
        counts = Counter(m.surface for m in group)
        label = best_surface(counts)
        others = sorted(set(counts) - {label})
        drafts.append(
            EntityDraft(
                kind=EntityKind.ORGANIZATION,
                wanted_key=slugify(label),
                label=label,
                mentions=[m.ref for m in group],
                alternate_labels=tuple(others),
                member_keys=tuple(sorted({slugify(s) for s in counts})),
                merges=tuple(
                    Merge(label=s, into=label, score=100.0, reason="exact-normalised")
                    for s in others
                ),
            )
        )
    stats = KindStats(
        mentions=len(mentions),
        surfaces=len({folded(m.surface) for m in mentions}),
        blocks=0,
        comparisons=0,  # dictionary lookups only: no pair is ever compared
        entities=len(drafts),
    )
    return OrganizationResult(drafts=drafts, stats=stats)
