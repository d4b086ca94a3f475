"""Safe text cleanup shared by every parser.

Owns: Unicode/whitespace normalisation, removal of the site's "show more" markers, LaTeX accent
macros and LaTeX-to-text *damage* in person names, homonym suffixes, and abstract truncation
detection. Every function here is pure, and every cleaning function is idempotent (cleaning
twice changes nothing).

Name-damage repair rule (conservative on purpose: the resolver also compares spellings against
clean ones seen on other pages, so leaving an ambiguous name alone costs little, while "repairing"
a real name corrupts it):

* clear evidence, always repaired:
  - an ASCII apostrophe at the start of a token before a letter that takes an acute accent
    (``'Alvaro`` -> ``Álvaro``); no real name starts with an apostrophe followed by a vowel
    (``'t Hooft`` keeps its apostrophe: there is no t-acute);
  - an apostrophe inside a token before a *lowercase* acute-able letter (``Andr'as``,
    ``Trzci'nski``), unless the part before it is an elision prefix (``O'``, ``D'``, ``L'``,
    ``Dell'``...), so ``O'neil`` or ``D'angelo`` stay as written;
  - a detached fragment ``'c`` after a word (``Velivckovi 'c``): joined as ``ć``;
  - ``"``, backquote, ``~``, ``^`` glued inside a token before a letter that takes that accent
    (``J"org`` -> ``Jörg``, ``Pe~na`` -> ``Peña``): these characters are never part of a name;
  - a token starting with a lowercase ``v`` followed by an uppercase C/S/Z/R (``vSimon``).
* weak evidence, repaired only when the same name also shows clear damage:
  - a háček left as a stray ``v`` before c/s/z/r inside a token (``Velivckovi 'c`` ->
    ``Veličković``), because ``vr``/``vs`` occur in real names (``Evren``);
* breve left as a stray ``u`` before ``a`` (``Puatruaucean`` -> ``Pătrăucean``): repaired only in
  a token holding at least two ``ua`` *and* a consonant cluster pinyin never has, so ``Juan``,
  ``Eduardo``, ``Guadalupe``, ``Huang``, ``Xuanyuan`` are never touched.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text

from ..models import PersonName

# --------------------------------------------------------------------------------------------
# Whitespace and Unicode
# --------------------------------------------------------------------------------------------

# Zero-width and formatting characters that web captures carry but text never needs.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than tab and newline: they only come from broken captures.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Everything but letters, digits and whitespace: a space in a comparison key.
_NOT_WORD = re.compile(r"[^\w\s]|_")
# Strings up to this length have their comparison key memoised (tokens, names, short lines).
_FOLD_CACHED_LENGTH = 64


def _squeeze(text: str) -> str:
    """Every whitespace run one space, stripped (``str.split`` and ``\\s`` agree on whitespace)."""
    return " ".join(text.split())


def normalize_line(text: str) -> str:
    """NFC, invisible and control characters dropped, every whitespace run one space, stripped."""
    if not text.isascii():  # NFC leaves ASCII alone
        text = unicodedata.normalize("NFC", text)
    # Invisible and control characters, and every whitespace character but the space, are not
    # printable: printable text only needs its spaces squeezed, if even that.
    if not text.isprintable():
        text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    elif "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return _squeeze(text)


def raw_lines(text: str) -> list[str]:
    """The text's lines as written (split at ``\\r\\n``, ``\\r`` or ``\\n``)."""
    return _NEWLINE.split(text) if "\r" in text else text.split("\n")


def split_lines(text: str) -> list[str]:
    """The text's lines, each normalised (blank lines become ``""``; line numbers are kept)."""
    return [normalize_line(line) for line in raw_lines(text)]


@functools.lru_cache(maxsize=4)
def page_lines(text: str) -> tuple[str, ...]:
    """A whole page's :func:`split_lines`, memoised for the last few pages: format detection
    and then the page's parser both read them."""
    return tuple(split_lines(text))


class _NoCombining(dict[int, int | None]):
    """``str.translate`` table dropping combining marks, filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_NO_COMBINING = _NoCombining()


# _NOT_WORD and lower() (which is casefold() on ASCII) in one pass, for ASCII text.
_ASCII_FOLD = str.maketrans(
    {chr(c): " " if _NOT_WORD.match(chr(c)) else chr(c).lower() for c in range(128)}
)


def _fold(text: str) -> str:
    if not text.isascii():  # ASCII has no decomposition nor combining marks
        text = unicodedata.normalize("NFKD", text)
        if not text.isascii():
            text = text.translate(_NO_COMBINING)
        text = text.casefold()
        if not text.isascii():
            return _squeeze(_NOT_WORD.sub(" ", text))
    return _squeeze(text.translate(_ASCII_FOLD))


_fold_cached = functools.lru_cache(maxsize=1 << 15)(_fold)


def fold(text: str) -> str:
    """Comparison key: no diacritics, casefolded, letters and digits only, single spaces."""
    return _fold_cached(text) if len(text) <= _FOLD_CACHED_LENGTH else _fold(text)


# --------------------------------------------------------------------------------------------
# "show more" markers
# --------------------------------------------------------------------------------------------

# The widget cuts the text at a fixed width and inserts "… (see more)"; the rest follows right
# after. Any whitespace around it is the word boundary the cut fell on.
SEE_MORE = re.compile(
    r"(?P<pre>\s*)(?:…|\.\.\.)\s*\(\s*(?:see\s+more|voir\s+plus)\s*\)(?P<post>\s*)",
    re.IGNORECASE,
)
_PUNCT_AFTER = ",.;:!?)]}»”'’"


def _join_at_marker(match: re.Match[str]) -> str:
    rest = match.string[match.end() :]
    if not rest or rest[0] in _PUNCT_AFTER:
        return ""  # "science… (see more), and" -> "science, and"
    if match.group("pre") or match.group("post"):
        return " "  # the cut fell on a space: keep one
    return ""  # the cut fell inside a word: "trans… (see more)formers" -> "transformers"


def _may_have_see_more(text: str) -> bool:
    """False when the text has no ellipsis, so no marker (a cheap test before the regex)."""
    return "…" in text or "..." in text


def remove_see_more(text: str) -> str:
    """Remove every "show more" marker and rejoin the text around it."""
    previous = None
    # Removing a marker could, in contrived text, assemble a new one: repeat to a fixed point
    # (each pass shortens the text, so this ends).
    while previous != text and _may_have_see_more(text):
        previous = text
        text = SEE_MORE.sub(_join_at_marker, text)
    return text


def has_see_more(text: str) -> bool:
    return _may_have_see_more(text) and SEE_MORE.search(text) is not None


def clean_text(text: str) -> str:
    """Normalised one-line text with see-more markers removed (titles, topics, paragraphs)."""
    text = normalize_line(text)
    while True:  # ends: each round that changes the text removes a marker
        removed = remove_see_more(text)
        if removed == text:
            return text
        text = normalize_line(removed)


# --------------------------------------------------------------------------------------------
# Abstracts
# --------------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+")
# A trailing ellipsis is the site's own cut, so it is not a complete ending.
_COMPLETE_END = ".!?)]}\"'»”’$"


def ends_mid_sentence(text: str) -> bool:
    """True when the text stops where no sentence ends (the site cut it)."""
    words = text.rsplit(maxsplit=1)
    if not words:
        return False
    last = words[-1]
    if last.endswith(("…", "...")):
        return True
    # an abstract may end on a bare link ("Code: https://...") without a full stop
    return not (last[-1] in _COMPLETE_END or _URL.fullmatch(last.lstrip("(<[")))


def clean_abstract(raw: str) -> tuple[str, bool]:
    """Cleaned abstract and whether it is truncated at the end."""
    text = clean_text(raw)
    return text, ends_mid_sentence(text)


# --------------------------------------------------------------------------------------------
# LaTeX accent macros (real LaTeX: ``\'a``, ``{\"o}``, ``\v{c}``)
# --------------------------------------------------------------------------------------------

_ACCENT_CORE = (
    r"\\(?:['\"`^~=.]\s*(?:\{[A-Za-z]\}|[A-Za-z])"
    r"|[vuHckr](?:\{[A-Za-z]\}|\s[A-Za-z])"
    r"|(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L)(?![A-Za-z]))"
)
# Either the bare macro or the macro wrapped in its own braces (``{\\"o}``).
_LATEX_ACCENT = re.compile(r"\{(?P<wrapped>" + _ACCENT_CORE + r")\}|(?P<bare>" + _ACCENT_CORE + ")")
_LATEX = LatexNodes2Text()


def _latex_one(match: re.Match[str]) -> str:
    core = match.group("wrapped") or match.group("bare") or ""
    try:
        out = _LATEX.latex_to_text(core)
    except Exception:  # pylatexenc raises assorted errors on odd input: keep the text as is
        return match.group(0)
    out = unicodedata.normalize("NFC", out).strip()
    return out if len(out) == 1 and out.isalpha() else match.group(0)


def decode_latex_accents(text: str) -> str:
    """Replace LaTeX accent macros by the accented letter; leave every other LaTeX alone."""
    if "\\" not in text:
        return text
    return unicodedata.normalize("NFC", _LATEX_ACCENT.sub(_latex_one, text))


# --------------------------------------------------------------------------------------------
# LaTeX damage in names (see the module docstring for the rule)
# --------------------------------------------------------------------------------------------

_ACUTE = "\u0301"
_CARON = "\u030c"
_BREVE = "\u0306"
_MARKS = {'"': "\u0308", "`": "\u0300", "~": "\u0303", "^": "\u0302"}
_ELISION = {"o", "d", "l", "n", "m", "dell", "dall", "all", "sant", "nell"}
_PINYIN_CLUSTER = re.compile(r"[bcdfghjklmnpqrstvwxz]{2}", re.IGNORECASE)
_PINYIN_OK = {"zh", "ch", "sh", "ng"}
# Characters every clear-evidence repair needs: without one, a name shows no clear damage.
_DAMAGE_CHARS = frozenset("'" + "".join(_MARKS))
_FRAGMENT = re.compile(r"'[a-z]")
_ELISION_SPLIT = re.compile(r"[-']")
_V_CAPITAL = re.compile(r"^v([CSZR])(?=[a-z])")
_V_INSIDE = re.compile(r"([A-Za-z\u00c0-\u024f])v([cszr])")


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _compose(letter: str, mark: str) -> str | None:
    """The precomposed letter, or None when Unicode has no such letter."""
    out = unicodedata.normalize("NFC", letter + mark)
    return out if len(out) == 1 else None


def _join_fragments(tokens: list[str]) -> tuple[list[str], set[int]]:
    """Join a detached ``'c`` to the word before it (``Velivckovi 'c``); say which tokens."""
    out: list[str] = []
    joined: set[int] = set()
    for token in tokens:
        if _FRAGMENT.fullmatch(token) and out and out[-1][-1:].isalpha():
            accented = _compose(token[1], _ACUTE)
            if accented is not None:
                out[-1] += accented
                joined.add(len(out) - 1)
                continue
        out.append(token)
    return out, joined


def _repair_apostrophes(token: str) -> tuple[str, bool]:
    if _DAMAGE_CHARS.isdisjoint(token):
        return token, False
    found = False
    if token.startswith("'") and len(token) > 1:
        accented = _compose(token[1], _ACUTE)
        if accented is not None:
            token, found = accented + token[2:], True
    out: list[str] = []
    i = 0
    while i < len(token):
        ch = token[i]
        nxt = token[i + 1] if i + 1 < len(token) else ""
        if ch == "'" and i > 0 and nxt.islower() and token[i - 1].isalpha():
            prefix = _ELISION_SPLIT.split(token[:i])[-1].casefold()
            accented = _compose(nxt, _ACUTE)
            if accented is not None and prefix not in _ELISION:
                out.append(accented)
                found = True
                i += 2
                continue
        if ch in _MARKS and i > 0 and token[i - 1].isalpha() and nxt.isalpha():
            accented = _compose(nxt, _MARKS[ch])
            if accented is not None:
                out.append(accented)
                found = True
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out), found


def _repair_caron(token: str, *, other_damage: bool) -> tuple[str, bool]:
    found = False

    def upper(match: re.Match[str]) -> str:
        nonlocal found
        found = True
        return _compose(match.group(1), _CARON) or match.group(0)

    # "vSimon": a lowercase v glued to a capital is never part of a real name.
    if token.startswith("v"):
        token = _V_CAPITAL.sub(upper, token)
    if (other_damage or found) and "v" in token:

        def lower(match: re.Match[str]) -> str:
            nonlocal found
            accented = _compose(match.group(2), _CARON)
            if accented is None:
                return match.group(0)
            found = True
            return match.group(1) + accented

        token = _V_INSIDE.sub(lower, token)
    return token, found


def _repair_breve(token: str) -> tuple[str, bool]:
    if token.casefold().count("ua") < 2:
        return token, False
    clusters = {c.casefold() for c in _PINYIN_CLUSTER.findall(token)}
    if not clusters - _PINYIN_OK:
        return token, False  # could be pinyin (Xuanyuan): leave it
    repaired = token.replace("ua", _compose("a", _BREVE) or "ua")
    repaired = repaired.replace("Ua", _compose("A", _BREVE) or "Ua")
    return repaired, True


def repair_name_damage(name: str) -> str:
    """Undo LaTeX-to-text damage in one person's name where the evidence is clear."""
    tokens = name.split(" ")
    damaged: set[int] = set()
    if not _DAMAGE_CHARS.isdisjoint(name):  # clear damage needs one of these characters
        tokens, damaged = _join_fragments(tokens)
        for i, token in enumerate(tokens):
            previous = None
            # A repair can expose another: repeat to a fixed point (each change shortens it).
            while previous != token:
                previous = token
                token, found = _repair_apostrophes(token)
                if found:
                    damaged.add(i)
            tokens[i] = token
    # Weak evidence (stray v, stray u) only counts in a token that also shows clear damage.
    final: list[str] = []
    for i, token in enumerate(tokens):
        fixed, _ = _repair_caron(token, other_damage=i in damaged)
        fixed, _ = _repair_breve(fixed)
        final.append(fixed)
    return _nfc(" ".join(final))


# --------------------------------------------------------------------------------------------
# Person names
# --------------------------------------------------------------------------------------------

_HOMONYM = re.compile(r"^(?P<name>.*\S)\s+(?P<suffix>\d{4})$")
_LETTER = re.compile(r"[^\W\d_]")


def split_homonym_suffix(name: str) -> tuple[str, str | None]:
    """``"Yutian Chen 0001"`` -> ``("Yutian Chen", "0001")``: the suffix is a database hint."""
    match = _HOMONYM.match(name)
    if match and _LETTER.search(match.group("name")):
        return match.group("name"), match.group("suffix")
    return name, None


@functools.lru_cache(maxsize=1 << 14)
def clean_person_name(raw: str) -> PersonName:
    """A person's name as written, cleaned: NFC, spacing, LaTeX accents and damage, suffix.

    Memoised (co-authors recur from page to page); the record is immutable, so it can be shared.
    """
    text = normalize_line(raw)
    suffix: str | None = None
    previous = None
    # Contrived input can need a second pass ("A 0001 0002", nested LaTeX): go to a fixed
    # point so that cleaning a cleaned name changes nothing. Real names settle in one pass.
    for _ in range(8):
        if text == previous:
            break
        previous = text
        text, found = split_homonym_suffix(text)
        suffix = suffix or found
        text = normalize_line(repair_name_damage(decode_latex_accents(text)))
    return PersonName(raw=raw, text=text, homonym_suffix=suffix)
