"""Language choice and the few words the pages print themselves.

The graph holds labels in English and French (topics, membership roles, job titles). A page is
rendered in one language: ``?lang=en|fr`` wins, then the browser's ``Accept-Language``, then
English. Labels fall back to the other language, then to an untagged label, so nothing known is
ever hidden because it was only seen in one language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Request

from ..rdf.terms import Lit, Term

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "search": "Search",
        "colon": ":",
        "quote_open": "“",
        "quote_close": "”",
        "search_placeholder": "A person's name or a paper title",
        "people": "People",
        "publications": "Publications",
        "topics": "Research topics",
        "memberships": "Membership",
        "positions": "Positions",
        "metrics": "Metrics",
        "sources": "Sources",
        "sources_intro": "The facts on this page come from these source documents:",
        "no_sources": "No source document states facts about this entry (vocabulary only).",
        "also_written": "Also written",
        "authors": "Authors",
        "et_al": "et al.",
        "position_unknown": "position in the author list not stated",
        "code": "Code",
        "code_available": "available",
        "abstract": "Abstract",
        "abstract_from": "from",
        "date": "Date",
        "category": "Category",
        "organizations": "Organizations",
        "alternate_titles": "Other titles",
        "alternate_names": "Other names",
        "labels": "Labels",
        "wikidata": "Wikidata",
        "members": "Members",
        "works_here": "People working here",
        "tagged_papers": "Papers tagged with this organization",
        "no_results": "Nothing found.",
        "results_for": "Results for",
        "counts": "In the graph",
        "examples": "Example queries",
        "downloads": "Downloads",
        "dataset_description": "Dataset description (VoID)",
        "sparql_endpoint": "SPARQL endpoint",
        "data_formats": "This entry as data",
        "facts": "Facts",
        "linked_from": "Linked from",
        "awards": "Distinctions",
        "biography": "Biography",
        "job_titles": "Job titles",
        "observed": "observed",
        "language": "Language",
        "retrieved": "captured",
        "ingested": "ingested",
        "profile_page": "profile page",
        "aggregator_page": "aggregator page",
        "more_sources": "more source documents",
        "sources_in_all": "in all",
        "shown_of": "{shown} of {total} listed here",
        "full_list": "all of them through SPARQL",
        "full_list_in": "all of them through SPARQL, in {answers} answers",
        "search_more": "The best {shown} matches are listed; type more of the name or title "
        "to narrow the search.",
        "home_intro": "Researchers, their papers, topics and organizations, "
        "read from profile and author pages, with the source of every fact.",
        "search_hint": "Names and titles match without regard to case or accents.",
        "person": "Person",
        "publication": "Publication",
        "topic": "Research topic",
        "organization": "Organization",
        "entity": "Entry",
        "and_more": "and more",
        "search_sources": "Each result's page names the source documents its facts came from.",
        "concepts": "Concepts (topics, categories)",
        "authorships": "Authorships",
        "observations": "Observations",
        "switch_language": "Français",
    },
    "fr": {
        "search": "Rechercher",
        "colon": "\u00a0:",
        "quote_open": "«\u00a0",
        "quote_close": "\u00a0»",
        "search_placeholder": "Nom d'une personne ou titre d'un article",
        "people": "Personnes",
        "publications": "Publications",
        "topics": "Sujets de recherche",
        "memberships": "Adhésion",
        "positions": "Postes",
        "metrics": "Indicateurs",
        "sources": "Sources",
        "sources_intro": "Les faits de cette page viennent de ces documents sources :",
        "no_sources": "Aucun document source ne décrit cette entrée (vocabulaire seulement).",
        "also_written": "Aussi écrit",
        "authors": "Auteurs",
        "et_al": "et al.",
        "position_unknown": "position dans la liste des auteurs non indiquée",
        "code": "Code",
        "code_available": "disponible",
        "abstract": "Résumé",
        "abstract_from": "selon",
        "date": "Date",
        "category": "Catégorie",
        "organizations": "Organisations",
        "alternate_titles": "Autres titres",
        "alternate_names": "Autres noms",
        "labels": "Libellés",
        "wikidata": "Wikidata",
        "members": "Membres",
        "works_here": "Personnes qui y travaillent",
        "tagged_papers": "Articles associés à cette organisation",
        "no_results": "Aucun résultat.",
        "results_for": "Résultats pour",
        "counts": "Dans le graphe",
        "examples": "Exemples de requêtes",
        "downloads": "Téléchargements",
        "dataset_description": "Description du jeu de données (VoID)",
        "sparql_endpoint": "Point d'accès SPARQL",
        "data_formats": "Cette entrée en données",
        "facts": "Faits",
        "linked_from": "Liée depuis",
        "awards": "Distinctions",
        "biography": "Biographie",
        "job_titles": "Titres",
        "observed": "observé le",
        "language": "Langue",
        "retrieved": "capturé le",
        "ingested": "ingéré le",
        "profile_page": "page de profil",
        "aggregator_page": "page d'agrégateur",
        "more_sources": "autres documents sources",
        "sources_in_all": "au total",
        "shown_of": "{shown} sur {total} listés ici",
        "full_list": "tous par SPARQL",
        "full_list_in": "tous par SPARQL, en {answers} réponses",
        "search_more": "Les {shown} meilleures correspondances sont listées ; tapez davantage "
        "du nom ou du titre pour affiner la recherche.",
        "home_intro": "Des chercheurs, leurs articles, sujets et organisations, "
        "lus dans des pages de profil et d'auteur, avec la source de chaque fait.",
        "search_hint": "Les noms et titres sont comparés sans tenir compte de la casse "
        "ni des accents.",
        "person": "Personne",
        "publication": "Publication",
        "topic": "Sujet de recherche",
        "organization": "Organisation",
        "entity": "Entrée",
        "and_more": "et plus",
        "search_sources": "La page de chaque résultat nomme les documents sources de ses faits.",
        "concepts": "Concepts (sujets, catégories)",
        "authorships": "Signatures d'auteur",
        "observations": "Observations",
        "switch_language": "English",
    },
}


# Names of the measured properties of observations, when the vocabulary gives none.
METRIC_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "hIndex": "h-index",
        "citationCount": "Citations",
        "publicationCount": "Papers",
        "listedPublicationCount": "Papers listed",
        "noveltyScore": "Novelty",
        "aiScore": "AI score",
    },
    "fr": {
        "hIndex": "indice h",
        "citationCount": "Citations",
        "publicationCount": "Articles",
        "listedPublicationCount": "Articles listés",
        "noveltyScore": "Nouveauté",
        "aiScore": "Score IA",
    },
}


@dataclass(frozen=True)
class LanguageChoice:
    """The page language and whether the viewer asked for it explicitly (``?lang=``)."""

    lang: str
    explicit: bool

    @property
    def other(self) -> str:
        return next(code for code in LANGUAGES if code != self.lang)


def choose_language(request: Request) -> LanguageChoice:
    """``?lang=`` when valid, else the best ``Accept-Language`` match, else English."""
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in LANGUAGES:
        return LanguageChoice(asked, True)
    best = request.accept_languages.best_match(LANGUAGES)
    if best is None:
        # "fr-CA" is not matched by "fr" in every werkzeug version: compare primary subtags.
        for value, _quality in request.accept_languages:
            primary = value.split("-")[0].lower()
            if primary in LANGUAGES:
                best = primary
                break
    return LanguageChoice(best or DEFAULT_LANGUAGE, False)


def text(lang: str) -> dict[str, str]:
    """The interface words of ``lang``."""
    return TEXT.get(lang, TEXT[DEFAULT_LANGUAGE])


def pick_literal(values: Iterable[Term], lang: str) -> str | None:
    """The value in ``lang``; else in the other language; else untagged; else anything."""
    literals = [v for v in values if isinstance(v, Lit)]
    if not literals:
        return None
    order = [lang, *(code for code in LANGUAGES if code != lang)]

    def rank(item: Lit) -> tuple[int, str]:
        tag = (item.language or "").split("-")[0].lower()
        position = order.index(tag) if tag in order else (len(order) if not tag else 99)
        return (position, item.value)

    return min(literals, key=rank).value


def literals_by_language(values: Iterable[Term]) -> dict[str, list[str]]:
    """Group literal values by language tag (``""`` for untagged), keeping first-seen order."""
    out: dict[str, list[str]] = {}
    for value in values:
        if isinstance(value, Lit):
            bucket = out.setdefault((value.language or "").lower(), [])
            if value.value not in bucket:
                bucket.append(value.value)
    return out
