"""The publication list of a profile page: flat lines to :class:`Publication` entries.

Owns the *contextual* part of the title-vs-name decision (the line shapes are in :mod:`.shape`).
An entry is a title line, zero or more co-author lines (one name each, the owner left out) and
at most one abstract line. Reading rules, in order:

1. the first line of the list, and the line after an abstract, are titles;
2. an abstract-shaped line ends the current entry;
3. a line equal to a line that rule 1 or hard evidence makes a title elsewhere in the list is a
   title (the same paper is often listed twice in a row);
4. otherwise a title-shaped line starts a new entry (so a title can follow a title), and a
   name-shaped line, or an ambiguous one, is the next co-author.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import AuthorMention, Publication
from .shape import LineKind, classify_line, is_hard_title
from .text import clean_abstract, clean_person_name, clean_text, fold


@dataclass
class _Entry:
    raw_title: str
    authors: list[str] = field(default_factory=list)
    abstract_raw: list[str] = field(default_factory=list)


def _certain_titles(lines: list[str], kinds: list[LineKind]) -> set[str]:
    """Keys of lines that are titles without looking at their neighbours' names."""
    certain: set[str] = set()
    for i, line in enumerate(lines):
        if kinds[i] is LineKind.ABSTRACT:
            continue
        if i == 0 or kinds[i - 1] is LineKind.ABSTRACT or is_hard_title(line):
            certain.add(fold(line))
    return certain


def _group(lines: list[tuple[str, str]], notes: list[str]) -> list[_Entry]:
    texts = [norm for _, norm in lines]
    kinds = [classify_line(text) for text in texts]
    certain = _certain_titles(texts, kinds)
    entries: list[_Entry] = []
    expect_title = True
    for (raw, text), kind in zip(lines, kinds, strict=True):
        current = entries[-1] if entries else None
        if kind is LineKind.ABSTRACT:
            if current is None:
                notes.append(f"abstract before any title skipped: {text[:50]!r}")
            else:
                if current.abstract_raw:
                    notes.append(f"two abstract lines in a row joined under {current.raw_title!r}")
                current.abstract_raw.append(raw)
            expect_title = True
            continue
        if expect_title or current is None or kind is LineKind.TITLE or fold(text) in certain:
            entries.append(_Entry(raw_title=raw))
            expect_title = False
        else:
            current.authors.append(raw)
    return entries


def _publication(entry: _Entry, index: int, owner_key: str, notes: list[str]) -> Publication:
    authors: list[AuthorMention] = []
    for position, raw in enumerate(entry.authors, start=1):
        name = clean_person_name(raw)
        is_owner = bool(owner_key) and fold(name.text) == owner_key
        if is_owner:
            notes.append(f"the owner is listed as a co-author of entry {index}")
        authors.append(AuthorMention(name=name, listed_index=position, is_owner=is_owner))
    abstract: str | None = None
    truncated = False
    if entry.abstract_raw:
        abstract, truncated = clean_abstract(" ".join(entry.abstract_raw))
    return Publication(
        index=index,
        title=clean_text(entry.raw_title),
        raw_title=entry.raw_title,
        authors=tuple(authors),
        author_list_complete=None,
        owner_is_author=True,
        abstract=abstract or None,
        abstract_truncated=truncated and bool(abstract),
    )


def read_publications(
    lines: list[tuple[str, str]], *, owner_key: str, first_index: int = 0
) -> tuple[list[Publication], list[str]]:
    """Entries from non-blank ``(raw, normalised)`` lines, and notes on what was worked around.

    ``owner_key`` is the folded owner name (a co-author line equal to it is flagged as the
    owner); ``first_index`` numbers the entries when a page has several lists.
    """
    notes: list[str] = []
    entries = _group(lines, notes)
    publications = [
        _publication(entry, first_index + n, owner_key, notes) for n, entry in enumerate(entries)
    ]
    return publications, notes
