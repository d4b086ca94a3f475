"""Errors only the web service raises: HTTP-level refusals of the SPARQL protocol and its
serving machinery. They join the project's error tree, so the one error handler (``errors.py``)
renders them with the shared JSON body; ``headers`` carries what a status requires
(``WWW-Authenticate`` for 401, ``Retry-After`` for 503).
"""

from __future__ import annotations

from typing import ClassVar

from flask import Flask, Response

from ..errors import QueryError, QueryRefused, StoreError
from .errors import error_response


class NotAcceptable(QueryError):
    """No representation matches the request's ``Accept`` header or ``format`` parameter."""

    code = "not-acceptable"
    http_status = 406


class UnsupportedMediaType(QueryError):
    """A POST body of a media type the protocol does not define."""

    code = "unsupported-media-type"
    http_status = 415


class UpdateUnauthorized(QueryRefused):
    """An update without the right bearer token."""

    code = "unauthorized"
    http_status = 401
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="scholargraph"'}


class ServerBusy(StoreError):
    """Every query worker stayed busy for the whole wait."""

    code = "server-busy"
    http_status = 503
    headers: ClassVar[dict[str, str]] = {"Retry-After": "5"}


class WorkerFailed(StoreError):
    """A worker process died while answering (out of memory, crash); it has been replaced."""

    code = "worker-failed"
    http_status = 503


def register_protocol_error_handlers(app: Flask) -> None:
    """Errors whose status needs a header get it, on top of the shared error body."""

    def with_headers(exc: UpdateUnauthorized | ServerBusy) -> Response:
        response = error_response(exc.http_status, exc.code, exc.message, exc.where)
        response.headers.update(exc.headers)
        return response

    app.register_error_handler(UpdateUnauthorized, with_headers)
    app.register_error_handler(ServerBusy, with_headers)
