"""Line shapes: is this line a publication title, a person's name or an abstract?

Owns the *context-free* part of the title-vs-name decision; the profile parser adds context
(position in the entry, titles seen before, and :class:`PageWords`, what the rest of the page
says about a line's words). The rule:

1. **Abstract**: a see-more marker, or 250+ characters, or 150+ characters with a sentence break,
   or one sentence of 100+ characters and 14+ words, mostly lowercase, ending with a full stop.
2. **Certainly a title** ("hard" evidence; a name never has it): title punctuation
   (``: ? ! ; , ( ) " & /`` ...), a digit other than a trailing homonym suffix (``0001``), more
   than six tokens, a possessive ``'s``, a lowercase word that is not a name particle
   (``is``, ``how``, ``learning``), a lowercase part after a hyphen (``Meta-learning``), a word
   ending in a period that is not an initial (an initial may be accented, ``É.``, or carry the
   apostrophe a LaTeX-to-text conversion leaves of an acute accent, ``'E.``).
3. Otherwise the line is capitalised words only and both readings are possible; score it:
   - title points: +3 per hyphenated word whose later part is a common title word
     (``Torque-Aware``; hyphenated names end in a name: ``Grau-Moya``), +2 per capitalised
     function word (``Is``, ``From``; not ``He``/``De``/``Do``/
     ``An``, which are surnames too), +2 per word that is (or has a hyphen part that is) a common
     title word never used as a name, or its regular plural (``Momentum``, ``Aware``,
     ``Networks``, ``Decoders``), +3 per word with an English derivational ending or bound
     prefix no name has (``-tion``, ``-ization``, ``-ized``, ``-able``, ``-tive``, ``-ional``,
     ``-ated``, ``multi-``...: see :data:`.words.TITLE_ENDINGS`), +2 per acronym (``RNN``),
     +3 per camel-case word (``TRecViT``; not ``McClelland``/``DeVries``), +1 for a leading
     ``A``/``An``;
   - name points: +2 per other capitalised word, except one shaped like an English plural that
     surnames share (``-ers``, ``-ors``, ``-ings``: ``Planners``/``Peters``), which scores
     nothing, +3 per initial (``A.``, ``C.Y.``, ``G``), +2 per particle between capitalised
     words (``Aguera y Arcas``), +4 for a homonym suffix, +3 for LaTeX damage (``'Alvaro``,
     ``Velivckovi 'c``);
   - with :class:`PageWords`, a plain capitalised word the page uses only in titles scores as a
     title word, and a common title word the page uses only in names scores as a name word.
   The line is a title when its title points exceed its name points; a tie reads as a name
   ("Deep Shah": one common word, one name-like word).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum, StrEnum

from .text import fold, has_see_more
from .words import (
    CAPITALISED_FUNCTION_WORDS,
    COMMON_WORDS,
    NEUTRAL_ENDINGS,
    PARTICLES,
    TITLE_ENDINGS,
    TITLE_PREFIXES,
    TITLE_SUFFIXES,
)


class LineKind(StrEnum):
    TITLE = "title"
    NAME = "name"
    ABSTRACT = "abstract"


_TITLE_PUNCT = re.compile(r"[:?!;,()\[\]{}\"“”«»&/+=*#@%<>|_~]|--|—|–")
_SENTENCE_BREAK = re.compile(r"\w[.!?] [A-Z\d(]")
_INITIAL = re.compile(r"(?:[A-Z]\.?)|(?:[A-Z]\.){1,3}[A-Z]?\.?|[A-Z]\.-[A-Z]\.")
_SUFFIX = re.compile(r"\d{4}")
_DAMAGE = re.compile(r"'[A-Za-z].*|'[a-z]|.*[a-z]'[a-z].*")
_NAME_PREFIX_CAMEL = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z][a-z]+")
_POSSESSIVE = re.compile(r"\w['’]s$")
_CONTRACTION = re.compile(r"\w(?:n['’]t|['’](?:re|ve|ll|m))$", re.IGNORECASE)
_ABBREVIATIONS = frozenset({"jr.", "sr.", "st.", "dr."})
_APOSTROPHES = frozenset("'’")
_WORD_SPLIT = re.compile(r"[^\w'’-]+")
# Pure per-line and per-token judgements are memoised: each line is looked at by several rules,
# and pages repeat their words and lines (entries listed twice, overlapping pages).
_CACHE_SIZE = 1 << 13


@functools.lru_cache(maxsize=_CACHE_SIZE)
def is_abstract_line(line: str) -> bool:
    if has_see_more(line) or len(line) >= 250:
        return True
    if len(line) >= 150 and _SENTENCE_BREAK.search(line) is not None:
        return True
    # One long sentence in sentence case ending with a full stop: prose, not a title (titles
    # are shorter, mostly capitalised, and seldom end with a period).
    words = line.split()
    if len(line) < 100 or len(words) < 14 or line[-1] not in ".!":
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) >= 0.6


def _tokens(line: str) -> tuple[list[str], bool]:
    """Tokens without a trailing homonym suffix, and whether there was one."""
    tokens = line.split()
    if len(tokens) >= 2 and _SUFFIX.fullmatch(tokens[-1]):
        return tokens[:-1], True
    return tokens, False


def _letter_shape(token: str) -> str:
    """Every uppercase letter as ``A`` and every other letter as ``a`` (``É.`` -> ``A.``)."""
    return "".join("A" if ch.isupper() else "a" if ch.isalpha() else ch for ch in token)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_initial(token: str) -> bool:
    """``A.``, ``C.Y.``, ``G``, ``É.``; also ``'E.``, an ``É.`` whose acute accent a LaTeX-to-text
    conversion left as an apostrophe (a title never has a lone quoted capital with a period)."""
    if token.startswith("'") and token[1:2].isupper():
        token = token[1:]
    return _INITIAL.fullmatch(_letter_shape(token)) is not None


def _is_damage(token: str) -> bool:
    if "'" not in token or _POSSESSIVE.search(token) or _CONTRACTION.search(token):
        return False
    return _DAMAGE.fullmatch(token) is not None


def _is_possessive_or_contraction(token: str) -> bool:
    if _APOSTROPHES.isdisjoint(token):
        return False  # both patterns need an apostrophe
    return _POSSESSIVE.search(token) is not None or _CONTRACTION.search(token) is not None


def _hard_title_token(token: str, position: int, count: int) -> bool:
    if not token.isalpha() and any(ch.isdigit() for ch in token):
        return True
    if _is_possessive_or_contraction(token):
        return True
    first = token[0]
    if first.islower() and not _is_damage(token):
        # lowercase particles are fine inside a name, never at its ends
        inside = 0 < position < count - 1
        return not (token in PARTICLES and inside)
    parts = token.split("-")
    if any(part[:1].islower() for part in parts[1:]):
        return True
    if token.endswith(".") and len(token) > 2 and not _is_initial(token):
        return token.casefold() not in _ABBREVIATIONS
    return False


@functools.lru_cache(maxsize=_CACHE_SIZE)
def is_hard_title(line: str) -> bool:
    """True when the line has evidence no person's name has (see the module docstring)."""
    if _TITLE_PUNCT.search(line):
        return True
    tokens, _ = _tokens(line)
    if len(tokens) > 6:
        return True
    return any(_hard_title_token(t, i, len(tokens)) for i, t in enumerate(tokens))


def _is_camel(token: str) -> bool:
    body = token.replace("-", "").replace("'", "").replace(".", "")
    if len(body) < 2 or not body.isalpha():
        return False
    if body.isupper():
        return False  # an acronym, scored apart
    inner_caps = any(ch.isupper() for ch in body[1:])
    if not inner_caps:
        return False
    # Hyphenated capitalised names ("Grau-Moya") and prefixed surnames are not camel case.
    return not all(
        _NAME_PREFIX_CAMEL.fullmatch(part) or not any(c.isupper() for c in part[1:])
        for part in token.split("-")
        if part
    )


def _is_common(token: str) -> bool:
    """A common title word, or the regular plural of one (``Decoders``: ``decoder``)."""
    parts = [p.casefold().strip(".'") for p in token.split("-") if p]
    return any(p in COMMON_WORDS or _singular(p) in COMMON_WORDS for p in parts)


def _is_common_compound(token: str) -> bool:
    """``Torque-Aware``, ``Frame-Dependent``: a hyphenated name never ends in a common word."""
    parts = [p.casefold() for p in token.split("-") if p]
    return len(parts) >= 2 and any(p in COMMON_WORDS for p in parts[1:])


def _by_length(affixes: tuple[tuple[str, int], ...]) -> tuple[tuple[str, ...], ...]:
    """Item ``n``: the affixes trusted on a word of ``n`` letters (the last item: any longer)."""
    longest = max(size for _, size in affixes)
    return tuple(tuple(affix for affix, size in affixes if size <= n) for n in range(longest + 1))


def _trusted(table: tuple[tuple[str, ...], ...], word: str) -> tuple[str, ...]:
    return table[min(len(word), len(table) - 1)]


_TITLE_ENDINGS = _by_length(TITLE_ENDINGS)
_TITLE_PREFIXES = _by_length(TITLE_PREFIXES)
_NEUTRAL_ENDINGS = _by_length(NEUTRAL_ENDINGS)


def _has_title_suffix(token: str) -> bool:
    """A noun or adjective ending no name has (``-ization``, ``-ized``, ``-able``, ``-tive``...)."""
    word = token.casefold()
    if len(word) >= 6 and word.endswith(TITLE_SUFFIXES):
        return True
    if word.endswith(_trusted(_TITLE_ENDINGS, word)):
        return True
    return word.startswith(_trusted(_TITLE_PREFIXES, word))


def _is_neutral(token: str) -> bool:
    """Shaped like an English plural noun or gerund, as many surnames are (see NEUTRAL_ENDINGS)."""
    word = token.casefold()
    return word.endswith(_trusted(_NEUTRAL_ENDINGS, word))


def _singular(word: str) -> str | None:
    """The singular of a regular English plural (``decoders``, ``processes``, ``policies``)."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


@dataclass(frozen=True)
class PageWords:
    """What the rest of the page says about words (folded): seen in a title, in a name.

    A publication list is about a few subjects and a circle of co-authors, so its words recur:
    ``Lattices`` in ``Why Do Lattices Freeze?`` makes ``Brine Lattices`` a title, and ``Smart``
    in ``Deep R. Smart`` makes ``Deep Smart`` a name.
    """

    in_titles: frozenset[str] = frozenset()
    in_names: frozenset[str] = frozenset()

    def leaning(self, token: str) -> int:
        """+1 for a word seen only in titles, -1 for one seen only in names, else 0."""
        return self.key_leaning(fold(token))

    def key_leaning(self, key: str) -> int:
        """:meth:`leaning` of a word already folded."""
        in_title, in_name = key in self.in_titles, key in self.in_names
        return int(in_title) - int(in_name)


_NO_WORDS = PageWords()


def word_keys(line: str) -> set[str]:
    """Folded capitalised words of a line (and of their hyphen parts), for PageWords."""
    return set(line_word_keys(line))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def line_word_keys(line: str) -> frozenset[str]:
    """:func:`word_keys` as a frozen set, memoised."""
    keys: set[str] = set()
    for token in _WORD_SPLIT.split(line):
        token = token.strip("'’-")
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        for part in {token, *token.split("-")}:
            if len(part) >= 3 and part[:1].isupper() and part.isalpha() and not part.isupper():
                keys.add(fold(part))
    return frozenset(keys)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def has_name_mark(line: str) -> bool:
    """Evidence only a name has: an initial, LaTeX damage, an inner particle, a homonym suffix."""
    if is_hard_title(line):
        return False
    tokens, suffix = _tokens(line)
    if suffix:
        return True
    return any(_is_damage(t) or _is_initial(t) or (t.islower() and t in PARTICLES) for t in tokens)


class _Evidence(Enum):
    """What one token of a line says on its own, before the page's words are heard."""

    DAMAGE = "LaTeX damage"  # name +3
    PARTICLE = "particle"  # name +2
    ARTICLE = "leading article"  # title +1
    INITIAL = "initial"  # name +3
    TITLE_SHAPE = "common compound or camel case"  # title +3
    TITLE_WORD = "function word or acronym"  # title +2
    TITLE_ENDING = "title ending or prefix"  # title +3
    COMMON = "common title word"  # title +2, name +2 when the page uses it only in names
    CAPITALISED = "capitalised word"  # name +2, title +2 when the page uses it only in titles
    NEUTRAL = "plural-shaped capitalised word"  # nothing, unless the page's words say
    NOTHING = "no evidence"


# (title points, name points) of the evidence that the page's words do not move (COMMON,
# CAPITALISED and NEUTRAL are scored by :func:`scores`).
_POINTS = {
    _Evidence.DAMAGE: (0, 3),
    _Evidence.PARTICLE: (0, 2),
    _Evidence.ARTICLE: (1, 0),
    _Evidence.INITIAL: (0, 3),
    _Evidence.TITLE_SHAPE: (3, 0),
    _Evidence.TITLE_WORD: (2, 0),
    _Evidence.TITLE_ENDING: (3, 0),  # positive evidence against a name, more than a word's +2
    _Evidence.NOTHING: (0, 0),
}


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _evidence(token: str, leading: bool) -> _Evidence:
    """The token's evidence; ``leading``: it is the first of three tokens or more."""
    word = token.casefold()
    if _is_damage(token):
        return _Evidence.DAMAGE
    if token.islower() and word in PARTICLES:
        return _Evidence.PARTICLE
    if leading and word in {"a", "an"}:
        return _Evidence.ARTICLE
    if _is_initial(token):
        return _Evidence.INITIAL
    if _is_common_compound(token) or _is_camel(token):
        return _Evidence.TITLE_SHAPE
    if word in CAPITALISED_FUNCTION_WORDS or (
        token.isupper() and token.isalpha() and len(token) >= 2
    ):
        return _Evidence.TITLE_WORD
    if _has_title_suffix(token):
        return _Evidence.TITLE_ENDING
    if _is_common(token):
        return _Evidence.COMMON
    if token[:1].isupper():
        return _Evidence.NEUTRAL if _is_neutral(token) else _Evidence.CAPITALISED
    return _Evidence.NOTHING


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _line_evidence(line: str) -> tuple[int, int, tuple[tuple[str, _Evidence], ...]]:
    """(title points, name points) of the line's settled evidence, and the tokens whose points
    depend on the page's words (folded), with their evidence."""
    tokens, suffix = _tokens(line)
    title = 0
    name = 4 if suffix else 0
    open_tokens: list[tuple[str, _Evidence]] = []
    several = len(tokens) >= 3
    for i, token in enumerate(tokens):
        evidence = _evidence(token, several and i == 0)
        points = _POINTS.get(evidence)
        if points is None:
            open_tokens.append((fold(token), evidence))
        else:
            title += points[0]
            name += points[1]
    return title, name, tuple(open_tokens)


def scores(line: str, words: PageWords = _NO_WORDS) -> tuple[int, int]:
    """(title points, name points) for a line without hard title evidence.

    ``words`` (what the rest of the page says) moves a plain capitalised word to the side where
    the page used it: seen only in titles, it scores as a title word; seen only in names, as a
    name word.
    """
    title, name, open_tokens = _line_evidence(line)
    for key, evidence in open_tokens:
        leaning = words.key_leaning(key)
        if evidence is _Evidence.COMMON:
            if leaning < 0:
                name += 2
            else:
                title += 2
        else:  # CAPITALISED or NEUTRAL
            if leaning > 0:
                title += 2
            elif leaning < 0 or evidence is _Evidence.CAPITALISED:
                name += 2
    return title, name


def classify_line(line: str, words: PageWords = _NO_WORDS) -> LineKind:
    """The line's kind from its shape (and ``words``, what the page says; ties read as names)."""
    return classify_with_margin(line, words)[0]


def classify_with_margin(line: str, words: PageWords = _NO_WORDS) -> tuple[LineKind, int]:
    """The line's kind (see :func:`classify_line`) and, for a name, its title points minus its
    name points (how close it came to a title); the margin is 0 for other kinds."""
    settled = _settled_kind(line)
    if settled is not None:
        return settled, 0
    title, name = scores(line, words)
    return (LineKind.TITLE, 0) if title > name else (LineKind.NAME, title - name)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _settled_kind(line: str) -> LineKind | None:
    """The line's kind when its shape alone settles it (abstract, certain title), else None."""
    if is_abstract_line(line):
        return LineKind.ABSTRACT
    if not any(ch.isalpha() for ch in line) or is_hard_title(line):
        return LineKind.TITLE
    return None


def looks_like_name(line: str) -> bool:
    """A line that can only be read as a person's name (no title evidence at all wins)."""
    if not line or is_abstract_line(line) or is_hard_title(line):
        return False
    title, name = scores(line)
    return name > 0 and name >= title
