#!/usr/bin/env bash
# Command 2: from nothing to the whole test suite (lint, format check, unit and browser tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/system-packages.sh" test
"$root/scripts/setup-venv.sh" test
cd "$root"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
# Two processes (pytest-xdist), a test file at a time (the PDF files first), so the PDF
# tests and the browser tests run side by side. Arguments come after: `-n 0` runs in one process.
.venv/bin/python -m pytest -n 2 --dist loadfile "$@"
