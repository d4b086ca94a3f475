"""Publication, topic, organization and generic entity pages (the person page is
:mod:`.person_view`).

The generic page serves every other entity under ``/id/`` (arXiv categories, membership types,
authorships, observations, merges, ingest runs): its statements, what links to it, its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..rdf.terms import Lit, Term
from ..rdf.vocab import OWL, RDFS, SCHEMA, SG, SKOS, TYPE, WD
from .authors import AuthorView, author_views, entries_by_paper, list_cut_short
from .display import format_date, local_name, term_text
from .facts import Facts, Link, label_of, linked, load_facts
from .i18n import literals_by_language, pick_literal
from .provenance import SourceView, sources_by_graph
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


@dataclass
class PublicationPage(EntityPage):
    alternate_titles: list[str] = field(default_factory=list)
    date: str = ""
    categories: list[Link] = field(default_factory=list)
    organizations: list[Link] = field(default_factory=list)
    code: bool = False
    authors: list[AuthorView] = field(default_factory=list)
    et_al: bool = False
    abstracts: list[AbstractView] = field(default_factory=list)


@dataclass
class TopicPage(EntityPage):
    labels: dict[str, list[str]] = field(default_factory=dict)
    wikidata: list[Link] = field(default_factory=list)
    people: list[Link] = field(default_factory=list)


@dataclass
class OrganizationPage(EntityPage):
    alternate_names: list[str] = field(default_factory=list)
    members: list[Link] = field(default_factory=list)
    staff: list[Link] = field(default_factory=list)
    publications: list[PublicationItem] = field(default_factory=list)


@dataclass(frozen=True)
class FactRow:
    prop: str
    values: list[Link | str]


@dataclass
class GenericPage(EntityPage):
    types: list[str] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    backlinks: list[FactRow] = field(default_factory=list)


# ----------------------------------------------------------------------------- publication


def publication_page(ctx: ViewContext, iri: str) -> PublicationPage:
    facts = load_facts(ctx.store, iri)
    title = display_name(facts, ctx.lang)
    sources = sources_of(ctx, iri)
    page = PublicationPage(iri, "publication", title, sources)
    page.alternate_titles = other_names(facts, title, SCHEMA.alternateName, SG.nameAsWritten)
    page.date = format_date(best_date(facts.values(SCHEMA.datePublished)), ctx.lang)
    links = linked(ctx.store, iri, ctx.linker, ctx.lang)
    page.categories = links.get(SCHEMA.about, [])
    page.organizations = links.get(SCHEMA.sourceOrganization, [])
    page.code = any(
        isinstance(v, Lit) and v.value in ("true", "1") for v in facts.values(SG.codeAvailable)
    )
    entries = entries_by_paper(ctx.select("publication-authors", paper=iri)).get(iri, {})
    page.authors = author_views(entries.values(), ctx.linker)
    page.et_al = list_cut_short(facts.values(SG.authorListComplete))
    page.abstracts = _abstracts(facts, sources)
    return page


def _abstracts(facts: Facts, sources: list[SourceView]) -> list[AbstractView]:
    graphs = sources_by_graph(sources)
    merged: dict[str, list[SourceView]] = {}
    for value, graph in facts.with_graphs(SCHEMA.abstract):
        bucket = merged.setdefault(term_text(value), [])
        if graph in graphs and graphs[graph] not in bucket:
            bucket.append(graphs[graph])
    return [AbstractView(text, found) for text, found in merged.items()]


# ----------------------------------------------------------------------------- topic


def topic_page(ctx: ViewContext, iri: str) -> TopicPage:
    facts = load_facts(ctx.store, iri)
    title = label_of(facts.values(SKOS.prefLabel, RDFS.label, SCHEMA.name), iri, ctx.lang)
    page = TopicPage(iri, "topic", title, sources_of(ctx, iri))
    page.labels = literals_by_language(facts.values(SKOS.prefLabel, SKOS.altLabel))
    page.wikidata = [
        Link(match, "https://www.wikidata.org/wiki/" + match[len(WD) :], match[len(WD) :])
        for match in facts.iris(SKOS.exactMatch)
        if match.startswith(str(WD))
    ]
    people = group_rows(ctx.select("topic-people", topic=iri), "person", "name")
    page.people = sorted(
        (Link(p, ctx.linker.href(p), label_of(g["name"], p, ctx.lang)) for p, g in people.items()),
        key=lambda link: link.label.casefold(),
    )
    return page


# ----------------------------------------------------------------------------- organization


def organization_page(ctx: ViewContext, iri: str) -> OrganizationPage:
    facts = load_facts(ctx.store, iri)
    name = display_name(facts, ctx.lang)
    page = OrganizationPage(iri, "organization", name, sources_of(ctx, iri))
    page.alternate_names = other_names(
        facts, name, SCHEMA.alternateName, SKOS.prefLabel, SKOS.altLabel, SG.nameAsWritten
    )
    rows = ctx.select("organization-people", organization=iri)
    for relation, target in (("member", page.members), ("works-for", page.staff)):
        chosen = [r for r in rows if term_text(r.get("relation", "")) == relation]
        for person, group in group_rows(chosen, "person", "name", "roleName").items():
            note = pick_literal(group["roleName"], ctx.lang) or ""
            label = label_of(group["name"], person, ctx.lang)
            target.append(Link(person, ctx.linker.href(person), label, note))
        target.sort(key=lambda link: link.label.casefold())
    paper_rows = ctx.select("organization-publications", organization=iri)
    page.publications = publication_items(ctx, paper_rows, [])
    return page


# ----------------------------------------------------------------------------- generic


def generic_page(ctx: ViewContext, iri: str, kind: str) -> GenericPage:
    facts = load_facts(ctx.store, iri)
    title = display_name(facts, ctx.lang)
    notations = facts.texts(SKOS.notation)
    if notations and title == local_name(iri):
        title = notations[0]
    elif notations and notations[0] not in title:
        title = f"{notations[0]} · {title}"
    page = GenericPage(iri, kind, title, sources_of(ctx, iri))
    page.types = [compact(t) for t in facts.iris(TYPE)]
    links = linked(ctx.store, iri, ctx.linker, ctx.lang)
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
        page.facts.append(FactRow(compact(prop), values))
    page.backlinks = _backlinks(ctx, iri)
    return page


def _literal_text(value: Term) -> str:
    if isinstance(value, Lit) and value.language:
        return f"{value.value} @{value.language}"
    return term_text(value)


def _backlinks(ctx: ViewContext, iri: str) -> list[FactRow]:
    rows = ctx.select("entity-backlinks", entity=iri)
    grouped: dict[str, dict[str, list[Term]]] = {}
    for row in rows:
        prop = str(row["p"])
        if prop == OWL.sameAs:
            continue
        labels = grouped.setdefault(prop, {}).setdefault(str(row["s"]), [])
        if "label" in row:
            labels.append(row["label"])
    rows_out = []
    for prop, items in sorted(grouped.items(), key=lambda kv: compact(kv[0])):
        values: list[Link | str] = [
            Link(s, ctx.linker.href(s), label_of(found, s, ctx.lang)) for s, found in items.items()
        ]
        rows_out.append(FactRow(compact(prop), values))
    return rows_out
