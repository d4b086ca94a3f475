"""Title versions: when two different title keys can name one paper, and which titles to compare.

Owns the title-only half of publication resolution (:mod:`.publications` adds the authors, dates
and abstracts that must agree before two versions are merged):

* :func:`title_relation` says how two title keys can be versions of one paper: ``strong``,
  ``weak`` or not at all;
* :func:`version_block_keys` gives the block keys that put every title next to its possible
  versions, whatever the frequency of its words (the rare-word and prefix keys of
  :func:`.blocking.title_block_keys` lose a title once all its words are common, which a large
  corpus makes them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from rapidfuzz.distance import Levenshtein

from .normalize import STOPWORDS

Relation = Literal["strong", "weak"]

PREFIX_MIN_TOKENS = 5
STRONG_MIN_WORDS = 4
# Words whose presence on one side only makes a different paper: negation, series numbering.
_VETO_WORDS = frozenset(
    {
        "not",
        "no",
        "non",
        "never",
        "versus",
        "vs",
        "part",
        "ii",
        "iii",
        "iv",
        "vi",
        "vii",
        "viii",
        "ix",
    }
)


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(token in remaining for token in short)


def _one_word_swapped(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The titles differ by one content word put in place of another ("Sparse X" / "Dense X").

    A spelling of the same word is no swap: one letter more, less or changed after the same
    opening ("Modeling" / "Modelling", "Network" / "Networks"). Opposites differ more or at
    their start ("Supervised" / "Unsupervised", "Encoders" / "Decoders").
    """
    if len(a) != len(b):
        return False
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(changed) != 1:
        return False
    x, y = changed[0]
    if {x, y} & STOPWORDS:
        return False
    return x[:2] != y[:2] or Levenshtein.distance(x, y, score_cutoff=2) > 1


def title_relation(
    a_tokens: tuple[str, ...],
    a_content: tuple[str, ...],
    b_tokens: tuple[str, ...],
    b_content: tuple[str, ...],
) -> Relation | None:
    """How two title keys can be versions of one paper: ``strong``, ``weak`` or not at all (None).

    Takes each title's tokens and content tokens (:func:`.normalize.content_tokens`). Symmetric.

    *Strong*: only function words differ ("Towards X" / "X", 2+ content words in the same
    order), or words were inserted inside or before a specific title (4+ content words) that
    keeps its ending ("... without *Full* Back-propagation ..."). *Weak*: the same words in
    another order, words inserted into a short title (a few words say little: "Graph Networks" /
    "Graph Attention Networks"), words only appended ("X" / "X for Chemistry" is as often a
    narrower paper), or a long shared opening with a changed subtitle. Never versions: a
    negation or a series number on one side only, or one content word swapped for another
    ("Sparse" / "Dense": the same group's sibling paper).
    """
    relation = _wording_relation(a_tokens, a_content, b_tokens, b_content)
    if relation is None:  # most candidate pairs: checked first, it is the cheaper test
        return None
    if any(t.isdigit() or t in _VETO_WORDS for t in set(a_tokens) ^ set(b_tokens)):
        return None
    if _one_word_swapped(a_tokens, b_tokens):
        return None
    return relation


def _wording_relation(
    a_tokens: tuple[str, ...],
    a_content: tuple[str, ...],
    b_tokens: tuple[str, ...],
    b_content: tuple[str, ...],
) -> Relation | None:
    """:func:`title_relation` before its vetoes (negations, numbers, a swapped word)."""
    short, long = (
        (a_content, b_content) if len(a_content) <= len(b_content) else (b_content, a_content)
    )
    words = len(set(short))
    if words >= 2 and set(short) <= set(long):
        if short == long:
            return "strong"
        bag_short, bag_long = Counter(short), Counter(long)
        if bag_short == bag_long:
            return "weak"
        # Multisets, not sets: "X for Language" adds a word even when X already says "language".
        if bag_short < bag_long and len(long) - len(short) <= max(2, words // 3):
            s_tokens, l_tokens = sorted((a_tokens, b_tokens), key=lambda t: (len(t), t))
            inserted = _is_subsequence(s_tokens, l_tokens) and s_tokens[-1:] == l_tokens[-1:]
            return "strong" if inserted and words >= STRONG_MIN_WORDS else "weak"
    prefix = 0
    for x, y in zip(a_tokens, b_tokens, strict=False):
        if x != y:
            break
        prefix += 1
    if prefix >= PREFIX_MIN_TOKENS and 2 * prefix >= max(len(a_tokens), len(b_tokens)):
        return "weak"
    return None


def version_keys(words: Sequence[str]) -> list[str]:
    """One title's version keys (see :func:`version_block_keys`), none left out."""
    bag = sorted(words)
    keys = [" ".join(bag)] if len(bag) >= 2 else []
    if len(bag) >= 3:
        keys += [" ".join(bag[:i] + bag[i + 1 :]) for i in range(len(bag))]
    return [f"v:{k}" for k in dict.fromkeys(keys)]


def version_block_keys(content: Sequence[tuple[str, ...]]) -> list[list[str]]:
    """Block keys of each title: its content words as a sorted bag, and that bag less one word.

    Two versions have the same content words (only function words or letter case changed) or
    one has one more ("Towards X" / "X", "X Y" / "X Full Y"), so they always share a key,
    however common their words are: exact keys, found by hashing, never by scanning. A bag
    keeps at least two words: one word pairs far too much. Keys only one title holds are left
    out here (most of them: they would only make blocks of one to build and throw away).
    """
    bags = [version_keys(words) for words in content]
    held = Counter(k for keys in bags for k in keys)
    return [[k for k in keys if held[k] > 1] for keys in bags]
