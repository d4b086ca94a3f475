"""Vocabulary lookups: concept display labels and the folded-label index of a concept scheme."""

from __future__ import annotations

from ..vocabulary import Concept
from .normalize import fold


def concept_label(concept: Concept, language: str = "en") -> str:
    """A concept's display label: prefLabel without language tag, else ``language``, else any."""
    labels = concept.pref_labels
    for lang in ("", language):
        if labels.get(lang):
            return labels[lang]
    return labels[min(labels)] if labels else concept.iri


def label_index(concepts: tuple[Concept, ...]) -> dict[str, Concept]:
    """Folded label -> concept; prefLabels win over altLabels, then the smaller IRI wins."""
    index: dict[str, tuple[int, str, Concept]] = {}
    for concept in concepts:
        entries = [(0, label) for label in concept.pref_labels.values()]
        entries += [(1, label) for _, label in concept.alt_labels]
        for rank, label in entries:
            key = fold(label)
            if not key:
                continue
            candidate = (rank, concept.iri, concept)
            if key not in index or candidate[:2] < index[key][:2]:
                index[key] = candidate
    return {k: v[2] for k, v in sorted(index.items())}
