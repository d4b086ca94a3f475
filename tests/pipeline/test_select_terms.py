"""``OxigraphStore.select`` takes Oxigraph's solutions as SPARQL JSON results in one call; the
rows hold exactly the terms stored (what reading the solutions one by one gives)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scholargraph.rdf.terms import BNode, Lit, Term
from scholargraph.store import OxigraphStore, from_ox

from .term_strategies import GRAPH, XSD, literals, texts

objects = st.one_of(
    literals,
    st.builds(Lit, st.sampled_from(["true", "false"]), st.just(XSD + "boolean"), st.none()),
    st.builds(Lit, texts, st.just(XSD + "string"), st.none()).map(lambda x: Lit(x.value)),
    st.sampled_from(["https://x.test/a", "urn:isbn:123", "https://x.test/é?q=1#f"]),
    st.builds(BNode, st.sampled_from(["b1", "node2"])),
)
QUERY = (
    "SELECT ?s ?o ?missing WHERE { ?s <https://x.test/p> ?o OPTIONAL { ?s <urn:none> ?missing } }"
)


@given(st.lists(objects, min_size=1, max_size=8))
def test_selected_rows_hold_the_terms_stored(values: list[Term]) -> None:
    store = OxigraphStore()
    store.bulk_add(
        [(f"https://x.test/s{n}", "https://x.test/p", v, GRAPH) for n, v in enumerate(values)]
    )
    result = store.select(QUERY)
    assert result.variables == ("s", "o", "missing")
    one_by_one = [
        {"s": from_ox(solution["s"]), "o": from_ox(solution["o"])}
        for solution in store._store.query(QUERY, use_default_graph_as_union=True)
    ]
    key = repr
    assert sorted(result.rows, key=key) == sorted(one_by_one, key=key)
    # blank node labels are the store's own; every other term comes back as written
    written = sorted((v for v in values if not isinstance(v, BNode)), key=key)
    assert (
        sorted((r["o"] for r in result.rows if not isinstance(r["o"], BNode)), key=key) == written
    )
