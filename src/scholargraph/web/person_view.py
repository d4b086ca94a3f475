"""The person page: names, roles, topics, publications with ordered authors, metrics, sources.

Roles, job titles and topics are shown in the viewer's language when the graph has it (the
English and French profile pages each give their own), else in the other one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..rdf.vocab import SCHEMA, SG
from .display import format_date, local_name, term_text
from .facts import Link, label_of, load_facts
from .i18n import METRIC_LABELS, literals_by_language, pick_literal
from .view_base import (
    EntityPage,
    PublicationItem,
    RoleView,
    ViewContext,
    display_name,
    group_rows,
    in_language,
    org_link,
    other_names,
    publication_items,
    sources_of,
)

METRIC_ORDER = (
    SG.hIndex,
    SG.citationCount,
    SG.publicationCount,
    SG.listedPublicationCount,
    SG.noveltyScore,
    SG.aiScore,
)


@dataclass(frozen=True)
class PersonPage(EntityPage):
    alternate_names: list[str]
    description: str
    awards: list[str]
    job_titles: list[str]
    memberships: list[RoleView]
    positions: list[RoleView]
    topics: list[Link]
    publications: list[PublicationItem]
    metrics: list[MetricView]

    @property
    def has_unplaced(self) -> bool:
        return any(item.has_unplaced for item in self.publications)

    @property
    def json_ld(self) -> dict[str, Any]:
        return person_json_ld(self)


@dataclass(frozen=True)
class MetricView:
    label: str
    value: str
    date: str


def person_page(ctx: ViewContext, iri: str) -> PersonPage:
    facts = load_facts(ctx.store, ctx.iris, iri)
    name = display_name(facts, ctx.lang)
    by_lang = literals_by_language(facts.values(SCHEMA.jobTitle))
    return PersonPage(
        iri,
        "person",
        name,
        sources_of(ctx, iri),
        alternate_names=other_names(facts, name, SCHEMA.alternateName, SG.nameAsWritten),
        description=pick_literal(facts.values(SCHEMA.description), ctx.lang) or "",
        awards=facts.texts(SCHEMA.award),
        job_titles=by_lang.get(ctx.lang) or next(iter(by_lang.values()), []),
        memberships=_memberships(ctx, iri),
        positions=_positions(ctx, iri),
        topics=_topics(ctx, iri),
        publications=_person_publications(ctx, iri),
        metrics=_metrics(ctx, iri),
    )


def _memberships(ctx: ViewContext, iri: str) -> list[RoleView]:
    rows = ctx.select("person-memberships", person=iri)
    groups = group_rows(rows, "role", "roleName", "organization", "organizationName", "typeLabel")
    views = []
    for group in groups.values():
        label = (
            in_language(group["roleName"], ctx.lang)
            or in_language(group["typeLabel"], ctx.lang)
            or pick_literal(group["roleName"] + group["typeLabel"], ctx.lang)
            or ""
        )
        views.append(RoleView(label, org_link(ctx, group)))
    return sorted(views, key=lambda v: v.label)


def _positions(ctx: ViewContext, iri: str) -> list[RoleView]:
    rows = ctx.select("person-positions", person=iri)
    fields = ("roleName", "organization", "organizationName", "department", "statement")
    views = []
    for group in group_rows(rows, "position", *fields).values():
        label = pick_literal(group["roleName"], ctx.lang) or ""
        organization = org_link(ctx, group)
        if not label and organization is None:
            label = pick_literal(group["statement"], ctx.lang) or ""
        detail = pick_literal(group["department"], ctx.lang) or ""
        views.append(RoleView(label, organization, detail))
    return sorted(views, key=lambda v: (v.organization.label if v.organization else "", v.label))


def _topics(ctx: ViewContext, iri: str) -> list[Link]:
    rows = ctx.select("person-topics", person=iri)
    links = [
        Link(topic, ctx.linker.href(topic), label_of(group["label"], topic, ctx.lang))
        for topic, group in group_rows(rows, "topic", "label").items()
    ]
    return sorted(links, key=lambda link: link.label.casefold())


def _person_publications(ctx: ViewContext, iri: str) -> list[PublicationItem]:
    rows = ctx.select("person-page-publications", person=iri)
    author_rows = ctx.select("person-coauthors", person=iri)
    return publication_items(ctx, rows, author_rows, owner=iri)


def _metrics(ctx: ViewContext, iri: str) -> list[MetricView]:
    rows = ctx.select("person-observations", person=iri)
    rows.sort(key=lambda row: _metric_rank(str(row["property"])))
    fallback = METRIC_LABELS.get(ctx.lang, METRIC_LABELS["en"])
    views: list[MetricView] = []
    for row in rows:
        prop = str(row["property"])
        labels = [row["propertyLabel"]] if "propertyLabel" in row else []
        label = (
            in_language(labels, ctx.lang)
            or fallback.get(local_name(prop))
            or pick_literal(labels, ctx.lang)
            or local_name(prop)
        )
        value = _number(term_text(row["value"]), ctx.lang)
        unit = term_text(row["unit"]) if "unit" in row else ""
        value += "%" if unit == "percent" else (f" {unit}" if unit else "")
        view = MetricView(label, value, format_date(row.get("date"), ctx.lang))
        if view not in views:
            views.append(view)
    return views


def _metric_rank(prop: str) -> tuple[int, str]:
    return (METRIC_ORDER.index(prop) if prop in METRIC_ORDER else len(METRIC_ORDER), prop)


def _number(text: str, lang: str) -> str:
    """Thousands grouped the way the page's language writes them (3,456 / 3 456)."""
    try:
        number = float(text)
    except ValueError:
        return text
    shown = f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"
    if lang == "fr":
        shown = shown.replace(",", "\u202f").replace(".", ",")
    return shown


def person_json_ld(page: PersonPage) -> dict[str, Any]:
    """schema.org JSON-LD of a person (self-contained context: nothing to fetch)."""
    doc: dict[str, Any] = {
        "@context": {"@vocab": str(SCHEMA)},
        "@id": page.iri,
        "@type": "Person",
        "name": page.title,
    }
    if page.alternate_names:
        doc["alternateName"] = page.alternate_names
    if page.description:
        doc["description"] = page.description
    if page.job_titles:
        doc["jobTitle"] = page.job_titles
    if page.awards:
        doc["award"] = page.awards
    roles = [
        {
            "@type": "OrganizationRole",
            "roleName": role.label,
            "memberOf": {
                "@id": role.organization.iri,
                "@type": "Organization",
                "name": role.organization.label,
            },
        }
        for role in page.memberships
        if role.organization
    ]
    if roles:
        doc["memberOf"] = roles
    employers = [
        {"@id": p.organization.iri, "@type": "Organization", "name": p.organization.label}
        for p in page.positions
        if p.organization
    ]
    if employers:
        doc["worksFor"] = employers
    if page.topics:
        doc["knowsAbout"] = [
            {"@id": t.iri, "@type": "DefinedTerm", "name": t.label} for t in page.topics
        ]
    return doc
