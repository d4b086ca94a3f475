"""Search on the real server: every name folded once in memory (the search index), searched
again after an update changes the names."""

from __future__ import annotations

import requests

from .conftest import Server, apply_update

BASE = "https://graph.test"
PERSON = f"{BASE}/id/person/search-probe"
GRAPH = "http://g/search-probe"


def _rename(server: Server, name: str) -> None:
    update = f"""PREFIX schema: <http://schema.org/>
        DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{PERSON}> ?p ?o }} }};
        INSERT DATA {{ GRAPH <{GRAPH}> {{ <{PERSON}> a schema:Person ; schema:name "{name}" }} }}"""
    apply_update(server, update)


def _found(server: Server, text: str) -> bool:
    page = requests.get(server.url + "search", params={"q": text}, timeout=30)
    assert page.status_code == 200
    return "/id/person/search-probe" in page.text


def test_a_search_sees_the_names_an_update_writes(update_server: Server) -> None:
    _rename(update_server, "Quirinus Fenwright")
    assert _found(update_server, "fenwright") and _found(update_server, "QUIRINUS")
    _rename(update_server, "Ottoline Brésard")
    assert _found(update_server, "bresard")
    assert not _found(update_server, "fenwright")  # the old name is gone from the index
