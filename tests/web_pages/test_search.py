"""Search by any spelling of a name or any version of a title, ignoring case and accents."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholargraph.config import Settings
from scholargraph.queries import load_query
from scholargraph.rdf.terms import Lit, Quad, lit
from scholargraph.rdf.vocab import SCHEMA, TYPE
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app
from scholargraph.web.search import (
    FOLD_CLASSES,
    MAX_RESULTS,
    SEARCH_ROWS,
    clean_query,
    fold,
    search,
)
from scholargraph.web.search_index import SearchIndex, SearchIndexHolder

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
    assert list(hits) == [] and hits.total == 0
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


def test_a_search_says_when_more_match_than_it_lists() -> None:
    base, graph = "https://many.example.test", "https://many.example.test/graph/source/a"
    quads: list[Quad] = []
    for n in range(MAX_RESULTS + 10):
        person = f"{base}/id/person/w{n:03d}"
        quads += [
            (person, TYPE, SCHEMA.Person, graph),
            (person, SCHEMA.name, lit(f"Wren {n:03d}"), graph),
        ]
    for n in range(SEARCH_ROWS + 10):
        person = f"{base}/id/person/t{n:03d}"
        quads += [
            (person, TYPE, SCHEMA.Person, graph),
            (person, SCHEMA.name, lit(f"Tamsin {n:03d}"), graph),
        ]
    store = OxigraphStore()
    store.replace_graphs({graph: quads})
    found = search(store, "wren")
    assert len(found.people) == MAX_RESULTS and found.people.total == MAX_RESULTS + 10
    assert found.people.exact and found.people.more == 10
    client = create_app(Settings(base_iri=base), store).test_client()
    text = client.get("/search?q=wren").get_data(as_text=True)
    assert f"({MAX_RESULTS + 10})" in text and f"The best {MAX_RESULTS} matches are listed" in text
    # past the query's row limit the count is a lower bound
    many = search(store, "tamsin")
    assert len(many.people) == MAX_RESULTS and not many.people.exact
    assert many.people.total == SEARCH_ROWS
    assert f"({SEARCH_ROWS}+)" in client.get("/search?q=tamsin").get_data(as_text=True)
    assert "+)" not in text


# ----------------------------------------------------------------------------- the index


@pytest.fixture(scope="module")
def index(store: OxigraphStore) -> SearchIndex:
    return SearchIndex.build(store)


def _labels(store: OxigraphStore) -> list[str]:
    rows = store.select(load_query("search-people-labels")).rows
    rows += store.select(load_query("search-publication-labels")).rows
    return sorted({str(row["label"].value) for row in rows if isinstance(row["label"], Lit)})


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_index_answers_what_the_store_answers(
    store: OxigraphStore, index: SearchIndex, data: st.DataObject
) -> None:
    # a piece of a stored name or title, changed a little (case, accents, spaces), or any text
    label = data.draw(st.sampled_from(_labels(store)))
    start = data.draw(st.integers(0, len(label)))
    piece = label[start : start + data.draw(st.integers(0, 12))]
    text = data.draw(
        st.one_of(
            st.just(piece),
            st.just(piece.upper()),
            st.just(f"  {piece.replace(' ', '   ')} "),
            st.text(alphabet="aeiouéèçø ntrsAQZ\n\t", max_size=8),
        )
    )
    assert search(store, text, index_of=lambda: index) == search(store, text)


@pytest.mark.parametrize(
    "text",
    [
        "zoé lefèvre",
        "zoe lefevre",
        "ZOE LEFÈVRE",
        "lefe",
        "a. quill",
        "quill",
        "ti",
        "tidal memory",
    ],
)
def test_the_index_folds_as_the_store_does(
    store: OxigraphStore, index: SearchIndex, text: str
) -> None:
    found = search(store, text, index_of=lambda: index)
    assert found == search(store, text) and (found.people or found.publications)


def test_the_index_finds_every_label_that_contains_the_text(
    store: OxigraphStore, index: SearchIndex, fx: Fixture
) -> None:
    found = search(store, "quil", index_of=lambda: index)
    assert fx.ada in [hit.iri for hit in found.people]
    assert index.people.matching("") == [] and index.people.matching("a\nq") == []
    # a text spanning two labels matches neither
    first, second = index.people.text.split("\n")[:2]
    assert index.people.matching(first[-2:] + "\n" + second[:2]) == []


def test_the_index_is_kept_per_state_of_the_store(store: OxigraphStore) -> None:
    holder = SearchIndexHolder()
    assert holder.current(store, None, "") is None  # unknown state: the store answers
    first = holder.current(store, 1, "")
    assert first is not None and holder.current(store, 1, "") is first
    assert holder.current(store, 2, "") is not first
    assert holder.current(store, 2, "after an update") is not holder.current(store, 2, "")


def test_the_index_folds_accents_a_label_has_no_other_spelling_for() -> None:
    base, graph = "https://accents.example.test", "https://accents.example.test/graph/source/a"
    person = f"{base}/id/person/emile"
    store = OxigraphStore()
    store.replace_graphs(
        {
            graph: [
                (person, TYPE, SCHEMA.Person, graph),
                (person, SCHEMA.name, lit("Émile Brontë"), graph),
            ]
        }
    )
    index = SearchIndex.build(store)
    for text in ("emile bronte", "ÉMILE", "brontë", "ile bro"):
        found = search(store, text, index_of=lambda: index)
        assert [hit.iri for hit in found.people] == [person], text
        assert found == search(store, text)
