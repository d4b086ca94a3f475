"""The VoID / DCAT description of the dataset, as triples.

The dataset ``{base}/dataset`` is a ``void:Dataset`` and a ``dcat:Dataset``: title, size,
entities per class (``void:classPartition``), one ``void:subset`` per named graph with its
source document, the vocabularies it uses, the SPARQL endpoint, and one ``dcat:Distribution``
per dump file (plain and gzip) with its media type, size and sha256 (``spdx:checksum``).
Partitions, distributions and checksums are hash IRIs under the dataset IRI (no blank nodes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..config import Settings
from ..rdf.iris import short_hash
from ..rdf.terms import Lit, typed
from ..rdf.vocab import DCAT, DCTERMS, FORMATS, MEDIA_TYPES, RDF, RDFS, SD, SPDX, VOID, XSD
from .dataset_state import Description
from .jobs import DatasetStats, Digest
from .negotiation import DUMP_FORMATS, Format
from .rdf_documents import Triple

PREFIXES = {"spdx": str(SPDX), "sd": str(SD)}
FORMAT_IRIS = {
    "nquads": FORMATS["N-Quads"],
    "trig": FORMATS.TriG,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
}
TITLES = {
    "nquads": "N-Quads (all named graphs)",
    "trig": "TriG (all named graphs)",
    "turtle": "Turtle (merge of all graphs)",
    "ntriples": "N-Triples (merge of all graphs)",
    "jsonld": "JSON-LD (merge of all graphs)",
}


@dataclass(frozen=True)
class Links:
    sparql: str
    dump: Callable[[str], str]  # file name (nquads, nquads.gz...) -> download URL


def void_description(
    settings: Settings,
    dataset: str,
    known: Description,
    links: Links,
    modified: datetime | None,
) -> list[Triple]:
    """The description, with the statistics and checksums ``known`` holds; while some are
    still being computed, an ``rdfs:comment`` says the description is incomplete."""
    d = dataset
    triples: list[Triple] = [
        (d, RDF.type, VOID.Dataset),
        (d, RDF.type, DCAT.Dataset),
        (d, DCTERMS["title"], Lit(f"Researchers of {settings.institute_name}", None, "en")),
        (
            d,
            DCTERMS.description,
            Lit(
                "People, publications, organizations and research topics read from profile and "
                "author pages, with one named graph per source page.",
                None,
                "en",
            ),
        ),
        (d, VOID.sparqlEndpoint, links.sparql),
        (d, VOID.uriSpace, Lit(f"{settings.base}/id/")),
    ]
    if not known.complete:
        triples.append((d, RDFS.comment, Lit(_incomplete(known), None, "en")))
    if modified is not None:
        triples.append((d, DCTERMS.modified, typed(modified.isoformat(), "dateTime")))
    if settings.web.dataset_license:
        triples.append((d, DCTERMS.license, settings.web.dataset_license))
    if known.stats is not None:
        triples += _statistics(d, known.stats)
    for fmt in DUMP_FORMATS:
        triples.append((d, VOID.feature, FORMAT_IRIS[fmt.name]))
        plain, packed = known.digests.get(fmt.name, (None, None))
        triples += _distribution(d, fmt, False, plain, links)
        triples += _distribution(d, fmt, True, packed, links)
    return triples


def _incomplete(known: Description) -> str:
    missing = [] if known.stats is not None else ["the statistics"]
    if len(known.digests) < len(DUMP_FORMATS):
        missing.append("the sizes and checksums of the dumps")
    why = (
        f"computing them failed ({known.failure}); the next request tries again"
        if known.failure
        else "they are being computed; ask again in a few minutes"
    )
    return f"Incomplete description: {' and '.join(missing)} are missing, because {why}."


def _statistics(d: str, stats: DatasetStats) -> list[Triple]:
    triples: list[Triple] = [
        (d, VOID.triples, typed(stats.triples, "integer")),
        (d, VOID.classes, typed(len(stats.classes), "integer")),
    ]
    triples += [(d, VOID.vocabulary, namespace) for namespace in stats.vocabularies]
    for cls, count in stats.classes:
        partition = f"{d}#class-{short_hash(cls)}"
        triples += [
            (d, VOID.classPartition, partition),
            (partition, VOID["class"], cls),
            (partition, VOID.entities, typed(count, "integer")),
        ]
    for graph in stats.graphs:
        triples += [
            (d, VOID.subset, graph.graph),
            (graph.graph, RDF.type, VOID.Dataset),
            (graph.graph, SD.name, graph.graph),
            (graph.graph, VOID.triples, typed(graph.triples, "integer")),
        ]
        if graph.source:
            triples.append((graph.graph, DCTERMS.source, graph.source))
    return triples


def _distribution(
    d: str, fmt: Format, gzip: bool, digest: Digest | None, links: Links
) -> list[Triple]:
    """One dump file as a ``dcat:Distribution``: its size and checksum once ``digest`` is known."""
    name = fmt.name + (".gz" if gzip else "")
    url = links.dump(name)
    dist = f"{d}#dump-{name.replace('.', '-')}"
    title = TITLES[fmt.name] + (", gzip" if gzip else "")
    triples: list[Triple] = [
        (d, VOID.dataDump, url),
        (d, DCAT.distribution, dist),
        (dist, RDF.type, DCAT.Distribution),
        (dist, DCTERMS["title"], Lit(title, None, "en")),
        (dist, DCAT.downloadURL, url),
        (dist, DCAT.accessURL, url),
        (dist, DCAT.mediaType, MEDIA_TYPES[fmt.media_type]),
        (dist, DCTERMS["format"], FORMAT_IRIS[fmt.name]),
    ]
    if gzip:
        triples.append((dist, DCAT.compressFormat, MEDIA_TYPES["application/gzip"]))
    if digest is not None:
        checksum = f"{dist}-sha256"
        triples += [
            (dist, DCAT.byteSize, typed(digest.size, "integer")),
            (dist, SPDX.checksum, checksum),
            (checksum, RDF.type, SPDX.Checksum),
            (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
            (checksum, SPDX.checksumValue, Lit(digest.sha256, XSD.hexBinary)),
        ]
    return triples
