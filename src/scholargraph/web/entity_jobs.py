"""An entity's page as a store job: its data for the HTML page, or its RDF, built where the
runner runs jobs.

Building an entity page is mostly store lookups (a person page: hundreds, one set per paper
and co-author) and grouping the rows they return; rendering the template is a small part. As
an :class:`EntityJob`, that work runs in a query worker process under ``scholargraph serve``,
so pages use every core (the web process's Python threads share one) and get the query time
limit; elsewhere it runs in the calling thread. The answer is the page's data (an
:class:`~.view_base.EntityPage`, rendered by the web process) or the RDF's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..rdf.iris import Iris
from ..store_api import GraphStore
from . import entity_views as views
from .display import Linker
from .linked_data import describe
from .negotiation import ENTITY_FORMATS, HTML
from .person_view import person_page
from .view_base import EntityPage, ViewContext

BUILDERS: dict[str, Callable[[ViewContext, str], EntityPage]] = {
    "person": person_page,
    "publication": views.publication_page,
    "topic": views.topic_page,
    "organization": views.organization_page,
}
RDF_REPRESENTATIONS = {f.name: f for f in ENTITY_FORMATS if f is not HTML}


@dataclass(frozen=True)
class EntityJob:
    """One entity's page data (``representation`` ``None``) or RDF (a format's name)."""

    iri: str
    kind: str  # the path's kind: person, publication, topic, organization or another
    linker: Linker  # how the page links to entities (base IRI, mount point, ?lang=)
    lang: str  # the page's language
    representation: str | None = None


def build_entity(store: GraphStore, job: EntityJob) -> EntityPage | bytes:
    iris = Iris(job.linker.base)
    if job.representation is not None:
        return describe(store, iris, job.iri, RDF_REPRESENTATIONS[job.representation])
    ctx = ViewContext(store, iris, job.linker, job.lang)
    build = BUILDERS.get(job.kind)
    if build is None:
        return views.generic_page(ctx, job.iri, job.kind)
    return build(ctx, job.iri)
