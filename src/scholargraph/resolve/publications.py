"""Publications: one entity per real paper, whatever page listed it and under which title version.

Rules (why in comments below):

* equal normalised titles (case, diacritics, punctuation, spacing, final period) are one paper;
* two different titles are one paper (``title-version``) only on combined evidence:
  - the titles are versions of each other (see :func:`.titles.title_relation`): *strong* when
    only function words differ or words were inserted into a specific title, *weak* otherwise
    (short titles, appended words, changed subtitle); never when one word is swapped;
  - fuzzy title similarity >= :data:`TITLE_RATIO`;
  - a possible common first author and an author overlap of ``min(2, smaller list)`` (page
    owners count: they author everything on their page); an entry without an author line
    leaves the first author unknown, which only a *strong* title and agreeing abstracts make up;
  - whole author lists that agree: a complete list (a profile's, or an aggregator's without
    "et al.") lacks at most one author the other title's entries name (a spelling the coarse
    keys do not join), and none for *weak* titles. A sibling paper with a suffixed title
    ("X in Robotics") shares the owner and some co-authors, rarely the whole list;
  - dates at most a year apart, when both are known;
  - abstract openings not clearly different (>= :data:`ABSTRACT_DIFFERENT`) when both are
    known, and, for *weak* titles, abstract openings that agree (>= :data:`ABSTRACT_SAME`);
* clusters are complete-link: every pair of titles in a cluster passes the rule above.

Candidates come from blocks (never all pairs): rare shared words and title openings
(:func:`.blocking.title_block_keys`), and content-word bags
(:func:`.titles.version_block_keys`), which find versions however common their words are.

Sharing authors, or many words, is never enough on its own: the same group writes many papers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from ..models import EntityKind, MentionRef, Merge, PageFormat, SourceDocument, publication_ref
from .blocking import BLOCK_CAP, build_blocks, score_blocks, title_block_keys
from .common import EntityDraft, KindStats, NameCache, UnionFind, ref_sort_key
from .keys import publication_key
from .labels import best_title
from .normalize import content_tokens, normalize_abstract_opening, normalize_title
from .titles import title_relation, version_block_keys

TITLE_RATIO = 70.0  # below this, two titles are different papers whatever else agrees
ABSTRACT_SAME = 75.0  # openings at least this similar confirm a changed subtitle
ABSTRACT_DIFFERENT = 50.0  # openings this dissimilar veto even contained titles


@dataclass(frozen=True)
class PubMention:
    ref: MentionRef
    source_id: str
    on_aggregator: bool
    title: str
    authors: frozenset[str]  # coarse author keys, the page owner included (an author of all)
    leads: frozenset[str]  # who can be the first author (see collect_mentions)
    abstract: str | None
    year: int | None
    complete: bool = False  # ``authors`` is the whole list (not cut by "et al." or missing)


@dataclass
class TitleNode:
    """All mentions with one normalised title (derived views are computed once, on first use,
    after every mention has been added)."""

    key: str
    mentions: list[PubMention] = field(default_factory=list)

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.key.split())

    @cached_property
    def content(self) -> tuple[str, ...]:
        return content_tokens(self.key)

    @cached_property
    def authors(self) -> frozenset[str]:
        return frozenset(a for m in self.mentions for a in m.authors)

    @cached_property
    def author_lists(self) -> frozenset[frozenset[str]]:
        return frozenset(m.authors for m in self.mentions)

    @cached_property
    def complete_lists(self) -> frozenset[frozenset[str]]:
        return frozenset(m.authors for m in self.mentions if m.complete)

    @cached_property
    def leads(self) -> frozenset[str]:
        return frozenset(a for m in self.mentions for a in m.leads)

    @cached_property
    def abstracts(self) -> tuple[str, ...]:
        return tuple(sorted({m.abstract for m in self.mentions if m.abstract}))

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({m.year for m in self.mentions if m.year is not None}))


@dataclass(frozen=True)
class PublicationResult:
    drafts: list[EntityDraft]
    cluster_of: dict[MentionRef, int]  # publication mention -> index into drafts
    stats: KindStats


def collect_mentions(docs: list[SourceDocument], names: NameCache) -> list[PubMention]:
    out: list[PubMention] = []
    for doc in docs:
        record = doc.record
        owner = names.get(record.owner).author_key
        aggregator = record.format is PageFormat.AGGREGATOR
        for pub in sorted(record.publications, key=lambda p: p.index):
            listed = [names.get(a.name).author_key for a in pub.authors]
            # The owner is an author of every entry on their page. Aggregators rank authors, so
            # the first listed is the first author; profiles leave the owner out at an unknown
            # position, so the first author is the first listed co-author *or* the owner.
            authors = frozenset([*listed, owner] if pub.owner_is_author else listed)
            if aggregator:
                leads = frozenset(listed[:1])
            else:
                leads = frozenset(listed[:1] + ([owner] if pub.owner_is_author else []))
            opening = normalize_abstract_opening(pub.abstract) if pub.abstract else None
            # Profiles list every co-author; aggregators cut the list ("et al.") or drop its line.
            complete = not aggregator or (pub.author_list_complete is True and bool(listed))
            out.append(
                PubMention(
                    ref=publication_ref(doc.source_id, pub.index),
                    source_id=doc.source_id,
                    on_aggregator=aggregator,
                    title=pub.title,
                    authors=authors,
                    leads=leads,
                    abstract=opening or None,
                    year=pub.date.year if pub.date else None,
                    complete=complete,
                )
            )
    return out


def _missing_authors(a: TitleNode, b: TitleNode) -> int:
    """Most authors one entry names that a complete list of the other title lacks (symmetric)."""
    return max(
        (
            len(listed - whole)
            for x, y in ((a, b), (b, a))
            for whole in x.complete_lists
            for listed in y.author_lists
        ),
        default=0,
    )


def version_score(a: TitleNode, b: TitleNode) -> float | None:
    """Score (0-100) when ``a`` and ``b`` are versions of one paper, else None. Symmetric."""
    relation = title_relation(a.tokens, a.content, b.tokens, b.content)
    if relation is None:
        return None
    ratio = float(fuzz.ratio(a.key, b.key))
    if ratio < TITLE_RATIO:
        return None
    authors_a, authors_b = a.authors, b.authors
    if not authors_a or not authors_b:
        return None
    leads_known = bool(a.leads) and bool(b.leads)
    if leads_known and not (a.leads & b.leads):
        return None
    if not leads_known and relation == "weak":
        return None
    smaller = min(len(authors_a), len(authors_b))
    overlap = len(authors_a & authors_b)
    if overlap < min(2, smaller):
        return None
    if a.years and b.years and min(abs(x - y) for x in a.years for y in b.years) > 1:
        return None  # versions are months apart, not years
    if _missing_authors(a, b) > (1 if relation == "strong" else 0):
        return None  # whole author lists that disagree: the same group's other paper
    abstract = max(
        (float(fuzz.ratio(x, y)) for x in a.abstracts for y in b.abstracts), default=None
    )
    if abstract is not None and abstract < ABSTRACT_DIFFERENT:
        return None
    if (relation == "weak" or not leads_known) and (abstract is None or abstract < ABSTRACT_SAME):
        # Only the openings of the titles agree ("X for A" / "X for B" can be two papers of one
        # group in one year), or nobody can say who wrote one of them: the abstracts must say
        # it is one paper.
        return None
    evidence = abstract if abstract is not None else ratio
    return round(0.5 * ratio + 30.0 * overlap / smaller + 0.2 * evidence, 2)


def _trailing_reason(label: str, other: str) -> str:
    strip = " .;:,!?"
    return (
        "trailing-punctuation" if label.rstrip(strip) == other.rstrip(strip) else "exact-normalised"
    )


def _draft(
    nodes: list[TitleNode], scores: dict[tuple[int, int], float | None], index: dict[str, int]
) -> EntityDraft:
    sources: dict[str, set[str]] = defaultdict(set)
    on_aggregator: dict[str, bool] = defaultdict(bool)
    for node in nodes:
        for m in node.mentions:
            sources[m.title].add(m.source_id)
            on_aggregator[m.title] |= m.on_aggregator
    label = best_title({t: frozenset(s) for t, s in sources.items()}, on_aggregator)
    label_node = index[normalize_title(label)]
    merges = []
    for title in sorted(sources):
        if title == label:
            continue
        node_at = index[normalize_title(title)]
        if node_at == label_node:
            merges.append(
                Merge(label=title, into=label, score=100.0, reason=_trailing_reason(label, title))
            )
        else:
            pair = (min(node_at, label_node), max(node_at, label_node))
            score = scores.get(pair) or 0.0
            merges.append(Merge(label=title, into=label, score=score, reason="title-version"))
    mentions = sorted((m.ref for n in nodes for m in n.mentions), key=ref_sort_key)
    return EntityDraft(
        kind=EntityKind.PUBLICATION,
        wanted_key=publication_key(label),
        label=label,
        mentions=mentions,
        alternate_labels=tuple(sorted(t for t in sources if t != label)),
        member_keys=tuple(sorted({publication_key(t) for t in sources})),
        merges=tuple(merges),
    )


def title_node_key(title: str, ref: MentionRef) -> str:
    """The title node a publication mention belongs to: its normalised title. An empty title
    identifies nothing: such an entry is its own paper."""
    return normalize_title(title) or f"\x00{ref_sort_key(ref)}"


@dataclass(frozen=True)
class TitleCorpus:
    """Resolving some titles of a larger corpus (:mod:`.incremental`): only ``titles`` are
    resolved, with the larger corpus's word counts and block sizes (what the rare-word keys
    and the block cap read)."""

    titles: frozenset[str]
    word_counts: Mapping[str, int]
    block_sizes: Mapping[str, int]


def resolve_publications(
    docs: list[SourceDocument], names: NameCache, corpus: TitleCorpus | None = None
) -> PublicationResult:
    mentions = collect_mentions(docs, names)
    by_key: dict[str, TitleNode] = {}
    for m in mentions:
        key = title_node_key(m.title, m.ref)
        if corpus is None or key in corpus.titles:
            by_key.setdefault(key, TitleNode(key)).mentions.append(m)
    nodes = [by_key[k] for k in sorted(by_key)]
    index = {n.key: i for i, n in enumerate(nodes)}

    content = [n.content for n in nodes]
    keys = title_block_keys(
        content, [n.tokens for n in nodes], None if corpus is None else corpus.word_counts
    )
    blocks = build_blocks([k + v for k, v in zip(keys, version_block_keys(content), strict=True)])
    if corpus is not None:  # a block over the cap in the larger corpus is skipped here too
        sizes = corpus.block_sizes
        blocks = {k: m for k, m in blocks.items() if sizes.get(k, len(m)) <= BLOCK_CAP}
    # Two versions share most of their word-bag keys: score each set of members once.
    blocks = {
        key: list(members) for members, key in {tuple(m): k for k, m in blocks.items()}.items()
    }
    # The block scan already drops pairs under the title threshold, in one cdist call per block.
    scored = score_blocks([n.key for n in nodes], blocks, cutoff=TITLE_RATIO)
    comparisons = scored.comparisons
    scores: dict[tuple[int, int], float | None] = {}

    def pair_score(i: int, j: int) -> float | None:
        nonlocal comparisons
        pair = (min(i, j), max(i, j))
        if pair not in scores:
            comparisons += 1
            scores[pair] = version_score(nodes[pair[0]], nodes[pair[1]])
        return scores[pair]

    edges = [(s, i, j) for (i, j) in scored.pairs if (s := pair_score(i, j)) is not None]
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    uf = UnionFind(len(nodes))
    members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}
    for _, i, j in edges:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        # Complete link: versions must all be versions of each other, so no chain of small
        # edits can walk from one paper to another.
        if all(pair_score(x, y) is not None for x in members[ri] for y in members[rj]):
            root = uf.union(ri, rj)
            members[root] = sorted(members.pop(ri) + members.pop(rj))

    drafts: list[EntityDraft] = []
    cluster_of: dict[MentionRef, int] = {}
    for root in sorted(members):
        draft = _draft([nodes[i] for i in members[root]], scores, index)
        for ref in draft.mentions:
            cluster_of[ref] = len(drafts)
        drafts.append(draft)
    stats = KindStats(
        mentions=sum(len(n.mentions) for n in nodes),
        surfaces=len(nodes),
        blocks=scored.blocks,
        comparisons=comparisons,
        entities=len(drafts),
    )
    return PublicationResult(drafts=drafts, cluster_of=cluster_of, stats=stats)
