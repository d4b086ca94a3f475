"""Persons: one entity per real person across page owners and author lists.

Algorithm (deterministic, blocked, no all-pairs loop):

1. Mentions with the same folded spelling and homonym suffix form one *node* (``Jörg``/``Jorg``,
   ``C.Y.``/``C. Y.``, ``Von``/``von`` already coincide here).
2. Nodes are blocked by (damage-insensitive family skeleton, first initial; a nickname also
   under its formal names' initials); a node is only ever compared with clusters in its blocks.
3. Nodes are placed most specific first (homonym-suffixed names, then full first names before
   initials, more given names first), so ``Anna Smith`` and ``Alan Smith`` exist as clusters
   before ``A. Smith`` arrives. A node joins a cluster when it positively matches one member and
   contradicts none (complete link: ``A. Smith`` can never chain Anna and Alan). Two mentions in
   one author list, more than one position apart, are different people (adjacent variants such
   as ``Alexander Y. Ku``, ``Alex Ku`` are one person listed twice; a list naming one spelling
   twice is a parser slip and says nothing).
4. A node fitting several clusters that could be one person (they contradict nothing) bridges
   them. A node fitting clusters that contradict each other is *ambiguous*: each of its mentions
   goes to the cluster sharing the most context with it (a shared paper weighs 3, a shared
   co-author 1; a page owner's context is their whole page). Mentions without a unique best
   stay apart: those sharing context with each other form a cluster, so two people with one
   name and disjoint co-authors are not pooled.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from ..models import (
    EntityKind,
    MentionRef,
    Merge,
    PersonName,
    SourceDocument,
    author_ref,
    owner_ref,
    publication_ref,
)
from .common import EntityDraft, KindStats, NameCache, canonical_name, sorted_by_ref, sorted_refs
from .keys import slugify
from .labels import best_person_label
from .names import NameMatch, ParsedName, compare_names, folded

PAPER_WEIGHT = 3  # sharing the very paper is stronger evidence than sharing a co-author
COAUTHOR_WEIGHT = 1
BlockKey = tuple[str, str]
NodeKey = tuple[str, str]  # folded spelling, homonym suffix


@dataclass(frozen=True)
class PersonMention:
    ref: MentionRef
    name: PersonName
    context: frozenset[str]  # "p:<paper>" and "a:<co-author key>" tokens


@dataclass
class PersonNode:
    key: NodeKey
    spellings: dict[str, ParsedName] = field(default_factory=dict)
    mentions: list[PersonMention] = field(default_factory=list)

    @cached_property
    def block_keys(self) -> tuple[BlockKey, ...]:
        """Read only once every spelling is added (the resolver reads it after collecting)."""
        return tuple(sorted({k for p in self.spellings.values() for k in p.block_keys}))

    @property
    def specificity(self) -> tuple[int, int, int, int, int, tuple[str, str]]:
        """Sort key: the most informative spellings are placed first.

        A homonym suffix is an identity, so suffixed names go first: ``Chris Ku 0001`` and
        ``Chris Ku 0002`` must both exist as clusters before a bare ``Christopher Ku`` is placed,
        or the bare name would silently join whichever came first instead of following its
        context. Then full first names before initials, more and longer given names first.
        """
        return min(
            (
                0 if p.homonym else 1,
                0 if p.given and not p.given[0].initial else 1,
                -len(p.given),
                -sum(len(g.spelling.plain) for g in p.given if not g.initial),
                -len(p.prefix),
                self.key,
            )
            for p in self.spellings.values()
        )


@dataclass
class Cluster:
    nodes: list[int] = field(default_factory=list)
    mentions: list[PersonMention] = field(default_factory=list)
    merged_into: int | None = None

    def add(self, node: int, mentions: list[PersonMention]) -> None:
        if node not in self.nodes:
            self.nodes.append(node)
        self.mentions.extend(mentions)

    def context(self) -> frozenset[str]:
        return frozenset(t for m in self.mentions for t in m.context)


_mention_ref: Callable[[PersonMention], MentionRef] = attrgetter("ref")
_text_of: Callable[[PersonMention], str] = attrgetter("name.text")


def _weight(tokens: frozenset[str]) -> int:
    return sum(PAPER_WEIGHT if t.startswith("p:") else COAUTHOR_WEIGHT for t in tokens)


class _PersonResolver:
    def __init__(self, nodes: list[PersonNode], cannot: set[tuple[int, int]]) -> None:
        self.nodes = nodes
        self.cannot = cannot
        self.memo: dict[tuple[int, int], NameMatch] = {}
        self.comparisons = 0
        self.clusters: list[Cluster] = []
        # Block key -> clusters placed under it (read as a set: candidates are sorted anyway).
        self.block_index: dict[BlockKey, set[int]] = defaultdict(set)

    def node_match(self, i: int, j: int) -> NameMatch:
        pair = (min(i, j), max(i, j))
        found = self.memo.get(pair)
        if found is not None:
            return found
        result = NameMatch(positive=False, compatible=pair not in self.cannot)
        if result.compatible:
            positive, best = False, 0.0
            for a in self.nodes[pair[0]].spellings.values():
                for b in self.nodes[pair[1]].spellings.values():
                    self.comparisons += 1
                    m = compare_names(a, b)
                    if not m.compatible:
                        result = NameMatch(positive=False, compatible=False)
                        break
                    if m.positive:
                        positive, best = True, max(best, m.score)
                if not result.compatible:
                    break
            else:
                result = NameMatch(positive=positive, compatible=True, score=best)
        self.memo[pair] = result
        return result

    def alive(self, cid: int) -> int:
        while (nxt := self.clusters[cid].merged_into) is not None:
            cid = nxt
        return cid

    def fits(self, node: int, cid: int) -> bool:
        """Positive evidence with one member, contradiction with none."""
        positive = False
        for member in self.clusters[cid].nodes:
            if member == node:
                continue
            m = self.node_match(node, member)
            if not m.compatible:
                return False
            positive = positive or m.positive
        return positive

    def compatible_clusters(self, cids: list[int]) -> bool:
        for x, a in enumerate(cids):
            for b in cids[x + 1 :]:
                for na in self.clusters[a].nodes:
                    for nb in self.clusters[b].nodes:
                        if na != nb and not self.node_match(na, nb).compatible:
                            return False
        return True

    def new_cluster(self, node: int, mentions: list[PersonMention]) -> int:
        self.clusters.append(Cluster())
        cid = len(self.clusters) - 1
        self.clusters[cid].add(node, mentions)
        return cid

    def place(self, node_index: int) -> None:
        node = self.nodes[node_index]
        candidates = sorted(
            {self.alive(c) for key in node.block_keys for c in self.block_index.get(key, ())}
        )
        viable = [c for c in candidates if self.fits(node_index, c)]
        touched: list[int] = []
        if not viable:
            touched.append(self.new_cluster(node_index, list(node.mentions)))
        elif len(viable) == 1 or self.compatible_clusters(viable):
            target = viable[0]
            for other in viable[1:]:  # bridge: the node links clusters that can be one person
                self.clusters[target].nodes.extend(
                    n for n in self.clusters[other].nodes if n not in self.clusters[target].nodes
                )
                self.clusters[target].mentions.extend(self.clusters[other].mentions)
                self.clusters[other] = Cluster(merged_into=target)
            self.clusters[target].add(node_index, list(node.mentions))
            touched.append(target)
        else:
            touched.extend(self.split_by_context(node_index, viable))
        for cid in touched:
            for key in node.block_keys:
                self.block_index[key].add(cid)

    def split_by_context(self, node_index: int, viable: list[int]) -> list[int]:
        """Send each mention of an ambiguous node where its co-authors and paper point."""
        contexts = {c: self.clusters[c].context() for c in viable}
        chosen: dict[int, list[PersonMention]] = defaultdict(list)
        residual: list[PersonMention] = []
        for mention in self.nodes[node_index].mentions:
            scored = sorted(
                ((_weight(mention.context & contexts[c]), c) for c in viable), reverse=True
            )
            best, runner_up = scored[0][0], scored[1][0]
            if best > 0 and best > runner_up:
                chosen[scored[0][1]].append(mention)
            else:
                residual.append(mention)
        touched = []
        for cid in sorted(chosen):
            self.clusters[cid].add(node_index, chosen[cid])
            touched.append(cid)
        for group in _context_groups(residual):
            touched.append(self.new_cluster(node_index, group))
        return touched


def _context_groups(mentions: list[PersonMention]) -> list[list[PersonMention]]:
    """Mentions linked by shared context (a paper or co-author, directly or through others),
    in order of their first mention: what an ambiguous name's unplaced mentions say about how
    many people they are. Two people with one name and no shared context stay apart."""
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, mention in enumerate(mentions):
        for token in sorted(mention.context):
            j = first.setdefault(token, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[PersonMention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(root(i), []).append(mention)
    return list(groups.values())


@dataclass(frozen=True)
class PersonResult:
    drafts: list[EntityDraft]
    stats: KindStats


def _collect(
    docs: list[SourceDocument], names: NameCache, paper_of: dict[MentionRef, int]
) -> tuple[list[PersonMention], list[list[tuple[int, MentionRef]]]]:
    """Every person mention with its context, and every author list as (position, ref) pairs.

    An author's context is their co-authors on that entry and the paper itself. The page owner's
    context is the whole page (every co-author and paper on it): that is what tells two people
    with one name apart when one of them owns the page.
    """
    mentions: list[PersonMention] = []
    lists: list[list[tuple[int, MentionRef]]] = []
    get = names.get
    for doc in docs:
        source_id, record = doc.source_id, doc.record
        owner_key = get(record.owner).author_key
        pubs = sorted(record.publications, key=lambda p: p.index)
        keys = {p.index: [get(a.name).author_key for a in p.authors] for p in pubs}
        shared: dict[int, frozenset[str]] = {}
        for pub in pubs:
            paper = paper_of.get(publication_ref(source_id, pub.index))
            # The owner co-authors everything on their page: that is no evidence of anything.
            shared[pub.index] = frozenset(
                [
                    f"a:{k}"
                    for k, a in zip(keys[pub.index], pub.authors, strict=True)
                    if k != owner_key and not a.is_owner
                ]
                + ([f"p:{paper}"] if paper is not None else [])
            )
        page = frozenset().union(*shared.values())
        mentions.append(PersonMention(owner_ref(source_id), canonical_name(record.owner), page))
        for pub in pubs:
            index = pub.index
            pub_keys, pub_shared = keys[index], shared[index]
            refs: list[tuple[int, MentionRef]] = []
            for pos, author in enumerate(pub.authors):
                key = pub_keys[pos]
                # The owner's context is the page; others' a set difference, no pair loop.
                owner = author.is_owner or key == owner_key
                context = page if owner else pub_shared - {f"a:{key}"}
                ref = author_ref(source_id, index, pos)
                mentions.append(PersonMention(ref, canonical_name(author.name), context))
                refs.append((pos, ref))
            lists.append(refs)
    return mentions, lists


def _cannot_links(
    lists: list[list[tuple[int, MentionRef]]],
    node_of: dict[MentionRef, int],
    nodes: list[PersonNode],
) -> set[tuple[int, int]]:
    """Node pairs listed in one author list more than one position apart (different people)."""
    cannot: set[tuple[int, int]] = set()
    # Only block keys two nodes share can pair anything: a node with none is skipped at once.
    nodes_in: Counter[BlockKey] = Counter(k for n in nodes for k in n.block_keys)
    shared_keys = [tuple(k for k in n.block_keys if nodes_in[k] > 1) for n in nodes]
    for entries in lists:
        if len(entries) < 3:
            continue  # positions are 0, 1, ...: no two entries are more than one apart
        ids = [node_of[ref] for _, ref in entries]
        if len(set(ids)) < len(entries):
            # A real list never names one spelling twice: this one glued two entries together
            # (a parser slip), so its positions say nothing about who is different.
            continue
        by_block: dict[BlockKey, list[tuple[int, int]]] = defaultdict(list)
        for (pos, _), node in zip(entries, ids, strict=True):
            for key in shared_keys[node]:  # only same-block pairs could ever be merged
                by_block[key].append((pos, node))
        for group in by_block.values():
            if len(group) < 2:
                continue
            for x, (pa, na) in enumerate(group):
                for pb, nb in group[x + 1 :]:
                    if na != nb and abs(pa - pb) > 1:
                        cannot.add((min(na, nb), max(na, nb)))
    return cannot


def _draft(cluster: Cluster, names: NameCache, homonymous: bool) -> EntityDraft:
    """``homonymous``: some node of the cluster has a homonym suffix (else no mention has one)."""
    counts = Counter(map(_text_of, cluster.mentions))
    texts = sorted(counts)
    parsed = {text: names.text(text) for text in texts}
    label = best_person_label(parsed, counts)
    merges: list[Merge] = []
    for text in texts:
        if text == label:
            continue
        match = compare_names(parsed[text], parsed[label])
        into = label
        if not match.positive:  # matched through another spelling of the cluster
            partners = [
                (compare_names(parsed[text], parsed[o]), o) for o in sorted(parsed) if o != text
            ]
            positives = [(m.score, o, m) for m, o in partners if m.positive]
            if positives:
                _, into, match = max(positives, key=lambda p: (p[0], p[1]))
        if match.positive:
            merges.append(Merge(label=text, into=into, score=match.score, reason=match.reason))
        else:
            merges.append(Merge(label=text, into=label, score=50.0, reason="context"))
    suffixed = sorted(
        {(m.name.text, m.name.homonym_suffix) for m in cluster.mentions if m.name.homonym_suffix}
        if homonymous
        else ()
    )
    for text, suffix in suffixed:
        merges.append(
            Merge(label=f"{text} {suffix}", into=label, score=96.0, reason="homonym-suffix")
        )
    return EntityDraft(
        kind=EntityKind.PERSON,
        wanted_key=slugify(label),
        label=label,
        mentions=sorted_refs(map(_mention_ref, cluster.mentions)),
        alternate_labels=tuple(sorted(t for t in counts if t != label)),
        member_keys=tuple(sorted({slugify(t) for t in counts})),
        merges=tuple(merges),
        homonym_hints=tuple(sorted({s for _, s in suffixed if s})),
    )


def node_key(text: str, parsed: ParsedName) -> NodeKey:
    """The node of a (canonical) spelling: its folded text and its homonym suffix."""
    return (folded(text), parsed.homonym or "")


def mention_node(name: PersonName, names: NameCache) -> tuple[NodeKey, ParsedName]:
    """The node a person mention with ``name`` belongs to, and its spelling parsed (each
    spelling worked out once per ``names``)."""
    spelling = (name.text, name.homonym_suffix)
    found = names.nodes.get(spelling)
    if found is None:
        canonical = canonical_name(name)
        parsed = names.text(canonical.text, canonical.homonym_suffix)
        found = names.nodes[spelling] = (node_key(canonical.text, parsed), parsed)
    return found


def resolve_persons(
    docs: list[SourceDocument],
    names: NameCache,
    paper_of: dict[MentionRef, int],
    only: Collection[NodeKey] | None = None,
) -> PersonResult:
    """Cluster every person mention; ``paper_of`` maps publication mentions to paper clusters.
    ``only``: place these nodes alone (whole components of a larger corpus: :mod:`.incremental`);
    the others still count where they are listed (what tells two listed people apart)."""
    mentions, lists = _collect(docs, names, paper_of)
    by_key: dict[NodeKey, PersonNode] = {}
    # (spelling, homonym suffix) -> its node's mention list: ~100k mentions, ~8k spellings.
    seen: dict[tuple[str, str | None], list[PersonMention]] = {}
    for m in mentions:
        spelling = (m.name.text, m.name.homonym_suffix)
        found = seen.get(spelling)
        if found is None:
            parsed = names.text(*spelling)
            key = node_key(spelling[0], parsed)
            node = by_key.get(key)
            if node is None:
                node = by_key[key] = PersonNode(key)
            node.spellings.setdefault(spelling[0], parsed)
            found = seen[spelling] = node.mentions
        found.append(m)
    nodes = [by_key[k] for k in sorted(by_key)]
    for node in nodes:
        node.spellings = dict(sorted(node.spellings.items()))
        node.mentions = sorted_by_ref(node.mentions, _mention_ref)
    node_of = {m.ref: i for i, n in enumerate(nodes) for m in n.mentions}

    resolver = _PersonResolver(nodes, _cannot_links(lists, node_of, nodes))
    for i in sorted(range(len(nodes)), key=lambda i: nodes[i].specificity):
        if only is None or nodes[i].key in only:
            resolver.place(i)

    live = [c for c in resolver.clusters if c.merged_into is None and c.mentions]
    # A mention's suffix is its node's homonym (the node key's second part), so a cluster of
    # nodes without one has no suffixed mention to list.
    drafts = [_draft(c, names, any(nodes[n].key[1] for n in c.nodes)) for c in live]
    stats = KindStats(
        mentions=len(mentions),
        surfaces=len(nodes),
        blocks=len({k for n in nodes for k in n.block_keys}),
        comparisons=resolver.comparisons,
        entities=len(drafts),
    )
    return PersonResult(drafts=drafts, stats=stats)
