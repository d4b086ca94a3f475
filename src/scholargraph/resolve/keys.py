"""Entity keys: IRI-safe slugs, publication keys, and deterministic homonym disambiguation.

A key is a function of what the entity *is* (its display label, its normalised title, its
vocabulary concept), never of the order documents arrived in, so re-ingesting the same set of
pages in any order mints the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

from .normalize import fold, normalize_title

PUBLICATION_SLUG_MAX = 60
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def stable_hash(text: str, length: int = 6) -> str:
    """Hex digest prefix that is the same in every process (unlike ``hash``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@lru_cache(maxsize=1 << 16)  # pure; person spellings and surfaces repeat across entities
def slugify(text: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens; never empty."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    # Names in scripts without an ASCII fold (CJK) would vanish: key them by a hash instead.
    return slug or f"x-{stable_hash(text, 8)}"


def _truncate_at_word(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    if cut.endswith("-"):
        return cut.rstrip("-")
    head = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return head.rstrip("-")


def publication_key(title: str) -> str:
    """Slug of the title, cut at a word boundary, plus a short hash of the normalised title."""
    head = _truncate_at_word(slugify(title), PUBLICATION_SLUG_MAX)
    return f"{head}-{stable_hash(normalize_title(title))}"


def concept_key(iri: str) -> str:
    """The last path segment of a vocabulary concept IRI, as a slug."""
    segment = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return slugify(segment)


def assign_unique_keys(wanted: Sequence[str]) -> list[str]:
    """Give each entity its wanted key, suffixing ``-2``, ``-3``... on collisions.

    ``wanted`` must already be in priority order (vocabulary concepts first, then by smallest
    mention): the first claimant keeps the plain key. Suffixed keys avoid every key any entity
    wants, so a homonym never steals another entity's natural key.
    """
    claimed: set[str] = set()
    reserved = set(wanted)
    out: list[str] = []
    for key in wanted:
        if key not in claimed:
            claimed.add(key)
            out.append(key)
            continue
        n = 2
        while f"{key}-{n}" in claimed or f"{key}-{n}" in reserved:
            n += 1
        claimed.add(f"{key}-{n}")
        out.append(f"{key}-{n}")
    return out
