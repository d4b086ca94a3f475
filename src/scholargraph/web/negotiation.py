"""Content negotiation: the media types the service offers and which one a response uses.

Every representation the service offers, on every route (SPARQL endpoint, dumps, dataset
description, entity pages, error bodies), is a :class:`Format` with its media type, the other
media types clients use for it, short names for the ``format`` parameter (what browsers and
tools such as SPARQLWrapper send), a file extension and a label for people. The choice is the
``format`` parameter when given, else the best match of the ``Accept`` header with its q-values
(werkzeug's :class:`MIMEAccept`), else the first offer. Nothing acceptable: 406.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask import request
from werkzeug.datastructures import MIMEAccept, MultiDict

from ..errors import QueryError
from .protocol_errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    name: str  # the store's name for it (json, turtle...) or "html"
    media_type: str
    also: tuple[str, ...] = ()  # other media types that mean the same
    names: tuple[str, ...] = ()  # other values accepted by ?format=
    extension: str = ""
    label: str = ""  # what people read in links ("Turtle")

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.name in ("ntriples", "nquads")
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    @property
    def suffix(self) -> str:
        """The suffix of its URLs and files (``.ttl``)."""
        return f".{self.extension}"

    def matches(self, value: str) -> bool:
        value = value.strip().lower()
        return value in (self.name, self.media_type, *self.also, *self.names)


JSON = Format("json", "application/sparql-results+json", ("application/json",), ("srj",), "srj")
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",))
CSV = Format("csv", "text/csv", (), (), "csv", label="CSV")
TSV = Format("tsv", "text/tab-separated-values", (), (), "tsv", label="TSV")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle",), ("ttl",), "ttl", label="Turtle")
NTRIPLES = Format(
    "ntriples", "application/n-triples", ("text/plain",), ("nt",), "nt", label="N-Triples"
)
JSONLD = Format(
    "jsonld",
    "application/ld+json",
    ("application/json",),
    ("json-ld", "json"),
    "jsonld",
    label="JSON-LD",
)
RDFXML = Format(
    "rdfxml", "application/rdf+xml", ("application/xml",), ("rdf", "xml"), "rdf", label="RDF/XML"
)
NQUADS = Format("nquads", "application/n-quads", (), ("nq",), "nq", label="N-Quads")
TRIG = Format("trig", "application/trig", (), (), "trig", label="TriG")
HTML = Format("html", "text/html", ("application/xhtml+xml",), (), "html", label="HTML")

RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG)
DESCRIPTION_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
DUMP_FORMATS: tuple[Format, ...] = (NQUADS, TRIG, TURTLE, NTRIPLES, JSONLD)
ALL_FORMATS: tuple[Format, ...] = (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)
# An entity IRI (``/id/...``): HTML first, so "*/*" (and no Accept header) gets the page.
ENTITY_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)


def media_types(offers: Iterable[Format], *, leave_out: Sequence[str] = ()) -> dict[str, Format]:
    """Every media type ``offers`` answer to, in order of preference when the client's q-values
    tie, with the offer it selects (the first that lists it)."""
    table: dict[str, Format] = {}
    for offer in offers:
        for media_type in (offer.media_type, *offer.also):
            if media_type not in leave_out:
                table.setdefault(media_type, offer)
    return table


# Entity IRIs answer RDF's own media types only: ``text/plain`` and ``application/xml`` get a
# 406 there, not N-Triples or RDF/XML.
ENTITY_MEDIA_TYPES = media_types(ENTITY_FORMATS, leave_out=("text/plain", "application/xml"))


def best_match(accept: MIMEAccept, offered: Mapping[str, Format]) -> Format | None:
    """The offer ``accept`` prefers (``offered`` as :func:`media_types` makes it); the first
    offer when no ``Accept`` header was sent; ``None`` when nothing offered is acceptable."""
    if not accept:  # no Accept header: anything goes
        return next(iter(offered.values()))
    best = accept.best_match(list(offered))
    return offered[best] if best else None


def prefers_html(accept: MIMEAccept) -> bool:
    """Whether a client would rather read HTML than JSON (for error bodies)."""
    best = accept.best_match(["application/json", "text/html"])
    return best == "text/html" and accept["text/html"] > 0


def by_name(value: str, offers: Sequence[Format]) -> Format | None:
    """The offer a ``format`` value names (name, short name or media type), if any."""
    return next((offer for offer in offers if offer.matches(value)), None)


def format_values(params: MultiDict[str, str]) -> list[str]:
    """The non-blank ``format`` parameters."""
    return [value for value in params.getlist("format") if value.strip()]


def negotiate(
    offers: Sequence[Format], *, what: str, requested: Sequence[str] | None = None
) -> Format:
    """Pick one of ``offers`` (the first is the default) for the current request.

    ``requested`` are the ``format`` parameter's values (default: from the URL)."""
    values = list(format_values(request.args) if requested is None else requested)
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
    chosen = best_match(request.accept_mimetypes, media_types(offers))
    if chosen is None:
        raise NotAcceptable(
            f"none of the media types in Accept is available for {what}; available: "
            + ", ".join(offer.media_type for offer in offers)
        )
    return chosen


def _names(offers: Sequence[Format]) -> str:
    return ", ".join(offer.name for offer in offers)
