"""Plain RDF terms used between mapping and the store.

Mapping builds quads from these lightweight values; only ``store`` turns them into pyoxigraph
objects, so the layers left of the store never depend on the storage library.
IRIs are plain ``str``; literals are :class:`Lit`; blank nodes are never minted.
"""

from __future__ import annotations

from typing import NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Lit(NamedTuple):
    """An RDF literal: a lexical form with a datatype IRI or a language tag."""

    value: str
    datatype: str | None = None  # None means xsd:string (or rdf:langString with a language)
    language: str | None = None


class BNode(NamedTuple):
    """A blank node returned by a user's query (the project never writes blank nodes)."""

    id: str


Term = str | Lit | BNode
Quad = tuple[str, str, Term, str]  # subject, predicate, object, graph (all IRIs except object)


def lit(value: str, language: str | None = None) -> Lit:
    return Lit(value, None, language)


def typed(value: str | int | float | bool, datatype_local: str) -> Lit:
    """A literal typed by an XSD datatype given by its local name (``integer``, ``date``...)."""
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return Lit(text, XSD + datatype_local, None)


def integer(value: int) -> Lit:
    return typed(value, "integer")


def decimal_or_integer(value: float) -> Lit:
    """Integers stay ``xsd:integer``; fractional figures become ``xsd:decimal``."""
    if float(value).is_integer():
        return typed(int(value), "integer")
    return decimal(value)


def decimal(value: float) -> Lit:
    """``xsd:decimal`` in the canonical form Oxigraph stores (no trailing zeros)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return typed(text if text not in ("", "-0") else "0", "decimal")


def boolean(value: bool) -> Lit:
    return typed(value, "boolean")
