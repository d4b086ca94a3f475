"""Person names: parsing into given names, particles and family name, and pairwise matching.

Owns the decision "can these two spellings be one person, and how sure are we". The result has
two levels on purpose (see :class:`NameMatch`): *positive* evidence is what merges clusters;
*compatible* only means "no contradiction" and is what every pair inside a cluster must be, so an
ambiguous spelling (``A. Smith``) can never chain two different people (``Anna``/``Alan``).

Rules, per part: family names must have the same letters (diacritics and LaTeX damage aside,
see :mod:`.damage`) and the same particles (case aside); first given names must be equal, a
nickname of each other, or an initial of the other; middle names may be missing on one side,
but those present must match in order. Different homonym suffixes or generations never match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .damage import Spelling, damage_only, maybe_same_letters, same_letters
from .normalize import fold

# ``fold`` of the words and names the resolver folds again and again (names repeat massively:
# ~100k person mentions have ~8k spellings and ~4k words). Pure, so a bounded memo is invisible.
folded = lru_cache(maxsize=1 << 16)(fold)

# Lowercase words that join a family name (``von Oswald``, ``De Martino``, ``Aguera y Arcas``).
PARTICLES = frozenset(
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dello",
        "di",
        "da",
        "das",
        "dos",
        "do",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "te",
        "zu",
        "zum",
        "zur",
        "vom",
        "y",
        "bin",
        "ibn",
        "af",
        "av",
        "st",
    }
)
# Particles whose proper spelling is lowercase inside a name (``Johannes von Oswald``); Romance
# particles (``De Martino``) are capitalised or not by family, so they get no preference.
LOWERCASE_PARTICLES = frozenset(
    {"von", "van", "der", "den", "ter", "ten", "te", "zu", "zum", "zur", "vom"}
)
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})

# A small nickname table (folded forms): the nickname and the formal name are one person only
# when everything else about the names agrees. Not a general alias list on purpose.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "abby": ("abigail",),
    "al": ("albert", "alfred"),
    "alex": (
        "alexander",
        "alexandre",
        "alexandra",
        "alexandros",
        "alexey",
        "alexei",
        "aleksandr",
        "aleksander",
        "alexis",
    ),
    "andy": ("andrew", "andreas"),
    "becca": ("rebecca",),
    "becky": ("rebecca",),
    "bella": ("isabella", "isabel"),
    "ben": ("benjamin", "benedikt", "benedict"),
    "beth": ("elizabeth", "bethany"),
    "bill": ("william",),
    "bob": ("robert",),
    "charlie": ("charles", "charlotte"),
    "chris": ("christopher", "christian", "christos", "christina", "christine"),
    "dan": ("daniel",),
    "danny": ("daniel",),
    "dave": ("david",),
    "dima": ("dmitry", "dmitri", "dmitrii"),
    "dot": ("dorothy",),
    "ed": ("edward", "edwin", "edmund"),
    "eddie": ("edward",),
    "fran": ("francesca", "frances", "francis"),
    "fred": ("frederick", "frederic", "friedrich"),
    "gabe": ("gabriel",),
    "greg": ("gregory",),
    "jackie": ("jacqueline",),
    "jamie": ("james",),
    "jeff": ("jeffrey", "jeffery"),
    "jen": ("jennifer",),
    "jenny": ("jennifer",),
    "jess": ("jessica",),
    "jim": ("james",),
    "joe": ("joseph",),
    "jon": ("jonathan",),
    "josh": ("joshua",),
    "kate": ("katherine", "catherine", "kathryn"),
    "katie": ("katherine", "kathryn"),
    "kim": ("kimberly",),
    "larry": ("lawrence",),
    "leo": ("leonard", "leonardo", "leopold"),
    "liz": ("elizabeth",),
    "matt": ("matthew", "matthias"),
    "max": ("maximilian", "maxim", "maxime", "maximilien"),
    "meg": ("margaret",),
    "mike": ("michael",),
    "misha": ("mikhail",),
    "nate": ("nathan", "nathaniel"),
    "nick": ("nicholas", "nicolas", "nikolaos", "nikola"),
    "pete": ("peter",),
    "phil": ("philip", "phillip", "philipp"),
    "ray": ("raymond",),
    "rich": ("richard",),
    "rick": ("richard",),
    "rob": ("robert",),
    "sam": ("samuel", "samantha"),
    "seb": ("sebastian", "sebastien"),
    "steve": ("steven", "stephen"),
    "ted": ("theodore", "edward"),
    "theo": ("theodore",),
    "tim": ("timothy",),
    "tom": ("thomas",),
    "tony": ("anthony", "antonio"),
    "tori": ("victoria",),
    "val": ("valentina", "valerie", "valentin"),
    "vale": ("valentina", "valeria"),
    "vicky": ("victoria",),
    "vlad": ("vladimir", "vladislav"),
    "will": ("william",),
    "zach": ("zachary",),
}


def _nickname_initials() -> dict[str, frozenset[str]]:
    """Formal name -> its nicknames' initials ("Isabella" can be written "B." for "Bella")."""
    out: dict[str, set[str]] = {}
    for nick, formals in NICKNAMES.items():
        for formal in formals:
            out.setdefault(formal, set()).add(nick[:1])
    return {k: frozenset(v) for k, v in out.items()}


_NICKNAME_INITIALS = _nickname_initials()

# How sure a merge reason is (0-100): the weakest reason of a pair is its score and its reason.
REASON_SCORES: dict[str, float] = {
    "exact-normalised": 100.0,
    "particle-case": 99.0,
    "trailing-punctuation": 99.0,
    "dropped-diacritics": 97.0,
    "homonym-suffix": 96.0,
    "latex-damage": 95.0,
    "middle-initial": 90.0,
    "nickname": 85.0,
    "initials": 80.0,
}


@dataclass(frozen=True)
class NamePart:
    """One word of a name with its comparison forms."""

    spelling: Spelling
    initial: bool  # "C.", "C", "J.-P."

    @property
    def text(self) -> str:
        return self.spelling.text

    @property
    def letter(self) -> str:
        return self.spelling.plain[:1]


@dataclass(frozen=True)
class ParsedName:
    """A spelling split into parts. ``family`` is the last word; ``prefix`` holds particles."""

    text: str
    given: tuple[NamePart, ...]
    prefix: tuple[NamePart, ...]
    family: NamePart
    generation: str | None = None
    homonym: str | None = None
    glued_initials: bool = False  # written "C.Y." rather than "C. Y."
    block_keys: tuple[tuple[str, str], ...] = field(default=())

    @cached_property
    def author_key(self) -> str:
        """A coarse identity (family skeleton and first initial) for co-author overlap."""
        first = self.given[0].letter if self.given else ""
        return f"{self.family.spelling.loose}|{first}"


@dataclass(frozen=True)
class NameMatch:
    """``positive``: evidence of one person. ``compatible``: no contradiction."""

    positive: bool
    compatible: bool
    score: float = 0.0
    reason: str = ""


INCOMPATIBLE = NameMatch(positive=False, compatible=False)
_GLUED = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_](?:\.|$|\s))")
_DETACHED_ACCENT = re.compile(r"(\w)\s+['’](\w)(?!\w)")
_HOMONYM = re.compile(r"^\d{4}$")


def _is_particle(token: str) -> bool:
    # Particles are bare words: "Y." is an initial, and a capital "Y" is one too, never the
    # Spanish "y".
    if not token.isalpha():
        return False
    return folded(token) in PARTICLES and (len(token) > 1 or token.islower())


def _is_initial(token: str) -> bool:
    parts = [p for p in re.split(r"[.\-‐]", token) if p]
    return bool(parts) and all(len(p) == 1 and p.isalpha() for p in parts)


_spelling = lru_cache(maxsize=1 << 12)(Spelling.of)


@lru_cache(maxsize=1 << 15)
def _part(token: str) -> NamePart:
    # NameParts are immutable: one per distinct word is shared by every name containing it.
    return NamePart(Spelling.of(token), _is_initial(token))


def parse_name(text: str, homonym: str | None = None) -> ParsedName:
    """Split a cleaned name into given names, family prefix and family name."""
    s = unicodedata.normalize("NFC", text)
    if "'" in s or "’" in s:  # the pattern needs one (most names have none)
        s = _DETACHED_ACCENT.sub(r"\1'\2", s)  # "Velivckovi 'c": the accent's letter belongs left
    glued = "." in s and _GLUED.search(s) is not None
    if glued:
        s = _GLUED.sub(r"\1. ", s)
    tokens = s.strip(" ,;:").split()
    if len(tokens) > 1 and _HOMONYM.match(tokens[-1]):
        homonym = homonym or tokens[-1]
        tokens.pop()
    generation = None
    if len(tokens) > 2 and folded(tokens[-1]) in _GENERATIONS:
        generation = folded(tokens.pop())
    if not tokens:
        tokens = [text.strip() or "?"]
    if len(tokens[-1]) > 2 and tokens[-1].endswith("."):
        tokens[-1] = tokens[-1].rstrip(".")  # trailing punctuation, not an initial's dot
    start = len(tokens) - 1
    while start - 1 >= 1 and _is_particle(tokens[start - 1]):
        start -= 1
        if folded(tokens[start]) == "y" and start - 1 >= 1:
            start -= 1  # "Aguera y Arcas": the word before "y" is the first family name
    given = tuple(_part(t) for t in tokens[:start])
    prefix = tuple(_part(t) for t in tokens[start:-1])
    family = _part(tokens[-1])
    keys: set[tuple[str, str]] = set()
    if given:
        first = given[0].spelling
        initials = {first.plain[:1], first.loose[:1]}
        initials.update(formal[:1] for formal in NICKNAMES.get(first.plain, ()))
        keys.update((family.spelling.loose, i) for i in initials)
    else:
        keys.add((family.spelling.loose, ""))
    return ParsedName(
        text=text,
        given=given,
        prefix=prefix,
        family=family,
        generation=generation,
        homonym=homonym,
        glued_initials=glued,
        block_keys=tuple(sorted(keys)),
    )


def _spelling_reason(a: NamePart, b: NamePart, *, particle: bool = False) -> str | None:
    """Why two spellings of one name part differ (None when identical)."""
    if a.text == b.text:
        return None
    if a.text.casefold() == b.text.casefold():
        return "particle-case" if particle else "exact-normalised"
    if _bare(a.text) == _bare(b.text):
        return "dropped-diacritics"
    if damage_only(a.spelling, b.spelling):
        return "latex-damage"
    if a.spelling.plain == b.spelling.plain:
        return "exact-normalised"  # punctuation only: "Rannen-Triki" / "Rannen Triki"
    return "latex-damage"


@lru_cache(maxsize=1 << 15)
def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_nickname(a: str, b: str) -> bool:
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ())


def _compare_part(a: NamePart, b: NamePart, *, first: bool) -> tuple[bool, bool, str | None]:
    """(positive, compatible, reason) for one given name against another."""
    if a.initial or b.initial:
        full, other = (b, a) if a.initial else (a, b)
        if other.initial and full.initial:
            if a.letter != b.letter:
                return False, False, None
            same = a.text == b.text
            return True, True, None if same else ("initials" if first else "middle-initial")
        # "I." can stand for "Bella" (short for Isabella), and "B." for "Isabella" (as Bella).
        plain = full.spelling.plain
        letters = {full.letter, *_NICKNAME_INITIALS.get(plain, ())}
        letters.update(f[:1] for f in NICKNAMES.get(plain, ()))
        if other.letter and other.letter in letters:
            return True, True, "initials" if first else "middle-initial"
        return False, False, None
    if same_letters(a.spelling, b.spelling):
        return True, True, _spelling_reason(a, b)
    if _is_nickname(a.spelling.plain, b.spelling.plain):
        return True, True, "nickname"
    if maybe_same_letters(a.spelling, b.spelling):
        return False, True, "latex-damage"
    return False, False, None


def _compare_given(
    a: tuple[NamePart, ...], b: tuple[NamePart, ...], reasons: list[str]
) -> tuple[bool, bool]:
    if not a or not b:
        # A mononym and a full name: too little to say they are one person.
        return (not a and not b), (not a and not b)
    joined_a = "".join(p.spelling.plain for p in a)
    if len(a) != len(b) and joined_a == "".join(p.spelling.plain for p in b) and len(joined_a) > 2:
        # "Yee Whye" / "Yee-Whye", "Pierre Luc" / "Pierre-Luc": one given name, split or not.
        reasons.append("exact-normalised")
        return True, True
    positive, compatible, reason = _compare_part(a[0], b[0], first=True)
    if not compatible:
        return False, False
    if reason:
        reasons.append(reason)
    ma, mb = a[1:], b[1:]
    if not ma or not mb:
        if ma or mb:
            reasons.append("middle-initial")
        return positive, True
    short, long = (ma, mb) if len(ma) <= len(mb) else (mb, ma)
    if len(short) != len(long):
        reasons.append("middle-initial")
    j = 0
    for part in short:
        # Greedy earliest match is optimal for "is a subsequence under a relation".
        while j < len(long):
            pos, comp, why = _compare_part(part, long[j], first=False)
            j += 1
            if comp:
                positive = positive and pos
                if why:
                    reasons.append(why)
                break
        else:
            return False, False
    return positive, True


def _compare_family(a: ParsedName, b: ParsedName, reasons: list[str]) -> tuple[bool, bool]:
    fa, fb = a.family.spelling, b.family.spelling
    if not maybe_same_letters(fa, fb):
        return False, False
    positive = same_letters(fa, fb)
    why = _spelling_reason(a.family, b.family)
    if why:
        reasons.append(why)
    if a.prefix and b.prefix:
        pa = _spelling(" ".join(p.text for p in a.prefix))
        pb = _spelling(" ".join(p.text for p in b.prefix))
        if not maybe_same_letters(pa, pb):
            return False, False
        positive = positive and same_letters(pa, pb)
        for x, y in zip(a.prefix, b.prefix, strict=False):
            why = _spelling_reason(x, y, particle=_is_particle(x.text))
            if why:
                reasons.append(why)
    elif a.prefix or b.prefix:
        # "Flora Fenwell" and "Flora de la Fenwell" are different families: a particle is part
        # of the name, only its case varies.
        return False, False
    return positive, True


def compare_names(a: ParsedName, b: ParsedName) -> NameMatch:
    """Symmetric comparison of two parsed spellings."""
    if a.generation and b.generation and a.generation != b.generation:
        return INCOMPATIBLE  # "Jr." and "Sr." are father and son
    if a.homonym and b.homonym and a.homonym != b.homonym:
        return INCOMPATIBLE  # the database says these are two people
    reasons: list[str] = []
    fam_pos, fam_comp = _compare_family(a, b, reasons)
    if not fam_comp:
        return INCOMPATIBLE
    giv_pos, giv_comp = _compare_given(a.given, b.given, reasons)
    if not giv_comp:
        return INCOMPATIBLE
    if not (fam_pos and giv_pos):
        return NameMatch(positive=False, compatible=True, score=50.0, reason="loose")
    if a.glued_initials != b.glued_initials:
        reasons.append("middle-initial")
    if (a.homonym is None) != (b.homonym is None):
        reasons.append("homonym-suffix")
    if not reasons and a.text != b.text:
        strip = " .,;:"
        same_core = a.text.rstrip(strip) == b.text.rstrip(strip)
        reasons.append("trailing-punctuation" if same_core else "exact-normalised")
    if not reasons:
        return NameMatch(positive=True, compatible=True, score=100.0, reason="exact")
    reason = min(reasons, key=lambda r: (REASON_SCORES[r], r))
    return NameMatch(positive=True, compatible=True, score=REASON_SCORES[reason], reason=reason)
