"""What the query benchmark sends (:mod:`benchmarks.bench_queries`): the SPARQL mix built from
``queries/*.rq`` with values sampled from the data, and the entity page requests.

* **lookups**: every ready-made query that takes an entity, a name or a graph (person page
  queries, JSON-LD queries, entity description, search...), each request bound to another
  sampled entity (the value written into the text, :func:`scholargraph.sparql_text.substitute`,
  as the service and the remote store bind them and as a user writes an IRI into a query), so
  the same text is sent to every server;
* **analytic**: the queries over the whole graph (statistics, VIVO profile, VoID, examples);
* **pages**: entity IRIs dereferenced on the service: person pages as HTML, and persons and
  publications as Turtle and JSON-LD by content negotiation (``Accept``).

Also the synthetic graph used when no store is given (``generate`` / ``build``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from scholargraph.queries import list_queries, load_query
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit, Quad, Term, typed
from scholargraph.rdf.vocab import FOAF, PROV, RDF, SCHEMA, SG, SKOS, VIVO
from scholargraph.sparql_text import substitute
from scholargraph.store import OxigraphStore
from scholargraph.web.search import fold

SYNTHETIC_BASE = "https://bench.test"
MAX_ROWS = 10_000  # the server's web.max_result_rows; queries without a LIMIT get this one
# What each bound variable of the ready-made queries takes.
ENTITY_QUERIES = {
    "entity-describe": "person",
    "entity-exists": "publication",
    "entity-facts": "publication",
    "entity-links": "publication",
    "entity-sources": "person",
    "entity-survivor": "person",
    "entity-backlinks": "topic",
    "all-backlinks": "topic",  # with ?p schema:knowsAbout: the people working on it
}

# ----------------------------------------------------------------------------- synthetic data

FIRST = ["Ada", "Bo", "Chidi", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jun", "Kofi"]
LAST = ["Quill", "Lindqvist", "Okafor", "Reyes", "Sato", "Nadeau", "Varga", "Moreau", "Ito"]
WORDS = ["tidal", "memory", "quiet", "gradient", "lantern", "probe", "salt", "signal", "graph",
         "curriculum", "sparse", "agent", "causal", "robust", "river", "prism"]  # fmt: skip
TOPICS = [("Continual Learning", "Apprentissage continu"), ("Robotics", "Robotique"),
          ("Causality", "Causalité"), ("Optimization", "Optimisation"),
          ("Language Models", "Modèles de langue"), ("Vision", "Vision")]  # fmt: skip


def generate(persons: int, seed: int = 7) -> Iterator[Quad]:
    """A fictional graph: one source graph per person with the person and their papers."""
    base = SYNTHETIC_BASE
    rng = random.Random(seed)
    iris = Iris(base)
    resolution, vocabulary, metadata = (
        iris.resolution_graph, iris.vocabulary_graph, iris.metadata_graph,
    )  # fmt: skip
    topics = []
    for index, (english, french) in enumerate(TOPICS):
        topic = f"{base}/id/topic/t{index}"
        topics.append(topic)
        yield (topic, RDF.type, SKOS.Concept, vocabulary)
        yield (topic, SKOS.prefLabel, Lit(english, None, "en"), vocabulary)
        yield (topic, SKOS.prefLabel, Lit(french, None, "fr"), vocabulary)
    categories = [f"{base}/id/category/cs.{c}" for c in ("LG", "AI", "RO", "CL", "CV")]
    for category in categories:
        yield (category, SKOS.notation, Lit(category.rsplit("/", 1)[1]), vocabulary)
        yield (category, RDF.type, SKOS.Concept, vocabulary)
    organization = f"{base}/id/organization/bench-institute"
    yield (organization, RDF.type, SCHEMA.Organization, vocabulary)
    yield (organization, SCHEMA.name, Lit("Bench Institute"), vocabulary)
    people = [f"{base}/id/person/p{i}" for i in range(persons)]
    for i, person in enumerate(people):
        graph = iris.source_graph(f"page-{i}")
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        yield (person, RDF.type, SCHEMA.Person, graph)
        yield (person, RDF.type, FOAF.Person, graph)
        yield (person, SG.nameAsWritten, Lit(name), graph)
        yield (person, SCHEMA.knowsAbout, rng.choice(topics), graph)
        yield (person, SCHEMA.worksFor, organization, graph)
        yield (person, SCHEMA.name, Lit(name), resolution)
        yield (person, FOAF.name, Lit(name), resolution)
        for p in range(2):
            paper = f"{base}/id/publication/p{i}-{p}"
            title = " ".join(rng.sample(WORDS, 4)).capitalize()
            year = rng.randint(2015, 2026)
            coauthors = [person, *rng.sample(people, min(2, len(people)))]
            yield (paper, RDF.type, SCHEMA.ScholarlyArticle, graph)
            yield (paper, SCHEMA.name, Lit(title), resolution)
            yield (paper, SCHEMA.datePublished, typed(str(year), "gYear"), graph)
            yield (paper, SCHEMA.about, rng.choice(categories), graph)
            for rank, author in enumerate(dict.fromkeys(coauthors), start=1):
                authorship = iris.authorship(f"p{i}-{p}", author)
                yield (paper, SCHEMA.author, author, graph)
                yield (authorship, RDF.type, VIVO.Authorship, graph)
                yield (authorship, SG.authorshipOf, paper, graph)
                yield (authorship, SG.author, author, graph)
                yield (authorship, VIVO.rank, typed(rank, "int"), graph)
        yield (graph, RDF.type, SG.SourceGraph, metadata)
        yield (graph, PROV.wasDerivedFrom, f"https://pages.test/{i}", metadata)
        yield (graph, PROV.generatedAtTime, typed("2026-01-01T00:00:00Z", "dateTime"), metadata)


def build(path: Path, persons: int) -> int:
    """The synthetic graph of ``persons`` people in a new store at ``path``; its quad count."""
    store = OxigraphStore(path)
    store.bulk_add(generate(persons))
    count = len(store)
    store.close()
    return count


# ----------------------------------------------------------------------------- sampling


@dataclass
class Sample:
    """Entities drawn from a store, for the bound queries and the entity pages."""

    base: str
    persons: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)  # folded name parts

    def of(self, kind: str) -> list[str]:
        return {
            "person": self.persons,
            "publication": self.publications,
            "organization": self.organizations,
            "topic": self.topics,
        }[kind]


def _column(store: ox.Store, query: str) -> list[str]:
    """The first column of a SELECT over the union of the graphs, as strings."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [solution[0].value for solution in solutions]


def detect_base(store_dir: Path) -> str:
    """The base IRI the store's entities were minted under (``…/id/person/…``)."""
    store = ox.Store.read_only(str(store_dir))
    query = "SELECT ?s WHERE { ?s a <http://schema.org/Person> } LIMIT 1"
    found = _column(store, query)
    del store
    if not found or "/id/" not in found[0]:
        raise SystemExit(f"no person under an /id/ path in {store_dir}: not a scholargraph store")
    return found[0].split("/id/", 1)[0]


def sample(store_dir: Path, base: str, size: int = 200, seed: int = 0) -> Sample:
    """Up to ``size`` entities of each kind, drawn at random (fixed seed) from the store."""
    rng = random.Random(seed)
    store = ox.Store.read_only(str(store_dir))
    out = Sample(base)
    prefix = base + "/id/"
    kinds = {
        "persons": ("person", SCHEMA.Person),
        "publications": ("publication", SCHEMA.ScholarlyArticle),
        "organizations": ("organization", SCHEMA.Organization),
    }
    for attribute, (kind, rdf_type) in kinds.items():
        everything = _column(store, f"SELECT DISTINCT ?s WHERE {{ ?s a <{rdf_type}> }}")
        local = sorted(s for s in everything if s.startswith(f"{prefix}{kind}/"))
        setattr(out, attribute, rng.sample(local, min(size, len(local))))
    topics = _column(store, f"SELECT DISTINCT ?t WHERE {{ ?p <{SCHEMA.knowsAbout}> ?t }}")
    out.topics = rng.sample(sorted(topics), min(size, len(topics)))
    for person in out.persons:
        names = _column(store, f"SELECT ?n WHERE {{ <{person}> <{SCHEMA.name}> ?n }} LIMIT 1")
        if names:
            words = [w for w in re.split(r"\W+", fold(names[0])) if len(w) >= 4]
            if words:
                out.searches.append(words[-1][:6])
    del store
    if not out.persons or not out.publications:
        raise SystemExit(f"{store_dir} holds no persons or publications to sample")
    return out


# ----------------------------------------------------------------------------- the SPARQL mix


@dataclass(frozen=True)
class Case:
    """One request: a query's name and the exact text sent."""

    name: str
    text: str


def with_limit(text: str, limit: int = MAX_ROWS) -> str:
    """A SELECT without a LIMIT gets one (the server caps rows at ``MAX_ROWS``; rdflib-endpoint
    would serialise them all: both get the same text)."""
    body = re.sub(r"#[^\n]*", "", text)
    if re.search(r"\bLIMIT\s+\d+\s*$", body.strip(), re.IGNORECASE):
        return text
    if not re.search(r"\bSELECT\b", body, re.IGNORECASE):
        return text
    return text.rstrip() + f"\nLIMIT {limit}\n"


def _header(text: str, field: str) -> str:
    """The ``# Field:`` line of a query file's comment header (empty when absent)."""
    for line in text.splitlines():
        if line.startswith(f"# {field}:"):
            return line
    return ""


def _bindings_line(text: str) -> str:
    return _header(text, "Bindings")


def pipeline_internal(text: str) -> bool:
    """Queries only ingest runs (``Used by: scholargraph.pipeline`` or
    ``scholargraph.resolution_index``): every stored record, every source graph's digests, the
    resolution index... not what an endpoint's clients ask."""
    used_by = _header(text, "Used by").removeprefix("# Used by:").strip()
    return used_by.startswith(INGEST_MODULES) and "," not in used_by


INGEST_MODULES = ("scholargraph.pipeline", "scholargraph.resolution_index")


def _bind(name: str, text: str, sample: Sample, index: int) -> dict[str, Term] | None:
    """Values for the query's variables (``None``: a variable no sampled kind fills)."""
    iris = Iris(sample.base)
    line = _bindings_line(text)
    variables = set(re.findall(r"\?(\w+)", line))
    values: dict[str, Term] = {}

    def pick(kind: str) -> str:
        pool = sample.of(kind)
        return pool[index % len(pool)]

    for variable in variables:
        if variable == "person":
            values[variable] = pick("person")
        elif variable == "paper":
            values[variable] = pick("publication")
        elif variable == "organization":
            if not sample.organizations:
                return None
            values[variable] = pick("organization")
        elif variable == "topic":
            if not sample.topics:
                return None
            values[variable] = pick("topic")
        elif variable == "entity":
            kind = ENTITY_QUERIES.get(name, "person")
            if not sample.of(kind):
                return None
            values[variable] = pick(kind)
        elif variable == "q":
            if not sample.searches:
                return None
            values[variable] = Lit(sample.searches[index % len(sample.searches)])
        elif variable == "metadataGraph":
            values[variable] = iris.metadata_graph
        elif variable == "resolutionGraph":
            values[variable] = iris.resolution_graph
        elif variable == "recordsGraph":
            values[variable] = iris.records_graph
        elif variable == "indexGraph":
            values[variable] = iris.index_graph
        elif variable == "graphNamespace":
            values[variable] = Lit("")
        elif variable == "p":
            values[variable] = SCHEMA.knowsAbout
        else:
            return None
    return values


def _takes_entity(text: str) -> bool:
    return bool(re.search(r"\?(person|paper|organization|topic|entity|q)\b", _bindings_line(text)))


@dataclass
class Mix:
    lookups: list[Case]  # one round after another, each round over every lookup query
    analytic: list[Case]
    skipped: dict[str, str]  # query -> why it is not in the mix


def query_mix(sample: Sample, rounds: int = 50, only: list[str] | None = None) -> Mix:
    """The lookup cases (``rounds`` rounds, each bound to other sampled entities) and the
    analytic cases (one each), from every query of ``queries/``."""
    lookups: dict[str, str] = {}
    analytic: list[Case] = []
    skipped: dict[str, str] = {}
    for name in list_queries():
        if only is not None and name not in only:
            continue
        text = load_query(name)
        if pipeline_internal(text):
            skipped[name] = "pipeline internal (used by ingest only)"
            continue
        if _takes_entity(text):
            lookups[name] = text
            continue
        bindings = _bind(name, text, sample, 0)
        if bindings is None:
            skipped[name] = "needs a value the sample has none of"
            continue
        analytic.append(Case(name, with_limit(substitute(text, bindings))))
    cases: list[Case] = []
    for index in range(rounds):
        for name, text in lookups.items():
            bindings = _bind(name, text, sample, index)
            if bindings is None:
                skipped[name] = "needs a value the sample has none of"
                continue
            cases.append(Case(name, with_limit(substitute(text, bindings))))
    return Mix(cases, analytic, skipped)


# ----------------------------------------------------------------------------- entity pages

PAGE_KINDS = (
    ("person", "html", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
    ("person", "turtle", "text/turtle"),
    ("person", "jsonld", "application/ld+json"),
    ("publication", "turtle", "text/turtle"),
    ("publication", "jsonld", "application/ld+json"),
)


@dataclass(frozen=True)
class PageCase:
    name: str  # "person html", "publication turtle"...
    path: str  # /id/person/ada-quill
    accept: str


def page_cases(sample: Sample, rounds: int = 50) -> list[PageCase]:
    """Entity IRIs to dereference: ``rounds`` rounds over :data:`PAGE_KINDS`."""
    out = []
    for index in range(rounds):
        for kind, representation, accept in PAGE_KINDS:
            pool = sample.of(kind)
            iri = pool[index % len(pool)]
            out.append(PageCase(f"{kind} {representation}", iri[len(sample.base) :], accept))
    return out
