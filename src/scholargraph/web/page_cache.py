"""Finished page responses, kept per state of the served store, and their HTTP validators.

An entity page (or the home page) is a function of the store's data, the request path and
query string, the format its ``Accept`` header negotiates and the language its
``Accept-Language`` header chooses. Pages are kept under those two outcomes, not under the
headers' text: browsers and clients that word their headers differently (``text/html,
application/xhtml+xml;q=0.9, …``, ``en-GB,en;q=0.8``) share the page they are all given. When
the runner can tell that the data has not changed (``Runner.generation``: the process-backed
service bumps it on every update it applies, and no one else writes the store it owns), a
finished response is kept in a byte-bounded LRU (``web.page_cache_mb``) under that key and
served again without a query. Runners that cannot tell (in-process on a caller's store, a remote
SPARQL store others may write) get no caching: every page is built afresh.

Every page also gets a strong ``ETag`` (a digest of its bytes) and ``Cache-Control: public,
no-cache``; a client sending ``If-None-Match`` with it gets ``304 Not Modified`` (werkzeug's
``make_conditional``), cached or not. Where pages are cached, ``X-Cache: hit`` or ``miss`` says
which it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from cachetools import LRUCache
from flask import current_app, request
from werkzeug.wrappers import Response

from .i18n import choose_language
from .negotiation import ENTITY_MEDIA_TYPES, best_match
from .runners import Runner

P = ParamSpec("P")
CACHEABLE_STATUS = (200, 301)
ENTRY_OVERHEAD = 512  # bytes per entry beyond its body (key, headers, bookkeeping)
EXTENSION = "scholargraph.page_cache"

Key = tuple[int, str, str, str, str, str, str]


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + ENTRY_OVERHEAD

    def response(self) -> Response:
        return Response(self.body, status=self.status, headers=list(self.headers))


class PageCache:
    """Byte-bounded LRU of finished responses, keyed by the runner's data generation."""

    def __init__(self, runner: Runner, max_bytes: int) -> None:
        self._runner = runner
        self._lock = threading.Lock()
        self._entries: LRUCache[Key, CachedPage] = LRUCache(
            maxsize=max_bytes, getsizeof=lambda page: page.size
        )

    def key(self) -> Key | None:
        """The current request's key, or ``None`` when the data's state is unknown."""
        generation = self._runner.generation
        if generation is None:
            return None
        # the call the entity view negotiates with, so a key names exactly one response
        negotiated = best_match(request.accept_mimetypes, ENTITY_MEDIA_TYPES)
        return (
            generation,
            self._runner.lineage,
            request.script_root,
            request.path,
            request.query_string.decode("latin-1"),
            negotiated.name if negotiated is not None else "",
            choose_language(request).lang,
        )

    def get(self, key: Key) -> CachedPage | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Key, response: Response) -> None:
        if response.status_code not in CACHEABLE_STATUS or response.is_streamed:
            return
        page = CachedPage(
            response.status_code, tuple(response.headers.items()), response.get_data()
        )
        if page.size > self._entries.maxsize:
            return
        with self._lock:
            if key[:2] != (self._runner.generation, self._runner.lineage):
                return  # the data changed while the page was built: it may mix both states
            self._entries[key] = page


def install(app_extensions: dict[str, object], runner: Runner, max_mb: int) -> None:
    """Give the app its page cache (none when ``max_mb`` is 0)."""
    app_extensions[EXTENSION] = PageCache(runner, max_mb * 1024 * 1024) if max_mb > 0 else None


def page_cache() -> PageCache | None:
    cache = current_app.extensions.get(EXTENSION)
    return cache if isinstance(cache, PageCache) else None


def cached_page(view: Callable[P, Response]) -> Callable[P, Response]:
    """Serve ``view``'s response from the page cache when the data has not changed since it
    was built, and answer conditional requests (``If-None-Match``) with 304."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        cache = page_cache()
        key = cache.key() if cache is not None else None
        page = cache.get(key) if cache is not None and key is not None else None
        if page is not None:
            response = page.response()
        else:
            response = view(*args, **kwargs)
            if response.status_code == 200 and not response.is_streamed:
                response.add_etag()
                response.headers["Cache-Control"] = "public, no-cache"
            if cache is not None and key is not None:
                cache.put(key, response)
        if key is not None:
            response.headers["X-Cache"] = "miss" if page is None else "hit"
        if response.status_code == 200:
            response.make_conditional(request)
        return response

    return wrapper
