"""The real seed captures, ingested, give a person page with papers and topics in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app
from scholargraph.web.search import search

from .test_pages import parse, section


@pytest.fixture(scope="module")
def seeded(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FlaskClient, str]]:
    path = tmp_path_factory.mktemp("seeded") / "store"
    settings = Settings(store=str(path), parse_workers=1)
    store = OxigraphStore(path)
    report = ingest([seeds_dir], settings, store)
    assert not report.failed, report.failed
    people = search(store, "Razvan Pascanu").people
    assert people, "the seed owner is not found by name"
    owner = people[0].iri
    assert owner.startswith(settings.base + "/id/person/")
    yield create_app(settings, store).test_client(), owner[len(settings.base) :]
    store.close()


def test_seed_owner_page_lists_papers_and_topics_in_english(
    seeded: tuple[FlaskClient, str],
) -> None:
    client, path = seeded
    html = client.get(path, headers={"Accept": "text/html", "Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "<h1>Razvan Pascanu</h1>" in html
    topics = section(html, "topics")
    assert "Continual Learning" in topics and "Reinforcement Learning" in topics
    assert "Affiliate Member" in section(html, "memberships")
    parsed = parse(html)
    papers = [text for href, text in parsed.links if "/id/publication/" in href]
    assert len(papers) >= 20
    assert "The CLRS Algorithmic Reasoning Benchmark" in papers
    # ordered authors link to people pages; the aggregator cut lists short ("et al.")
    assert any(len(authors) > 2 for authors in parsed.author_lists)
    assert "et al." in html
    assert "h-index" in section(html, "metrics")
    sources = section(html, "sources")
    assert len(re.findall(r"<li>", sources)) == 5  # all five seed documents


def test_seed_owner_page_in_french(seeded: tuple[FlaskClient, str]) -> None:
    client, path = seeded
    html = client.get(path + "?lang=fr", headers={"Accept": "text/html"}).get_data(as_text=True)
    topics = section(html, "topics")
    assert "Apprentissage continu" in topics and "Apprentissage par renforcement" in topics
    assert "Continual Learning" not in topics
    assert "Membre affilié" in section(html, "memberships")
    assert "Publications" in html


def test_seed_owner_as_turtle(seeded: tuple[FlaskClient, str]) -> None:
    from rdflib import Graph

    client, path = seeded
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert len(graph) > 100
