"""Paper-aggregator author pages: metric header, then one block per paper, with ground truth.

Block layout (blank lines between parts, none at the end of the page)::

    CATDATE[Code]        "LGMay 3, 2021Code", "CVApr 8" (year left out for this year's papers)
    TITLE
    AUTHOR, AUTHOR, AUTHOR[ et al.][ · tag, tag]
    ABSTRACT
"""

from __future__ import annotations

import random
from collections import Counter

from . import names, texts, words
from .profile import Page
from .truth import PageTruth
from .world import CURRENT_YEAR, Paper, World


def _date(paper: Paper) -> str:
    month = words.MONTHS[paper.month - 1]
    if paper.year == CURRENT_YEAR:
        return f"{month} {paper.day}"
    return f"{month} {paper.day}, {paper.year}"


def _header(owner: str, listed: list[Paper], total: int, rng: random.Random) -> list[str]:
    primary = Counter(p.category for p in listed).most_common(1)[0][0]
    metrics = [
        f"h-index{rng.randint(max(1, total // 4), max(2, total // 2 + 5))}",
        f"{total}papers",
        f"{rng.randint(20, 60000):,}citations",
        f"Novelty{rng.randint(15, 90)}%",
        f"AI Score{rng.randint(20, 95)}",
    ]
    if rng.random() < 0.05:
        metrics.pop(rng.randrange(len(metrics)))
    return [owner, "", primary, *metrics, "", f"{total} Papers", ""]


def _author_line(world: World, paper: Paper, tags: list[str], rng: random.Random) -> str:
    shown = [names.render(world.people[a], rng, "aggregator") for a in paper.authors[:3]]
    line = ", ".join(shown)
    if len(paper.authors) > 3:
        line += " et al."
    if tags and rng.random() < 0.75:
        line += " · " + ", ".join(rng.sample(tags, rng.randint(1, min(2, len(tags)))))
    return line


def aggregator_page(world: World, r: int, stem: str) -> Page:
    """Researcher ``r``'s aggregator page: a shuffled sample of their papers."""
    person = world.people[r]
    rng = random.Random(f"{world.seed}/{person.pid}/agg")
    indices = list(world.papers_of[r])
    rng.shuffle(indices)
    indices = indices[: max(1, round(len(indices) * rng.uniform(0.5, 1.0)))]
    listed = [world.papers[i] for i in indices]
    total = len(world.papers_of[r]) + rng.randint(0, 40)
    tags = [tag for _, _, tag in world.communities[world.community_of[r]].orgs]
    lines = _header(person.display, listed, total, rng)
    publications: list[tuple[str, list[str]]] = []
    for paper in listed:
        title = paper.alt_title if paper.alt_title and rng.random() < 0.7 else paper.title
        lines += [f"{paper.category}{_date(paper)}{'Code' if paper.code else ''}", title, ""]
        shown: list[str] = []
        if rng.random() > 0.01:
            lines += [_author_line(world, paper, tags, rng), ""]
            shown = [world.people[a].pid for a in paper.authors[:3]]
        if rng.random() > 0.05:
            abstract = texts.make_abstract(random.Random(f"{world.seed}/abs/{paper.wid}"))
            lines += [abstract, ""]
        publications.append((paper.wid, shown))
    path = f"{stem}-agg.txt"
    truth = PageTruth(path, "aggregator", "en", person.pid, publications)
    return Page(path, "\n".join(lines).rstrip("\n"), truth)
