"""Cross-origin access to the data routes (SPARQL endpoint, dumps, dataset description), so
web pages on other sites can query the endpoint: origins from ``web.cors_origins`` (``*`` by
default; empty turns CORS off). ``POST`` is allowed too (long queries); updates still need the
bearer token, which a foreign page cannot obtain."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from flask_cors import CORS

from .sparql import MAX_ROWS_HEADER

DATA_ROUTES = (r"/sparql", r"/dump.*", r"/\.well-known/void")


def enable_cors(app: Flask, origins: Sequence[str]) -> None:
    if not origins:
        return
    options = {
        "origins": list(origins),
        "methods": ["GET", "HEAD", "POST", "OPTIONS"],
        "allow_headers": ["Accept", "Content-Type", "Authorization"],
        "expose_headers": [
            "ETag",
            "Last-Modified",
            "Content-Disposition",
            "Content-Length",
            MAX_ROWS_HEADER,
        ],
        "max_age": 86400,
        "send_wildcard": "*" in origins,  # "*" rather than echoing each Origin: cacheable
    }
    CORS(app, resources={route: options for route in DATA_ROUTES})
