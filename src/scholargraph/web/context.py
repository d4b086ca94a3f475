"""Access to what ``create_app`` stored on the application: settings, runner, dataset info."""

from __future__ import annotations

from flask import current_app

from ..config import Settings
from ..rdf.iris import Iris
from .dataset_state import DatasetInfo
from .runners import Runner

SETTINGS = "scholargraph.settings"
RUNNER = "scholargraph.runner"
DATASET_INFO = "scholargraph.dataset_info"


def settings() -> Settings:
    value: Settings = current_app.extensions[SETTINGS]
    return value


def runner() -> Runner:
    value: Runner = current_app.extensions[RUNNER]
    return value


def dataset_info() -> DatasetInfo:
    value: DatasetInfo = current_app.extensions[DATASET_INFO]
    return value


def iris() -> Iris:
    return Iris(settings().base)
