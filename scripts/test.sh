#!/usr/bin/env bash
# Command 2: from nothing to the whole test suite (lint, format check, unit and browser tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Browser tests drive Debian's Chromium; install it when it is missing (needs root and apt).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: chromium is missing and cannot be installed here; browser tests will be skipped" >&2
  fi
fi
"$root/scripts/setup-venv.sh" test
cd "$root"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
.venv/bin/python -m pytest "$@"
