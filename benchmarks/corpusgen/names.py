"""People's names: how a name is made, and how each page spells it.

A :class:`Person` holds the true parts of a name. :func:`render` writes one spelling of it the
way a given source would: profile pages carry LaTeX-to-text damage (``B'alint``, ``Nedvci
'c``, ``Vualuasescu``), dropped umlauts, initials, nicknames, capitalised particles and
homonym suffixes; aggregator pages mostly keep proper diacritics.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from . import words

ACUTE = dict(zip("áéíóúýńśźćÁÉÍÓÚÝŃŚŹĆ", "aeiouynszcAEIOUYNSZC", strict=True))
HACEK = dict(zip("čšžřěňďťČŠŽŘĚŇĎŤ", "cszrendtCSZRENDT", strict=True))
BREVE = {"ă": "a", "Ă": "A"}
OTHER = {
    "ä": "a", "ö": "o", "ü": "u", "ë": "e", "ï": "i", "ő": "o", "ű": "u", "Ä": "A", "Ö": "O",
    "Ü": "U", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ñ": "n", "ç": "c", "ê": "e", "è": "e",
    "à": "a", "â": "a", "î": "i", "ô": "o", "û": "u", "œ": "oe",
}  # fmt: skip
INITIAL_LETTERS = "ABCDEFGHJKLMNPRSTVW"
NICKNAME_OF = dict(words.NICKNAMES)


@dataclass(frozen=True, slots=True)
class Person:
    """A real person of the synthetic world (``pid`` is the ground-truth id)."""

    pid: str
    given: str
    middles: str  # middle initials, e.g. "L" or "CY"
    particle: str  # lowercase particle or ""
    surname: str
    suffix: str  # bibliographic homonym suffix ("0001") or ""
    style: str

    @property
    def nickname(self) -> str | None:
        return NICKNAME_OF.get(self.given)

    @property
    def display(self) -> str:
        """The true full name: proper diacritics, dotted middle initials, lowercase particle."""
        middle = "".join(f"{m}." for m in self.middles)
        return " ".join(p for p in (self.given, middle, self.particle, self.surname) if p)


# ----------------------------------------------------------------------------- making names


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _syllables(rng: random.Random, count: int) -> str:
    parts = [
        rng.choice(words.GENERIC_ONSETS).lower() + rng.choice(words.GENERIC_VOWELS)
        for _ in range(count)
    ]
    return _cap("".join(parts) + rng.choice(words.GENERIC_CODAS))


def make_given(rng: random.Random, style: str) -> str:
    if style == "pinyin":
        count = 1 if rng.random() < 0.2 else 2
        return _cap("".join(rng.choice(words.PINYIN_GIVEN_SYLLABLES) for _ in range(count)))
    if style == "generic":
        return _syllables(rng, rng.choice((2, 2, 3)))
    if style in ("anglo", "german", "french") and rng.random() < 0.35:
        return rng.choice(words.NICKNAMES)[0]
    return rng.choice(words.GIVEN[style])


def make_surname(rng: random.Random, style: str) -> str:
    if style == "pinyin":
        return rng.choice(words.PINYIN_ONSETS) + rng.choice(words.PINYIN_RIMES)
    if style == "generic":
        return _syllables(rng, rng.choice((2, 3, 3)))
    heads, tails = words.SURNAME_PARTS[style]
    name = rng.choice(heads) + rng.choice(tails)
    if style in ("iberian", "french", "romanian") and rng.random() < 0.08:
        name += "-" + rng.choice(heads) + rng.choice(tails)
    elif style == "iberian" and rng.random() < 0.06:
        name += " y " + rng.choice(heads) + rng.choice(tails)
    return name


def make_particle(rng: random.Random, style: str) -> str:
    if style not in ("anglo", "german", "french", "iberian", "generic") or rng.random() > 0.06:
        return ""
    return rng.choice(words.PARTICLES)


def make_middles(rng: random.Random, style: str) -> str:
    if style == "pinyin":
        return ""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(INITIAL_LETTERS) + rng.choice(INITIAL_LETTERS)
    if roll < 0.22:
        return rng.choice(INITIAL_LETTERS)
    return ""


def pick_style(rng: random.Random) -> str:
    styles = [s for s, _ in words.STYLE_WEIGHTS]
    weights = [w for _, w in words.STYLE_WEIGHTS]
    return rng.choices(styles, weights)[0]


def name_key(given: str, particle: str, surname: str) -> str:
    """Comparison key of a full name (accents and case ignored)."""
    return fold(f"{given} {particle} {surname}")


# ----------------------------------------------------------------------------- spelling noise


def fold(text: str) -> str:
    """ASCII letters only, lowercase: ``Pătrăucean`` -> ``patraucean``."""
    text = "".join(OTHER.get(ch, ch) for ch in text)
    bare = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).casefold()


def ascii_fold(text: str) -> str:
    """Diacritics dropped, case kept (``Jörg`` -> ``Jorg``)."""
    text = "".join(OTHER.get(ch, ch) for ch in text)
    bare = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


def latex_damage(text: str) -> str:
    """What a broken LaTeX-to-text conversion leaves of a name.

    acute -> apostrophe before the letter (``B'alint``, ``'Emile``; a final ``ć`` detaches as
    `` 'c``), háček -> stray ``v`` before the letter, breve -> stray ``u``, umlauts dropped.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in ACUTE:
            at_end = i + 1 == len(text) or not text[i + 1].isalpha()
            if ch == "ć" and at_end and i > 0:
                out.append(" 'c")
            else:
                out.append("'" + ACUTE[ch])
        elif ch in HACEK:
            out.append("v" + HACEK[ch])
        elif ch in BREVE:
            out.append("u" + BREVE[ch])
        else:
            out.append(OTHER.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def has_diacritics(text: str) -> bool:
    return ascii_fold(text) != text


def _middle(rng: random.Random, middles: str, keep_dots: float) -> str:
    if not middles:
        return ""
    roll = rng.random()
    if roll < keep_dots:
        return ".".join(middles) + "." if rng.random() < 0.6 else ". ".join(middles) + "."
    if roll < keep_dots + 0.25:
        return " ".join(middles)
    return ""


def render(person: Person, rng: random.Random, source: str) -> str:
    """One spelling of ``person`` as ``source`` (profile, aggregator, owner) writes it."""
    if source == "owner":
        text = person.display
        return ascii_fold(text) if rng.random() < 0.15 else text
    profile = source == "profile"
    given = person.given
    nick = person.nickname
    if nick and rng.random() < (0.15 if profile else 0.05):
        given = nick
    initial_form = rng.random() < (0.06 if profile else 0.02)
    middle = "" if initial_form else _middle(rng, person.middles, 0.45 if profile else 0.55)
    if initial_form:
        given = given[0] + "."
    particle = person.particle
    if particle and profile and rng.random() < 0.3:
        particle = _cap(particle)
    text = " ".join(p for p in (given, middle, particle, person.surname) if p)
    if profile and has_diacritics(text):
        roll = rng.random()
        if roll < 0.55:
            text = latex_damage(text)
        elif roll < 0.8:
            text = ascii_fold(text)
    elif not profile and rng.random() < 0.08:
        text = ascii_fold(text)
    if profile and person.suffix and rng.random() < 0.4:
        text += " " + person.suffix
    return text


def alternate_spelling(person: Person, rng: random.Random, current: str) -> str:
    """A profile spelling of ``person`` different from ``current`` (for duplicate entries)."""
    for _ in range(8):
        text = render(person, rng, "profile")
        if text != current:
            return text
    return person.given[0] + ". " + " ".join(p for p in (person.particle, person.surname) if p)
