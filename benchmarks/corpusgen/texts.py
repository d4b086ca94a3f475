"""Titles, title versions, near-identical titles of other papers, abstracts and biographies.

Every function takes the ``random.Random`` to draw from; nothing here holds state.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from . import words

Template = Callable[[random.Random], str]


def method_name(rng: random.Random) -> str:
    return rng.choice(words.METHOD_PREFIX) + rng.choice(words.METHOD_SUFFIX)


def _adj(rng: random.Random) -> str:
    return rng.choice(words.TITLE_ADJ)


def _article(word: str) -> str:
    return ("An " if word[0] in "AEIOU" else "A ") + word


def _noun(rng: random.Random) -> str:
    return rng.choice(words.TITLE_NOUN)


def _task(rng: random.Random) -> str:
    return rng.choice(words.TITLE_TASK)


def _phen(rng: random.Random) -> str:
    return rng.choice(words.TITLE_PHEN)


def _gerund(rng: random.Random) -> str:
    return rng.choice(words.TITLE_GERUND)


_TEMPLATES: tuple[tuple[Template, int], ...] = (
    (lambda r: f"{method_name(r)}: {_adj(r)} {_noun(r)} for {_task(r)}", 14),
    (lambda r: f"{_adj(r)} {_noun(r)} for {_task(r)}", 10),
    (lambda r: f"On the {_phen(r)} of {_adj(r)} {_noun(r)}", 6),
    (lambda r: f"{_gerund(r)} {_adj(r)} {_noun(r)} with {_adj(r)} {_noun(r)}", 8),
    (lambda r: f"When Does {_phen(r)} Help {_task(r)}?", 3),
    (lambda r: f"{_phen(r)} in {_adj(r)} {_noun(r)}: {r.choice(words.TITLE_STUDY)}", 7),
    (lambda r: f"{_adj(r)} {_noun(r)}", 3),  # capitalised words only: reads like a name
    (lambda r: f"{_adj(r)} {_adj(r)} {_noun(r)}", 2),
    (lambda r: f"{_gerund(r)} {_phen(r)} via {_adj(r)} {_noun(r)}", 8),
    (lambda r: f"Towards {_adj(r)} {_task(r)} with {_noun(r)}", 5),
    (lambda r: f"{_noun(r)} Are {_adj(r)} {_noun(r)} for {_task(r)}", 3),
    (lambda r: f"{method_name(r)}: {_gerund(r)} {_noun(r)} at Scale", 6),
    (lambda r: f"{_article(_adj(r))} Benchmark for {_task(r)}", 4),
    (lambda r: f"{_adj(r)} and {_adj(r)} {_noun(r)} for {_task(r)}", 5),
    (lambda r: f"How {_phen(r)} Shapes {_adj(r)} {_noun(r)} in {_task(r)}", 4),
    (lambda r: f"{method_name(r)}: Mitigating {_phen(r)} in {_task(r)}", 6),
    (lambda r: f"What Makes {_adj(r)} {_noun(r)} Work for {_task(r)}?", 2),
    (lambda r: f"The Role of {_phen(r)} in {_gerund(r)} {_adj(r)} {_noun(r)}", 4),
)
_WEIGHTS = [w for _, w in _TEMPLATES]


def make_title(rng: random.Random) -> str:
    template = rng.choices([t for t, _ in _TEMPLATES], _WEIGHTS)[0]
    return template(rng)


# ----------------------------------------------------------------------------- variants


def _words_of(title: str) -> list[str]:
    return title.split(" ")


def _insert_filler(title: str, rng: random.Random) -> str | None:
    tokens = _words_of(title)
    spots = [i for i, t in enumerate(tokens) if i > 0 and t in words.TITLE_ADJ]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join([*tokens[:i], rng.choice(words.VERSION_FILLERS), *tokens[i:]])


def _sentence_case(title: str, rng: random.Random) -> str | None:
    head, sep, tail = title.partition(": ")
    text = tail if sep else title
    tokens = _words_of(text)
    changed = [tokens[0]] + [
        t if t.isupper() or any(c.isupper() for c in t[1:]) else t.lower() for t in tokens[1:]
    ]
    out = " ".join(changed)
    if out == text:
        return None
    return f"{head}{sep}{out}" if sep else out


def _toggle_hyphen(title: str, rng: random.Random) -> str | None:
    hyphenated = re.findall(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b", title)
    if not hyphenated:
        return None
    first, second = rng.choice(hyphenated)
    return title.replace(f"{first}-{second}", f"{first} {second}", 1)


def _towards(title: str, rng: random.Random) -> str | None:
    if title.startswith("Towards "):
        rest = title[len("Towards ") :]
        return rest[:1].upper() + rest[1:]
    if ":" in title or title.endswith("?"):
        return None
    return "Towards " + title


def version_title(title: str, rng: random.Random) -> str | None:
    """A later version's title of the same paper (wording change), or None."""
    changes = [_insert_filler, _sentence_case, _toggle_hyphen, _towards]
    rng.shuffle(changes)
    for change in changes:
        out = change(title, rng)
        if out and out != title:
            return out
    return None


def near_title(title: str, rng: random.Random) -> str:
    """The title of a *different* paper that differs by one meaningful word or a suffix."""
    tokens = _words_of(title)
    swaps = [
        (i, b if t == a else a) for i, t in enumerate(tokens) for a, b in words.SWAPS if t in (a, b)
    ]
    if swaps and rng.random() < 0.6:
        i, replacement = rng.choice(swaps)
        tokens[i] = replacement
        return " ".join(tokens)
    suffix = rng.choice(words.DOMAIN_SUFFIXES)
    if title.endswith("?"):
        return f"{title[:-1]} {suffix}?"
    return f"{title} {suffix}"


# ----------------------------------------------------------------------------- abstracts


def _fill(template: str, rng: random.Random, method: str) -> str:
    text = template.format(
        phen=_phen(rng).lower(),
        noun=rng.choice(words.ABS_NOUN),
        task=_task(rng).lower(),
        adj=_adj(rng).lower(),
        method=method,
        verb=rng.choice(words.ABS_VERB),
        prop=rng.choice(words.ABS_PROPERTY),
        k=rng.randint(3, 40),
        x=rng.randint(2, 35),
        y=rng.randint(2, 12),
    )
    return text[:1].upper() + text[1:]


def make_abstract(rng: random.Random) -> str:
    """An abstract of 4-8 sentences (some with LaTeX fragments such as ``\\(3\\times\\)``)."""
    method = method_name(rng)
    parts = [_fill(rng.choice(words.ABS_OPENERS), rng, method)]
    parts += [_fill(t, rng, method) for t in rng.sample(words.ABS_BODY, rng.randint(2, 5))]
    parts += [_fill(t, rng, method) for t in rng.sample(words.ABS_RESULTS, rng.randint(1, 2))]
    text = " ".join(parts)
    if rng.random() < 0.03:
        text = text.replace(" the ", " the \\rat ", 1)
    return text


# ----------------------------------------------------------------------------- biographies


def biography(
    rng: random.Random, name: str, language: str, job: str, org: str, topics: list[str]
) -> list[str]:
    """One to three paragraphs about the owner, in the page's language."""
    picked = [t.lower() for t in topics[:3]] or (["learning"] if language == "en" else ["IA"])
    listed = ", ".join(picked[:-1]) + (" and " if language == "en" else " et ") + picked[-1]
    if len(picked) == 1:
        listed = picked[0]
    if language == "en":
        paragraphs = [
            f"{name} is a {job.lower()} at {org}. Their research focuses on {listed}.",
            f"Before joining {org}, {name} completed a doctorate and spent several years "
            f"working on problems at the intersection of theory and practice.",
            "Their group builds methods that are simple to deploy and easy to analyse, and "
            "releases the code of every project it publishes.",
        ]
    else:
        paragraphs = [
            f"{name} est {job.lower()} à {org}. Ses travaux portent sur {listed}.",
            f"Avant de se joindre à {org}, {name} a obtenu un doctorat et a travaillé plusieurs "
            f"années à la frontière entre la théorie et la pratique.",
            "Son groupe conçoit des méthodes simples à déployer et faciles à analyser, et publie "
            "le code de chacun de ses projets.",
        ]
    return paragraphs[: rng.randint(1, 3)]
