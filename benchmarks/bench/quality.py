"""Resolution quality: pairwise precision and recall of people and papers against ground truth.

Pairs are counted from the contingency table of (predicted entity, true entity) over the
mentions both sides know, never enumerated: with ``n_ij`` mentions in cell ``(i, j)``,
true positives are ``sum C(n_ij, 2)``, predicted pairs ``sum_i C(a_i, 2)`` and true pairs
``sum_j C(b_j, 2)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.corpusgen.truth import PageTruth, read_truth


@dataclass(frozen=True)
class PairScores:
    mentions: int
    true_entities: int
    predicted_entities: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_scores(assignments: Iterable[tuple[Hashable, Hashable]]) -> PairScores:
    """Scores from (predicted, true) labels of each mention."""
    cells: Counter[tuple[Hashable, Hashable]] = Counter(assignments)
    predicted: Counter[Hashable] = Counter()
    true: Counter[Hashable] = Counter()
    for (p, t), n in cells.items():
        predicted[p] += n
        true[t] += n
    return PairScores(
        mentions=sum(cells.values()),
        true_entities=len(true),
        predicted_entities=len(predicted),
        true_pairs=sum(_pairs(n) for n in true.values()),
        predicted_pairs=sum(_pairs(n) for n in predicted.values()),
        correct_pairs=sum(_pairs(n) for n in cells.values()),
    )


# ----------------------------------------------------------------------------- references

Ref = tuple[str | int, ...]


def truth_refs(
    pages: Iterable[PageTruth], parsed: dict[str, list[int]] | None = None
) -> tuple[dict[Ref, str], dict[Ref, str]]:
    """(person mention -> true person id, publication mention -> true paper id).

    With ``parsed`` (authors per entry as the parser read each page), only the entries before
    the first one whose author count differs are kept: past a mis-read entry the indices no
    longer name the same mentions, and scoring them would blame the resolver for the parser.
    """
    people: dict[Ref, str] = {}
    papers: dict[Ref, str] = {}
    for page in pages:
        people[(page.file, "owner")] = page.owner
        counts = None if parsed is None else parsed.get(page.file, [])
        for i, (paper, authors) in enumerate(page.publications):
            if counts is not None and (i >= len(counts) or counts[i] != len(authors)):
                break
            papers[(page.file, "publication", i)] = paper
            for j, person in enumerate(authors):
                people[(page.file, "author", i, j)] = person
    return people, papers


def _score(
    truth: dict[Ref, str], predicted: dict[Any, str], surfaces: dict[Ref, str]
) -> dict[str, Any]:
    both = [(predicted[ref], true) for ref, true in truth.items() if ref in predicted]
    scores = pair_scores(both).as_dict()
    scores["unmatched_truth"] = sum(1 for ref in truth if ref not in predicted)
    scores["unmatched_predicted"] = sum(1 for ref in predicted if ref not in truth)
    scores["examples"] = _examples(truth, predicted, surfaces)
    return scores


def _examples(
    truth: dict[Ref, str], predicted: dict[Any, str], surfaces: dict[Ref, str], limit: int = 6
) -> dict[str, Any]:
    """A few false merges (one prediction, several truths) and splits (the reverse)."""
    by_pred: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    by_true: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ref, true in truth.items():
        if ref in predicted:
            surface = surfaces.get(ref, "?")
            by_pred[predicted[ref]][true].add(surface)
            by_true[true][predicted[ref]].add(surface)
    merges = [
        {"predicted": p, "true": {t: sorted(s)[:4] for t, s in sorted(ts.items())}}
        for p, ts in sorted(by_pred.items())
        if len(ts) > 1
    ]
    splits = [
        {"true": t, "predicted": {p: sorted(s)[:4] for p, s in sorted(ps.items())}}
        for t, ps in sorted(by_true.items())
        if len(ps) > 1
    ]
    return {
        "false_merges": merges[:limit],
        "splits": splits[:limit],
        "false_merge_count": len(merges),
        "split_count": len(splits),
    }


def negatives_merged(
    root: Path,
    people: tuple[dict[Ref, str], dict[Any, str]],
    papers: tuple[dict[Ref, str], dict[Any, str]],
) -> dict[str, dict[str, int]]:
    """For each kind of planted hard negative: how many pairs share a predicted entity."""
    negatives = json.loads((root / "truth" / "negatives.json").read_text())
    out: dict[str, dict[str, int]] = {}
    for kinds, (truth, predicted) in (
        (("same_name", "same_initial_surname"), people),
        (("same_authors", "near_titles"), papers),
    ):
        clusters: dict[str, set[str]] = defaultdict(set)
        for ref, true in truth.items():
            if ref in predicted:
                clusters[true].add(predicted[ref])
        for kind in kinds:
            pairs = negatives.get(kind, [])
            merged = sum(1 for a, b in pairs if clusters.get(a, set()) & clusters.get(b, set()))
            out[kind] = {"pairs": len(pairs), "merged": merged}
    return out


# ----------------------------------------------------------------------------- the run


def _parse(args: tuple[str, str]) -> Any:
    from scholargraph.models import SourceDocument
    from scholargraph.parse import parse_page

    path, source_id = args
    data = Path(path).read_bytes()
    record = parse_page(data.decode("utf-8"), where=source_id)
    return SourceDocument(
        source_id=source_id, path=path, content_sha256=hashlib.sha256(data).hexdigest(),
        record=record,
    )  # fmt: skip


def _stats(kind: Any) -> dict[str, int]:
    return {
        "mentions": kind.mentions,
        "surfaces": kind.surfaces,
        "comparisons": kind.comparisons,
        "all_surface_pairs": kind.all_pairs,
        "all_mention_pairs": _pairs(kind.mentions),
    }


def evaluate(root: Path, workers: int = 0) -> dict[str, Any]:
    """Parse and resolve the corpus at ``root``; score people and papers."""
    from scholargraph.config import Settings
    from scholargraph.models import EntityKind
    from scholargraph.pipeline import load_vocabulary
    from scholargraph.resolve import resolve_with_stats

    pages = list(read_truth(root / "truth" / "mentions.jsonl"))
    args = [(str(root / "pages" / p.file), p.file) for p in pages]
    out: dict[str, Any] = {"pages": len(pages)}
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        documents = list(pool.map(_parse, args, chunksize=64))
    out["parse_s"] = time.perf_counter() - started
    settings = Settings()
    vocabulary, _ = load_vocabulary(settings)
    started = time.perf_counter()
    resolution, stats = resolve_with_stats(
        documents, vocabulary, institute_name=settings.institute_name
    )
    out["resolve_s"] = time.perf_counter() - started
    surfaces: dict[Ref, str] = {}
    for doc in documents:
        surfaces[(doc.source_id, "owner")] = doc.record.owner.raw
        for pub in doc.record.publications:
            surfaces[(doc.source_id, "publication", pub.index)] = pub.raw_title
            for j, author in enumerate(pub.authors):
                surfaces[(doc.source_id, "author", pub.index, j)] = author.name.raw
    parsed = {d.source_id: [len(p.authors) for p in d.record.publications] for d in documents}
    true_people, true_papers = truth_refs(pages, parsed)
    all_people, all_papers = truth_refs(pages)
    out["aligned"] = {
        "person_mentions": len(true_people),
        "person_mentions_total": len(all_people),
        "publication_mentions": len(true_papers),
        "publication_mentions_total": len(all_papers),
        "pages_disagreeing": sum(
            1 for p in pages if parsed.get(p.file) != [len(a) for _, a in p.publications]
        ),
    }
    out["person"] = _score(true_people, resolution.mentions[EntityKind.PERSON], surfaces)
    out["publication"] = _score(true_papers, resolution.mentions[EntityKind.PUBLICATION], surfaces)
    out["negatives"] = negatives_merged(
        root,
        (true_people, resolution.mentions[EntityKind.PERSON]),
        (true_papers, resolution.mentions[EntityKind.PUBLICATION]),
    )
    out["person"]["stats"] = _stats(stats.person)
    out["publication"]["stats"] = _stats(stats.publication)
    return out
