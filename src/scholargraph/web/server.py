"""Serving the app for real: the process-backed service and the waitress server.

:func:`build_service` starts what ``scholargraph serve`` needs around the Flask app: the store
owner and query worker processes (:class:`~.process_runner.ProcessRunner`), which also build
the entity pages, and a read-only handle on the current snapshot for home, search and entity
lookups. :func:`serve` runs it under waitress, a production WSGI server (threads, request size
limits, no reverse proxy required).

Embedding in another WSGI application::

    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from scholargraph.config import load_settings
    from scholargraph.web.server import build_service

    service = build_service(load_settings())        # starts the worker processes
    application = DispatcherMiddleware(main_app, {"/kg": service.app})
    # at shutdown: service.close()

Run one service per store (the owner process holds the store's lock). Behind a reverse proxy,
wrap ``service.app.wsgi_app`` in werkzeug's ``ProxyFix`` so generated links use the public host.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

from flask import Flask
from waitress.server import create_server

from ..config import Settings
from ..errors import ConfigError
from ..store_api import is_remote
from . import context
from .app import create_app
from .process_runner import ProcessRunner
from .remote_runner import RemoteRunner

log = logging.getLogger(__name__)


@dataclass
class Service:
    """A Flask app backed by worker processes; ``close()`` stops them."""

    app: Flask
    runner: ProcessRunner | RemoteRunner

    def close(self) -> None:
        self.runner.close()


def build_service(settings: Settings) -> Service:
    """Start the store owner and workers and build the app over them (for a remote SPARQL
    store: a :class:`RemoteRunner` forwarding to it, no worker processes)."""
    if settings.web.updates_enabled and not settings.web.update_token:
        raise ConfigError(
            "updates are enabled but no update token is set "
            "(web.update_token or $SCHOLARGRAPH_UPDATE_TOKEN)"
        )
    if is_remote(settings.store):
        from ..remote_store import RemoteStore

        remote = RemoteStore.from_settings(settings, read_only=not settings.web.updates_enabled)
        remote_runner = RemoteRunner(remote, settings)
        return Service(create_app(settings, remote, runner=remote_runner), remote_runner)
    runner = ProcessRunner(settings)
    try:
        app = create_app(settings, runner.store, runner=runner)
    except BaseException:
        runner.close()
        raise
    return Service(app, runner)


def serve(settings: Settings, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); ``on_ready`` gets the base URL."""
    service = build_service(settings)
    try:
        _warm_up(service)
        web = settings.web
        server = create_server(
            service.app,
            host=web.host,
            port=web.port,
            threads=web.threads,
            # waitress refuses far larger bodies itself; the app answers the rest with 413
            max_request_body_size=web.max_request_bytes * 4,
            ident="scholargraph",
            clear_untrusted_proxy_headers=True,
        )
        port = server.effective_port
        host = web.host if ":" not in web.host else f"[{web.host}]"
        if on_ready is not None:
            on_ready(f"http://{host}:{port}/")
        _stop_on_sigterm()
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    finally:
        service.close()


def _warm_up(service: Service) -> None:
    """While the server starts, in a thread (no request waits for it, a request arriving
    first does the work itself): fold every name and title for the search (9.5 s at 10k
    researchers), then read the store's state, which the dumps, the service and the dataset
    descriptions need (9.5 s at 10k)."""

    def build() -> None:
        for what, warm in (
            ("search index", context.search_index),
            ("store state", lambda: context.dataset_info().state()),
        ):
            try:
                with service.app.app_context():
                    warm()
            except Exception as exc:  # the first request needing it tries again, or says why
                log.warning("%s not ready at start: %s", what, exc)

    threading.Thread(target=build, name="warm-up", daemon=True).start()


def _stop_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
