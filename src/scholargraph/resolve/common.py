"""Small shared pieces of the resolver: entity drafts, per-kind statistics, mention ordering,
the per-call name-parse cache and a union-find.

Nothing here holds state between calls: a :class:`NameCache` lives for one ``resolve`` call.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..models import Entity, EntityKind, MentionRef, Merge, PersonName
from .names import ParsedName, parse_name

T = TypeVar("T")
# An organization or topic group: ("concept", vocabulary IRI) or ("form", a folded spelling).
Group = tuple[str, str]
# What an organization's or topic's mentions give, counted: (surface, "tag" or "") for
# organizations, (label, page language) for topics. A group's entity is a function of it.
Tally = Counter[tuple[str, str]]


def spelling_counts(counts: Tally) -> Counter[str]:
    """How many mentions give each spelling of a tally, whatever their tag flag or language."""
    out: Counter[str] = Counter()
    for (spelling, _), n in counts.items():
        out[spelling] += n
    return out


_TRAILING_SUFFIX = re.compile(r"^(?P<name>.*[^\W\d_].*?)\s+(?P<suffix>\d{4})$")


def canonical_name(name: PersonName) -> PersonName:
    """The name with a homonym suffix left in its text moved to ``homonym_suffix``."""
    text = name.text.strip()
    # Fast path: the pattern ends in four decimal digits (``\d`` is exactly ``isdecimal``), and
    # almost no name does; the backtracking match is costly on every other name.
    if not text[-4:].isdecimal():
        return name
    match = _TRAILING_SUFFIX.match(text)
    if match is None:
        return name
    return PersonName(
        raw=name.raw,
        text=match.group("name"),
        homonym_suffix=name.homonym_suffix or match.group("suffix"),
    )


def ref_sort_key(ref: MentionRef) -> tuple[tuple[int, int, str], ...]:
    """Total order on mention references (they mix strings and integers)."""
    return tuple([(0, x, "") if isinstance(x, int) else (1, 0, x) for x in ref])


def sorted_by_ref(items: Iterable[T], ref: Callable[[T], MentionRef]) -> list[T]:
    """``sorted(items, key=lambda x: ref_sort_key(ref(x)))``, without building those keys.

    References of one kind never hold an integer and a string at the first position where two of
    them differ (``(s, "author", 3, 1)`` and ``(s, "owner")`` part at the kind word), and there
    plain tuple order is the order of :func:`ref_sort_key`: strings compare as strings, integers
    as integers, a prefix first; equal tuples have equal keys, so stability agrees too. Where a
    comparison would mix the two, Python raises, and the keyed sort decides instead (on a fresh
    copy), so the result is the keyed sort's in every case.
    """
    listed = list(items)
    try:
        return sorted(listed, key=ref)
    except TypeError:
        return sorted(listed, key=lambda x: ref_sort_key(ref(x)))


def sorted_refs(refs: Iterable[MentionRef]) -> list[MentionRef]:
    """``sorted(refs, key=ref_sort_key)`` (see :func:`sorted_by_ref`)."""
    listed = list(refs)
    try:
        return sorted(listed)
    except TypeError:
        return sorted(listed, key=ref_sort_key)


def min_ref(refs: Sequence[MentionRef]) -> MentionRef | None:
    """The first reference of :func:`sorted_refs` order (None for none)."""
    if not refs:
        return None
    try:
        return min(refs)
    except TypeError:
        return min(refs, key=ref_sort_key)


@dataclass(frozen=True)
class KindStats:
    """How much work one kind of entity took: comparisons made vs. all pairs of surfaces."""

    mentions: int = 0
    surfaces: int = 0  # distinct normalised surfaces (the units that get compared)
    blocks: int = 0
    comparisons: int = 0
    entities: int = 0

    @property
    def all_pairs(self) -> int:
        """The comparisons an all-pairs resolver would make on the same surfaces."""
        return self.surfaces * (self.surfaces - 1) // 2


@dataclass(frozen=True)
class ResolutionStats:
    person: KindStats
    publication: KindStats
    organization: KindStats
    topic: KindStats

    @property
    def comparisons(self) -> int:
        return sum(
            k.comparisons for k in (self.person, self.publication, self.organization, self.topic)
        )

    @property
    def all_pairs(self) -> int:
        return sum(
            k.all_pairs for k in (self.person, self.publication, self.organization, self.topic)
        )


@dataclass
class EntityDraft:
    """An entity before its key is final (keys are assigned per kind, all at once)."""

    kind: EntityKind
    wanted_key: str
    label: str
    mentions: list[MentionRef]
    alternate_labels: tuple[str, ...] = ()
    member_keys: tuple[str, ...] = ()  # keys each member spelling would have had alone
    merges: tuple[Merge, ...] = ()
    homonym_hints: tuple[str, ...] = ()
    concept_iri: str | None = None
    labels_by_language: tuple[tuple[str, str], ...] = ()

    @property
    def priority(self) -> tuple[int, tuple[tuple[int, int, str], ...]]:
        """Who keeps a contested key: vocabulary concepts, then the smallest mention."""
        first = min_ref(self.mentions)
        return (0 if self.concept_iri else 1, () if first is None else ref_sort_key(first))


def claim_order(draft: EntityDraft) -> tuple[object, ...]:
    """The order in which entities of one kind claim their wanted keys."""
    return (draft.priority, draft.wanted_key, draft.label)


def draft_entity(draft: EntityDraft, key: str, taken: Callable[[str], bool]) -> Entity:
    """The entity of ``draft`` under its final ``key``; ``taken``: is a key held by an entity of
    the same kind (such a key is not a retired alias of this one: leave it out, or the mapper
    would declare two different entities the same)."""
    return Entity(
        kind=draft.kind,
        key=key,
        label=draft.label,
        alternate_labels=draft.alternate_labels,
        aliases=tuple(sorted(k for k in set(draft.member_keys) if k != key and not taken(k))),
        merges=tuple(sorted(draft.merges, key=lambda m: (m.label, m.into, m.reason))),
        homonym_hints=draft.homonym_hints,
        concept_iri=draft.concept_iri,
        labels_by_language=draft.labels_by_language,
    )


@dataclass
class NameCache:
    """Parses each distinct (spelling, homonym suffix) once per resolve call."""

    parsed: dict[tuple[str, str | None], ParsedName] = field(default_factory=dict)
    # (spelling, homonym suffix) -> its person node and its canonical spelling parsed
    # (:func:`.persons.mention_node`)
    nodes: dict[tuple[str, str | None], tuple[tuple[str, str], ParsedName]] = field(
        default_factory=dict
    )

    def get(self, name: PersonName) -> ParsedName:
        key = (name.text, name.homonym_suffix)
        found = self.parsed.get(key)
        if found is None:
            found = parse_name(*key)
            self.parsed[key] = found
        return found

    def text(self, text: str, homonym: str | None = None) -> ParsedName:
        key = (text, homonym)
        found = self.parsed.get(key)
        if found is None:
            found = parse_name(text, homonym)
            self.parsed[key] = found
        return found


class UnionFind:
    """Union-find over ``0..n-1``; the smaller index is always the root (deterministic)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        root, child = (ra, rb) if ra < rb else (rb, ra)
        self.parent[child] = root
        return root
