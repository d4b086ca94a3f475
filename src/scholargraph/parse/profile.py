"""Parser for institute profile pages (English and French editions).

Owns the page's layout: portrait and owner lines, the header (membership, distinctions,
positions), the sections (topics, biography, students, publications) and where the publication
list starts when its heading is missing. The publication list itself is read by
:mod:`.publications`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ..errors import MalformedPage
from ..models import Language, PageFormat, PageRecord, Position, Publication
from .detect import PORTRAIT, membership_language, page_language
from .guard import guarded
from .publications import read_publications
from .shape import LineKind, classify_line, is_abstract_line, looks_like_name
from .text import clean_person_name, clean_text, fold, page_lines, raw_lines
from .words import JOB_WORDS, ORG_WORDS


class Section(StrEnum):
    TOPICS = "topics"
    BIOGRAPHY = "biography"
    STUDENTS = "students"
    PUBLICATIONS = "publications"


_HEADINGS = {
    "research topics": Section.TOPICS,
    "sujets de recherche": Section.TOPICS,
    "biography": Section.BIOGRAPHY,
    "biographie": Section.BIOGRAPHY,
    "current students": Section.STUDENTS,
    "former students": Section.STUDENTS,
    "etudiants actuels": Section.STUDENTS,
    "anciens etudiants": Section.STUDENTS,
    "publications": Section.PUBLICATIONS,
    "recent publications": Section.PUBLICATIONS,
    "selected publications": Section.PUBLICATIONS,
    "publications recentes": Section.PUBLICATIONS,
}
_DISTINCTION_WORDS = {
    "chair", "chaire", "fellow", "award", "prize", "prix", "medal", "medaille", "laureate",
    "laureat", "distinguished", "distinction",
}  # fmt: skip
# Words of a student's program ("PhD - UNIVERSITY", "Master's Research - ...", "Stage - ...").
_PROGRAM_WORDS = (
    "phd", "ph", "doctora", "master", "maitrise", "msc", "postdoc", "undergrad", "baccalaur",
    "bachelor", "intern", "stagiaire", "stage", "alumn", "collaborat", "visiting", "research",
    "recherche", "professional", "professionnel", "student", "etudiant", "independent",
)  # fmt: skip
# A supervision role as a whole word ("Co-supervisor :", "Superviseur⋅e principal⋅e :"), never a
# word that merely starts like one ("Self-Supervised", "Supervision"): titles have those.
_ROLE = re.compile(
    r"\b(?:co ?)?(?:supervisor|superviseur|superviseure|superviseuse|advisor|adviser"
    r"|directeur|directrice|codirecteur|codirectrice)s?\b"
)


def heading(line: str) -> Section | None:
    """The section a heading line opens, or None."""
    if len(line) > 60:
        return None  # headings are short; folding every abstract line would be wasted work
    key = fold(line)
    if key.startswith("etudiant e s actuel"):
        return Section.STUDENTS
    return _HEADINGS.get(key)


@dataclass
class _Page:
    """The page being read: normalised lines, raw lines, and what was found so far."""

    lines: list[str]
    raw: list[str]
    warnings: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    biography: list[str] = field(default_factory=list)
    publication_spans: list[tuple[int, int]] = field(default_factory=list)

    def next_filled(self, i: int) -> int:
        while i < len(self.lines) and not self.lines[i]:
            i += 1
        return i

    def line(self, i: int) -> str:
        return self.lines[i] if i < len(self.lines) else ""


# --------------------------------------------------------------------------------------------
# Header: portrait, owner, membership, distinctions, positions
# --------------------------------------------------------------------------------------------


def _is_distinction(line: str) -> bool:
    words = fold(line).split()
    return "," not in line and len(words) <= 10 and bool(_DISTINCTION_WORDS & set(words))


def _has_word(text: str, words: frozenset[str]) -> bool:
    return bool(words & set(fold(text).split()))


def _is_position(line: str) -> bool:
    if re.search(r"[:?!]", line) or is_abstract_line(line) or len(line.split()) > 25:
        return False
    if _has_word(line, JOB_WORDS) or _has_word(line, ORG_WORDS):
        return True
    parts = [p.strip() for p in line.split(",")]
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts)


def split_position(raw: str) -> Position:
    """``TITLE, ORGANIZATION[, DEPARTMENT]``; a line may be an organization (or a title) alone."""
    parts = [p.strip() for p in clean_text(raw).split(",") if p.strip()]
    if not parts:
        return Position(raw=raw)
    first = parts[0]
    if len(parts) == 1:
        if _has_word(first, JOB_WORDS):
            return Position(raw=raw, title=first)
        return Position(raw=raw, organization=first)
    if not _has_word(first, JOB_WORDS) and _has_word(first, ORG_WORDS):
        return Position(raw=raw, organization=first, department=", ".join(parts[1:]))
    return Position(
        raw=raw, title=first, organization=parts[1], department=", ".join(parts[2:]) or None
    )


@dataclass
class _Header:
    owner_raw: str
    membership: str | None = None
    distinctions: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)


def _could_be_owner(line: str) -> bool:
    """The top line of a page is the owner's name unless it plainly is something else."""
    return (
        len(line.split()) <= 8
        and not re.search(r"[:?!]|\d", line)
        and not is_abstract_line(line)
        and not _is_position(line)
    )


def _read_owner(page: _Page, where: str | None) -> tuple[str, int]:
    i = page.next_filled(0)
    portrait = PORTRAIT.match(page.line(i))
    portrait_name = portrait.group("name") if portrait else None
    if portrait:
        i = page.next_filled(i + 1)
    line = page.line(i)
    if line and heading(line) is None and membership_language(line) is None:
        if portrait_name and fold(line) == fold(portrait_name):
            return page.raw[i].strip(), i + 1
        if looks_like_name(line) or _could_be_owner(line):
            if portrait_name:
                page.warnings.append(
                    f"portrait line names {portrait_name!r} but the name line reads {line!r}"
                )
            elif not looks_like_name(line):
                page.warnings.append(f"owner name {line!r} does not look like a person's name")
            return page.raw[i].strip(), i + 1
    if portrait_name:
        page.warnings.append("no name line after the portrait line: owner taken from portrait")
        return portrait_name, i
    shown = line[:60] if line else "(nothing)"
    raise MalformedPage(
        f"profile page without an owner name: the first line {shown!r} is not a person's name",
        where=where,
    )


def _read_header(page: _Page, where: str | None) -> tuple[_Header, int]:
    owner, i = _read_owner(page, where)
    header = _Header(owner_raw=owner)
    while True:
        i = page.next_filled(i)
        line = page.line(i)
        if not line or heading(line) is not None:
            return header, i
        if header.membership is None and membership_language(line) is not None:
            header.membership = line
        elif _is_distinction(line):
            header.distinctions.append(line)
        elif _is_position(line):
            header.positions.append(split_position(page.raw[i].strip()))
        else:
            return header, i
        i += 1


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _starts_entry(page: _Page, i: int) -> bool:
    """Line ``i`` is directly followed by a name line or an abstract line."""
    after = page.line(i + 1)
    return bool(after) and classify_line(after) in (LineKind.NAME, LineKind.ABSTRACT)


def _read_topics(page: _Page, i: int) -> int:
    previous_key = ""
    while i < len(page.lines):
        line = page.lines[i]
        if not line:
            if page.topics:
                return i
            i += 1
            continue
        if heading(line) is not None or is_abstract_line(line) or re.search(r"[:?!]", line):
            return i
        if len(line) > 80:
            return i
        key = fold(line)
        if page.topics and key < previous_key and _starts_entry(page, i):
            # Topics are sorted: a line out of order that a name or an abstract follows is the
            # first publication of a list whose heading is missing. (Out of order alone is not
            # enough: sites sort "AI Safety" before "Active Learning".)
            page.warnings.append(f"topic list ended at line {i + 1}: not in alphabetical order")
            return i
        page.topics.append(clean_text(line))
        previous_key = key
        i += 1
    return i


def _is_prose(line: str) -> bool:
    """A sentence or more: titles seldom end with a full stop, paragraphs always do."""
    ends = line.rstrip()[-1:] in '.!?»")'
    return len(line.split()) >= 3 and (ends or len(line) >= 200)


def _read_biography(page: _Page, i: int) -> int:
    blank_seen = False
    while i < len(page.lines):
        line = page.lines[i]
        if not line:
            blank_seen = True
            i += 1
            continue
        if heading(line) is not None:
            return i
        # Without a following heading, a new paragraph that is not prose, or that a name line
        # follows directly, is the first publication title.
        if blank_seen and page.biography and (not _is_prose(line) or _starts_entry(page, i)):
            return i
        page.biography.append(clean_text(line))
        blank_seen = False
        i += 1
    return i


def _is_student_line(line: str) -> bool:
    """A program line (``PhD - UNIVERSITY``) or a role line (``Co-supervisor :``)."""
    if len(line) > 80:
        return False
    key = fold(line)
    if line.rstrip().endswith(":") or (len(key.split()) <= 5 and _ROLE.search(key)):
        return True
    if " - " not in line:
        return False
    program = fold(line.split(" - ", 1)[0]).split()
    return 0 < len(program) <= 5 and any(w.startswith(_PROGRAM_WORDS) for w in program)


def _read_students(page: _Page, i: int) -> int:
    """Skip the student section: program lines, role lines and the names next to them.

    A name-shaped line is skipped when a program or role line follows it, or when it follows a
    role line directly (``Co-supervisor :`` then the co-supervisor's name). A blank line ends
    that second case: what comes after the gap (often the first publication of a list whose
    heading is missing) is not the role's name.
    """
    after_role = False
    while i < len(page.lines):
        line = page.lines[i]
        if not line:
            after_role = False
            i += 1
            continue
        if heading(line) is not None:
            return i
        if _is_student_line(line):
            after_role = line.rstrip().endswith(":")
        elif looks_like_name(line) and (
            after_role or _is_student_line(page.line(page.next_filled(i + 1)))
        ):
            after_role = False
        else:
            return i
        i += 1
    return i


def _read_publication_span(page: _Page, i: int) -> int:
    start = i
    while i < len(page.lines) and heading(page.lines[i]) is None:
        i += 1
    page.publication_spans.append((start, i))
    return i


def _read_sections(page: _Page, i: int) -> None:
    readers = {
        Section.TOPICS: _read_topics,
        Section.BIOGRAPHY: _read_biography,
        Section.STUDENTS: _read_students,
        Section.PUBLICATIONS: _read_publication_span,
    }
    while True:
        i = page.next_filled(i)
        if i >= len(page.lines):
            return
        section = heading(page.lines[i])
        if section is None:
            page.warnings.append(
                f"no Publications heading: publication list taken to start at line {i + 1}"
            )
            i = _read_publication_span(page, i)
        else:
            i = readers[section](page, i + 1)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _publications(page: _Page, owner_key: str) -> list[Publication]:
    entries: list[Publication] = []
    for start, end in page.publication_spans:
        lines = [(page.raw[j].strip(), page.lines[j]) for j in range(start, end) if page.lines[j]]
        found, notes = read_publications(lines, owner_key=owner_key, first_index=len(entries))
        entries.extend(found)
        page.warnings.extend(notes)
    return entries


@guarded("profile")
def parse_profile(text: str, *, where: str | None = None) -> PageRecord:
    """Read an institute profile page (English or French) into a :class:`PageRecord`."""
    page = _Page(lines=list(page_lines(text)), raw=raw_lines(text))
    header, i = _read_header(page, where)
    owner = clean_person_name(header.owner_raw)
    if not owner.text:
        raise MalformedPage("profile page with an empty owner name", where=where)
    _read_sections(page, i)
    publications = _publications(page, fold(owner.text))
    if not page.publication_spans:
        page.warnings.append("no publication list on this page")
    language: Language = page_language(text)
    return PageRecord(
        format=PageFormat.PROFILE,
        language=language,
        owner=owner,
        membership=header.membership,
        distinctions=tuple(header.distinctions),
        positions=tuple(header.positions),
        topics=tuple(page.topics),
        biography="\n\n".join(page.biography) or None,
        publications=tuple(publications),
        warnings=tuple(page.warnings),
    )
