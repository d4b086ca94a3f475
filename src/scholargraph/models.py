"""Typed records shared by parsing, resolution and mapping.

Parsers turn one page's text into a :class:`PageRecord`. Nothing here knows about files, IRIs or
RDF: a record says what one page said, as cleaned as is safe, with the raw text kept where a
cleanup could be disputed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# One set object for each distinct set of fields records were given (a dozen in all).
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        """Share pydantic's set of the fields this record was given (``model_fields_set``) with
        every record given the same fields. Each model instance otherwise holds a set of its own:
        at 10,000 researchers 1.7 M sets, 516 MB of the 1.28 GB the parsed pages take, with 13
        distinct values. Sharing is safe because a record is frozen (pydantic refuses an
        assignment before it would add to the set) and ``model_copy`` copies the set before
        updating it; a parse worker's records then also pickle each distinct set once per batch of
        pages it sends back.
        """
        fields_set = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(fields_set), fields_set)
        if shared is not fields_set:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


class PageFormat(StrEnum):
    PROFILE = "profile"  # institute person page (English or French edition)
    AGGREGATOR = "aggregator"  # paper-aggregator author page


class Language(StrEnum):
    EN = "en"
    FR = "fr"


class PersonName(Record):
    """A person's name as one page wrote it."""

    raw: str  # exactly as on the page (one line or one comma-separated item)
    text: str  # cleaned: Unicode NFC, spacing, LaTeX damage repaired where clear, suffix removed
    homonym_suffix: str | None = None  # e.g. "0001" from "Yutian Chen 0001": a hint, not a name


class AuthorMention(Record):
    """One author of one publication entry."""

    name: PersonName
    # 1-based position in the paper's author list, only when the page states it (aggregator
    # pages); None on profile pages, where the owner's position is unknown.
    rank: int | None = Field(default=None, ge=1)
    # 1-based position among the co-authors a profile page lists (the owner left out): the
    # relative order is known even when absolute ranks are not.
    listed_index: int | None = Field(default=None, ge=1)
    is_owner: bool = False


class PartialDate(Record):
    """A date at the precision the page gives: never a guessed part."""

    year: int | None = Field(default=None, ge=1000, le=9999)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _check_precision(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.year is None and self.month is None:
            raise ValueError("a date needs at least a year or a month")
        return self

    @property
    def precision(self) -> str:
        """One of ``date``, ``gYearMonth``, ``gYear``, ``gMonthDay``, ``gMonth``."""
        if self.year is not None:
            if self.month is None:
                return "gYear"
            return "gYearMonth" if self.day is None else "date"
        return "gMonth" if self.day is None else "gMonthDay"

    @property
    def lexical(self) -> str:
        """The XSD lexical form for :attr:`precision`."""
        match self.precision:
            case "date":
                return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            case "gYearMonth":
                return f"{self.year:04d}-{self.month:02d}"
            case "gYear":
                return f"{self.year:04d}"
            case "gMonthDay":
                return f"--{self.month:02d}-{self.day:02d}"
            case _:
                return f"--{self.month:02d}"


class Position(Record):
    """One position line of a profile: ``TITLE, ORGANIZATION[, DEPARTMENT]``."""

    raw: str
    title: str | None = None
    organization: str | None = None
    department: str | None = None


class Metric(Record):
    """One figure an aggregator page shows about its owner (observed on the capture date)."""

    name: str  # hIndex, citationCount, publicationCount, listedPublicationCount, novelty, aiScore
    value: float
    unit: str | None = None  # "percent" for Novelty
    raw: str


class Publication(Record):
    """One publication entry of a page, in page order."""

    index: int = Field(ge=0)  # position of the entry on the page, 0-based
    title: str  # cleaned
    raw_title: str
    authors: tuple[AuthorMention, ...] = ()  # in the page's order (owner included where listed)
    # False when the page cuts the list ("et al."); True when the page gives the whole list;
    # None when it cannot be told (profile pages leave the owner out at an unknown position).
    author_list_complete: bool | None = None
    owner_is_author: bool = True  # the page's owner is an author of every entry on it
    abstract: str | None = None
    abstract_truncated: bool = False
    date: PartialDate | None = None
    category: str | None = None  # arXiv category with its archive, e.g. "cs.LG"
    code_available: bool | None = None
    organization_tags: tuple[str, ...] = ()  # lowercase tags as written ("deepmind")


class PageRecord(Record):
    """Everything one page says, in the order it says it."""

    format: PageFormat
    language: Language
    owner: PersonName
    membership: str | None = None  # "Affiliate Member" / "Membre affilié", as written
    distinctions: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    topics: tuple[str, ...] = ()  # labels in the page's language
    biography: str | None = None
    primary_category: str | None = None  # aggregator header, e.g. "cs.LG"
    metrics: tuple[Metric, ...] = ()
    publications: tuple[Publication, ...] = ()
    warnings: tuple[str, ...] = ()  # what the parser noticed and worked around


class SourceDocument(Record):
    """A page as the pipeline read it: identity, provenance and the parsed record."""

    source_id: str  # URL when known, else the absolute path
    path: str | None = None
    content_sha256: str
    retrieved: str | None = None  # ISO date the page was captured (manifest or file mtime)
    record: PageRecord


# --------------------------------------------------------------------------------------------
# Resolution output: who and what is the same across every page ingested so far.
# --------------------------------------------------------------------------------------------


class EntityKind(StrEnum):
    PERSON = "person"
    PUBLICATION = "publication"
    ORGANIZATION = "organization"
    TOPIC = "topic"


# Mention references: where in which document an entity was mentioned.
#   person:        (source_id, "owner") or (source_id, "author", publication_index, author_index)
#   publication:   (source_id, "publication", publication_index)
#   organization:  (source_id, "organization", surface) - surface as written (name or tag)
#   topic:         (source_id, "topic", label) - label as written
MentionRef = tuple[str | int, ...]


def owner_ref(source_id: str) -> MentionRef:
    return (source_id, "owner")


def author_ref(source_id: str, publication_index: int, author_index: int) -> MentionRef:
    return (source_id, "author", publication_index, author_index)


def publication_ref(source_id: str, publication_index: int) -> MentionRef:
    return (source_id, "publication", publication_index)


def organization_ref(source_id: str, surface: str) -> MentionRef:
    return (source_id, "organization", surface)


def topic_ref(source_id: str, label: str) -> MentionRef:
    return (source_id, "topic", label)


class Merge(Record):
    """Why two spellings became one entity (written to the resolution graph)."""

    label: str  # the spelling that joined
    into: str  # the spelling it was matched against
    score: float = Field(ge=0, le=100)
    reason: str  # short machine-readable reason, e.g. "initials", "latex-damage", "title-version"


class Entity(Record):
    """One real person, publication, organization or topic."""

    kind: EntityKind
    key: str  # IRI-safe local id (lowercase ASCII, digits, hyphens), unique within its kind
    label: str  # display label: the best spelling seen
    alternate_labels: tuple[str, ...] = ()  # every other spelling seen, sorted
    aliases: tuple[str, ...] = ()  # keys that members would have had alone (retired IRIs)
    merges: tuple[Merge, ...] = ()
    homonym_hints: tuple[str, ...] = ()  # suffixes such as "0001" seen on member names
    # topics only: the vocabulary concept IRI when the vocabulary knows it, and the labels seen
    concept_iri: str | None = None
    labels_by_language: tuple[tuple[str, str], ...] = ()  # (language, label) pairs seen


class Resolution(BaseModel):
    """Entities and, for every mention, the key of the entity it denotes."""

    model_config = ConfigDict(frozen=True)

    entities: tuple[Entity, ...]
    mentions: dict[EntityKind, dict[MentionRef, str]]

    def entity_key(self, kind: EntityKind, ref: MentionRef) -> str:
        return self.mentions[kind][ref]
