"""Reading the W3C SPARQL 1.1 Protocol test manifest (``../shared/conformance``) into plain
request/expectation records that a test can replay with ``requests``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
PROTOCOL_MANIFEST = CONFORMANCE / "sparql11-protocol" / "manifest.ttl"
SD_MANIFEST = CONFORMANCE / "sparql11-service-description" / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str  # with the manifest's /sparql/ prefix rewritten to /sparql
    headers: dict[str, str]
    body: bytes | None
    expected_status: frozenset[int]  # status classes: 2, 3, 4, 5
    expected_format: str | None  # boolean | tabular | RDF
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "")
        text = (self.body or b"").decode("utf-8", "replace")
        return (
            "sparql-update" in content_type or text.startswith("update=") or "?update=" in self.path
        )


@dataclass(frozen=True)
class ProtocolTest:
    name: str  # local name, e.g. query_post_form
    title: str
    requests: tuple[ProtocolRequest, ...] = field(default_factory=tuple)


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _request(graph: Graph, node: Node) -> ProtocolRequest:
    # "Each request has a ht:absolutePath value that starts with /sparql/ [...] replace this
    # value with whatever path prefix is appropriate for the endpoint being tested."
    path = str(_one(graph, node, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers: dict[str, str] = {}
    header_list = _one(graph, node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            name = str(_one(graph, header, HT.fieldName)).lower()
            headers[name] = str(_one(graph, header, HT.fieldValue))
    body: bytes | None = None
    body_node = _one(graph, node, HT.body)
    if body_node is not None:
        encoding = str(_one(graph, body_node, CNT.characterEncoding) or "UTF-8")
        body = str(_one(graph, body_node, CNT.chars)).encode(encoding.lower())
    response = _one(graph, node, HT.resp)
    assert response is not None
    statuses = {
        int(str(code).rsplit("StatusCode", 1)[1][0])
        for code in graph.objects(response, MF.expectedStatus)
    }
    expected_format = _one(graph, response, MF.expectedFormat)
    expected_boolean = _one(graph, response, MF.expectedBoolean)
    return ProtocolRequest(
        method=str(_one(graph, node, HT.methodName)),
        path=path,
        headers=headers,
        body=body,
        expected_status=frozenset(statuses),
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=(
            str(expected_boolean).lower() == "true" if expected_boolean is not None else None
        ),
    )


def protocol_tests() -> list[ProtocolTest]:
    """Every test of the manifest, in manifest order."""
    graph = Graph().parse(PROTOCOL_MANIFEST, format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    tests = []
    for entry in Collection(graph, _one(graph, manifest, MF.entries)):  # type: ignore[arg-type]
        action = _one(graph, entry, MF.action)
        request_list = _one(graph, action, HT.requests)  # type: ignore[arg-type]
        requests = tuple(_request(graph, r) for r in Collection(graph, request_list))  # type: ignore[arg-type]
        name = str(entry).rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, str(_one(graph, entry, MF.name)), requests))
    return tests


def service_description_tests() -> list[str]:
    graph = Graph().parse(SD_MANIFEST, format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    entries = Collection(graph, _one(graph, manifest, MF.entries))  # type: ignore[arg-type]
    return [str(entry).rsplit("#", 1)[1] for entry in entries]
