"""A small, fictional, on-disk graph shaped as docs/data-model.md describes, and the web app on it.

Three source documents about Ada Quill (an English and a French profile page and an aggregator
page), the metadata, resolution and vocabulary graphs, written through
``OxigraphStore.replace_graphs`` as the pipeline writes them. Everything here is invented.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scholargraph.config import Settings
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Quad, Term, integer, lit, typed
from scholargraph.rdf.vocab import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDFS,
    SCHEMA,
    SG,
    SKOS,
    TYPE,
    VIVO,
    WD,
)
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app

BASE = "https://kg.example.test"


@dataclass(frozen=True)
class Fixture:
    """IRIs tests check against."""

    iris: Iris
    ada: str
    bo: str
    zoe: str
    retired: str
    tidal: str
    quiet: str
    sparse: str
    mila: str
    lumen: str
    continual: str
    tidal_topic: str
    category: str
    profile_en: str
    profile_fr: str
    aggregator: str
    source_en: str
    source_fr: str
    source_agg: str


def _entity(iris: Iris, kind: str, key: str) -> str:
    return f"{iris.base}/id/{kind}/{key}"


class _Graph:
    def __init__(self, name: str) -> None:
        self.name = name
        self.quads: list[Quad] = []

    def add(self, s: str, p: str, o: Term) -> None:
        self.quads.append((s, p, o, self.name))


def build_fixture_store(path: Path) -> tuple[OxigraphStore, Fixture]:
    """Write the fictional graph into an on-disk store at ``path``."""
    iris = Iris(BASE)
    fx = Fixture(
        iris=iris,
        ada=_entity(iris, "person", "ada-quill"),
        bo=_entity(iris, "person", "bo-lindqvist"),
        zoe=_entity(iris, "person", "zoe-lefevre"),
        retired=_entity(iris, "person", "a-quill"),
        tidal=_entity(iris, "publication", "tidal-memory-for-agents"),
        quiet=_entity(iris, "publication", "quiet-gradients"),
        sparse=_entity(iris, "publication", "sparse-echoes"),
        mila=_entity(iris, "organization", "mila"),
        lumen=_entity(iris, "organization", "lumen-lab"),
        continual=_entity(iris, "topic", "continual-learning"),
        tidal_topic=_entity(iris, "topic", "tidal-computing"),
        category=iris.category("cs.LG"),
        profile_en=iris.source_graph("https://institute.example/en/people/ada-quill"),
        profile_fr=iris.source_graph("https://institute.example/fr/personnes/ada-quill"),
        aggregator=iris.source_graph("/data/pages/ada-quill-aggregator.txt"),
        source_en="https://institute.example/en/people/ada-quill",
        source_fr="https://institute.example/fr/personnes/ada-quill",
        source_agg="file:///data/pages/ada-quill-aggregator.txt",
    )
    graphs = [
        _profile(fx, fx.profile_en, "en"),
        _profile(fx, fx.profile_fr, "fr"),
        _aggregator(fx),
        _resolution(fx),
        _vocabulary(fx),
        _metadata(fx),
    ]
    store = OxigraphStore(path)
    store.replace_graphs({g.name: g.quads for g in graphs})
    return store, fx


def _person(g: _Graph, iri: str, written: str) -> None:
    g.add(iri, TYPE, SCHEMA.Person)
    g.add(iri, TYPE, FOAF.Person)
    g.add(iri, SG.nameAsWritten, lit(written))


def _authorship(g: _Graph, fx: Fixture, paper: str, person: str, **order: int) -> None:
    node = fx.iris.authorship(paper.rsplit("/", 1)[1], person.rsplit("/", 1)[1])
    g.add(paper, SCHEMA.author, person)
    g.add(node, TYPE, VIVO.Authorship)
    g.add(node, VIVO.relates, paper)
    g.add(node, VIVO.relates, person)
    g.add(node, SG.authorshipOf, paper)
    g.add(node, SG.author, person)
    if "rank" in order:
        g.add(node, VIVO.rank, integer(order["rank"]))
    if "listed" in order:
        g.add(node, SG.listedIndex, integer(order["listed"]))


def _profile(fx: Fixture, graph: str, lang: str) -> _Graph:
    g = _Graph(graph)
    fr = lang == "fr"
    _person(g, fx.ada, "Ada Quill")
    role = fx.iris.membership("ada-quill", "mila")
    g.add(fx.ada, SCHEMA.memberOf, role)
    g.add(role, TYPE, SCHEMA.OrganizationRole)
    g.add(role, TYPE, ORG.Membership)
    g.add(role, SCHEMA.memberOf, fx.mila)
    g.add(role, SCHEMA.roleName, lit("Membre affilié" if fr else "Affiliate Member", lang))
    g.add(role, ORG.member, fx.ada)
    g.add(role, ORG.organization, fx.mila)
    g.add(role, SG.membershipType, fx.iris.membership_type("affiliate-member"))
    g.add(fx.mila, TYPE, SCHEMA.Organization)
    g.add(fx.mila, SG.nameAsWritten, lit("Mila - Quebec Artificial Intelligence Institute"))
    title = "Scientifique principale" if fr else "Principal Scientist"
    post = fx.iris.position("ada-quill", "lumen-lab")
    g.add(fx.ada, SCHEMA.worksFor, fx.lumen)
    g.add(fx.ada, SCHEMA.jobTitle, lit(title, lang))
    g.add(fx.ada, SG.holdsPosition, post)
    g.add(post, TYPE, SG.Position)
    g.add(post, TYPE, SCHEMA.EmployeeRole)
    g.add(post, SG.positionHolder, fx.ada)
    g.add(post, SG.positionOrganization, fx.lumen)
    g.add(post, SCHEMA.roleName, lit(title, lang))
    g.add(post, SG.positionStatement, lit(f"{title}, Lumen Lab", lang))
    g.add(fx.lumen, TYPE, SCHEMA.Organization)
    g.add(fx.lumen, SG.nameAsWritten, lit("Lumen Lab"))
    bio = "Ada étudie la mémoire des agents." if fr else "Ada studies memory in agents."
    g.add(fx.ada, SCHEMA.description, lit(bio, lang))
    for topic in (fx.continual, fx.tidal_topic):
        g.add(fx.ada, SCHEMA.knowsAbout, topic)
        g.add(fx.ada, FOAF.topic_interest, topic)
    if not fr:  # a topic outside the vocabulary: labelled only in the page's language
        g.add(fx.tidal_topic, TYPE, SKOS.Concept)
        g.add(fx.tidal_topic, SKOS.inScheme, SG.ResearchTopics)
        g.add(fx.tidal_topic, SKOS.prefLabel, lit("Tidal Computing", "en"))
    # Tidal Memory: the profile lists co-authors Bo then Zoé (owner left out).
    g.add(fx.tidal, TYPE, SCHEMA.ScholarlyArticle)
    g.add(fx.tidal, SG.nameAsWritten, lit("Tidal Memory for Agents"))
    g.add(fx.tidal, SCHEMA.abstract, lit("We give agents a memory that ebbs and flows."))
    _person(g, fx.bo, "Bo Lindqvist")
    _person(g, fx.zoe, "Zoé Lefèvre")
    _authorship(g, fx, fx.tidal, fx.bo, listed=1)
    _authorship(g, fx, fx.tidal, fx.zoe, listed=2)
    _authorship(g, fx, fx.tidal, fx.ada)
    # Quiet Gradients: profile only, the owner's position unknown.
    g.add(fx.quiet, TYPE, SCHEMA.ScholarlyArticle)
    g.add(fx.quiet, SG.nameAsWritten, lit("Quiet Gradients."))
    _authorship(g, fx, fx.quiet, fx.zoe, listed=1)
    _authorship(g, fx, fx.quiet, fx.ada)
    return g


def _aggregator(fx: Fixture) -> _Graph:
    g = _Graph(fx.aggregator)
    _person(g, fx.ada, "Ada Quill")
    g.add(fx.ada, SG.primaryCategory, fx.category)
    for metric, value in ((SG.hIndex, "12"), (SG.citationCount, "3456")):
        obs = fx.iris.observation(fx.source_agg, "ada-quill", metric.rsplit("#", 1)[1])
        g.add(obs, TYPE, SCHEMA.Observation)
        g.add(obs, SCHEMA.observationAbout, fx.ada)
        g.add(obs, SCHEMA.measuredProperty, metric)
        g.add(obs, SCHEMA.value, typed(value, "integer"))
        g.add(obs, SCHEMA.observationDate, typed("2026-11-01", "date"))
    # Tidal Memory: ranks Bo 1, Ada 2, then "et al."
    g.add(fx.tidal, TYPE, SCHEMA.ScholarlyArticle)
    g.add(fx.tidal, SG.nameAsWritten, lit("Tidal memory for agents"))
    g.add(fx.tidal, SCHEMA.abstract, lit("Agents forget; tides return. A second abstract."))
    g.add(fx.tidal, SCHEMA.datePublished, typed("2024-05-02", "date"))
    g.add(fx.tidal, SCHEMA.about, fx.category)
    g.add(fx.tidal, SG.codeAvailable, typed(True, "boolean"))
    g.add(fx.tidal, SG.authorListComplete, typed(False, "boolean"))
    g.add(fx.tidal, SCHEMA.sourceOrganization, fx.lumen)
    _person(g, fx.bo, "Bo Lindqvist")
    _authorship(g, fx, fx.tidal, fx.bo, rank=1)
    _authorship(g, fx, fx.tidal, fx.ada, rank=2)
    # Sparse Echoes: complete list, Ada first.
    g.add(fx.sparse, TYPE, SCHEMA.ScholarlyArticle)
    g.add(fx.sparse, SG.nameAsWritten, lit("Sparse Echoes"))
    g.add(fx.sparse, SCHEMA.datePublished, typed("2023-11", "gYearMonth"))
    g.add(fx.sparse, SG.authorListComplete, typed(True, "boolean"))
    _authorship(g, fx, fx.sparse, fx.ada, rank=1)
    _authorship(g, fx, fx.sparse, fx.bo, rank=2)
    g.add(fx.lumen, TYPE, SCHEMA.Organization)
    g.add(fx.lumen, SG.nameAsWritten, lit("lumen"))
    return g


def _resolution(fx: Fixture) -> _Graph:
    g = _Graph(fx.iris.resolution_graph)
    names = {
        fx.ada: ("Ada Quill", ["A. Quill"]),
        fx.bo: ("Bo Lindqvist", []),
        fx.zoe: ("Zoé Lefèvre", ["Zoe Lefevre"]),
        fx.tidal: ("Tidal Memory for Agents", ["Tidal memory for agents"]),
        fx.quiet: ("Quiet Gradients", ["Quiet Gradients."]),
        fx.sparse: ("Sparse Echoes", []),
        fx.mila: ("Mila - Quebec Artificial Intelligence Institute", []),
        fx.lumen: ("Lumen Lab", ["lumen"]),
    }
    for iri, (name, others) in names.items():
        g.add(iri, SCHEMA.name, lit(name))
        g.add(iri, RDFS.label, lit(name))
        if "/person/" in iri:
            g.add(iri, FOAF.name, lit(name))
        for other in others:
            g.add(iri, SCHEMA.alternateName, lit(other))
    g.add(fx.tidal_topic, RDFS.label, lit("Tidal Computing"))
    merge = f"{fx.iris.base}/id/merge/0123456789abcdef"
    g.add(merge, TYPE, SG.Merge)
    g.add(merge, SG.mergedInto, fx.ada)
    g.add(merge, SG.mergedLabel, lit("A. Quill"))
    g.add(merge, SG.matchedLabel, lit("Ada Quill"))
    g.add(merge, SG.score, typed("95.00", "decimal"))
    g.add(merge, SG.reason, lit("initials"))
    g.add(fx.retired, OWL.sameAs, fx.ada)
    return g


def _vocabulary(fx: Fixture) -> _Graph:
    g = _Graph(fx.iris.vocabulary_graph)
    g.add(fx.continual, TYPE, SKOS.Concept)
    g.add(fx.continual, TYPE, SCHEMA.DefinedTerm)
    g.add(fx.continual, SKOS.inScheme, SG.ResearchTopics)
    g.add(fx.continual, SKOS.prefLabel, lit("Continual Learning", "en"))
    g.add(fx.continual, SKOS.prefLabel, lit("Apprentissage continu", "fr"))
    g.add(fx.continual, SKOS.exactMatch, WD.Q99999999)
    mtype = fx.iris.membership_type("affiliate-member")
    g.add(mtype, TYPE, SKOS.Concept)
    g.add(mtype, SKOS.prefLabel, lit("Affiliate Member", "en"))
    g.add(mtype, SKOS.prefLabel, lit("Membre affilié", "fr"))
    g.add(fx.category, TYPE, SKOS.Concept)
    g.add(fx.category, SKOS.inScheme, SG.ArxivCategories)
    g.add(fx.category, SKOS.notation, lit("cs.LG"))
    g.add(fx.category, SKOS.prefLabel, lit("Machine Learning", "en"))
    g.add(fx.mila, TYPE, SCHEMA.Organization)
    g.add(fx.mila, SKOS.prefLabel, lit("Mila - Quebec Artificial Intelligence Institute"))
    g.add(fx.mila, SKOS.altLabel, lit("mila"))
    g.add(SG.hIndex, RDFS.label, lit("h-index", "en"))
    return g


def _metadata(fx: Fixture) -> _Graph:
    g = _Graph(fx.iris.metadata_graph)
    run = f"{fx.iris.base}/id/run/0000000000000001"
    sources = (
        (fx.profile_en, fx.source_en, SG.ProfilePage, "en"),
        (fx.profile_fr, fx.source_fr, SG.ProfilePage, "fr"),
        (fx.aggregator, fx.source_agg, SG.AggregatorPage, "en"),
    )
    for graph, source, page_format, lang in sources:
        g.add(graph, TYPE, SG.SourceGraph)
        g.add(graph, TYPE, PROV.Entity)
        g.add(graph, PROV.wasDerivedFrom, source)
        g.add(graph, SG.sourceId, lit(source.removeprefix("file://")))
        g.add(graph, PROV.generatedAtTime, typed("2026-11-02T10:00:00Z", "dateTime"))
        g.add(graph, PROV.wasGeneratedBy, run)
        g.add(graph, SG.contentHash, lit("sha256:" + "0" * 64))
        g.add(graph, SG.pageFormat, page_format)
        g.add(graph, DCTERMS.language, lit(lang))
        g.add(graph, SG.parserVersion, lit("1"))
        g.add(graph, SG.tripleCount, typed(10, "integer"))
        g.add(graph, SG.retrieved, typed("2026-11-01", "date"))
    g.add(run, TYPE, PROV.Activity)
    return g


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[OxigraphStore, Fixture]:
    return build_fixture_store(tmp_path_factory.mktemp("web-pages") / "store")


@pytest.fixture(scope="session")
def fx(built: tuple[OxigraphStore, Fixture]) -> Fixture:
    return built[1]


@pytest.fixture(scope="session")
def store(built: tuple[OxigraphStore, Fixture]) -> OxigraphStore:
    return built[0]


@pytest.fixture(scope="session")
def settings(built: tuple[OxigraphStore, Fixture]) -> Settings:
    return Settings(base_iri=BASE, store=str(built[0].path))


@pytest.fixture(scope="session")
def app(settings: Settings, store: OxigraphStore) -> Flask:
    app = create_app(settings, store)
    app.config["TESTING"] = True
    return app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def local(iri: str) -> str:
    """The path an entity IRI is served at."""
    assert iri.startswith(BASE)
    return iri[len(BASE) :]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app served by waitress on a free loopback port, in a background thread."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", int(server.effective_port))) == 0:
                break
        time.sleep(0.05)
    yield url
    server.close()
    thread.join(timeout=5)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium")
