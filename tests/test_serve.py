"""`toolbox serve` previews on 127.0.0.1 and regenerates pages when a record changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str, deadline: float, wanted: str) -> str:
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                last = response.read().decode("utf-8")
            if wanted in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    return last


def test_serve_regenerates_when_a_record_changes(site_project: Path):
    port = _free_port()
    toolbox = Path(sys.executable).with_name("toolbox")
    server = subprocess.Popen(
        [str(toolbox), "serve", "--port", str(port)],
        cwd=site_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/tools/methodieken-groepsgesprekken/"
        first = _fetch(url, time.monotonic() + 60, "Methodieken groepsgesprekken")
        assert "Methodieken groepsgesprekken" in first
        record = site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
        text = record.read_text(encoding="utf-8")
        text = text.replace("name: Methodieken groepsgesprekken", "name: Gewijzigde naam")
        record.write_text(text, encoding="utf-8")
        changed = _fetch(url, time.monotonic() + 60, "Gewijzigde naam")
        assert "Gewijzigde naam" in changed
        # Beside the pages, as in `toolbox build`: the open data (regenerated with them) and the
        # edition's identity stylesheet.
        data = _fetch(
            f"http://127.0.0.1:{port}/data/tools.csv", time.monotonic() + 60, "Gewijzigde"
        )
        assert "Gewijzigde naam" in data
        identity = f"http://127.0.0.1:{port}/assets/identity/identiteit.css"
        assert "--zb-primary" in _fetch(identity, time.monotonic() + 30, "--zb-primary")
    finally:
        server.terminate()
        server.wait(timeout=10)
