"""The four benchmarks (and the profile), each measured against a baseline in the same run.

Every function takes the run's :class:`Workspace` and returns a JSON-ready dict; stores and
corpora live under the workspace folder and corpora are reused when already generated.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bench.measure import Measured, run_command, run_job
from benchmarks.corpus import generate_corpus

NQUADS_LINE_END = b" .\n"


@dataclass(frozen=True)
class Workspace:
    root: Path
    seed: int

    def corpus(self, researchers: int) -> Path:
        """The corpus for ``researchers`` (generated once, then reused)."""
        folder = self.root / f"corpus-{researchers}-s{self.seed}"
        info = folder / "info.json"
        if info.is_file():
            data = json.loads(info.read_text())
            if data.get("researchers") == researchers and data.get("seed") == self.seed:
                return folder
        shutil.rmtree(folder, ignore_errors=True)
        generate_corpus(folder, researchers, self.seed)
        return folder

    def fresh(self, name: str) -> Path:
        path = self.root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        return path

    def store(self, researchers: int) -> Path:
        return self.root / f"store-{researchers}"


def _info(corpus: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus / "info.json").read_text())
    return data


# ----------------------------------------------------------------------------- a. ingest


def ingest(ws: Workspace, researchers: int) -> dict[str, Any]:
    """End-to-end ingest into a fresh on-disk store vs ``bulk_load`` of the same quads."""
    corpus = ws.corpus(researchers)
    store = ws.fresh(f"store-{researchers}")
    dump = ws.fresh(f"dump-{researchers}.nq")
    run = run_job("ingest", pages=corpus / "pages", store=store, nquads=dump)
    bulk = run_job("bulkload", nquads=dump, store=ws.fresh(f"bulk-{researchers}"))
    shutil.rmtree(ws.root / f"bulk-{researchers}", ignore_errors=True)
    dump.unlink()  # gigabytes at 10k; the store itself is kept for dumps and incremental
    r, b = run.result, bulk.result
    pages = _info(corpus)["pages"]
    return {
        "researchers": researchers,
        "pages": pages,
        "files_failed": r["failed"],
        "quads": r["quads"],
        "ingest_s": r["ingest_s"],
        "ingest_cpu_s": r["ingest_cpu_s"],
        "cpu_utilisation": r["ingest_cpu_s"] / r["ingest_s"],
        "pages_per_s": pages / r["ingest_s"],
        "quads_per_s": r["quads"] / r["ingest_s"],
        "peak_rss_mb": r["peak_rss_mb"],
        "peak_worker_rss_mb": r["peak_worker_rss_mb"],
        "process_wall_s": run.wall_s,
        "bulkload_s": b["bulkload_s"],
        "bulkload_quads": b["quads"],
        "bulkload_quads_per_s": b["quads"] / b["bulkload_s"],
        "bulkload_peak_rss_mb": b["peak_rss_mb"],
        "ratio_vs_bulkload": r["ingest_s"] / b["bulkload_s"],
        "stages_s": r.get("stages_s", {}),
        "entities": r["entities"],
        "disk": r.get("disk", {}),
        "memory_needed_mb": r.get("memory_needed_mb"),
    }


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """t(2n)/t(n) for every measured pair of sizes where one is twice the other."""
    by_size = {row["researchers"]: row for row in rows}
    out = []
    for n, row in sorted(by_size.items()):
        twice = by_size.get(2 * n)
        if twice:
            out.append(
                {
                    "n": n,
                    "2n": 2 * n,
                    "time_ratio": twice["ingest_s"] / row["ingest_s"],
                    "bulkload_ratio": twice["bulkload_s"] / row["bulkload_s"],
                }
            )
    return out


# ----------------------------------------------------------------------------- b. quality


def quality(ws: Workspace, researchers: int) -> dict[str, Any]:
    measured = run_job("quality", root=ws.corpus(researchers))
    return {"researchers": researchers, "process_wall_s": measured.wall_s, **measured.result}


# ----------------------------------------------------------------------------- c. dumps


def _cli_export(store: Path, rdf_format: str, output: Path) -> Measured:
    code = "import sys; from scholargraph.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", code, "export", "--store", str(store)]
    return run_command([*cmd, "--format", rdf_format, "-o", str(output)])


def _count_statements(path: Path, rdf_format: str) -> int:
    if rdf_format == "nquads":
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.endswith(NQUADS_LINE_END))
    return -1  # Turtle statements are not one a line; rates use the store's quad count


def dumps(ws: Workspace, researchers: int) -> list[dict[str, Any]]:
    """``scholargraph export`` vs pyoxigraph serialising the same store, per format."""
    store = ws.store(researchers)
    rows = []
    for rdf_format in ("nquads", "turtle"):
        out_cli = ws.fresh(f"export-{researchers}.{rdf_format}")
        cli = _cli_export(store, rdf_format, out_cli)
        if cli.returncode != 0:
            raise RuntimeError(f"scholargraph export failed:\n{cli.stderr}")
        out_direct = ws.fresh(f"direct-{researchers}.{rdf_format}")
        direct = run_job("dump_direct", store=store, rdf_format=rdf_format, output=out_direct)
        d = direct.result
        cli_quads = _count_statements(out_cli, rdf_format)
        quads = cli_quads if cli_quads >= 0 else d["quads"]
        row = {
            "researchers": researchers,
            "format": rdf_format,
            "store_quads": d["quads"],
            "cli_statements": quads,
            "cli_s": cli.wall_s,
            "cli_bytes": out_cli.stat().st_size,
            "cli_peak_rss_mb": cli.peak_rss_mb,
            "cli_quads_per_s": quads / cli.wall_s,
            "direct_s": d["dump_s"],
            "direct_bytes": d["bytes"],
            "direct_peak_rss_mb": d["peak_rss_mb"],
            "direct_quads_per_s": d["quads"] / d["dump_s"],
        }
        row["cli_vs_direct"] = row["cli_quads_per_s"] / row["direct_quads_per_s"]
        rows.append(row)
        out_cli.unlink()
        out_direct.unlink()
    return rows


# ----------------------------------------------------------------------------- d. incremental


def _change(text: str) -> str:
    """A realistic re-capture: one abstract's cut moves (or a title gains its final period)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "(see more)" in line or "(voir plus)" in line:
            lines[i] = line[: max(len(line) - 25, line.index("(") + 20)]
            return "\n".join(lines)
    return text + "."


def _new_entry(text: str) -> str:
    """A re-capture listing one more paper (what the resolver reads: it resolves again)."""
    return text.rstrip("\n") + "\nA Newly Listed Study of Benchmarks\nZofia Nowak, Ines Quarrie\n"


def _employer(text: str) -> str | None:
    """The organization of a profile page's last position line (``ROLE, ORGANIZATION``)."""
    lines = text.split("\n")
    if "Research Topics" not in lines:
        return None
    line = lines[lines.index("Research Topics") - 1]
    return line.split(", ", 1)[1] if ", " in line else None


def _employer_change(pages: list[Path]) -> tuple[Path, Any]:
    """The last page naming an employer, and a change giving it another page's employer (what
    the resolver reads: the organizations it leaves and joins move)."""
    named = [(p, e) for p in pages if (e := _employer(p.read_text("utf-8")))]
    page, own = named[-1]
    other = next(e for _, e in named if e != own)
    return page, lambda text: text.replace(f", {own}\n", f", {other}\n", 1)


def _unknown_topic(text: str) -> str:
    """A re-capture naming a topic outside the vocabulary that no page names (the resolver
    reads it: a new topic entity, made locally when its spelling is close to no other)."""
    return text.replace("Research Topics\n", "Research Topics\nTidal Quills of the Deep\n", 1)


def _new_page(ws: Workspace, researchers: int, pages: list[Path]) -> dict[str, Any]:
    """A page the store does not hold (someone new, listing the papers of a stored page), in a
    folder of its own; then forgotten again (``scholargraph forget``, which resolves
    everything)."""
    text = pages[len(pages) // 2].read_text("utf-8")
    owner = text.split("\n")[2]
    folder = ws.fresh("new-page")
    folder.mkdir()
    page = folder / "r999999-en1.txt"
    page.write_text(text.replace(owner, "Ilse Brandvold"), encoding="utf-8")
    store = ws.store(researchers)
    added = _result(run_job("incremental", page=page, store=store))
    forgotten = run_job("forget", source=str(page), store=store).result
    return {**added, "forget_s": forgotten["forget_s"]}


def _result(measured: Any) -> dict[str, Any]:
    r = measured.result
    return {
        "seconds": r["incremental_s"],
        "cpu_s": r["incremental_cpu_s"],
        "graphs_written": r["graphs_written"],
        "resolution_kept": r["resolution_kept"],
        "resolved_locally": r["resolved_locally"],
        "resolved_because": r["resolved_because"],
        "statuses": r["statuses"],
        "peak_rss_mb": r["peak_rss_mb"],
        "process_wall_s": measured.wall_s,
    }


def _one_page(ws: Workspace, researchers: int, page: Path, change: Any) -> dict[str, Any]:
    original = page.read_bytes()
    try:
        page.write_text(change(original.decode("utf-8")), encoding="utf-8")
        measured = run_job("incremental", page=page, store=ws.store(researchers))
    finally:
        page.write_bytes(original)
    return _result(measured)


def incremental(ws: Workspace, researchers: int) -> dict[str, Any]:
    """Re-ingest the whole corpus folder as it is (nothing changed since the ingest step), then
    one changed page twice into the store of ``researchers``: a re-capture whose abstract cut
    moved (the resolver reads it as before: mapped in place), and one listing a new paper
    (resolved again); then another page whose employer changed (organizations moved), the same
    page naming a topic outside the vocabulary that no page names (a new topic), and a new
    page. Each page is restored after its change, and an ingest restores the store's version of
    it; the new page is forgotten."""
    corpus = ws.corpus(researchers)
    again = run_job("incremental", page=corpus / "pages", store=ws.store(researchers)).result
    page = sorted((corpus / "pages").glob("*/r*-en1.txt"))[0]
    recapture = _one_page(ws, researchers, page, _change)
    new_entry = _one_page(ws, researchers, page, _new_entry)
    restored = run_job("incremental", page=page, store=ws.store(researchers)).result
    english = sorted((corpus / "pages").glob("*/r*-en1.txt"))
    moved_page, change = _employer_change(english)
    employer = _one_page(ws, researchers, moved_page, change)
    employer_restored = run_job("incremental", page=moved_page, store=ws.store(researchers))
    unknown_topic = _one_page(ws, researchers, moved_page, _unknown_topic)
    topic_restored = run_job("incremental", page=moved_page, store=ws.store(researchers))
    new_page = _new_page(ws, researchers, english)
    return {
        "researchers": researchers,
        "page": str(page.relative_to(corpus)),
        **recapture,
        "new_entry": new_entry,
        "restored_s": restored["incremental_s"],
        "employer": {"page": str(moved_page.relative_to(corpus)), **employer},
        "employer_restored_s": employer_restored.result["incremental_s"],
        "unknown_topic": unknown_topic,
        "unknown_topic_restored": _result(topic_restored),
        "new_page": new_page,
        "unchanged_folder": {
            "seconds": again["incremental_s"],
            "graphs_written": again["graphs_written"],
            "statuses": again["statuses"],
            "peak_rss_mb": again["peak_rss_mb"],
        },
    }


# ----------------------------------------------------------------------------- profile


def profile(ws: Workspace, researchers: int, output: Path) -> dict[str, Any]:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return {"skipped": "pyinstrument is not installed (pip install -e '.[bench]')"}
    store = ws.fresh(f"profile-store-{researchers}")
    measured = run_job(
        "profile_ingest", pages=ws.corpus(researchers) / "pages", store=store, output=output
    )
    shutil.rmtree(store, ignore_errors=True)
    return {"researchers": researchers, "output": str(output), **measured.result}
