"""Display labels: which of the spellings seen for one entity is shown.

Owns the ranking of spellings. A label is always a spelling seen verbatim (never a synthesised
one), so what users see is something a source actually wrote.
"""

from __future__ import annotations

from collections.abc import Mapping

from .damage import Spelling, is_damaged_form
from .names import LOWERCASE_PARTICLES, ParsedName


def _non_ascii_letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha() and not ch.isascii())


def _case_penalty(name: ParsedName) -> int:
    """Words in all capitals or all lowercase (particles aside) are worse than Title case."""
    penalty = 0
    for part in (*name.given, name.family):
        word = part.text
        if len(word) > 1 and not part.initial and (word.isupper() or word.islower()):
            penalty += 1
    for part in name.prefix:
        # "von Oswald", not "Von Oswald".
        if part.text.casefold() in LOWERCASE_PARTICLES and not part.text.islower():
            penalty += 1
    return penalty


def _initial_style_penalty(name: ParsedName) -> int:
    """``C. Y.`` is the tidy form of ``C.Y.`` and ``C``."""
    undotted = sum(1 for p in name.given if p.initial and not p.text.endswith("."))
    return undotted + (1 if name.glued_initials else 0)


def best_person_label(spellings: Mapping[str, ParsedName], counts: Mapping[str, int]) -> str:
    """The best spelling of one person: undamaged, accented, full, tidy, then most frequent."""
    if len(spellings) == 1:
        return next(iter(spellings))  # most people are written one way: nothing to rank
    tokens: dict[str, list[Spelling]] = {
        text: [p.spelling for p in (*name.given, *name.prefix, name.family)]
        for text, name in spellings.items()
    }

    def rank(text: str) -> tuple[int, int, int, int, int, int, int, int, str]:
        name = spellings[text]
        others = [s for other, toks in tokens.items() if other != text for s in toks]
        damage = sum(1 for tok in tokens[text] if is_damaged_form(tok, others))
        given_full = [p for p in name.given if not p.initial]
        return (
            damage,
            -_non_ascii_letters(text),
            0 if name.given and not name.given[0].initial else 1,
            -len(name.given),
            -sum(len(p.spelling.plain) for p in given_full),
            _case_penalty(name),
            _initial_style_penalty(name),
            -counts.get(text, 0),
            text,
        )

    return min(spellings, key=rank)


def best_title(sources: Mapping[str, frozenset[str]], on_aggregator: Mapping[str, bool]) -> str:
    """The title version seen on most sources; ties: seen on the aggregator (it dates papers),
    then lexicographic order."""
    return min(sources, key=lambda t: (-len(sources[t]), not on_aggregator.get(t, False), t))


def best_surface(counts: Mapping[str, int]) -> str:
    """The most frequent surface; ties prefer capitalised forms over lowercase tags."""
    return min(counts, key=lambda s: (-counts[s], s.islower(), s))
