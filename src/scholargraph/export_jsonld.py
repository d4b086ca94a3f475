"""``scholargraph export --format jsonld`` and ``export --person IRI --format jsonld``.

* :func:`load_context` reads the published context, ``ontology/context.jsonld`` (the web service
  serves the same file at :data:`CONTEXT_ROUTE`).
* :func:`write_export` writes the union of the store's graphs (records left out), or one graph,
  as flattened, compact JSON-LD with our context (Oxigraph writes expanded JSON-LD, pyld
  flattens and compacts it: one node object per subject, short keys). pyld works in memory and
  in pure Python (about a second per 5,000 triples), so past :data:`COMPACT_MAX_TRIPLES`
  triples in the store the export streams Oxigraph's own JSON-LD instead: expanded form (full
  IRIs, no context, a subject may appear in several node objects), same graph.
* :func:`person_document` runs the ``queries/jsonld-person*.rq`` queries for one person and
  builds the framed document (:func:`scholargraph.rdf.jsonld.build_person_document`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from .errors import NotFound, ScholarGraphError
from .queries import load_query
from .rdf.jsonld import JsonObject, PersonRows, build_person_document, compact
from .rdf.terms import Lit, Term
from .store_api import GraphStore

CONTEXT_FILE = "context.jsonld"
CONTEXT_ROUTE = "/ns/context.jsonld"
COMPACT_MAX_TRIPLES = 50_000


def load_context(ontology_dir: Path) -> JsonObject:
    """The context document (``{"@context": {...}}``) from ``ontology/context.jsonld``."""
    path = ontology_dir / CONTEXT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound("JSON-LD context not found", where=str(path)) from exc
    except (OSError, ValueError) as exc:
        raise ScholarGraphError(f"cannot read the JSON-LD context: {exc}", where=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("@context"), dict):
        raise ScholarGraphError("not a JSON-LD context document", where=str(path))
    return data


def write_export(
    store: GraphStore,
    output: IO[bytes],
    *,
    context: JsonObject,
    exclude_graphs: Sequence[str] = (),
    graph: str | None = None,
    max_triples: int = COMPACT_MAX_TRIPLES,
) -> str:
    """Write the union of the store's graphs (or one ``graph``) as JSON-LD; returns the form
    written: ``compact`` (our context embedded) or ``expanded`` (streamed, large stores)."""
    if len(store) > max_triples:
        store.dump(output, "jsonld", graph=graph, exclude_graphs=exclude_graphs)
        return "expanded"
    buffer = io.BytesIO()
    store.dump(buffer, "jsonld", graph=graph, exclude_graphs=exclude_graphs)
    document = compact(json.loads(buffer.getvalue()), context)
    output.write(json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"))
    output.write(b"\n")
    return "compact"


def person_document(store: GraphStore, person: str, *, context: JsonObject | str) -> JsonObject:
    """The framed JSON-LD document of ``person``; a retired IRI stands for its survivor.

    ``context`` is the context document to embed, or the URL it is published at."""
    iri = live_person(store, person)
    bindings: dict[str, Term] = {"person": iri}

    def rows(name: str) -> list[dict[str, Term]]:
        return list(store.select(load_query(name), bindings).rows)

    data = PersonRows(
        person=iri,
        facts=rows("jsonld-person"),
        topics=rows("jsonld-person-topics"),
        memberships=rows("jsonld-person-memberships"),
        publications=rows("jsonld-person-publications"),
        coauthors=rows("jsonld-person-coauthors"),
        observations=rows("jsonld-person-observations"),
    )
    return build_person_document(data, context=context)


def live_person(store: GraphStore, person: str) -> str:
    """``person`` when it is a person in the store, the survivor when it is a retired IRI."""
    rows = store.select(load_query("jsonld-person-survivor"), {"person": person}).rows
    row = rows[0] if rows else {}
    is_person = row.get("isPerson")
    if isinstance(is_person, Lit) and is_person.value == "true":
        return person
    survivor = row.get("survivor")
    if isinstance(survivor, str):
        return survivor
    raise NotFound("no person with this IRI in the store", where=person)


__all__ = [
    "COMPACT_MAX_TRIPLES",
    "CONTEXT_ROUTE",
    "live_person",
    "load_context",
    "person_document",
    "write_export",
]
