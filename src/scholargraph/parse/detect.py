"""Format and language detection from a page's content (never from its file name).

Owns the signatures of each format: the aggregator's metric header and ``CATDATE`` paper lines,
the profile's portrait line, membership line and section headings, and the words that tell the
French edition of a profile from the English one.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from ..errors import UnknownFormat
from ..models import Language, PageFormat
from .text import fold, page_lines

# -- aggregator signatures ---------------------------------------------------------------------

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# "LGMay 31, 2022Code", "CLApr 8", "AIJun 2023", "stat.MLJan 3, 2020": category, month, then
# a day (and maybe a year) or a year alone, then "Code" when code is available.
PAPER_LINE = re.compile(
    r"^(?P<cat>[A-Z]{2,4}|[a-z][a-z-]{0,15}\.[A-Za-z]{2,4})"
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
    r"(?:\s?(?P<day>\d{1,2})(?!\d)(?:,\s?(?P<year>\d{4}))?|\s(?P<year_only>\d{4}))"
    r"\s?(?P<code>Code)?$"
)
METRIC_LINES = {
    "hIndex": re.compile(r"^h-index\s?(?P<value>\d[\d,]*)$", re.IGNORECASE),
    "publicationCount": re.compile(r"^(?P<value>\d[\d,]*)\s?papers$"),
    "citationCount": re.compile(r"^(?P<value>\d[\d,]*)\s?citations$", re.IGNORECASE),
    "novelty": re.compile(r"^Novelty\s?(?P<value>\d+(?:\.\d+)?)\s?%$", re.IGNORECASE),
    "aiScore": re.compile(r"^AI Score\s?(?P<value>\d+(?:\.\d+)?)$", re.IGNORECASE),
    "listedPublicationCount": re.compile(r"^(?P<value>\d[\d,]*) Papers$"),
}
# How every metric line starts (keep in step with METRIC_LINES): a cheap test before those.
_METRIC_START = re.compile(r"\d|(?i:h-index|novelty|ai score)")

# -- profile signatures ------------------------------------------------------------------------

PORTRAIT = re.compile(
    r"^Portrait (?P<lang>of|de) (?P<name>.+?)"
    r"(?P<missing> is (?:unavailable|not available)| n'est pas disponible| non disponible"
    r"| indisponible)?$"
)
_MEMBERSHIP_EN = re.compile(
    r"^(?:(?:core|associate|associated|affiliate|honorary|emeritus|visiting)\s)*"
    r"(?:(?:academic|industry|industrial)\s)?member$"
)
_MEMBERSHIP_FR = re.compile(
    r"^membre(?:\s(?:academique|industriel|industrielle|affilie|affiliee|associe|associee"
    r"|principal|principale|honoraire|emerite|invite|invitee))+$"
)
_HEADINGS_EN = {"research topics", "biography", "current students", "former students"}
_HEADINGS_FR = {"sujets de recherche", "biographie", "etudiants actuels", "anciens etudiants"}
_HTML = re.compile(r"</?(?:!doctype|html|head|body|div|span|p|a|script|meta|table)[\s>/]", re.I)


def membership_language(line: str) -> Language | None:
    """The language of a membership line (``Affiliate Member``/``Membre affilié``), or None."""
    if len(line) > 60:
        return None  # membership lines are short: skip folding long lines
    return _membership_of_key(fold(line))


def _membership_of_key(key: str) -> Language | None:
    # A folded key has single spaces and no newline: the cheap tests say when a regex can match.
    if key.endswith("member") and _MEMBERSHIP_EN.match(key):
        return Language.EN
    if key.startswith("membre ") and _MEMBERSHIP_FR.match(key):
        return Language.FR
    return None


def _aggregator_score(lines: Sequence[str]) -> int:
    kinds = {
        name
        for line in lines
        if _METRIC_START.match(line)
        for name, rx in METRIC_LINES.items()
        if rx.match(line)
    }
    papers = sum(1 for line in lines if PAPER_LINE.match(line))
    # One metric line near the top is enough: a page cut inside its header is still this format.
    top = list(itertools.islice(filter(None, lines), 12))
    header_metric = any(rx.match(line) for line in top for rx in METRIC_LINES.values())
    if len(kinds) >= 2 or papers >= 2 or (kinds and papers) or header_metric:
        return 10 + len(kinds) + min(papers, 10)
    return 0


def _profile_votes(lines: Sequence[str]) -> tuple[int, int]:
    """(English votes, French votes) from the profile's fixed labels."""
    en = fr = 0
    for line in lines:
        if len(line) > 200:
            continue  # labels and portrait lines are short
        portrait = PORTRAIT.match(line)
        if portrait:
            en, fr = (en + 3, fr) if portrait.group("lang") == "of" else (en, fr + 3)
            continue
        key = fold(line)
        # as membership_language(line), without folding the line twice
        lang = _membership_of_key(key) if len(line) <= 60 else None
        if lang is Language.EN or key in _HEADINGS_EN:
            en += 2
        elif lang is Language.FR or key in _HEADINGS_FR or key.startswith("etudiant e s actuel"):
            fr += 2
    return en, fr


def profile_language(lines: Sequence[str]) -> Language:
    """English unless the French labels outvote the English ones (``lines`` from split_lines)."""
    return _language_from_votes(lines, *_profile_votes(lines))


@functools.lru_cache(maxsize=4)
def _page_votes(text: str) -> tuple[int, int]:
    """:func:`_profile_votes` of a whole page, counted once for detection and the parser."""
    return _profile_votes(page_lines(text))


def page_language(text: str) -> Language:
    """:func:`profile_language` of a whole page's lines."""
    return _language_from_votes(page_lines(text), *_page_votes(text))


def _language_from_votes(lines: Sequence[str], en: int, fr: int) -> Language:
    if fr == en:
        # Fall back on the see-more widget's language, then on English.
        fr += sum(line.count("(voir plus)") for line in lines)
        en += sum(line.count("(see more)") for line in lines)
    return Language.FR if fr > en else Language.EN


def detect_format(text: str) -> tuple[PageFormat, Language]:
    """Which page format the text is, and its language; :class:`UnknownFormat` otherwise."""
    head = text[:4096]
    if len(_HTML.findall(head)) >= 2 or re.match(r"\s*<(?:!doctype|html)", head, re.I):
        raise UnknownFormat(
            "this is HTML markup, not a page capture: save the page as plain text first"
        )
    lines = page_lines(text)
    aggregator = _aggregator_score(lines)
    en, fr = _page_votes(text)
    profile = en + fr
    if aggregator and aggregator >= profile:
        return PageFormat.AGGREGATOR, Language.EN
    if profile >= 2:
        return PageFormat.PROFILE, _language_from_votes(lines, en, fr)
    raise UnknownFormat(
        "not a known page format: found neither an institute profile (portrait line, membership "
        "line or headings such as 'Research Topics') nor a paper-aggregator author page "
        "(h-index/papers/citations header, 'LGMay 31, 2022' paper lines)"
    )
