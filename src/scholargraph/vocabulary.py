"""Controlled vocabularies the resolver needs: research topics (en/fr), membership types,
known organizations and their tags, arXiv categories.

They are SKOS files in ``ontology/``; :func:`vocabulary_from_triples` turns their triples (read by
the caller) into a plain, typed structure, so resolution stays a pure function of its inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SG = "https://w3id.org/scholargraph/ns#"

# (subject IRI, predicate IRI, object value, object language or None) - literals by lexical form.
SimpleTriple = tuple[str, str, str, str | None]


class Concept(BaseModel):
    model_config = ConfigDict(frozen=True)

    iri: str
    scheme: str | None = None
    pref_labels: dict[str, str] = {}  # language -> label
    alt_labels: tuple[tuple[str, str], ...] = ()  # (language, label); tags have language ""
    notation: str | None = None


class Vocabulary(BaseModel):
    model_config = ConfigDict(frozen=True)

    topics: tuple[Concept, ...] = ()
    memberships: tuple[Concept, ...] = ()
    organizations: tuple[Concept, ...] = ()
    categories: tuple[Concept, ...] = ()


TOPIC_SCHEME = SG + "ResearchTopics"
MEMBERSHIP_SCHEME = SG + "MembershipTypes"
ORGANIZATION_SCHEME = SG + "KnownOrganizations"
ARXIV_SCHEME = SG + "ArxivCategories"


def vocabulary_from_triples(triples: Iterable[SimpleTriple]) -> Vocabulary:
    """Collect the concepts of the four schemes from SKOS triples."""
    schemes: dict[str, str] = {}
    prefs: dict[str, dict[str, str]] = defaultdict(dict)
    alts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    notations: dict[str, str] = {}
    for s, p, o, lang in triples:
        if p == SKOS + "inScheme":
            schemes[s] = o
        elif p == SKOS + "prefLabel":
            prefs[s][lang or ""] = o
        elif p in (SKOS + "altLabel", SKOS + "hiddenLabel"):
            alts[s].append((lang or "", o))
        elif p == SKOS + "notation":
            notations[s] = o
    buckets: dict[str, list[Concept]] = defaultdict(list)
    for iri, scheme in sorted(schemes.items()):
        buckets[scheme].append(
            Concept(
                iri=iri,
                scheme=scheme,
                pref_labels=dict(prefs.get(iri, {})),
                alt_labels=tuple(sorted(alts.get(iri, []))),
                notation=notations.get(iri),
            )
        )
    return Vocabulary(
        topics=tuple(buckets[TOPIC_SCHEME]),
        memberships=tuple(buckets[MEMBERSHIP_SCHEME]),
        organizations=tuple(buckets[ORGANIZATION_SCHEME]),
        categories=tuple(buckets[ARXIV_SCHEME]),
    )
