"""Properties of the resolver: symmetric scoring, idempotent normalisation, order independence,
unique IRI-safe keys."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from resolve_records import INSTITUTE, aggregator, author, profile, pub

from scholargraph.models import EntityKind, Language, SourceDocument
from scholargraph.resolve import resolve
from scholargraph.resolve.damage import loosen
from scholargraph.resolve.keys import slugify
from scholargraph.resolve.names import compare_names, parse_name
from scholargraph.resolve.normalize import (
    content_tokens,
    fold,
    letters,
    normalize_abstract_opening,
    normalize_title,
    remove_see_more,
)
from scholargraph.resolve.publications import PubMention, TitleNode, version_score
from scholargraph.resolve.titles import title_relation, version_block_keys
from scholargraph.vocabulary import Vocabulary

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

GIVEN = [
    "Anna",
    "A.",
    "Alan",
    "Alex",
    "Alexander",
    "Alexandra",
    "Jörg",
    "Jorg",
    "J.",
    "Andr'as",
    "András",
    "'Alvaro",
    "Álvaro",
    "Wei",
    "Stephanie",
    "Samuel",
    "S.",
]
MIDDLE = ["", "C.", "C. Y.", "C.Y.", "K.", "L", "L.", "Joseph", "Y."]
FAMILY = [
    "Smith",
    "Ku",
    "Bornschein",
    "Velivckovi 'c",
    "Veličković",
    "Velickovic",
    "Puatruaucean",
    "Pătrăucean",
    "Patraucean",
    "von Oswald",
    "Von Oswald",
    "Zhang",
    "Chen",
    "Chen 0001",
    "Chen 0002",
    "Aguera y Arcas",
    "De",
]
names = st.builds(
    lambda g, m, f: " ".join(x for x in (g, m, f) if x),
    st.sampled_from(GIVEN),
    st.sampled_from(MIDDLE),
    st.sampled_from(FAMILY),
)

TITLES = [
    "NoProp: Training Neural Networks without Back-propagation or Forward-propagation",
    "NoProp: Training Neural Networks without Full Back-propagation or Full Forward-propagation",
    "RAT: Bridging RNN Efficiency and Attention Accuracy in Language Modeling",
    "RAT: Bridging RNN Efficiency and Attention Accuracy via Chunk-based Sequence Modeling",
    "Agency Is Frame-Dependent",
    "Plasticity as the Mirror of Empowerment",
    "Hadamard product in deep learning: Introduction, Advances and Challenges.",
    "Hadamard product in deep learning: Introduction, Advances and Challenges",
    "Scaling Laws for Neural Language Models",
    "Scaling Laws for Neural Machine Translation",
    # Fictional versions and near-identical titles of other papers.
    "Brittle Tide Kernels",
    "Towards Brittle Tide Kernels",
    "Brittle Practical Tide Kernels",
    "Sparse Brittle Tide Kernels",
    "Dense Brittle Tide Kernels",
    "Brittle Tide Kernels in Robotics",
]
ABSTRACTS = [
    None,
    "Transformers have become the cornerstone of modern large-scale language "
    "models, but their reliance on softmax attention poses a bottleneck.",
]
TOPICS = [
    "Deep Learning",
    "Apprentissage profond",
    "Generalisation",
    "Quantum Widgets",
    "Widgets quantiques",
    "Optimization",
]
ORGS = ["Google DeepMind", "Acme Labs", "ACME Labs.", "google"]


@st.composite
def documents(draw: st.DrawFn) -> list[SourceDocument]:
    docs: list[SourceDocument] = []
    for i in range(draw(st.integers(1, 4))):
        entries = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(TITLES),
                    st.lists(names, max_size=4),
                    st.sampled_from(ABSTRACTS),
                    st.sampled_from([None, 2024, 2025]),
                    st.lists(st.sampled_from(["deepmind", "mila", "google"]), max_size=2),
                    st.sampled_from([None, True, False]),
                ),
                max_size=4,
            )
        )
        pubs = [
            pub(j, t, [author(a) for a in authors], abstract=ab, year=y, tags=tags, complete=c)
            for j, (t, authors, ab, y, tags, c) in enumerate(entries)
        ]
        owner = draw(st.sampled_from(["Razvan Pascanu", "Anna Smith", "Jörg Bornschein"]))
        if draw(st.booleans()):
            docs.append(aggregator(f"doc{i}", pubs, owner=owner))
        else:
            docs.append(
                profile(
                    f"doc{i}",
                    pubs,
                    owner=owner,
                    topics=draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=3)),
                    positions=[
                        f"Scientist, {o}"
                        for o in draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=2))
                    ],
                    language=draw(st.sampled_from(list(Language))),
                )
            )
    return docs


def _shuffled(docs: list[SourceDocument], order: list[int], flip: bool) -> list[SourceDocument]:
    """Documents in another order, each with its publications listed in another order."""
    out = []
    for i in order:
        doc = docs[i]
        pubs = tuple(reversed(doc.record.publications)) if flip else doc.record.publications
        out.append(
            doc.model_copy(
                update={
                    "record": doc.record.model_copy(
                        update={"publications": pubs, "topics": tuple(reversed(doc.record.topics))}
                    )
                }
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(names, names)
def test_name_scoring_is_symmetric(a: str, b: str) -> None:
    assert compare_names(parse_name(a), parse_name(b)) == compare_names(
        parse_name(b), parse_name(a)
    )


AUTHOR_KEYS = ["wei|x", "yadav|a", "li|q", "teh|y", "pascanu|r"]


@st.composite
def title_nodes(draw: st.DrawFn) -> TitleNode:
    title = draw(st.sampled_from(TITLES))
    node = TitleNode(normalize_title(title))
    for k in range(draw(st.integers(1, 2))):
        authors = draw(st.lists(st.sampled_from(AUTHOR_KEYS), max_size=4, unique=True))
        node.mentions.append(
            PubMention(
                ref=("s", "publication", k),
                source_id=f"s{k}",
                on_aggregator=draw(st.booleans()),
                title=title,
                authors=frozenset(authors),
                leads=frozenset(authors[: draw(st.integers(0, 2))]),
                abstract=draw(st.sampled_from([None, "transformers have become", "we study"])),
                year=draw(st.sampled_from([None, 2018, 2025])),
                complete=draw(st.booleans()),
            )
        )
    return node


@settings(max_examples=200, deadline=None)
@given(title_nodes(), title_nodes())
def test_title_version_scoring_is_symmetric(a: TitleNode, b: TitleNode) -> None:
    assert version_score(a, b) == version_score(b, a)


WORDS = ["brittle", "tide", "kernels", "lattice", "glyph", "sparse", "forecasting", "priors"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=7),
    st.sampled_from(["towards", "practical", "full"]),
    st.integers(0, 7),
)
def test_a_title_and_its_version_share_a_block(words: list[str], extra: str, at: int) -> None:
    title = tuple(words)
    version = (*words[:at], extra, *words[at:])
    original, changed = version_block_keys([content_tokens(" ".join(t)) for t in (title, version)])
    assert set(original) & set(changed)
    ka, kb = " ".join(title), " ".join(version)
    relation = title_relation(
        tuple(ka.split()), content_tokens(ka), tuple(kb.split()), content_tokens(kb)
    )
    assert relation == title_relation(
        tuple(kb.split()), content_tokens(kb), tuple(ka.split()), content_tokens(ka)
    )


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert normalize_title(normalize_title(text)) == normalize_title(text)
    assert slugify(slugify(text)) == slugify(text)
    assert SLUG.fullmatch(slugify(text))
    assert loosen(loosen(letters(text))) == loosen(letters(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.randoms(use_true_random=False), st.booleans())
def test_output_does_not_depend_on_input_order(
    vocabulary: Vocabulary, docs: list[SourceDocument], rnd: random.Random, flip: bool
) -> None:
    order = list(range(len(docs)))
    rnd.shuffle(order)
    first = resolve(docs, vocabulary, institute_name=INSTITUTE)
    again = resolve(_shuffled(docs, order, flip), vocabulary, institute_name=INSTITUTE)
    assert again == first
    assert first.entities == again.entities  # entity order too, not only set equality


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_keys_unique_safe_and_complete(vocabulary: Vocabulary, docs: list[SourceDocument]) -> None:
    res = resolve(docs, vocabulary, institute_name=INSTITUTE)
    for kind in EntityKind:
        keys = [e.key for e in res.entities if e.kind is kind]
        assert len(keys) == len(set(keys))
        assert all(SLUG.fullmatch(k) for k in keys)
        assert set(res.mentions[kind].values()) == set(keys)
        for e in res.entities:
            if e.kind is kind:
                assert e.key not in e.aliases and not set(e.aliases) & set(keys)
                assert e.label not in e.alternate_labels
                assert list(e.alternate_labels) == sorted(e.alternate_labels)
    persons = [e for e in res.entities if e.kind is EntityKind.PERSON]
    # No cluster holds two incompatible spellings (the no-chaining guarantee).
    for e in persons:
        spellings = [parse_name(s) for s in (e.label, *e.alternate_labels)]
        for x in spellings:
            for y in spellings:
                assert compare_names(x, y).compatible, (e.label, e.alternate_labels)


def _ascii_fold_reference(text: str) -> str:
    """The ASCII fold as three patterns (what the one-pass translation must equal)."""
    text = re.sub("['`]", "", text.lower())
    return re.sub(r"\s+", " ", re.sub(r"[\W_]+", " ", text)).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fold_is_the_pattern_fold(text: str) -> None:
    assert fold(text) == _ascii_fold_reference(text)


PIECES = [
    "Tidal",
    "gauges",
    "drift;",
    "Über",
    "ﬁeld",
    "O'Brien",
    "\\(3\\times\\)",
    "… (see more)",
    "...(voir  plus)",
    "(see",
    "more)",
    "—",
    "x_y",
    "\t",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=120), st.sampled_from([" ", "", "  "]))
def test_abstract_opening_is_the_opening_of_the_whole_fold(pieces: list[str], sep: str) -> None:
    text = sep.join(pieces)
    assert normalize_abstract_opening(text) == fold(remove_see_more(text))[:150].strip()
