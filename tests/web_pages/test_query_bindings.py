"""Values bound into the queries of ``queries/`` by writing them into the text.

:func:`scholargraph.sparql_text.substitute` must give exactly what Oxigraph's own (SEP-0007)
substitutions give, for every query that declares bindings, on the fictional graph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from scholargraph.errors import QueryError
from scholargraph.queries import QUERIES_DIR
from scholargraph.rdf.terms import Lit, Term
from scholargraph.rdf.vocab import SCHEMA, SG
from scholargraph.sparql_text import substitute
from scholargraph.store import OxigraphStore, to_ox

from .conftest import Fixture

BOUND_QUERIES = sorted(
    path for path in QUERIES_DIR.glob("*.rq") if "# Bindings:" in path.read_text(encoding="utf-8")
)

# the fictional graph holds no ingest records: these queries answer nothing on it
EMPTY_ON_FIXTURE = {
    "recorded-graphs",
    "source-record",
    "unfinished-bulk-loads",
    "index-subjects",  # nor the resolution index
    "index-count",
    "index-groups-starting",
}


def _values(fx: Fixture) -> dict[str, list[Term]]:
    """Values to try for each variable a query may have bound (hits and misses)."""
    return {
        "entity": [fx.ada, fx.tidal, fx.retired, fx.mila, fx.continual, fx.iris.base + "/none"],
        "person": [fx.ada, fx.bo, fx.zoe, fx.sparse],
        "paper": [fx.tidal, fx.quiet],
        "organization": [fx.mila, fx.lumen],
        "topic": [fx.continual, fx.tidal_topic],
        "metadataGraph": [fx.iris.metadata_graph],
        "recordsGraph": [fx.iris.records_graph],
        "indexGraph": [fx.iris.index_graph],
        "index": [fx.iris.index_graph],
        "property": [SG.indexWord, SG.indexWants],
        "p": [SCHEMA.author, SCHEMA.knowsAbout, SCHEMA.worksFor],
        "value": [Lit("tidal")],
        "resolutionGraph": [fx.iris.resolution_graph],
        "graph": [fx.iris.resolution_graph, fx.iris.base + "/graph/none"],
        "graphNamespace": [Lit(fx.iris.base + "/graph/"), Lit("")],
        "prefix": [Lit(fx.iris.source_graph_prefix)],
        "q": [Lit("quill"), Lit('a "quoted" \\ value'), Lit("tidal")],
    }


def _bound_names(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith("# Bindings:"))
    return sorted(set(re.findall(r"\?(\w+)", line)))


def _rows(store: OxigraphStore, text: str, subs: Mapping[str, Term] | None) -> list[str]:
    raw = store._store.query(
        text,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): to_ox(v) for k, v in (subs or {}).items()} or None,
    )
    if isinstance(raw, ox.QuerySolutions):
        names = [v.value for v in raw.variables]
        return sorted(repr([s[n] for n in names]) for s in raw)
    if isinstance(raw, ox.QueryTriples):
        return sorted(repr(t) for t in raw)
    return [repr(bool(raw))]


@pytest.mark.parametrize("path", BOUND_QUERIES, ids=lambda p: Path(p).stem)
def test_written_values_give_what_substitutions_give(
    path: Path, store: OxigraphStore, fx: Fixture
) -> None:
    text = path.read_text(encoding="utf-8")
    names = _bound_names(text)
    assert names, f"{path.name}: no variable named after '# Bindings:'"
    values = _values(fx)
    combinations: list[dict[str, Term]] = [{}]
    for name in names:
        combinations = [{**c, name: v} for c in combinations for v in values[name]]
    answered = 0
    for bindings in combinations:
        expected = _rows(store, text, bindings)
        written = substitute(text, bindings)
        assert _rows(store, written, None) == expected, (path.name, bindings)
        answered += expected not in ([], ["False"])
    # an answer must come from at least one binding, or the comparison proves nothing
    assert answered or path.stem in EMPTY_ON_FIXTURE, path.name


def test_a_projected_value_is_kept_once_and_a_nested_projection_carries_it() -> None:
    text = substitute(
        "SELECT ?e ?g WHERE { { SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e ?p ?o } } } }",
        {"e": "http://ex/a"},
    )
    assert text.count("(<http://ex/a> AS ?e)") == 1
    assert text.startswith("SELECT ?e ?g WHERE { { SELECT DISTINCT (<http://ex/a> AS ?e)")


def test_group_and_order_conditions_stay_expressions() -> None:
    text = substitute(
        "SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        {"g": "http://ex/g"},
    )
    assert "GROUP BY (<http://ex/g>)" in text and "ORDER BY (<http://ex/g>)" in text
    OxigraphStore().select(text)  # parses


def test_a_grouped_sub_select_keeps_the_variable_a_nested_select_assigns() -> None:
    # the innermost SELECT assigns the value; the grouped one projects and groups by the
    # variable, which an expression in its GROUP BY would leave ungrouped (a syntax error)
    query = (
        "SELECT ?g ?s WHERE { { SELECT ?g ?s (COUNT(?o) AS ?n) WHERE {"
        " { SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s ?p ?x } } } ?s ?q ?o"
        " } GROUP BY ?g ?s ORDER BY DESC(?n) ?g LIMIT 2 } } GROUP BY ?g ?s"
    )
    text = substitute(query, {"g": "http://ex/g"})
    assert text.count("(<http://ex/g> AS ?g)") == 1
    assert "} GROUP BY ?g ?s ORDER BY DESC(?n) ?g LIMIT 2 }" in text
    assert text.endswith("} } GROUP BY ?g ?s")  # the outer SELECT projects it from inside too
    store = OxigraphStore()
    graph, other = "http://ex/g", "http://ex/other"
    store.replace_graphs(
        {
            graph: [("http://ex/a", "http://ex/p", "http://ex/b", graph)],
            other: [("http://ex/c", "http://ex/p", "http://ex/d", other)],
        }
    )
    rows = store.select(text).rows
    assert [(str(r["g"]), str(r["s"])) for r in rows] == [(graph, "http://ex/a")]


def test_keywords_and_names_inside_literals_and_iris_are_left_alone() -> None:
    text = substitute(
        'SELECT ?x WHERE { ?x <http://ex/?x> "?x SELECT" . ?xy ?p ?x } # ?x', {"x": Lit("v")}
    )
    assert text == ('SELECT ("v" AS ?x) WHERE { "v" <http://ex/?x> "?x SELECT" . ?xy ?p "v" } # ?x')


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o BIND(1 AS ?x) }",
        "SELECT ?s WHERE { VALUES ?x { 1 } ?s ?p ?x }",
        "SELECT ?s WHERE { ?s ?p ?o FILTER(BOUND(?x)) }",
        "SELECT * WHERE { ?s ?p ?x }",
    ],
)
def test_a_variable_the_query_assigns_itself_is_refused(query: str) -> None:
    with pytest.raises(QueryError):
        substitute(query, {"x": Lit("1")})


def test_values_are_escaped_never_pasted(store: OxigraphStore) -> None:
    hostile = Lit('x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "')
    text = substitute("SELECT ?q WHERE { ?s ?p ?q }", {"q": hostile})
    assert store.select(text).rows == []
    with pytest.raises(QueryError):
        substitute("SELECT ?q WHERE { ?s ?p ?q }", {"q": "http://ex/a> ?p ?o . <b"})
