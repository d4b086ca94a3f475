"""The rdflib-endpoint side of the query benchmark: its own virtual environment, the store
exported to N-Quads with ``scholargraph export``, and the server
(:mod:`benchmarks.bench_queries_rdflib_server`) started on a loopback port.

rdflib-endpoint is never installed in the project's environment: the benchmark creates
``WORK/rdflib-venv`` (``python -m venv``, ``pip install rdflib-endpoint uvicorn``) the first
time and reuses it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVER_SCRIPT = Path(__file__).with_name("bench_queries_rdflib_server.py")
PACKAGES = ("rdflib-endpoint", "uvicorn")


def ensure_venv(path: Path) -> Path:
    """The venv's python, creating the venv and installing rdflib-endpoint when missing."""
    python = path / "bin" / "python"
    probe = [str(python), "-c", "import rdflib_endpoint, uvicorn"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating {path} with {', '.join(PACKAGES)}", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return python


def export_nquads(store_dir: Path, config: Path, out: Path) -> tuple[int, float]:
    """``scholargraph export`` of the store (every graph but the internal records graph) to
    N-Quads; the number of quads written and the seconds it took."""
    started = time.monotonic()
    command = [
        sys.executable, "-m", "scholargraph", "--config", str(config), "export",
        "--store", str(store_dir), "--format", "nquads", "-o", str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    with out.open("rb") as handle:
        quads = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return quads, seconds


@dataclass
class RdflibServer:
    process: subprocess.Popen[str]
    url: str  # …/sparql
    info: dict[str, Any]
    peak_rss_mb: float = 0.0
    _watch: threading.Thread | None = None
    _stop: bool = False

    @property
    def root(self) -> str:
        return self.url.rsplit("/sparql", 1)[0] + "/"

    def watch_memory(self) -> None:
        """Track the peak resident memory of the server and its children (sampled)."""

        def run() -> None:
            while not self._stop and self.process.poll() is None:
                self.peak_rss_mb = max(self.peak_rss_mb, tree_rss_mb(self.process.pid))
                time.sleep(0.5)

        self._watch = threading.Thread(target=run, daemon=True)
        self._watch.start()

    def close(self) -> None:
        self._stop = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its direct children, MB (Linux ``/proc``)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    total = 0
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def start_rdflib(
    python: Path, data: Path, *, timeout: float, workers: int, load_timeout: float, log: Path
) -> RdflibServer:
    """Start the server on ``data`` and wait (up to ``load_timeout`` s) until it has loaded;
    its messages (workers ended past the time limit) go to ``log``."""
    command = [
        str(python), str(SERVER_SCRIPT), str(data), "--port", "0",
        "--timeout", str(timeout), "--workers", str(workers),
    ]  # fmt: skip
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    assert process.stdout is not None
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:  # memory while loading
        while not done.is_set() and process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(1.0)

    threading.Thread(target=sample, daemon=True).start()
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(load_timeout)
    done.set()
    if not line or not line[0].startswith("{"):
        process.kill()
        process.wait()
        why = "did not load in time" if not line else f"said {line[0]!r}"
        raise RuntimeError(f"rdflib-endpoint {why} (exit {process.returncode})")
    info = json.loads(line[0])
    server = RdflibServer(process, info["url"], info, peak_rss_mb=peak[0])
    server.watch_memory()
    return server
