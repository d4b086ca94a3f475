"""Research topics: page labels (English or French) to the bilingual topic vocabulary.

A label matches a concept when its folded form equals a folded prefLabel/altLabel in *either*
language (so the English and French pages meet on one concept), or, failing that, when it is a
spelling variant of one (``Generalisation``/``Generalization``): rapidfuzz ratio >=
:data:`FUZZY_RATIO` and lengths within :data:`MAX_LENGTH_GAP` characters. The length guard is
what keeps ``Neural Networks`` away from ``Deep Neural Networks``: variants respell, they do not
add words. Unknown labels become topics of their own, keyed by slug, with their language kept so
the mapper can label them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..models import EntityKind, MentionRef, Merge, SourceDocument, topic_ref
from ..vocabulary import Concept, Vocabulary
from .blocking import build_blocks, score_blocks
from .common import EntityDraft, KindStats, Tally, UnionFind, sorted_refs, spelling_counts
from .keys import concept_key, slugify
from .labels import best_surface
from .names import folded
from .vocab import concept_label, label_index

FUZZY_RATIO = 90.0
MAX_LENGTH_GAP = 2


@dataclass(frozen=True)
class TopicMention:
    ref: MentionRef
    language: str
    label: str


@dataclass(frozen=True)
class TopicResult:
    drafts: list[EntityDraft]
    stats: KindStats


def _close(a: str, b: str, score: float) -> bool:
    return score >= FUZZY_RATIO and abs(len(a) - len(b)) <= MAX_LENGTH_GAP


def match_concept(
    folded: str, index: dict[str, Concept], choices: list[str]
) -> tuple[Concept, float] | None:
    """The vocabulary concept a folded label denotes, with the match score."""
    exact = index.get(folded)
    if exact is not None:
        return exact, 100.0
    found = process.extract(
        folded, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO, limit=None
    )
    close = [
        (float(score), index[choice].iri, choice)
        for choice, score, _ in found
        if _close(folded, choice, float(score))
    ]
    if not close:
        return None
    score, _, choice = min(close, key=lambda c: (-c[0], c[1], c[2]))
    return index[choice], score


def collect_mentions(docs: list[SourceDocument]) -> list[TopicMention]:
    seen: dict[MentionRef, TopicMention] = {}
    for doc in docs:
        for label in doc.record.topics:
            ref = topic_ref(doc.source_id, label)
            seen.setdefault(ref, TopicMention(ref, doc.record.language.value, label))
    return [seen[r] for r in sorted_refs(seen)]


def tally(mentions: Iterable[TopicMention]) -> Tally:
    """How many mentions give each (label, page language): all a concept's draft is made of."""
    return Counter((m.label, m.language) for m in mentions)


def concept_draft(
    concept: Concept, counts: Tally, refs: list[MentionRef], score_of: Callable[[str], float]
) -> EntityDraft:
    """The draft of a vocabulary topic from its mentions' tally; ``score_of``: a label's match
    score (:func:`match_concept`), ``refs``: the mentions themselves."""
    label = concept_label(concept)
    scores = {seen: score_of(seen) for seen, _ in counts}
    others = sorted(set(scores) - {label})
    return EntityDraft(
        kind=EntityKind.TOPIC,
        wanted_key=concept_key(concept.iri),
        label=label,
        mentions=sorted_refs(refs),
        alternate_labels=tuple(others),
        member_keys=(),  # alone, every member would still resolve to the concept
        merges=tuple(
            Merge(
                label=s,
                into=label,
                score=scores[s],
                reason="vocabulary" if scores[s] >= 100.0 else "spelling-variant",
            )
            for s in others
        ),
        concept_iri=concept.iri,
        labels_by_language=tuple(sorted({(language, seen) for seen, language in counts})),
    )


def unknown_draft(counts: Tally, refs: list[MentionRef]) -> EntityDraft:
    """The draft of a cluster of topics outside the vocabulary from its mentions' tally."""
    labels = spelling_counts(counts)
    label = best_surface(labels)
    others = sorted(set(labels) - {label})
    return EntityDraft(
        kind=EntityKind.TOPIC,
        wanted_key=slugify(label),
        label=label,
        mentions=sorted_refs(refs),
        alternate_labels=tuple(others),
        member_keys=tuple(sorted({slugify(s) for s in labels})),
        merges=tuple(
            Merge(
                label=s,
                into=label,
                score=float(fuzz.ratio(folded(s), folded(label))),
                reason="exact-normalised" if folded(s) == folded(label) else "spelling-variant",
            )
            for s in others
        ),
        labels_by_language=tuple(sorted({(language, seen) for seen, language in counts})),
    )


def close_forms(form: str, others: Iterable[str]) -> list[str]:
    """The folded spellings among ``others`` that ``form`` is a variant of: the pairs the
    clustering of topics outside the vocabulary may merge (it merges no others)."""
    return [o for o in others if o != form and _close(form, o, fuzz.ratio(form, o))]


def unknown_form(label: str) -> str:
    """The spelling a topic outside the vocabulary is grouped and clustered by: its folded
    form (the label itself when nothing is left of it folded)."""
    return folded(label) or label


def unknown_block(form: str) -> str:
    """The block of a folded spelling outside the vocabulary: only spellings sharing it are
    ever clustered together."""
    return form[:3]


def resolve_topics(docs: list[SourceDocument], vocabulary: Vocabulary) -> TopicResult:
    mentions = collect_mentions(docs)
    index = label_index(vocabulary.topics)
    choices = list(index)
    comparisons = 0
    known: dict[str, list[TopicMention]] = defaultdict(list)
    unknown: dict[str, list[TopicMention]] = defaultdict(list)
    concepts = {c.iri: c for c in vocabulary.topics}
    matched: dict[str, tuple[Concept, float] | None] = {}
    for m in mentions:
        form = folded(m.label)
        if form not in matched:
            if form not in index:
                comparisons += len(choices)
            matched[form] = match_concept(form, index, choices) if form else None
        hit = matched[form]
        if hit is not None:
            known[hit[0].iri].append(m)
        else:
            unknown[unknown_form(m.label)].append(m)

    # Unknown labels: spelling variants of each other merge too (blocked on their opening).
    keys = sorted(unknown)
    blocks = build_blocks([[unknown_block(k)] for k in keys])
    scored = score_blocks(keys, blocks, cutoff=FUZZY_RATIO)
    comparisons += scored.comparisons
    uf = UnionFind(len(keys))
    members: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    for (i, j), score in sorted(scored.pairs.items(), key=lambda p: (-p[1], p[0])):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or not _close(keys[i], keys[j], score):
            continue
        if all(
            _close(keys[x], keys[y], fuzz.ratio(keys[x], keys[y]))
            for x in members[ri]
            for y in members[rj]
        ):
            root = uf.union(ri, rj)
            members[root] = sorted(members.pop(ri) + members.pop(rj))

    def score_of(label: str) -> float:
        hit = matched[folded(label)]
        return hit[1] if hit is not None else 0.0

    drafts = [
        concept_draft(concepts[iri], tally(known[iri]), [m.ref for m in known[iri]], score_of)
        for iri in sorted(known)
    ]
    for root in sorted(members):
        group = [m for i in members[root] for m in unknown[keys[i]]]
        drafts.append(unknown_draft(tally(group), [m.ref for m in group]))
    stats = KindStats(
        mentions=len(mentions),
        surfaces=len(matched),
        blocks=scored.blocks,
        comparisons=comparisons,
        entities=len(drafts),
    )
    return TopicResult(drafts=drafts, stats=stats)
