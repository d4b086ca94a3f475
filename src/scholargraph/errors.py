"""The project's one error tree.

Every error the library raises on purpose derives from :class:`ScholarGraphError`. Each carries a
message written for the user (what went wrong and where), an exit code for the CLI and an HTTP
status for the web service, so the edges (``cli``, ``web``) translate errors without guessing.
"""

from __future__ import annotations


class ScholarGraphError(Exception):
    """Base of every error the project raises for users to read."""

    exit_code: int = 1
    http_status: int = 500
    code: str = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)

    def to_dict(self) -> dict[str, str | int]:
        """The JSON error body shared by the CLI (--json) and the web service."""
        body: dict[str, str | int] = {
            "error": self.code,
            "message": self.message,
            "status": self.http_status,
        }
        if self.where:
            body["where"] = self.where
        return body


class ConfigError(ScholarGraphError):
    """Settings file, environment variable or flag with a value that cannot be used."""

    exit_code = 2
    http_status = 500
    code = "bad-config"


class InputError(ScholarGraphError):
    """An input document that cannot be read or parsed."""

    exit_code = 3
    http_status = 400
    code = "bad-input"


class UnreadableInput(InputError):
    """The bytes cannot be decoded as text (binary, wrong encoding) or the file cannot be read."""

    code = "unreadable-input"


class InputTooLarge(InputError):
    """The document is larger than the configured maximum."""

    code = "input-too-large"
    http_status = 413


class EmptyInput(InputError):
    """The document holds no text."""

    code = "empty-input"


class UnknownFormat(InputError):
    """The text is not one of the page formats scholargraph reads."""

    code = "unknown-format"


class MalformedPage(InputError):
    """The page is of a known format but its structure is broken (truncated, no owner name...)."""

    code = "malformed-page"


class StoreError(ScholarGraphError):
    """The store cannot be opened, read or written."""

    exit_code = 4
    http_status = 503
    code = "store-error"


class StoreLocked(StoreError):
    """Another process holds the on-disk store."""

    code = "store-locked"


class DiskFull(StoreError):
    """The disk holding the store has no room: before an ingest starts (its estimate of the space
    it needs is more than is free) or when the storage engine cannot write (``ENOSPC``)."""

    http_status = 507  # Insufficient Storage (RFC 4918)
    code = "disk-full"


class NotEnoughMemory(ScholarGraphError):
    """The machine cannot give an ingest the memory its parsed pages are expected to need."""

    exit_code = 8
    http_status = 507
    code = "not-enough-memory"


class RemoteStoreError(StoreError):
    """A remote SPARQL store failed; ``where`` names its endpoint (credentials left out)."""

    http_status = 502
    code = "remote-store-error"


class RemoteUnavailable(RemoteStoreError):
    """The remote store cannot be reached or keeps failing (refused, reset, 5xx) after retries."""

    http_status = 503
    code = "remote-unavailable"


class RemoteTimeout(RemoteStoreError):
    """The remote store did not answer within the time limit (after retries)."""

    http_status = 504
    code = "remote-timeout"


class RemoteAuthError(RemoteStoreError):
    """The remote store refused the credentials (401) or the operation (403)."""

    code = "remote-auth"


class RemoteBadAnswer(RemoteStoreError):
    """The remote store answered something that is not what the protocol promises (garbage,
    a wrong media type, or a result it cut short)."""

    code = "remote-bad-answer"


class NotFound(ScholarGraphError):
    """A source document, entity or file that does not exist."""

    exit_code = 5
    http_status = 404
    code = "not-found"


class QueryError(ScholarGraphError):
    """A SPARQL query or update that cannot be run."""

    exit_code = 6
    http_status = 400
    code = "bad-query"


class QuerySyntaxError(QueryError):
    """The query text does not parse; ``where`` holds the position when the parser gives one."""

    code = "query-syntax"


class QueryRefused(QueryError):
    """The query asks for something the endpoint never does (``SERVICE``, ``LOAD``, updates)."""

    code = "query-refused"
    http_status = 403


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""

    code = "query-timeout"
    http_status = 503


class QueryMemoryLimit(QueryError):
    """The query needed more memory than a query worker may use and was stopped."""

    code = "query-memory-limit"
    http_status = 503


class QueryTooLarge(QueryError):
    """The request body or the result is larger than allowed."""

    code = "query-too-large"
    http_status = 413


class ValidationFailed(ScholarGraphError):
    """The graph does not conform to the SHACL shapes (``scholargraph validate``)."""

    exit_code = 7
    http_status = 422
    code = "validation-failed"
