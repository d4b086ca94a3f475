"""Start and stop a Virtuoso Open-Source server for tests and benchmarks (no pytest here).

``virtuoso-t +foreground`` runs on its own database in a folder of ours, with free loopback
ports for ISQL and HTTP (``DirsAllowed`` includes the folder). Updates go through Virtuoso's
authenticated endpoints (``/sparql-auth``, ``/sparql-graph-crud-auth``: HTTP digest, user
``dba``/``dba`` of a fresh database), so no grant is needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scholargraph.config import RemoteSettings, Settings

BASE = "https://graph.test"
VIRTUOSO = os.environ.get("SCHOLARGRAPH_VIRTUOSO", "virtuoso-t")
START_TIMEOUT_S = 90.0

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {dir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxMemPoolSize = 100000000
MaxQueryMem = 1G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 1

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_virtuoso() -> str | None:
    """The path of ``virtuoso-t`` (or ``$SCHOLARGRAPH_VIRTUOSO``), ``None`` when missing."""
    return shutil.which(VIRTUOSO)


@dataclass
class Virtuoso:
    """One Virtuoso server on loopback ports, in its own folder."""

    folder: Path
    binary: str
    max_rows: int = 1_000_000
    buffers: int = 20_000
    http_port: int = field(default_factory=free_port)
    isql_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_endpoint(self) -> str:
        return f"{self.url}/sparql-auth"

    def remote_settings(self, **overrides: object) -> RemoteSettings:
        values: dict[str, object] = {
            "graph_store_endpoint": "/sparql-graph-crud-auth",
            "username": "dba",
            "password": "dba",
            "auth": "digest",
            "timeout_s": 60.0,
            "retries": 2,
            "retry_backoff_s": 0.1,
        }
        values.update(overrides)
        return RemoteSettings.model_validate(values)

    def settings(self, base: str = BASE, **overrides: object) -> Settings:
        return Settings(
            store=self.query_endpoint,
            base_iri=base,
            parse_workers=1,
            remote=self.remote_settings(**overrides),
        )

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "vsp").mkdir(exist_ok=True)
        ini = INI.format(
            dir=self.folder,
            isql_port=self.isql_port,
            http_port=self.http_port,
            max_rows=self.max_rows,
            buffers=self.buffers,
            dirty_buffers=self.buffers * 3 // 4,
        )
        (self.folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
        log = (self.folder / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited early:\n{self.log_tail()}")
            try:
                answer = requests.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=2)
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"virtuoso-t did not answer in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        path = self.folder / "virtuoso.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-20:])

    def kill(self) -> None:
        """SIGKILL: no checkpoint, no clean shutdown (what a crash looks like)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None
