"""Hand-made records for resolver tests (the resolver is tested without the parsers)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from scholargraph.models import (
    AuthorMention,
    EntityKind,
    Language,
    PageFormat,
    PageRecord,
    PartialDate,
    PersonName,
    Position,
    Publication,
    Resolution,
    SourceDocument,
)

OWNER = "Razvan Pascanu"
INSTITUTE = "Mila - Quebec Artificial Intelligence Institute"


def name(text: str, suffix: str | None = None) -> PersonName:
    return PersonName(
        raw=text if suffix is None else f"{text} {suffix}", text=text, homonym_suffix=suffix
    )


def author(text: str, rank: int | None = None, suffix: str | None = None) -> AuthorMention:
    return AuthorMention(name=name(text, suffix), rank=rank)


def pub(
    index: int,
    title: str,
    authors: Iterable[str | AuthorMention] = (),
    *,
    abstract: str | None = None,
    year: int | None = None,
    tags: Sequence[str] = (),
    complete: bool | None = None,
) -> Publication:
    mentions = tuple(a if isinstance(a, AuthorMention) else author(a) for a in authors)
    return Publication(
        index=index,
        title=title,
        raw_title=title,
        authors=mentions,
        author_list_complete=complete,
        abstract=abstract,
        date=PartialDate(year=year) if year else None,
        organization_tags=tuple(tags),
    )


def _doc(source_id: str, record: PageRecord) -> SourceDocument:
    digest = hashlib.sha256(record.model_dump_json().encode()).hexdigest()
    return SourceDocument(source_id=source_id, content_sha256=digest, record=record)


def profile(
    source_id: str,
    publications: Sequence[Publication] = (),
    *,
    owner: str = OWNER,
    topics: Sequence[str] = (),
    positions: Sequence[str] = (),
    language: Language = Language.EN,
) -> SourceDocument:
    return _doc(
        source_id,
        PageRecord(
            format=PageFormat.PROFILE,
            language=language,
            owner=name(owner),
            topics=tuple(topics),
            positions=tuple(
                Position(raw=p, title=p.split(", ")[0], organization=p.split(", ")[1])
                for p in positions
            ),
            publications=tuple(publications),
        ),
    )


def aggregator(
    source_id: str, publications: Sequence[Publication] = (), *, owner: str = OWNER
) -> SourceDocument:
    return _doc(
        source_id,
        PageRecord(
            format=PageFormat.AGGREGATOR,
            language=Language.EN,
            owner=name(owner),
            publications=tuple(publications),
        ),
    )


def person_groups(resolution: Resolution) -> dict[str, set[str]]:
    """Entity key -> the spellings of its mentions (as written in the records)."""
    return {
        e.key: {e.label, *e.alternate_labels}
        for e in resolution.entities
        if e.kind is EntityKind.PERSON
    }


def key_of_label(resolution: Resolution, kind: EntityKind, label: str) -> str:
    """The key of the entity whose label or alternate label is ``label`` (must be unique)."""
    keys = {
        e.key
        for e in resolution.entities
        if e.kind is kind and (e.label == label or label in e.alternate_labels)
    }
    assert len(keys) == 1, (label, keys)
    return keys.pop()


def entity(resolution: Resolution, kind: EntityKind, key: str):  # type: ignore[no-untyped-def]
    return next(e for e in resolution.entities if e.kind is kind and e.key == key)
