"""Content negotiation: which serialisation a response uses.

Every representation the service offers is a :class:`Format` with its media type, the other
media types clients use for it, and short names for the ``format`` parameter (what browsers and
tools such as SPARQLWrapper send). The choice is the ``format`` parameter when given, else the
best match of the ``Accept`` header with its q-values (werkzeug's :class:`MIMEAccept`), else the
first offer. Nothing acceptable: 406.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import request

from ..errors import QueryError
from .protocol_errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    name: str  # the store's name for it (json, turtle...) or "html"
    media_type: str
    also: tuple[str, ...] = ()  # other media types that mean the same
    names: tuple[str, ...] = ()  # other values accepted by ?format=
    extension: str = ""

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.name in ("ntriples", "nquads")
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    def matches(self, value: str) -> bool:
        value = value.strip().lower()
        return value in (self.name, self.media_type, *self.also, *self.names)


JSON = Format("json", "application/sparql-results+json", ("application/json",), ("srj",), "srj")
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",))
CSV = Format("csv", "text/csv", (), (), "csv")
TSV = Format("tsv", "text/tab-separated-values", (), (), "tsv")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle",), ("ttl",), "ttl")
NTRIPLES = Format("ntriples", "application/n-triples", ("text/plain",), ("nt",), "nt")
JSONLD = Format(
    "jsonld", "application/ld+json", ("application/json",), ("json-ld", "json"), "jsonld"
)
RDFXML = Format("rdfxml", "application/rdf+xml", ("application/xml",), ("rdf", "xml"), "rdf")
NQUADS = Format("nquads", "application/n-quads", (), ("nq",), "nq")
TRIG = Format("trig", "application/trig", (), (), "trig")
HTML = Format("html", "text/html", ("application/xhtml+xml",), (), "html")

RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG)
DESCRIPTION_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
DUMP_FORMATS: tuple[Format, ...] = (NQUADS, TRIG, TURTLE, NTRIPLES, JSONLD)
ALL_FORMATS: tuple[Format, ...] = (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)


def by_name(value: str, offers: Sequence[Format]) -> Format | None:
    """The offer a ``format`` value names (name, short name or media type), if any."""
    return next((offer for offer in offers if offer.matches(value)), None)


def negotiate(
    offers: Sequence[Format], *, what: str, requested: Sequence[str] | None = None
) -> Format:
    """Pick one of ``offers`` (the first is the default) for the current request.

    ``requested`` are the ``format`` parameter's values (default: from the URL)."""
    if requested is None:
        requested = [v for v in request.args.getlist("format") if v.strip()]
    values = list(requested)
    if values:
        for value in values:
            chosen = by_name(value, offers)
            if chosen is not None:
                return chosen
        if any(by_name(value, ALL_FORMATS) for value in values):
            raise NotAcceptable(
                f"{what} cannot be given as {values[0]!r}; available: {_names(offers)}",
                where="format",
            )
        raise QueryError(f"unknown format {values[0]!r}; known: {_names(offers)}", where="format")
    accept = request.accept_mimetypes
    if not accept:  # no Accept header: anything goes
        return offers[0]
    media_types: list[str] = []
    for offer in offers:
        media_types.extend(t for t in (offer.media_type, *offer.also) if t not in media_types)
    best = accept.best_match(media_types)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept is available for {what}; available: "
            + ", ".join(offer.media_type for offer in offers)
        )
    chosen = next(o for o in offers if best in (o.media_type, *o.also))
    return chosen


def _names(offers: Sequence[Format]) -> str:
    return ", ".join(offer.name for offer in offers)
