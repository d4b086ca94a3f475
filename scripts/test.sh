#!/usr/bin/env bash
# Set up and run the whole test suite, then the linters. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if { ! command -v chromium >/dev/null 2>&1 || ! command -v virtuoso-t >/dev/null 2>&1; } \
  && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # the headless browser tests need Debian's chromium and chromedriver; the remote-store tests
  # start their own Virtuoso (DBA password preseeded so the install never asks)
  printf '%s\n' \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" \
    | debconf-set-selections
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver virtuoso-opensource >/dev/null
fi
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
