#!/usr/bin/env bash
# Command 1: from nothing to the bundled edition.
# Sets up .venv, installs the project, then validates the bundled catalogue.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup-venv.sh"
cd "$root"
.venv/bin/toolbox validate
echo "The bundled edition validates. Next: .venv/bin/toolbox --help"
