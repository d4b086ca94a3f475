"""What the resolver reads of a document (``resolve.reads``): the fields its view blanks never
move a resolution, and the fields it keeps tell two versions apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholargraph.inputs import sha256
from scholargraph.models import Metric, PartialDate, Publication, SourceDocument
from scholargraph.parse import parse_page
from scholargraph.resolve import resolve
from scholargraph.resolve.reads import resolution_change, resolution_view
from scholargraph.vocabulary import Vocabulary

BASE_IRI = "https://example.org"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
INSTITUTE = "Mila - Quebec Artificial Intelligence Institute"


def _documents() -> list[SourceDocument]:
    docs = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        data = path.read_bytes()
        record = parse_page(data.decode("utf-8"))
        docs.append(
            SourceDocument(
                source_id=f"{BASE_IRI}/pages/{path.name}",
                path=str(path),
                content_sha256=sha256(data),
                record=record,
            )
        )
    return docs


DOCUMENTS = _documents()
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def unread_changes(draw: st.DrawFn, doc: SourceDocument) -> SourceDocument:
    """``doc`` with fields the resolver does not read changed at random."""

    def entry(pub: Publication) -> Publication:
        abstract = pub.abstract
        if abstract and len(abstract) > 400 and draw(st.booleans()):
            abstract = abstract[:-20] + draw(text)  # the tail past the compared opening
        return pub.model_copy(
            update={
                "abstract": abstract,
                "abstract_truncated": draw(st.booleans()),
                "raw_title": draw(text),
                "category": draw(st.sampled_from([None, "cs.LG", "stat.ML"])),
                "code_available": draw(st.sampled_from([None, True, False])),
            }
        )

    metric = st.builds(
        Metric, name=st.just("hIndex"), value=st.floats(0, 1e6), raw=text, unit=st.none()
    )
    record = doc.record.model_copy(
        update={
            "membership": draw(st.none() | text),
            "distinctions": tuple(draw(st.lists(text, max_size=2))),
            "biography": draw(st.none() | text),
            "primary_category": draw(st.none() | st.just("cs.AI")),
            "metrics": tuple(draw(st.lists(metric, max_size=3))),
            "warnings": tuple(draw(st.lists(text, max_size=2))),
            "publications": tuple(entry(p) for p in doc.record.publications),
        }
    )
    return doc.model_copy(update={"record": record, "content_sha256": "0" * 64})


@st.composite
def corpus_with_unread_changes(draw: st.DrawFn) -> tuple[int, SourceDocument]:
    index = draw(st.integers(0, len(DOCUMENTS) - 1))
    return index, draw(unread_changes(DOCUMENTS[index]))


@pytest.fixture(scope="module")
def baseline(vocabulary: Vocabulary) -> object:
    return resolve(DOCUMENTS, vocabulary, institute_name=INSTITUTE)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changed=corpus_with_unread_changes())
def test_fields_the_view_blanks_never_move_the_resolution(
    changed: tuple[int, SourceDocument], vocabulary: Vocabulary, baseline: object
) -> None:
    index, doc = changed
    assert resolution_change(DOCUMENTS[index], doc) is None
    documents = [*DOCUMENTS[:index], doc, *DOCUMENTS[index + 1 :]]
    assert resolve(documents, vocabulary, institute_name=INSTITUTE) == baseline


def test_what_the_resolver_reads_tells_versions_apart() -> None:
    doc = next(
        d for d in DOCUMENTS if d.record.publications and d.record.topics and d.record.positions
    )
    record = doc.record
    first = record.publications[0]
    author = first.authors[0]
    changes = {
        "title": {
            "publications": (
                first.model_copy(update={"title": "Another"}),
                *record.publications[1:],
            )
        },
        "author": {
            "publications": (
                first.model_copy(
                    update={"authors": (author.model_copy(update={"rank": 9}), *first.authors[1:])}
                ),
                *record.publications[1:],
            )
        },
        "abstract opening": {
            "publications": (
                first.model_copy(update={"abstract": "A different opening. " * 20}),
                *record.publications[1:],
            )
        },
        "date": {
            "publications": (
                first.model_copy(update={"date": PartialDate(year=1901)}),
                *record.publications[1:],
            )
        },
        "organization tags": {
            "publications": (
                first.model_copy(update={"organization_tags": ("elsewhere",)}),
                *record.publications[1:],
            )
        },
        "positions": {"positions": record.positions[1:]},
        "topic": {"topics": record.topics[1:]},
        "owner": {"owner": record.owner.model_copy(update={"text": "Someone Else"})},
        "entries": {"publications": record.publications[1:]},
    }
    entry = f"entry {first.index}: "
    said = {  # what the ingest report says moved
        "title": entry + "title",
        "author": entry + "authors",
        "abstract opening": entry + "abstract",
        "date": entry + "date",
        "organization tags": entry + "organization tags",
        "positions": "positions",
        "topic": "topics",
        "owner": "owner",
        "entries": f"publication entries: {len(record.publications) - 1}, were "
        f"{len(record.publications)}",
    }
    for what, update in changes.items():
        other = doc.model_copy(update={"record": record.model_copy(update=update)})
        assert resolution_change(doc, other) is not None, what
        assert resolution_change(doc, other) == said[what]
    assert resolution_change(doc, doc.model_copy()) is None
    elsewhere = doc.model_copy(update={"source_id": doc.source_id + "-copy"})
    assert resolution_view(elsewhere) == resolution_view(doc)
    assert resolution_change(doc, elsewhere) is not None  # mentions are keyed by source id
    assert resolution_change(doc, elsewhere) == "another source"
