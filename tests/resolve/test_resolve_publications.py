"""Publication resolution: exact titles, title versions, and papers that only look alike."""

from __future__ import annotations

import re

from resolve_records import INSTITUTE, OWNER, aggregator, author, entity, key_of_label, profile, pub

from scholargraph.models import EntityKind, Resolution, SourceDocument, publication_ref
from scholargraph.resolve import resolve
from scholargraph.resolve.keys import PUBLICATION_SLUG_MAX, publication_key
from scholargraph.vocabulary import Vocabulary

PUB = EntityKind.PUBLICATION

RAT_PROFILE = "RAT: Bridging RNN Efficiency and Attention Accuracy in Language Modeling"
RAT_AGGREGATOR = (
    "RAT: Bridging RNN Efficiency and Attention Accuracy via Chunk-based Sequence Modeling"
)
RAT_ABSTRACT_PROFILE = (
    "Transformers have become the cornerstone of modern large-scale language models; however, "
    "their dependence on softmax attention poses a major… (see more) computational bottleneck, "
    "particularly in long-context settings."
)
RAT_ABSTRACT_AGGREGATOR = (
    "Transformers have become the cornerstone of modern large-scale language models, but their "
    "reliance on softmax attention poses a computational bottleneck at both training and "
    "inference."
)
NOPROP_V1 = "NoProp: Training Neural Networks without Back-propagation or Forward-propagation"
NOPROP_V2 = (
    "NoProp: Training Neural Networks without Full Back-propagation or Full Forward-propagation"
)
LOW_RANK = (
    "Investigating Low-Rank Training in Transformer Language Models: Efficiency and "
    "Scaling Analysis"
)
LOW_RANK_ABSTRACT = (
    "State-of-the-art LLMs often rely on scale with high computational costs, which has "
    "sparked a research agenda to reduce parameter counts"
)
FOUNDATIONS_ABSTRACT = (
    "State-of-the-art results in large language models (LLMs) often rely on scale, which "
    "becomes computationally expensive. This has sparked"
)
CREW = [
    "David Abel",
    "Andre Barreto",
    "Michael Bowling",
    "Will Dabney",
    "Shi Dong",
    "Steven Hansen",
    "Anna Harutyunyan",
    "Clare Lyle",
    "Georgios Piliouras",
    "Jonathan Richens",
    "Mark Rowland",
    "Tom Schaul",
    "Satinder Singh",
]


def run(vocabulary: Vocabulary, *docs: SourceDocument) -> Resolution:
    return resolve(list(docs), vocabulary, institute_name=INSTITUTE)


def same(res: Resolution, a: tuple[str, int], b: tuple[str, int]) -> bool:
    m = res.mentions[PUB]
    return m[publication_ref(*a)] == m[publication_ref(*b)]


def test_exact_title_after_normalisation(vocabulary: Vocabulary) -> None:
    with_period = "Hadamard product in deep learning: Introduction, Advances and Challenges."
    without = with_period[:-1]
    res = run(
        vocabulary,
        profile("p1", [pub(0, with_period, ["Grigorios G Chrysos", "Yongtao Wu"])]),
        aggregator("agg", [pub(0, without, ["Grigorios G Chrysos", "Yongtao Wu", OWNER])]),
    )
    assert same(res, ("p1", 0), ("agg", 0))
    e = entity(res, PUB, res.mentions[PUB][publication_ref("p1", 0)])
    # One source each: the aggregator's version wins the tie.
    assert e.label == without and e.alternate_labels == (with_period,)
    assert [(m.reason, m.score) for m in e.merges] == [("trailing-punctuation", 100.0)]


def test_case_diacritics_spacing_do_not_matter(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile("p1", [pub(0, "Über  Graph  Networks", ["Ann Lee"])]),
        profile("p2", [pub(0, "uber graph networks", [])]),
    )
    assert same(res, ("p1", 0), ("p2", 0))


def test_same_entry_twice_on_one_page_is_one_paper(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [pub(0, "Agency Is Frame-Dependent", CREW), pub(1, "Agency Is Frame-Dependent", CREW)],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 1))


def test_title_version_with_inserted_words(vocabulary: Vocabulary) -> None:
    authors = ["Qinyu Li", "Yee Whye Teh"]
    res = run(
        vocabulary,
        profile(
            "p1",
            [pub(0, NOPROP_V1, authors), pub(1, NOPROP_V1, authors), pub(2, NOPROP_V2, authors)],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 2))
    e = entity(res, PUB, res.mentions[PUB][publication_ref("p1", 0)])
    assert e.label == NOPROP_V1  # one source each, no aggregator: lexicographic
    assert e.alternate_labels == (NOPROP_V2,) and e.merges[0].reason == "title-version"
    # The other version alone would have had its own key: it stays resolvable as an alias.
    assert e.aliases == (publication_key(NOPROP_V2),)


def test_title_version_with_changed_subtitle(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(
                    0,
                    RAT_PROFILE,
                    ["Xiuying Wei", "Anunay Yadav", "Caglar Gulcehre"],
                    abstract=RAT_ABSTRACT_PROFILE,
                )
            ],
        ),
        profile(
            "p2",
            [pub(0, RAT_PROFILE, ["Xiuying Wei", "Anunay Yadav"], abstract=RAT_ABSTRACT_PROFILE)],
        ),
        aggregator(
            "agg",
            [
                pub(
                    0,
                    RAT_AGGREGATOR,
                    [author("Xiuying Wei", 1), author("Anunay Yadav", 2), author(OWNER, 3)],
                    abstract=RAT_ABSTRACT_AGGREGATOR,
                    year=2025,
                )
            ],
        ),
    )
    assert same(res, ("p1", 0), ("agg", 0))
    e = entity(res, PUB, res.mentions[PUB][publication_ref("agg", 0)])
    assert e.label == RAT_PROFILE  # seen on two sources
    assert [(m.label, m.reason) for m in e.merges] == [(RAT_AGGREGATOR, "title-version")]


def test_changed_subtitle_needs_agreeing_abstracts(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(
                    0,
                    RAT_PROFILE,
                    ["Xiuying Wei", "Anunay Yadav"],
                    abstract="We study protein folding with graph kernels in detail.",
                )
            ],
        ),
        aggregator(
            "agg",
            [
                pub(
                    0,
                    RAT_AGGREGATOR,
                    ["Xiuying Wei", "Anunay Yadav"],
                    abstract=RAT_ABSTRACT_AGGREGATOR,
                )
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("agg", 0))


def test_title_version_needs_the_same_authors(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, NOPROP_V1, ["Qinyu Li", "Yee Whye Teh"]),
                pub(1, NOPROP_V2, ["Ann Other", "Bo Else"]),
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("p1", 1))


def test_identical_author_lists_are_different_papers(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, "Agency Is Frame-Dependent", CREW),
                pub(1, "Plasticity as the Mirror of Empowerment", CREW),
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("p1", 1))


def test_shared_first_authors_are_different_papers(vocabulary: Vocabulary) -> None:
    first = ["Clare Lyle", "Zeyu Zheng"]
    titles = [
        "Understanding plasticity in neural networks",
        "Disentangling the Causes of Plasticity Loss in Neural Networks",
        "Normalization and effective learning rates in reinforcement learning",
    ]
    res = run(
        vocabulary,
        aggregator("agg", [pub(i, t, [*first, "Khimya Khetarpal"]) for i, t in enumerate(titles)]),
    )
    assert len(set(res.mentions[PUB].values())) == 3


def test_same_three_authors_similar_abstracts_are_different_papers(
    vocabulary: Vocabulary,
) -> None:
    authors = ["Xiuying Wei", "Skander Moalla", OWNER]
    res = run(
        vocabulary,
        aggregator(
            "agg",
            [
                pub(
                    0,
                    LOW_RANK,
                    authors,
                    abstract=LOW_RANK_ABSTRACT,
                    year=2024,
                ),
                pub(
                    1,
                    "Building on Efficient Foundations: Effectively Training LLMs with Structured "
                    "Feedforward Layers",
                    authors,
                    abstract=FOUNDATIONS_ABSTRACT,
                    year=2024,
                ),
                pub(
                    2,
                    "Continual World: A Robotic Benchmark For Continual Reinforcement Learning",
                    ["Maciej Wołczyk", "Michał Zając", OWNER],
                    year=2021,
                ),
                pub(
                    3,
                    "Disentangling Transfer in Continual Reinforcement Learning",
                    ["Maciej Wołczyk", "Michał Zając", OWNER],
                    year=2022,
                ),
            ],
        ),
    )
    assert len(set(res.mentions[PUB].values())) == 4


def test_titles_sharing_most_words_are_different_papers(vocabulary: Vocabulary) -> None:
    authors = ["Jared Kaplan", "Sam McCandlish", "Tom Henighan"]
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, "Scaling Laws for Neural Language Models", authors),
                pub(1, "Scaling Laws for Neural Machine Translation", authors),
                pub(2, "Softmax is Enough for Sharp Size Generalisation", authors),
                pub(3, "Softmax is not Enough for Sharp Size Generalisation", authors),
                pub(4, "Deep Reinforcement Learning Benchmarks: Part I", authors),
                pub(5, "Deep Reinforcement Learning Benchmarks: Part II", authors),
                pub(6, "Graph Neural Networks", authors),
                pub(7, "Graph Neural Networks for Molecules", authors),
                pub(8, "A Survey on Graph Neural Networks for Drug Discovery", authors, year=2024),
                pub(9, "A Survey on Graph Neural Networks for Recommendation", authors, year=2024),
            ],
        ),
    )
    assert len(set(res.mentions[PUB].values())) == 10


def test_distant_dates_veto_a_version(vocabulary: Vocabulary) -> None:
    authors = ["Qinyu Li", "Yee Whye Teh"]
    res = run(
        vocabulary,
        aggregator(
            "agg", [pub(0, NOPROP_V1, authors, year=2018), pub(1, NOPROP_V2, authors, year=2025)]
        ),
    )
    assert not same(res, ("agg", 0), ("agg", 1))


def test_publication_key_shape(vocabulary: Vocabulary) -> None:
    title = (
        "Universality of Linear Recurrences Followed by Non-linear Projections: "
        "Finite-Width Guarantees and Benefits of Complex Eigenvalues"
    )
    res = run(vocabulary, aggregator("agg", [pub(0, title, ["Antonio Orvieto"])]))
    key = key_of_label(res, PUB, title)
    slug, digest = key.rsplit("-", 1)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= PUBLICATION_SLUG_MAX
    assert re.fullmatch(r"[0-9a-f]{6}", digest)
    assert title.lower().replace(" ", "-").startswith(slug)


def test_appended_words_make_a_narrower_paper_unless_abstracts_agree(
    vocabulary: Vocabulary,
) -> None:
    authors = ["Xin Cin", "Ria Trobrastos", "Tao Wun"]
    base = "TeraFuse: Mitigating Token Pruning in Graph Generation"
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(
                    0,
                    base,
                    authors,
                    abstract="Many practical settings in video understanding require "
                    "policies that adapt without supervision to new domains.",
                ),
                pub(
                    1,
                    base + " for Chemistry",
                    authors,
                    abstract="Many practical settings in continual "
                    "learning require systems that adapt without forgetting old tasks at all.",
                ),
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("p1", 1))


def test_towards_is_a_version_prefix(vocabulary: Vocabulary) -> None:
    authors = ["Ann Lee", "Bo Kim"]
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, "On the Sycophancy of Adaptive Policies", authors),
                pub(1, "Towards On the Sycophancy of Adaptive Policies", authors),
            ],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 1))


def test_inserted_word_plus_appended_words_is_another_paper(vocabulary: Vocabulary) -> None:
    authors = ["Ann Lee", "Bo Kim"]
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(
                    0, "Decentralized and Relational Graph Networks for Visual Navigation", authors
                ),
                pub(
                    1,
                    "Decentralized and Fully Relational Graph Networks for Visual Navigation for "
                    "Language",
                    authors,
                ),
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("p1", 1))
