"""Deterministic synthetic corpus: profile pages (en/fr) and aggregator pages, with ground truth.

``generate_corpus(out_dir, researchers, seed)`` writes::

    out_dir/pages/NNN/rXXXXXX-en1.txt   English profile, page 1 (-en2, -en3: later pages)
    out_dir/pages/NNN/rXXXXXX-fr1.txt   French profile
    out_dir/pages/NNN/rXXXXXX-agg.txt   aggregator author page
    out_dir/truth/mentions.jsonl        per page: owner, each entry's paper, each author's person
    out_dir/truth/people.jsonl          every person: id, true name, researcher or not
    out_dir/truth/papers.jsonl          every paper: id, title(s), author ids
    out_dir/truth/negatives.json        the planted hard negatives (see corpusgen.world)
    out_dir/info.json                   counts

Pages are streamed to disk researcher by researcher; only the world model (people and papers,
no page text) is held in memory. The same seed gives byte-identical files.

CLI: ``python -m benchmarks.corpus OUT_DIR --researchers N --seed S``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpusgen.aggregator import aggregator_page
from benchmarks.corpusgen.profile import Page, draw_facts, profile_pages
from benchmarks.corpusgen.truth import write_line
from benchmarks.corpusgen.world import World, build_world

REPO = Path(__file__).resolve().parents[1]
TOPICS_FILE = REPO / "ontology" / "topics.ttl"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


@dataclass(frozen=True)
class CorpusInfo:
    out_dir: Path
    pages_dir: Path
    truth_path: Path  # truth/mentions.jsonl
    files: list[Path]  # every page written, absolute paths, in writing order
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def truth_dir(self) -> Path:
        return self.truth_path.parent


def load_topics(path: Path = TOPICS_FILE) -> list[tuple[str, str]]:
    """(English, French) preferred labels of the topic vocabulary, in IRI order."""
    import pyoxigraph as ox

    labels: dict[str, dict[str, str]] = {}
    for quad in ox.parse(path=str(path), base_iri="https://corpus.invalid/"):
        obj = quad.object
        if quad.predicate.value == SKOS_PREF and isinstance(obj, ox.Literal) and obj.language:
            labels.setdefault(quad.subject.value, {})[obj.language] = obj.value
    pairs = [(v["en"], v["fr"]) for _, v in sorted(labels.items()) if "en" in v and "fr" in v]
    if not pairs:
        raise ValueError(f"no bilingual topic labels in {path}")
    return pairs


def _editions(world: World, r: int) -> tuple[bool, bool, bool]:
    """Which pages researcher ``r`` has: English profile, French profile, aggregator."""
    rng = random.Random(f"{world.seed}/editions/{world.people[r].pid}")
    en, fr, agg = rng.random() < 0.9, rng.random() < 0.35, rng.random() < 0.45
    return (en or not (fr or agg)), fr, agg


def researcher_pages(world: World, r: int) -> list[Page]:
    """Every page of researcher ``r`` (deterministic, independent of other researchers)."""
    stem = f"{r // 1000:03d}/r{r:06d}"
    en, fr, agg = _editions(world, r)
    facts = draw_facts(world, r, world.seed)
    pages: list[Page] = []
    if en:
        pages += profile_pages(world, r, "en", facts, stem)
    if fr:
        pages += profile_pages(world, r, "fr", facts, stem)
    if agg:
        pages.append(aggregator_page(world, r, stem))
    return pages


def _write_entities(world: World, truth_dir: Path) -> None:
    with (truth_dir / "people.jsonl").open("w", encoding="utf-8") as out:
        for index, person in enumerate(world.people):
            row = {
                "id": person.pid,
                "name": person.display,
                "researcher": index < world.researchers,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (truth_dir / "papers.jsonl").open("w", encoding="utf-8") as out:
        for paper in world.papers:
            row = {
                "id": paper.wid,
                "title": paper.title,
                "alt_title": paper.alt_title,
                "authors": [world.people[a].pid for a in paper.authors],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    negatives = {k: [list(p) for p in v] for k, v in world.negatives.items()}
    (truth_dir / "negatives.json").write_text(json.dumps(negatives, indent=1) + "\n")


def generate_corpus(out_dir: Path, researchers: int, seed: int = 0) -> CorpusInfo:
    """Write a corpus for ``researchers`` researchers into ``out_dir`` (see the module doc)."""
    if researchers < 1:
        raise ValueError("researchers must be at least 1")
    out_dir = Path(out_dir).resolve()
    pages_dir, truth_dir = out_dir / "pages", out_dir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    world = build_world(researchers, seed, load_topics())
    files: list[Path] = []
    counts = {"profile_en": 0, "profile_fr": 0, "aggregator": 0, "person_mentions": 0,
              "publication_mentions": 0, "bytes": 0}  # fmt: skip
    truth_path = truth_dir / "mentions.jsonl"
    with truth_path.open("w", encoding="utf-8") as truth_out:
        for r in range(researchers):
            for page in researcher_pages(world, r):
                path = pages_dir / page.path
                path.parent.mkdir(parents=True, exist_ok=True)
                data = page.text.encode("utf-8")
                path.write_bytes(data)
                files.append(path)
                write_line(truth_out, page.truth)
                kind = page.truth.format
                counts[
                    "aggregator" if kind == "aggregator" else f"profile_{page.truth.language}"
                ] += 1
                counts["person_mentions"] += page.truth.person_mentions
                counts["publication_mentions"] += len(page.truth.publications)
                counts["bytes"] += len(data)
    _write_entities(world, truth_dir)
    counts.update(
        researchers=researchers, people=len(world.people), papers=len(world.papers),
        pages=len(files), **{f"negatives_{k}": len(v) for k, v in world.negatives.items()},
    )  # fmt: skip
    info = {"seed": seed, **counts}
    (out_dir / "info.json").write_text(json.dumps(info, indent=1) + "\n")
    return CorpusInfo(out_dir, pages_dir, truth_path, files, counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--researchers", "-n", type=int, default=1000)
    parser.add_argument("--seed", "-s", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = generate_corpus(args.out_dir, args.researchers, args.seed)
    elapsed = time.perf_counter() - started
    print(json.dumps({**info.counts, "seconds": round(elapsed, 2), "out": str(info.out_dir)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
