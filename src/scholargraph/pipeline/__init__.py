"""The ingest pipeline: read -> parse -> resolve -> map -> store, and ``forget``.

Resolution is a function of the whole set of documents, so an ingest that changes what the
resolver reads re-resolves all stored documents (their parsed records are kept in the store) and
rewrites only the graphs whose content changed; a few changed pages the resolver reads as before
are mapped again in place, the stored resolution kept (:func:`.in_place.ingest_in_place`). Each
source document is written in one transaction (its graph, metadata and record together): a
process killed mid-ingest leaves every source entirely old or entirely new.

Modules, each importing only those listed before it:

- ``report``: what an ingest or a forget reports, and the ``Clock`` and ``Progress`` callables.
- ``stored``: what the store already holds (stored sources, records, repair after a crash).
- ``file_results``: each input file's ``FileResult`` (failed, unchanged, added or updated).
- ``vocabulary``: the vocabulary files, loaded, and the vocabulary graph kept in step.
- ``parsing``: reading and parsing input files, in worker processes when there are many.
- ``writing``: mapping and writing source graphs, descriptions, resolution and index graphs.
- ``local``: resolving again only what changed pages reach, written in one transaction.
- ``in_place``: a few changed pages mapped in place, or resolved where they reach.
- ``ingesting``: ``ingest``, the full path (resolve every stored document) included.
- ``forgetting``: ``forget``.
"""

from __future__ import annotations

from ..rdf.nquads import graph_digest
from .forgetting import forget
from .ingesting import ingest
from .parsing import parse_file
from .report import Clock, FileResult, ForgetReport, IngestReport, Progress
from .stored import StoredSource, find_source, stored_documents, stored_sources
from .vocabulary import VOCABULARY_FILES, load_vocabulary

__all__ = [
    "VOCABULARY_FILES",
    "Clock",
    "FileResult",
    "ForgetReport",
    "IngestReport",
    "Progress",
    "StoredSource",
    "find_source",
    "forget",
    "graph_digest",
    "ingest",
    "load_vocabulary",
    "parse_file",
    "stored_documents",
    "stored_sources",
]
