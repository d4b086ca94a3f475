"""The resolution index: what incremental resolution (:mod:`.resolve.incremental`) reads of the
stored corpus, kept in the store's index graph (internal, like the records graph: never dumped).

Owns the index's shape, its quads for a whole resolution (:func:`index_quads`), their change
for a page change (:func:`index_changes`), and :class:`StoreResolution`, the
:class:`~.resolve.incremental.StoredResolution` that answers from the store.

* a **title node** (``{base}/index/title/{hash}``): ``sg:indexText`` its normalised title,
  ``sg:indexWord`` each content word, ``sg:indexKey`` each own block key, ``sg:indexPage`` the
  source id of each page naming it;
* a **person node** (``{base}/index/node/{hash}``): ``sg:indexText`` its key (JSON), ``sg:indexKey``
  each block key of its spellings (JSON), ``sg:indexPage`` each page naming it;
* an **entity** of any kind (its own IRI): ``sg:indexWants`` the key it wants,
  ``sg:indexMember`` each key a spelling of it would have had alone, ``sg:indexEntity`` the
  entity and its first mention (JSON); for organizations and topics also their mentions'
  tally in that JSON and ``sg:indexGroup`` each group their mentions join
  (:mod:`.resolve.incremental_groups`).

Title and node entries exist exactly while some page names them, so counting titles with a word
counts the corpus's titles. A node's block keys only grow between full resolutions (a spelling
gone leaves its keys): incremental resolution may then look at more nodes, never fewer.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from .models import Entity, EntityKind, MentionRef, Resolution, SourceDocument
from .queries import load_query
from .rdf.iris import Iris, short_hash
from .rdf.mapping_inputs import MentionKey, decode_mentions
from .rdf.terms import Lit, Quad, Term, lit
from .rdf.vocab import RDF, SG
from .resolve.common import NameCache, min_ref, sorted_refs
from .resolve.incremental import (
    PageChange,
    ResolutionDelta,
    StoredEntity,
    member_keys,
    own_keys,
    page_titles,
    wanted_key,
)
from .resolve.incremental_groups import Grouper, Tallied, add_tallies
from .resolve.normalize import content_tokens
from .resolve.persons import BlockKey, NodeKey, mention_node
from .store_api import GraphStore


def _node_text(node: NodeKey) -> str:
    return json.dumps(list(node), ensure_ascii=False)


def _block_text(key: BlockKey) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def _title_iri(iris: Iris, title: str) -> str:
    return f"{iris.base}/index/title/{short_hash(title, length=24)}"


def _node_iri(iris: Iris, node: NodeKey) -> str:
    return f"{iris.base}/index/node/{short_hash(*node, length=24)}"


def _entity_quads(
    iris: Iris, entity: Entity, first: MentionRef, tallied: Tallied | None = None
) -> list[Quad]:
    graph = iris.index_graph
    iri = iris.entity(entity.kind, entity.key)
    record = f'{{"entity":{entity.model_dump_json()},"first":{json.dumps(list(first))}'
    if tallied is not None:
        counts = sorted([*item, n] for item, n in tallied.counts.items())
        record += f',"tally":{json.dumps(counts, ensure_ascii=False)}'
    out: list[Quad] = [
        (iri, SG.indexWants, lit(wanted_key(entity)), graph),
        (iri, SG.indexEntity, Lit(record + "}", RDF.JSON), graph),
    ]
    out += [(iri, SG.indexMember, lit(k), graph) for k in sorted(member_keys(entity))]
    if tallied is not None:
        out += [(iri, SG.indexGroup, lit(g), graph) for g in sorted(tallied.groups)]
    return out


def _title_quads(iris: Iris, title: str, pages: Iterable[str]) -> list[Quad]:
    graph, iri = iris.index_graph, _title_iri(iris, title)
    out: list[Quad] = [(iri, SG.indexText, lit(title), graph)]
    out += [(iri, SG.indexWord, lit(w), graph) for w in sorted(set(content_tokens(title)))]
    out += [(iri, SG.indexKey, lit(k), graph) for k in own_keys(title)]
    out += [(iri, SG.indexPage, lit(p), graph) for p in sorted(pages)]
    return out


def _node_quads(
    iris: Iris, node: NodeKey, keys: Iterable[BlockKey], pages: Iterable[str]
) -> list[Quad]:
    graph, iri = iris.index_graph, _node_iri(iris, node)
    out: list[Quad] = [(iri, SG.indexText, lit(_node_text(node)), graph)]
    out += [(iri, SG.indexKey, lit(_block_text(k)), graph) for k in sorted(set(keys))]
    out += [(iri, SG.indexPage, lit(p), graph) for p in sorted(pages)]
    return out


def _page_names(
    doc: SourceDocument, names: NameCache
) -> tuple[set[str], dict[NodeKey, set[BlockKey]]]:
    """The title nodes a page names, and its person nodes with their spellings' block keys."""
    nodes: dict[NodeKey, set[BlockKey]] = defaultdict(set)
    record = doc.record
    for name in [record.owner, *(a.name for p in record.publications for a in p.authors)]:
        node, parsed = mention_node(name, names)
        nodes[node].update(parsed.block_keys)
    return page_titles(doc), nodes


def index_quads(
    iris: Iris, documents: Iterable[SourceDocument], resolution: Resolution, grouper: Grouper
) -> Iterator[Quad]:
    """The whole index of ``documents`` and their ``resolution``."""
    names = NameCache()
    title_pages: dict[str, set[str]] = defaultdict(set)
    node_pages: dict[NodeKey, set[str]] = defaultdict(set)
    node_keys: dict[NodeKey, set[BlockKey]] = defaultdict(set)
    tallies: dict[tuple[EntityKind, str], Tallied] = {}
    for doc in documents:
        add_tallies(tallies, doc, resolution, grouper)
        titles, nodes = _page_names(doc, names)
        for title in titles:
            title_pages[title].add(doc.source_id)
        for node, keys in nodes.items():
            node_pages[node].add(doc.source_id)
            node_keys[node] |= keys
    for title in sorted(title_pages):
        yield from _title_quads(iris, title, title_pages[title])
    for node in sorted(node_pages):
        yield from _node_quads(iris, node, node_keys[node], node_pages[node])
    refs: dict[tuple[EntityKind, str], list[MentionRef]] = defaultdict(list)
    for kind, mentions in resolution.mentions.items():
        for ref, key in mentions.items():
            refs[(kind, key)].append(ref)
    for entity in resolution.entities:
        where = (entity.kind, entity.key)
        first = min_ref(refs[where])
        if first is not None:
            yield from _entity_quads(iris, entity, first, tallies.get(where))


@dataclass
class IndexChanges:
    delete_subjects: list[str]
    delete: list[Quad]
    insert: list[Quad]


def index_changes(
    store: GraphStore,
    iris: Iris,
    changes: Iterable[PageChange],
    delta: ResolutionDelta,
    first_mentions: Mapping[tuple[EntityKind, str], MentionRef],
) -> IndexChanges:
    """How the index moves with ``changes`` and the resolution's ``delta``."""
    graph = iris.index_graph
    names = NameCache()
    pages: dict[str | NodeKey, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    node_keys: dict[NodeKey, set[BlockKey]] = defaultdict(set)
    for change in changes:
        for version, side in ((change.old, 0), (change.new, 1)):
            if version is None:
                continue
            titles, nodes = _page_names(version, names)
            entries: list[str | NodeKey] = [*titles, *nodes]
            for entry in entries:
                pages[entry][side].add(change.source_id)
            if side:
                for node, keys in nodes.items():
                    node_keys[node] |= keys
    out = IndexChanges([], [], [])
    for entry, (before, after) in sorted(pages.items(), key=lambda e: str(e[0])):
        iri = _node_iri(iris, entry) if isinstance(entry, tuple) else _title_iri(iris, entry)
        stored = {_value(p) for p in store.objects(iri, SG.indexPage, graph)}
        remaining = (stored - before) | after
        if not remaining:
            out.delete_subjects.append(iri)
        elif not stored:
            out.insert += (
                _node_quads(iris, entry, node_keys[entry], remaining)
                if isinstance(entry, tuple)
                else _title_quads(iris, entry, remaining)
            )
        else:
            out.delete += [(iri, SG.indexPage, lit(p), graph) for p in sorted(stored - remaining)]
            out.insert += [(iri, SG.indexPage, lit(p), graph) for p in sorted(remaining - stored)]
            if isinstance(entry, tuple):  # the keys of a spelling the node did not have
                out.insert += [
                    (iri, SG.indexKey, lit(_block_text(k)), graph)
                    for k in sorted(node_keys.get(entry, set()))
                ]
    for kind, removed in delta.removed.items():
        out.delete_subjects += [iris.entity(kind, k) for k in sorted(removed)]
    for entity in delta.entities:
        where = (entity.kind, entity.key)
        out.insert += _entity_quads(iris, entity, first_mentions[where], delta.tallied.get(where))
    return out


def _value(term: Term) -> str:
    return term.value if isinstance(term, Lit) else str(term)


class StoreResolution:
    """The stored corpus and resolution, read from the store's records and index graphs."""

    def __init__(self, store: GraphStore, iris: Iris) -> None:
        self.store, self.iris = store, iris
        self.graph = iris.index_graph
        self._mentions: dict[str, list[MentionKey]] = {}

    def _objects(self, subject: str, predicate: str) -> list[str]:
        return [_value(t) for t in self.store.objects(subject, predicate, self.graph)]

    def _subjects(self, predicate: str, value: str) -> list[tuple[str, str]]:
        rows = self.store.select(
            load_query("index-subjects"),
            {"index": self.graph, "property": predicate, "value": lit(value)},
        ).rows
        return [
            (str(r["s"]), _value(r["text"])) if "text" in r else (str(r["s"]), "") for r in rows
        ]

    def documents(self, source_ids: Collection[str]) -> dict[str, SourceDocument]:
        out = {}
        for source_id in source_ids:
            graph = self.iris.source_graph(source_id)
            records = self.store.objects(graph, SG.parsedRecord, self.iris.records_graph)
            out[source_id] = SourceDocument.model_validate_json(_value(records[0]))
        return out

    def pages_naming_titles(self, titles: Collection[str]) -> dict[str, set[str]]:
        found = {t: set(self._objects(_title_iri(self.iris, t), SG.indexPage)) for t in titles}
        return {t: pages for t, pages in found.items() if pages}

    def word_counts(self, words: Collection[str]) -> dict[str, int]:
        out = {}
        for word in words:
            rows = self.store.select(
                load_query("index-count"),
                {"index": self.graph, "property": SG.indexWord, "value": lit(word)},
            ).rows
            out[word] = int(_value(rows[0]["n"])) if rows else 0
        return out

    def titles_with_words(self, words: Collection[str]) -> dict[str, set[str]]:
        return {w: {text for _, text in self._subjects(SG.indexWord, w)} for w in words}

    def titles_with_keys(self, keys: Collection[str]) -> dict[str, set[str]]:
        return {k: {text for _, text in self._subjects(SG.indexKey, k)} for k in keys}

    def pages_naming_nodes(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[str]]:
        found = {n: set(self._objects(_node_iri(self.iris, n), SG.indexPage)) for n in nodes}
        return {n: pages for n, pages in found.items() if pages}

    def node_block_keys(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[BlockKey]]:
        out = {}
        for node in nodes:
            keys = self._objects(_node_iri(self.iris, node), SG.indexKey)
            out[node] = {_block_key(k) for k in keys}
        return out

    def nodes_with_block_keys(self, keys: Collection[BlockKey]) -> dict[BlockKey, set[NodeKey]]:
        out: dict[BlockKey, set[NodeKey]] = {}
        for key in keys:
            found = self._subjects(SG.indexKey, _block_text(key))
            out[key] = {_node_key(text) for _, text in found}
        return out

    def page_mentions(self, source_id: str) -> list[MentionKey]:
        """Every mention key the page's graph was mapped with (all kinds), read once (none for a
        page the store does not hold: a new one)."""
        found = self._mentions.get(source_id)
        if found is None:
            graph = self.iris.source_graph(source_id)
            keys = self.store.objects(graph, SG.mentionKeys, self.iris.records_graph)
            found = decode_mentions(_value(keys[0])) if keys else []
            self._mentions[source_id] = found
        return found

    def mention_keys(self, kind: EntityKind, source_ids: Collection[str]) -> dict[MentionRef, str]:
        return {
            ref: key
            for source_id in source_ids
            for k, ref, key, _ in self.page_mentions(source_id)
            if k is kind
        }

    def entities(self, kind: EntityKind, keys: Collection[str]) -> dict[str, StoredEntity]:
        out = {}
        for key in keys:
            found = self._objects(self.iris.entity(kind, key), SG.indexEntity)
            if found:
                data = json.loads(found[0])
                entity = Entity.model_validate(data["entity"])
                tallied = None
                if "tally" in data:
                    counts = Counter({(a, b): int(n) for a, b, n in data["tally"]})
                    groups = frozenset(self._objects(self.iris.entity(kind, key), SG.indexGroup))
                    tallied = Tallied(counts, groups)
                out[key] = StoredEntity(entity, tuple(data["first"]), tallied)
        return out

    def _entity_keys(
        self, kind: EntityKind, predicate: str, values: Collection[str]
    ) -> dict[str, set[str]]:
        prefix = self.iris.entity(kind, "")
        out: dict[str, set[str]] = {}
        for value in values:
            found = {
                unquote(s[len(prefix) :])
                for s, _ in self._subjects(predicate, value)
                if s.startswith(prefix)
            }
            if found:
                out[value] = found
        return out

    def entities_wanting(self, kind: EntityKind, wanted: Collection[str]) -> dict[str, set[str]]:
        return self._entity_keys(kind, SG.indexWants, wanted)

    def entities_with_member_keys(
        self, kind: EntityKind, keys: Collection[str]
    ) -> dict[str, set[str]]:
        return self._entity_keys(kind, SG.indexMember, keys)

    def entities_in_groups(self, kind: EntityKind, groups: Collection[str]) -> dict[str, set[str]]:
        return self._entity_keys(kind, SG.indexGroup, groups)

    def groups_starting(self, kind: EntityKind, prefix: str) -> set[str]:
        prefix_iri = self.iris.entity(kind, "")
        rows = self.store.select(
            load_query("index-groups-starting"), {"index": self.graph, "prefix": lit(prefix)}
        ).rows
        return {_value(r["group"]) for r in rows if str(r["s"]).startswith(prefix_iri)}

    def _pages_naming(self, kind: EntityKind, key: str) -> list[str]:
        rows = self.store.select(
            load_query("entity-source-ids"),
            {"entity": self.iris.entity(kind, key), "metadataGraph": self.iris.metadata_graph},
        ).rows
        return sorted({_value(r["sourceId"]) for r in rows})

    def mentions_of(self, kind: EntityKind, keys: Collection[str]) -> dict[str, list[MentionRef]]:
        out: dict[str, list[MentionRef]] = {}
        for key in keys:
            pages = self._pages_naming(kind, key)
            refs = [r for r, k in self.mention_keys(kind, pages).items() if k == key]
            out[key] = sorted_refs(refs)
        return out

    def first_mention(
        self, kind: EntityKind, key: str, leaving: Collection[str]
    ) -> MentionRef | None:
        """The smallest mention of the entity on a page other than ``leaving`` (mentions are
        ordered by their page first: the first page naming it that holds one)."""
        for page in self._pages_naming(kind, key):
            if page not in leaving:
                refs = [r for r, k in self.mention_keys(kind, [page]).items() if k == key]
                if refs:
                    return min_ref(refs)
        return None


def _block_key(text: str) -> BlockKey:
    first, second = json.loads(text)
    return (str(first), str(second))


def _node_key(text: str) -> NodeKey:
    first, second = json.loads(text)
    return (str(first), str(second))
