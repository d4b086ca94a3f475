"""Run one measured step in a child process: wall time, CPU time and peak memory per run.

Each step is ``python -m benchmarks.bench.jobs NAME ARGS_JSON`` (or any command); the parent
waits with ``os.wait4`` so the child's CPU time includes the worker processes it waited for,
and its ``ru_maxrss`` is the peak of that process tree's largest member. Jobs print one JSON
object as their last stdout line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Measured:
    wall_s: float
    cpu_s: float  # user + system, the child and the descendants it waited for
    peak_rss_mb: float  # largest process of the child's tree
    returncode: int
    result: dict[str, Any] = field(default_factory=dict)
    stderr: str = ""

    @property
    def cpu_utilisation(self) -> float:
        """CPU seconds per wall second: 2.0 means two cores busy all the time."""
        return self.cpu_s / self.wall_s if self.wall_s else 0.0


def run_command(cmd: list[str], *, env: dict[str, str] | None = None) -> Measured:
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out_file, stderr=err_file, cwd=REPO, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    wall = time.perf_counter() - started  # includes reading the outputs back: negligible
    result: dict[str, Any] = {}
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if lines:
        try:
            result = json.loads(lines[-1])
        except json.JSONDecodeError:
            result = {"stdout_tail": lines[-1][:500]}
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        result=result,
        stderr=err.decode("utf-8", "replace")[-4000:],
    )


def run_job(name: str, **args: Any) -> Measured:
    """Run ``benchmarks.bench.jobs`` job ``name`` in a fresh interpreter."""
    cmd = [sys.executable, "-m", "benchmarks.bench.jobs", name, json.dumps(args, default=str)]
    measured = run_command(cmd)
    if measured.returncode != 0:
        raise RuntimeError(f"job {name} failed ({measured.returncode}):\n{measured.stderr}")
    return measured
