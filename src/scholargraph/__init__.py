"""scholargraph: researcher profile pages and author pages to a linked, provenance-tracked graph."""

__version__ = "0.1.0"
PARSER_VERSION = "1"
