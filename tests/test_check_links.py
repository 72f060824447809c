"""`toolbox check-links` against a local HTTP server on 127.0.0.1; no test reaches the internet."""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import ClassVar

import pytest

from toolbox_build.linkcheck import CheckSettings, check_links

SLOW_SECONDS = 2.0


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        _Handler.hits.append(self.path)
        routes = {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/gone": (404, {}),
            "/removed": (410, {}),
            "/busy": (429, {"Retry-After": "60"}),
        }
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path == "/drop":
            self.connection.close()  # close without an answer
            return
        status, headers = routes.get(self.path, (200, {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.hits = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_each_kind_of_answer_gets_its_verdict(server, tmp_path):
    urls = {
        f"{server}{path}": ["tools_catalog/x.yaml:6"]
        for path in ("/ok", "/moved", "/gone", "/removed", "/busy", "/slow", "/drop")
    }
    settings = CheckSettings(concurrency=4, timeout=0.5, retries=1, backoff=0.05)
    results = {
        r.url.removeprefix(server): r for r in check_links(urls, settings, tmp_path / "c.json")
    }
    assert {path: r.state for path, r in results.items()} == {
        "/ok": "ok",
        "/moved": "omgeleid",
        "/gone": "dood",
        "/removed": "dood",
        "/busy": "onbekend",
        "/slow": "onbekend",
        "/drop": "onbekend",
    }
    assert results["/moved"].final_url == f"{server}/ok"
    assert results["/moved"].detail == "301 → /ok"
    assert results["/gone"].status == 404
    assert _Handler.hits.count("/slow") == 2  # one retry after the timeout
    assert results["/ok"].sources == ["tools_catalog/x.yaml:6"]


def test_second_run_within_expiry_sends_nothing(server, tmp_path):
    urls = {f"{server}/ok": ["a"], f"{server}/gone": ["b"]}
    settings = CheckSettings(timeout=1, expiry_hours=1)
    check_links(urls, settings, tmp_path / "cache.json")
    sent = len(_Handler.hits)
    again = check_links(urls, settings, tmp_path / "cache.json")
    assert len(_Handler.hits) == sent
    assert [r.state for r in again] == ["dood", "ok"]
    expired = CheckSettings(timeout=1, expiry_hours=0)
    check_links(urls, expired, tmp_path / "cache.json")
    assert len(_Handler.hits) > sent


def test_command_reports_and_exits_zero_unless_strict(server, site_project, run_cli):
    tool = site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    tool.write_text(
        tool.read_text(encoding="utf-8").replace(
            "https://www.saamo.be/publicatie.pdf", f"{server}/gone"
        ),
        encoding="utf-8",
    )
    video = site_project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml"
    video.write_text(
        video.read_text(encoding="utf-8").replace(
            "https://www.youtube.com/watch?v=IfIJYCh6OH8", f"{server}/moved"
        ),
        encoding="utf-8",
    )
    for name in ("organisations.yaml",):  # keep the test offline: no other hosts
        path = site_project / "content" / name
        path.write_text(
            "\n".join(x for x in path.read_text().splitlines() if "website:" not in x) + "\n"
        )
    result = run_cli("check-links", "--timeout", "1")
    assert result.exit_code == 0, result.err
    assert result.lines[0] == "2 adressen: 0 ok, 1 omgeleid, 1 dood, 0 onbekend."
    report = (site_project / "build" / "links" / "report.md").read_text(encoding="utf-8")
    assert f"| {server}/gone | 404 |" in report
    data = json.loads((site_project / "build" / "links" / "report.json").read_text())
    assert {r["state"] for r in data} == {"dood", "omgeleid"}
    strict = run_cli("check-links", "--strict", "--timeout", "1")
    assert strict.exit_code == 1


def test_only_new_checks_only_urls_added_since_a_ref(server, site_project, run_cli):
    import subprocess

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=site_project,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    tool = site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    tool.write_text(
        tool.read_text(encoding="utf-8").replace(
            "https://www.saamo.be/publicatie.pdf", f"{server}/removed"
        ),
        encoding="utf-8",
    )
    result = run_cli("check-links", "--only-new", "HEAD", "--timeout", "1")
    assert result.exit_code == 0
    assert result.lines[0] == "1 adressen: 0 ok, 0 omgeleid, 1 dood, 0 onbekend."
    assert _Handler.hits == ["/removed"]
