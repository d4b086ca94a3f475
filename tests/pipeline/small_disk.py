"""Run scholargraph's CLI on a store whose disk is small: a tmpfs of a given size, mounted in a
private mount namespace (``unshare``), so the disk really fills up and the storage engine
really gets ``ENOSPC``; nothing outside the test sees the mount, and it vanishes with it.

``python -m tests.pipeline.small_disk SPEC`` runs inside the namespace; :func:`run_on_small_disk`
starts it. SPEC (JSON): ``{"mount": DIR, "size_mb": N, "env": {...}, "steps": [...]}``; a step
is ``{"cli": [args]}`` (the real CLI, its exit code and output recorded), ``{"python": CODE,
"args": [...]}`` (a script, recorded the same way), ``{"resize_mb": N}``,
``{"fill": true}`` (a file takes every free byte), ``{"unfill": true}`` or
``{"copy": FOLDER, "to": DIR}`` (a copy outside the mount, for the test to read afterwards).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

FILLER = "filler"


def _mount(mount: str, size_mb: int, *, remount: bool = False) -> None:
    options = f"size={size_mb}m" + (",remount" if remount else "")
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mount], check=True)


def _fill(mount: str) -> None:
    block = b"\0" * (1 << 16)
    with open(os.path.join(mount, FILLER), "wb", buffering=0) as out:
        try:
            while True:
                out.write(block)
        except OSError:
            pass
    # what a partial block left free
    with open(os.path.join(mount, FILLER), "ab", buffering=0) as out:
        try:
            while True:
                out.write(b"\0")
        except OSError:
            pass


def _run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    return {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def main(spec: dict[str, Any]) -> list[dict[str, Any]]:
    mount = spec["mount"]
    _mount(mount, spec["size_mb"])
    env = {**os.environ, **spec.get("env", {})}
    results: list[dict[str, Any]] = []
    for step in spec["steps"]:
        if "cli" in step:
            results.append(_run(["-m", "scholargraph.cli", *step["cli"]], env))
            continue
        if "python" in step:  # a script of the test's (e.g. a client of a served store)
            results.append(_run(["-c", step["python"], *step.get("args", [])], env))
            continue
        if "resize_mb" in step:
            _mount(mount, step["resize_mb"], remount=True)
        elif "fill" in step:
            _fill(mount)
        elif "unfill" in step:
            os.remove(os.path.join(mount, FILLER))
        elif "copy" in step:
            shutil.copytree(step["copy"], step["to"])
        results.append({"free": shutil.disk_usage(mount).free})
    return results


def run_on_small_disk(spec: dict[str, Any], cwd: Path) -> list[dict[str, Any]]:
    """Run ``spec`` in a private mount namespace (as root, or as a user mapped to root)."""
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    done = subprocess.run(
        ["unshare", *user, "--mount", sys.executable, "-m", "tests.pipeline.small_disk"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"the small-disk driver failed:\n{done.stderr}"
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.stdin.read()))))
