"""What a source graph's mapping reads, as one fingerprint per document (pure: no I/O).

:func:`~.mapping.map_document` reads, for one document: the document itself (identity, path,
content hash, retrieval date; the record is a function of the content and the parser version),
the entity key the resolution gave each of the document's own mentions (every mention ref
starts with the document's source id), the ``concept_iri`` of the topic entities those mentions
name, the controlled vocabulary, the IRI base, the institute's name, and the mapping code
itself. :func:`mapping_fingerprints` hashes exactly those. An ingest whose fingerprint for a
stored graph equals the one stored with it (``sg:mappingInputs``) knows the graph would come
out the same, and skips mapping it: after a one-page change only the documents whose mentions
moved are mapped again. A change to anything :func:`~.mapping.map_document` reads must be added
here (``tests/benchmarks_smoke/test_fast_paths.py`` compares the skipping path with fresh
ingests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..models import EntityKind, SourceDocument
from .mapping import MappingContext

_CODE = (Path(__file__).parent, Path(__file__).parents[1] / "models.py")


def files_digest(paths: Iterable[Path]) -> str:
    """sha256 over source files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The mapping code's own fingerprint: the ``rdf`` package and the record models."""
    folder, models = _CODE
    return files_digest([*sorted(folder.glob("*.py")), models])


def mapping_fingerprints(
    documents: Iterable[SourceDocument], ctx: MappingContext, vocabulary_digest: str
) -> dict[str, str]:
    """Source id -> sha256 of everything :func:`~.mapping.map_document` reads for it."""
    shared = "\n".join(
        (
            code_digest(),
            ctx.parser_version,
            ctx.iris.base,
            ctx.institute_name,
            vocabulary_digest,
        )
    )
    per_source: dict[str, list[str]] = {}
    for kind, refs in ctx.resolution.mentions.items():
        for ref, key in refs.items():
            line = f"{kind.value}\t{ref!r}\t{key}"
            if kind is EntityKind.TOPIC:
                line += f"\t{ctx.entities[(kind, key)].concept_iri or ''}"
            per_source.setdefault(str(ref[0]), []).append(line)
    out: dict[str, str] = {}
    for doc in documents:
        digest = hashlib.sha256(shared.encode())
        head = (doc.source_id, doc.path, doc.content_sha256, doc.retrieved or "")
        digest.update("\n".join(map(str, head)).encode())
        for line in sorted(per_source.get(doc.source_id, ())):
            digest.update(b"\n")
            digest.update(line.encode())
        out[doc.source_id] = digest.hexdigest()
    return out
