"""Pages kept per state of the data (``web.page_cache_mb``) and their HTTP validators, on the real
server: a page is built once per state, served again from the cache, never served stale after an
update, and a client holding its ETag gets 304."""

from __future__ import annotations

import requests

from .conftest import Server, apply_update

BASE = "https://graph.test"
PROBE = f"{BASE}/id/person/cache-probe"
GRAPH = "http://g/cache-probe"


def _name(server: Server, name: str) -> None:
    apply_update(
        server,
        f"""PREFIX schema: <http://schema.org/>
        DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{PROBE}> ?p ?o }} }};
        INSERT DATA {{ GRAPH <{GRAPH}> {{ <{PROBE}> a schema:Person ; schema:name "{name}" }} }}""",
    )


def _page(server: Server, accept: str = "text/html", **headers: str) -> requests.Response:
    return requests.get(
        server.url + "id/person/cache-probe",
        headers={"Accept": accept, "Accept-Language": "en", **headers},
        timeout=30,
    )


def test_pages_come_from_the_cache_until_the_data_changes(update_server: Server) -> None:
    _name(update_server, "Probe Before")
    first = _page(update_server)
    assert first.status_code == 200
    assert "Probe Before" in first.text
    assert first.headers["X-Cache"] == "miss"
    again = _page(update_server)
    assert again.headers["X-Cache"] == "hit"
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]

    _name(update_server, "Probe After")
    changed = _page(update_server)
    assert changed.headers["X-Cache"] == "miss"  # the update made every kept page obsolete
    assert "Probe After" in changed.text and "Probe Before" not in changed.text
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_each_representation_and_language_is_kept_apart(update_server: Server) -> None:
    _name(update_server, "Probe Apart")
    html = _page(update_server)
    turtle = _page(update_server, "text/turtle")
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    assert turtle.headers["X-Cache"] == "miss"  # not the HTML kept under the same path
    assert "Probe Apart" in turtle.text and "<html" not in turtle.text
    french = _page(update_server, **{"Accept-Language": "fr"})
    assert french.headers["X-Cache"] == "miss"
    assert '<html lang="fr"' in french.text and '<html lang="en"' in html.text
    assert _page(update_server, "text/turtle").content == turtle.content


def test_headers_worded_differently_share_the_page_they_negotiate(update_server: Server) -> None:
    """Pages are kept under what the headers choose (a format, a language), not their text."""
    _name(update_server, "Probe Shared")
    firefox = _page(
        update_server,
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        **{"Accept-Language": "en-GB,en;q=0.5"},
    )
    assert firefox.headers["X-Cache"] == "miss"
    assert '<html lang="en"' in firefox.text
    chrome = _page(
        update_server,
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8",
        **{"Accept-Language": "en-US,en;q=0.9"},
    )
    assert chrome.headers["X-Cache"] == "hit"
    assert chrome.content == firefox.content
    assert chrome.headers["Vary"] == firefox.headers["Vary"]  # shared caches still tell apart
    turtle = _page(update_server, "application/x-turtle;q=1.0, text/html;q=0.1")
    assert turtle.headers["X-Cache"] == "miss"  # Turtle was chosen: not the kept HTML
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    again = _page(update_server, "text/turtle")
    assert again.headers["X-Cache"] == "hit" and again.content == turtle.content
    french = _page(update_server, "text/html", **{"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert french.headers["X-Cache"] == "miss" and '<html lang="fr"' in french.text
    assert _page(update_server, **{"Accept-Language": "fr"}).headers["X-Cache"] == "hit"


def test_a_client_holding_the_etag_gets_304(server: Server) -> None:
    url = server.url + "id/person/ada-quill"
    first = requests.get(url, headers={"Accept": "text/turtle"}, timeout=30)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    # from the cache (same headers as ``first``), then built afresh (another Accept-Language
    # is another cache key): the same validator either way
    for language, how in (("", "hit"), ("fr", "miss")):
        headers = {"Accept": "text/turtle", "If-None-Match": etag, "Accept-Language": language}
        cached = requests.get(url, headers=headers, timeout=30)
        assert cached.status_code == 304
        assert cached.headers["X-Cache"] == how
        assert cached.content == b""
        assert cached.headers["ETag"] == etag
    stale = requests.get(
        url, headers={"Accept": "text/turtle", "If-None-Match": '"not-this-one"'}, timeout=30
    )
    assert stale.status_code == 200 and stale.content == first.content
    home = requests.get(server.url, timeout=30)
    assert home.status_code == 200 and "ETag" in home.headers
    revisit = requests.get(server.url, headers={"If-None-Match": home.headers["ETag"]}, timeout=30)
    assert revisit.status_code == 304
