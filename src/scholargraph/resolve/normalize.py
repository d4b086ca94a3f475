"""Text normalisation the resolver compares on: folding, letter skeletons and title keys.

Owns the comparison forms of text, never display forms: every function here returns a key that
is only ever compared, hashed or slugged. All functions are pure and idempotent (a key of a key
is the same key), which the property tests pin.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus a mark: map them by hand so that
# "Łukasz" and "Lukasz" fold alike.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ŀ": "l",
        "ħ": "h",
    }
)
# Apostrophes vanish (no space): "O'Brien" is "obrien", and the LaTeX damage "Andr'as" is
# "andras", exactly the fold of "András".
_APOSTROPHES = re.compile("['’ʼ`´‘]")
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
# The site's "show more" widget marker; parsers remove it, but hand-made records may keep it.
_SEE_MORE = re.compile(r"\s*(?:…|\.\.\.)\s*\(\s*(?:see\s+more|voir\s+plus)\s*\)\s*", re.I)
# The ASCII fold in one C-level pass: upper case to lower, apostrophes out, every other
# character that is not a letter or digit to a space (what the three patterns above do).
_ASCII_FOLD = str.maketrans(
    {
        **{chr(i): " " for i in range(128) if not chr(i).isalnum()},
        **{c: None for c in "'`"},
        **{chr(i): chr(i).lower() for i in range(128) if chr(i).isupper()},
    }
)
# How far past a cut the folded text may differ from the folded whole: a cut "see more"
# marker ("... (see mo") folds to a few letters the whole text would not have.
_OPENING_MARGIN = 40


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_SPECIAL_LETTERS)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def fold(text: str) -> str:
    """Comparison form: casefolded, no diacritics or apostrophes, words joined by one space."""
    if text.isascii():
        # Fast path (most names and titles): nothing to decompose, and lowercasing ASCII is
        # already a fixed point. ``split``/``join`` collapse whitespace as ``\s+`` does.
        return " ".join(text.translate(_ASCII_FOLD).split())
    # casefold and NFKD can each expose characters the other changes (rare scripts, ligatures):
    # iterate to a fixed point so that folding is idempotent for any input.
    for _ in range(4):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def letters(text: str) -> str:
    """The folded text with word boundaries removed: ``"Rannen-Triki"`` -> ``"rannentriki"``."""
    return fold(text).replace(" ", "")


def remove_see_more(text: str) -> str:
    """Drop "show more" markers, rejoining the words around them (idempotent)."""
    if "(" in text:  # no marker without its parenthesis: skip the (slow) pattern scans
        previous = None
        while previous != text:
            previous = text
            text = _SEE_MORE.sub(" ", text)
    return " ".join(text.split())


def normalize_title(title: str) -> str:
    """Title key: exact-title identity after case, diacritics, punctuation and spacing."""
    return fold(remove_see_more(title))


def normalize_abstract_opening(abstract: str, length: int = 150) -> str:
    """The first ``length`` characters of the folded abstract: versions keep their opening."""
    # Folding is local (each change reaches a few characters; a "see more" marker cut by the
    # head changes at most its own length), so the opening of a folded head is the opening of
    # the folded whole once the head folds to well past ``length``: abstracts run to a thousand
    # characters, and folding them whole was most of the cost of collecting publications.
    head = abstract[: 2 * length]
    if len(head) < len(abstract):
        folded = fold(remove_see_more(head))
        if len(folded) >= length + _OPENING_MARGIN:
            return folded[:length].strip()
    return fold(remove_see_more(abstract))[:length].strip()


# Function words that carry no identity: titles are blocked and compared on the rest.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "to",
        "via",
        "vs",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "without",
        "do",
        "does",
        "can",
        "not",
        "no",
        "de",
        "des",
        "du",
        "et",
        "la",
        "le",
        "les",
        "en",
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "dans",
        "au",
        "aux",
        # A hedge, not content: "Towards X" is a common later (or earlier) title of "X".
        "towards",
        "toward",
        "vers",
    }
)


def content_tokens(title_key: str) -> tuple[str, ...]:
    """Tokens of a title key that are not function words (order kept, duplicates kept)."""
    return tuple(tok for tok in title_key.split() if tok not in STOPWORDS)
