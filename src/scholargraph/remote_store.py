"""A remote SPARQL store (Virtuoso, GraphDB, Fuseki, ...) behind the :class:`GraphStore` API.

Only the W3C standards are spoken: SPARQL 1.1 Query and Update over the SPARQL 1.1 Protocol
(form POST), and the SPARQL 1.1 Graph Store HTTP Protocol (``PUT`` / ``GET ?graph=``), with
optional basic, digest or bearer authentication.

**Write order (why an interrupted ingest is repaired by the next run).** ``replace_graphs``
sends one Graph Store ``PUT`` per graph (the store swaps the graph whole: old or new, never
half; a graph too big for one request is staged in parts and swapped in by one ``MOVE``), and
only then one SPARQL Update that replaces the graph's metadata (its content hash and
``sg:graphDigest``) and record. The pipeline skips a source only when the stored metadata holds
the page's content hash *and* the digest of the freshly mapped graph *and* its record exists.
So a stop after the ``PUT`` (new graph, old or missing metadata) is seen as a change next time
and written again; a partly applied update (on a store that does not apply a request
atomically) leaves the metadata or the record missing, which is also a change. The resolution
graph goes last, its ``sg:resolvedFrom`` (the identity of the document set it was computed from)
in its following update: until that lands, the next run re-resolves. ``remove_graphs`` (forget)
deletes metadata and records before dropping the graph, in one update request. Every write is
idempotent, so it is retried safely.

**Failures.** Connection refused or reset, 5xx answers and timeouts are retried
(``retries`` times, backoff ``retry_backoff_s`` x 1, 2, 4, ...), then raised as
:class:`~scholargraph.errors.RemoteUnavailable` / :class:`~scholargraph.errors.RemoteTimeout`;
401/403 raise :class:`~scholargraph.errors.RemoteAuthError` at once; an answer that is not what
the protocol promises (garbage, a result cut at the store's row limit, a graph shorter than its
triple count) raises :class:`~scholargraph.errors.RemoteBadAnswer`. ``where`` is the endpoint.

pyoxigraph is not imported here: parsing and writing RDF goes through helpers of
:mod:`scholargraph.store` (which canonicalise literals exactly as the embedded store does, so
both stores hold the same data).
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from .config import Settings
from .errors import (
    ConfigError,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    RemoteAuthError,
    RemoteBadAnswer,
    RemoteStoreError,
    RemoteTimeout,
    RemoteUnavailable,
    StoreError,
)
from .rdf.nquads import NQuadsWriter
from .rdf.results import solutions_from_json, term_from_json, write_boolean, write_solutions
from .rdf.terms import BNode, Lit, Quad, Term
from .sparql_text import iri_text, query_form, substitute, term_text, with_base
from .store import (
    DATASET_FORMATS,
    NewSource,
    Row,
    SelectResult,
    Serialized,
    Triple,
    canonical_ntriples,
    insert_data_blocks,
    iter_rdf,
    nquads_as_insert_data,
    nquads_as_ntriples,
    serialize_triples,
    write_quads,
)

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
RDF_ACCEPT = f"{NTRIPLES}, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
BACKOFF_CAP_S = 8.0
MESSAGE_CHARS = 300
NEW_SOURCES_UPDATE_BYTES = 2_000_000  # metadata and records per update when adding sources
# Triples per INSERT DATA, and graphs per removal update: Virtuoso 7's SPARQL compiler refuses
# an INSERT DATA of ~5,000 triples ("memory exhausted") and updates that compile to over 10,000
# lines of SQL, whatever their size in bytes.
UPDATE_TRIPLES = 1_000
REMOVE_GRAPHS_PER_UPDATE = 100
# Triples per Graph Store request: Virtuoso 7 did not answer one PUT of the 10k-researcher
# resolution graph (682,112 triples) within 600 s. Bigger graphs are staged in parts, then moved.
GRAPH_WRITE_TRIPLES = 50_000
_PERMISSION = re.compile(r"SECURITY:|no permission|permission denied", re.IGNORECASE)
_TIME_LIMIT = re.compile(r"timed out|timeout|estimated execution time", re.IGNORECASE)


class BearerAuth(AuthBase):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def display_url(url: str) -> str:
    """The URL without credentials or query string (safe to print)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def make_auth(kind: str | None, username: str | None, password: str | None) -> AuthBase | None:
    if kind is None:
        return HTTPBasicAuth(username, password or "") if username else None
    if kind == "bearer":
        if not password:
            raise ConfigError("remote.auth = bearer needs the token in remote.password")
        return BearerAuth(password)
    if not username:
        raise ConfigError(f"remote.auth = {kind} needs remote.username")
    if kind == "digest":
        return HTTPDigestAuth(username, password or "")
    return HTTPBasicAuth(username, password or "")


class _Retry(Exception):
    """A transient failure: try again after a pause."""

    def __init__(self, error: RemoteStoreError) -> None:
        super().__init__(error.message)
        self.error = error


class RemoteStore:
    """A SPARQL 1.1 store over HTTP. Only graphs under ``graph_namespace`` are scholargraph's:
    ``graph_names``, ``len`` and dumps see those alone (the store may hold other data)."""

    # a source's metadata, record and commit always travel in one update request (whose
    # query, at 27k sources, Virtuoso refused by its cost estimate anyway)
    may_leave_partial_sources = False

    def __init__(
        self,
        query_endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        auth: AuthBase | None = None,
        timeout_s: float = 60.0,
        retries: int = 3,
        retry_backoff_s: float = 0.5,
        graph_namespace: str | None = None,
        server_timeout_parameter: str | None = None,
        server_timeout_unit: str = "s",
        read_only: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint or query_endpoint
        self.graph_store_endpoint = graph_store_endpoint
        self.timeout_s = timeout_s
        self.retries = retries
        self.retry_backoff_s = retry_backoff_s
        self.graph_namespace = graph_namespace
        self.server_timeout_parameter = server_timeout_parameter
        self.server_timeout_unit = server_timeout_unit
        self.read_only = read_only
        self._sleep = sleep
        self._session = requests.Session()
        self._session.auth = auth
        self._session.headers["User-Agent"] = "scholargraph"

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool = False) -> RemoteStore:
        remote = settings.remote
        base = settings.store.strip()

        def endpoint(value: str | None) -> str | None:
            return urljoin(base, value) if value else None

        query = endpoint(remote.query_endpoint) or base
        return cls(
            query,
            update_endpoint=endpoint(remote.update_endpoint),
            graph_store_endpoint=endpoint(remote.graph_store_endpoint),
            auth=make_auth(remote.auth, remote.username, remote.password),
            timeout_s=remote.timeout_s,
            retries=remote.retries,
            retry_backoff_s=remote.retry_backoff_s,
            graph_namespace=settings.base + "/graph/",
            server_timeout_parameter=remote.server_timeout_parameter,
            server_timeout_unit=remote.server_timeout_unit,
            read_only=read_only,
        )

    def with_timeout(self, timeout_s: float) -> RemoteStore:
        """A read-only handle on the same store whose queries stop after ``timeout_s`` (HTTP
        timeout, and the store's own limit where a parameter for it is configured)."""
        twin = RemoteStore(
            self.query_endpoint,
            update_endpoint=self.update_endpoint,
            graph_store_endpoint=self.graph_store_endpoint,
            auth=self._session.auth,  # type: ignore[arg-type]
            timeout_s=timeout_s,
            retries=0,
            retry_backoff_s=self.retry_backoff_s,
            graph_namespace=self.graph_namespace,
            server_timeout_parameter=self.server_timeout_parameter,
            server_timeout_unit=self.server_timeout_unit,
            read_only=self.read_only,
            sleep=self._sleep,
        )
        return twin

    def __repr__(self) -> str:
        return f"RemoteStore({display_url(self.query_endpoint)!r})"

    # ------------------------------------------------------------------ HTTP with retries

    def _request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        retry: bool = True,
        timeout_s: float | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        where = display_url(url)
        read_timeout = timeout_s or self.timeout_s
        attempts = self.retries + 1 if retry else 1
        last: RemoteStoreError | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(min(self.retry_backoff_s * 2 ** (attempt - 1), BACKOFF_CAP_S))
            try:
                return self._attempt(method, url, where, what, read_timeout, kwargs)
            except _Retry as exc:
                last = exc.error
        assert last is not None
        if attempts > 1:
            last.message += f" (gave up after {attempts} attempts)"
        raise last

    def _attempt(
        self,
        method: str,
        url: str,
        where: str,
        what: str,
        read_timeout: float,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        timeout = (min(read_timeout, 10.0), read_timeout)
        try:
            response = self._session.request(method, url, timeout=timeout, **kwargs)
        except requests.exceptions.ConnectTimeout as exc:
            raise _Retry(
                RemoteUnavailable(f"cannot connect for the {what}: {_first_line(exc)}", where=where)
            ) from None
        except requests.exceptions.Timeout:
            raise _Retry(
                RemoteTimeout(f"no answer to the {what} within {read_timeout:g} s", where=where)
            ) from None
        except requests.exceptions.ConnectionError as exc:
            reason = _reason(exc)
            raise _Retry(
                RemoteUnavailable(f"cannot reach the store for the {what}: {reason}", where=where)
            ) from None
        except requests.exceptions.RequestException as exc:
            raise RemoteStoreError(f"the {what} failed: {exc}", where=where) from exc
        status = response.status_code
        if status < 400:
            return response
        detail = _snippet(response)
        if status in (401, 403):
            verb = "refused the credentials" if status == 401 else "refused the operation"
            raise RemoteAuthError(
                f"the store {verb} ({status}) for the {what}{detail}", where=where
            )
        if status >= 500 and _PERMISSION.search(detail):
            # Virtuoso answers a missing grant (e.g. SPARQL_UPDATE) with a 500: final
            raise RemoteAuthError(
                f"the store refused the {what} ({status}: no permission){detail}", where=where
            )
        if status >= 500 and what == "query" and _TIME_LIMIT.search(detail):
            # the store's own limit (Virtuoso refuses queries it estimates too long): final
            raise QueryTimeout(f"the remote store stopped the query at its time limit{detail}")
        if status >= 500:
            raise _Retry(
                RemoteUnavailable(f"the store failed the {what} ({status}){detail}", where=where)
            )
        if status == 400 and what in ("query", "update"):
            raise QuerySyntaxError(f"the remote store rejected the {what}{detail}")
        raise RemoteStoreError(f"the store answered {status} to the {what}{detail}", where=where)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only", where=display_url(self.query_endpoint))

    def _gsp(self) -> str:
        if not self.graph_store_endpoint:
            raise ConfigError(
                "writing to a remote store needs its Graph Store Protocol endpoint "
                "(remote.graph_store_endpoint)"
            )
        return self.graph_store_endpoint

    # ------------------------------------------------------------------ queries

    def _query(
        self,
        text: str,
        accept: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> requests.Response:
        data: list[tuple[str, str]] = [("query", text)]
        data += [("default-graph-uri", g) for g in default_graphs or ()]
        data += [("named-graph-uri", g) for g in named_graphs or ()]
        if self.server_timeout_parameter:
            scale = 1000 if self.server_timeout_unit == "ms" else 1
            data.append((self.server_timeout_parameter, str(int(self.timeout_s * scale))))
        response = self._request(
            "POST", self.query_endpoint, what="query", data=data, headers={"Accept": accept}
        )
        state = response.headers.get("X-SQL-State", "")
        if state == "S1TAT":  # Virtuoso's "anytime" answer: partial results after its timeout
            raise QueryTimeout(
                f"the remote store stopped the query at its time limit ({self.timeout_s:g} s)"
            )
        return response

    def _results(self, response: requests.Response) -> tuple[tuple[str, ...], list[Row]] | bool:
        where = display_url(response.url or self.query_endpoint)
        try:
            document = json.loads(response.content)
        except ValueError:
            raise RemoteBadAnswer(
                f"the answer is not SPARQL JSON results ({_media_type(response) or 'no type'})"
                + _snippet(response),
                where=where,
            ) from None
        if not isinstance(document, dict):
            raise RemoteBadAnswer("the answer is not SPARQL JSON results", where=where)
        if "boolean" in document:
            return bool(document["boolean"])
        try:
            variables, rows = solutions_from_json(document, _json_term)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise RemoteBadAnswer(f"malformed SPARQL JSON results: {exc}", where=where) from None
        cap = response.headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and len(rows) >= int(cap):
            raise RemoteBadAnswer(
                f"the store cut the result at its row limit ({cap} rows); raise it "
                "(Virtuoso: [SPARQL] ResultSetMaxRows) so that no answer is partial",
                where=where,
            )
        return variables, rows

    def _triples(self, response: requests.Response) -> list[Triple]:
        media_type = _media_type(response)
        where = display_url(response.url or self.query_endpoint)
        try:
            return list(iter_rdf(io.BytesIO(response.content), media_type or NTRIPLES))
        except (SyntaxError, ValueError) as exc:
            raise RemoteBadAnswer(
                f"the answer is not RDF ({media_type or 'no type'}): {_first_line(exc)}",
                where=where,
            ) from None

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        answer = self._results(self._query(substitute(sparql, bindings), RESULTS_JSON))
        if isinstance(answer, bool):
            raise QueryError("expected a SELECT query")
        return SelectResult(*answer)

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        answer = self._results(self._query(substitute(sparql, bindings), RESULTS_JSON))
        if not isinstance(answer, bool):
            raise QueryError("expected an ASK query")
        return answer

    def construct(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[Triple]:
        return self._triples(self._query(substitute(sparql, bindings), RDF_ACCEPT))

    def query_serialized(
        self,
        sparql: str,
        *,
        result_format: str = "json",
        graph_format: str = "turtle",
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, Term] | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
        union_default_graph: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> Serialized:
        """Run any query on the store and write the answer like the embedded store does. The
        default graph is the store's own (Virtuoso and GraphDB: the union of all graphs;
        Fuseki: set ``unionDefaultGraph``), ``union_default_graph`` is not needed."""
        form = query_form(sparql)
        text = with_base(substitute(sparql, bindings), base_iri)
        accept = RDF_ACCEPT if form in ("construct", "describe") else RESULTS_JSON
        response = self._query(
            text, accept, default_graphs=default_graphs, named_graphs=named_graphs
        )
        if "json" not in _media_type(response) and form not in ("select", "ask"):
            triples = self._triples(response)
            cut = max_rows is not None and len(triples) > max_rows
            out = io.BytesIO()
            serialize_triples(triples[:max_rows], out, graph_format, prefixes=prefixes)
            return Serialized("graph", out.getvalue(), cut)
        if max_rows is None:
            answer = self._results(response)
            cut = False
        else:
            answer, cut = self._capped(response, max_rows)
        if isinstance(answer, bool):
            return Serialized("ask", write_boolean(answer, result_format))
        variables, rows = answer
        return Serialized("select", write_solutions(variables, rows, result_format), cut)

    def _capped(
        self, response: requests.Response, max_rows: int
    ) -> tuple[tuple[tuple[str, ...], list[Row]] | bool, bool]:
        """At most ``max_rows`` rows, and whether rows were left out, here or by the store at
        its own row limit (it says so in ``X-SPARQL-MaxRows``)."""
        cap = response.headers.pop("X-SPARQL-MaxRows", None)
        answer = self._results(response)
        if isinstance(answer, bool):
            return answer, False
        variables, rows = answer
        cut_there = bool(cap and cap.isdigit() and len(rows) >= int(cap))
        return (variables, rows[:max_rows]), cut_there or len(rows) > max_rows

    def objects(self, subject: str, predicate: str, graph: str | None = None) -> list[Term]:
        pattern = f"{iri_text(subject)} {iri_text(predicate)} ?o"
        if graph is not None:
            pattern = f"GRAPH {iri_text(graph)} {{ {pattern} }}"
        rows = self.select(f"SELECT ?o WHERE {{ {pattern} }}").rows
        return [row["o"] for row in rows if "o" in row]

    # ------------------------------------------------------------------ graphs

    def _namespace_filter(self, variable: str) -> str:
        if not self.graph_namespace:
            return ""
        prefix = term_text(Lit(self.graph_namespace))
        return f"FILTER(STRSTARTS(STR({variable}), {prefix}))"

    def graph_sizes(self) -> dict[str, int]:
        """Triples per graph, for scholargraph's graphs (under ``graph_namespace``)."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            + self._namespace_filter("?g")
            + " } GROUP BY ?g"
        ).rows
        return {str(r["g"]): _int(r.get("n")) for r in rows if isinstance(r.get("g"), str)}

    def graph_names(self) -> list[str]:
        rows = self.select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            + self._namespace_filter("?g")
            + " }"
        ).rows
        return sorted(str(r["g"]) for r in rows if isinstance(r.get("g"), str))

    def __len__(self) -> int:
        return sum(self.graph_sizes().values())

    def _graph_size(self, graph: str) -> int:
        rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_text(graph)} {{ ?s ?p ?o }} }}"
        ).rows
        return _int(rows[0].get("n")) if rows else 0

    def _fetch_graph(self, graph: str, expected: int) -> list[Triple]:
        """Every triple of ``graph`` (Graph Store GET, else CONSTRUCT), checked against its
        triple count: a store that cuts long answers short is an error, not a smaller graph."""
        if expected == 0:
            return []
        if self.graph_store_endpoint:
            response = self._request(
                "GET",
                self.graph_store_endpoint,
                what="graph read",
                params={"graph": graph},
                headers={"Accept": RDF_ACCEPT},
            )
            triples = self._triples(response)
        else:
            triples = self.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_text(graph)} {{ ?s ?p ?o }} }}"
            )
        if len(set(triples)) < expected:
            raise RemoteBadAnswer(
                f"the store sent {len(set(triples))} of the {expected} triples of {graph}: it "
                "cuts long answers (Virtuoso: raise [SPARQL] ResultSetMaxRows)",
                where=display_url(self.graph_store_endpoint or self.query_endpoint),
            )
        return triples

    def graph_quads(self, graph: str) -> Iterator[Quad]:
        for s, p, o in self._fetch_graph(graph, self._graph_size(graph)):
            yield (s, p, o, graph)  # type: ignore[misc]  # a subject is an IRI or a blank node

    def dump(
        self,
        output: IO[bytes],
        rdf_format: str,
        *,
        graph: str | None = None,
        exclude_graphs: Sequence[str] = (),
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Stream the store graph by graph: one graph at a time is held in memory."""
        if graph is not None:
            quads: Iterable[Quad] = self.graph_quads(graph)
            if rdf_format not in DATASET_FORMATS:
                triples = ((s, p, o) for s, p, o, _ in quads)
                serialize_triples(triples, output, rdf_format, prefixes=prefixes)
                return
        else:
            sizes = self.graph_sizes()
            names = sorted(g for g in sizes if g not in set(exclude_graphs))
            quads = (
                (s, p, o, name)  # type: ignore[misc]
                for name in names
                for s, p, o in self._fetch_graph(name, sizes[name])
            )
        write_quads(quads, output, rdf_format, prefixes=prefixes)

    # ------------------------------------------------------------------ writes

    def _put_graph(self, graph: str, data: bytes) -> None:
        """Replace ``graph`` with ``data`` (N-Triples) in one step for its readers.

        Up to :data:`GRAPH_WRITE_TRIPLES` triples: one Graph Store ``PUT``. A bigger graph is
        written to a staging graph (a ``PUT`` of its first part, a ``POST`` of each next part),
        then swapped in by one ``MOVE`` update; a stop part-way leaves only the staging graph,
        which the next write of the graph replaces."""
        lines = data.splitlines(keepends=True)
        if len(lines) <= GRAPH_WRITE_TRIPLES:
            self._send_graph("PUT", graph, data)
            return
        staging = f"{graph}/staging"
        for start in range(0, len(lines), GRAPH_WRITE_TRIPLES):
            part = b"".join(lines[start : start + GRAPH_WRITE_TRIPLES])
            self._send_graph("PUT" if start == 0 else "POST", staging, part)
        self._update(f"MOVE SILENT GRAPH {iri_text(staging)} TO GRAPH {iri_text(graph)}")

    def _send_graph(self, method: str, graph: str, data: bytes) -> None:
        self._request(
            method,
            self._gsp(),
            what="graph write",
            params={"graph": graph},
            data=data,
            headers={"Content-Type": NTRIPLES},
        )

    def _update(self, text: str, *, retry: bool = True) -> None:
        self._request(
            "POST", self.update_endpoint, what="update", retry=retry, data={"update": text}
        )

    def replace_graphs(
        self,
        graphs: Mapping[str, Iterable[Quad]],
        *,
        delete_subjects: Mapping[str, Sequence[str]] | None = None,
        insert: Iterable[Quad] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """One Graph Store PUT per graph (each swapped whole), then ONE update with the
        ``delete_subjects`` deletions, the ``delete`` quads and the ``insert`` quads (metadata
        after the graph); more than :data:`UPDATE_TRIPLES` quads go in updates of that many,
        in order (deletions first, the last quads inserted last)."""
        self._check_writable()
        parts: list[str] = []
        for graph, quads in graphs.items():
            data = canonical_ntriples(quads)
            if data.strip():
                self._put_graph(graph, data)
            else:
                parts.append(f"DROP SILENT GRAPH {iri_text(graph)}")
        parts += _delete_subjects(delete_subjects)
        removed, added = list(delete), list(insert)
        step = UPDATE_TRIPLES
        chunks = [("DELETE", removed[i : i + step]) for i in range(0, len(removed), step)]
        chunks += [("INSERT", added[i : i + step]) for i in range(0, len(added), step)]
        updates = [f"{verb} DATA {{\n{insert_data_blocks(part)}\n}}" for verb, part in chunks]
        if len(removed) + len(added) <= UPDATE_TRIPLES:
            parts += updates
            updates = []
        if parts:
            self._update(" ;\n".join(parts))
        for update in updates:
            self._update(update)

    def add_sources(self, graphs: Mapping[str, Iterable[Quad]], insert: Iterable[Quad]) -> None:
        """New sources: one Graph Store PUT per graph, then one update with their metadata
        (the same write order as :meth:`replace_graphs`, so an interruption is repaired)."""
        self.replace_graphs(graphs, insert=insert)

    def add_new_sources(self, sources: Iterable[NewSource], *, bulk: bool) -> None:
        """One Graph Store PUT per graph, then one update per batch with the batch's metadata,
        records and commit quads (written after their graphs, as in :meth:`replace_graphs`).
        ``bulk`` changes nothing: every request is already atomic on its own."""
        self._check_writable()
        writer = NQuadsWriter()
        pending: list[str] = []
        size = 0
        triples = 0
        for source in sources:
            if source.quads:
                self._put_graph(source.graph, nquads_as_ntriples(source.quads))
            # a source's metadata and its commit always travel in the same update
            pending += (source.insert, writer.text(source.commit))
            size += len(source.insert)
            triples += source.insert.count("\n") + len(source.commit)
            if size >= NEW_SOURCES_UPDATE_BYTES or triples >= UPDATE_TRIPLES:
                self._insert_data("".join(pending))
                pending, size, triples = [], 0, 0
        if pending:
            self._insert_data("".join(pending))

    def _insert_data(self, nquads: str) -> None:
        """``INSERT DATA`` of N-Quads text, :data:`UPDATE_TRIPLES` lines per update (a source's
        metadata before its commit quads: a store that stops between them is repaired)."""
        lines = nquads.splitlines(keepends=True)
        for start in range(0, len(lines), UPDATE_TRIPLES):
            part = "".join(lines[start : start + UPDATE_TRIPLES])
            self._update("INSERT DATA {\n" + nquads_as_insert_data(part) + "\n}")

    def remove_graphs(
        self, graphs: Sequence[str], *, delete_subjects: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """One update per :data:`REMOVE_GRAPHS_PER_UPDATE` graphs: the ``delete_subjects``
        triples (metadata, records) of those graphs first, then the graphs, so a store that stops
        half way leaves no metadata describing a missing graph. Subjects that are not graphs
        being removed go with the first update."""
        self._check_writable()
        subjects = delete_subjects or {}
        removed = set(graphs)
        step = REMOVE_GRAPHS_PER_UPDATE
        chunks = [graphs[i : i + step] for i in range(0, len(graphs), step)]
        for number, chunk in enumerate(chunks or [[]]):
            names = set(chunk)
            mine = {
                graph: [s for s in items if s in names or (number == 0 and s not in removed)]
                for graph, items in subjects.items()
            }
            parts = _delete_subjects(mine)
            parts += [f"DROP SILENT GRAPH {iri_text(g)}" for g in chunk]
            if parts:
                self._update(" ;\n".join(parts))

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        """A user's update: retried only when it cannot have reached the store (it may not be
        idempotent)."""
        self._check_writable()
        self._update(with_base(text, base_iri), retry=False)

    # ------------------------------------------------------------------ lifetime

    def optimize(self) -> bool:
        """Nothing to do: a remote store's files are its own server's to compact."""
        return False

    def free_bytes(self) -> int | None:
        """Unknown: the remote store's disk is its own server's."""
        return None

    def flush(self) -> None:
        """Nothing to do: every write is committed by the store when it answers."""

    def close(self) -> None:
        self._session.close()


def _delete_subjects(delete_subjects: Mapping[str, Sequence[str]] | None) -> list[str]:
    parts = []
    for graph, subjects in sorted((delete_subjects or {}).items()):
        for subject in subjects:
            parts.append(
                f"DELETE WHERE {{ GRAPH {iri_text(graph)} {{ {iri_text(subject)} ?p ?o }} }}"
            )
    return parts


def _json_term(binding: Any) -> Term:
    """A term of a remote store's JSON results, with Virtuoso's ways of writing them undone."""
    if binding.get("datatype") == XSD_BOOLEAN and binding.get("value") in ("1", "0"):
        return Lit("true" if binding["value"] == "1" else "false", XSD_BOOLEAN, None)
    if binding.get("type") == "bnode":
        return BNode(str(binding["value"]).removeprefix("nodeID://"))
    return term_from_json(binding)


def _int(term: Term | None) -> int:
    try:
        return int(term.value) if isinstance(term, Lit) else 0
    except ValueError:
        return 0


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:MESSAGE_CHARS] if text else type(exc).__name__


def _snippet(response: requests.Response) -> str:
    """The start of an error body, as one line (HTML tags and the query echo left out)."""
    try:
        text = response.text
    except (UnicodeDecodeError, requests.exceptions.RequestException):
        return ""
    if "<" in text and ">" in text:
        text = re.sub(r"<[^>]+>", " ", text)
    text = text.split("SPARQL query:")[0]
    text = " ".join(text.split())
    if not text:
        return ""
    return ": " + (text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS] + " …")


def _reason(exc: requests.exceptions.ConnectionError) -> str:
    text = str(exc)
    markers = (
        "Connection refused",
        "Connection reset",
        "Name or service not known",
        "Remote end closed connection",
        "Connection aborted",
    )
    for marker in markers:
        if marker in text:
            return marker.lower()
    return _first_line(exc)
