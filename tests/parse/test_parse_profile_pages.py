"""Profile parser on small pages written for these tests (fictional people and papers)."""

from __future__ import annotations

import pytest

from scholargraph.errors import MalformedPage
from scholargraph.models import Language, PageRecord, Position
from scholargraph.parse import parse_page, parse_profile
from scholargraph.parse.profile import split_position

FULL_PAGE = """Portrait of Odile Marchetti-Vance is unavailable

Odile Marchetti-Vance

Core Academic Member
Canada CIFAR AI Chair
Associate Professor, Université de Lorient, Department of Tidal Computing
Northbridge Robotics Institute
Research Topics
Active Learning
Marine Robotics

Biography
Odile Marchetti-Vance studies how small boats learn. She received her doctorate in 2011.

She leads the tidal computing group.

Current Students
Hamish Oyelaran-Pike
PhD - Université de Lorient
Principal supervisor :
Wren Castellanos
Master's Research - Université de Lorient
Co-supervisor :
Ilse Brandvold

Publications

Quiet Harbours: Learning to Dock Without Maps
Tomasz Wr'oblewski
Kalinda Ruiz y Mora
We teach boats to dock. The boats learn from waves; they dock in … (see more)fog.
Harbour Momentum
Siddharth T. Okonkwo
Harbour Momentum
Tidal Attention Networks
Ilse Brandvold
"""


@pytest.fixture(scope="module")
def full() -> PageRecord:
    return parse_page(FULL_PAGE, where="full")


def test_header_of_full_page(full: PageRecord) -> None:
    assert full.owner.text == "Odile Marchetti-Vance"
    assert full.membership == "Core Academic Member"
    assert full.distinctions == ("Canada CIFAR AI Chair",)
    assert full.positions == (
        Position(
            raw="Associate Professor, Université de Lorient, Department of Tidal Computing",
            title="Associate Professor",
            organization="Université de Lorient",
            department="Department of Tidal Computing",
        ),
        Position(
            raw="Northbridge Robotics Institute", organization="Northbridge Robotics Institute"
        ),
    )
    assert full.topics == ("Active Learning", "Marine Robotics")
    assert full.biography is not None and full.biography.count("\n\n") == 1


def test_students_never_become_people(full: PageRecord) -> None:
    names = {a.name.text for p in full.publications for a in p.authors}
    titles = {p.title for p in full.publications}
    for student in ("Hamish Oyelaran-Pike", "Wren Castellanos", "PhD - Université de Lorient"):
        assert student not in names and student not in titles and student not in full.topics
    # Ilse Brandvold is a co-supervisor above, and a real co-author below
    assert [a.name.text for a in full.publications[-1].authors] == ["Ilse Brandvold"]


def test_entries_of_full_page(full: PageRecord) -> None:
    quiet, momentum_a, momentum_b, tidal = full.publications
    assert quiet.title == "Quiet Harbours: Learning to Dock Without Maps"
    assert [a.name.text for a in quiet.authors] == ["Tomasz Wróblewski", "Kalinda Ruiz y Mora"]
    assert quiet.abstract is not None and quiet.abstract.endswith("they dock in fog.")
    assert quiet.abstract_truncated is False
    assert momentum_a.title == "Harbour Momentum"
    assert [a.name.text for a in momentum_a.authors] == ["Siddharth T. Okonkwo"]
    assert momentum_b.title == "Harbour Momentum" and momentum_b.authors == ()
    assert tidal.title == "Tidal Attention Networks"


def test_portrait_unavailable_and_french_biography() -> None:
    page = """Portrait de Gaëlle Thibodeau-Ngata

Gaëlle Thibodeau-Ngata

Membre académique associé
Professeure agrégée, Université des Marées
Biographie
Gaëlle Thibodeau-Ngata est professeure agrégée. Elle étudie l'apprentissage des courants marins.

Étudiants actuels
Doctorat - Université des Marées
Superviseur⋅e principal⋅e :
Maîtrise professionnelle - École des Ondes
Cosuperviseur⋅e :
Armand Quesnel-Okoye
Research Master's - Université des Marées

Publications

Courants profonds et modèles légers
Jules Abernathy-Roux
"""
    record = parse_profile(page, where="fr")
    assert record.language is Language.FR
    assert record.membership == "Membre académique associé"
    assert record.positions[0].title == "Professeure agrégée"
    assert record.positions[0].organization == "Université des Marées"
    assert record.biography is not None and record.biography.startswith("Gaëlle")
    [entry] = record.publications
    assert [a.name.text for a in entry.authors] == ["Jules Abernathy-Roux"]
    assert record.warnings == ()


def test_owner_from_portrait_when_name_line_missing() -> None:
    page = "Portrait of Priya Lindqvist is unavailable\n\nAffiliate Member\nMeridian Labs\n"
    record = parse_page(page)
    assert record.owner.text == "Priya Lindqvist"
    assert record.membership == "Affiliate Member"
    assert record.positions[0].organization == "Meridian Labs"
    assert any("portrait" in w for w in record.warnings)


def test_missing_publications_heading() -> None:
    page = """Portrait of Ruben Achterberg

Ruben Achterberg

Associate Industry Member
Staff Research Scientist, Kestrel AI
Research Topics
Computer Vision
Robotics


Folding Shirts with Tactile Priors
Mina Okafor
Lukas G. Brenner
Torque-Aware Folding
Soft Grippers Are All You Need
"""
    record = parse_page(page)
    assert record.topics == ("Computer Vision", "Robotics")
    assert [p.title for p in record.publications] == [
        "Folding Shirts with Tactile Priors",
        "Torque-Aware Folding",
        "Soft Grippers Are All You Need",
    ]
    assert [a.name.text for a in record.publications[0].authors] == [
        "Mina Okafor",
        "Lukas G. Brenner",
    ]
    assert any("no Publications heading" in w for w in record.warnings)


def test_no_membership_first_line_is_position_and_no_sections() -> None:
    page = """Portrait of Yusuf Adebayo-Hart

Yusuf Adebayo-Hart

Assistant Professor, Polytechnique Kerhoan

Soft Matter Learning with Few Labels
Ingrid Solberg
"""
    record = parse_page(page)
    assert record.membership is None
    assert record.positions[0].title == "Assistant Professor"
    assert record.topics == () and record.biography is None
    assert record.publications[0].title == "Soft Matter Learning with Few Labels"


def test_page_with_name_only_is_a_record_with_a_warning() -> None:
    record = parse_page("Portrait of Nell Garrow\n\nNell Garrow\n\nAffiliate Member\n")
    assert record.owner.text == "Nell Garrow" and record.publications == ()
    assert any("no publication list" in w for w in record.warnings)


def test_profile_without_owner_is_malformed() -> None:
    with pytest.raises(MalformedPage) as info:
        parse_profile("Research Topics\nRobotics\n", where="x.txt")
    assert info.value.where == "x.txt" and "owner" in info.value.message


def test_split_position_shapes() -> None:
    assert split_position("Google DeepMind") == Position(
        raw="Google DeepMind", organization="Google DeepMind"
    )
    assert split_position("Research Scientist").title == "Research Scientist"
    org_dept = split_position("Université de Lorient, Département de chimie")
    assert org_dept.organization == "Université de Lorient"
    assert org_dept.department == "Département de chimie"


def test_sections_without_publications_heading_after_students_and_biography() -> None:
    page = """Portrait of Tomas Ekwueme

Tomas Ekwueme

Affiliate Member
Biography
Tomas Ekwueme works on reef acoustics.

He also sails.

Current Students
PhD - Reefside University
Co-supervisor :
Halima Varga

Listening to Reefs: Acoustic Priors for Coral Health
Halima Varga
Reef-Aware Acoustic Networks
"""
    record = parse_page(page)
    assert record.biography == "Tomas Ekwueme works on reef acoustics.\n\nHe also sails."
    titles = [p.title for p in record.publications]
    assert titles == [
        "Listening to Reefs: Acoustic Priors for Coral Health",
        "Reef-Aware Acoustic Networks",
    ]
    assert [a.name.text for a in record.publications[0].authors] == ["Halima Varga"]
    assert any("no Publications heading" in w for w in record.warnings)


def test_biography_then_publications_without_heading() -> None:
    page = """Portrait of Lena Strand

Lena Strand

Biography
Lena Strand studies glaciers with sound.

Whispering Ice: Sound Maps of Glaciers
Pavel Ondrusek
Sound maps of glaciers are built from microphones. We show they work … (see more)well.
"""
    record = parse_page(page)
    assert record.biography == "Lena Strand studies glaciers with sound."
    [entry] = record.publications
    assert entry.title == "Whispering Ice: Sound Maps of Glaciers"
    assert (
        entry.abstract
        == "Sound maps of glaciers are built from microphones. We show they work well."
    )
