"""``/dump``: the whole dataset as one file, streamed.

``/dump/<format>`` (``nquads``, ``trig``, ``turtle``, ``ntriples``, ``jsonld``, or their file
extensions ``nq``, ``ttl``, ``nt``), ``/dump/<format>.gz`` for a gzip file, and ``/dump``
negotiated by ``Accept`` or ``?format=`` (browsers get a page listing the files). N-Quads and
TriG keep the named graphs; the triple formats write the merge of all graphs (a triple stated
by several sources appears once per source; RDF readers take it once). The internal records
graph is left out. A gzip body is also sent when ``Accept-Encoding`` allows it.

The body is produced by a worker in 64 KiB chunks, so memory stays flat whatever the size.
ETag and Last-Modified come from the store's state (:mod:`.dataset_state`); a matching
``If-None-Match`` or ``If-Modified-Since`` gets 304 without any work.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ..errors import NotFound
from . import context
from .caching import not_modified, validator_headers
from .jobs import Digest, DumpJob
from .negotiation import DUMP_FORMATS, HTML, Format, by_name, format_values, negotiate

blueprint = Blueprint("dumps", __name__)


@blueprint.route("/dump", methods=["GET"])
def index() -> Response:
    requested = [value.strip() for value in format_values(request.args)]
    packed = any(v.endswith(".gz") for v in requested)
    requested = [v.removesuffix(".gz") for v in requested]
    chosen = negotiate((*DUMP_FORMATS, HTML), what="the dump", requested=requested)
    if chosen is HTML:
        return _page()
    response = _send(chosen, packed=packed)
    response.vary.add("Accept")
    return response


@blueprint.route("/dump/<name>", methods=["GET"])
def dump_file(name: str) -> Response:
    packed = name.endswith(".gz")
    chosen = by_name(name.removesuffix(".gz"), DUMP_FORMATS)
    if chosen is None:
        names = ", ".join(f.name for f in DUMP_FORMATS)
        raise NotFound(f"no dump named {name!r}; available: {names} (add .gz for gzip)")
    return _send(chosen, packed=packed)


def _accepts_gzip() -> bool:
    return request.accept_encodings.best_match(["gzip", "identity"]) == "gzip"


def _send(fmt: Format, *, packed: bool) -> Response:
    info = context.dataset_info()
    state = info.state()
    encoded = not packed and _accepts_gzip()
    gzip = packed or encoded
    etag = state.etag(fmt.name + ("-gz" if gzip else ""))
    headers = validator_headers(etag, state.last_modified)
    if not_modified(etag, state.last_modified):
        response = Response(status=304, headers=headers)
        response.vary.add("Accept-Encoding")
        return response
    filename = f"scholargraph.{fmt.extension}" + (".gz" if packed else "")
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if encoded:
        headers["Content-Encoding"] = "gzip"
    known = info.known_digest(state.fingerprint, fmt.name, gzip)
    if known is not None:
        headers["Content-Length"] = str(known.size)
    content_type = "application/gzip" if packed else fmt.content_type
    if request.method == "HEAD":
        body = Response(iter(()), headers=headers, content_type=content_type)
    else:

        def remember(digest: Digest) -> None:
            info.record(state.fingerprint, fmt.name, gzip, digest)

        job = DumpJob(fmt.name, gzip, info.exclude_graphs)
        stream = context.runner().dump(job, on_complete=remember)
        body = Response(stream, headers=headers, content_type=content_type, direct_passthrough=True)
    body.vary.add("Accept-Encoding")
    return body


def _page() -> Response:
    info = context.dataset_info()
    state = info.state()
    # sizes and checksums are shown as they become known; asking starts their computation
    info.describe(tuple(fmt.name for fmt in DUMP_FORMATS), wait=0)
    files = []
    for fmt in DUMP_FORMATS:
        for gzip in (False, True):
            digest = info.known_digest(state.fingerprint, fmt.name, gzip)
            files.append(
                {
                    "name": fmt.name + (".gz" if gzip else ""),
                    "media_type": "application/gzip" if gzip else fmt.media_type,
                    "size": digest.size if digest else None,
                    "sha256": digest.sha256 if digest else None,
                }
            )
    html = render_template(
        "dumps.html",
        files=files,
        quads=state.quads,
        last_modified=state.last_modified,
    )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response
