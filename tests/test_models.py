"""Records share pydantic's fields sets (memory), and sharing changes nothing a record says."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from scholargraph.models import PageRecord, PersonName, Publication
from scholargraph.parse import parse_page


def _models(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for item in value.__dict__.values():
            yield from _models(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _models(item)


@pytest.fixture(scope="module", params=["003", "004"])
def record(request: pytest.FixtureRequest, seed_text: Callable[[str], str]) -> PageRecord:
    return parse_page(seed_text(request.param), where=f"seed {request.param}")


def test_a_parsed_page_holds_one_set_per_distinct_fields_set(record: PageRecord) -> None:
    models = list(_models(record))
    sets = {id(m.__pydantic_fields_set__): m.model_fields_set for m in models}
    distinct = {frozenset(s) for s in sets.values()}
    assert len(models) > 100  # a real page: many records, few kinds of fields set
    assert len(sets) == len(distinct)


def test_a_page_sent_by_a_parse_worker_still_shares_them(record: PageRecord) -> None:
    copy = pickle.loads(pickle.dumps(record, protocol=5))  # what reaches the main process
    models = list(_models(copy))
    assert copy == record
    assert len({id(m.__pydantic_fields_set__) for m in models}) == len(
        {frozenset(m.model_fields_set) for m in models}
    )


def test_sharing_changes_no_record() -> None:
    a = PersonName(raw="Ada Byron", text="Ada Byron")
    b = PersonName(raw="Alan Turing", text="Alan Turing")
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    with pytest.raises(ValidationError):
        a.text = "Ada Lovelace"  # type: ignore[misc]
    suffixed = a.model_copy(update={"homonym_suffix": "0001"})
    assert suffixed.model_fields_set == {"raw", "text", "homonym_suffix"}
    assert a.model_fields_set == b.model_fields_set == {"raw", "text"}
    assert b.model_dump(exclude_unset=True) == {"raw": "Alan Turing", "text": "Alan Turing"}
    full = PersonName.model_validate_json(suffixed.model_dump_json())
    assert full == suffixed and full.model_fields_set == set(PersonName.model_fields)


def test_records_given_other_fields_keep_their_own_set() -> None:
    one = Publication(index=1, title="A", raw_title="A")
    two = Publication(index=2, title="B", raw_title="B", category="cs.LG")
    assert one.model_fields_set == {"index", "title", "raw_title"}
    assert two.model_fields_set == {"index", "title", "raw_title", "category"}
    assert one.__pydantic_fields_set__ is not two.__pydantic_fields_set__
