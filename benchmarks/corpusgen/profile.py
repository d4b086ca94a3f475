"""Institute profile pages (English and French editions), paginated, with their ground truth.

A researcher's *facts* (membership, positions, topics, biography, students) are drawn once and
shared by both editions and every page; each *edition* draws its own publication listing
(spellings, abstracts, duplicate entries), which its pages then slice with overlaps, so an
entry repeated on page 1 and page 2 is the same text on both.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field

from . import names, texts, words
from .truth import PageTruth
from .world import World

MAX_LISTED = 36  # the site shows this many recent publications at most
MAX_PAGES = {"en": 3, "fr": 2}


@dataclass
class Facts:
    membership: int | None
    distinctions: list[int]
    positions: list[tuple[int | None, tuple[str, str, str], int | None]]  # job, org, department
    topics: list[int]
    biography: bool
    students: list[tuple[str, int, int | None]]  # name, program, role
    portrait: str  # normal | unavailable | missing
    topics_section: bool


@dataclass
class Listing:
    paper: int
    title: str
    authors: list[tuple[int, str]]  # (person index, spelling), the owner left out
    abstract: str | None = None


@dataclass
class Page:
    path: str
    text: str
    truth: PageTruth = field(repr=False)


def _student_name(rng: random.Random) -> str:
    style = names.pick_style(rng)
    return f"{names.make_given(rng, style)} {names.make_surname(rng, style)}"


def draw_facts(world: World, r: int, seed: int) -> Facts:
    rng = random.Random(f"{seed}/facts/{world.people[r].pid}")
    comm = world.communities[world.community_of[r]]
    membership = rng.randrange(len(words.MEMBERSHIPS)) if rng.random() < 0.85 else None
    distinctions = [rng.randrange(len(words.DISTINCTIONS))] if rng.random() < 0.12 else []
    positions: list[tuple[int | None, tuple[str, str, str], int | None]] = []
    for org in rng.sample(comm.orgs, rng.randint(1, len(comm.orgs))):
        job = (
            None
            if rng.random() < 0.1 and "niversit" in org[0]
            else rng.randrange(len(words.JOB_TITLES))
        )
        dept = (
            rng.randrange(len(words.DEPARTMENTS))
            if job is not None and rng.random() < 0.3
            else None
        )
        positions.append((job, org, dept))
    topics = rng.sample(comm.topics, rng.randint(min(3, len(comm.topics)), len(comm.topics)))
    students = [
        (
            _student_name(rng),
            rng.randrange(len(words.STUDENT_PROGRAMS)),
            rng.randrange(len(words.STUDENT_ROLES)) if rng.random() < 0.6 else None,
        )
        for _ in range(rng.randint(1, 4) if rng.random() < 0.25 else 0)
    ]
    roll = rng.random()
    portrait = "normal" if roll < 0.9 else "unavailable" if roll < 0.95 else "missing"
    topics_section = rng.random() < 0.85
    if portrait == "missing" and membership is None and not topics_section:
        portrait = "normal"  # a page with no profile label at all is no profile page
    return Facts(
        membership, distinctions, positions, topics, rng.random() < 0.35, students, portrait,
        topics_section,
    )  # fmt: skip


# ----------------------------------------------------------------------------- header


def _sort_key(label: str) -> str:
    """Alphabetical order as a French or English reader sorts: accents and case ignored."""
    bare = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()


def _header(
    world: World, r: int, facts: Facts, lang: str, owner: str, rng: random.Random
) -> list[str]:
    en = lang == "en"
    lines: list[str] = []
    if facts.portrait != "missing":
        prefix = "Portrait of" if en else "Portrait de"
        tail = ""
        if facts.portrait == "unavailable":
            tail = " is unavailable" if en else " n'est pas disponible"
        lines += [f"{prefix} {owner}{tail}", ""]
    lines += [owner, ""]
    if facts.membership is not None:
        lines.append(words.MEMBERSHIPS[facts.membership][0 if en else 1])
    lines += [words.DISTINCTIONS[d][0 if en else 1] for d in facts.distinctions]
    for job, org, dept in facts.positions:
        parts = [org[0 if en else 1]]
        if job is not None:
            parts.insert(0, words.JOB_TITLES[job][0 if en else 1])
        if dept is not None:
            parts.append(words.DEPARTMENTS[dept][0 if en else 1])
        lines.append(", ".join(parts))
    heads = words.HEADINGS[lang]
    labels = [world.topics[t][0 if en else 1] for t in facts.topics]
    if facts.topics_section and labels:
        lines.append(heads["topics"])
        lines += sorted(labels, key=_sort_key)
    if facts.biography:
        job, org, _ = facts.positions[0]
        title = words.JOB_TITLES[job if job is not None else 0][0 if en else 1]
        paragraphs = texts.biography(rng, owner, lang, title, org[0 if en else 1], labels)
        lines += ["", heads["bio"]]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    if facts.students:
        lines += ["", heads["students"]]
        for name, program, role in facts.students:
            school = facts.positions[0][1][0 if en else 1]
            lines += [name, f"{words.STUDENT_PROGRAMS[program][0 if en else 1]} - {school}"]
            if role is not None:
                lines.append(words.STUDENT_ROLES[role][0 if en else 1])
    return lines


# ----------------------------------------------------------------------------- publication list


def abstract_line(abstract: str, lang: str, rng: random.Random) -> str:
    """The abstract as the site shows it: cut by the see-more widget, sometimes truncated."""
    width = rng.randint(136, 144)
    marker = words.HEADINGS[lang]["see_more"]
    line = abstract[:width] + marker + abstract[width:]
    if rng.random() < 0.12:
        line = line[: rng.randint(len(abstract[:width]) + len(marker) + 40, len(line))]
    return line


def _listing(world: World, r: int, index: int, lang: str, rng: random.Random) -> Listing:
    paper = world.papers[index]
    title = paper.alt_title if paper.alt_title and rng.random() < 0.5 else paper.title
    if rng.random() < 0.06 and not title.endswith(("?", ".")):
        title += "."
    authors = [(a, names.render(world.people[a], rng, "profile")) for a in paper.authors if a != r]
    nick = [i for i, (a, _) in enumerate(authors) if world.people[a].nickname]
    if nick and rng.random() < 0.01:
        i = rng.choice(nick)
        person = world.people[authors[i][0]]
        parts = (person.nickname, person.particle, person.surname)
        authors.insert(i + 1, (authors[i][0], " ".join(p for p in parts if p)))
    abstract = None
    if rng.random() < 0.7:
        text = texts.make_abstract(random.Random(f"{world.seed}/abs/{paper.wid}"))
        abstract = abstract_line(text, lang, rng)
    return Listing(index, title, authors, abstract)


def _duplicate(world: World, entry: Listing, lang: str, rng: random.Random) -> list[Listing]:
    """The same entry listed twice in a row, with one of the differences the site shows."""
    kind = rng.choice(("abstract", "identical", "spelling", "version"))
    paper = world.papers[entry.paper]
    if kind == "abstract":
        if entry.abstract is None:
            text = texts.make_abstract(random.Random(f"{world.seed}/abs/{paper.wid}"))
            entry.abstract = abstract_line(text, lang, rng)
        bare = Listing(entry.paper, entry.title, list(entry.authors), None)
        return [bare, entry]
    if kind == "spelling" and entry.authors:
        i = rng.randrange(len(entry.authors))
        person, spelling = entry.authors[i]
        authors = list(entry.authors)
        authors[i] = (person, names.alternate_spelling(world.people[person], rng, spelling))
        return [entry, Listing(entry.paper, entry.title, authors, entry.abstract)]
    if kind == "version" and paper.alt_title:
        other = paper.title if entry.title.rstrip(".") == paper.alt_title else paper.alt_title
        return [Listing(entry.paper, other, list(entry.authors), None), entry]
    return [entry, Listing(entry.paper, entry.title, list(entry.authors), entry.abstract)]


def _entries(world: World, r: int, lang: str, rng: random.Random) -> list[Listing]:
    out: list[Listing] = []
    for index in world.papers_of[r][:MAX_LISTED]:
        entry = _listing(world, r, index, lang, rng)
        out += _duplicate(world, entry, lang, rng) if rng.random() < 0.07 else [entry]
    return out


def _entry_lines(entry: Listing) -> list[str]:
    lines = [entry.title, *(spelling for _, spelling in entry.authors)]
    if entry.abstract:
        lines.append(entry.abstract)
    return lines


# ----------------------------------------------------------------------------- pages


def profile_pages(world: World, r: int, lang: str, facts: Facts, stem: str) -> list[Page]:
    """Every page of one edition of researcher ``r``'s profile."""
    person = world.people[r]
    rng = random.Random(f"{world.seed}/{person.pid}/{lang}")
    owner = names.render(person, rng, "owner")
    header = _header(world, r, facts, lang, owner, rng)
    heading = [words.HEADINGS[lang]["publications"] if rng.random() < 0.92 else ""]
    entries = _entries(world, r, lang, rng)
    size = rng.choice((8, 10, 12))
    overlap = rng.choice((1, 1, 2))
    count = max(1, min(MAX_PAGES[lang], math.ceil(len(entries) / size)))
    pages = []
    for p in range(count):
        start = max(0, p * size - (overlap if p else 0))
        sliced = entries[start : (p + 1) * size]
        lines = [*header, "", *heading, ""]
        for entry in sliced:
            lines += _entry_lines(entry)
        path = f"{stem}-{lang}{p + 1}.txt"
        truth = PageTruth(
            file=path, format="profile", language=lang, owner=person.pid,
            publications=[
                (world.papers[e.paper].wid, [world.people[a].pid for a, _ in e.authors])
                for e in sliced
            ],
        )  # fmt: skip
        pages.append(Page(path, "\n".join(lines).rstrip("\n"), truth))
    return pages
