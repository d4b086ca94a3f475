"""Hypothesis strategies for RDF terms the store must keep exactly (shared by term tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from scholargraph.rdf.terms import Lit

GRAPH = "https://graph.test/graph/source/1"
XSD = "http://www.w3.org/2001/XMLSchema#"

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
literals = st.one_of(
    st.builds(Lit, texts, st.none(), st.none()),
    st.builds(Lit, texts, st.none(), st.sampled_from(["en", "fr", "de-ch"])),
    st.builds(Lit, st.integers().map(str), st.just(XSD + "integer"), st.none()),
)
