"""How terms read on a page: links to entity pages, dates at their precision, plain values.

Entity IRIs live under the configured base (``https://…/id/person/ada-quill``) while the service
may run anywhere (a laptop, a test server): :class:`Linker` turns such IRIs into paths on the
running service, so every page links to its neighbours wherever it is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlencode, urlsplit

from ..rdf.terms import XSD, BNode, Lit, Term
from .i18n import MONTHS


@dataclass(frozen=True)
class Linker:
    """Turns entity IRIs into links on this service, carrying ``?lang=`` when it was chosen."""

    base: str  # the configured base IRI, without a trailing slash
    script_root: str = ""  # where the application is mounted (request.script_root)
    lang: str | None = None  # set only when the viewer chose a language explicitly

    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base + "/id/")

    def href(self, iri: str, suffix: str = "") -> str:
        """A link for ``iri``: a path on this service for our entities, else the IRI itself."""
        if not self.is_local(iri):
            return iri
        path = self.script_root + iri[len(self.base) :] + suffix
        return path + (f"?{urlencode({'lang': self.lang})}" if self.lang and not suffix else "")

    def page(self, path: str, **params: str) -> str:
        """A link to one of the service's own pages (``/``, ``/search``), keeping the language."""
        query = dict(params)
        if self.lang:
            query.setdefault("lang", self.lang)
        query = {k: v for k, v in query.items() if v}
        return self.script_root + path + (f"?{urlencode(query)}" if query else "")


def term_text(term: Term) -> str:
    """A term as plain text (literal value, IRI, or blank node label)."""
    if isinstance(term, Lit):
        return term.value
    if isinstance(term, BNode):
        return f"_:{term.id}"
    return str(term)


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``), for IRIs with no label."""
    tail = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
    return unquote(tail) or iri


def source_label(iri: str) -> str:
    """A short name for a source document: a URL as is, a file by its name."""
    parts = urlsplit(iri)
    if parts.scheme == "file":
        return PurePosixPath(unquote(parts.path)).name or iri
    return iri


def format_date(value: Term | None, lang: str) -> str:
    """A date at the precision stored (``xsd:date``, ``gYearMonth``, ``gYear``, ``gMonthDay``)."""
    if not isinstance(value, Lit):
        return ""
    months = MONTHS.get(lang, MONTHS["en"])
    kind = (value.datatype or "").removeprefix(XSD)
    text = value.value
    try:
        if kind == "date":
            year, month, day = text[:10].split("-")
            return _day_month(int(day), months[int(month) - 1], lang) + f" {year}"
        if kind == "gYearMonth":
            year, month = text[:7].split("-")
            return f"{months[int(month) - 1]} {year}"
        if kind == "gMonthDay":
            month, day = text.removeprefix("--")[:5].split("-")
            return _day_month(int(day), months[int(month) - 1], lang)
        if kind == "dateTime":
            return format_date(Lit(text[:10], XSD + "date"), lang)
    except (ValueError, IndexError):
        return text
    return text


def _day_month(day: int, month: str, lang: str) -> str:
    if lang == "fr":
        return f"{'1er' if day == 1 else day} {month}"
    return f"{day} {month}"


def date_sort_key(value: Term | None) -> str:
    """A key that sorts stored dates chronologically whatever their precision."""
    if not isinstance(value, Lit) or value.value.startswith("--"):
        return ""
    return value.value
