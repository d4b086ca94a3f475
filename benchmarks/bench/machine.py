"""What machine the figures came from: cores, memory, CPU model, Python and pyoxigraph."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_info() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "pyoxigraph": metadata.version("pyoxigraph"),
        "platform": platform.platform(),
        "load_average_at_start": _load(),
    }
