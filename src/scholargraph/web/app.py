"""The Flask application factory: ``create_app(settings, store)``.

Settings and store are passed in (never read from globals), so tests can hand it an in-memory
store and other WSGI applications can embed it. SPARQL queries, updates and dumps go through a
``runner``: by default they run in this process on ``store`` (no hard query timeout);
``scholargraph serve`` (:mod:`.server`) passes a runner whose worker processes can be killed.
"""

from __future__ import annotations

from flask import Flask

from ..config import Settings
from ..rdf.iris import Iris
from ..store_api import GraphStore
from . import context, dataset, dumps, sparql
from .cors import enable_cors
from .dataset_state import DatasetInfo
from .errors import register_error_handlers
from .page_cache import install as install_page_cache
from .pages import bp as pages_blueprint
from .runners import InProcessRunner, Runner
from .search_index import SearchIndexHolder


def create_app(settings: Settings, store: GraphStore, *, runner: Runner | None = None) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.web.max_request_bytes
    app.extensions[context.SETTINGS] = settings
    app.extensions[context.STORE] = store
    register_error_handlers(app)
    register_blueprints(app, settings, runner or InProcessRunner(store))
    return app


def register_blueprints(app: Flask, settings: Settings, runner: Runner) -> None:
    """Every route: SPARQL endpoint, dumps, dataset description, linked-data pages."""
    app.extensions[context.RUNNER] = runner
    internal = Iris(settings.base).internal_graphs
    app.extensions[context.DATASET_INFO] = DatasetInfo(runner, settings.base, internal)
    app.extensions[context.SEARCH_INDEX] = SearchIndexHolder()
    install_page_cache(app.extensions, runner, settings.web.page_cache_mb)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(dumps.blueprint)
    app.register_blueprint(dataset.blueprint)
    enable_cors(app, settings.web.cors_origins)
    app.register_blueprint(pages_blueprint)
