"""Benchmark of the SPARQL endpoint (not a test): queries/s and latency percentiles.

Generates a fictional graph laid out like docs/data-model.md (N persons, about 2N papers,
topics, organizations, one source graph per person, a metadata and a resolution graph) into an
on-disk store, then measures a mix of the ready-made queries of ``queries/*.rq``:

* baseline: the same queries run in this process directly on the store (pyoxigraph, the same
  serialisation and row cap), with 1, 4 and 16 threads;
* server: ``scholargraph serve`` on a loopback port (worker processes, HTTP, JSON results),
  with 1, 4 and 16 concurrent HTTP clients.

Prints a table with queries/s, p50 and p99 latency for each, and the server/baseline ratios.

    python benchmarks/bench_queries.py --persons 2000
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

from scholargraph.queries import list_queries, load_query
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit, Quad, typed
from scholargraph.rdf.vocab import FOAF, PROV, RDF, SCHEMA, SG, SKOS, VIVO
from scholargraph.store import OxigraphStore

BASE = "https://bench.test"
MAX_ROWS = 10_000
FIRST = ["Ada", "Bo", "Chidi", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jun", "Kofi"]
LAST = ["Quill", "Lindqvist", "Okafor", "Reyes", "Sato", "Nadeau", "Varga", "Moreau", "Ito"]
WORDS = ["tidal", "memory", "quiet", "gradient", "lantern", "probe", "salt", "signal", "graph",
         "curriculum", "sparse", "agent", "causal", "robust", "river", "prism"]  # fmt: skip
TOPICS = [("Continual Learning", "Apprentissage continu"), ("Robotics", "Robotique"),
          ("Causality", "Causalité"), ("Optimization", "Optimisation"),
          ("Language Models", "Modèles de langue"), ("Vision", "Vision")]  # fmt: skip


# ----------------------------------------------------------------------------- data


def generate(persons: int, seed: int = 7) -> Iterator[Quad]:
    """A fictional graph: one source graph per person with the person and their papers."""
    rng = random.Random(seed)
    iris = Iris(BASE)
    resolution, vocabulary, metadata = (
        iris.resolution_graph, iris.vocabulary_graph, iris.metadata_graph,
    )  # fmt: skip
    topics = []
    for index, (english, french) in enumerate(TOPICS):
        topic = f"{BASE}/id/topic/t{index}"
        topics.append(topic)
        yield (topic, RDF.type, SKOS.Concept, vocabulary)
        yield (topic, SKOS.prefLabel, Lit(english, None, "en"), vocabulary)
        yield (topic, SKOS.prefLabel, Lit(french, None, "fr"), vocabulary)
    categories = [f"{BASE}/id/category/cs.{c}" for c in ("LG", "AI", "RO", "CL", "CV")]
    for category in categories:
        yield (category, SKOS.notation, Lit(category.rsplit("/", 1)[1]), vocabulary)
        yield (category, RDF.type, SKOS.Concept, vocabulary)
    people = [f"{BASE}/id/person/p{i}" for i in range(persons)]
    for i, person in enumerate(people):
        graph = iris.source_graph(f"page-{i}")
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        yield (person, RDF.type, SCHEMA.Person, graph)
        yield (person, RDF.type, FOAF.Person, graph)
        yield (person, SG.nameAsWritten, Lit(name), graph)
        yield (person, SCHEMA.knowsAbout, rng.choice(topics), graph)
        yield (person, SCHEMA.name, Lit(name), resolution)
        yield (person, FOAF.name, Lit(name), resolution)
        for p in range(2):
            paper = f"{BASE}/id/publication/p{i}-{p}"
            title = " ".join(rng.sample(WORDS, 4)).capitalize()
            year = rng.randint(2015, 2026)
            coauthors = [person, *rng.sample(people, min(2, len(people)))]
            yield (paper, RDF.type, SCHEMA.ScholarlyArticle, graph)
            yield (paper, SCHEMA.name, Lit(title), resolution)
            yield (paper, SCHEMA.datePublished, typed(str(year), "gYear"), graph)
            yield (paper, SCHEMA.about, rng.choice(categories), graph)
            for rank, author in enumerate(dict.fromkeys(coauthors), start=1):
                authorship = iris.authorship(f"p{i}-{p}", author)
                yield (paper, SCHEMA.author, author, graph)
                yield (authorship, RDF.type, VIVO.Authorship, graph)
                yield (authorship, SG.authorshipOf, paper, graph)
                yield (authorship, SG.author, author, graph)
                yield (authorship, VIVO.rank, typed(rank, "int"), graph)
        yield (graph, RDF.type, SG.SourceGraph, metadata)
        yield (graph, PROV.wasDerivedFrom, f"https://pages.test/{i}", metadata)
        yield (graph, PROV.generatedAtTime, typed("2026-01-01T00:00:00Z", "dateTime"), metadata)


def build(path: Path, persons: int) -> int:
    store = OxigraphStore(path)
    store.bulk_add(generate(persons))
    count = len(store)
    store.close()
    return count


def query_mix() -> dict[str, str]:
    """The ready-made queries that run as they are (no required bindings)."""
    mix = {}
    for name in list_queries():
        text = load_query(name)
        bindings = [line for line in text.splitlines() if line.startswith("# Bindings:")]
        if not bindings or "optional" in bindings[0]:
            mix[name] = text
    return mix


# ----------------------------------------------------------------------------- measuring


@dataclass
class Level:
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def qps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def hammer(
    run_one: Callable[[str], bool], queries: list[str], clients: int, seconds: float
) -> Level:
    """``clients`` threads run the mix round-robin for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        for query in itertools.islice(itertools.cycle(queries), offset, None):
            if time.monotonic() >= stop:
                break
            started = time.perf_counter()
            ok = run_one(query)
            mine.append(time.perf_counter() - started)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Level(clients, len(latencies), errors, time.monotonic() - started, latencies)


def baseline(store_dir: Path, queries: list[str], levels: list[int], seconds: float) -> list[Level]:
    store = OxigraphStore(store_dir, read_only=True)

    def run_one(query: str) -> bool:
        store.query_serialized(
            query, result_format="json", graph_format="turtle", max_rows=MAX_ROWS
        )
        return True

    results = [hammer(run_one, queries, clients, seconds) for clients in levels]
    store.close()
    return results


def start_server(
    store_dir: Path, workers: int, threads: int, timeout: float
) -> tuple[subprocess.Popen[str], str]:
    config = store_dir.parent / "bench.toml"
    config.write_text(
        f'[scholargraph]\nbase_iri = "{BASE}"\n[scholargraph.web]\n'
        f"max_result_rows = {MAX_ROWS}\n",
        encoding="utf-8",
    )
    command = [
        sys.executable, "-m", "scholargraph", "--config", str(config), "serve",
        "--store", str(store_dir), "--port", "0", "--workers", str(workers),
        "--threads", str(threads), "--query-timeout", str(timeout),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if " at " not in line:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, line.split(" at ", 1)[1].split(" ", 1)[0] + "sparql"


def against_server(url: str, queries: list[str], levels: list[int], seconds: float) -> list[Level]:
    local = threading.local()

    def run_one(query: str) -> bool:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        response = session.post(
            url,
            data=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
            timeout=120,
        )  # fmt: skip
        if response.status_code != 200 and not failures:
            failures.append(f"{response.status_code} {response.text[:200]}")
        return response.status_code == 200

    failures: list[str] = []
    run_one(queries[0])  # warm up: workers open the store
    levels_measured = [hammer(run_one, queries, clients, seconds) for clients in levels]
    if failures:
        print(f"first failed request: {failures[0]}")
    return levels_measured


def table(levels: list[int], server: list[Level], base: list[Level]) -> str:
    head = (
        f"{'clients':>7} | {'server q/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} | "
        f"{'direct q/s':>10} {'p50 ms':>8} {'p99 ms':>8} | {'q/s ratio':>9} {'p50 ratio':>9}"
    )
    lines = [head, "-" * len(head)]
    for clients, s, b in zip(levels, server, base, strict=True):
        lines.append(
            f"{clients:>7} | {s.qps:>10.1f} {s.percentile(50):>8.1f} {s.percentile(99):>8.1f} "
            f"{s.errors:>6} | {b.qps:>10.1f} {b.percentile(50):>8.1f} {b.percentile(99):>8.1f} | "
            f"{s.qps / b.qps if b.qps else float('nan'):>9.2f} "
            f"{s.percentile(50) / b.percentile(50) if b.latencies else float('nan'):>9.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per concurrency level")
    parser.add_argument("--levels", default="1,4,16", help="concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="query workers")
    parser.add_argument("--threads", type=int, default=16, help="server request threads")
    parser.add_argument("--timeout", type=float, default=30.0, help="server query timeout (s)")
    parser.add_argument("--queries", help="comma-separated query names (default: every example)")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",")]
    mix = query_mix()
    if args.queries:
        mix = {name: mix[name] for name in args.queries.split(",")}
    queries = list(mix.values())
    with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
        store_dir = Path(tmp) / "store"
        started = time.monotonic()
        quads = build(store_dir, args.persons)
        print(f"store: {args.persons} persons, {quads} quads, built in "
              f"{time.monotonic() - started:.1f} s; mix: {', '.join(mix)}")  # fmt: skip
        single = {name: statistics.median(_time(store_dir, text) for _ in range(3))
                  for name, text in mix.items()}  # fmt: skip
        print("direct single-query latency (ms): "
              + ", ".join(f"{n} {t * 1000:.1f}" for n, t in single.items()))  # fmt: skip
        base = baseline(store_dir, queries, levels, args.seconds)
        process, url = start_server(store_dir, args.workers, args.threads, args.timeout)
        try:
            server = against_server(url, queries, levels, args.seconds)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    print(f"\nserver: {args.workers} query workers, {args.threads} threads; "
          f"{args.seconds:g} s per level; JSON results over HTTP POST\n")  # fmt: skip
    print(table(levels, server, base))


def _time(store_dir: Path, query: str) -> float:
    store = OxigraphStore(store_dir, read_only=True)
    started = time.perf_counter()
    store.query_serialized(query, result_format="json", max_rows=MAX_ROWS)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


if __name__ == "__main__":
    main()
