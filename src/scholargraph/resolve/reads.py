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

from ..models import PageRecord, Publication, Record, SourceDocument
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


def _changed_fields(old: Record, new: Record) -> list[str]:
    names = type(old).model_fields
    return [n.replace("_", " ") for n in names if getattr(old, n) != getattr(new, n)]


def resolution_change(old: SourceDocument, new: SourceDocument) -> str | None:
    """What the resolver reads differently in ``new`` than in ``old`` (``None``: nothing), in
    words for the ingest report: ``"publication entries: 39, were 38"``, ``"entry 12: title,
    authors"``, ``"owner, topics"``. ``None`` means resolving with ``new`` in place of ``old``
    gives the resolution ``old`` gave. The resolver sorts documents by source id (content
    hashes only break ties between equal ids, which one store never holds), so the identity
    must match too."""
    if old.source_id != new.source_id:
        return "another source"
    before, after = resolution_view(old), resolution_view(new)
    fields = [name for name in _changed_fields(before, after) if name != "publications"]
    if len(before.publications) != len(after.publications):
        counted = f"{len(after.publications)}, were {len(before.publications)}"
        return ", ".join([*fields, f"publication entries: {counted}"])
    for was, now in zip(before.publications, after.publications, strict=True):
        if was != now:
            fields.append(f"entry {now.index}: {', '.join(_changed_fields(was, now))}")
            break
    return ", ".join(fields) or None
