"""Search by any spelling of a name or any version of a title, ignoring case and accents."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from scholargraph.queries import load_query
from scholargraph.rdf.terms import Lit
from scholargraph.store import OxigraphStore
from scholargraph.web.search import FOLD_CLASSES, clean_query, fold, search

from .conftest import Fixture, local


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ada Quill", "ada"),
        ("ada", "ada"),
        ("QUILL", "ada"),
        ("a. quill", "ada"),  # an alternate spelling
        ("zoé lefèvre", "zoe"),
        ("zoe lefevre", "zoe"),  # accents folded on the query side
        ("ZOE LEFÈVRE", "zoe"),
        ("lindqvist", "bo"),
    ],
)
def test_people_by_any_spelling(
    store: OxigraphStore, fx: Fixture, query: str, expected: str
) -> None:
    results = search(store, query)
    assert [hit.iri for hit in results.people][:1] == [getattr(fx, expected)]


def test_papers_by_title_version(store: OxigraphStore, fx: Fixture) -> None:
    assert [h.iri for h in search(store, "tidal memory").publications] == [fx.tidal]
    assert [h.iri for h in search(store, "GRADIENTS.").publications] == [fx.quiet]
    assert search(store, "nothing like this").empty


def test_ranking_prefers_exact_and_prefix_matches(store: OxigraphStore, fx: Fixture) -> None:
    hits = search(store, "e").people  # too short: nothing
    assert hits == []
    hits = search(store, "li").people  # Bo Lindqvist (word start) before others
    assert hits and hits[0].iri == fx.bo


def test_query_folding_matches_the_sparql_folding() -> None:
    store = OxigraphStore()
    query = load_query("search-people")
    samples = ["Zoé", "Ørsted", "Łukasz", "Dvořák", "Straße", "Æsir", "Œuvre", "Ñandú", "Şahin"]
    for index, name in enumerate(samples):
        iri = f"http://example.test/p{index}"
        person = f'<{iri}> a <http://schema.org/Person> ; <http://schema.org/name> "{name}"'
        store.update(f"INSERT DATA {{ {person} }}")
        rows = store.select(query, {"q": Lit(fold(name))}).rows
        assert iri in {str(row["person"]) for row in rows}, (name, fold(name))
    # every character class the Python side folds is in the query text too
    for chars, _ in FOLD_CLASSES:
        assert chars in query


def test_clean_query() -> None:
    assert clean_query("  ada \t  quill ") == "ada quill"
    assert len(clean_query("x" * 1000)) == 200


def test_search_page_links_results(client: FlaskClient, fx: Fixture) -> None:
    response = client.get("/search?q=zoe+lefevre", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="{local(fx.zoe)}"' in html and "Zoé Lefèvre" in html
    assert 'value="zoe lefevre"' in html
    papers = client.get("/search?q=echoes&lang=fr").get_data(as_text=True)
    assert f'href="{local(fx.sparse)}?lang=fr"' in papers
    assert "novembre 2023" in papers
    empty = client.get("/search?q=zzzzzz").get_data(as_text=True)
    assert 'id="no-results"' in empty
    assert client.get("/search").status_code == 200
