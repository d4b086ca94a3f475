"""The pre-execution guard: SERVICE / LOAD found by tokens (never inside strings, IRIs or
comments, whatever their case or escapes), query forms, USING injection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scholargraph.errors import QueryError, QueryRefused
from scholargraph.web.query_guard import add_using, check_iri, inspect_query, inspect_update


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://x/>{?s ?p ?o}}",
        "SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { SERV\\u0049CE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { FILTER(?a<?b)SERVICE<http://x/>{?s ?p ?o} }",
        'SELECT * WHERE { ?s ?p "unterminated SERVICE <http://x/> { } }',
        "# comment\nSELECT * WHERE {\n  SERVICE <http://x/> { ?s ?p ?o }\n}",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as caught:
        inspect_query(query)
    assert caught.value.http_status == 403 and "SERVICE" in caught.value.message


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }  # SERVICE <http://x/>",
        "PREFIX service: <http://e/> SELECT ?SERVICE WHERE { ?SERVICE service:SERVICE ?o }",
        'SELECT * WHERE { ?s ?p "escaped \\" SERVICE" }',
    ],
)
def test_the_word_elsewhere_is_fine(query: str) -> None:
    assert inspect_query(query).form == "select"


@given(st.text(alphabet=st.characters(blacklist_characters='"\\\n\r'), max_size=40))
def test_any_string_literal_content_is_ignored(content: str) -> None:
    assert inspect_query(f'SELECT * WHERE {{ ?s ?p "{content}" }}').form == "select"


@given(
    st.sampled_from(["SERVICE", "LOAD"]).flatmap(
        lambda word: st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in word))
    )
)
def test_keyword_in_any_case_is_refused(letters: tuple[str, ...]) -> None:
    word = "".join(letters)
    with pytest.raises(QueryRefused):
        inspect_query(f"SELECT * WHERE {{ {word} <http://x/> {{ ?s ?p ?o }} }}")


@pytest.mark.parametrize(
    ("query", "form", "names_dataset"),
    [
        ("ASK {}", "ask", False),
        ("PREFIX a: <http://a/> BASE <http://b/> CONSTRUCT WHERE { ?s ?p ?o }", "construct", False),
        ("DESCRIBE <http://x/>", "describe", False),
        ("SELECT * FROM <http://g/> WHERE { ?s ?p ?o }", "select", True),
        ("# just a comment\nselect * {}", "select", False),
        ("this is not sparql", None, False),
    ],
)
def test_query_form(query: str, form: str | None, names_dataset: bool) -> None:
    info = inspect_query(query)
    assert (info.form, info.names_dataset) == (form, names_dataset)


def test_an_update_sent_as_a_query_is_a_400() -> None:
    with pytest.raises(QueryError, match="update"):
        inspect_query("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_load_is_refused_in_updates() -> None:
    with pytest.raises(QueryRefused, match="LOAD"):
        inspect_update("CLEAR ALL ; load<http://127.0.0.1:1/x.ttl>")
    assert inspect_update('INSERT DATA { <http://a> <http://b> "LOAD <x>" }') is False


def test_using_clauses_go_before_each_where() -> None:
    update = (
        "PREFIX ex: <http://ex/>\nCLEAR ALL ;\nINSERT DATA { <http://a> <http://b> 1 } ;\n"
        'INSERT { GRAPH <http://g/> { ?s a ex:T } } WHERE { ?s ?p "WHERE ;" }'
    )
    rewritten = add_using(update, ["http://d/"], ["http://n/"])
    assert rewritten.endswith(
        "INSERT { GRAPH <http://g/> { ?s a ex:T } } USING <http://d/> USING NAMED <http://n/> "
        'WHERE { ?s ?p "WHERE ;" }'
    )
    assert rewritten.count("USING <http://d/>") == 1


def test_using_conflicts_with_with_or_using() -> None:
    with pytest.raises(QueryError, match="one or the other"):
        add_using("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", [], ["http://n/"])


@pytest.mark.parametrize("value", ["relative", "<http://x>", "http://x y", ""])
def test_graph_parameters_must_be_absolute_iris(value: str) -> None:
    with pytest.raises(QueryError):
        check_iri(value, "default-graph-uri")
