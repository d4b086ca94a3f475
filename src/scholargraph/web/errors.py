"""One error shape for the whole web service.

Every error response, whatever raised it (our error tree, Flask/werkzeug HTTP errors, an
unexpected exception), has the same JSON body ``{"error", "message", "status"[, "where"]}``, or
the same fields in an HTML page when the client prefers HTML, plus the headers an error's status
requires (its ``headers``: ``WWW-Authenticate`` for 401, ``Retry-After`` for 503). Never a
stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import ScholarGraphError
from .negotiation import prefers_html

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, where: str | None = None) -> Response:
    body: dict[str, str | int] = {"error": code, "message": message, "status": status}
    if where:
        body["where"] = where
    if prefers_html(request.accept_mimetypes):
        html = render_template("error.html", **body)
        response = Response(html, status=status, mimetype="text/html")
    else:
        response = jsonify(body)
        response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ScholarGraphError)
    def _ours(exc: ScholarGraphError) -> Response:
        response = error_response(exc.http_status, exc.code, exc.message, exc.where)
        response.headers.update(getattr(exc, "headers", {}))  # what the status requires
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        code = (exc.name or "error").lower().replace(" ", "-")
        response = error_response(exc.code or 500, code, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(500, "internal-error", "the server failed to answer; see its log")
