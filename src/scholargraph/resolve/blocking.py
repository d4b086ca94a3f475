"""Candidate blocking: which surfaces are ever compared.

Owns the rule that keeps resolution sub-quadratic: items are grouped under cheap keys and only
items sharing a key are scored (with ``rapidfuzz.process.cdist``, one vectorised call per block).
Blocks larger than :data:`BLOCK_CAP` are skipped: a key that common carries no identity, and
scoring it would bring back the n² cost the blocking exists to avoid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

BLOCK_CAP = 200
RARE_TOKENS_PER_TITLE = 3
PREFIX_TOKENS = 3


def build_blocks(keys_per_item: Sequence[Iterable[str]]) -> dict[str, list[int]]:
    """Key -> sorted item indices, keeping only keys shared by at least two items."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_per_item):
        for key in sorted(set(keys)):
            blocks[key].append(index)
    return {k: v for k, v in sorted(blocks.items()) if len(v) > 1}


def rare_word_keys(words: Iterable[str], df: Mapping[str, int]) -> list[str]:
    """A title's rare-word keys: its :data:`RARE_TOKENS_PER_TITLE` rarest content words among
    those at least two and at most :data:`BLOCK_CAP` titles share (``df``: titles per word)."""
    shared = sorted({w for w in words if 2 <= df.get(w, 0) <= BLOCK_CAP}, key=lambda w: (df[w], w))
    return [f"w:{w}" for w in shared[:RARE_TOKENS_PER_TITLE]]


def prefix_keys(tokens: Sequence[str]) -> list[str]:
    """A title's opening key (none for titles shorter than :data:`PREFIX_TOKENS` words)."""
    return ["p:" + " ".join(tokens[:PREFIX_TOKENS])] if len(tokens) >= PREFIX_TOKENS else []


def word_counts(content: Iterable[Sequence[str]]) -> Counter[str]:
    """How many titles hold each word (the ``df`` of :func:`rare_word_keys`)."""
    df: Counter[str] = Counter()
    for words in content:
        df.update(set(words))
    return df


def title_block_keys(
    content: Sequence[tuple[str, ...]],
    tokens: Sequence[tuple[str, ...]],
    df: Mapping[str, int] | None = None,
) -> list[list[str]]:
    """Block keys of each title: its rarest shared content words, and its opening words.

    Rare words find versions whose wording changed anywhere (``NoProp ... without *Full*
    Back-propagation``); the opening finds versions that changed their subtitle (``RAT: Bridging
    RNN Efficiency ...``). A word only one title has pairs nothing, so rarity is counted among
    words at least two titles share; very common words are left to the prefix key. ``df``
    counts the words of a larger corpus these titles belong to (by default, of these titles).
    """
    counts = word_counts(content) if df is None else df
    return [
        rare_word_keys(words, counts) + prefix_keys(toks)
        for words, toks in zip(content, tokens, strict=True)
    ]


@dataclass(frozen=True)
class ScoredPairs:
    pairs: dict[tuple[int, int], float]  # (i, j) with i < j -> similarity 0..100
    comparisons: int
    blocks: int


def score_blocks(
    strings: Sequence[str],
    blocks: dict[str, list[int]],
    *,
    cutoff: float,
    scorer: Callable[..., float] = fuzz.ratio,
) -> ScoredPairs:
    """Score every pair inside each block (at most :data:`BLOCK_CAP` items) with ``cdist``."""
    pairs: dict[tuple[int, int], float] = {}
    comparisons = 0
    used = 0
    for members in blocks.values():
        if len(members) > BLOCK_CAP:
            continue
        used += 1
        texts = [strings[i] for i in members]
        # cdist zeroes scores under the cutoff; only the surviving upper-triangle cells are read.
        matrix = process.cdist(texts, texts, scorer=scorer, score_cutoff=cutoff)
        comparisons += len(members) * (len(members) - 1) // 2
        rows, cols = (matrix >= cutoff).nonzero()
        for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
            if a < b:
                key = (members[a], members[b])
                pairs[key] = max(float(matrix[a, b]), pairs.get(key, 0.0))
    return ScoredPairs(pairs=dict(sorted(pairs.items())), comparisons=comparisons, blocks=used)
