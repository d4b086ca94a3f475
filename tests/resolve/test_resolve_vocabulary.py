"""Organizations and topics: vocabulary matching, tags, languages and unknown surfaces."""

from __future__ import annotations

from resolve_records import INSTITUTE, aggregator, entity, profile, pub

from scholargraph.models import EntityKind, Language, organization_ref, topic_ref
from scholargraph.resolve import resolve
from scholargraph.vocabulary import Vocabulary

ORG = EntityKind.ORGANIZATION
TOPIC = EntityKind.TOPIC

TOPICS_EN = [
    "Continual Learning",
    "Deep Learning",
    "Deep Neural Networks",
    "Few-Shot Learning",
    "Generalization",
    "Geometric Deep Learning",
    "Graph Neural Networks",
    "Lifelong Learning",
    "Machine Learning Theory",
    "Mechanistic Interpretability",
    "Neural Networks",
    "Optimization",
    "Recurrent Neural Networks",
    "Reinforcement Learning",
    "Representation Learning",
]
TOPICS_FR = [
    "Apprentissage à quelques exemples",
    "Apprentissage continu",
    "Apprentissage de représentations",
    "Apprentissage par renforcement",
    "Apprentissage profond",
    "Apprentissage profond géométrique",
    "Apprentissage tout au long de la vie",
    "Généralisation",
    "Interprétabilité mécanistique",
    "Optimisation",
    "Réseaux de neurones",
    "Réseaux de neurones en graphes",
    "Réseaux de neurones profonds",
    "Réseaux de neurones récurrents",
    "Théorie de l'apprentissage automatique",
]


def test_tag_and_full_name_are_one_organization(vocabulary: Vocabulary) -> None:
    res = resolve(
        [
            profile("p1", positions=["Senior Research Scientist, Google DeepMind"]),
            aggregator(
                "agg",
                [
                    pub(0, "X", ["Ann Lee"], tags=["deepmind", "mila"]),
                    pub(1, "Y", ["Ann Lee"], tags=["google", "stanford"]),
                ],
            ),
        ],
        vocabulary,
        institute_name=INSTITUTE,
    )
    m = res.mentions[ORG]
    assert m[organization_ref("p1", "Google DeepMind")] == "google-deepmind"
    assert m[organization_ref("agg", "deepmind")] == "google-deepmind"
    assert m[organization_ref("agg", "google")] == "google"  # not Google DeepMind
    assert m[organization_ref("agg", "stanford")] == "stanford-university"
    assert m[organization_ref("agg", "mila")] == "mila"
    assert m[organization_ref("p1", INSTITUTE)] == "mila"  # the institute, for profiles only
    assert organization_ref("agg", INSTITUTE) not in m
    deepmind = entity(res, ORG, "google-deepmind")
    assert deepmind.label == "Google DeepMind" and deepmind.alternate_labels == ("deepmind",)
    assert deepmind.concept_iri == "https://example.org/id/organization/google-deepmind"
    assert [(x.label, x.reason) for x in deepmind.merges] == [("deepmind", "tag")]


def test_institute_by_tag_or_label_variant(vocabulary: Vocabulary) -> None:
    for name in ("mila", "Mila", "MILA – Quebec AI Institute"):
        res = resolve([profile("p1")], vocabulary, institute_name=name)
        assert res.mentions[ORG][organization_ref("p1", name)] == "mila"


def test_unknown_organizations(vocabulary: Vocabulary) -> None:
    res = resolve(
        [
            profile("p1", positions=["Professor, Acme Labs"]),
            profile("p2", positions=["Professor, ACME Labs."]),
            profile("p3", positions=["Professor, Acme Lab"]),
        ],
        vocabulary,
        institute_name=INSTITUTE,
    )
    m = res.mentions[ORG]
    assert m[organization_ref("p1", "Acme Labs")] == m[organization_ref("p2", "ACME Labs.")]
    assert m[organization_ref("p1", "Acme Labs")] == "acme-labs"
    assert m[organization_ref("p3", "Acme Lab")] == "acme-lab"
    assert entity(res, ORG, "acme-labs").concept_iri is None


def test_english_and_french_topics_meet_on_fifteen_concepts(vocabulary: Vocabulary) -> None:
    res = resolve(
        [profile("en", topics=TOPICS_EN), profile("fr", topics=TOPICS_FR, language=Language.FR)],
        vocabulary,
        institute_name=INSTITUTE,
    )
    m = res.mentions[TOPIC]
    en = {m[topic_ref("en", t)] for t in TOPICS_EN}
    fr = {m[topic_ref("fr", t)] for t in TOPICS_FR}
    assert len(en) == 15 and en == fr
    topics = [e for e in res.entities if e.kind is TOPIC]
    assert all(e.concept_iri and e.concept_iri.endswith("/" + e.key) for e in topics)
    gen = entity(res, TOPIC, "generalization")
    assert gen.label == "Generalization"
    assert gen.labels_by_language == (("en", "Generalization"), ("fr", "Généralisation"))


def test_topic_spelling_variants_and_unknown_topics(vocabulary: Vocabulary) -> None:
    res = resolve(
        [
            profile(
                "en",
                topics=[
                    "Generalisation",
                    "neural network",
                    "Quantum Widgets",
                    "Reinforcment Learning",
                ],
            ),
            profile(
                "fr", topics=["Widgets quantiques", "Réseaux de neurones"], language=Language.FR
            ),
        ],
        vocabulary,
        institute_name=INSTITUTE,
    )
    m = res.mentions[TOPIC]
    assert m[topic_ref("en", "Generalisation")] == "generalization"
    assert m[topic_ref("en", "neural network")] == "neural-networks"
    assert m[topic_ref("fr", "Réseaux de neurones")] == "neural-networks"
    widgets = entity(res, TOPIC, m[topic_ref("en", "Quantum Widgets")])
    assert widgets.key == "quantum-widgets" and widgets.concept_iri is None
    assert widgets.labels_by_language == (("en", "Quantum Widgets"),)
    assert m[topic_ref("fr", "Widgets quantiques")] == "widgets-quantiques"
    # "Generalisation" folds like the French prefLabel "Généralisation": an exact match.
    assert m[topic_ref("en", "Reinforcment Learning")] == "reinforcement-learning"
    rl = entity(res, TOPIC, "reinforcement-learning")
    assert [(x.label, x.reason) for x in rl.merges] == [
        ("Reinforcment Learning", "spelling-variant")
    ]


def test_topic_fuzzy_match_does_not_reach_a_broader_concept(vocabulary: Vocabulary) -> None:
    res = resolve(
        [profile("en", topics=["Deep Neural Network", "Machine Learning Theories"])],
        vocabulary,
        institute_name=INSTITUTE,
    )
    m = res.mentions[TOPIC]
    assert m[topic_ref("en", "Deep Neural Network")] == "deep-neural-networks"
    assert m[topic_ref("en", "Machine Learning Theories")] == "machine-learning-theory"
