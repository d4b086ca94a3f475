"""``/.well-known/void``: the VoID / DCAT description of the dataset (Turtle by default;
JSON-LD, N-Triples, RDF/XML by ``Accept`` or ``?format=``). Statistics and checksums are
computed in the background, once per state of the store (:mod:`.dataset_state`); a request
waits for them at most ``web.description_wait_s``, and a description without some of them
says so, carries no Last-Modified and has an ETag of its own, so clients come back for the
whole one."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, request, url_for

from . import context
from .caching import not_modified, validator_headers
from .negotiation import DESCRIPTION_FORMATS, DUMP_FORMATS, negotiate
from .rdf_documents import serialize
from .void_description import PREFIXES, Links, void_description

blueprint = Blueprint("dataset", __name__)


@blueprint.route("/.well-known/void", methods=["GET"])
def void() -> Response:
    chosen = negotiate(DESCRIPTION_FORMATS, what="the dataset description")
    info = context.dataset_info()
    state = info.state()
    wait = context.settings().web.description_wait_s
    known = info.describe(tuple(fmt.name for fmt in DUMP_FORMATS), wait)
    host = hashlib.sha256(request.url_root.encode()).hexdigest()[:8]
    etag = state.etag(f"void-{chosen.name}-{host}-{known.variant}")
    modified = state.last_modified if known.complete else None
    headers = validator_headers(etag, modified)
    if not_modified(etag, modified):
        response = Response(status=304, headers=headers)
    else:
        links = Links(
            sparql=url_for("sparql.endpoint", _external=True),
            dump=lambda name: url_for("dumps.dump_file", name=name, _external=True),
        )
        settings, dataset = context.settings(), context.iris().dataset

        def render() -> bytes:
            triples = void_description(settings, dataset, known, links, state.last_modified)
            return serialize(triples, chosen.name, PREFIXES)

        body = info.rendered(etag, render)
        response = Response(body, headers=headers, content_type=chosen.content_type)
    response.vary.add("Accept")
    return response
