#!/usr/bin/env bash
# Installs the Debian packages the project needs outside Python, when they are missing:
#   pango (WeasyPrint's text layout) and fonts for the PDF; with "test": chromium (browser tests)
#   and poppler-utils (pdftoppm, PDF pages as images for review).
set -euo pipefail
need=()
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -q "DejaVu Sans" || need+=(fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "warning: missing system packages (${need[*]}); install them with your package manager" >&2
fi
