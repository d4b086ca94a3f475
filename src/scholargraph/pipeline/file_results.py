"""The :class:`~.report.FileResult` of one input file: failed, unchanged, or read (added or
updated)."""

from __future__ import annotations

from ..errors import ScholarGraphError
from ..inputs import InputFile
from ..models import SourceDocument
from .report import FileResult
from .stored import StoredSource


def failure(item: InputFile, exc: ScholarGraphError) -> FileResult:
    return FileResult(str(item.path), item.source_id, "failed", message=exc.message)


def unchanged(item: InputFile, previous: StoredSource) -> FileResult:
    return FileResult(
        str(item.path),
        item.source_id,
        "unchanged",
        publications=previous.entries or 0,
        format=previous.format,
    )


def parsed(item: InputFile, doc: SourceDocument, previous: StoredSource | None) -> FileResult:
    """A page read: added, or updated (``previous``: what the store held of it)."""
    record = doc.record
    reread = previous is not None and previous.content_hash == doc.content_sha256
    return FileResult(
        str(item.path),
        item.source_id,
        "added" if previous is None else "updated",
        message="page unchanged, read again by a changed parser" if reread else "",
        publications=len(record.publications),
        format=f"{record.format.value}/{record.language.value}",
    )
