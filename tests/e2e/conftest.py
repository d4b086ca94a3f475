"""Real servers for end-to-end tests: ``scholargraph serve`` in a subprocess on a free loopback
port, over a real on-disk store built in a temporary folder.

Two servers per session: a read-only one (the default) and one with updates enabled (token
``UPDATE_TOKEN``) on a store of its own, since the update tests clear it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from web_sparql.sample_graph import BASE, build_store

QUERY_TIMEOUT_S = 1.5
UPDATE_TIMEOUT_S = 5.0
UPDATE_TOKEN = "e2e-secret-token"
START_TIMEOUT_S = 90.0


@dataclass
class Server:
    url: str  # base URL, ending with "/"
    process: subprocess.Popen[str]
    store: Path

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def descendants(self) -> dict[int, str]:
        """pid -> process name (``/proc/PID/comm``) of every process below the server."""
        children: dict[int, list[int]] = {}
        names: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                names[int(entry.name)] = (entry / "comm").read_text().strip()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":  # zombies have finished
                children.setdefault(int(fields[1]), []).append(int(entry.name))
        found: dict[int, str] = {}
        todo = [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found[child] = names.get(child, "")
                todo.append(child)
        return found

    def readers(self) -> set[int]:
        """The query workers."""
        return {pid for pid, name in self.descendants().items() if name == "sg-reader"}

    def page_workers(self) -> set[int]:
        return {pid for pid, name in self.descendants().items() if name == "sg-pages"}


def start_server(
    tmp: Path,
    *,
    config: str = "",
    extra_env: dict[str, str] | None = None,
    timeout_s: float = QUERY_TIMEOUT_S,
) -> Server:
    """Start ``scholargraph serve --port 0`` and wait for the URL it prints."""
    store_dir = tmp / "store"
    if not store_dir.exists():
        build_store(store_dir).close()
    config_file = tmp / "scholargraph.toml"
    config_file.write_text(
        f'[scholargraph]\nbase_iri = "{BASE}"\n[scholargraph.web]\nquery_workers = 2\n{config}',
        encoding="utf-8",
    )
    env = {**os.environ, **(extra_env or {})}
    env.pop("SCHOLARGRAPH_STORE", None)
    command = [
        sys.executable, "-m", "scholargraph", "--config", str(config_file), "serve",
        "--store", str(store_dir), "--host", "127.0.0.1", "--port", "0",
        "--query-timeout", str(timeout_s), "--threads", "8",
    ]  # fmt: skip
    log = tmp / "server.log"  # a file, not a pipe nobody reads: the server never blocks on it
    with log.open("w") as stderr:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env
        )
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT_S
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "http://" in line or process.poll() is not None:
            break
    if "http://" not in line:
        process.kill()
        process.wait(timeout=10)
        raise RuntimeError(f"server did not start: {line!r} {log.read_text()}")
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    return Server(url, process, store_dir)


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only server over the sample graph (and the W3C protocol graphs)."""
    running = start_server(tmp_path_factory.mktemp("readonly"))
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with updates enabled, on a store of its own; the token comes from the
    environment, as it should in production."""
    running = start_server(
        tmp_path_factory.mktemp("updates"),
        config="updates_enabled = true\n",
        extra_env={"SCHOLARGRAPH_UPDATE_TOKEN": UPDATE_TOKEN},
        # an update also snapshots the store for the readers: on a loaded 2-core machine an
        # ordinary small update can take over 1.5 s, and only the runaway should hit the limit
        timeout_s=UPDATE_TIMEOUT_S,
    )
    yield running
    stop_server(running)


def apply_update(server: Server, text: str) -> None:
    """Send a SPARQL Update with the server's token; it must succeed (204)."""
    response = requests.post(
        server.sparql,
        data=text,
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {UPDATE_TOKEN}",
        },
        timeout=30,
    )
    assert response.status_code == 204, response.text


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
