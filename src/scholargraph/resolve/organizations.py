"""Organizations: position employers, paper tags and the institute, through the vocabulary.

A surface resolves to a known organization when its folded form (case, diacritics, punctuation
and spacing ignored) equals the folded prefLabel or an altLabel (tags are altLabels). There is no
fuzzy matching on purpose: ``google`` and ``Google DeepMind`` are close strings and different
organizations. Unknown surfaces become their own entities, merged only when they fold equal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import EntityKind, MentionRef, Merge, PageFormat, SourceDocument, organization_ref
from ..vocabulary import Concept, Vocabulary
from .common import EntityDraft, Group, KindStats, Tally, sorted_refs, spelling_counts
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


def group_of(surface: str, index: dict[str, Concept]) -> Group:
    """The group a surface joins: its vocabulary concept, else every surface folding as it does."""
    key = folded(surface)
    concept = index.get(key)
    return ("concept", concept.iri) if concept is not None else ("form", key or surface)


def tally(mentions: Iterable[OrgMention]) -> Tally:
    """How many mentions give each (surface, ``"tag"`` or ``""``): all a draft is made of."""
    return Counter((m.surface, "tag" if m.is_tag else "") for m in mentions)


def organization_draft(
    group: Group, counts: Tally, refs: list[MentionRef], concepts: dict[str, Concept]
) -> EntityDraft:
    """The draft of one group from its mentions' tally (``refs``: the mentions themselves)."""
    if group[0] == "concept":
        label = concept_label(concepts[group[1]])
        surfaces = sorted({s for s, _ in counts} - {label})
        tags = {s for s, tag in counts if tag}
        return EntityDraft(
            kind=EntityKind.ORGANIZATION,
            wanted_key=concept_key(group[1]),
            label=label,
            mentions=refs,
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
            concept_iri=group[1],
        )
    by_surface = spelling_counts(counts)
    label = best_surface(by_surface)
    others = sorted(set(by_surface) - {label})
    return EntityDraft(
        kind=EntityKind.ORGANIZATION,
        wanted_key=slugify(label),
        label=label,
        mentions=refs,
        alternate_labels=tuple(others),
        member_keys=tuple(sorted({slugify(s) for s in by_surface})),
        merges=tuple(
            Merge(label=s, into=label, score=100.0, reason="exact-normalised") for s in others
        ),
    )


def resolve_organizations(
    docs: list[SourceDocument], vocabulary: Vocabulary, institute_name: str
) -> OrganizationResult:
    mentions = collect_mentions(docs, institute_name)
    index = label_index(vocabulary.organizations)
    concepts = {c.iri: c for c in vocabulary.organizations}
    groups: dict[Group, list[OrgMention]] = defaultdict(list)
    for m in mentions:
        groups[group_of(m.surface, index)].append(m)
    # concepts first, by IRI; then unknown surfaces, by folded form
    drafts = [
        organization_draft(g, tally(groups[g]), [m.ref for m in groups[g]], concepts)
        for g in sorted(groups, key=lambda g: (g[0] != "concept", g[1]))
    ]
    stats = KindStats(
        mentions=len(mentions),
        surfaces=len({folded(m.surface) for m in mentions}),
        blocks=0,
        comparisons=0,  # dictionary lookups only: no pair is ever compared
        entities=len(drafts),
    )
    return OrganizationResult(drafts=drafts, stats=stats)
