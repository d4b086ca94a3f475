"""Incremental resolution: what resolving every page again would give after some pages changed,
computed from the resolution before the change and only the pages the change can reach.

The resolver is a pure function of the set of pages; this module gives the same answer while
reading a few hundred pages instead of all of them. It rests on two facts about the resolver
(checked against it in ``tests/resolve/test_resolve_incremental.py``):

* **papers**: titles are clustered inside the components of the graph whose edges are the
  accepted version pairs (complete link never leaves one), and a pair's fate depends only on
  its two titles' mentions, their block keys and the sizes of the blocks they share. The only
  corpus-wide inputs are word counts (rare-word keys) and block sizes (the cap).
* **people**: spellings are placed inside the components of the graph of nodes sharing a block
  key (placement never looks past a node's blocks), and a mention's context compares papers
  only by identity.

So: the titles whose inputs moved (named by a changed page, or whose block keys or blocks moved
with the word counts) are closed under accepted pairs *before and after* the change; every title
outside that closure keeps its paper, and the closure is resolved again with the corpus-wide
counts. The same for person nodes, closed under shared block keys, starting from the nodes of
the changed pages and of the entries whose paper changed. Keys are then re-assigned among the
entities wanting the keys involved, as :func:`.keys.assign_unique_keys` would.

Organizations and topics are grouped, not compared: :mod:`.incremental_groups` moves them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from rapidfuzz import fuzz, process

from ..models import (
    Entity,
    EntityKind,
    MentionRef,
    Resolution,
    SourceDocument,
    author_ref,
    owner_ref,
    publication_ref,
)
from .blocking import BLOCK_CAP, prefix_keys, rare_word_keys
from .common import (
    EntityDraft,
    NameCache,
    claim_order,
    draft_entity,
    min_ref,
    ref_sort_key,
    sorted_refs,
)
from .incremental_groups import Grouper, Tallied, group_changes
from .keys import concept_key, publication_key, slugify
from .normalize import content_tokens
from .persons import BlockKey, NodeKey, mention_node, resolve_persons
from .publications import (
    TITLE_RATIO,
    PubMention,
    TitleCorpus,
    TitleNode,
    resolve_publications,
    title_node_key,
    version_score,
)
from .publications import collect_mentions as publication_mentions
from .titles import title_relation, version_keys


@dataclass(frozen=True)
class PageChange:
    """One page before and after: ``old`` what the store holds (None: a new page), ``new`` what
    replaces it (None: the page is forgotten)."""

    source_id: str
    old: SourceDocument | None
    new: SourceDocument | None


@dataclass(frozen=True)
class StoredEntity:
    entity: Entity
    first_mention: MentionRef  # who keeps a contested key (:meth:`EntityDraft.priority`)
    tallied: Tallied | None = None  # organizations and topics: their mentions' tally


class StoredResolution(Protocol):
    """What incremental resolution reads of the corpus and its resolution before the change.

    Titles are title node keys (:func:`.publications.title_node_key`); title keys are a title's
    own block keys (``p:`` opening and ``v:`` version keys, which no other title moves)."""

    def documents(self, source_ids: Collection[str]) -> dict[str, SourceDocument]: ...

    def pages_naming_titles(self, titles: Collection[str]) -> dict[str, set[str]]: ...

    def word_counts(self, words: Collection[str]) -> dict[str, int]: ...

    def titles_with_words(self, words: Collection[str]) -> dict[str, set[str]]: ...

    def titles_with_keys(self, keys: Collection[str]) -> dict[str, set[str]]: ...

    def pages_naming_nodes(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[str]]: ...

    def node_block_keys(self, nodes: Collection[NodeKey]) -> dict[NodeKey, set[BlockKey]]: ...

    def nodes_with_block_keys(self, keys: Collection[BlockKey]) -> dict[BlockKey, set[NodeKey]]: ...

    def mention_keys(
        self, kind: EntityKind, source_ids: Collection[str]
    ) -> dict[MentionRef, str]: ...

    def entities(self, kind: EntityKind, keys: Collection[str]) -> dict[str, StoredEntity]: ...

    def entities_wanting(
        self, kind: EntityKind, wanted: Collection[str]
    ) -> dict[str, set[str]]: ...

    def entities_with_member_keys(
        self, kind: EntityKind, keys: Collection[str]
    ) -> dict[str, set[str]]: ...

    def mentions_of(
        self, kind: EntityKind, keys: Collection[str]
    ) -> dict[str, list[MentionRef]]: ...

    def entities_in_groups(
        self, kind: EntityKind, groups: Collection[str]
    ) -> dict[str, set[str]]: ...

    def groups_starting(self, kind: EntityKind, prefix: str) -> set[str]: ...

    def first_mention(
        self, kind: EntityKind, key: str, leaving: Collection[str]
    ) -> MentionRef | None: ...


@dataclass
class ResolutionDelta:
    """How the resolution moves: entities gone or replaced (by old key), entities new or
    changed, and the key of every mention whose key is new or moved; mentions gone."""

    removed: dict[EntityKind, set[str]] = field(default_factory=lambda: defaultdict(set))
    entities: list[Entity] = field(default_factory=list)
    mentions: dict[EntityKind, dict[MentionRef, str]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    dropped: dict[EntityKind, set[MentionRef]] = field(default_factory=lambda: defaultdict(set))
    first: dict[tuple[EntityKind, str], MentionRef] = field(default_factory=dict)  # of entities
    replaced: list[Entity] = field(default_factory=list)  # what ``removed`` held before
    tallied: dict[tuple[EntityKind, str], Tallied] = field(default_factory=dict)  # orgs, topics
    titles: frozenset[str] = frozenset()  # title nodes resolved again
    nodes: frozenset[NodeKey] = frozenset()  # person nodes resolved again
    pages: int = 0  # pages read


@dataclass(frozen=True)
class Declined:
    """The change is not one incremental resolution handles: resolve everything."""

    reason: str


def wanted_key(entity: Entity) -> str:
    """The key an entity wants (its label's, or its concept's, as its resolver drafts it)."""
    if entity.kind is EntityKind.PUBLICATION:
        return publication_key(entity.label)
    if entity.concept_iri is not None:
        return concept_key(entity.concept_iri)
    return slugify(entity.label)


def member_keys(entity: Entity) -> set[str]:
    """The keys each of an entity's spellings would have had alone (none for a concept)."""
    labels = (entity.label, *entity.alternate_labels)
    if entity.kind is EntityKind.PUBLICATION:
        return {publication_key(t) for t in labels}
    if entity.concept_iri is not None:
        return set()
    return {slugify(t) for t in labels}


def title_keys(title: str, counts: Mapping[str, int]) -> list[str]:
    """A title node's block keys under the word counts ``counts``."""
    words = content_tokens(title)
    return rare_word_keys(words, counts) + prefix_keys(title.split()) + version_keys(words)


def own_keys(title: str) -> list[str]:
    """The block keys of a title node that no other title moves (opening and version keys)."""
    return prefix_keys(title.split()) + version_keys(content_tokens(title))


def page_titles(doc: SourceDocument) -> set[str]:
    return {
        title_node_key(p.title, publication_ref(doc.source_id, p.index))
        for p in doc.record.publications
    }


def _words(title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A title node's tokens and content words (as :class:`.publications.TitleNode` has them)."""
    return tuple(title.split()), content_tokens(title)


def page_nodes(doc: SourceDocument, names: NameCache) -> dict[MentionRef, NodeKey]:
    """The person node of every person mention on ``doc`` (owner and authors)."""
    out = {owner_ref(doc.source_id): mention_node(doc.record.owner, names)[0]}
    for pub in doc.record.publications:
        for pos, author in enumerate(pub.authors):
            out[author_ref(doc.source_id, pub.index, pos)] = mention_node(author.name, names)[0]
    return out


class _State(Enum):
    OLD = 0
    NEW = 1


BOTH = (_State.OLD, _State.NEW)


class _Pages:
    """Pages before and after the change, each stored page read once."""

    def __init__(self, stored: StoredResolution, changes: Iterable[PageChange]) -> None:
        self.stored = stored
        self.versions: dict[str, tuple[SourceDocument | None, SourceDocument | None]] = {
            c.source_id: (c.old, c.new) for c in changes
        }
        self.cache: dict[str, SourceDocument] = {}

    @property
    def changed(self) -> set[str]:
        return set(self.versions)

    def changed_docs(self, state: _State) -> list[SourceDocument]:
        return [d for old, new in self.versions.values() if (d := (old, new)[state.value])]

    def read(self, source_ids: Iterable[str], state: _State) -> list[SourceDocument]:
        ids = sorted(set(source_ids))
        missing = [i for i in ids if i not in self.versions and i not in self.cache]
        if missing:
            self.cache.update(self.stored.documents(missing))
        out = []
        for i in ids:
            doc = self.versions[i][state.value] if i in self.versions else self.cache[i]
            if doc is not None:
                out.append(doc)
        return out


class _Titles:
    """Title nodes, their words, keys, blocks and accepted pairs, before and after the change."""

    def __init__(self, stored: StoredResolution, pages: _Pages, names: NameCache) -> None:
        self.stored, self.pages, self.names = stored, pages, names
        self._nodes: dict[tuple[str, _State], TitleNode] = {}
        self._by_page: dict[tuple[str, str], dict[str, list[PubMention]]] = {}
        # titles whose mentions on a changed page changed (an entry listed the same way at the
        # same place on the page is no change to its title)
        self.touched: set[str] = set()
        self.new_on: dict[str, set[str]] = defaultdict(set)  # changed pages naming each title
        for old, new in pages.versions.values():
            before = self._mentions(old) if old is not None else {}
            after = self._mentions(new) if new is not None else {}
            self.touched |= {
                t for t in before.keys() | after.keys() if before.get(t) != after.get(t)
            }
            for title in after:
                self.new_on[title].add(new.source_id if new is not None else "")
        self._pages: dict[str, set[str]] = {}
        self._pages_of(self.touched)
        self.appearing = {
            t for t in self.touched if not self._pages[t] and self.pages_of(t, _State.NEW)
        }
        self.leaving = {
            t for t in self.touched if self._pages[t] and not self.pages_of(t, _State.NEW)
        }
        self.delta: Counter[str] = Counter()
        for t in self.appearing:
            self.delta.update(set(content_tokens(t)))
        for t in self.leaving:
            self.delta.subtract(set(content_tokens(t)))
        self._counts: dict[str, int] = {}
        self._with_word: dict[str, set[str]] = {}
        self._with_key: dict[str, set[str]] = {}

    def _pages_of(self, titles: Iterable[str]) -> None:
        missing = [t for t in titles if t not in self._pages]
        if missing:
            found = self.stored.pages_naming_titles(missing)
            for t in missing:
                self._pages[t] = found.get(t, set())

    def pages_of(self, title: str, state: _State) -> set[str]:
        self._pages_of([title])
        old = self._pages[title]
        if state is _State.OLD:
            return old
        return (old - self.pages.changed) | self.new_on.get(title, set())

    def counts(self, words: Iterable[str], state: _State) -> dict[str, int]:
        words = set(words)
        missing = [w for w in words if w not in self._counts]
        if missing:
            found = self.stored.word_counts(missing)
            for w in missing:
                self._counts[w] = found.get(w, 0)
        shift = state is _State.NEW
        return {w: self._counts[w] + (self.delta[w] if shift else 0) for w in words}

    def with_word(self, word: str, state: _State) -> set[str]:
        if word not in self._with_word:
            self._with_word[word] = self.stored.titles_with_words([word]).get(word, set())
        return self._shift(self._with_word[word], state, lambda t: word in content_tokens(t))

    def with_key(self, key: str, state: _State) -> set[str]:
        if key not in self._with_key:
            self._with_key[key] = self.stored.titles_with_keys([key]).get(key, set())
        return self._shift(self._with_key[key], state, lambda t: key in own_keys(t))

    def _shift(self, titles: set[str], state: _State, holds: Callable[[str], bool]) -> set[str]:
        if state is _State.OLD:
            return titles
        return (titles - self.leaving) | {t for t in self.appearing if holds(t)}

    def keys(self, title: str, state: _State) -> list[str]:
        return title_keys(title, self.counts(content_tokens(title), state))

    def exists(self, title: str, state: _State) -> bool:
        return bool(self.pages_of(title, state))

    def members(self, key: str, state: _State) -> set[str]:
        if key.startswith("w:"):
            word = key[2:]
            return {t for t in self.with_word(word, state) if key in self.keys(t, state)}
        return self.with_key(key, state)

    def candidates(self, title: str, state: _State) -> set[str]:
        out: set[str] = set()
        for key in self.keys(title, state):
            members = self.members(key, state)
            if len(members) <= BLOCK_CAP:
                out |= members
        out.discard(title)
        others = sorted(out)
        if not others:
            return set()
        # scored as :func:`.blocking.score_blocks` scores them (same call, same precision)
        row = process.cdist([title], others, scorer=fuzz.ratio, score_cutoff=TITLE_RATIO)[0]
        return {u for u, score in zip(others, row.tolist(), strict=True) if score >= TITLE_RATIO}

    def _mentions(self, doc: SourceDocument) -> dict[str, list[PubMention]]:
        """A page's publication mentions by title node (each page collected once)."""
        key = (doc.source_id, doc.content_sha256)
        found = self._by_page.get(key)
        if found is None:
            found = self._by_page[key] = defaultdict(list)
            for m in publication_mentions([doc], self.names):
                found[title_node_key(m.title, m.ref)].append(m)
        return found

    def node(self, title: str, state: _State) -> TitleNode:
        found = self._nodes.get((title, state))
        if found is None:
            found = TitleNode(title)
            for doc in self.pages.read(self.pages_of(title, state), state):
                found.mentions.extend(self._mentions(doc).get(title, ()))
            self._nodes[(title, state)] = found
        return found

    def accepted(self, a: str, b: str, state: _State) -> bool:
        # what the titles alone decide first: most candidates are no versions of each other,
        # and their pages need not be read to know it
        if title_relation(*_words(a), *_words(b)) is None:
            return False
        return version_score(self.node(a, state), self.node(b, state)) is not None

    def moved(self) -> set[str]:
        """Titles whose inputs moved: named by a changed page; block keys moved with the word
        counts; members of a block whose size crossed the cap."""
        out = set(self.touched)
        for word in sorted(w for w, d in self.delta.items() if d):
            old, new = self.counts([word], _State.OLD)[word], self.counts([word], _State.NEW)[word]
            if not (2 <= old <= BLOCK_CAP or 2 <= new <= BLOCK_CAP):
                continue  # not a rare word before or after: no title's keys read it
            for title in self.with_word(word, _State.OLD) | self.with_word(word, _State.NEW):
                if title not in out and self.keys(title, _State.OLD) != self.keys(
                    title, _State.NEW
                ):
                    out.add(title)
        for title in sorted(self.appearing | self.leaving):
            for key in own_keys(title):
                before, after = self.with_key(key, _State.OLD), self.with_key(key, _State.NEW)
                if (len(before) > BLOCK_CAP) != (len(after) > BLOCK_CAP):
                    out |= before | after
        return out

    def closure(self) -> set[str]:
        """The moved titles and every title an accepted pair reaches from them, before or after."""
        done: set[str] = set()
        queue = sorted(self.moved())
        while queue:
            title = queue.pop()
            if title in done:
                continue
            done.add(title)
            for state in BOTH:
                if not self.exists(title, state):
                    continue
                for other in sorted(self.candidates(title, state) - done):
                    if self.accepted(title, other, state):
                        queue.append(other)
        return done


def resolve_change(
    stored: StoredResolution, changes: list[PageChange], *, grouper: Grouper
) -> ResolutionDelta | Declined:
    """How the stored resolution moves when ``changes`` are applied to the stored corpus (equal
    to resolving every page after the change: :func:`apply_delta`)."""
    if len({c.source_id for c in changes}) != len(changes):
        return Declined("two changes name one page")
    names = NameCache()
    pages = _Pages(stored, changes)
    delta = ResolutionDelta()
    declined = group_changes(stored, pages.versions, grouper, delta)
    if declined is not None:
        return Declined(declined)
    titles = _Titles(stored, pages, names)
    closure = titles.closure()
    papers = _resolve_titles(stored, titles, closure, names)
    people = _resolve_people(stored, pages, closure, papers, names)
    delta.titles, delta.nodes = frozenset(closure), people.nodes
    _assign(EntityKind.PUBLICATION, stored, papers.removed, papers.drafts, delta)
    _assign(EntityKind.PERSON, stored, people.removed, people.drafts, delta)
    for change in changes:
        gone = _refs(change.old, names) if change.old else {}
        kept = _refs(change.new, names) if change.new else {}
        for kind, refs in gone.items():
            delta.dropped[kind] |= refs - kept.get(kind, set())
    delta.pages = len(pages.cache) + len(changes)
    return delta


def _refs(doc: SourceDocument, names: NameCache) -> dict[EntityKind, set[MentionRef]]:
    pubs = {publication_ref(doc.source_id, p.index) for p in doc.record.publications}
    return {EntityKind.PUBLICATION: pubs, EntityKind.PERSON: set(page_nodes(doc, names))}


@dataclass
class _Papers:
    drafts: list[EntityDraft]
    cluster_of: dict[MentionRef, int]  # publication mention of a closure title -> draft index
    removed: set[str]  # old keys of the papers of the closure
    old_keys: dict[MentionRef, str]  # old paper of every closure title's mention


def _resolve_titles(
    stored: StoredResolution, titles: _Titles, closure: set[str], names: NameCache
) -> _Papers:
    """The closure's titles resolved with the corpus's word counts and block sizes."""
    new_titles = {t for t in closure if titles.exists(t, _State.NEW)}
    words = {w for t in new_titles for w in content_tokens(t)}
    own = {k for t in new_titles for k in own_keys(t)}
    corpus = TitleCorpus(
        titles=frozenset(new_titles),
        word_counts=titles.counts(words, _State.NEW),
        block_sizes={k: len(titles.with_key(k, _State.NEW)) for k in sorted(own)},
    )
    new_pages = {p for t in new_titles for p in titles.pages_of(t, _State.NEW)}
    result = resolve_publications(titles.pages.read(new_pages, _State.NEW), names, corpus)
    old_pages = {p for t in closure for p in titles.pages_of(t, _State.OLD)}
    stored_keys = stored.mention_keys(EntityKind.PUBLICATION, old_pages)
    old_keys = {
        ref: stored_keys[ref]
        for doc in titles.pages.read(old_pages, _State.OLD)
        for pub in doc.record.publications
        if title_node_key(pub.title, ref := publication_ref(doc.source_id, pub.index)) in closure
    }
    return _Papers(result.drafts, result.cluster_of, set(old_keys.values()), old_keys)


@dataclass
class _People:
    drafts: list[EntityDraft]
    removed: set[str]  # old keys of the people of the closure
    nodes: frozenset[NodeKey]


def _same_entries(change: tuple[SourceDocument | None, SourceDocument | None]) -> set[int]:
    """Entries of a changed page listed identically at the same place in both versions."""
    old, new = change
    if old is None or new is None:
        return set()
    before = {p.index: p for p in old.record.publications}
    return {p.index for p in new.record.publications if before.get(p.index) == p}


def _moved_nodes(pages: _Pages, papers: _Papers, names: NameCache) -> set[NodeKey]:
    """Nodes whose mentions' inputs moved: the owners of changed pages, the authors of their
    entries that changed, and the authors of entries whose paper now groups them with other
    entries than before (a mention's context compares papers by identity)."""
    moved: set[NodeKey] = set()
    same = {source_id: _same_entries(v) for source_id, v in pages.versions.items()}
    for source_id, versions in pages.versions.items():
        for doc in versions:
            if doc is None:
                continue
            moved |= {
                n
                for ref, n in page_nodes(doc, names).items()
                if len(ref) != 4 or ref[2] not in same[source_id]
            }
    kept = [r for r in papers.old_keys if r[0] not in same or r[2] in same[str(r[0])]]
    old_groups: dict[str, set[MentionRef]] = defaultdict(set)
    new_groups: dict[int, set[MentionRef]] = defaultdict(set)
    for ref in kept:
        old_groups[papers.old_keys[ref]].add(ref)
        new_groups[papers.cluster_of[ref]].add(ref)
    entries: dict[str, set[int]] = defaultdict(set)
    for ref in kept:
        if old_groups[papers.old_keys[ref]] != new_groups[papers.cluster_of[ref]]:
            entries[str(ref[0])].add(int(ref[2]))
    for doc in pages.read(entries, _State.NEW):
        on_page = page_nodes(doc, names)
        moved.add(on_page[owner_ref(doc.source_id)])
        moved |= {
            n for ref, n in on_page.items() if len(ref) == 4 and ref[2] in entries[doc.source_id]
        }
    return moved


def _node_closure(
    stored: StoredResolution, pages: _Pages, moved: set[NodeKey], names: NameCache
) -> set[NodeKey]:
    """``moved`` and every node sharing a block key with one in it, before or after."""
    changed_keys: dict[NodeKey, set[BlockKey]] = defaultdict(set)
    for state in BOTH:
        for doc in pages.changed_docs(state):
            for ref, node in page_nodes(doc, names).items():
                changed_keys[node].update(_parsed_keys(doc, ref, names))
    done: set[NodeKey] = set()
    frontier = set(moved)
    while frontier:
        done |= frontier
        stored_keys = stored.node_block_keys(frontier)
        keys = {k for n in frontier for k in stored_keys.get(n, set()) | changed_keys.get(n, set())}
        sharing = {n for found in stored.nodes_with_block_keys(keys).values() for n in found}
        sharing |= {n for n, ks in changed_keys.items() if ks & keys}
        frontier = sharing - done
    return done


def _parsed_keys(doc: SourceDocument, ref: MentionRef, names: NameCache) -> tuple[BlockKey, ...]:
    if ref[1] == "owner":
        name = doc.record.owner
    else:
        pub = next(p for p in doc.record.publications if p.index == ref[2])
        name = pub.authors[int(ref[3])].name
    return mention_node(name, names)[1].block_keys


def _resolve_people(
    stored: StoredResolution,
    pages: _Pages,
    closure: set[str],
    papers: _Papers,
    names: NameCache,
) -> _People:
    """The closure's person nodes placed again, over the pages naming them after the change,
    and the stored people they replace."""
    nodes = _node_closure(stored, pages, _moved_nodes(pages, papers, names), names)
    old_pages = stored.pages_naming_nodes(nodes)
    before = {p for found in old_pages.values() for p in found}
    after = (before - pages.changed) | {d.source_id for d in pages.changed_docs(_State.NEW)}
    docs = pages.read(after, _State.NEW)
    # Papers by identity: the closure's new clusters, every other paper by its stored key.
    # (a changed page's entries outside the closure are listed as before: their stored keys)
    stored_papers = stored.mention_keys(EntityKind.PUBLICATION, [d.source_id for d in docs])
    paper_of: dict[MentionRef, int] = {}
    other: dict[str, int] = {}
    for doc in docs:
        for pub in doc.record.publications:
            ref = publication_ref(doc.source_id, pub.index)
            if title_node_key(pub.title, ref) in closure:
                paper_of[ref] = papers.cluster_of[ref]
            else:
                key = stored_papers[ref]
                paper_of[ref] = other.setdefault(key, len(papers.drafts) + len(other))
    node_of = {ref: n for doc in docs for ref, n in page_nodes(doc, names).items()}
    placed = resolve_persons(docs, names, paper_of, only=nodes).drafts
    drafts = [d for d in placed if _inside(d, node_of, nodes)]
    old_docs = pages.read(before, _State.OLD)
    stored_people = stored.mention_keys(EntityKind.PERSON, [d.source_id for d in old_docs])
    removed = {
        stored_people[ref]
        for doc in old_docs
        for ref, node in page_nodes(doc, names).items()
        if node in nodes
    }
    return _People(drafts, removed, frozenset(nodes))


def _inside(draft: EntityDraft, node_of: Mapping[MentionRef, NodeKey], nodes: set[NodeKey]) -> bool:
    """Whether a person draft of the local run lies in the closure (then wholly: a person never
    spans two components)."""
    inside = {node_of[ref] in nodes for ref in draft.mentions}
    if len(inside) != 1:
        raise AssertionError(f"a person spans the closure's edge: {draft.label}")
    return inside.pop()


_SUFFIXED = re.compile(r"^(?P<base>.+)-(?P<n>\d+)$")


def _assign(
    kind: EntityKind,
    stored: StoredResolution,
    removed: set[str],
    drafts: list[EntityDraft],
    delta: ResolutionDelta,
) -> None:
    """Keys for ``drafts`` (replacing the stored entities ``removed``), as
    :func:`.keys.assign_unique_keys` gives them over the whole kind: only entities wanting a key
    one of them wants (or a key whose suffixed forms became free or wanted) can move; then
    the aliases that name a key whose holder changed."""
    gone = stored.entities(kind, removed)
    delta.replaced += [found.entity for _, found in sorted(gone.items())]
    wanted_new = Counter(d.wanted_key for d in drafts)
    bases = set(wanted_new) | {wanted_key(e.entity) for e in gone.values()}
    wanting: dict[str, set[str]] = {}

    def holders(keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in wanting]
        if missing:
            found = stored.entities_wanting(kind, missing)
            for k in missing:
                wanting[k] = found.get(k, set()) - removed

    def reserved(key: str) -> bool:
        holders([key])
        return bool(wanting[key]) or wanted_new[key] > 0

    holders(bases)
    for key in sorted(bases):
        before = bool(stored.entities_wanting(kind, [key]).get(key))
        match = _SUFFIXED.match(key)
        if match and int(match["n"]) >= 2 and before != reserved(key):
            bases.add(match["base"])
    holders(bases)
    claimants = stored.entities(kind, {k for b in bases for k in wanting[b]})
    assigned: dict[int, str] = {}  # draft index -> key
    rekeyed: dict[str, str] = {}  # stored key -> new key
    for base in sorted(bases):
        order: list[tuple[tuple[object, ...], int | str]] = [
            (claim_order(d), i) for i, d in enumerate(drafts) if d.wanted_key == base
        ]
        order += [(_stored_order(claimants[k]), k) for k in wanting[base]]
        claimed: set[str] = set()
        for _, who in sorted(order, key=lambda o: o[0]):
            key = base
            if key in claimed:
                n = 2
                while f"{base}-{n}" in claimed or reserved(f"{base}-{n}"):
                    n += 1
                key = f"{base}-{n}"
            claimed.add(key)
            if isinstance(who, int):
                assigned[who] = key
            elif key != who:
                rekeyed[who] = key
    released = removed | set(rekeyed)
    new_keys = set(assigned.values()) | set(rekeyed.values())
    held: dict[str, bool] = {}  # key -> held by a stored entity before the change

    def held_before(keys: Iterable[str]) -> None:
        missing = {k for k in keys if k not in held}
        found = stored.entities(kind, missing) if missing else {}
        held.update((k, k in found) for k in missing)

    def taken(key: str) -> bool:
        held_before([key])
        return key in new_keys or (held[key] and key not in released)

    held_before(
        released
        | new_keys
        | {k for d in drafts for k in d.member_keys}
        | {k for old in rekeyed for k in member_keys(claimants[old].entity)}
    )
    for i, draft in enumerate(drafts):
        entity = draft_entity(draft, assigned[i], taken)
        delta.entities.append(entity)
        delta.first[(kind, entity.key)] = min_ref(draft.mentions) or ()
        for ref in draft.mentions:
            delta.mentions[kind][ref] = entity.key
    for old, new in sorted(rekeyed.items()):
        entity = claimants[old].entity
        delta.replaced.append(entity)
        delta.entities.append(_with_aliases(entity.model_copy(update={"key": new}), taken))
        delta.first[(kind, new)] = claimants[old].first_mention
        for ref in stored.mentions_of(kind, [old]).get(old, []):
            delta.mentions[kind][ref] = new
    flipped = {k for k in released | new_keys if held[k] != taken(k)}
    holders_of = stored.entities_with_member_keys(kind, flipped)
    others = {k for found in holders_of.values() for k in found} - released
    for key, found in sorted(stored.entities(kind, others).items()):
        entity = _with_aliases(found.entity, taken)
        if entity != found.entity:
            delta.replaced.append(found.entity)
            delta.entities.append(entity)
            delta.first[(kind, key)] = found.first_mention
            delta.removed[kind].add(key)
    delta.removed[kind] |= released


def _stored_order(found: StoredEntity) -> tuple[object, ...]:
    entity = found.entity
    priority = (0 if entity.concept_iri else 1, ref_sort_key(found.first_mention))
    return (priority, wanted_key(entity), entity.label)


def _with_aliases(entity: Entity, taken: Callable[[str], bool]) -> Entity:
    aliases = tuple(sorted(k for k in member_keys(entity) if k != entity.key and not taken(k)))
    return entity if aliases == entity.aliases else entity.model_copy(update={"aliases": aliases})


def apply_delta(resolution: Resolution, delta: ResolutionDelta) -> Resolution:
    """``resolution`` moved by ``delta`` (what a full resolve of the changed corpus gives)."""
    entities = [e for e in resolution.entities if e.key not in delta.removed.get(e.kind, set())]
    entities += delta.entities
    mentions: dict[EntityKind, dict[MentionRef, str]] = {}
    for kind in EntityKind:
        kept = {
            ref: key
            for ref, key in resolution.mentions.get(kind, {}).items()
            if ref not in delta.dropped.get(kind, set())
        }
        kept.update(delta.mentions.get(kind, {}))
        mentions[kind] = {ref: kept[ref] for ref in sorted_refs(kept)}
    return Resolution(
        entities=tuple(sorted(entities, key=lambda e: (e.kind.value, e.key))), mentions=mentions
    )
