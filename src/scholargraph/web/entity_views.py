"""Publication, topic, organization and generic entity pages (the person page is
:mod:`.person_view`).

The generic page serves every other entity under ``/id/`` (arXiv categories, membership types,
authorships, observations, merges, ingest runs): its statements, what links to it, its sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..rdf.terms import Lit, Term
from ..rdf.vocab import OWL, RDFS, SCHEMA, SG, SKOS, TYPE, WD
from ..store_api import Row
from .authors import AuthorView, author_views, entries_by_paper, list_cut_short
from .capped import LIST_SHOWN, Capped, capped, counted, full_list_query
from .display import format_date, local_name, term_text
from .facts import Link, internal_graph_bindings, label_of, linked, load_facts
from .i18n import literals_by_language, pick_literal
from .provenance import Sources, SourceView, sources_by_graph
from .view_base import (
    EntityPage,
    PublicationItem,
    ViewContext,
    best_date,
    compact,
    display_name,
    group_rows,
    other_names,
    publication_items,
    sources_of,
)


@dataclass(frozen=True)
class AbstractView:
    text: str
    sources: list[SourceView]


@dataclass(frozen=True)
class PublicationPage(EntityPage):
    alternate_titles: list[str]
    date: str
    categories: list[Link]
    organizations: list[Link]
    code: bool
    authors: list[AuthorView]
    et_al: bool
    abstracts: list[AbstractView]


@dataclass(frozen=True)
class TopicPage(EntityPage):
    labels: dict[str, list[str]]
    wikidata: list[Link]
    people: Capped[Link]


@dataclass(frozen=True)
class OrganizationPage(EntityPage):
    alternate_names: list[str]
    members: Capped[Link]
    staff: Capped[Link]
    publications: Capped[PublicationItem]


@dataclass(frozen=True)
class FactRow:
    prop: str
    values: list[Link | str]
    more: int = 0  # values not shown (links to a hub past what a page lists)
    query: str = ""  # a SPARQL query listing every value, when some are not shown


@dataclass(frozen=True)
class GenericPage(EntityPage):
    types: list[str]
    facts: list[FactRow]
    backlinks: list[FactRow]


# ----------------------------------------------------------------------------- publication


def publication_page(ctx: ViewContext, iri: str) -> PublicationPage:
    facts = load_facts(ctx.store, ctx.iris, iri)
    title = display_name(facts, ctx.lang)
    sources = sources_of(ctx, iri)
    links = linked(ctx.store, ctx.iris, iri, ctx.linker, ctx.lang)
    entries = entries_by_paper(ctx.select("publication-authors", paper=iri)).get(iri, {})
    return PublicationPage(
        iri,
        "publication",
        title,
        sources,
        alternate_titles=other_names(facts, title, SCHEMA.alternateName, SG.nameAsWritten),
        date=format_date(best_date(facts.values(SCHEMA.datePublished)), ctx.lang),
        categories=links.get(SCHEMA.about, []),
        organizations=links.get(SCHEMA.sourceOrganization, []),
        code=any(
            isinstance(v, Lit) and v.value in ("true", "1") for v in facts.values(SG.codeAvailable)
        ),
        authors=author_views(entries.values(), ctx.linker),
        et_al=list_cut_short(facts.values(SG.authorListComplete)),
        abstracts=_abstracts(ctx, iri, sources),
    )


def _abstracts(ctx: ViewContext, iri: str, sources: Sources) -> list[AbstractView]:
    graphs = sources_by_graph(sources)
    rows = ctx.select("publication-abstracts", paper=iri, **internal_graph_bindings(ctx.iris))
    rows.sort(key=lambda row: str(row["graph"]))
    merged: dict[str, list[SourceView]] = {}
    for row in rows:
        value, graph = row["abstract"], str(row["graph"])
        bucket = merged.setdefault(term_text(value), [])
        if graph in graphs and graphs[graph] not in bucket:
            bucket.append(graphs[graph])
    return [AbstractView(text, found) for text, found in merged.items()]


# ----------------------------------------------------------------------------- topic


def topic_page(ctx: ViewContext, iri: str) -> TopicPage:
    facts = load_facts(ctx.store, ctx.iris, iri)
    title = label_of(facts.values(SKOS.prefLabel, RDFS.label, SCHEMA.name), iri, ctx.lang)
    rows = group_rows(ctx.select("topic-people", topic=iri), "person", "name")
    people = [
        Link(p, ctx.linker.href(p), label_of(g["name"], p, ctx.lang)) for p, g in rows.items()
    ]
    people.sort(key=lambda link: (link.label.casefold(), link.iri))
    return TopicPage(
        iri,
        "topic",
        title,
        sources_of(ctx, iri),
        labels=literals_by_language(facts.values(SKOS.prefLabel, SKOS.altLabel)),
        wikidata=[
            Link(match, "https://www.wikidata.org/wiki/" + match[len(WD) :], match[len(WD) :])
            for match in facts.iris(SKOS.exactMatch)
            if match.startswith(str(WD))
        ],
        people=capped(
            people,
            LIST_SHOWN,
            lambda: ctx.count("topic-people-count", "people", topic=iri),
            full_list_query("all-topic-people", topic=iri),
        ),
    )


# ----------------------------------------------------------------------------- organization


def organization_page(ctx: ViewContext, iri: str) -> OrganizationPage:
    facts = load_facts(ctx.store, ctx.iris, iri)
    name = display_name(facts, ctx.lang)
    sources = sources_of(ctx, iri)
    rows = ctx.select("organization-people", organization=iri)
    paper_rows = ctx.select("organization-publications", organization=iri)

    @cache
    def people_count() -> dict[str, int]:
        found = ctx.select("organization-people-count", organization=iri)
        return {term_text(row["relation"]): counted([row], "people") for row in found}

    def people(relation: str, full_list: str) -> Capped[Link]:
        links = _people(ctx, rows, relation)
        return capped(
            links,
            LIST_SHOWN,
            lambda: people_count().get(relation, 0),
            full_list_query(full_list, organization=iri),
        )

    return OrganizationPage(
        iri,
        "organization",
        name,
        sources,
        alternate_names=other_names(
            facts, name, SCHEMA.alternateName, SKOS.prefLabel, SKOS.altLabel, SG.nameAsWritten
        ),
        members=people("member", "all-organization-members"),
        staff=people("works-for", "all-organization-staff"),
        publications=capped(
            publication_items(ctx, paper_rows, []),
            LIST_SHOWN,
            lambda: ctx.count("organization-publication-count", "papers", organization=iri),
            full_list_query("all-organization-publications", organization=iri),
        ),
    )


def _people(ctx: ViewContext, rows: list[Row], relation: str) -> list[Link]:
    """The people ``rows`` relate to the organization by ``relation``, their role as a note."""
    chosen = [r for r in rows if term_text(r.get("relation", "")) == relation]
    links = []
    for person, group in group_rows(chosen, "person", "name", "roleName").items():
        note = pick_literal(group["roleName"], ctx.lang) or ""
        label = label_of(group["name"], person, ctx.lang)
        links.append(Link(person, ctx.linker.href(person), label, note))
    return sorted(links, key=lambda link: (link.label.casefold(), link.iri))


# ----------------------------------------------------------------------------- generic


def generic_page(ctx: ViewContext, iri: str, kind: str) -> GenericPage:
    facts = load_facts(ctx.store, ctx.iris, iri)
    title = display_name(facts, ctx.lang)
    notations = facts.texts(SKOS.notation)
    if notations and title == local_name(iri):
        title = notations[0]
    elif notations and notations[0] not in title:
        title = f"{notations[0]} · {title}"
    sources = sources_of(ctx, iri)
    links = linked(ctx.store, ctx.iris, iri, ctx.linker, ctx.lang)
    backlinks = _backlinks(ctx, iri)
    rows = []
    for prop in sorted(facts.by_property, key=compact):
        if prop == TYPE:
            continue
        values: list[Link | str] = []
        for value in facts.values(prop):
            if isinstance(value, str):
                found = [link for link in links.get(prop, []) if link.iri == value]
                values.append(found[0] if found else Link(value, ctx.linker.href(value), value))
            else:
                values.append(_literal_text(value))
        rows.append(FactRow(compact(prop), values))
    return GenericPage(
        iri,
        kind,
        title,
        sources,
        types=[compact(t) for t in facts.iris(TYPE)],
        facts=rows,
        backlinks=backlinks,
    )


def _literal_text(value: Term) -> str:
    if isinstance(value, Lit) and value.language:
        return f"{value.value} @{value.language}"
    return term_text(value)


def _backlinks(ctx: ViewContext, iri: str) -> list[FactRow]:
    """The links to ``iri`` by property, at most :data:`LIST_SHOWN` in all; when there are
    more, each property's row says how many of its links it leaves out."""
    rows = ctx.select("entity-backlinks", entity=iri)
    links_found = {(str(row["s"]), str(row["p"])) for row in rows}
    if len(links_found) > LIST_SHOWN:
        dropped = sorted(links_found)[LIST_SHOWN:]  # one link: the query read one more
        rows = [row for row in rows if (str(row["s"]), str(row["p"])) not in dropped]
        counts = ctx.select("entity-backlink-count", entity=iri)
        totals = {str(row["p"]): counted([row], "links") for row in counts}
    else:
        totals = {}
    grouped: dict[str, dict[str, list[Term]]] = {}
    for row in rows:
        prop = str(row["p"])
        if prop == OWL.sameAs:
            continue
        labels = grouped.setdefault(prop, {}).setdefault(str(row["s"]), [])
        if "label" in row:
            labels.append(row["label"])
    for prop in totals:  # a property none of whose links is listed
        if prop != OWL.sameAs:
            grouped.setdefault(prop, {})
    rows_out = []
    for prop, items in sorted(grouped.items(), key=lambda kv: compact(kv[0])):
        links = [
            Link(s, ctx.linker.href(s), label_of(found, s, ctx.lang)) for s, found in items.items()
        ]
        links.sort(key=lambda link: (link.label, link.iri))  # the query leaves them unordered
        more = max(totals.get(prop, len(links)) - len(links), 0)
        query = full_list_query("all-backlinks", entity=iri, p=prop) if more else ""
        rows_out.append(FactRow(compact(prop), list[Link | str](links), more, query))
    return rows_out
