"""Parser for paper-aggregator author pages.

Owns the header (owner, primary category, metrics) and the paper blocks::

    CATDATE[Code]        "LGMay 31, 2022Code", "CLApr 8" (no year: a partial date)
    TITLE
    AUTHOR, AUTHOR, AUTHOR[ et al.][ · org, org]
    ABSTRACT

Category codes come without their arXiv archive. Two-letter codes are read as ``cs.XX`` when
the ``cs`` archive has them (LG, CL, CV, AI, NE, RO, IR, CR, DS, ...); codes only other archives
have map there (``ML`` -> ``stat.ML``, ``AP``/``CO``/``ME``/``TH`` -> ``stat``, ``AS``/``IV``/``SP``
-> ``eess``, ``NC`` -> ``q-bio.NC``, ``OC`` -> ``math.OC``). A code given with its archive
(``stat.ML``) is kept. An unknown code gives no category and a warning.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from ..errors import MalformedPage
from ..models import (
    AuthorMention,
    Language,
    Metric,
    PageFormat,
    PageRecord,
    PartialDate,
    PersonName,
    Publication,
)
from .detect import METRIC_LINES, MONTHS, PAPER_LINE
from .guard import guarded
from .shape import is_abstract_line, is_hard_title
from .text import clean_abstract, clean_person_name, clean_text, fold, page_lines, raw_lines

_CS = frozenset(
    """
    AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI
    OH OS PF PL RO SC SD SE SI SY
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_OTHER_ARCHIVES = {
    "ML": "stat.ML", "AP": "stat.AP", "CO": "stat.CO", "ME": "stat.ME", "TH": "stat.TH",
    "OT": "stat.OT", "AS": "eess.AS", "IV": "eess.IV", "SP": "eess.SP", "NC": "q-bio.NC",
    "QM": "q-bio.QM", "OC": "math.OC", "ST": "math.ST", "PR": "math.PR",
}  # fmt: skip
_CATEGORY_LINE = re.compile(r"^(?:[A-Z]{2,4}|[a-z][a-z-]{0,15}\.[A-Za-z]{2,4})$")
_ET_AL = re.compile(r"\s*,?\s*\bet\s+al\.?\s*$", re.IGNORECASE)
_ORG_SEPARATOR = re.compile(r"\s+[·•]\s*|\s*[·•]\s+")


def arxiv_category(code: str) -> str | None:
    """``LG`` -> ``cs.LG``; ``stat.ML`` stays; None when the code is no arXiv category."""
    if "." in code:
        return code
    if code in _CS:
        return f"cs.{code}"
    return _OTHER_ARCHIVES.get(code)


# --------------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------------


def _metric(line: str) -> Metric | None:
    for name, rx in METRIC_LINES.items():
        match = rx.match(line)
        if match:
            value = float(match.group("value").replace(",", ""))
            unit = "percent" if name == "novelty" else None
            return Metric(name=name, value=value, unit=unit, raw=line)
    return None


def _read_header(
    lines: Sequence[str], where: str | None, warnings: list[str]
) -> tuple[str, str | None, list[Metric]]:
    body = [line for line in lines if line]
    if not body:
        raise MalformedPage("aggregator page without a header", where=where)
    owner = body[0]
    if _metric(owner) or PAPER_LINE.match(owner) or _CATEGORY_LINE.match(owner):
        raise MalformedPage(
            f"aggregator page without an owner name: the first line is {owner[:60]!r}",
            where=where,
        )
    category: str | None = None
    metrics: list[Metric] = []
    for line in body[1:]:
        metric = _metric(line)
        if metric is not None:
            metrics.append(metric)
        elif category is None and _CATEGORY_LINE.match(line):
            category = arxiv_category(line)
            if category is None:
                warnings.append(f"unknown primary category {line!r}")
        else:
            warnings.append(f"header line not understood: {line[:60]!r}")
    return owner, category, _dedupe_counts(metrics)


def _dedupe_counts(metrics: list[Metric]) -> list[Metric]:
    """The header's ``Npapers`` and the ``N Papers`` line: one figure, recorded once.

    ``N Papers`` is kept as ``listedPublicationCount`` only when it differs from the header's
    figure, and becomes ``publicationCount`` when the header has none.
    """
    counts = {m.name: m for m in metrics}
    listed = counts.get("listedPublicationCount")
    header = counts.get("publicationCount")
    out: list[Metric] = []
    seen: set[str] = set()
    for metric in metrics:
        if metric.name in seen:
            continue  # a figure repeated in a garbled header: the first one counts
        seen.add(metric.name)
        if metric is listed:
            if header is None:
                metric = metric.model_copy(update={"name": "publicationCount"})
            elif header.value == metric.value:
                continue
        out.append(metric)
    return out


# --------------------------------------------------------------------------------------------
# Paper blocks
# --------------------------------------------------------------------------------------------


def _date(match: re.Match[str], warnings: list[str]) -> PartialDate | None:
    month = MONTHS[match.group("month").casefold()]
    day = int(match.group("day")) if match.group("day") else None
    year_text = match.group("year") or match.group("year_only")
    year = int(year_text) if year_text else None
    # Check the day against the month (Feb 29 only in a leap year, or when the year is unknown).
    longest = calendar.monthrange(year if year and year >= 1 else 2000, month)[1]
    bad_day = day is not None and not 1 <= day <= longest
    if bad_day or (year is not None and not 1000 <= year <= 9999):
        warnings.append(f"impossible date {match.group(0)!r} ignored")
        return None
    return PartialDate(year=year, month=month, day=day)


def _is_author_line(line: str) -> bool:
    if is_abstract_line(line):
        return False
    names, _ = _split_orgs(line)
    parts = [p.strip() for p in _ET_AL.sub("", names).split(",") if p.strip()]
    return bool(parts) and all(not is_hard_title(p) and len(p.split()) <= 6 for p in parts)


def _split_orgs(line: str) -> tuple[str, tuple[str, ...]]:
    """``"A, B · deepmind, mila"`` -> ``("A, B", ("deepmind", "mila"))``.

    The separator needs a space on one side, so a Catalan ``l·l`` inside a name is kept.
    """
    pieces = _ORG_SEPARATOR.split(line, maxsplit=1)
    if len(pieces) == 1:
        return line, ()
    tags = tuple(t.strip().casefold() for t in pieces[1].split(",") if t.strip())
    return pieces[0], tags


def _authors(
    line: str, owner: PersonName
) -> tuple[tuple[AuthorMention, ...], bool, tuple[str, ...]]:
    """Authors ranked 1..k, whether the list is whole (no ``et al.``), the organization tags."""
    names, tags = _split_orgs(line)
    cut = _ET_AL.search(names) is not None
    names = _ET_AL.sub("", names)
    owner_key = fold(owner.text)
    authors: list[AuthorMention] = []
    for raw in (p.strip() for p in names.split(",")):
        if not raw:
            continue
        name = clean_person_name(raw)
        authors.append(
            AuthorMention(name=name, rank=len(authors) + 1, is_owner=fold(name.text) == owner_key)
        )
    return tuple(authors), not cut, tags


def _block(
    header: re.Match[str],
    raw_title: str,
    body: list[str],
    index: int,
    owner: PersonName,
    warnings: list[str],
) -> Publication | None:
    """One paper block; ``body`` holds its non-blank lines after the ``CATDATE`` line."""
    if not body:
        warnings.append(f"paper line {header.group(0)!r} without a title skipped")
        return None
    rest = body[1:]
    authors: tuple[AuthorMention, ...] = ()
    complete: bool | None = None
    tags: tuple[str, ...] = ()
    if rest and _is_author_line(rest[0]):
        authors, complete, tags = _authors(rest[0], owner)
        rest = rest[1:]
    elif rest:
        warnings.append(f"paper {raw_title[:50]!r}: no author line")
    abstract, truncated = clean_abstract(" ".join(rest)) if rest else ("", False)
    code = header.group("cat")
    category = arxiv_category(code)
    if category is None:
        warnings.append(f"paper {raw_title[:50]!r}: unknown category {code!r}")
    if complete and not any(a.is_owner for a in authors):
        warnings.append(f"paper {raw_title[:50]!r}: the owner is not in its full author list")
    return Publication(
        index=index,
        title=clean_text(raw_title),
        raw_title=raw_title,
        authors=authors,
        author_list_complete=complete,
        owner_is_author=True,
        abstract=abstract or None,
        abstract_truncated=truncated and bool(abstract),
        date=_date(header, warnings),
        category=category,
        code_available=header.group("code") is not None,
        organization_tags=tags,
    )


@guarded("aggregator")
def parse_aggregator(text: str, *, where: str | None = None) -> PageRecord:
    """Read a paper-aggregator author page into a :class:`PageRecord`."""
    lines = page_lines(text)
    raw = [line.strip() for line in raw_lines(text)]
    starts = [i for i, line in enumerate(lines) if PAPER_LINE.match(line)]
    warnings: list[str] = []
    first = starts[0] if starts else len(lines)
    owner_raw, category, metrics = _read_header(lines[:first], where, warnings)
    owner = clean_person_name(owner_raw)
    if not owner.text or not any(ch.isalpha() for ch in owner.text):
        raise MalformedPage("aggregator page with an empty owner name", where=where)
    publications: list[Publication] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        header = PAPER_LINE.match(lines[start])
        assert header is not None  # starts holds matching lines only
        body = [j for j in range(start + 1, end) if lines[j]]
        raw_title = raw[body[0]] if body else ""
        texts = [lines[j] for j in body]
        publication = _block(header, raw_title, texts, len(publications), owner, warnings)
        if publication is not None:
            publications.append(publication)
    if not publications:
        warnings.append("no paper blocks: the page may be truncated")
    if not metrics:
        warnings.append("no metrics in the header: the page may be truncated")
    return PageRecord(
        format=PageFormat.AGGREGATOR,
        language=Language.EN,
        owner=owner,
        primary_category=category,
        metrics=tuple(metrics),
        publications=tuple(publications),
        warnings=tuple(warnings),
    )
