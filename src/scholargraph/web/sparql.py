"""``/sparql``: the SPARQL 1.1 Protocol endpoint.

* Queries by ``GET ?query=``, URL-encoded ``POST`` (``query=``) or direct ``POST``
  (``application/sparql-query``); ``default-graph-uri`` / ``named-graph-uri`` choose the
  dataset, otherwise the default graph is the union of all graphs (a query's own ``FROM`` is
  honoured). Results by content negotiation (``Accept`` with q-values, or ``?format=``).
* Updates by URL-encoded ``POST`` (``update=``) or direct ``POST``
  (``application/sparql-update``), with ``using-graph-uri`` / ``using-named-graph-uri``. The
  endpoint is read-only unless ``web.updates_enabled``: then an update also needs
  ``Authorization: Bearer <web.update_token>``. Read-only answers every update with 403
  ``query-refused``; a missing or wrong token gets 401 ``unauthorized``.
* ``SERVICE`` and ``LOAD`` are refused (403) before anything runs (:mod:`.query_guard`).
* A plain ``GET`` returns the Service Description (RDF) or, to browsers, the query page.

Problems are answered with the shared error body: 400 malformed request or query (with the
parser's message and position), 401/403 refused, 405 wrong method, 406 no acceptable format,
413 request too large, 415 unknown body type, 503 timeout or busy.
"""

from __future__ import annotations

import hmac
from dataclasses import asdict, dataclass
from typing import Literal
from urllib.parse import parse_qsl

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import QueryError, QueryRefused, QuerySyntaxError, QueryTooLarge
from . import context
from .examples import runnable_examples
from .jobs import QueryJob, UpdateJob
from .negotiation import (
    DESCRIPTION_FORMATS,
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    TURTLE,
    Format,
    format_values,
    negotiate,
)
from .protocol_errors import UnsupportedMediaType, UpdateUnauthorized
from .query_guard import add_using, check_iri, inspect_query, inspect_update
from .rdf_documents import serialize
from .service_description import PREFIXES as SD_PREFIXES
from .service_description import service_description

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
# on an answer the row limit cut (Virtuoso's name for it), with the limit as its value
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


@dataclass(frozen=True)
class Operation:
    kind: Literal["query", "update"] | None  # None: no operation (service description)
    text: str
    params: MultiDict[str, str]  # every parameter, from the URL and a form body


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    operation = _read_operation()
    if operation.kind == "query":
        return _answer_query(operation)
    if operation.kind == "update":
        return _answer_update(operation)
    return _describe_service(operation.params)


# ----------------------------------------------------------------------------- reading requests


def _parse_params(raw: bytes, what: str) -> MultiDict[str, str]:
    """Strict ``application/x-www-form-urlencoded`` parsing: invalid UTF-8 is a 400, never
    silently replaced."""
    try:
        pairs = parse_qsl(
            raw.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=1000,
        )
    except UnicodeDecodeError:
        raise QueryError(f"{what} is not valid UTF-8") from None
    except ValueError as exc:
        raise QueryError(f"cannot read {what}: {exc}") from None
    return MultiDict(pairs)


def _body(limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise QueryTooLarge(f"the request body is larger than {limit} bytes")
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise QueryTooLarge(f"the request body is larger than {limit} bytes") from None


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def _read_operation() -> Operation:
    limit = context.settings().web.max_request_bytes
    if len(request.query_string) > limit:
        raise QueryTooLarge(f"the request URL is longer than {limit} bytes")
    params = _parse_params(request.query_string, "the query string")
    if request.method == "POST":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise QueryError(f"the body must be UTF-8, not {charset}", where="Content-Type")
        mimetype = request.mimetype
        if mimetype == FORM:
            params.update(_parse_params(_body(limit), "the form body"))
        elif mimetype in (QUERY_BODY, UPDATE_BODY):
            kind: Literal["query", "update"] = "query" if mimetype == QUERY_BODY else "update"
            if params.getlist("query") or params.getlist("update"):
                raise QueryError(f"give the {kind} in the body or as a parameter, not both")
            return Operation(kind, _decode(_body(limit), kind), params)
        else:
            raise UnsupportedMediaType(
                f"a POST body must be {FORM}, {QUERY_BODY} or {UPDATE_BODY}"
                + (f", not {mimetype}" if mimetype else " (no Content-Type given)"),
                where="Content-Type",
            )
    queries, updates = params.getlist("query"), params.getlist("update")
    if len(queries) + len(updates) > 1:
        raise QueryError("give exactly one query or one update per request")
    if updates and request.method != "POST":
        raise QueryError("updates must be sent with POST", where="update")
    if queries:
        return Operation("query", queries[0], params)
    if updates:
        return Operation("update", updates[0], params)
    if request.method == "POST":
        raise QueryError("a POST needs a 'query' or an 'update' parameter")
    return Operation(None, "", params)


def _endpoint_url() -> str:
    return url_for("sparql.endpoint", _external=True)


# ----------------------------------------------------------------------------- queries


def _answer_query(operation: Operation) -> Response:
    settings = context.settings()
    if not operation.text.strip():
        raise QueryError("the query is empty", where="query")
    info = inspect_query(operation.text)
    tabular = info.form in ("select", "ask", None)
    offers = (*(RESULT_FORMATS if tabular else GRAPH_FORMATS), HTML)
    what = "SELECT and ASK results" if tabular else f"{(info.form or '').upper()} results"
    chosen = negotiate(offers, what=what, requested=format_values(operation.params))
    if chosen is HTML:
        return _page(operation.text, autorun=True)
    params = operation.params
    defaults = [check_iri(g, "default-graph-uri") for g in params.getlist("default-graph-uri")]
    named = [check_iri(g, "named-graph-uri") for g in params.getlist("named-graph-uri")]
    protocol_dataset = bool(defaults or named)
    job = QueryJob(
        operation.text,
        result_format=chosen.name if tabular else "json",
        graph_format="turtle" if tabular else chosen.name,
        default_graphs=tuple(defaults) if protocol_dataset else None,
        named_graphs=tuple(named) if protocol_dataset else None,
        union_default_graph=not info.names_dataset,
        max_rows=settings.web.max_result_rows,
        base_iri=_endpoint_url(),
    )
    try:
        answer = context.runner().query(job)
    except QuerySyntaxError as exc:
        raise _shortened(exc) from None
    fmt: Format = chosen if (answer.kind == "graph") != tabular else _fallback(answer.kind, job)
    response = Response(answer.body, content_type=fmt.content_type)
    response.vary.add("Accept")
    if answer.cut:  # more rows than the limit: say so, as Virtuoso does
        response.headers[MAX_ROWS_HEADER] = str(settings.web.max_result_rows)
    return response


def _shortened(exc: QuerySyntaxError, limit: int = 300) -> QuerySyntaxError:
    """The parser's message, its list of expected tokens cut when it runs on for pages."""
    message = exc.message if len(exc.message) <= limit else exc.message[:limit].rstrip() + " …"
    return QuerySyntaxError(message, where=exc.where)


def _fallback(kind: str, job: QueryJob) -> Format:
    """The format actually written when the query form could not be told beforehand."""
    if kind == "graph":
        return next(f for f in GRAPH_FORMATS if f.name == job.graph_format)
    return next(f for f in RESULT_FORMATS if f.name == job.result_format)


# ----------------------------------------------------------------------------- updates


def _check_token() -> None:
    settings = context.settings()
    if not settings.web.updates_enabled:
        raise QueryRefused("this endpoint is read-only: updates are disabled")
    expected = settings.web.update_token
    if not expected:
        raise QueryRefused("updates are enabled but no update token is configured")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UpdateUnauthorized("updates need an 'Authorization: Bearer <token>' header")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise UpdateUnauthorized("the update token is not valid")


def _answer_update(operation: Operation) -> Response:
    _check_token()
    if not operation.text.strip():
        raise QueryError("the update is empty", where="update")
    inspect_update(operation.text)  # refuses LOAD and SERVICE before anything runs
    using = [check_iri(g, "using-graph-uri") for g in operation.params.getlist("using-graph-uri")]
    using_named = operation.params.getlist("using-named-graph-uri")
    text = add_using(operation.text, using, using_named)
    try:
        context.runner().update(UpdateJob(text, base_iri=_endpoint_url()))
    except QuerySyntaxError as exc:
        raise _shortened(exc) from None
    return Response(status=204)


# ----------------------------------------------------------------------------- descriptions


def _describe_service(params: MultiDict[str, str]) -> Response:
    chosen = negotiate(
        (*DESCRIPTION_FORMATS, HTML),
        what="the service description",
        requested=format_values(params),
    )
    if chosen is HTML:
        return _page("", autorun=False)
    endpoint_url = _endpoint_url()
    state = context.dataset_info().state()
    triples = service_description(
        endpoint_url,
        context.settings(),
        dataset=context.iris().dataset,
        void_url=url_for("dataset.void", _external=True),
        graphs=state.graphs,
        own_graphs=context.iris().own_graphs,
    )
    body = serialize(triples, chosen.name, SD_PREFIXES)
    response = Response(body, content_type=chosen.content_type)
    response.vary.add("Accept")
    return response


def _page(query: str, *, autorun: bool) -> Response:
    html = render_template(
        "sparql.html",
        query=query,
        autorun=autorun,
        examples=[asdict(example) for example in runnable_examples()],
        endpoint=url_for("sparql.endpoint"),
        timeout=context.settings().web.query_timeout_s,
        max_rows=context.settings().web.max_result_rows,
        result_formats=[f.name for f in RESULT_FORMATS],
        graph_formats=[f.name for f in GRAPH_FORMATS],
        turtle=TURTLE.media_type,
    )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response
