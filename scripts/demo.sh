#!/usr/bin/env bash
# The main job: set up, ingest the example pages into ./data/store, serve on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SCHOLARGRAPH_STORE=${SCHOLARGRAPH_STORE:-$PWD/data/store}
.venv/bin/scholargraph ingest examples/pages
exec .venv/bin/scholargraph serve --host 127.0.0.1 --port "${PORT:-8000}"
