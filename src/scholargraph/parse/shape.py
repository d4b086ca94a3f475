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

import re
from dataclasses import dataclass
from enum import StrEnum

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


def _hard_title_token(token: str, position: int, count: int) -> bool:
    if any(ch.isdigit() for ch in token) or _POSSESSIVE.search(token) or _CONTRACTION.search(token):
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


def _has_title_suffix(token: str) -> bool:
    """A noun or adjective ending no name has (``-ization``, ``-ized``, ``-able``, ``-tive``...)."""
    word = token.casefold()
    if len(word) >= 6 and word.endswith(TITLE_SUFFIXES):
        return True
    if any(len(word) >= size and word.endswith(end) for end, size in TITLE_ENDINGS):
        return True
    return any(len(word) >= size and word.startswith(pre) for pre, size in TITLE_PREFIXES)


def _is_neutral(token: str) -> bool:
    """Shaped like an English plural noun or gerund, as many surnames are (see NEUTRAL_ENDINGS)."""
    word = token.casefold()
    return any(len(word) >= size and word.endswith(end) for end, size in NEUTRAL_ENDINGS)


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
        key = fold(token)
        in_title, in_name = key in self.in_titles, key in self.in_names
        return int(in_title) - int(in_name)


_NO_WORDS = PageWords()


def word_keys(line: str) -> set[str]:
    """Folded capitalised words of a line (and of their hyphen parts), for PageWords."""
    keys: set[str] = set()
    for token in re.split(r"[^\w'’-]+", line):
        token = re.sub(r"['’]s$", "", token.strip("'’-"))
        for part in {token, *token.split("-")}:
            if len(part) >= 3 and part[:1].isupper() and part.isalpha() and not part.isupper():
                keys.add(fold(part))
    return keys


def has_name_mark(line: str) -> bool:
    """Evidence only a name has: an initial, LaTeX damage, an inner particle, a homonym suffix."""
    if is_hard_title(line):
        return False
    tokens, suffix = _tokens(line)
    if suffix:
        return True
    return any(_is_damage(t) or _is_initial(t) or (t.islower() and t in PARTICLES) for t in tokens)


def scores(line: str, words: PageWords = _NO_WORDS) -> tuple[int, int]:
    """(title points, name points) for a line without hard title evidence.

    ``words`` (what the rest of the page says) moves a plain capitalised word to the side where
    the page used it: seen only in titles, it scores as a title word; seen only in names, as a
    name word.
    """
    tokens, suffix = _tokens(line)
    title = 0
    name = 4 if suffix else 0
    for i, token in enumerate(tokens):
        word = token.casefold()
        if _is_damage(token):
            name += 3
        elif token.islower() and word in PARTICLES:
            name += 2
        elif i == 0 and word in {"a", "an"} and len(tokens) >= 3:
            title += 1
        elif _is_initial(token):
            name += 3
        elif _is_common_compound(token) or _is_camel(token):
            title += 3
        elif word in CAPITALISED_FUNCTION_WORDS or (
            token.isupper() and token.isalpha() and len(token) >= 2
        ):
            title += 2
        elif _has_title_suffix(token):
            title += 3  # positive evidence against a name, stronger than a plain word's +2
        elif _is_common(token):
            if words.leaning(token) < 0:
                name += 2
            else:
                title += 2
        elif token[:1].isupper():
            leaning = words.leaning(token)
            if leaning > 0:
                title += 2
            elif leaning < 0 or not _is_neutral(token):
                name += 2
    return title, name


def classify_line(line: str, words: PageWords = _NO_WORDS) -> LineKind:
    """The line's kind from its shape (and ``words``, what the page says; ties read as names)."""
    if is_abstract_line(line):
        return LineKind.ABSTRACT
    if not any(ch.isalpha() for ch in line) or is_hard_title(line):
        return LineKind.TITLE
    title, name = scores(line, words)
    return LineKind.TITLE if title > name else LineKind.NAME


def looks_like_name(line: str) -> bool:
    """A line that can only be read as a person's name (no title evidence at all wins)."""
    if not line or is_abstract_line(line) or is_hard_title(line):
        return False
    title, name = scores(line)
    return name > 0 and name >= title
