"""A SPARQL Update when the store's disk is full: 507 Insufficient Storage with the error's
usual body, the data as they were, and once there is room again the next update lands without
restarting the server (the storage engine refuses writes until it is opened again: the store's
owner process does so). Real server (``scholargraph serve``), real full disk (a tmpfs in a
private mount namespace, :mod:`tests.pipeline.small_disk`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.pipeline.conftest import BASE, EXAMPLES_DIR, REPO
from tests.pipeline.small_disk import run_on_small_disk

TOKEN = "disk-full-test-token"

# Runs inside the namespace: serve the store, then send updates with the disk full and with
# room again; prints what each answer was. The test's steps fill and empty the disk between.
CLIENT = """
import json, os, subprocess, sys, time, urllib.error, urllib.parse, urllib.request
store, config, step = sys.argv[1], sys.argv[2], sys.argv[3]
port_file = store + ".port"
if step == "start":
    server = subprocess.Popen(
        [sys.executable, "-m", "scholargraph.cli", "--config", config, "serve", "--store", store,
         "--port", "0", "--workers", "1", "--page-workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    for line in server.stdout:
        if "http://127.0.0.1:" in line:
            port = line.split("http://127.0.0.1:")[1].split("/")[0].split()[0]
            break
    open(port_file, "w").write(f"{port} {server.pid}")
    print(json.dumps({"port": port}))
    sys.exit(0)
port, pid = open(port_file).read().split()
url = f"http://127.0.0.1:{port}/sparql"
def call(data, headers):
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
if step == "stop":
    os.kill(int(pid), 2)
    sys.exit(0)
auth = {"Authorization": "Bearer " + os.environ["SCHOLARGRAPH_UPDATE_TOKEN"],
        "Accept": "application/json"}
status, body = call({"update": 'INSERT DATA { <urn:x:a> <urn:x:b> "%s" }' % step}, auth)
count = call({"query": "SELECT (COUNT(*) AS ?n) WHERE { <urn:x:a> <urn:x:b> ?o }"},
             {"Accept": "application/sparql-results+json"})
print(json.dumps({"status": status, "body": body, "count": count[1]}))
"""


@pytest.mark.slow
def test_an_update_on_a_full_disk_is_a_507_and_the_next_one_lands(tmp_path: Path) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    store = str(mount / "store")
    config = tmp_path / "settings.toml"
    config.write_text("[scholargraph.web]\nupdates_enabled = true\n", encoding="utf-8")
    args = [store, str(config)]
    results = run_on_small_disk(
        {
            "mount": str(mount),
            "size_mb": 64,
            "env": {"SCHOLARGRAPH_BASE_IRI": BASE, "SCHOLARGRAPH_UPDATE_TOKEN": TOKEN},
            "steps": [
                {"cli": ["ingest", "-q", "--store", store, str(EXAMPLES_DIR)]},
                {"python": CLIENT, "args": [*args, "start"]},
                {"python": CLIENT, "args": [*args, "room"]},
                {"fill": True},
                {"python": CLIENT, "args": [*args, "full"]},
                {"python": CLIENT, "args": [*args, "still-full"]},
                {"unfill": True},
                {"python": CLIENT, "args": [*args, "room-again"]},
                {"python": CLIENT, "args": [*args, "stop"]},
            ],
        },
        cwd=REPO,
    )
    ingested, started, room, _, full, still_full, _, room_again, _ = results
    assert ingested["rc"] == 0, ingested["stderr"]
    assert started["rc"] == 0, started["stderr"]
    answers = {}
    for name, result in (("room", room), ("full", full), ("still-full", still_full),
                         ("room-again", room_again)):  # fmt: skip
        assert result["rc"] == 0, result["stderr"]
        answers[name] = json.loads(result["stdout"])
    counts = {
        name: int(json.loads(a["count"])["results"]["bindings"][0]["n"]["value"])
        for name, a in answers.items()
    }
    assert answers["room"]["status"] in (200, 204)
    assert counts["room"] == 1
    for name in ("full", "still-full"):
        assert answers[name]["status"] == 507, answers[name]
        error = json.loads(answers[name]["body"])
        assert error["error"] == "disk-full" and error["status"] == 507
        assert "the disk holding the store is full" in error["message"]
    # the data as before the full disk (an update the engine had logged before it failed
    # may be in: a failed write never takes anything away)
    assert counts["full"] in (1, 2)
    assert counts["still-full"] == counts["full"]
    # room again, same server: the update lands
    assert answers["room-again"]["status"] in (200, 204), answers["room-again"]
    assert counts["room-again"] == counts["still-full"] + 1
