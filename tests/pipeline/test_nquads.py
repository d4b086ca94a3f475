"""Our N-Quads text (what the store loads and what graph digests hash) reads back, through
Oxigraph's own parser, as exactly the quads written."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scholargraph.rdf.nquads import NQuadsWriter, graph_digest
from scholargraph.rdf.terms import Lit, Quad, Term
from scholargraph.store import from_ox, iter_rdf

from .term_strategies import GRAPH, literals

objects = st.one_of(literals, st.sampled_from(["https://x.test/a", "urn:isbn:123", "mailto:a@b.c"]))


def _read_back(text: str) -> list[Quad]:
    import pyoxigraph as ox

    quads = ox.parse(io.BytesIO(text.encode("utf-8")), ox.RdfFormat.N_QUADS)
    return [
        (q.subject.value, q.predicate.value, from_ox(q.object), q.graph_name.value) for q in quads
    ]


@given(st.lists(objects, max_size=8))
def test_lines_parse_back_to_the_quads_written(values: list[Term]) -> None:
    quads: list[Quad] = [
        (f"https://x.test/s{n}", "https://x.test/p", value, GRAPH) for n, value in enumerate(values)
    ]
    assert _read_back(NQuadsWriter().text(quads)) == quads


def test_digest_ignores_order_and_repeats() -> None:
    a = ("https://x.test/s", "https://x.test/p", Lit('say "hi"\n'), GRAPH)
    b = ("https://x.test/s", "https://x.test/q", "https://x.test/o", GRAPH)
    assert graph_digest([a, b]) == graph_digest([b, a, b])
    assert graph_digest([a]) != graph_digest([b])


@pytest.mark.parametrize(
    "iri", ["https://x.test/a b", "https://x.test/<a>", 'https://x.test/"', "relative/path", ""]
)
def test_an_iri_rdf_cannot_hold_is_refused_by_name(iri: str) -> None:
    with pytest.raises(ValueError, match="not a valid absolute IRI"):
        NQuadsWriter().text([("https://x.test/s", "https://x.test/p", iri, GRAPH)])


def test_triples_of_the_text_read_as_turtle_too() -> None:
    quad = ("https://x.test/s", "https://x.test/p", Lit("tab\there", None, "en"), GRAPH)
    line = NQuadsWriter().line(quad)
    triple = line.rsplit(" ", 2)[0] + " ."
    assert list(iter_rdf(io.BytesIO(triple.encode()), "text/turtle")) == [quad[:3]]
