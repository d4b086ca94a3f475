"""The Flask application factory: ``create_app(settings, store)``.

Settings and store are passed in (never read from globals), so tests can hand it an in-memory
store and other WSGI applications can embed it.
"""

from __future__ import annotations

from flask import Flask

from ..config import Settings
from ..store import OxigraphStore
from .errors import register_error_handlers


def create_app(settings: Settings, store: OxigraphStore) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.web.max_request_bytes
    app.extensions["scholargraph.settings"] = settings
    app.extensions["scholargraph.store"] = store
    register_error_handlers(app)
    # Blueprints register here (sparql, dumps, dataset description, linked-data pages).
    return app
