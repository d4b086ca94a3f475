"""A :class:`~scholargraph.resolve.incremental.StoredResolution` held in memory: every index
built from the pages and their full resolution, the reference the store's index must match."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from scholargraph.config import Settings
from scholargraph.models import EntityKind, MentionRef, Resolution, SourceDocument
from scholargraph.pipeline import load_vocabulary
from scholargraph.resolve.common import NameCache, min_ref
from scholargraph.resolve.incremental import (
    StoredEntity,
    member_keys,
    own_keys,
    page_nodes,
    page_titles,
    wanted_key,
)
from scholargraph.resolve.incremental_groups import Grouper, Tallied, add_tallies
from scholargraph.resolve.normalize import content_tokens
from scholargraph.resolve.persons import BlockKey, NodeKey, mention_node

K = TypeVar("K")
V = TypeVar("V")


def _pick(index: Mapping[K, set[V]], keys: Collection[K]) -> dict[K, set[V]]:
    return {k: set(index[k]) for k in keys if k in index}


@dataclass
class MemoryResolution:
    docs: dict[str, SourceDocument]
    resolution: Resolution
    reads: int = 0  # records handed out
    title_pages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    word_titles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    key_titles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    node_pages: dict[NodeKey, set[str]] = field(default_factory=lambda: defaultdict(set))
    node_keys: dict[NodeKey, set[BlockKey]] = field(default_factory=lambda: defaultdict(set))
    key_nodes: dict[BlockKey, set[NodeKey]] = field(default_factory=lambda: defaultdict(set))
    refs_of: dict[tuple[EntityKind, str], list[MentionRef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    wanting: dict[tuple[EntityKind, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    members: dict[tuple[EntityKind, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    tallies: dict[tuple[EntityKind, str], Tallied] = field(default_factory=dict)
    group_holders: dict[tuple[EntityKind, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )

    @classmethod
    def build(cls, docs: Mapping[str, SourceDocument], resolution: Resolution) -> MemoryResolution:
        state = cls(dict(docs), resolution)
        names = NameCache()
        settings = Settings()
        grouper = Grouper(load_vocabulary(settings)[0], settings.institute_name)
        for doc in docs.values():
            add_tallies(state.tallies, doc, resolution, grouper)
            for title in page_titles(doc):
                state.title_pages[title].add(doc.source_id)
            for ref, node in page_nodes(doc, names).items():
                state.node_pages[node].add(doc.source_id)
                name = (
                    doc.record.owner
                    if ref[1] == "owner"
                    else next(p for p in doc.record.publications if p.index == ref[2])
                    .authors[int(ref[3])]
                    .name
                )
                for key in mention_node(name, names)[1].block_keys:
                    state.node_keys[node].add(key)
                    state.key_nodes[key].add(node)
        for title in state.title_pages:
            for word in set(content_tokens(title)):
                state.word_titles[word].add(title)
            for key in own_keys(title):
                state.key_titles[key].add(title)
        for kind, mentions in resolution.mentions.items():
            for ref, key in mentions.items():
                state.refs_of[(kind, key)].append(ref)
        for entity in resolution.entities:
            state.wanting[(entity.kind, wanted_key(entity))].add(entity.key)
            for key in member_keys(entity):
                state.members[(entity.kind, key)].add(entity.key)
        for (kind, key), tallied in state.tallies.items():
            for group in tallied.groups:
                state.group_holders[(kind, group)].add(key)
        return state

    def documents(self, source_ids: Collection[str]) -> dict[str, SourceDocument]:
        self.reads += len(source_ids)
        return {i: self.docs[i] for i in source_ids}

    def pages_naming_titles(self, titles: Collection[str]) -> dict[str, set[str]]:
        return _pick(self.title_pages, titles)

    def word_counts(self, words: Collection[str]) -> dict[str, int]:
        return {w: len(self.word_titles[w]) for w in words if w in self.word_titles}

    def titles_with_words(self, words: Collection[str]) -> dict[str, set[str]]:
        return _pick(self.word_titles, words)

    def titles_with_keys(self, keys: Collection[str]) -> dict[str, set[str]]:
        return _pick(self.key_titles, keys)

    def pages_naming_nodes(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[str]]:
        return _pick(self.node_pages, nodes)

    def node_block_keys(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[BlockKey]]:
        return _pick(self.node_keys, nodes)

    def nodes_with_block_keys(self, keys: Collection[BlockKey]) -> dict[BlockKey, set[NodeKey]]:
        return _pick(self.key_nodes, keys)

    def mention_keys(self, kind: EntityKind, source_ids: Collection[str]) -> dict[MentionRef, str]:
        pages = set(source_ids)
        return {r: k for r, k in self.resolution.mentions[kind].items() if r[0] in pages}

    def entities(self, kind: EntityKind, keys: Collection[str]) -> dict[str, StoredEntity]:
        wanted = set(keys)
        out = {}
        for entity in self.resolution.entities:
            if entity.kind is kind and entity.key in wanted:
                first = min_ref(self.refs_of[(kind, entity.key)])
                assert first is not None
                out[entity.key] = StoredEntity(entity, first, self.tallies.get((kind, entity.key)))
        return out

    def entities_wanting(self, kind: EntityKind, wanted: Collection[str]) -> dict[str, set[str]]:
        return {k: set(self.wanting[(kind, k)]) for k in wanted if (kind, k) in self.wanting}

    def entities_with_member_keys(
        self, kind: EntityKind, keys: Collection[str]
    ) -> dict[str, set[str]]:
        return {k: set(self.members[(kind, k)]) for k in keys if (kind, k) in self.members}

    def entities_in_groups(self, kind: EntityKind, groups: Collection[str]) -> dict[str, set[str]]:
        return {
            g: set(self.group_holders[(kind, g)]) for g in groups if (kind, g) in self.group_holders
        }

    def groups_starting(self, kind: EntityKind, prefix: str) -> set[str]:
        return {
            g
            for (k, g), held in self.group_holders.items()
            if k is kind and held and g.startswith(prefix)
        }

    def first_mention(
        self, kind: EntityKind, key: str, leaving: Collection[str]
    ) -> MentionRef | None:
        return min_ref([r for r in self.refs_of[(kind, key)] if r[0] not in leaving])

    def mentions_of(self, kind: EntityKind, keys: Collection[str]) -> dict[str, list[MentionRef]]:
        return {k: list(self.refs_of[(kind, k)]) for k in keys if (kind, k) in self.refs_of}
