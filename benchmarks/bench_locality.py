"""How local resolution is on an ingested store (issue #5, benchmark 5's design; not a test):
the figures an incremental resolver would be built on.

    python -m benchmarks.bench_locality --store /tmp/scholargraph-bench/store-10000

An incremental resolver redoes only what a changed page touches, which is only possible if what
it touches is small. This prints, from the store's parsed records (read-only):

* **papers**: title nodes (one per normalised title), candidate pairs the blocks score, version
  pairs (:func:`~scholargraph.resolve.publications.version_score` accepts them: the edges
  clustering joins), and the size of the largest connected components of both graphs
  (complete-link clustering never reaches past an edge component);
* **title blocking's global inputs**: how many titles' rare-word block keys a title's words can
  move (titles holding a word whose count is at most the block cap + 1: the only counts whose
  change moves a key), and blocks over the cap (skipped, so their size matters too);
* **people**: person nodes (folded spelling + homonym suffix) and the connected components of
  nodes sharing a block key (placement never looks past one: candidates come from blocks);
* **read set**: for sampled pages, the pages an exact local re-resolution would read: every
  page naming a person node of the components the page's names touch, and every page listing
  a title of the version components its titles touch.

Results: the lines on stdout and ``--output`` (JSON).

:func:`person_node` is the resolver's own node key
(:func:`~scholargraph.resolve.persons.mention_node`); :func:`papers` repeats the resolver's first
steps for titles (title nodes and their blocks) from its public pieces, to measure what
incremental resolution (:mod:`scholargraph.resolve.incremental`) relies on. The smoke test
(``tests/benchmarks_smoke/test_bench_locality.py``) keeps them honest: the real resolver never
forms an entity across the components they give.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script
    sys.path.insert(0, str(REPO))

from scholargraph.config import Settings  # noqa: E402
from scholargraph.errors import ScholarGraphError  # noqa: E402
from scholargraph.models import PersonName, SourceDocument  # noqa: E402
from scholargraph.pipeline import stored_documents  # noqa: E402
from scholargraph.rdf.iris import Iris  # noqa: E402
from scholargraph.resolve.blocking import (  # noqa: E402
    BLOCK_CAP,
    build_blocks,
    score_blocks,
    title_block_keys,
)
from scholargraph.resolve.common import NameCache, UnionFind  # noqa: E402
from scholargraph.resolve.normalize import normalize_title  # noqa: E402
from scholargraph.resolve.persons import BlockKey, NodeKey, mention_node  # noqa: E402
from scholargraph.resolve.publications import (  # noqa: E402
    TITLE_RATIO,
    TitleNode,
    collect_mentions,
    version_score,
)
from scholargraph.resolve.titles import version_block_keys  # noqa: E402
from scholargraph.store import OxigraphStore  # noqa: E402


def components(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Component of each of ``n`` items (its smallest member) under ``edges``."""
    uf = UnionFind(n)
    for a, b in edges:
        uf.union(a, b)
    return [uf.find(i) for i in range(n)]


def _sizes(component_of: Iterable[int]) -> dict[str, Any]:
    counts = sorted(Counter(component_of).values(), reverse=True)
    return {
        "components": len(counts),
        "largest": counts[:5],
        "of_two_or_more": sum(1 for c in counts if c > 1),
    }


def _quantiles(values: list[int]) -> dict[str, int]:
    ordered = sorted(values)

    def at(q: float) -> int:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"median": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": ordered[-1]}


@dataclass(frozen=True)
class Locality:
    """Items of one kind (title keys or person node keys): each one's component and the pages
    naming it."""

    component: dict[Any, int]
    pages: dict[Any, set[str]]

    def members(self) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = defaultdict(list)
        for item, c in self.component.items():
            out[c].append(item)
        return out

    def pages_of(self, items: Iterable[Any], members: dict[int, list[Any]]) -> set[str]:
        """The pages naming any item of the components of ``items``."""
        touched = {self.component[i] for i in items}
        return {s for c in touched for item in members[c] for s in self.pages[item]}


def title_key(title: str) -> str:
    """The title node a listed title belongs to (empty for an empty title: its own paper, left
    out here)."""
    return normalize_title(title)


def papers(docs: list[SourceDocument], names: NameCache) -> tuple[dict[str, Any], Locality]:
    """Figures, and the version components of titles (the graph of pairs
    :func:`~scholargraph.resolve.publications.version_score` accepts among scored candidates)."""
    by_key: dict[str, TitleNode] = {}
    for m in collect_mentions(docs, names):
        key = title_key(m.title)
        if key:
            by_key.setdefault(key, TitleNode(key)).mentions.append(m)
    nodes = [by_key[k] for k in sorted(by_key)]
    content = [n.content for n in nodes]
    keys = title_block_keys(content, [n.tokens for n in nodes])
    blocks = build_blocks([k + v for k, v in zip(keys, version_block_keys(content), strict=True)])
    scored = score_blocks([n.key for n in nodes], blocks, cutoff=TITLE_RATIO)
    edges = [p for p in scored.pairs if version_score(nodes[p[0]], nodes[p[1]]) is not None]
    version_component = components(len(nodes), edges)

    word_count: Counter[str] = Counter()
    holders: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(content):
        for word in set(words):
            word_count[word] += 1
            holders[word].append(i)
    sample = random.Random(0).sample(range(len(nodes)), min(500, len(nodes)))
    moved = [
        len(
            {
                h
                for w in set(content[i])
                if word_count[w] <= BLOCK_CAP + 1
                for h in holders[w]
                if h != i
            }
        )
        for i in sample
    ]
    sizes = sorted((len(m) for m in blocks.values()), reverse=True)
    figures = {
        "title_nodes": len(nodes),
        "candidate_pairs": len(scored.pairs),
        "version_pairs": len(edges),
        "version_components": _sizes(version_component),
        "candidate_components": _sizes(components(len(nodes), scored.pairs)),
        "titles_whose_keys_one_title_can_move": _quantiles(moved),
        "blocks": len(blocks),
        "largest_blocks": sizes[:5],
        "blocks_over_cap": sum(1 for s in sizes if s > BLOCK_CAP),
    }
    return figures, Locality(
        component={n.key: c for n, c in zip(nodes, version_component, strict=True)},
        pages={n.key: {m.source_id for m in n.mentions} for n in nodes},
    )


def person_node(name: PersonName, names: NameCache) -> tuple[NodeKey, tuple[BlockKey, ...]]:
    """The person node a name belongs to (:func:`scholargraph.resolve.persons.mention_node`)
    and the block keys its spelling gives."""
    node, parsed = mention_node(name, names)
    return node, parsed.block_keys


def page_people(doc: SourceDocument) -> list[PersonName]:
    """Every person name on a page: its owner and every listed author."""
    return [doc.record.owner] + [a.name for p in doc.record.publications for a in p.authors]


def people(docs: list[SourceDocument], names: NameCache) -> tuple[dict[str, Any], Locality]:
    """Figures, and the components of person nodes sharing a block key."""
    block_keys: dict[NodeKey, set[BlockKey]] = defaultdict(set)
    pages: dict[NodeKey, set[str]] = defaultdict(set)
    for doc in docs:
        for name in page_people(doc):
            node, found = person_node(name, names)
            block_keys[node].update(found)
            pages[node].add(doc.source_id)
    keys = sorted(block_keys)
    by_block: dict[BlockKey, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        for bk in sorted(block_keys[key]):
            by_block[bk].append(i)
    component = components(len(keys), ((m[0], x) for m in by_block.values() for x in m[1:]))
    figures = {"person_nodes": len(keys), "block_keys": len(by_block), **_sizes(component)}
    return figures, Locality(dict(zip(keys, component, strict=True)), dict(pages))


def read_sets(
    docs: list[SourceDocument], names: NameCache, titles: Locality, persons: Locality
) -> dict[str, Any]:
    """Pages a local re-resolution of a sampled page would read: the pages naming any person
    node or title of the components the page's names and titles are in."""
    person_members, title_members = persons.members(), titles.members()
    sample = random.Random(1).sample(docs, min(300, len(docs)))
    by_people, by_titles, both = [], [], []
    for doc in sample:
        nodes = [person_node(name, names)[0] for name in page_people(doc)]
        read_people = persons.pages_of(nodes, person_members)
        keys = [k for p in doc.record.publications if (k := title_key(p.title))]
        read_titles = titles.pages_of(keys, title_members)
        by_people.append(len(read_people))
        by_titles.append(len(read_titles))
        both.append(len(read_people | read_titles))
    return {
        "sampled_pages": len(sample),
        "pages_read_for_people": _quantiles(by_people),
        "pages_read_for_titles": _quantiles(by_titles),
        "pages_read": _quantiles(both),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_locality", description=__doc__
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--store", type=Path, required=True, help="an ingested store folder")
    parser.add_argument("--output", type=Path, help="also write the figures here (JSON)")
    parser.add_argument("--base-iri", help="the base IRI the store was ingested with")
    args = parser.parse_args(argv)
    options = {"base_iri": args.base_iri} if args.base_iri else {}
    settings = Settings(store=str(args.store), **options)
    try:
        store = OxigraphStore(args.store, read_only=True)
        try:
            stored = stored_documents(store, Iris(settings.base))
        finally:
            store.close()
    except ScholarGraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if not stored:
        print(f"error: {args.store}: the store holds no parsed records", file=sys.stderr)
        return 1
    docs = sorted(stored.values(), key=lambda d: d.source_id)
    names = NameCache()
    paper_figures, titles = papers(docs, names)
    person_figures, persons = people(docs, names)
    results = {
        "store": str(args.store),
        "pages": len(docs),
        "papers": paper_figures,
        "people": person_figures,
        "read_set": read_sets(docs, names, titles, persons),
    }
    print(json.dumps(results, indent=2))
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
