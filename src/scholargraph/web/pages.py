"""The human side of the service: home page, search, and dereferenceable entity IRIs.

Routes (blueprint ``pages``):

* ``/`` — counts by type, a search box, example queries, downloads, the 20 sources ingested
  last (and how many there are).
* ``/search?q=`` — people (any spelling) and papers (any title version).
* ``/id/<kind>/<key>`` — an entity: HTML or RDF by content negotiation, ``.ttl`` / ``.jsonld`` /
  ``.nt`` / ``.rdf`` / ``.html`` suffix URLs, 301 from retired IRIs to their survivor, 404 for
  unknown IRIs, 406 when nothing offered is acceptable.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, redirect, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from ..export_jsonld import CONTEXT_ROUTE, load_context
from ..rdf.iris import Iris
from ..rdf.mapping import source_iri
from ..rdf.terms import Lit
from ..rdf.vocab import SCHEMA, SKOS, VIVO
from . import context
from .capped import Answer, answers
from .display import Linker, format_date, source_label
from .entity_jobs import BUILDERS, EntityJob
from .errors import error_response
from .examples import runnable_examples
from .i18n import LanguageChoice, choose_language, text
from .linked_data import link_header, locate
from .negotiation import (
    ENTITY_FORMATS,
    ENTITY_MEDIA_TYPES,
    HTML,
    NQUADS,
    TRIG,
    TURTLE,
    Format,
    best_match,
)
from .page_cache import cached_page
from .search import search
from .view_base import EntityPage, ViewContext

bp = Blueprint("pages", __name__)

KIND = re.compile(r"^[a-z][a-z0-9-]*$")
TYPE_KEYS = {
    SCHEMA.Person: "people",
    SCHEMA.ScholarlyArticle: "publications",
    SCHEMA.Organization: "organizations",
    SKOS.Concept: "concepts",
    VIVO.Authorship: "authorships",
    SCHEMA.Observation: "observations",
}
HOME_DUMPS = (NQUADS, TRIG, TURTLE)
TEMPLATES = {kind: f"{kind}.html" for kind in BUILDERS}  # other kinds: entity.html


def _context(choice: LanguageChoice) -> ViewContext:
    base = context.settings().base
    linker = Linker(base, request.script_root, choice.lang if choice.explicit else None)
    return ViewContext(context.store(), Iris(base), linker, choice.lang)


def _render(template: str, choice: LanguageChoice, ctx: ViewContext, **values: Any) -> str:
    switch = {**request.args.to_dict(), "lang": choice.other}
    return render_template(
        template,
        t=text(choice.lang),
        page_lang=choice.lang,
        other_lang=choice.other,
        switch_href=f"{request.script_root}{request.path}?{urlencode(switch)}",
        linker=ctx.linker,
        **values,
    )


@bp.app_template_global()
def full_list_answers(query: str, total: int) -> list[Answer]:
    """The SPARQL answers a capped list's note links: every row, within the row limit."""
    return answers(query, total, context.settings().web.max_result_rows)


# ----------------------------------------------------------------------------- JSON-LD context


@bp.get(CONTEXT_ROUTE)
def jsonld_context() -> Response:
    """The published JSON-LD ``@context`` (``ontology/context.jsonld``)."""
    body = json.dumps(load_context(context.settings().ontology_dir), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"  # contexts are fetched cross-origin
    return response


# ----------------------------------------------------------------------------- home, search


@bp.get("/")
@cached_page
def home() -> Response:
    choice = choose_language(request)
    ctx = _context(choice)
    words = text(choice.lang)
    counts = [
        (words.get(TYPE_KEYS.get(str(row["type"]), ""), str(row["type"])), _int(row["count"]))
        for row in ctx.select("stats-types")
    ]
    metadata = ctx.iris.metadata_graph
    total = sum(_int(row["sources"]) for row in ctx.select("source-count", metadataGraph=metadata))
    rows = ctx.select("recent-sources", metadataGraph=metadata)
    rows.sort(key=lambda row: _text(row["sourceId"]))
    rows.sort(key=lambda row: _text(row.get("generated")), reverse=True)  # the newest first
    sources = [
        {
            "label": source_label(_source_iri(row["sourceId"])),
            "href": _web_link(row["sourceId"]),
            "language": _text(row.get("language")),
            "generated": format_date(row.get("generated"), choice.lang),
        }
        for row in rows
    ]
    html = _render(
        "home.html",
        choice,
        ctx,
        counts=counts,
        examples=_examples(),
        dumps=[(f"{request.script_root}/dump/{f.name}", f.label) for f in HOME_DUMPS],
        sources=sources,
        more_sources=max(0, total - len(sources)),
    )
    return _html_response(html, vary="Accept-Language")


@bp.get("/search")
@cached_page
def search_page() -> Response:
    choice = choose_language(request)
    ctx = _context(choice)
    raw = request.args.get("q", "")
    results = search(context.store(), raw, index_of=context.search_index)
    html = _render(
        "search.html",
        choice,
        ctx,
        results=results,
        q=results.query,
        format_date=lambda value: format_date(value, choice.lang),
    )
    return _html_response(html, vary="Accept-Language")


def _examples() -> list[dict[str, str]]:
    """The example queries, linked to the endpoint."""
    return [
        {
            "name": example.name,
            "purpose": example.description,
            "href": f"{request.script_root}/sparql?query={quote(example.text)}",
        }
        for example in runnable_examples()
    ]


# ----------------------------------------------------------------------------- entities


@bp.get("/id/<kind>/<path:key>")
@cached_page
def entity(kind: str, key: str) -> WerkzeugResponse:
    settings = context.settings()
    iris = Iris(settings.base)
    where = settings.base + request.path
    if not KIND.match(kind):
        return error_response(404, "not-found", "no entity has this IRI", where)
    found = locate(context.store(), iris.base, iris.resolution_graph, kind, key)
    if found is None:
        return error_response(404, "not-found", "no entity has this IRI", where)
    plain = Linker(settings.base, request.script_root)
    if found.survivor is not None:
        return _to_survivor(plain, found.survivor, found.representation)
    representation = found.representation or best_match(
        request.accept_mimetypes, ENTITY_MEDIA_TYPES
    )
    href = plain.href(found.iri)
    if representation is None:
        offered = ", ".join(f.media_type for f in ENTITY_FORMATS)
        response = error_response(406, "not-acceptable", f"this entity is served as {offered}")
    elif representation is HTML:
        response = _entity_html(plain, found.iri, kind)
    else:
        response = _entity_rdf(plain, found.iri, kind, representation)
        if found.representation is None:
            response.headers["Content-Location"] = href + representation.suffix
    response.headers["Link"] = link_header(href)
    if found.representation is None:
        response.headers["Vary"] = "Accept, Accept-Language"
    elif representation is HTML:
        response.headers["Vary"] = "Accept-Language"
    return response


def _to_survivor(plain: Linker, survivor: str, representation: Format | None) -> WerkzeugResponse:
    """301 from a retired IRI to the surviving one, keeping the suffix and the query string."""
    suffix = representation.suffix if representation else ""
    target = plain.href(survivor, suffix) if plain.is_local(survivor) else survivor
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=301)


def _entity_html(plain: Linker, iri: str, kind: str) -> Response:
    choice = choose_language(request)
    ctx = _context(choice)
    page = context.runner().entity(EntityJob(iri, kind, ctx.linker, ctx.lang))
    assert isinstance(page, EntityPage)
    alternates = [(plain.href(iri, f.suffix), f) for f in ENTITY_FORMATS if f is not HTML]
    template = TEMPLATES.get(kind, "entity.html")
    html = _render(template, choice, ctx, page=page, alternates=alternates)
    return _html_response(html)


def _entity_rdf(plain: Linker, iri: str, kind: str, representation: Format) -> Response:
    job = EntityJob(iri, kind, plain, "", representation.name)
    data = context.runner().entity(job)
    assert isinstance(data, bytes)
    return Response(data, status=200, content_type=representation.content_type)


# ----------------------------------------------------------------------------- helpers


def _html_response(html: str, vary: str | None = None) -> Response:
    response = Response(html, status=200, mimetype="text/html")
    if vary:
        response.headers["Vary"] = vary
    return response


def _int(term: object) -> int:
    try:
        return int(term.value) if isinstance(term, Lit) else 0
    except ValueError:
        return 0


def _text(term: object) -> str:
    return term.value if isinstance(term, Lit) else ""


def _source_iri(term: object) -> str:
    """A source id (URL or absolute path) as a URL (``file:`` for paths)."""
    return source_iri(term.value if isinstance(term, Lit) else str(term))


def _web_link(term: object) -> str | None:
    value = _source_iri(term)
    return value if value.startswith(("http://", "https://")) else None
