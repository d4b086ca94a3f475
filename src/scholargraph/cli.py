"""The ``scholargraph`` command: thin commands over the library.

Each command builds settings, calls one library function and turns the project's errors into
a message on stderr and an exit code. The library never exits the process.
"""

from __future__ import annotations

import functools
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Settings, load_settings
from .errors import ScholarGraphError, StoreError, ValidationFailed
from .export_jsonld import load_context, person_document, write_export
from .export_vivo import VIVO_FORMATS, write_vivo
from .inputs import Manifest
from .pipeline import FileResult, IngestReport, forget, ingest
from .queries import load_query
from .rdf.iris import Iris
from .rdf.terms import BNode, Lit
from .rdf.vocab import PREFIXES
from .store import RDF_FORMATS
from .store_api import GraphStore, display_store, is_remote, open_store

F = TypeVar("F", bound=Callable[..., Any])
EXIT_PARTIAL = 1  # some inputs failed, others were ingested

err_console = Console(stderr=True)
out_console = Console()


def _handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScholarGraphError as exc:
            where = f"{exc.where}: " if exc.where else ""
            err_console.print(f"[bold red]error:[/] {where}{exc.message}", highlight=False)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    obj = ctx.find_root().obj or {}
    return load_settings(obj.get("config"), **obj.get("flags", {}), **flags)


@contextmanager
def _open_store(settings: Settings, *, read_only: bool = False) -> Iterator[GraphStore]:
    store = open_store(settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


store_option = click.option(
    "--store",
    "store",
    metavar="DIR|URL",
    help="Store folder, or the http(s) URL of a remote SPARQL store (default: settings file, "
    "$SCHOLARGRAPH_STORE, or the XDG data folder).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scholargraph")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (TOML). Default: $SCHOLARGRAPH_CONFIG or ./scholargraph.toml.",
)
@click.option("--base-iri", metavar="IRI", help="Base IRI of minted entities and graphs.")
@click.pass_context
def main(ctx: click.Context, config: Path | None, base_iri: str | None) -> None:
    """Turn researcher profile pages and author pages into a linked, provenance-tracked graph."""
    ctx.obj = {"config": config, "flags": {"base_iri": base_iri}}


# ----------------------------------------------------------------------------- ingest

FILE_TABLE_ROWS = 50  # above this many files, the report's table lists the failed ones only


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV/TSV file: path, url[, retrieved YYYY-MM-DD] per document.",
)
@click.option("--url", help="The URL the (single) input page was captured from.")
@click.option("--workers", type=int, help="Parser processes (default: one per core).")
@click.option(
    "--no-optimize",
    is_flag=True,
    help="Do not compact the store after a bulk load (e.g. more folders follow: optimize once).",
)
@click.option(
    "--no-space-check",
    is_flag=True,
    help="Ingest even when the store's disk seems to have too little room for the pages.",
)
@click.option(
    "--no-memory-check",
    is_flag=True,
    help="Ingest even when the machine seems to have too little memory for the parsed pages.",
)
@click.option(
    "--all-files",
    is_flag=True,
    help=f"List every file in the report (above {FILE_TABLE_ROWS} files: the failed ones only).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
@_handle_errors
def ingest_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    store: str | None,
    manifest: Path | None,
    url: str | None,
    workers: int | None,
    no_optimize: bool,
    no_space_check: bool,
    no_memory_check: bool,
    all_files: bool,
    quiet: bool,
) -> None:
    """Parse PAGE_OR_DIR..., resolve people/papers/organizations/topics, write the store.

    Exit status: 0 all inputs ingested, 1 some failed (the others were ingested),
    3 none could be read, 4 store error (a full disk among them), 8 not enough memory.
    """
    settings = _settings(
        ctx,
        store=store,
        parse_workers=workers,
        optimize_after_bulk_load=False if no_optimize else None,
        check_disk_space=False if no_space_check else None,
        check_memory=False if no_memory_check else None,
    )
    manifest_data = Manifest.read(manifest) if manifest else None
    with _open_store(settings) as graph_store, _progress(quiet) as progress:
        report = ingest(
            list(paths), settings, graph_store, manifest=manifest_data, url=url, progress=progress
        )
    _print_ingest_report(report, settings, all_files)
    if report.failed:
        sys.exit(3 if not report.succeeded else EXIT_PARTIAL)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if quiet or not err_console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _display_path(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _print_ingest_report(report: IngestReport, settings: Settings, all_files: bool) -> None:
    title = f"Ingest into {display_store(settings.store)}"
    # a row per file would take rich tens of seconds at 10k researchers (27k rows, 4 MB)
    summarised = len(report.files) > FILE_TABLE_ROWS and not all_files
    shown = report.failed if summarised else report.files
    if summarised:
        title += f": the {len(shown)} failed of {len(report.files):,} files"
    if shown:
        out_console.print(_file_table(title, shown))
    if summarised:
        by_status = Counter(item.status for item in report.files)
        listed = ", ".join(f"{by_status[s]:,} {s}" for s in STATUSES if by_status[s])
        out_console.print(
            f"{len(report.files):,} files: {listed} (--all-files lists every file)",
            highlight=False,
        )
    counts = ", ".join(f"{n} {kind}s" for kind, n in report.entities.items())
    ok = len(report.succeeded)
    out_console.print(
        f"{ok} of {len(report.files)} documents ingested; {report.graphs_written} graphs written"
        + (f"; {counts}; {report.merges} spellings merged" if counts else "")
        + (
            "; resolution kept (names, titles and author lists as before)"
            if report.resolution_kept
            else ""
        ),
        highlight=False,
    )
    if report.resolved_because:
        out_console.print(
            f"Resolution recomputed over every stored page: {report.resolved_because}.",
            highlight=False,
        )
    if report.resolved_locally:
        out_console.print(
            f"Resolution updated where the change reaches: {report.resolved_locally}.",
            highlight=False,
        )
    if report.optimized_s is not None:
        out_console.print(
            f"Store compacted after the bulk load in {report.optimized_s:.1f} s "
            "(faster lookups; --no-optimize skips it).",
            highlight=False,
        )
    if report.not_optimized:
        err_console.print(
            f"[yellow]warning:[/] the store was not compacted: {report.not_optimized}. "
            "Every page is written and committed; lookups are slower until "
            "`scholargraph optimize` runs with more free space.",
            highlight=False,
        )


STATUSES = ("added", "updated", "unchanged", "failed")
STATUS_STYLES = {"failed": "red", "added": "green", "updated": "yellow", "unchanged": "dim"}


def _file_table(title: str, files: list[FileResult]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("file", "status", "format", "publications", "message"):
        table.add_column(column, overflow="fold")
    for item in files:
        table.add_row(
            _display_path(item.path),
            f"[{STATUS_STYLES.get(item.status, '')}]{item.status}[/]",
            item.format,
            str(item.publications) if item.status != "failed" else "",
            item.message,
        )
    return table


# ----------------------------------------------------------------------------- export


@main.command("export")
@store_option
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(sorted(RDF_FORMATS)),
    help="Default: nquads; turtle with --profile vivo; jsonld with --person.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option("--graph", metavar="IRI", help="Only this named graph.")
@click.option(
    "--profile",
    type=click.Choice(["vivo"]),
    help="vivo: the VIVO-ISF profile (turtle, ntriples or rdfxml) for a VIVO instance to load.",
)
@click.option("--person", metavar="IRI", help="The framed JSON-LD document of one person.")
@click.pass_context
@_handle_errors
def export_command(
    ctx: click.Context,
    store: str | None,
    rdf_format: str | None,
    output: Path | None,
    graph: str | None,
    profile: str | None,
    person: str | None,
) -> None:
    """Write the graph: N-Quads/TriG keep named graphs; other formats write their union.

    JSON-LD is compact, with the project's @context (ontology/context.jsonld); past 50,000
    triples it is streamed in expanded form instead. --profile vivo writes the VIVO-ISF
    profile; --person IRI writes one person's framed JSON-LD document (topics, memberships,
    metrics, publications with their authors in order).
    """
    rdf_format = _export_format(rdf_format, graph=graph, profile=profile, person=person)
    settings = _settings(ctx, store=store)
    iris = Iris(settings.base)
    with _open_store(settings, read_only=True) as graph_store:

        def write(handle: BinaryIO) -> None:
            if profile == "vivo":  # its scratch store beside the output: /tmp may be in RAM
                scratch = output.parent if output is not None else None
                write_vivo(graph_store, handle, rdf_format, scratch_dir=scratch)
            elif person is not None:
                context = load_context(settings.ontology_dir)
                document = person_document(graph_store, person, context=context)
                handle.write(json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8"))
                handle.write(b"\n")
            elif rdf_format == "jsonld":
                context = load_context(settings.ontology_dir)
                form = write_export(
                    graph_store,
                    handle,
                    context=context,
                    exclude_graphs=list(iris.internal_graphs),
                    graph=graph,
                )
                if form == "expanded":
                    err_console.print("large store: JSON-LD written in expanded form (no @context)")
            else:
                graph_store.dump(
                    handle,
                    rdf_format,
                    graph=graph,
                    exclude_graphs=list(iris.internal_graphs),
                    prefixes=PREFIXES,
                )

        if output is None:
            write(sys.stdout.buffer)
            return
        tmp = output.with_name(output.name + ".partial")
        with tmp.open("wb") as handle:
            write(handle)
        tmp.replace(output)
        err_console.print(f"wrote {output}")


def _export_format(
    rdf_format: str | None, *, graph: str | None, profile: str | None, person: str | None
) -> str:
    """The export format, checked against --profile / --person / --graph."""
    if profile is not None and person is not None:
        raise click.UsageError("give --profile or --person, not both")
    if (profile is not None or person is not None) and graph is not None:
        raise click.UsageError("--graph does not combine with --profile or --person")
    if profile == "vivo":
        rdf_format = rdf_format or "turtle"
        if rdf_format not in VIVO_FORMATS:
            raise click.UsageError(f"--profile vivo writes {', '.join(VIVO_FORMATS)}")
    if person is not None:
        rdf_format = rdf_format or "jsonld"
        if rdf_format != "jsonld":
            raise click.UsageError("--person writes JSON-LD only (--format jsonld)")
    return rdf_format or "nquads"


# ----------------------------------------------------------------------------- query


@main.command("query")
@click.argument("sparql", required=False)
@store_option
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from a file (e.g. queries/NAME.rq).",
)
@click.option("-n", "--name", help="Run queries/NAME.rq by name.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
    default="table",
    show_default=True,
)
@click.pass_context
@_handle_errors
def query_command(
    ctx: click.Context,
    sparql: str | None,
    store: str | None,
    query_file: Path | None,
    name: str | None,
    output_format: str,
) -> None:
    """Run a SPARQL query over the union of all graphs."""
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query, -f FILE, -n NAME")
    if query_file:
        text = query_file.read_text(encoding="utf-8")
    elif name:
        text = load_query(name)
    else:
        text = str(sparql)
    settings = _settings(ctx, store=store)
    with _open_store(settings, read_only=True) as graph_store:
        if output_format == "table":
            answer = graph_store.query_serialized(text, result_format="json")
            _print_table(answer.kind, answer.body)
            return
        result_format = output_format if output_format in ("json", "csv", "tsv", "xml") else "json"
        graph_format = output_format if output_format in ("turtle", "ntriples") else "turtle"
        answer = graph_store.query_serialized(
            text, result_format=result_format, graph_format=graph_format
        )
        sys.stdout.buffer.write(answer.body)


def _print_table(kind: str, body: bytes) -> None:
    if kind == "graph":
        sys.stdout.buffer.write(body)
        return
    data = json.loads(body)
    if kind == "ask":
        out_console.print("true" if data["boolean"] else "false")
        return
    variables = data["head"]["vars"]
    table = Table(*variables)
    for binding in data["results"]["bindings"]:
        table.add_row(*(binding.get(v, {}).get("value", "") for v in variables))
    out_console.print(table)
    out_console.print(f"{len(data['results']['bindings'])} rows", style="dim")


# ----------------------------------------------------------------------------- stats


@main.command("stats")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
@_handle_errors
def stats_command(ctx: click.Context, store: str | None, as_json: bool) -> None:
    """Counts by type, source documents, and merges by reason."""
    settings = _settings(ctx, store=store)
    iris = Iris(settings.base)
    with _open_store(settings, read_only=True) as graph_store:
        types = graph_store.select(load_query("stats-types")).rows
        sources = graph_store.select(
            load_query("stats-sources"), {"metadataGraph": iris.metadata_graph}
        ).rows
        merges = graph_store.select(load_query("stats-merges")).rows
    counts: dict[str, dict[str, int]] = {
        "Entities by type": {_short(r["type"]): int(_value(r["count"])) for r in types},
        "Merges by reason": {_value(r["reason"]): int(_value(r["count"])) for r in merges},
    }
    source_rows: list[dict[str, str | int]] = [
        {
            "source": _value(r["sourceId"]),
            "format": _short(r["format"]),
            "language": _value(r["language"]),
            "triples": int(_value(r["triples"])),
            "ingested": _value(r["generated"]),
        }
        for r in sources
    ]
    if as_json:
        data = {
            "types": counts["Entities by type"],
            "sources": source_rows,
            "merges": counts["Merges by reason"],
        }
        click.echo(json.dumps(data, indent=2))
        return
    for title, rows in counts.items():
        table = Table("name", "count", title=title, title_justify="left")
        for key, value in rows.items():
            table.add_row(key, str(value))
        out_console.print(table)
    columns = ("source", "format", "language", "triples", "ingested")
    table = Table(*columns, title="Sources", title_justify="left")
    for row in source_rows:
        table.add_row(*(str(row[k]) for k in columns))
    out_console.print(table)


def _value(term: Any) -> str:
    if isinstance(term, Lit):
        return term.value
    if isinstance(term, BNode):
        return term.id
    return str(term)


def _short(iri: Any) -> str:
    text = _value(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


# ----------------------------------------------------------------------------- forget


@main.command("forget")
@click.argument("source")
@store_option
@click.pass_context
@_handle_errors
def forget_command(ctx: click.Context, source: str, store: str | None) -> None:
    """Remove SOURCE (its URL, path or graph IRI) and every fact only it supported."""
    settings = _settings(ctx, store=store)
    with _open_store(settings) as graph_store:
        report = forget(source, settings, graph_store)
    if report.entities is None:
        what = f"resolved again where it reached: {report.resolved_locally}"
    else:
        what = "now " + ", ".join(f"{n} {kind}s" for kind, n in report.entities.items())
    out_console.print(
        f"forgot {report.source_id}; {report.graphs_written} graphs rewritten; {what}",
        highlight=False,
    )


# ----------------------------------------------------------------------------- optimize


@main.command("optimize")
@store_option
@click.pass_context
@_handle_errors
def optimize_command(ctx: click.Context, store: str | None) -> None:
    """Compact the store folder for faster lookups (ingest does it after a bulk load)."""
    settings = _settings(ctx, store=store)
    if is_remote(settings.store):
        raise StoreError("a remote store is compacted by its own server", where=settings.store)
    folder = Path(settings.store)
    if not (folder / "CURRENT").is_file():
        raise StoreError("no store in this folder", where=str(folder))
    before = _folder_bytes(folder)
    with _open_store(settings) as graph_store:
        graph_store.optimize()
        quads = len(graph_store)
    after = _folder_bytes(folder)
    out_console.print(
        f"optimized {folder}: {quads:,} quads, {_megabytes(before)} -> {_megabytes(after)} on disk",
        highlight=False,
    )


def _folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


# ----------------------------------------------------------------------------- validate


@main.command("validate")
@store_option
@click.option(
    "--shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SHACL shapes file (default: ontology/shapes.ttl).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text: grouped and counted; turtle: the SHACL report graph; json: every result.",
)
@click.pass_context
@_handle_errors
def validate_command(
    ctx: click.Context, store: str | None, shapes: Path | None, output_format: str
) -> None:
    """Check the graph against the SHACL shapes (union of all graphs but the records graph).

    Reports each problem's focus node, path, message and severity, grouped and counted.
    Exit status: 0 the graph conforms (warnings allowed), 7 it has violations.
    """
    from .validate import render, validate_store  # pyshacl loads only for this command

    settings = _settings(ctx, store=store)
    with _open_store(settings, read_only=True) as graph_store:
        report = validate_store(graph_store, settings, shapes)
    sys.stdout.write(render(report, output_format))
    if not report.conforms:
        counts = report.counts()
        raise ValidationFailed(
            f"the graph does not conform to the shapes: {counts['Violation']} violations"
        )


# ----------------------------------------------------------------------------- serve


@main.command("serve")
@store_option
@click.option("--host", help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 8000; 0 picks a free one).")
@click.option("--threads", type=int, help="Request threads (default 8).")
@click.option("--workers", type=int, help="Query worker processes (default 2).")
@click.option("--page-workers", type=int, help="Entity page worker processes (default 2).")
@click.option("--query-timeout", type=float, metavar="SECONDS", help="Stop queries after this.")
@click.option(
    "--worker-memory",
    type=click.IntRange(min=0),
    metavar="MB",
    help="Heap limit of each query and page worker (default: half the memory, shared; 0: none).",
)
@click.pass_context
@_handle_errors
def serve_command(
    ctx: click.Context,
    store: str | None,
    host: str | None,
    port: int | None,
    threads: int | None,
    workers: int | None,
    page_workers: int | None,
    query_timeout: float | None,
    worker_memory: int | None,
) -> None:
    """Serve the SPARQL endpoint, dumps, dataset description and linked-data pages (waitress).

    Read-only unless the settings enable updates (web.updates_enabled, with web.update_token).
    Queries and entity pages run in worker processes (a pool each) that are killed when they
    pass the time limit, and stopped when they pass their memory limit.
    Stop with Ctrl-C; restart after an ingest to serve the new data.
    """
    from .web.server import serve  # the web stack loads only for this command

    web = {
        "web_host": host,
        "web_port": port,
        "web_threads": threads,
        "web_query_workers": workers,
        "web_page_workers": page_workers,
        "web_query_timeout_s": query_timeout,
        "web_worker_memory_mb": worker_memory,
    }
    settings = _settings(ctx, store=store, **{k: v for k, v in web.items() if v is not None})

    def ready(url: str) -> None:
        store_label = display_store(settings.store)
        click.echo(f"scholargraph serving {store_label} at {url} (SPARQL: {url}sparql)")
        sys.stdout.flush()

    serve(settings, on_ready=ready)


if __name__ == "__main__":  # pragma: no cover
    main()
