"""Lists longer than a page shows: the first ones listed, the rest counted, a query for all.

An institute has thousands of members, a category thousands of papers. A page lists at most
``LIST_SHOWN`` of each and says how many there are in all; its link runs a query that lists
every one of them on the SPARQL endpoint.
"""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from scholargraph.config import Settings, WebSettings
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Quad, lit, typed
from scholargraph.rdf.vocab import ORG, PROV, SCHEMA, SKOS, TYPE
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app
from scholargraph.web.capped import LIST_SHOWN, answers

BASE = "https://long.example.test"
ROW_LIMIT = 400
MEMBERS, PAPERS, TOPIC_PEOPLE, LINKED = LIST_SHOWN + 50, LIST_SHOWN + 10, LIST_SHOWN + 20, 1100


def _id(kind: str, key: str) -> str:
    return f"{BASE}/id/{kind}/{key}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """An on-disk store: one source graph per person and per paper, as ingest writes them."""
    store = OxigraphStore(tmp_path_factory.mktemp("long") / "store")
    big, small = _id("organization", "big"), _id("organization", "small")
    topic, category = _id("topic", "wide"), _id("category", "cs.XX")
    metadata = Iris(BASE).metadata_graph
    graphs: dict[str, list[Quad]] = {metadata: []}

    def source(name: str) -> str:
        graph = f"{BASE}/graph/source/{name}"
        graphs[metadata].append(
            (graph, PROV.wasDerivedFrom, f"https://pages.example.test/{name}", metadata)
        )
        return graph

    for n in range(MEMBERS):
        person, graph = _id("person", f"p{n:04d}"), source(f"p{n:04d}")
        role = _id("membership", f"p{n:04d}-big")
        graphs[graph] = [
            (person, TYPE, SCHEMA.Person, graph),
            (person, SCHEMA.name, lit(f"Person {n:04d}"), graph),
            (role, ORG.organization, big, graph),
            (role, ORG.member, person, graph),
            (role, SCHEMA.roleName, lit("Member", "en"), graph),
        ]
        if n < TOPIC_PEOPLE:
            graphs[graph].append((person, SCHEMA.knowsAbout, topic, graph))
        if n < 3:
            graphs[graph].append((person, SCHEMA.worksFor, small, graph))
    for n in range(max(PAPERS, LINKED)):
        paper, graph = _id("publication", f"w{n:04d}"), source(f"w{n:04d}")
        year = 1900 + n // 10  # the newest are the last ones
        graphs[graph] = [
            (paper, TYPE, SCHEMA.ScholarlyArticle, graph),
            (paper, SCHEMA.name, lit(f"Work {n:04d}"), graph),
            (paper, SCHEMA.datePublished, typed(str(year), "gYear"), graph),
            (paper, SCHEMA.about, category, graph),
        ]
        if n < PAPERS:
            graphs[graph].append((paper, SCHEMA.sourceOrganization, big, graph))
    vocabulary = f"{BASE}/graph/vocabulary"
    graphs[vocabulary] = [
        (topic, TYPE, SKOS.Concept, vocabulary),
        (topic, SKOS.prefLabel, lit("Wide topic", "en"), vocabulary),
        (category, TYPE, SKOS.Concept, vocabulary),
        (category, SKOS.notation, lit("cs.XX"), vocabulary),
        (big, TYPE, SCHEMA.Organization, vocabulary),
        (big, SCHEMA.name, lit("Big Institute"), vocabulary),
        (small, TYPE, SCHEMA.Organization, vocabulary),
        (small, SCHEMA.name, lit("Small Lab"), vocabulary),
    ]
    store.replace_graphs(graphs)
    return store


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> FlaskClient:
    return create_app(Settings(base_iri=BASE), store).test_client()


@pytest.fixture(scope="module")
def small_answers(store: OxigraphStore) -> FlaskClient:
    """The same data behind an endpoint that answers at most 400 rows."""
    settings = Settings(base_iri=BASE, web=WebSettings(max_result_rows=ROW_LIMIT))
    return create_app(settings, store).test_client()


def _section(html: str, section_id: str) -> str:
    return html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def _full_list(client: FlaskClient, section: str) -> list[dict[str, dict[str, str]]]:
    """Run the queries the section's note links to, as a browser's user would, asking for JSON;
    every answer must be whole (the endpoint did not cut it at its row limit)."""
    rows: list[dict[str, dict[str, str]]] = []
    for href in re.findall(r'href="([^"]*/sparql\?query=[^"]*)"', section):
        query = parse_qs(urlsplit(unescape(href)).query)["query"][0]
        answer = client.get(
            "/sparql",
            query_string={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status_code == 200
        assert "X-SPARQL-MaxRows" not in answer.headers, query
        rows += json.loads(answer.data)["results"]["bindings"]
    return rows


def test_an_organization_lists_the_first_members_and_counts_them_all(client: FlaskClient) -> None:
    html = client.get("/id/organization/big", headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    members = _section(html, "members")
    assert f"({MEMBERS})" in members  # the heading counts them all, not the ones listed
    listed = re.findall(r'href="/id/person/(p\d{4})"', members)
    assert len(listed) == len(set(listed)) == LIST_SHOWN
    names = re.findall(r'href="/id/person/p\d{4}">([^<]+)<', members)
    assert names == sorted(names, key=str.casefold)  # what is listed is in name order
    assert f"{LIST_SHOWN} of {MEMBERS} listed here" in members
    people = {row["person"]["value"] for row in _full_list(client, members)}
    assert people == {_id("person", f"p{n:04d}") for n in range(MEMBERS)}


def test_an_organization_lists_its_newest_papers(client: FlaskClient) -> None:
    html = client.get("/id/organization/big", headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    papers = _section(html, "publications")
    listed = re.findall(r'href="/id/publication/w(\d{4})"', papers)
    assert sorted(int(n) for n in listed) == list(range(PAPERS - LIST_SHOWN, PAPERS))  # newest
    assert f"({PAPERS})" in papers and f"{LIST_SHOWN} of {PAPERS} listed here" in papers
    assert len(_full_list(client, papers)) == PAPERS


def test_a_short_list_has_no_note(client: FlaskClient) -> None:
    html = client.get("/id/organization/small", headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    staff = _section(html, "staff")
    assert "(3)" in staff and len(re.findall(r'href="/id/person/', staff)) == 3
    assert "listed here" not in html and "/sparql?query=" not in html


def test_a_topic_counts_its_people_in_french_too(client: FlaskClient) -> None:
    html = client.get("/id/topic/wide?lang=fr").get_data(as_text=True)
    people = _section(html, "people")
    assert len(re.findall(r'href="/id/person/', people)) == LIST_SHOWN
    assert f"({TOPIC_PEOPLE})" in people
    assert f"{LIST_SHOWN} sur {TOPIC_PEOPLE} listés ici" in people
    assert len(_full_list(client, people)) == TOPIC_PEOPLE


def test_what_links_to_a_category_is_counted_per_property(client: FlaskClient) -> None:
    html = client.get("/id/category/cs.XX", headers={"Accept": "text/html"}).get_data(as_text=True)
    backlinks = html.split('id="backlinks"', 1)[1].split("</table>", 1)[0]
    # the papers' schema:about links: the first ones listed, the others counted
    listed = re.findall(r'href="/id/publication/w\d{4}"', backlinks)
    assert len(listed) == LIST_SHOWN
    assert f"{LIST_SHOWN} of {LINKED} listed here" in backlinks
    links = {(row["p"]["value"], row["s"]["value"]) for row in _full_list(client, backlinks)}
    assert links == {(SCHEMA.about, _id("publication", f"w{n:04d}")) for n in range(LINKED)}


def test_a_full_list_past_the_row_limit_is_linked_in_answers_that_fit(
    small_answers: FlaskClient,
) -> None:
    html = small_answers.get("/id/organization/big", headers={"Accept": "text/html"}).get_data(
        as_text=True
    )
    members = _section(html, "members")
    assert "all of them through SPARQL, in 3 answers: " in members
    assert re.findall(r">(\d+–\d+)</a>", members) == ["1–400", "401–800", f"801–{MEMBERS}"]
    rows = _full_list(small_answers, members)
    people = [row["person"]["value"] for row in rows]
    assert sorted(people) == [_id("person", f"p{n:04d}") for n in range(MEMBERS)]  # each once
    names = [row["name"]["value"] for row in rows]
    assert names == sorted(names)  # the windows follow the query's order


def test_a_full_list_of_many_answers_links_the_first_and_the_last(store: OxigraphStore) -> None:
    settings = Settings(base_iri=BASE, web=WebSettings(max_result_rows=40))
    html = (
        create_app(settings, store)
        .test_client()
        .get("/id/organization/big", headers={"Accept": "text/html"})
        .get_data(as_text=True)
    )
    members = _section(html, "members")
    assert "in 27 answers: " in members  # 1,050 rows, 40 a time
    windows = re.findall(r">(\d+–\d+)</a>", members)
    assert len(windows) == 20 and windows[0] == "1–40" and windows[-1] == f"1041–{MEMBERS}"
    assert windows[18] == "721–760" and "760</a> · … · <a" in members


@given(total=st.integers(1, 5000), per_answer=st.integers(1, 1200))
def test_answers_cover_every_row_once_within_the_limit(total: int, per_answer: int) -> None:
    parts = answers("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n", total, per_answer)
    assert len(parts) == -(-total // per_answer)
    assert [p.first for p in parts] == [1] + [p.last + 1 for p in parts[:-1]]
    assert parts[-1].last == total
    assert all(p.last - p.first + 1 <= per_answer for p in parts)
    if len(parts) == 1:
        assert "LIMIT" not in parts[0].query
    else:
        assert all(p.query.endswith(f"LIMIT {per_answer}\nOFFSET {p.first - 1}\n") for p in parts)


def test_the_sources_of_an_entity_named_on_many_pages_are_linked_whole(
    client: FlaskClient, small_answers: FlaskClient
) -> None:
    expected = {f"https://pages.example.test/p{n:04d}" for n in range(MEMBERS)}
    expected |= {f"https://pages.example.test/w{n:04d}" for n in range(PAPERS)}
    for app in (client, small_answers):  # one answer, then ceil(2,060 / 400) = 6
        html = app.get("/id/organization/big", headers={"Accept": "text/html"}).get_data(
            as_text=True
        )
        more = html.split('id="more-sources"', 1)[1].split("</li>", 1)[0]
        assert f"(in all: {len(expected)})" in more
        sources = [row["source"]["value"] for row in _full_list(app, more)]
        assert sorted(sources) == sorted(expected)
