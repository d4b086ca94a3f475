"""``OxigraphStore.replace_graphs`` on a real on-disk store: a large graph is changed by its
difference from what is stored, and ends exactly as asked, whatever it held before."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph import store as store_module
from scholargraph.rdf.terms import BNode, Lit, Quad
from scholargraph.store import OxigraphStore

G = "https://graph.test/graph/resolution"
META = "https://graph.test/graph/metadata"
P = "https://graph.test/ns#p"


def _quads(numbers: range, version: str = "v1") -> list[Quad]:
    out: list[Quad] = []
    for n in numbers:
        s = f"https://graph.test/id/x{n}"
        out.append((s, P, Lit(f"name {n}", language="en"), G))
        out.append((s, P, Lit(str(n), "http://www.w3.org/2001/XMLSchema#integer"), G))
        out.append((s, P, f"https://graph.test/id/{version}-{n % 7}", G))
    # characters N-Triples writers may escape differently (the difference is taken on text)
    out.append(("https://graph.test/id/x1", P, Lit('tab\t "q" \\ é \u0007 \U0001d11e'), G))
    return out


def _changed(quad: Quad) -> Quad:
    s, p, o, g = quad
    return (s, p, o + "b", g) if isinstance(o, str) and o.endswith("-3") else quad


def _graph(store: OxigraphStore, graph: str) -> set[Quad]:
    return set(store.graph_quads(graph))


@pytest.mark.parametrize("blank", [False, True], ids=["difference", "blank-nodes-rewrite"])
def test_a_large_graph_ends_exactly_as_asked(tmp_path: Path, blank: bool) -> None:
    assert store_module.DIFF_FROM_QUADS <= 3 * 2_000  # the graphs below take the large path
    store = OxigraphStore(tmp_path / "store")
    try:
        first = _quads(range(2_000))
        if blank:
            first.append(("https://graph.test/id/x0", P, BNode("b1"), G))
        store.replace_graphs({G: first}, insert=[(G, P, Lit("state 1"), META)])
        assert len(_graph(store, G)) == len(first)
        # keep most, lose 300 subjects, gain 300, and change one value of every 7th subject
        second = [_changed(q) for q in _quads(range(300, 2_300))]
        store.replace_graphs(
            {G: second}, delete_subjects={META: [G]}, insert=[(G, P, Lit("state 2"), META)]
        )
        assert _graph(store, G) == set(second)
        assert _graph(store, META) == {(G, P, Lit("state 2"), META)}
        store.replace_graphs({G: second})  # nothing to change
        assert _graph(store, G) == set(second)
    finally:
        store.close()
