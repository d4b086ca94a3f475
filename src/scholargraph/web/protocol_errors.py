"""Errors only the web service raises: HTTP-level refusals of the SPARQL protocol and of its
serving machinery.

Each is a branch of the project's one error tree (:mod:`scholargraph.errors`), so it inherits
its exit code and family there, and is answered like any other error with the shared body
(:mod:`.errors`). What is stated here is only what differs from its parent: the code, the status
when it is not the parent's, and ``headers`` the status requires (``WWW-Authenticate`` for 401,
``Retry-After`` for 503).
"""

from __future__ import annotations

from typing import ClassVar

from ..errors import QueryError, QueryRefused, StoreError


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
    """Every query worker stayed busy for the whole wait (503, as every store error)."""

    code = "server-busy"
    headers: ClassVar[dict[str, str]] = {"Retry-After": "5"}


class WorkerFailed(StoreError):
    """A worker process died while answering (out of memory, crash); it has been replaced."""

    code = "worker-failed"
