"""Flask test-client fixtures over the in-memory sample graph (in-process runner)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scholargraph.config import Settings, WebSettings
from scholargraph.web import create_app

from .sample_graph import BASE, build_store

TOKEN = "test-token"


def make_app(**web: object) -> Flask:
    settings = Settings(store="unused", base_iri=BASE, web=WebSettings(**web))  # type: ignore[arg-type]
    app = create_app(settings, build_store(None))
    app.testing = True
    return app


@pytest.fixture
def client() -> FlaskClient:
    return make_app().test_client()


@pytest.fixture
def client_with() -> Callable[..., FlaskClient]:
    """``client_with(max_result_rows=2, ...)``: a client over an app with these web settings."""
    return lambda **web: make_app(**web).test_client()


@pytest.fixture
def update_client() -> FlaskClient:
    return make_app(updates_enabled=True, update_token=TOKEN).test_client()
