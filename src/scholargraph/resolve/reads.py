"""What resolution reads of a document, so a changed page can be told apart from one whose
change leaves every entity as it was.

:func:`resolution_view` is the document with every field the resolver never reads blanked
(biography, distinctions, membership, metrics, warnings, the aggregator's primary category; per
entry the raw title, arXiv category, code flag, truncation flag, and the abstract past the
opening the resolver compares). Blanking, not picking: a field added to the records later is
read until it is listed here. Two versions of a page with equal views are the same input to
:func:`~scholargraph.resolve.resolve`: an ingest of such a change maps only that page again
(``tests/resolve/test_resolve_reads.py`` checks that the blanked fields never move a resolution).
"""

from __future__ import annotations

from ..models import PageRecord, Publication, SourceDocument
from .normalize import normalize_abstract_opening


def _entry_view(publication: Publication) -> Publication:
    opening = normalize_abstract_opening(publication.abstract) if publication.abstract else None
    return publication.model_copy(
        update={
            "abstract": opening or None,
            "abstract_truncated": False,
            "raw_title": "",
            "category": None,
            "code_available": None,
        }
    )


def resolution_view(doc: SourceDocument) -> PageRecord:
    """The record as the resolver sees it (see the module's docstring)."""
    record = doc.record
    return record.model_copy(
        update={
            "membership": None,
            "distinctions": (),
            "biography": None,
            "primary_category": None,
            "metrics": (),
            "warnings": (),
            "publications": tuple(_entry_view(p) for p in record.publications),
        }
    )


def same_resolution_input(old: SourceDocument, new: SourceDocument) -> bool:
    """Whether resolving with ``new`` in place of ``old`` gives the resolution ``old`` gave.

    The resolver sorts documents by source id (content hashes only break ties between equal
    ids, which one store never holds), so the identity must match and the views be equal."""
    return old.source_id == new.source_id and resolution_view(old) == resolution_view(new)
