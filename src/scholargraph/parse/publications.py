"""The publication list of a profile page: flat lines to :class:`Publication` entries.

Owns the *contextual* part of the title-vs-name decision (the line shapes are in :mod:`.shape`).
An entry is a title line, zero or more co-author lines (one name each, the owner left out) and
at most one abstract line. Reading rules, in order:

1. the first line of the list, and the line after an abstract, are titles;
2. an abstract-shaped line ends the current entry;
3. a line equal to a line that is a title elsewhere in the list (by rule 1, by hard evidence or
   by rules 5 and 6) is a title (the same paper is often listed twice in a row);
4. otherwise a title-shaped line starts a new entry (so a title can follow a title), and a
   name-shaped line, or an ambiguous one, is the next co-author. Shapes are judged with what
   the rest of the list says about their words (:class:`.shape.PageWords`): words of certain
   titles lean to titles, words of lines that only a name can be (an initial, LaTeX damage, a
   particle, a homonym suffix) and of the owner's name lean to names;
5. an author list names a person once: a line that would repeat a name already listed in the
   current entry (or its title) means a new entry started since that first mention, at the
   most title-like line in between (the latest on a tie). When every line in between is
   plainly a name (two name-like words or more than title-like ones), the site listed the
   person twice instead;
6. an entry listed twice in a row lists the same people both times: once the repeat has as
   many co-authors as the first listing, a further line starts a new entry unless it bears
   evidence only a name has.

A line that rule 5 or 6 makes a title is a title wherever it occurs (rule 3), and the list is
read again with it until no new title appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import AuthorMention, Publication
from .shape import (
    LineKind,
    PageWords,
    classify_with_margin,
    has_name_mark,
    is_abstract_line,
    is_hard_title,
    line_word_keys,
)
from .text import clean_abstract, clean_person_name, clean_text, fold


@dataclass(frozen=True)
class _Line:
    raw: str
    text: str  # normalised
    key: str  # folded, for comparisons ("" for an abstract line: abstracts are never compared)
    kind: LineKind
    margin: int  # title points minus name points (0 unless the shape says NAME)
    name_mark: bool  # evidence only a name has (an initial, LaTeX damage, a particle...)


@dataclass
class _Entry:
    title: _Line
    authors: list[_Line] = field(default_factory=list)
    abstract_raw: list[str] = field(default_factory=list)
    # When this entry repeats the one before it (same title), that one's author count.
    repeats: int | None = None


def _certain_titles(lines: list[str]) -> set[int]:
    """Indexes of lines that are titles without looking at their neighbours' names."""
    certain: set[int] = set()
    after_abstract = False
    for i, line in enumerate(lines):
        abstract = is_abstract_line(line)
        if not abstract and (i == 0 or after_abstract or is_hard_title(line)):
            certain.add(i)
        after_abstract = abstract
    return certain


def _page_words(lines: list[str], certain: set[int], owner_key: str) -> PageWords:
    in_titles: set[str] = set()
    in_names: set[str] = set(owner_key.split())
    for i, line in enumerate(lines):
        if i in certain:
            in_titles |= line_word_keys(line)
        elif has_name_mark(line):
            in_names |= line_word_keys(line)
    return PageWords(frozenset(in_titles), frozenset(in_names))


# A line whose name points exceed its title points by more than this is no title even when the
# list has to split somewhere (two plain capitalised name words: -4).
_PLAUSIBLE_TITLE = -2


def _split_at_repeat(entry: _Entry, line: _Line) -> int | None:
    """Where a new entry starts when ``line`` would list a name twice in ``entry`` (rule 5).

    Returns the index into ``entry.authors`` of the most title-like line after the first
    mention (``len(entry.authors)`` for ``line`` itself), or None when there is no repeat or
    every line in between is plainly a name.
    """
    keys = [author.key for author in entry.authors]
    if line.key == entry.title.key:
        first = 0
    elif line.key in keys:
        first = keys.index(line.key) + 1
    else:
        return None
    candidates = [*entry.authors[first:], line]
    best = max(range(len(candidates)), key=lambda n: (candidates[n].margin, n))
    if candidates[best].margin < _PLAUSIBLE_TITLE:
        return None  # only plain names in between: the same person listed twice
    return first + best


def _overfull(entry: _Entry, line: _Line) -> bool:
    """The entry repeats the one before it, already has its authors, and ``line`` could be a
    title (rule 6): a repeated entry lists the same people."""
    return entry.repeats is not None and len(entry.authors) >= entry.repeats and not line.name_mark


def _read(lines: list[_Line], titles: set[str]) -> tuple[list[_Entry], set[str], list[str]]:
    """One reading of the list; also returns the keys rules 5 and 6 made titles, and notes."""
    notes: list[str] = []
    found: set[str] = set()
    entries: list[_Entry] = []

    def start(title: _Line, authors: list[_Line]) -> None:
        before = entries[-1] if entries else None
        repeats = len(before.authors) if before and before.title.key == title.key else None
        entries.append(_Entry(title, authors, repeats=repeats))

    expect_title = True
    for line in lines:
        current = entries[-1] if entries else None
        if line.kind is LineKind.ABSTRACT:
            if current is None:
                notes.append(f"abstract before any title skipped: {line.text[:50]!r}")
            else:
                if current.abstract_raw:
                    notes.append(f"two abstract lines in a row joined under {current.title.raw!r}")
                current.abstract_raw.append(line.raw)
            expect_title = True
            continue
        if expect_title or current is None or line.kind is LineKind.TITLE or line.key in titles:
            start(line, [])
            expect_title = False
            continue
        split = _split_at_repeat(current, line)
        if split is not None and split < len(current.authors):
            moved = [*current.authors[split:], line]
            del current.authors[split:]
            start(moved[0], moved[1:])
            found.add(moved[0].key)
        elif split is not None or _overfull(current, line):
            start(line, [])
            found.add(line.key)
        else:
            current.authors.append(line)
    return entries, found, notes


def _lines(lines: list[tuple[str, str]], certain: set[int], owner_key: str) -> list[_Line]:
    texts = [text for _, text in lines]
    words = _page_words(texts, certain, owner_key)
    out: list[_Line] = []
    for raw, text in lines:
        kind, margin = classify_with_margin(text, words)
        key = "" if kind is LineKind.ABSTRACT else fold(text)
        out.append(_Line(raw, text, key, kind, margin, has_name_mark(text)))
    return out


def _group(lines: list[tuple[str, str]], owner_key: str, notes: list[str]) -> list[_Entry]:
    certain = _certain_titles([text for _, text in lines])
    read = _lines(lines, certain, owner_key)
    titles = {read[i].key for i in certain}
    # Each reading either adds a title key or is the last one: at most one reading per line.
    for _ in range(len(read) + 1):
        entries, found, read_notes = _read(read, titles)
        if found <= titles:
            break
        titles |= found
    notes.extend(read_notes)
    return entries


def _publication(entry: _Entry, index: int, owner_key: str, notes: list[str]) -> Publication:
    authors: list[AuthorMention] = []
    for position, line in enumerate(entry.authors, start=1):
        name = clean_person_name(line.raw)
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
        title=clean_text(entry.title.raw),
        raw_title=entry.title.raw,
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
    entries = _group(lines, owner_key, notes)
    publications = [
        _publication(entry, first_index + n, owner_key, notes) for n, entry in enumerate(entries)
    ]
    return publications, notes
