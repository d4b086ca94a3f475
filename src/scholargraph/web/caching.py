"""HTTP validators for representations derived from the store's state: ETag, Last-Modified,
and the 304 answer to ``If-None-Match`` / ``If-Modified-Since`` (RFC 9110: when both are sent,
``If-None-Match`` decides)."""

from __future__ import annotations

from datetime import datetime

from flask import request
from werkzeug.http import http_date, quote_etag


def validator_headers(etag: str, last_modified: datetime | None) -> dict[str, str]:
    headers = {"ETag": quote_etag(etag), "Cache-Control": "public, no-cache"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    return headers


def not_modified(etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's cached copy (per its conditional headers) is still current."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    if since is not None and last_modified is not None:
        return last_modified.replace(microsecond=0) <= since
    return False
