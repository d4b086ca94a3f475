"""The HTML pages: what a person reads on them, in English and French, and where it came from."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef

from scholargraph.rdf.vocab import SCHEMA

from .conftest import Fixture, local

# rdflib's JSON-LD parser warns about its own internals.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")

HTML = {"Accept": "text/html"}


class _Links(HTMLParser):
    """Collects (href, text) of links, and ``<ol class="authors">`` lists in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.author_lists: list[list[str]] = []
        self.scripts: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_authors = False
        self._in_script = False
        self._in_li = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a":
            self._href, self._text = attributes.get("href"), []
        if tag == "ol" and "authors" in (attributes.get("class") or ""):
            self._in_authors = True
            self.author_lists.append([])
        if tag == "li" and self._in_authors:
            self._in_li = True
            self.author_lists[-1].append("")
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None
        if tag == "ol":
            self._in_authors = False
        if tag == "li":
            self._in_li = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._in_authors and self._in_li:
            self.author_lists[-1][-1] += data.strip()
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def get_html(client: FlaskClient, path: str, **headers: str) -> str:
    response = client.get(path, headers={**HTML, **headers})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def section(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}".*?</(?:ul|table|section|dl)>', html, re.S)
    assert match, f"no #{element_id}"
    return match.group(0)


# ----------------------------------------------------------------------------- person


def test_person_page_in_english(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada), **{"Accept-Language": "en-GB,en;q=0.9"})
    assert "<h1>Ada Quill</h1>" in html
    assert "A. Quill" in html  # alternate spelling
    assert "Affiliate Member" in section(html, "memberships")
    assert "Principal Scientist" in section(html, "positions")
    topics = section(html, "topics")
    assert "Continual Learning" in topics
    assert "Tidal Computing" in topics
    metrics = section(html, "metrics")
    assert "h-index" in metrics and "12" in metrics and "3,456" in metrics
    assert "1 November 2026" in metrics
    assert '<html lang="en">' in html


def test_person_page_in_french_by_header_and_by_parameter(client: FlaskClient, fx: Fixture) -> None:
    for html in (
        get_html(client, local(fx.ada), **{"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}),
        get_html(client, local(fx.ada) + "?lang=fr", **{"Accept-Language": "en"}),
    ):
        assert "Membre affilié" in section(html, "memberships")
        assert "Scientifique principale" in section(html, "positions")
        topics = section(html, "topics")
        assert "Apprentissage continu" in topics
        assert "Tidal Computing" in topics  # only known in English: falls back
        assert "Sujets de recherche" in html
        assert "1er novembre 2026" in section(html, "metrics")
        assert '<html lang="fr">' in html


def test_explicit_language_is_kept_in_links(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada) + "?lang=fr")
    links = dict(parse(html).links)
    assert local(fx.continual) + "?lang=fr" in links
    assert links.get(local(fx.ada) + "?lang=en") == "English"  # the language switch


def test_publications_list_authors_in_stated_order(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada))
    parsed = parse(html)
    titles = [text for href, text in parsed.links if "/id/publication/" in href]
    # newest first: 2024-05-02, 2023-11, then undated
    assert titles == ["Tidal Memory for Agents", "Sparse Echoes", "Quiet Gradients"]
    tidal, sparse, quiet = parsed.author_lists
    # ranks first (Bo 1, Ada 2), then listed-only co-authors (Zoé), then "et al."
    assert tidal == ["Bo Lindqvist", "Ada Quill", "Zoé Lefèvre", "et al."]
    assert sparse == ["Ada Quill", "Bo Lindqvist"]
    # a profile-only paper: the owner's position is unknown and shown apart, marked
    assert quiet == ["Zoé Lefèvre"]
    assert 'class="unplaced"' in html
    # co-authors link to their pages; the owner is not a link on her own page
    hrefs = {href for href, _ in parsed.links}
    assert local(fx.bo) in hrefs and local(fx.zoe) in hrefs
    assert "<strong>Ada Quill</strong>" in html
    assert "2 May 2024" in html and "November 2023" in html
    assert ">cs.LG<" in html and 'class="badge code"' in html


def test_person_page_names_its_sources(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada))
    sources = section(html, "sources")
    assert fx.source_en in sources and fx.source_fr in sources
    assert "ada-quill-aggregator.txt" in sources  # files are named, not linked
    assert "profile page" in sources and "aggregator page" in sources
    assert "2 November 2026" in sources


def test_co_author_sources_are_the_pages_that_mention_them(
    client: FlaskClient, fx: Fixture
) -> None:
    html = get_html(client, local(fx.zoe))
    sources = section(html, "sources")
    assert fx.source_en in sources and fx.source_fr in sources
    assert "aggregator" not in sources  # the aggregator page never names Zoé
    parsed = parse(html)
    assert [text for href, text in parsed.links if "/id/publication/" in href] == [
        "Tidal Memory for Agents",
        "Quiet Gradients",
    ]


def test_person_json_ld_is_schema_org(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada))
    scripts = parse(html).scripts
    assert len(scripts) == 1
    doc = json.loads(scripts[0])
    assert doc["@type"] == "Person" and doc["@id"] == fx.ada
    graph = Graph().parse(data=scripts[0], format="json-ld")
    ada = URIRef(fx.ada)
    assert (ada, URIRef(SCHEMA.name), Literal("Ada Quill")) in graph
    assert (ada, URIRef(SCHEMA.knowsAbout), URIRef(fx.continual)) in graph
    assert (ada, URIRef(SCHEMA.worksFor), URIRef(fx.lumen)) in graph


def test_html_pages_advertise_their_data(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.ada))
    assert f'<link rel="alternate" type="text/turtle" href="{local(fx.ada)}.ttl">' in html
    assert f'href="{local(fx.ada)}.jsonld"' in html
    assert fx.ada in html  # the IRI itself is printed


# ----------------------------------------------------------------------------- publication


def test_publication_page(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.tidal))
    parsed = parse(html)
    assert "<h1>Tidal Memory for Agents</h1>" in html
    assert "Tidal memory for agents" in html  # other title version
    assert parsed.author_lists == [["Bo Lindqvist", "Ada Quill", "Zoé Lefèvre", "et al."]]
    author_links = [href for href, _ in parsed.links if "/id/person/" in href]
    assert author_links == [local(fx.bo), local(fx.ada), local(fx.zoe)]
    assert "2 May 2024" in html
    assert local(fx.category) in {href for href, _ in parsed.links}
    assert (local(fx.lumen), "Lumen Lab") in parsed.links
    # two abstracts, each with the sources that gave it
    assert html.count('class="abstract"') == 2
    assert "ebbs and flows" in html and "tides return" in html
    sources = section(html, "sources")
    assert fx.source_en in sources and "ada-quill-aggregator.txt" in sources


def test_publication_page_in_french(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.tidal) + "?lang=fr")
    assert "Auteurs" in html and "2 mai 2024" in html and "Résumé" in html


# ----------------------------------------------------------------------------- topic, organization


def test_topic_page(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.continual))
    assert "<h1>Continual Learning</h1>" in html
    labels = section(html, "labels")
    assert "Apprentissage continu" in labels and "Continual Learning" in labels
    assert "https://www.wikidata.org/wiki/Q99999999" in labels
    assert (local(fx.ada), "Ada Quill") in parse(html).links
    french = get_html(client, local(fx.continual) + "?lang=fr")
    assert "<h1>Apprentissage continu</h1>" in french
    assert fx.source_fr in section(french, "sources")  # the pages that name it as a topic


def test_organization_page(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.lumen))
    assert "<h1>Lumen Lab</h1>" in html
    assert "lumen" in html  # alternate name / tag
    staff = section(html, "staff")
    assert "Ada Quill" in staff and "Principal Scientist" in staff
    assert "Tidal Memory for Agents" in section(html, "publications")
    mila = get_html(client, local(fx.mila) + "?lang=fr")
    members = section(mila, "members")
    assert "Ada Quill" in members and "Membre affilié" in members


def test_generic_pages_show_facts_and_backlinks(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, local(fx.category))
    assert "cs.LG" in html and "Machine Learning" in html
    backlinks = section(html, "backlinks")
    assert "Tidal Memory for Agents" in backlinks


def test_pages_say_when_no_source_document_states_anything(client: FlaskClient) -> None:
    html = get_html(client, "/id/run/0000000000000001")  # in the metadata graph only
    assert "No source document" in section(html, "sources")


# ----------------------------------------------------------------------------- home


def test_home_page(client: FlaskClient, fx: Fixture) -> None:
    html = get_html(client, "/")
    counts = section(html, "counts")
    assert re.search(r"People</th><td[^>]*>3<", counts)
    assert re.search(r"Publications</th><td[^>]*>3<", counts)
    assert 'action="/search"' in html
    examples = section(html, "examples")
    assert "/sparql?query=" in examples
    assert "/dump/nquads" in html and "/.well-known/void" in html
    assert fx.source_en in section(html, "sources")
    french = get_html(client, "/?lang=fr")
    assert "Personnes" in french and 'name="lang" value="fr"' in french


def test_example_query_links_carry_runnable_queries(client: FlaskClient) -> None:
    html = get_html(client, "/")
    hrefs = [href for href, _ in parse(html).links if href.startswith("/sparql?query=")]
    assert hrefs
    from urllib.parse import parse_qs, urlsplit

    from scholargraph.store import OxigraphStore

    for href in hrefs:
        query = parse_qs(urlsplit(href).query)["query"][0]
        bindings = [line for line in query.splitlines() if line.startswith("# Bindings:")]
        assert all("optional" in line for line in bindings)
        OxigraphStore().query_serialized(query)  # parses and runs
    assert any("person-publications" in href for href in hrefs)  # optional bindings: listed


@pytest.mark.parametrize("path", ["/", "/search?q=quill"])
def test_pages_are_html_for_any_accept(client: FlaskClient, path: str) -> None:
    assert client.get(path, headers={"Accept": "*/*"}).mimetype == "text/html"
