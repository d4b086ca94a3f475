"""Access to what ``create_app`` stored on the application: settings, store, runner, dataset
info."""

from __future__ import annotations

from typing import cast

from flask import current_app

from ..config import Settings
from ..rdf.iris import Iris
from ..store_api import GraphStore
from .dataset_state import DatasetInfo
from .runners import Runner
from .search_index import SearchIndex, SearchIndexHolder

SETTINGS = "scholargraph.settings"
STORE = "scholargraph.store"
RUNNER = "scholargraph.runner"
DATASET_INFO = "scholargraph.dataset_info"
SEARCH_INDEX = "scholargraph.search_index"


def settings() -> Settings:
    return cast(Settings, current_app.extensions[SETTINGS])


def store() -> GraphStore:
    """The store the home and search pages read, and entity IRIs are looked up in (SPARQL,
    dumps and the entity pages themselves go through :func:`runner`)."""
    return cast(GraphStore, current_app.extensions[STORE])


def runner() -> Runner:
    return cast(Runner, current_app.extensions[RUNNER])


def dataset_info() -> DatasetInfo:
    return cast(DatasetInfo, current_app.extensions[DATASET_INFO])


def search_index() -> SearchIndex | None:
    """The served store's search index (built on first use), or ``None`` when the runner
    cannot tell when the data changes."""
    holder = cast(SearchIndexHolder, current_app.extensions[SEARCH_INDEX])
    run = runner()
    return holder.current(store(), run.generation, run.lineage)


def iris() -> Iris:
    return Iris(settings().base)
