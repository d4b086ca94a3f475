"""The synthetic world: people in communities, the papers they wrote, and the hard negatives.

Researchers (people ``0..N-1``, the ones with pages) belong to communities of about ten, each
with external co-authors of its own; communities belong to *fields* whose topic sets are
disjoint. Papers are written inside a community (rarely across), so co-authors and papers are
shared between researchers. Hard negatives are planted on purpose and listed:

* ``same_name``: two researchers with the same full name, in communities of different fields
  (disjoint co-author circles and topics);
* ``same_initial_surname``: two researchers with the same first initial and surname, likewise;
* ``same_authors``: two different papers with the same author list;
* ``near_titles``: two different papers whose titles differ by one word or a suffix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from . import names, texts, words

FIELDS = 4
COMMUNITY_SIZE = 10
EXTERNALS_PER_RESEARCHER = 1.5
CURRENT_YEAR = 2025  # aggregator pages leave the year out for papers of this year


@dataclass(slots=True)
class Paper:
    wid: str
    title: str
    alt_title: str | None  # a later version's title (same paper)
    authors: tuple[int, ...]  # person indices, in author order
    year: int
    month: int
    day: int
    category: str
    code: bool


@dataclass(slots=True)
class Community:
    area: int  # the field: communities of different fields share no topic
    topics: tuple[int, ...]  # indices into the topic vocabulary
    orgs: tuple[tuple[str, str, str], ...]  # (English name, French name, aggregator tag)
    researchers: list[int] = field(default_factory=list)
    externals: list[int] = field(default_factory=list)


@dataclass
class World:
    seed: int
    researchers: int
    topics: list[tuple[str, str]]  # (English label, French label)
    people: list[names.Person]
    community_of: list[int]  # per person
    communities: list[Community]
    papers: list[Paper]
    papers_of: list[list[int]]  # per researcher: paper indices, newest first
    negatives: dict[str, list[tuple[str, str]]]


# ----------------------------------------------------------------------------- communities


def _org(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.35:
        name, tag = rng.choice(words.KNOWN_ORGS)
        return name, name, tag
    place = rng.choice(words.ORG_PLACES)
    en, fr = rng.choice(words.ORG_PATTERNS)
    return en.format(p=place), fr.format(p=place), place.lower()


def _communities(rng: random.Random, count: int, topic_count: int) -> list[Community]:
    order = list(range(topic_count))
    rng.shuffle(order)
    fields = [order[f::FIELDS] for f in range(FIELDS)]
    out = []
    for c in range(count):
        pool = fields[c % FIELDS]
        topics = tuple(sorted(rng.sample(pool, min(len(pool), rng.randint(5, 8)))))
        orgs = tuple(_org(rng) for _ in range(rng.randint(1, 3)))
        out.append(Community(c % FIELDS, topics, orgs))
    return out


# ----------------------------------------------------------------------------- people


class _People:
    """Makes people with distinct full names (except planted homonyms)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[names.Person] = []
        self.keys: set[str] = set()

    def add(self) -> int:
        rng = self.rng
        while True:
            style = names.pick_style(rng)
            given = names.make_given(rng, style)
            particle = names.make_particle(rng, style)
            surname = names.make_surname(rng, style)
            key = names.name_key(given, particle, surname)
            if key not in self.keys:
                break
        self.keys.add(key)
        suffix = "0001" if rng.random() < 0.01 else ""
        pid = f"p{len(self.people):06d}"
        middles = names.make_middles(rng, style)
        self.people.append(names.Person(pid, given, middles, particle, surname, suffix, style))
        return len(self.people) - 1

    def twin(self, a: int, b: int) -> None:
        """``b`` takes ``a``'s full name; both get homonym suffixes."""
        pa, pb = self.people[a], self.people[b]
        self.people[a] = replace(pa, suffix="0001")
        self.people[b] = replace(
            pb, given=pa.given, middles=pa.middles, particle=pa.particle,
            surname=pa.surname, suffix="0002", style=pa.style,
        )  # fmt: skip

    def initial_twin(self, a: int, b: int) -> None:
        """``b`` takes ``a``'s surname and a different given name with the same initial."""
        pa = self.people[a]
        given = pa.given
        for _ in range(200):
            given = names.make_given(self.rng, pa.style)
            if given[0] == pa.given[0] and given != pa.given:
                break
        if given == pa.given or given[0] != pa.given[0]:
            given = pa.given[0] + names.make_given(self.rng, "generic").lower()[1:]
        self.people[b] = replace(
            self.people[b], given=given, middles="", particle=pa.particle,
            surname=pa.surname, style=pa.style,
        )  # fmt: skip


def _plant_homonyms(
    rng: random.Random, people: _People, community_of: list[int], comms: list[Community], n: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], set[int]]:
    pairs = max(1, round(n * 0.01))
    used: set[int] = set()
    same_name: list[tuple[str, str]] = []
    same_initial: list[tuple[str, str]] = []
    candidates = list(range(n))
    rng.shuffle(candidates)
    for kind in range(2 * pairs):
        a = next((x for x in candidates if x not in used), None)
        if a is None:
            break
        used.add(a)
        field_a = comms[community_of[a]].area
        b = next(
            (x for x in candidates if x not in used and comms[community_of[x]].area != field_a),
            None,
        )
        if b is None:
            continue
        used.add(b)
        if kind % 2 == 0:
            people.twin(a, b)
            same_name.append((people.people[a].pid, people.people[b].pid))
        else:
            people.initial_twin(a, b)
            same_initial.append((people.people[a].pid, people.people[b].pid))
    return same_name, same_initial, used


# ----------------------------------------------------------------------------- papers


class _Papers:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.papers: list[Paper] = []
        self.titles: set[str] = set()

    def _fresh_title(self) -> str:
        while True:
            title = texts.make_title(self.rng)
            if names.fold(title) not in self.titles:
                self.titles.add(names.fold(title))
                return title

    def add(self, authors: tuple[int, ...], title: str | None = None) -> Paper:
        rng = self.rng
        if title is None or names.fold(title) in self.titles:
            title = self._fresh_title()
        else:
            self.titles.add(names.fold(title))
        alt = texts.version_title(title, rng) if rng.random() < 0.15 else None
        if alt is not None and names.fold(alt) in self.titles:
            alt = None
        if alt is not None:
            self.titles.add(names.fold(alt))
        year = rng.choices(range(2014, CURRENT_YEAR + 1), range(1, CURRENT_YEAR - 2012))[0]
        cats = [c for c, _ in words.CATEGORIES]
        paper = Paper(
            wid=f"w{len(self.papers):07d}", title=title, alt_title=alt, authors=authors,
            year=year, month=rng.randint(1, 12), day=rng.randint(1, 28),
            category=rng.choices(cats, [w for _, w in words.CATEGORIES])[0],
            code=rng.random() < 0.4,
        )  # fmt: skip
        self.papers.append(paper)
        return paper


def _authors(
    rng: random.Random, r: int, comm: Community, comms: list[Community], isolated: set[int]
) -> tuple[int, ...]:
    if rng.random() < 0.04:
        return (r,)
    pool = [x for x in comm.researchers if x != r]
    n_res = rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]
    others = rng.sample(pool, min(n_res, len(pool)))
    if rng.random() < 0.03:
        n_ext = rng.randint(8, 14)
    else:
        n_ext = rng.choices(range(9), (4, 10, 14, 14, 12, 8, 5, 3, 2))[0]
    others += rng.sample(comm.externals, min(n_ext, len(comm.externals)))
    alone = r not in isolated and not any(x in isolated for x in others)
    if alone and len(comms) > 1 and rng.random() < 0.05:
        other = comms[rng.randrange(len(comms))]
        outside = [x for x in other.researchers if x not in isolated and x != r]
        if other is not comm and outside:
            others.append(rng.choice(outside))
    rng.shuffle(others)
    roll = rng.random()
    position = len(others) if roll < 0.45 else 0 if roll < 0.75 else rng.randint(0, len(others))
    others.insert(position, r)
    return tuple(others)


def _write_papers(
    rng: random.Random, n: int, community_of: list[int], comms: list[Community], isolated: set[int]
) -> tuple[list[Paper], dict[str, list[tuple[str, str]]]]:
    made = _Papers(rng)
    same_authors: list[tuple[str, str]] = []
    near: list[tuple[str, str]] = []
    for r in range(n):
        comm = comms[community_of[r]]
        for _ in range(rng.randint(2, 9)):
            authors = _authors(rng, r, comm, comms, isolated)
            paper = made.add(authors)
            if len(authors) > 1 and rng.random() < 0.04:
                sibling = made.add(authors)
                same_authors.append((paper.wid, sibling.wid))
            if rng.random() < 0.03:
                other = _authors(rng, r, comm, comms, isolated)
                if set(other) != set(authors):
                    title = texts.near_title(paper.title, rng)
                    if names.fold(title) not in made.titles:
                        sibling = made.add(other, title)
                        near.append((paper.wid, sibling.wid))
    return made.papers, {"same_authors": same_authors, "near_titles": near}


# ----------------------------------------------------------------------------- the world


def build_world(researchers: int, seed: int, topics: list[tuple[str, str]]) -> World:
    """People, communities and papers for ``researchers`` researchers (deterministic in seed)."""
    rng = random.Random(seed)
    n_comm = max(1, round(researchers / COMMUNITY_SIZE))
    comms = _communities(rng, n_comm, len(topics))
    people = _People(rng)
    community_of: list[int] = []
    for r in range(researchers):
        people.add()
        c = r % n_comm
        community_of.append(c)
        comms[c].researchers.append(r)
    for _ in range(round(researchers * EXTERNALS_PER_RESEARCHER)):
        index = people.add()
        c = rng.randrange(n_comm)
        community_of.append(c)
        comms[c].externals.append(index)
    same_name, same_initial, isolated = _plant_homonyms(
        rng, people, community_of, comms, researchers
    )
    papers, paper_negatives = _write_papers(rng, researchers, community_of, comms, isolated)
    papers_of: list[list[int]] = [[] for _ in range(researchers)]
    for index, paper in enumerate(papers):
        for a in dict.fromkeys(paper.authors):
            if a < researchers:
                papers_of[a].append(index)
    for listed in papers_of:
        listed.sort(key=lambda i: (-papers[i].year, -papers[i].month, -papers[i].day, i))
    negatives = {"same_name": same_name, "same_initial_surname": same_initial, **paper_negatives}
    return World(
        seed, researchers, topics, people.people, community_of, comms, papers, papers_of, negatives
    )
