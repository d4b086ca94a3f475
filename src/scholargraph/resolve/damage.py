"""LaTeX-damage-insensitive comparison of name spellings.

A LaTeX-to-text conversion damages accented letters in a predictable way: an acute becomes an
apostrophe before the letter (``Andr'as``), a háček a stray ``v`` before it (``Velivckovi'c``), a
breve a stray ``u`` before it (``Puatruaucean``), and umlauts are simply dropped (``Jorg``). A
damaged spelling cannot be repaired with certainty (``v`` and ``u`` are real letters too), but a
clean spelling can be damaged with certainty. So the resolver compares:

* ``plain``: the folded letters (diacritics and apostrophes gone): ``Jorg`` == ``Jörg``;
* ``damaged``: the folded letters of the clean spelling after simulated damage, which equal the
  ``plain`` form of a damaged spelling: ``Veličković`` -> ``velivckovic``;
* ``loose``: ``damaged`` with every possible stray ``v``/``u`` removed. Two ASCII spellings with
  equal loose forms *may* be the same name (``Velivckovic`` / ``Velickovic``) but may just as well
  be different (``Huang`` / ``Hang``): loose equality is used for blocking and to say "not a
  contradiction", never as evidence on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import letters

# Combining mark -> the stray letter the damage leaves *before* the base letter. Acute damage
# leaves an apostrophe, which folding drops anyway; other marks are assumed dropped.
_STRAY_LETTER = {"\u030c": "v", "\u0306": "u"}
# Letters a háček sits on (č š ž ř ň ě ď ť) and a breve sits on (ă ğ): only a v/u right before
# one of them can be a stray letter.
_LOOSE_CARON = re.compile(r"v+(?=[cszrnedt])")
_LOOSE_BREVE = re.compile(r"u+(?=[ag])")


def simulate_damage(text: str) -> str:
    """What LaTeX-to-text conversion leaves of ``text``: ``Pătrăucean`` -> ``Puatruaucean``."""
    out: list[str] = []
    base_at = -1
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            stray = _STRAY_LETTER.get(ch)
            if stray is not None and base_at >= 0:
                out.insert(base_at, stray)
                base_at += 1
            elif ch == "\u0301" and base_at >= 0:
                out.insert(base_at, "'")
                base_at += 1
            continue
        base_at = len(out)
        out.append(ch)
    return "".join(out)


def loosen(plain: str) -> str:
    """Remove every letter that could be a stray háček ``v`` or breve ``u`` (idempotent)."""
    return _LOOSE_BREVE.sub("", _LOOSE_CARON.sub("", plain))


@dataclass(frozen=True)
class Spelling:
    """The three comparison forms of one word or name part."""

    text: str
    plain: str
    damaged: str
    loose: str

    @classmethod
    def of(cls, text: str) -> Spelling:
        plain = letters(text)
        damaged = letters(simulate_damage(text))
        # Loosen both: a clean and a damaged spelling of one name must share the loose form.
        return cls(text=text, plain=plain, damaged=damaged, loose=loosen(damaged))


def same_letters(a: Spelling, b: Spelling) -> bool:
    """Evidence of one spelling: equal letters, or one is the simulated damage of the other."""
    return a.plain == b.plain or a.damaged == b.plain or a.plain == b.damaged


def damage_only(a: Spelling, b: Spelling) -> bool:
    """True when ``a`` and ``b`` differ by LaTeX damage rather than by dropped diacritics."""
    if a.plain == b.plain:
        return _has_apostrophe(a.text) != _has_apostrophe(b.text)
    return same_letters(a, b)


def maybe_same_letters(a: Spelling, b: Spelling) -> bool:
    """No contradiction: the spellings could be one name under some damage."""
    return same_letters(a, b) or a.loose == b.loose


def _has_apostrophe(text: str) -> bool:
    return re.search(r"['’]", text) is not None


def is_damaged_form(token: Spelling, others: list[Spelling]) -> bool:
    """Whether ``token`` looks like the damaged version of one of ``others``."""
    for other in others:
        if other.plain == token.plain:
            if _has_apostrophe(token.text) and not _has_apostrophe(other.text):
                return True
        elif other.damaged == token.plain:
            return True
    return False
