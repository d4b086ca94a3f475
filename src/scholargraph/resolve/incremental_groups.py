"""Incremental resolution of organizations and topics: how a page change moves the groups its
mentions leave and join, each group's entity made again from its tally.

Organizations and topics are resolved by grouping, never by comparing pages: a mention joins the
group of its vocabulary concept, else of its folded spelling (:func:`.organizations.group_of`,
:func:`.topics.match_concept`), and a group's entity is a function of its mentions' tally
(:data:`.common.Tally`: how many mentions give each spelling and tag or language). So a change
moves only the groups of the mentions it adds or takes away, and their new tallies are the
stored ones minus what the old page gave plus what the new one gives; nothing else is read.

A group no stored page named gets a new entity, and one no page names any more loses its entity,
when the key involved is one no other entity wants, holds or would have had alone.

Topics outside the vocabulary are clustered: spellings sharing a block whose fuzzy scores are
close join one entity (:func:`.topics.resolve_topics`), so such an entity holds several groups.
A cluster depends only on the spellings in its block, and a spelling close to none of them never
joins one; so a spelling that stays named moves only its cluster's tally, and a spelling that
appears close to no other, or vanishes from a cluster of its own, moves no other cluster.

Declined (the caller resolves everything), each rare and each able to move other entities' keys
or other pages' mentions: a key contested that way, a new spelling outside the vocabulary close
to another (it may join a cluster), a spelling leaving a cluster of several, two spellings of one
cluster changed at once, a change of the key the group's entity wants or of the keys its
spellings would have had alone, a change of the mention that orders its key claim while another
entity wants the same key, or a store written before tallies were kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import EntityKind, MentionRef, Resolution, SourceDocument
from ..vocabulary import Concept, Vocabulary
from .blocking import BLOCK_CAP
from .common import EntityDraft, Group, Tally, draft_entity, min_ref, sorted_refs
from .names import folded
from .organizations import collect_mentions as organization_mentions
from .organizations import group_of, organization_draft
from .topics import (
    close_forms,
    concept_draft,
    match_concept,
    unknown_block,
    unknown_draft,
    unknown_form,
)
from .topics import collect_mentions as topic_mentions
from .vocab import label_index

if TYPE_CHECKING:
    from .incremental import ResolutionDelta, StoredResolution

GROUPED = (EntityKind.ORGANIZATION, EntityKind.TOPIC)


@dataclass(frozen=True)
class GroupMention:
    """An organization or topic mention: the group it joins and what it adds to the tally."""

    ref: MentionRef
    group: Group
    item: tuple[str, str]


def group_text(group: Group) -> str:
    """A group as the index keeps it (``concept <iri>`` or ``form <folded spelling>``)."""
    return f"{group[0]} {group[1]}"


@dataclass(frozen=True)
class Tallied:
    """What the index keeps of an organization or topic: its tally and its groups (as text)."""

    counts: Tally
    groups: frozenset[str]


class Grouper:
    """The groups of the organization and topic mentions of pages, by the full resolvers'
    rules, and the drafts of groups from their tallies."""

    def __init__(self, vocabulary: Vocabulary, institute_name: str) -> None:
        self.institute_name = institute_name
        self._org_index = label_index(vocabulary.organizations)
        self._topic_index = label_index(vocabulary.topics)
        self._choices = list(self._topic_index)
        self._concepts: dict[EntityKind, dict[str, Concept]] = {
            EntityKind.ORGANIZATION: {c.iri: c for c in vocabulary.organizations},
            EntityKind.TOPIC: {c.iri: c for c in vocabulary.topics},
        }
        self._matched: dict[str, tuple[Concept, float] | None] = {}

    def _topic_match(self, label: str) -> tuple[Concept, float] | None:
        form = folded(label)
        if form not in self._matched:
            found = match_concept(form, self._topic_index, self._choices) if form else None
            self._matched[form] = found
        return self._matched[form]

    def mentions(self, doc: SourceDocument) -> dict[EntityKind, dict[MentionRef, GroupMention]]:
        orgs = {
            m.ref: GroupMention(
                m.ref, group_of(m.surface, self._org_index), (m.surface, "tag" if m.is_tag else "")
            )
            for m in organization_mentions([doc], self.institute_name)
        }
        topics = {}
        for m in topic_mentions([doc]):
            hit = self._topic_match(m.label)
            group = ("concept", hit[0].iri) if hit else ("form", unknown_form(m.label))
            topics[m.ref] = GroupMention(m.ref, group, (m.label, m.language))
        return {EntityKind.ORGANIZATION: orgs, EntityKind.TOPIC: topics}

    def draft(
        self, kind: EntityKind, group: Group, counts: Tally, refs: list[MentionRef]
    ) -> EntityDraft:
        """The draft the full resolver makes of ``group`` (a topic outside the vocabulary: of
        the cluster of spellings holding it, ``counts`` being the whole cluster's tally)."""
        if kind is EntityKind.ORGANIZATION:
            return organization_draft(group, counts, refs, self._concepts[kind])
        if group[0] != "concept":
            return unknown_draft(counts, refs)

        def score_of(label: str) -> float:
            hit = self._topic_match(label)
            return hit[1] if hit is not None else 0.0

        return concept_draft(self._concepts[kind][group[1]], counts, refs, score_of)


def add_tallies(
    out: dict[tuple[EntityKind, str], Tallied],
    doc: SourceDocument,
    resolution: Resolution,
    grouper: Grouper,
) -> None:
    """Add what ``doc``'s organization and topic mentions give their entities' tallies."""
    for kind, mentions in grouper.mentions(doc).items():
        keys = resolution.mentions.get(kind, {})
        for ref, mention in mentions.items():
            where = (kind, keys[ref])
            found = out.get(where) or Tallied(Counter(), frozenset())
            found.counts[mention.item] += 1
            out[where] = Tallied(found.counts, found.groups | {group_text(mention.group)})


class _Declined(Exception):
    """A group change this module does not make (the message says why)."""


def group_changes(
    stored: StoredResolution,
    versions: Mapping[str, tuple[SourceDocument | None, SourceDocument | None]],
    grouper: Grouper,
    delta: ResolutionDelta,
) -> str | None:
    """Move the organizations and topics the changed pages (``versions``: source id -> old and
    new page) leave and join into ``delta``; the reason when the change is declined."""
    sides = [
        [grouper.mentions(doc) if doc is not None else {} for doc in pair]
        for pair in versions.values()
    ]
    for kind in GROUPED:
        before: dict[MentionRef, GroupMention] = {}
        after: dict[MentionRef, GroupMention] = {}
        for old, new in sides:
            before |= old.get(kind, {})
            after |= new.get(kind, {})
        moved = {r for r in before.keys() | after.keys() if before.get(r) != after.get(r)}
        touched = {m.group for r in moved for m in (before.get(r), after.get(r)) if m}
        key_of: dict[Group, str] = {}
        try:
            for group in sorted(touched):
                key_of[group] = _move_group(stored, kind, group, before, after, grouper, delta)
        except _Declined as declined:
            return str(declined)
        for ref in sorted_refs(moved):
            if ref in after:
                delta.mentions[kind][ref] = key_of[after[ref].group]
            else:
                delta.dropped[kind].add(ref)
    return None


def _move_group(
    stored: StoredResolution,
    kind: EntityKind,
    group: Group,
    before: Mapping[MentionRef, GroupMention],
    after: Mapping[MentionRef, GroupMention],
    grouper: Grouper,
    delta: ResolutionDelta,
) -> str:
    """The key of ``group``'s entity, moved into ``delta``."""
    written = next(m.item[0] for m in [*after.values(), *before.values()] if m.group == group)
    name = f"{kind.value} {written!r}"
    clustered = kind is EntityKind.TOPIC and group[0] != "concept"
    text = group_text(group)
    holders = stored.entities_in_groups(kind, [text]).get(text, set())
    if not holders:
        close = _close_spellings(stored, kind, group, before, after) if clustered else []
        if close:
            raise _Declined(f"the new {name} is spelled like the topic {close[0]!r}")
        return _new_group(stored, kind, group, after, grouper, delta, name)
    if len(holders) != 1:
        raise _Declined(f"the {name} is split")
    key = holders.pop()
    if key in delta.removed[kind]:
        raise _Declined(f"the change moves two spellings of the {name}")
    found = stored.entities(kind, [key])[key]
    if found.tallied is None:
        raise _Declined("the store was written before tallies were kept")
    counts = Counter(found.tallied.counts)
    for mention in before.values():
        if mention.group == group:
            counts[mention.item] -= 1
    added: list[MentionRef] = []
    for mention in after.values():
        if mention.group == group:
            counts[mention.item] += 1
            added.append(mention.ref)
    if any(n < 0 for n in counts.values()):  # an index out of step: resolving rewrites it
        raise _Declined(f"the stored tally of the {name} lacks the changed page's mentions")
    counts = +counts
    if clustered and found.tallied.groups != {text} and not _names_form(counts, group[1]):
        raise _Declined(f"a spelling of the {name} vanishes from a cluster of spellings")
    if not counts:  # no page names it any more: it goes, if letting its key go moves no one
        if clustered:  # a cluster of its own: only a block leaving the size cap moves others
            _close_spellings(stored, kind, group, before, after)
        _uncontested(stored, kind, key, key, name)
        delta.removed[kind].add(key)
        delta.replaced.append(found.entity)
        return key
    first = found.first_mention
    if first in before and first not in added:  # the smallest mention left: off the changed pages
        pages = {str(ref[0]) for ref in before} | {str(ref[0]) for ref in after}
        elsewhere = stored.first_mention(kind, key, pages)
        new_first = min_ref([*([elsewhere] if elsewhere else []), *added]) or first
    else:
        new_first = min_ref([first, *added]) or first
    old_draft = grouper.draft(kind, group, found.tallied.counts, [first])
    draft = grouper.draft(kind, group, counts, [new_first])
    if (draft.wanted_key, draft.member_keys) != (old_draft.wanted_key, old_draft.member_keys):
        raise _Declined(f"the key the {name} wants, or its spellings', changed")
    if new_first != first and stored.entities_wanting(kind, [draft.wanted_key]).get(
        draft.wanted_key, set()
    ) - {key}:
        raise _Declined(f"the {name} contests its key")
    aliases = set(found.entity.aliases)
    entity = draft_entity(draft, key, lambda k: k not in aliases)
    delta.removed[kind].add(key)
    delta.replaced.append(found.entity)
    delta.entities.append(entity)
    delta.first[(kind, key)] = new_first
    delta.tallied[(kind, key)] = Tallied(counts, found.tallied.groups)
    return key


def _close_spellings(
    stored: StoredResolution,
    kind: EntityKind,
    group: Group,
    before: Mapping[MentionRef, GroupMention],
    after: Mapping[MentionRef, GroupMention],
) -> list[str]:
    """The spellings outside the vocabulary, stored or on the changed pages, that ``group``'s
    spelling may cluster with. Clusters form within a block (:func:`.topics.unknown_block`)
    and depend only on the spellings in it; a spelling close to none never joins a cluster,
    and adding or taking it away moves no other. Declined: a block at the size that switches
    its scoring off."""
    block = unknown_block(group[1])
    stored_forms = {
        text.removeprefix("form ") for text in stored.groups_starting(kind, f"form {block}")
    }
    changed = {m.group[1] for m in [*before.values(), *after.values()] if m.group[0] == "form"}
    forms = {f for f in stored_forms | changed if unknown_block(f) == block}
    if len(forms) >= BLOCK_CAP:
        raise _Declined(f"{len(forms)} topics outside the vocabulary begin with {block!r}")
    return sorted(close_forms(group[1], forms))


def _names_form(counts: Tally, form: str) -> bool:
    """Whether a spelling in ``counts`` folds to ``form`` (topics outside the vocabulary)."""
    return any(unknown_form(label) == form for label, _ in counts)


_SUFFIXED = re.compile(r"-\d+$")


def _uncontested(
    stored: StoredResolution, kind: EntityKind, key: str, owner: str, name: str
) -> None:
    """Decline unless ``key`` moves no other entity's key or aliases when ``owner`` (``""``: a
    new entity) takes it or lets it go: nobody else wants it, holds it or would have had it
    alone, and it has no ``-N`` form, which suffixed keys of homonyms step around."""
    others = (
        stored.entities_wanting(kind, [key]).get(key, set())
        | set(stored.entities(kind, [key]))
        | stored.entities_with_member_keys(kind, [key]).get(key, set())
    ) - {owner}
    if others or _SUFFIXED.search(key):
        raise _Declined(f"the key of the {name} is contested")


def _new_group(
    stored: StoredResolution,
    kind: EntityKind,
    group: Group,
    after: Mapping[MentionRef, GroupMention],
    grouper: Grouper,
    delta: ResolutionDelta,
    name: str,
) -> str:
    """A group no stored page named: its entity, when its key is one nobody else claims."""
    mentions = [m for m in after.values() if m.group == group]
    counts: Tally = Counter(m.item for m in mentions)
    draft = grouper.draft(kind, group, counts, [m.ref for m in mentions])
    key = draft.wanted_key
    _uncontested(stored, kind, key, "", name)
    held = set(stored.entities(kind, draft.member_keys))
    entity = draft_entity(draft, key, held.__contains__)
    delta.entities.append(entity)
    delta.first[(kind, key)] = min_ref(draft.mentions) or draft.mentions[0]
    delta.tallied[(kind, key)] = Tallied(counts, frozenset({group_text(group)}))
    return key
