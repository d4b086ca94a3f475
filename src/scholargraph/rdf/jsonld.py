"""JSON-LD building blocks, pure: compact form and the framed per-person document.

* :func:`compact` turns expanded JSON-LD into flattened, compact JSON-LD with our ``@context``
  (``ontology/context.jsonld``) using pyld: one node object per subject with short keys.
  Compaction is lossless, so the document reads back to the same graph.
* :func:`build_person_document` builds the framed document of one person (topics, memberships,
  metrics, and publications with their authors as an ordered JSON-LD list) from the rows of the
  ``queries/jsonld-person*.rq`` queries, with short keys a web developer reads as plain JSON.

The store-facing side (running the queries, choosing compact or streaming output) is
:mod:`scholargraph.export_jsonld`.

Author order in the framed document: authors with a stated rank (``vivo:rank``) first, by rank;
then authors a profile page lists (``sg:listedIndex``), in that order; then authors whose
position no source states, by name. ``authorListComplete: false`` says the list is cut.
Several values from several sources become one: the most precise then latest date, the longest
abstract, ``codeAvailable`` if any source says so, ``authorListComplete`` unless one says not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyld import jsonld

from .terms import Lit, Term
from .vocab import FOAF, SCHEMA, SG, TYPE, XSD

JsonObject = dict[str, Any]
RDF_TYPE = str(TYPE)

# Precision order of schema:datePublished datatypes: the most precise date wins.
DATE_PRECISION = {
    XSD.date: 3,
    XSD.gYearMonth: 2,
    XSD.gYear: 1,
    XSD.gMonthDay: 0,
}
TYPE_TERMS = {
    SCHEMA.Person: "Person",
    FOAF.Person: "foaf:Person",
}


# ----------------------------------------------------------------------------- compact form


def compact(expanded: Any, context: JsonObject) -> JsonObject:
    """Expanded JSON-LD (e.g. Oxigraph's JSON-LD output) flattened and compacted with
    ``context``: one node object per subject, in ``graph``; pure.

    The input is expanded JSON-LD rather than N-Triples on purpose: pyld's own N-Quads reader
    mis-reads some escapes (a literal ``\\t`` comes back as a backslash and a tab)."""
    flattened: JsonObject = jsonld.flatten(_types_as_keyword(expanded), context["@context"])
    return flattened


def _types_as_keyword(value: Any) -> Any:
    """Oxigraph writes ``rdf:type`` as an ordinary property; JSON-LD readers expect ``@type``
    (the same triples either way)."""
    if isinstance(value, list):
        return [_types_as_keyword(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _types_as_keyword(item) for key, item in value.items()}
    types = out.get(RDF_TYPE)
    if isinstance(types, list) and all(isinstance(t, dict) and set(t) == {"@id"} for t in types):
        del out[RDF_TYPE]
        out["@type"] = [*out.get("@type", []), *(t["@id"] for t in types)]
    return out


# ----------------------------------------------------------------------------- framed document


@dataclass
class _Author:
    iri: str
    name: str | None = None
    ranks: set[int] = field(default_factory=set)
    listed: set[int] = field(default_factory=set)

    def order(self) -> tuple[int, int, str]:
        if self.ranks:
            return (0, min(self.ranks), self.name or self.iri)
        if self.listed:
            return (1, min(self.listed), self.name or self.iri)
        return (2, 0, self.name or self.iri)


@dataclass
class _Paper:
    iri: str
    title: str | None = None
    dates: set[Lit] = field(default_factory=set)
    abstracts: set[str] = field(default_factory=set)
    categories: dict[str, str | None] = field(default_factory=dict)
    code: set[bool] = field(default_factory=set)
    complete: set[bool] = field(default_factory=set)
    authors: dict[str, _Author] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonRows:
    """What the ``jsonld-person*`` queries returned for one person (rows as plain terms)."""

    person: str
    facts: Sequence[Mapping[str, Term]]
    topics: Sequence[Mapping[str, Term]]
    memberships: Sequence[Mapping[str, Term]]
    publications: Sequence[Mapping[str, Term]]
    coauthors: Sequence[Mapping[str, Term]]
    observations: Sequence[Mapping[str, Term]]


def build_person_document(data: PersonRows, *, context: JsonObject | str) -> JsonObject:
    """The framed person document from query rows; pure and deterministic."""
    doc: JsonObject = {
        "@context": context["@context"] if isinstance(context, dict) else context,
        "id": data.person,
    }
    facts = _person_facts(data.facts)
    doc["type"] = facts.pop("type")
    doc.update(facts)
    memberships = _memberships(data.memberships)
    if memberships:
        doc["memberOf"] = memberships
    topics = _topics(data.topics)
    if topics:
        doc["knowsAbout"] = topics
    observations = _observations(data.observations)
    if observations:
        doc["observations"] = observations
    doc["publications"] = _publications(data.publications, data.coauthors)
    return doc


def _person_facts(rows: Sequence[Mapping[str, Term]]) -> JsonObject:
    out: JsonObject = {}
    types: set[str] = set()
    alternates: set[str] = set()
    awards: set[str] = set()
    by_language: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    employers: dict[str, str | None] = {}
    for row in rows:
        key, value = _text(row["key"]), row["value"]
        if key == "type" and isinstance(value, str):
            types.add(TYPE_TERMS.get(value, value))
        elif key == "name":
            out.setdefault("name", _text(value))
        elif key == "alternateName":
            alternates.add(_text(value))
        elif key == "award":
            awards.add(_text(value))
        elif key in ("description", "jobTitle") and isinstance(value, Lit):
            by_language[key][value.language or "@none"].add(value.value)
        elif key == "worksFor" and isinstance(value, str):
            name = row.get("valueName")
            employers[value] = _text(name) if name is not None else employers.get(value)
    out["type"] = sorted(types)[0] if len(types) == 1 else sorted(types)
    if alternates:
        out["alternateName"] = sorted(alternates)
    for key in ("jobTitle", "description"):
        if by_language[key]:
            out[key] = _language_map(by_language[key])
    if awards:
        out["award"] = sorted(awards)
    if employers:
        out["worksFor"] = [
            _named_node(iri, "Organization", name) for iri, name in sorted(employers.items())
        ]
    return out


def _memberships(rows: Sequence[Mapping[str, Term]]) -> list[JsonObject]:
    roles: dict[str, JsonObject] = {}
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        role = str(row["role"])
        entry = roles.setdefault(role, {"id": role, "type": "OrganizationRole"})
        name = row.get("roleName")
        if isinstance(name, Lit):
            names[role][name.language or "@none"].add(name.value)
        organization = row.get("organization")
        if isinstance(organization, str):
            org_name = row.get("organizationName")
            entry["memberOf"] = _named_node(
                organization, "Organization", _text(org_name) if org_name is not None else None
            )
    for role, entry in roles.items():
        if names[role]:
            entry["roleName"] = _language_map(names[role])
    return [roles[key] for key in sorted(roles)]


def _topics(rows: Sequence[Mapping[str, Term]]) -> list[JsonObject]:
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    matches: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        topic = str(row["topic"])
        labels[topic]  # every topic appears, labelled or not
        label = row.get("label")
        if isinstance(label, Lit):
            labels[topic][label.language or "@none"].add(label.value)
        match = row.get("exactMatch")
        if isinstance(match, str):
            matches[topic].add(match)
    topics = []
    for topic in sorted(labels, key=lambda t: (_sort_label(labels[t]), t)):
        entry: JsonObject = {"id": topic, "type": "Concept"}
        if labels[topic]:
            entry["prefLabel"] = _language_map(labels[topic])
        if matches[topic]:
            entry["exactMatch"] = sorted(matches[topic])
        topics.append(entry)
    return topics


def _observations(rows: Sequence[Mapping[str, Term]]) -> list[JsonObject]:
    seen: dict[str, JsonObject] = {}
    for row in rows:
        obs = str(row["observation"])
        entry: JsonObject = {
            "id": obs,
            "type": "Observation",
            "measuredProperty": _curie(str(row["property"])),
            "value": _number(row["value"]),
        }
        if row.get("unit") is not None:
            entry["unitText"] = _text(row["unit"])
        if row.get("date") is not None:
            entry["observationDate"] = _text(row["date"])
        seen.setdefault(obs, entry)
    return sorted(
        seen.values(), key=lambda e: (e["measuredProperty"], e.get("observationDate", ""))
    )


def _publications(
    rows: Sequence[Mapping[str, Term]], coauthors: Sequence[Mapping[str, Term]]
) -> list[JsonObject]:
    papers: dict[str, _Paper] = {}
    for row in rows:
        paper = papers.setdefault(str(row["paper"]), _Paper(str(row["paper"])))
        if row.get("title") is not None:
            paper.title = paper.title or _text(row["title"])
        date = row.get("date")
        if isinstance(date, Lit):
            paper.dates.add(date)
        if row.get("abstract") is not None:
            paper.abstracts.add(_text(row["abstract"]))
        category = row.get("category")
        if isinstance(category, str):
            notation = row.get("notation")
            paper.categories[category] = _text(notation) if notation is not None else None
        if row.get("code") is not None:
            paper.code.add(_text(row["code"]) == "true")
        if row.get("complete") is not None:
            paper.complete.add(_text(row["complete"]) == "true")
    for row in coauthors:
        found = papers.get(str(row["paper"]))
        if found is None:
            continue
        paper = found
        author_iri = str(row["author"])
        author = paper.authors.setdefault(author_iri, _Author(author_iri))
        if row.get("name") is not None:
            author.name = _text(row["name"])
        if row.get("rank") is not None:
            author.ranks.add(int(_text(row["rank"])))
        if row.get("listedIndex") is not None:
            author.listed.add(int(_text(row["listedIndex"])))
    entries = [_paper_entry(p) for p in papers.values()]
    return _newest_first(entries)


def _paper_entry(paper: _Paper) -> JsonObject:
    entry: JsonObject = {"id": paper.iri, "type": "ScholarlyArticle"}
    if paper.title:
        entry["name"] = paper.title
    if paper.dates:
        best = max(paper.dates, key=lambda d: (DATE_PRECISION.get(d.datatype or "", -1), d.value))
        entry["datePublished"] = best.value
    if paper.abstracts:
        entry["abstract"] = max(paper.abstracts, key=lambda a: (len(a), a))
    if paper.categories:
        entry["about"] = [
            {"id": iri, "type": "Concept", **({"notation": n} if n else {})}
            for iri, n in sorted(paper.categories.items())
        ]
    if paper.code:
        entry["codeAvailable"] = True in paper.code
    if paper.complete:
        entry["authorListComplete"] = False not in paper.complete
    authors = sorted(paper.authors.values(), key=_Author.order)
    entry["authors"] = [_named_node(a.iri, "Person", a.name) for a in authors]
    return entry


def _newest_first(entries: list[JsonObject]) -> list[JsonObject]:
    """Dated publications newest first, then those without a year; ties by title."""
    by_title = sorted(entries, key=lambda e: (str(e.get("name", "")).casefold(), e["id"]))

    def year_known(entry: JsonObject) -> bool:
        date = str(entry.get("datePublished", ""))
        return bool(date) and not date.startswith("--")

    dated = [e for e in by_title if year_known(e)]
    dated.sort(key=lambda e: str(e["datePublished"]), reverse=True)  # stable: titles stay sorted
    return dated + [e for e in by_title if not year_known(e)]


# ----------------------------------------------------------------------------- helpers


def _named_node(iri: str, type_term: str, name: str | None) -> JsonObject:
    node: JsonObject = {"id": iri, "type": type_term}
    if name:
        node["name"] = name
    return node


def _language_map(values: Mapping[str, set[str]]) -> JsonObject:
    """``{"en": "…", "fr": "…"}``; several values in one language become a sorted list."""
    out: JsonObject = {}
    for language in sorted(values):
        texts = sorted(values[language])
        out[language] = texts[0] if len(texts) == 1 else texts
    return out


def _sort_label(labels: Mapping[str, set[str]]) -> str:
    for language in ("en", "fr", "@none"):
        if labels.get(language):
            return sorted(labels[language])[0].casefold()
    return ""


def _curie(iri: str) -> str:
    return "sg:" + iri[len(SG) :] if iri.startswith(str(SG)) else iri


def _number(term: Term) -> int | float | str:
    text = _text(term)
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Lit):
        return term.value
    return str(term)


__all__ = ["PersonRows", "build_person_document", "compact"]
