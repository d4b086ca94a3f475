"""What every entity page shares: the view context, row grouping, labels, publication lists.

Builders of the entity pages (:mod:`.person_view`, :mod:`.entity_views`) run the page's queries
(``queries/*.rq``, values bound, never pasted) through :class:`ViewContext` and turn rows into
plain dataclasses the templates render.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..queries import load_query
from ..rdf.iris import Iris
from ..rdf.terms import Lit, Term
from ..rdf.vocab import FOAF, PREFIXES, RDFS, SCHEMA, SG, SKOS
from ..store_api import GraphStore, Row
from .authors import AuthorView, author_views, entries_by_paper, list_cut_short
from .capped import counted
from .display import Linker, date_sort_key, format_date, local_name
from .facts import Facts, Link, label_of
from .i18n import pick_literal
from .provenance import Sources, entity_sources

NAME_PROPERTIES = (SCHEMA.name, FOAF.name, SKOS.prefLabel, RDFS.label, SG.nameAsWritten)


@dataclass(frozen=True)
class ViewContext:
    """What every builder needs: the store, IRIs, links and the page language."""

    store: GraphStore
    iris: Iris
    linker: Linker
    lang: str

    def select(self, name: str, **bindings: Term) -> list[Row]:
        return self.store.select(load_query(name), bindings).rows

    def count(self, name: str, column: str, **bindings: Term) -> int:
        """What a count query (``queries/*-count.rq``) answered in ``column``."""
        return counted(self.select(name, **bindings), column)


@dataclass(frozen=True)
class EntityPage:
    """What every entity page shows: its IRI, a title, the data links and its sources."""

    iri: str
    kind: str
    title: str
    sources: Sources


@dataclass(frozen=True)
class PublicationItem:
    link: Link
    date: str
    date_key: str
    category: Link | None
    code: bool
    authors: list[AuthorView]
    et_al: bool

    @property
    def has_unplaced(self) -> bool:
        """Some author's position is unknown while others' is known (shown apart, marked)."""
        known = [a for a in self.authors if a.position_known]
        return bool(known) and len(known) < len(self.authors)


@dataclass(frozen=True)
class RoleView:
    label: str
    organization: Link | None
    detail: str = ""


def compact(iri: str) -> str:
    """``http://schema.org/name`` -> ``schema:name`` (the project's prefixes)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def display_name(facts: Facts, lang: str) -> str:
    for prop in NAME_PROPERTIES:
        label = pick_literal(facts.values(prop), lang)
        if label:
            return label
    return local_name(facts.subject)


def other_names(facts: Facts, shown: str, *properties: str) -> list[str]:
    return [name for name in facts.texts(*properties) if name != shown]


def group_rows(rows: Iterable[Row], key: str, *fields: str) -> dict[str, dict[str, list[Term]]]:
    """Rows -> row[key] -> field -> distinct values, in first-seen order."""
    out: dict[str, dict[str, list[Term]]] = {}
    for row in rows:
        group = out.setdefault(str(row[key]), {name: [] for name in fields})
        for name in fields:
            value = row.get(name)
            if value is not None and value not in group[name]:
                group[name].append(value)
    return out


def in_language(values: list[Term], lang: str) -> str | None:
    for value in values:
        if isinstance(value, Lit) and (value.language or "").split("-")[0] == lang:
            return value.value
    return None


def org_link(ctx: ViewContext, group: dict[str, list[Term]]) -> Link | None:
    orgs = [v for v in group["organization"] if isinstance(v, str)]
    if not orgs:
        return None
    label = label_of(group["organizationName"], orgs[0], ctx.lang)
    return Link(orgs[0], ctx.linker.href(orgs[0]), label)


def sources_of(ctx: ViewContext, iri: str) -> Sources:
    return entity_sources(ctx.store, iri, ctx.iris.metadata_graph, ctx.lang)


def category_link(ctx: ViewContext, group: dict[str, list[Term]]) -> Link | None:
    categories = [v for v in group.get("category", []) if isinstance(v, str)]
    if not categories:
        return None
    notation = pick_literal(group.get("notation", []), ctx.lang) or local_name(categories[0])
    return Link(categories[0], ctx.linker.href(categories[0]), notation, notation)


def best_date(values: list[Term]) -> Term | None:
    """The most precise date stated (the longest lexical form)."""
    dates = [v for v in values if isinstance(v, Lit)]
    return max(dates, key=lambda d: (len(d.value), d.value)) if dates else None


def publication_items(
    ctx: ViewContext,
    rows: list[Row],
    author_rows: list[Row],
    owner: str | None = None,
) -> list[PublicationItem]:
    """Publication list entries, newest first, with ordered authors."""
    fields = ("title", "date", "category", "notation", "code", "complete")
    authors = entries_by_paper(author_rows)
    items = []
    for paper, group in group_rows(rows, "paper", *fields).items():
        date = best_date(group["date"])
        title = pick_literal(group["title"], ctx.lang) or local_name(paper)
        items.append(
            PublicationItem(
                link=Link(paper, ctx.linker.href(paper), title),
                date=format_date(date, ctx.lang),
                date_key=date_sort_key(date),
                category=category_link(ctx, group),
                code=any(isinstance(v, Lit) and v.value in ("true", "1") for v in group["code"]),
                authors=author_views(authors.get(paper, {}).values(), ctx.linker, owner),
                et_al=list_cut_short(group["complete"]),
            )
        )
    items.sort(key=lambda item: item.link.label.casefold())
    items.sort(key=lambda item: item.date_key, reverse=True)
    return items
