"""`toolbox check-links`: is every address in the catalogue still alive?

Reports without blocking anyone: rate limits (429) and bot walls (403 with a challenge page) are
"onbekend", not dead; a cache with an expiry keeps a second run from asking again.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

USER_AGENT = "toolbox-zorgzame-buurten-linkcheck/1.0 (+https://zorgzamebuurten.be)"
OK, REDIRECTED, DEAD, UNKNOWN = "ok", "omgeleid", "dood", "onbekend"


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
    timeout: float = 10.0
    retries: int = 1
    backoff: float = 1.0
    expiry_hours: float = 24.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects ourselves, so every hop can be reported."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str, timeout: float) -> tuple[int, str | None, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT}, method="GET")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, None, response.read(2048)
    except urllib.error.HTTPError as exc:
        body = exc.read(2048) if exc.fp else b""
        return exc.code, exc.headers.get("Location"), body


def check_url(url: str, settings: CheckSettings) -> LinkResult:
    attempt = 0
    while True:
        try:
            return _follow(url, settings)
        except (http.client.HTTPException, OSError) as exc:  # URLError, timeouts, resets
            if attempt >= settings.retries:
                reason = getattr(exc, "reason", exc)
                # No such host, or nobody listening: dead. Timeouts and dropped connections can
                # be passing trouble: no verdict.
                gone = isinstance(reason, socket.gaierror | ConnectionRefusedError)
                return LinkResult(url, DEAD if gone else UNKNOWN, detail=f"geen antwoord: {reason}")
            attempt += 1
            time.sleep(settings.backoff * attempt)


def _follow(url: str, settings: CheckSettings) -> LinkResult:
    current, hops = url, []
    for _ in range(10):
        status, location, body = _fetch(current, settings.timeout)
        if status in (301, 302, 303, 307, 308) and location:
            hops.append(f"{status} → {location}")
            current = urllib.parse.urljoin(current, location)
            continue
        if status == 429 or (status in (403, 503) and _looks_like_bot_wall(body)):
            return LinkResult(url, UNKNOWN, status, detail="beperkt of afgeschermd (geen oordeel)")
        if status >= 500:
            raise ConnectionError(f"serverfout {status}")
        if status >= 400:
            return LinkResult(url, DEAD, status, current if hops else None, " ; ".join(hops))
        state = REDIRECTED if hops else OK
        return LinkResult(url, state, status, current if hops else None, " ; ".join(hops))
    return LinkResult(url, DEAD, None, current, "te veel omleidingen")


def _looks_like_bot_wall(body: bytes) -> bool:
    text = body.decode("utf-8", "ignore").lower()
    return any(marker in text for marker in ("captcha", "cf-chl", "challenge", "are you a robot"))


def check_links(
    urls: dict[str, list[str]], settings: CheckSettings, cache_file: Path | None = None
) -> list[LinkResult]:
    """Check each URL (url -> the files that use it), reusing fresh cache entries."""
    cache = _read_cache(cache_file)
    now = time.time()
    fresh = {
        url: LinkResult(**entry)
        for url, entry in cache.items()
        if url in urls and now - entry["checked_at"] < settings.expiry_hours * 3600
    }
    todo = [url for url in sorted(urls) if url not in fresh]
    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
        checked = list(pool.map(lambda u: check_url(u, settings), todo))
    for result in checked:
        result.checked_at = now
    results = {r.url: r for r in [*fresh.values(), *checked]}
    if cache_file is not None:
        cache.update({url: asdict(r) | {"sources": []} for url, r in results.items()})
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    for url, result in results.items():
        result.sources = urls[url]
    return [results[url] for url in sorted(results)]


def _read_cache(cache_file: Path | None) -> dict[str, dict]:
    if cache_file is None or not cache_file.is_file():
        return {}
    try:
        return json.loads(cache_file.read_text(encoding="utf-8"))
    except ValueError:
        return {}


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
            "| adres | status | details | gebruikt in |",
            "|---|---|---|---|",
        ]
        for r in rows:
            detail = (r.detail or "").replace("|", "\\|")
            lines.append(f"| {r.url} | {r.status or ''} | {detail} | {', '.join(r.sources)} |")
        lines.append("")
    return "\n".join(lines)
