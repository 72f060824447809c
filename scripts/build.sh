#!/usr/bin/env bash
# Command 1: from nothing to the bundled edition.
# Installs missing system libraries, sets up .venv, installs the project, validates the catalogue,
# renders the PDF edition and builds the website (which links the PDF) into site/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/system-packages.sh"
"$root/scripts/setup-venv.sh"
cd "$root"
.venv/bin/toolbox build
echo "Open site/index.html through a web server, e.g. '.venv/bin/toolbox serve' (http://127.0.0.1:8000)."
