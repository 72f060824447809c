"""`toolbox check-links`: is every address in the catalogue still alive?

Reports without blocking anyone: rate limits (429) and bot walls (403 with a challenge page) are
"onbekend", not dead; a cache with an expiry keeps a second run from asking again.

The checker runs where the build runs (CI with a token, a maintainer's laptop), so it never asks
anything of an internal machine: every hop's host name is resolved here, each address must be a
public one (:func:`~toolbox_build.validate.links.address_refusal`), the connection goes to exactly
that address, and the connected socket's peer is checked again, so a name that changes its answer
between lookup and connect (DNS rebinding) gets nowhere. Redirects are followed one hop at a time
under the same rules; only http and https are followed. Each response gets a wall-clock limit and
a byte limit, the whole run an overall deadline. Bodies are only looked at for bot walls and never
reach the report.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..validate.links import address_refusal, host_refusal, redacted

USER_AGENT = "toolbox-build-linkcheck/1.0"  # the engine's name: it serves any toolbox
OK, REDIRECTED, DEAD, UNKNOWN = "ok", "omgeleid", "dood", "onbekend"
NOT_IN_TIME = "niet gecontroleerd binnen de tijdslimiet"
UNREACHABLE_LOOKUP = (
    "netwerk onbereikbaar: geen enkel adres kon worden opgezocht; niets gecontroleerd, niets in "
    "de cache gezet"
)
UNREACHABLE_CONNECT = (
    "netwerk onbereikbaar: geen enkele server kon worden bereikt; niets gecontroleerd, niets in "
    "de cache gezet"
)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
WEB_SCHEMES = {"http": 80, "https": 443}
# Lookup answers that mean "this name does not exist" (an answer, so the network works).
NO_SUCH_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
# Connect errors that mean "no route out of this machine".
NO_ROUTE = {errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH}
SHOWN_ADDRESS_LIMIT = 200
# Time given to requests still running at the overall deadline to notice it and end.
GRACE_SECONDS = 1.0


@dataclass
class LinkResult:
    url: str
    state: str
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    checked_at: float = 0.0
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckSettings:
    concurrency: int = 8
    timeout: float = 10.0  # seconds per response, from connecting to the last byte read
    retries: int = 1
    backoff: float = 1.0
    expiry_hours: float = 24.0
    deadline: float = 900.0  # seconds for the whole run
    max_bytes: int = 65536  # read at most this much of a body (only to recognise bot walls)
    max_redirects: int = 10
    # Test-only: exact "host:port" pairs ("127.0.0.1:8000", "[::1]:8000") that may be requested
    # although they are internal. Never set by the command unless a hidden option asks for it.
    allow_addresses: frozenset[str] = frozenset()


class NetworkUnreachable(Exception):
    """Nothing could be looked up or reached: no verdict on any link, nothing cached."""


class _Refused(Exception):
    """The address is internal; the request is not made."""


class _OutOfTime(Exception):
    """The run's overall deadline passed."""


class _InvalidAddress(Exception):
    """The address cannot be requested at all."""


@dataclass
class _Probe:
    """What one URL's check learned about the network."""

    connected: bool = False  # some hop reached a server


@dataclass
class _Outcome:
    result: LinkResult
    cacheable: bool = True
    attempted: bool = True
    network_failure: str = ""  # "lookup" or "connect" when the network itself seems down


def _shown(url: str) -> str:
    with contextlib.suppress(ValueError):
        url = redacted(url)
    return url if len(url) <= SHOWN_ADDRESS_LIMIT else url[:SHOWN_ADDRESS_LIMIT] + "…"


def _endpoint(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text.partition("%")[0])


class _GuardedHTTPConnection(http.client.HTTPConnection):
    """Connects only to the addresses checked beforehand, then checks the socket's real peer."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float,
        addresses: list[tuple[int, tuple]],
        peer_refusal: Callable[[tuple], str | None],
    ) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses
        self._peer_refusal = peer_refusal
        self._lock = threading.Lock()
        # Kept apart from self.sock, which http.client drops once the response owns the socket.
        self._guarded: socket.socket | None = None
        self.cut_off = False
        self.reached = False  # a TCP connection to the server was made

    def connect(self) -> None:
        failure: OSError | None = None
        for family, sockaddr in self._addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(sockaddr)
                refusal = self._peer_refusal(sock.getpeername())
            except OSError as exc:
                sock.close()
                failure = exc
                continue
            if refusal:
                sock.close()
                raise _Refused(refusal)
            with self._lock:
                if self.cut_off:
                    sock.close()
                    raise TimeoutError("afgebroken")
                self.sock = self._guarded = sock
                self.reached = True
            return
        raise failure or OSError("geen adres om mee te verbinden")

    def cut(self) -> None:
        """Called from the watchdog: end the exchange whatever it is waiting for."""
        with self._lock:
            self.cut_off = True
            sock = self._guarded
        if sock is not None:
            # On the descriptor itself, also below TLS: the reading thread gets end-of-file.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _GuardedHTTPSConnection(_GuardedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    _context = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        with self._lock:  # no I/O here: the watchdog can always reach the current socket
            self.sock = self._guarded = self._context.wrap_socket(
                self.sock, server_hostname=self.host, do_handshake_on_connect=False
            )
        self.sock.do_handshake()


def _resolve(host: str, port: int, wait_seconds: float) -> list[tuple[int, tuple]]:
    """getaddrinfo with a time limit (the call itself has none)."""
    box: dict[str, object] = {}

    def lookup() -> None:
        try:
            box["answer"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["error"] = exc

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(wait_seconds)
    if worker.is_alive():
        raise socket.gaierror(socket.EAI_AGAIN, f"geen antwoord binnen {wait_seconds:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    seen: list[tuple[int, tuple]] = []
    for family, _, _, _, sockaddr in box["answer"]:  # type: ignore[union-attr]
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    return seen


class _Checker:
    def __init__(self, settings: CheckSettings, end: float) -> None:
        self.settings = settings
        self.end = end

    def allowed(self, host: str, port: int) -> bool:
        return _endpoint(host, port) in self.settings.allow_addresses

    def peer_refusal(self, peer: tuple) -> str | None:
        """Why a connected socket's peer is not acceptable, or None."""
        address = _ip(peer[0])
        why = address_refusal(address)
        if why and not self.allowed(str(address), peer[1]):
            return f"verbonden met {address}, {why}"
        return None

    def check(self, url: str) -> _Outcome:
        not_in_time = LinkResult(url, UNKNOWN, detail=NOT_IN_TIME)
        if time.monotonic() >= self.end:
            return _Outcome(not_in_time, cacheable=False, attempted=False)
        probe = _Probe()
        attempt = 0
        while True:
            try:
                return _Outcome(self.follow(url, probe))
            except _OutOfTime:
                return _Outcome(not_in_time, cacheable=False)
            except (http.client.HTTPException, OSError) as exc:
                final = isinstance(exc, socket.gaierror) and exc.errno in NO_SUCH_NAME
                if final or attempt >= self.settings.retries:  # a missing name stays missing
                    state, detail = _verdict(exc)
                    network = ""
                    if isinstance(exc, socket.gaierror):
                        network = "lookup"
                    elif not probe.connected and (
                        isinstance(exc, TimeoutError) or getattr(exc, "errno", None) in NO_ROUTE
                    ):
                        network = "connect"
                    return _Outcome(LinkResult(url, state, detail=detail), network_failure=network)
            attempt += 1
            pause = self.settings.backoff * attempt
            if time.monotonic() + pause >= self.end:
                return _Outcome(not_in_time, cacheable=False)
            time.sleep(pause)

    def follow(self, url: str, probe: _Probe) -> LinkResult:
        current, hops = url, []

        def stop(state: str, note: str, status: int | None = None) -> LinkResult:
            final = _shown(current) if hops else None
            return LinkResult(url, state, status, final, " ; ".join([*hops, note]))

        for _ in range(self.settings.max_redirects + 1):
            try:
                parts = urllib.parse.urlsplit(current)
                scheme = parts.scheme.lower()
                if scheme not in WEB_SCHEMES:
                    what = f"'{scheme}:'-adres" if scheme else "adres zonder schema"
                    lead = f"omleiding naar een {what}" if hops else f"{what}"
                    return stop(
                        UNKNOWN, f"{lead} niet gevolgd; enkel http en https worden gecontroleerd"
                    )
                status, location, body = self.request(parts, probe)
            except _Refused as exc:
                lead = "omleiding naar een intern adres geweigerd" if hops else "geweigerd"
                return stop(UNKNOWN, f"{lead}: {exc}")
            except (_InvalidAddress, ValueError) as exc:
                lead = "omleiding naar een ongeldig adres" if hops else "ongeldig adres"
                return stop(UNKNOWN, f"{lead}: {exc}" if isinstance(exc, _InvalidAddress) else lead)
            if status in REDIRECT_STATUSES and location:
                try:
                    current = urllib.parse.urljoin(current, location.strip())
                except ValueError:
                    return stop(UNKNOWN, f"{status} → ongeldig adres in de omleiding")
                hops.append(f"{status} → {_shown(current)}")
                continue
            if status == 429 or (status in (403, 503) and _looks_like_bot_wall(body)):
                return stop(UNKNOWN, "beperkt of afgeschermd (geen oordeel)", status)
            if status >= 500:
                raise ConnectionError(f"serverfout {status}")
            state = DEAD if status >= 400 else REDIRECTED if hops else OK
            return LinkResult(
                url, state, status, _shown(current) if hops else None, " ; ".join(hops)
            )
        return stop(DEAD, "te veel omleidingen")

    def request(
        self, parts: urllib.parse.SplitResult, probe: _Probe
    ) -> tuple[int, str | None, bytes]:
        """One GET to one address; never to an internal one; bounded in time and bytes."""
        scheme = parts.scheme.lower()
        port = parts.port or WEB_SCHEMES[scheme]
        if not parts.hostname:
            raise _InvalidAddress("geen host")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise _InvalidAddress(f"host '{parts.hostname}' is geen geldige naam") from None
        try:
            refusal = host_refusal(host)
        except ValueError:
            raise _InvalidAddress(f"'{host}' is geen geldig IP-adres") from None
        if refusal and not self.allowed(host, port):
            raise _Refused(refusal)
        budget = min(self.settings.timeout, self.end - time.monotonic())
        if budget <= 0:
            raise _OutOfTime
        addresses = _resolve(host, port, budget)
        for _, sockaddr in addresses:
            address = _ip(sockaddr[0])
            why = address_refusal(address)
            if why and not self.allowed(str(address), port):
                raise _Refused(
                    f"{address}, {why}"
                    if host == str(address)
                    else f"'{host}' verwijst naar {address}, {why}"
                )

        budget = min(self.settings.timeout, self.end - time.monotonic())
        if budget <= 0:
            raise _OutOfTime
        limited_by_deadline = budget < self.settings.timeout
        kind = _GuardedHTTPSConnection if scheme == "https" else _GuardedHTTPConnection
        connection = kind(
            host, port, timeout=budget, addresses=addresses, peer_refusal=self.peer_refusal
        )
        watchdog = threading.Timer(budget, connection.cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.connect()
            connection.putrequest("GET", _target(parts), skip_accept_encoding=True)
            connection.putheader("User-Agent", USER_AGENT)
            connection.putheader("Accept", "*/*")
            connection.endheaders()
            response = connection.getresponse()
            body = b""
            if response.status in (403, 503):
                body = response.read(self.settings.max_bytes)
            if connection.cut_off:  # a cut body can look complete to http.client
                raise TimeoutError("afgebroken")
            return response.status, response.getheader("Location"), body
        except (http.client.HTTPException, OSError, ValueError) as exc:
            if connection.cut_off or isinstance(exc, TimeoutError):
                if limited_by_deadline:
                    raise _OutOfTime from None
                if connection.reached:
                    raise TimeoutError(f"geen volledig antwoord binnen {budget:g} s") from None
                raise TimeoutError(f"geen verbinding binnen {budget:g} s") from None
            if isinstance(exc, http.client.InvalidURL | ValueError) and not isinstance(
                exc, OSError
            ):
                raise _InvalidAddress(
                    "het adres bevat tekens die niet verstuurd kunnen worden"
                ) from None
            raise
        finally:
            watchdog.cancel()
            connection.close()
            probe.connected = probe.connected or connection.reached


def _target(parts: urllib.parse.SplitResult) -> str:
    """The request target, percent-encoded where a catalogue URL has spaces or non-ASCII."""
    safe = "/%:@!$&'()*+,;=-._~"
    path = urllib.parse.quote(parts.path or "/", safe=safe)
    query = urllib.parse.quote(parts.query, safe=safe + "?")
    return f"{path}?{query}" if parts.query else path


def _verdict(exc: BaseException) -> tuple[str, str]:
    """State and Dutch detail for a request that got no usable answer."""
    if isinstance(exc, socket.gaierror):
        if exc.errno in NO_SUCH_NAME:
            return DEAD, "geen antwoord: deze naam bestaat niet"
        return UNKNOWN, f"geen antwoord: naam niet opgezocht ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return DEAD, "geen antwoord: verbinding geweigerd"
    if isinstance(exc, TimeoutError):
        message = str(exc) if str(exc).startswith("geen ") else "time-out"
        return UNKNOWN, f"geen antwoord: {message}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return UNKNOWN, f"geen antwoord: certificaat ongeldig ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return (
            UNKNOWN,
            f"geen antwoord: TLS-verbinding mislukt ({exc.reason or type(exc).__name__})",
        )
    if isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError):
        return UNKNOWN, "geen antwoord: verbinding verbroken zonder antwoord"
    if isinstance(exc, ConnectionError) and str(exc).startswith("serverfout"):
        return UNKNOWN, f"geen antwoord: {exc}"
    if isinstance(exc, OSError) and exc.errno in NO_ROUTE:
        return UNKNOWN, f"geen antwoord: netwerk onbereikbaar ({exc.strerror})"
    if isinstance(exc, http.client.HTTPException):
        return UNKNOWN, f"geen antwoord: ongeldig antwoord ({type(exc).__name__})"
    return UNKNOWN, f"geen antwoord: {getattr(exc, 'strerror', None) or exc}"


def _looks_like_bot_wall(body: bytes) -> bool:
    text = body.decode("utf-8", "ignore").lower()
    return any(marker in text for marker in ("captcha", "cf-chl", "challenge", "are you a robot"))


def check_url(url: str, settings: CheckSettings) -> LinkResult:
    """Check one URL on its own, under the same rules and deadline as a whole run."""
    return _Checker(settings, time.monotonic() + settings.deadline).check(url).result


def check_links(
    urls: dict[str, list[str]], settings: CheckSettings, cache_file: Path | None = None
) -> list[LinkResult]:
    """Check each URL (url -> the files that use it), reusing fresh cache entries.

    Raises NetworkUnreachable, without touching the cache, when no URL's name could be looked
    up or no server reached at all.
    """
    cache = _read_cache(cache_file)
    now = time.time()
    fresh = {
        url: LinkResult(**entry)
        for url, entry in cache.items()
        if url in urls and now - entry["checked_at"] < settings.expiry_hours * 3600
    }
    todo = [url for url in sorted(urls) if url not in fresh]
    outcomes = _run(todo, settings)
    attempted = [o for o in outcomes if o.attempted and o.cacheable]
    if attempted and all(o.network_failure for o in attempted):
        lookups = all(o.network_failure == "lookup" for o in attempted)
        raise NetworkUnreachable(UNREACHABLE_LOOKUP if lookups else UNREACHABLE_CONNECT)
    for outcome in outcomes:
        outcome.result.checked_at = now
    results = {r.url: r for r in [*fresh.values(), *(o.result for o in outcomes)]}
    if cache_file is not None:
        cache.update(
            {o.result.url: asdict(o.result) | {"sources": []} for o in outcomes if o.cacheable}
        )
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    for url, result in results.items():
        result.sources = urls[url]
    return [results[url] for url in sorted(results)]


def _run(todo: list[str], settings: CheckSettings) -> list[_Outcome]:
    """Check URLs concurrently; what is not done at the overall deadline gets no verdict."""
    if not todo:
        return []
    end = time.monotonic() + settings.deadline
    checker = _Checker(settings, end)
    pool = ThreadPoolExecutor(max_workers=max(1, settings.concurrency))
    try:
        futures = [pool.submit(checker.check, url) for url in todo]
        wait(futures, timeout=max(0.0, end - time.monotonic()) + GRACE_SECONDS)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    outcomes = []
    for url, future in zip(todo, futures, strict=True):
        if future.done() and not future.cancelled() and future.exception() is None:
            outcomes.append(future.result())
        elif future.done() and not future.cancelled():
            failure = type(future.exception()).__name__
            result = LinkResult(url, UNKNOWN, detail=f"controle mislukt ({failure})")
            outcomes.append(_Outcome(result, cacheable=False, attempted=False))
        else:
            result = LinkResult(url, UNKNOWN, detail=NOT_IN_TIME)
            outcomes.append(_Outcome(result, cacheable=False, attempted=False))
    return outcomes


def _read_cache(cache_file: Path | None) -> dict[str, dict]:
    """Cache entries that have exactly the fields of a result; anything else is ignored."""
    if cache_file is None or not cache_file.is_file():
        return {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    names = {f.name for f in fields(LinkResult)}
    return {
        url: entry
        for url, entry in data.items()
        if isinstance(entry, dict)
        and set(entry) == names
        and isinstance(entry.get("checked_at"), int | float)
        and entry.get("state") in (OK, REDIRECTED, DEAD, UNKNOWN)
    }


def _cell(text: str) -> str:
    """Text for a Markdown table cell that stays text: no links, HTML or table breaks."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|~#!":
        text = text.replace(ch, "\\" + ch)
    return text


def markdown_report(results: Iterable[LinkResult]) -> str:
    results = list(results)
    counts = {s: sum(r.state == s for r in results) for s in (OK, REDIRECTED, DEAD, UNKNOWN)}
    lines = [
        "# Linkcontrole",
        "",
        f"{len(results)} adressen: {counts[OK]} ok, {counts[REDIRECTED]} omgeleid, "
        f"{counts[DEAD]} dood, {counts[UNKNOWN]} onbekend.",
        "",
    ]
    for state, title in ((DEAD, "Dood"), (REDIRECTED, "Omgeleid"), (UNKNOWN, "Onbekend")):
        rows = [r for r in results if r.state == state]
        if not rows:
            continue
        lines += [
            f"## {title}",
            "",
            "| adres | status | eindadres | details | gebruikt in |",
            "|---|---|---|---|---|",
        ]
        for r in rows:
            lines.append(
                f"| {_cell(r.url)} | {r.status or ''} | {_cell(r.final_url or '')} | "
                f"{_cell(r.detail or '')} | {_cell(', '.join(r.sources))} |"
            )
        lines.append("")
    return "\n".join(lines)


def unreachable_report(message: str) -> str:
    return "\n".join(["# Linkcontrole", "", message[0].upper() + message[1:] + ".", ""])
