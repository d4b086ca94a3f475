"""The web service: SPARQL endpoint, linked-data pages, dumps (Flask)."""

from .app import create_app

__all__ = ["create_app"]
