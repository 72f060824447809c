"""`toolbox check-links` against local HTTP servers on 127.0.0.1; no test reaches another address.

The checker refuses internal addresses, so the servers are allowed one by one through the
test-only allow-list (exact host:port pairs). Host names are answered by a fake resolver: every
name a test does not map fails to resolve, so nothing is ever looked up for real.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import threading
import time
import urllib.parse
from typing import ClassVar

import pytest

from toolbox_build.contribute import linkcheck
from toolbox_build.contribute.linkcheck import (
    UNREACHABLE_LOOKUP,
    CheckSettings,
    NetworkUnreachable,
    check_links,
)

SLOW_SECONDS = 2.0
DRIP_SECONDS = 1.0  # one byte per second
MARGIN = 2.0  # seconds of slack on a busy machine; an uncut exchange takes far longer
LOOPBACK = "127.0.0.1, een loopback-adres (deze computer)"
SCHEME_NOTE = "niet gevolgd; enkel http en https worden gecontroleerd"


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[int, str]]] = []

    def log_message(self, format, *args):
        pass

    def handle(self):
        with contextlib.suppress(OSError):  # the checker hung up on purpose
            super().handle()

    def do_GET(self):
        port = self.server.server_address[1]
        _Handler.hits.append((port, self.path))
        path, _, query = self.path.partition("?")
        path = "/" + path.rpartition("/")[2]  # the last segment picks the answer
        target = urllib.parse.parse_qs(query).get("to", [""])[0]
        routes = {
            "/ok": (200, {}, b"ok"),
            "/moved": (301, {"Location": "/ok"}, b""),
            "/moved-relative": (302, {"Location": "../ok"}, b""),
            "/redirect": (302, {"Location": target}, b""),
            "/gone": (404, {}, b""),
            "/removed": (410, {}, b""),
            "/busy": (429, {"Retry-After": "60"}, b""),
            "/wall": (403, {}, b"<p>Please solve the captcha</p>"),
            "/late-wall": (403, {}, b"x" * 4096 + b"captcha"),
        }
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
        if path == "/drop":
            self.connection.close()  # close without an answer
            return
        if path == "/drip":  # the status line itself, one byte per second
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
                self.wfile.write(bytes([byte]))
                time.sleep(DRIP_SECONDS)
            return
        if path == "/drip-body":  # a page the checker reads, one byte per second
            self.send_response(403)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                time.sleep(DRIP_SECONDS)
            return
        status, headers, body = routes.get(path, (200, {}, b"ok"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def start_server():
    """Start a server on 127.0.0.1; returns its base URL and its host:port."""
    servers = []

    def start() -> tuple[str, str]:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        port = httpd.server_address[1]
        return f"http://127.0.0.1:{port}", f"127.0.0.1:{port}"

    _Handler.hits = []
    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(start_server):
    return start_server()


@pytest.fixture
def fake_dns(monkeypatch):
    """name -> IP address, an exception to raise, or seconds to hang; IPs resolve as themselves."""
    names: dict[str, str | OSError | float] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        answer = names.get(host, host)
        if isinstance(answer, float):
            time.sleep(answer)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if isinstance(answer, OSError):
            raise answer
        try:
            socket.inet_pton(socket.AF_INET, answer)
        except OSError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


def allowing(*endpoints: str, **options) -> CheckSettings:
    return CheckSettings(allow_addresses=frozenset(endpoints), **options)


def one(url: str, settings: CheckSettings, cache=None) -> linkcheck.LinkResult:
    (result,) = check_links({url: ["tools_catalog/x.yaml:6"]}, settings, cache)
    return result


def test_each_kind_of_answer_gets_its_verdict(server, tmp_path):
    base, endpoint = server
    urls = {
        f"{base}{path}": ["tools_catalog/x.yaml:6"]
        for path in ("/ok", "/moved", "/gone", "/removed", "/busy", "/slow", "/drop", "/wall")
    }
    settings = allowing(endpoint, concurrency=4, timeout=0.5, retries=1, backoff=0.05)
    results = {
        r.url.removeprefix(base): r for r in check_links(urls, settings, tmp_path / "c.json")
    }
    assert {path: r.state for path, r in results.items()} == {
        "/ok": "ok",
        "/moved": "omgeleid",
        "/gone": "dood",
        "/removed": "dood",
        "/busy": "onbekend",
        "/slow": "onbekend",
        "/drop": "onbekend",
        "/wall": "onbekend",
    }
    assert results["/moved"].final_url == f"{base}/ok"
    assert results["/moved"].detail == f"301 → {base}/ok"
    assert results["/gone"].status == 404
    assert results["/slow"].detail == "geen antwoord: geen volledig antwoord binnen 0.5 s"
    assert results["/wall"].detail == "beperkt of afgeschermd (geen oordeel)"
    assert [p for _, p in _Handler.hits].count("/slow") == 2  # one retry after the timeout
    assert results["/ok"].sources == ["tools_catalog/x.yaml:6"]


def test_relative_redirect_is_reported_with_its_absolute_final_address(server):
    base, endpoint = server
    result = one(f"{base}/docs/moved-relative", allowing(endpoint))
    assert result.state == "omgeleid"
    assert result.final_url == f"{base}/ok"
    assert result.detail == f"302 → {base}/ok"


def test_second_run_within_expiry_sends_nothing(server, tmp_path):
    base, endpoint = server
    urls = {f"{base}/ok": ["a"], f"{base}/gone": ["b"]}
    settings = allowing(endpoint, timeout=1, expiry_hours=1)
    check_links(urls, settings, tmp_path / "cache.json")
    sent = len(_Handler.hits)
    again = check_links(urls, settings, tmp_path / "cache.json")
    assert len(_Handler.hits) == sent
    assert [r.state for r in again] == ["dood", "ok"]
    expired = allowing(endpoint, timeout=1, expiry_hours=0)
    check_links(urls, expired, tmp_path / "cache.json")
    assert len(_Handler.hits) > sent


def test_local_server_is_refused_without_the_test_option(server):
    base, _ = server
    result = one(f"{base}/ok", CheckSettings())
    assert (result.state, result.status, result.detail) == (
        "onbekend",
        None,
        f"geweigerd: {LOOPBACK}",
    )
    assert _Handler.hits == []


def test_allow_list_holds_exact_host_and_port_pairs(start_server):
    base, _ = start_server()
    _, other = start_server()
    result = one(f"{base}/ok", allowing(other, "localhost:" + base.rpartition(":")[2]))
    assert result.detail == f"geweigerd: {LOOPBACK}"
    assert _Handler.hits == []


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("http://localhost:{port}/ok", "geweigerd: 'localhost', een lokale naam (deze computer)"),
        ("http://0x7f.1:{port}/ok", f"geweigerd: '0x7f.1' = {LOOPBACK}"),
        ("http://2130706433:{port}/ok", f"geweigerd: '2130706433' = {LOOPBACK}"),
        ("http://[::ffff:127.0.0.1]:{port}/ok", f"geweigerd: '::ffff:127.0.0.1' = {LOOPBACK}"),
    ],
)
def test_other_spellings_of_the_local_server_are_refused(url, detail, server, fake_dns):
    base, _ = server
    result = one(url.format(port=base.rpartition(":")[2]), CheckSettings())
    assert (result.state, result.detail) == ("onbekend", detail)
    assert _Handler.hits == []


def test_public_looking_name_that_resolves_to_loopback_is_refused(server, fake_dns):
    base, _ = server
    port = base.rpartition(":")[2]
    fake_dns["buurtwerk.example"] = "127.0.0.1"
    result = one(f"http://buurtwerk.example:{port}/ok", CheckSettings())
    assert result.state == "onbekend"
    assert result.detail == f"geweigerd: 'buurtwerk.example' verwijst naar {LOOPBACK}"
    assert _Handler.hits == []


def test_connection_checks_the_peer_it_really_reached(server):
    """Whatever a lookup said, the connected socket's own peer address decides (DNS rebinding)."""
    base, _ = server
    port = int(base.rpartition(":")[2])
    checker = linkcheck._Checker(CheckSettings(), time.monotonic() + 5)
    connection = linkcheck._GuardedHTTPConnection(
        "buurtwerk.example",
        port,
        timeout=2,
        addresses=[(socket.AF_INET, ("127.0.0.1", port))],
        peer_refusal=checker.peer_refusal,
    )
    with pytest.raises(linkcheck._Refused) as refused:
        connection.connect()
    assert str(refused.value) == f"verbonden met {LOOPBACK}"
    assert connection.sock is None
    assert _Handler.hits == []


@pytest.mark.parametrize("how", ["address", "name", "name resolving inside"])
def test_redirect_from_an_allowed_server_to_an_internal_one_is_refused(how, start_server, fake_dns):
    first, endpoint = start_server()
    second, _ = start_server()
    port = second.rpartition(":")[2]
    fake_dns["intranet.example"] = "127.0.0.1"
    target, refusal = {
        "address": (f"{second}/ok", LOOPBACK),
        "name": (f"http://localhost:{port}/ok", "'localhost', een lokale naam (deze computer)"),
        "name resolving inside": (
            f"http://intranet.example:{port}/ok",
            f"'intranet.example' verwijst naar {LOOPBACK}",
        ),
    }[how]
    url = f"{first}/redirect?to={urllib.parse.quote(target, safe='')}"
    result = one(url, allowing(endpoint))
    assert result.state == "onbekend"
    assert result.final_url == target
    assert result.detail == (
        f"302 → {target} ; omleiding naar een intern adres geweigerd: {refusal}"
    )
    assert _Handler.hits == [(int(endpoint.rpartition(":")[2]), url.removeprefix(first))]


@pytest.mark.parametrize(
    ("target", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("javascript:alert(1)", "javascript"),
        ("ftp://ftp.example/pub/", "ftp"),
        ("gopher://gopher.example/", "gopher"),
    ],
)
def test_redirect_to_another_scheme_is_reported_not_followed(target, scheme, server, tmp_path):
    base, endpoint = server
    url = f"{base}/redirect?to={urllib.parse.quote(target, safe='')}"
    result = one(url, allowing(endpoint), tmp_path / "cache.json")
    assert result.state == "onbekend"
    assert result.final_url == target
    assert result.detail == f"302 → {target} ; omleiding naar een '{scheme}:'-adres {SCHEME_NOTE}"
    assert len(_Handler.hits) == 1


@pytest.mark.parametrize(
    ("target", "detail"),
    [
        ("http://[::1", "302 → ongeldig adres in de omleiding"),
        (
            "https:///geen-host",
            "302 → https:///geen-host ; omleiding naar een ongeldig adres: geen host",
        ),
        (
            "http://x.example:99999/",
            "302 → http://x.example:99999/ ; omleiding naar een ongeldig adres",
        ),
        (
            "http://999.1.1.1/",
            "302 → http://999.1.1.1/ ; omleiding naar een ongeldig adres: '999.1.1.1' is geen"
            " geldig IP-adres",
        ),
    ],
)
def test_redirect_to_a_malformed_address_is_reported(target, detail, server, fake_dns):
    base, endpoint = server
    url = f"{base}/redirect?to={urllib.parse.quote(target, safe='')}"
    result = one(url, allowing(endpoint))
    assert (result.state, result.detail) == ("onbekend", detail)


def test_server_sending_one_byte_per_second_is_cut_off_at_the_timeout(server):
    base, endpoint = server
    settings = allowing(endpoint, timeout=1.5, retries=0)
    started = time.monotonic()
    result = one(f"{base}/drip", settings)
    elapsed = time.monotonic() - started
    assert (result.state, result.detail) == (
        "onbekend",
        "geen antwoord: geen volledig antwoord binnen 1.5 s",
    )
    assert elapsed < 1.5 + MARGIN


def test_body_sent_one_byte_per_second_is_cut_off_at_the_timeout(server):
    base, endpoint = server
    started = time.monotonic()
    result = one(f"{base}/drip-body", allowing(endpoint, timeout=1.5, retries=0))
    assert result.detail == "geen antwoord: geen volledig antwoord binnen 1.5 s"
    assert time.monotonic() - started < 1.5 + MARGIN


@pytest.fixture
def dripping_tcp_server():
    """A bare TCP server that answers anything, TLS included, with one byte per second."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection, contextlib.suppress(OSError):
                while not stop.is_set():
                    connection.sendall(b"\x16")
                    time.sleep(DRIP_SECONDS)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    listener.close()


def test_tls_handshake_sent_one_byte_per_second_is_cut_off_at_the_timeout(dripping_tcp_server):
    endpoint = dripping_tcp_server
    started = time.monotonic()
    result = one(f"https://{endpoint}/", allowing(endpoint, timeout=1.5, retries=0))
    assert (result.state, result.detail) == (
        "onbekend",
        "geen antwoord: geen volledig antwoord binnen 1.5 s",
    )
    assert time.monotonic() - started < 1.5 + MARGIN


def test_https_to_a_server_without_tls_gets_no_verdict(server):
    base, endpoint = server
    result = one(base.replace("http:", "https:") + "/ok", allowing(endpoint, retries=0))
    assert (result.state, result.detail) == (
        "onbekend",
        "geen antwoord: TLS-verbinding mislukt (WRONG_VERSION_NUMBER)",
    )


def test_only_the_first_bytes_of_a_body_are_read(server):
    base, endpoint = server
    wall = one(f"{base}/wall", allowing(endpoint, max_bytes=1024))
    late = one(f"{base}/late-wall", allowing(endpoint, max_bytes=1024))
    assert (wall.state, wall.status) == ("onbekend", 403)
    assert (late.state, late.status, late.detail) == ("dood", 403, "")


def test_overall_deadline_ends_the_run_and_caches_nothing_unchecked(server, tmp_path):
    base, endpoint = server
    urls = {f"{base}/ok": ["a"], **{f"{base}/slow?{i}": ["b"] for i in range(5)}}
    settings = allowing(endpoint, concurrency=1, timeout=5, deadline=1.0)
    started = time.monotonic()
    results = check_links(urls, settings, tmp_path / "cache.json")
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + linkcheck.GRACE_SECONDS + MARGIN  # five slow answers take 10 s
    assert [(r.url.removeprefix(base), r.state, r.detail) for r in results] == [
        ("/ok", "ok", ""),
        ("/slow?0", "onbekend", "niet gecontroleerd binnen de tijdslimiet"),
        ("/slow?1", "onbekend", "niet gecontroleerd binnen de tijdslimiet"),
        ("/slow?2", "onbekend", "niet gecontroleerd binnen de tijdslimiet"),
        ("/slow?3", "onbekend", "niet gecontroleerd binnen de tijdslimiet"),
        ("/slow?4", "onbekend", "niet gecontroleerd binnen de tijdslimiet"),
    ]
    cached = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert sorted(cached) == [f"{base}/ok"]
    assert [p for _, p in _Handler.hits] == ["/ok", "/slow?0"]  # the rest never started


def test_without_network_nothing_is_reported_dead_or_cached(fake_dns, tmp_path):
    cache = tmp_path / "cache.json"
    cache.write_text('{"https://www.vvsg.be/": {"stale": true}}', encoding="utf-8")
    before = cache.read_bytes()
    urls = {"https://www.vvsg.be/zorgzame-buurten": ["a"], "https://www.saamo.be/": ["b"]}
    settings = CheckSettings(retries=1, backoff=0.01)
    with pytest.raises(NetworkUnreachable) as unreachable:
        check_links(urls, settings, cache)
    assert str(unreachable.value) == (
        "netwerk onbereikbaar: geen enkel adres kon worden opgezocht; niets gecontroleerd, niets"
        " in de cache gezet"
    )
    assert str(unreachable.value) == UNREACHABLE_LOOKUP
    assert cache.read_bytes() == before


def test_a_name_that_does_not_exist_is_dead_when_others_answer(server, fake_dns):
    base, endpoint = server
    port = base.rpartition(":")[2]
    fake_dns["buurtwerk.example"] = "127.0.0.1"
    urls = {f"http://buurtwerk.example:{port}/ok": ["a"], "https://bestaat-niet.example/": ["b"]}
    settings = allowing(endpoint, retries=0)
    results = {r.url: (r.state, r.detail) for r in check_links(urls, settings)}
    assert results == {
        f"http://buurtwerk.example:{port}/ok": ("ok", ""),
        "https://bestaat-niet.example/": ("dood", "geen antwoord: deze naam bestaat niet"),
    }


def test_a_lookup_that_hangs_is_given_up_at_the_timeout(server, fake_dns):
    base, endpoint = server
    fake_dns["traag.example"] = 6.0
    urls = {f"{base}/ok": ["a"], "https://traag.example/": ["b"]}
    started = time.monotonic()
    results = check_links(urls, allowing(endpoint, timeout=1, retries=0))
    assert time.monotonic() - started < 1 + MARGIN
    assert [(r.state, r.detail) for r in results] == [
        ("ok", ""),
        ("onbekend", "geen antwoord: naam niet opgezocht (geen antwoord binnen 1 s)"),
    ]


def _point_links_at(site_project, base_url: str, paths: dict[str, str]) -> None:
    for name, old in (
        ("methodieken-groepsgesprekken", "https://www.saamo.be/publicatie.pdf"),
        ("inspirerende-video-eenzaamheid", "https://www.youtube.com/watch?v=IfIJYCh6OH8"),
    ):
        if name not in paths:
            continue
        tool = site_project / "tools_catalog" / f"{name}.yaml"
        text = tool.read_text(encoding="utf-8")
        tool.write_text(text.replace(old, f"{base_url}{paths[name]}"), encoding="utf-8")
    path = site_project / "content" / "organisations.yaml"  # keep the run local: no other hosts
    path.write_text(
        "\n".join(x for x in path.read_text().splitlines() if "website:" not in x) + "\n"
    )


@pytest.fixture
def local_site(server, fake_dns, site_project):
    """The small project whose links point at the local server under a public-looking name."""
    base, endpoint = server
    fake_dns["buurtwerk.example"] = "127.0.0.1"
    public = "http://buurtwerk.example:" + base.rpartition(":")[2]
    return public, endpoint


def test_command_reports_and_exits_zero_unless_strict(local_site, site_project, run_cli):
    public, endpoint = local_site
    _point_links_at(
        site_project,
        public,
        {"methodieken-groepsgesprekken": "/gone", "inspirerende-video-eenzaamheid": "/moved"},
    )
    allow = ("--allow-private-addresses", endpoint)
    result = run_cli("check-links", "--timeout", "1", *allow)
    assert result.exit_code == 0, result.err
    assert result.lines[0] == "2 adressen: 0 ok, 1 omgeleid, 1 dood, 0 onbekend."
    report = (site_project / "build" / "links" / "report.md").read_text(encoding="utf-8")
    assert f"| {public}/gone | 404 |  |  |" in report
    assert f"| {public}/moved | 200 | {public}/ok | 301 → {public}/ok |" in report
    data = json.loads((site_project / "build" / "links" / "report.json").read_text())
    assert {r["state"] for r in data} == {"dood", "omgeleid"}
    strict = run_cli("check-links", "--strict", "--timeout", "1", *allow)
    assert strict.exit_code == 1


def test_command_refuses_the_local_server_without_the_hidden_option(
    local_site, site_project, run_cli
):
    public, _ = local_site
    _point_links_at(
        site_project,
        public,
        {"methodieken-groepsgesprekken": "/gone", "inspirerende-video-eenzaamheid": "/ok"},
    )
    result = run_cli("check-links", "--timeout", "1")
    assert result.exit_code == 0
    assert result.lines[0] == "2 adressen: 0 ok, 0 omgeleid, 0 dood, 2 onbekend."
    report = (site_project / "build" / "links" / "report.md").read_text(encoding="utf-8")
    assert f"geweigerd: 'buurtwerk.example' verwijst naar {LOOPBACK}" in report
    assert _Handler.hits == []


def test_command_without_network_exits_2_and_caches_nothing(fake_dns, site_project, run_cli):
    result = run_cli("check-links", "--timeout", "1")
    assert result.exit_code == 2
    assert result.err == (
        "toolbox: netwerk onbereikbaar: geen enkel adres kon worden opgezocht; niets"
        " gecontroleerd, niets in de cache gezet\n"
    )
    links = site_project / "build" / "links"
    assert not (links / "cache.json").exists()
    assert not (links / "report.json").exists()
    assert (links / "report.md").read_text(encoding="utf-8") == (
        "# Linkcontrole\n\nNetwerk onbereikbaar: geen enkel adres kon worden opgezocht; niets"
        " gecontroleerd, niets in de cache gezet.\n"
    )


def test_report_keeps_contributed_and_received_text_inert():
    result = linkcheck.LinkResult(
        "https://a.example/<img src=x>",
        "dood",
        404,
        detail="302 → https://b.example/[x](javascript:alert(1)) | *vet*",
        sources=["tools_catalog/x.yaml:6"],
    )
    report = linkcheck.markdown_report([result])
    assert report.splitlines()[-1] == (
        "| https://a.example/&lt;img src=x&gt; | 404 |  | 302 → https://b.example/\\[x\\]"
        "(javascript:alert(1)) \\| \\*vet\\* | tools\\_catalog/x.yaml:6 |"
    )


def test_deadline_is_an_option_and_the_test_option_stays_hidden(run_cli, capsys):
    with pytest.raises(SystemExit):
        run_cli("check-links", "--help")
    shown = capsys.readouterr().out
    assert "--deadline SECONDEN" in shown
    assert "allow-private" not in shown


def test_only_new_checks_only_urls_added_since_a_ref(local_site, site_project, run_cli):
    import subprocess

    public, endpoint = local_site

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=site_project,
            check=True,
            capture_output=True,
        )

    _point_links_at(site_project, public, {})
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    _point_links_at(site_project, public, {"methodieken-groepsgesprekken": "/removed"})
    result = run_cli(
        "check-links", "--only-new", "HEAD", "--timeout", "1", "--allow-private-addresses", endpoint
    )
    assert result.exit_code == 0
    assert result.lines[0] == "1 adressen: 0 ok, 0 omgeleid, 1 dood, 0 onbekend."
    assert [p for _, p in _Handler.hits] == ["/removed"]
