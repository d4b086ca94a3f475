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

The same per-document lines are kept with each record (``sg:mentionKeys``, compressed JSON:
:func:`encode_mentions`), so a page whose new version the resolver reads as it read the old
one can be mapped again from them alone (:func:`one_document_resolution`), without resolving.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping

from ..code_fingerprint import code_digest
from ..models import Entity, EntityKind, MentionRef, Resolution, SourceDocument
from .mapping import MappingContext

# One mention of a document as its mapping reads it: kind, reference, entity key, and for topics
# the concept IRI the vocabulary gave the entity ("" for none).
MentionKey = tuple[EntityKind, MentionRef, str, str]


def mapping_code_digest() -> str:
    """The mapping code's own fingerprint: this module, the mapping and what they import (the
    record models, IRIs, terms, the vocabulary model)."""
    return code_digest("rdf/mapping.py", "rdf/mapping_inputs.py")


def document_mentions(ctx: MappingContext) -> dict[str, list[MentionKey]]:
    """Source id -> what its mapping reads of the resolution (every mention ref starts with
    the document's source id), in the resolution's order."""
    out: dict[str, list[MentionKey]] = {}
    for kind, refs in ctx.resolution.mentions.items():
        for ref, key in refs.items():
            concept = ""
            if kind is EntityKind.TOPIC:
                concept = ctx.entities[(kind, key)].concept_iri or ""
            out.setdefault(str(ref[0]), []).append((kind, ref, key, concept))
    return out


def mapping_fingerprints(
    documents: Iterable[SourceDocument],
    ctx: MappingContext,
    vocabulary_digest: str,
    mentions: Mapping[str, list[MentionKey]] | None = None,
) -> dict[str, str]:
    """Source id -> sha256 of everything :func:`~.mapping.map_document` reads for it
    (``mentions``: :func:`document_mentions` of ``ctx``, when the caller has it)."""
    shared = "\n".join(
        (
            mapping_code_digest(),
            ctx.parser_version,
            ctx.iris.base,
            ctx.institute_name,
            vocabulary_digest,
        )
    )
    per_source = document_mentions(ctx) if mentions is None else mentions
    out: dict[str, str] = {}
    for doc in documents:
        digest = hashlib.sha256(shared.encode())
        head = (doc.source_id, doc.path, doc.content_sha256, doc.retrieved or "")
        digest.update("\n".join(map(str, head)).encode())
        lines = []
        for kind, ref, key, concept in per_source.get(doc.source_id, ()):
            line = f"{kind.value}\t{ref!r}\t{key}"
            lines.append(line + f"\t{concept}" if kind is EntityKind.TOPIC else line)
        for line in sorted(lines):
            digest.update(b"\n")
            digest.update(line.encode())
        out[doc.source_id] = digest.hexdigest()
    return out


def encode_mentions(mentions: Iterable[MentionKey]) -> str:
    """One document's mentions as stored with its record (zlib-compressed JSON, base64)."""
    rows = [[kind.value, list(ref), key, concept] for kind, ref, key, concept in mentions]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def decode_mentions(text: str) -> list[MentionKey]:
    """The inverse of :func:`encode_mentions` (``ValueError`` when it is not one)."""
    try:
        rows = json.loads(zlib.decompress(base64.b64decode(text, validate=True)))
        return [(EntityKind(kind), tuple(ref), str(key), str(c)) for kind, ref, key, c in rows]
    except (zlib.error, TypeError, KeyError) as exc:  # binascii.Error is a ValueError
        raise ValueError(f"unreadable mention keys: {exc}") from exc


def one_document_resolution(mentions: Iterable[MentionKey]) -> Resolution:
    """The resolution as one document's mapping reads it: its mentions' keys and, for its
    topics, the entities' concept IRIs (labels and merges are not read there)."""
    by_kind: dict[EntityKind, dict[MentionRef, str]] = {kind: {} for kind in EntityKind}
    topics: dict[str, Entity] = {}
    for kind, ref, key, concept in mentions:
        by_kind[kind][ref] = key
        if kind is EntityKind.TOPIC:
            topics[key] = Entity(kind=kind, key=key, label=key, concept_iri=concept or None)
    return Resolution(entities=tuple(topics.values()), mentions=by_kind)
