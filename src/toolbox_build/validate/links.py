"""URLs: allowed schemes, a host, and near-misses of addresses used elsewhere in the catalogue."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Origin
from ..catalog.yaml_source import Position
from ..problems import Problem, Severity
from .report import problem_at

ALLOWED_SCHEMES = ("http", "https", "mailto")
WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class UrlUse:
    url: str
    path: Path
    pos: Position


def catalog_urls(catalog: Catalog) -> list[UrlUse]:
    """Every URL the catalogue carries, with the place it was written."""
    uses: list[UrlUse] = []

    def add(origin: Origin, url: str, *field: str | int) -> None:
        uses.append(UrlUse(url, origin.path, origin.at(*field)))

    for tool in catalog.tools.values():
        for i, link in enumerate(tool.links):
            add(tool.origin, link.url, "links", i, "url")
    for org in (catalog.organisations or {}).values():
        if org.website:
            add(org.origin, org.website, "website")
    for ref in (catalog.references or {}).values():
        if ref.url:
            add(ref.origin, ref.url, "url")
    return uses


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    uses = catalog_urls(catalog)
    well_formed: list[tuple[UrlUse, str, str]] = []
    for use in uses:
        problem, host = _shape(use)
        if problem:
            yield problem
        elif host:
            well_formed.append((use, host, normalise_url(use.url)))
    yield from _near_misses(well_formed)


def _shape(use: UrlUse) -> tuple[Problem | None, str]:
    url = use.url
    if WHITESPACE.search(url):
        return problem_at(
            use.path,
            use.pos,
            "url-whitespace",
            f"url '{url}' bevat witruimte",
            "verwijder spaties en regeleinden uit de url",
        ), ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return problem_at(
            use.path,
            use.pos,
            "url-invalid",
            f"url '{url}' is ongeldig",
            "kopieer het adres opnieuw uit de adresbalk van je browser",
        ), ""
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "geen schema"
        return problem_at(
            use.path,
            use.pos,
            "url-scheme",
            f"url '{url}' gebruikt {shown}; enkel http, https en mailto zijn toegestaan",
            "begin het adres met https://",
        ), ""
    if scheme == "mailto":
        if "@" not in parts.path:
            return problem_at(
                use.path,
                use.pos,
                "url-no-host",
                f"mailto-adres '{url}' heeft geen e-mailadres",
                "schrijf mailto:naam@domein.be",
            ), ""
        return None, ""
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        return problem_at(
            use.path,
            use.pos,
            "url-no-host",
            f"url '{url}' heeft geen geldige host",
            "schrijf het volledige adres, bv. https://www.vvsg.be/…",
        ), ""
    return None, host.removeprefix("www.")


def normalise_url(url: str) -> str:
    """Host without www., path without trailing slash, query kept: for comparing addresses."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def _near_misses(entries: list[tuple[UrlUse, str, str]]) -> Iterator[Problem]:
    """Warn where a host or an address is one typo away from one used elsewhere.

    Catches "vsg.be" beside "vvsg.be", "buurtten.pdf" beside "buurten.pdf" and a video id with a
    zero for a letter O. Candidates are found through single-deletion keys, so the cost grows
    with the number of URLs, not with its square.
    """
    host_count: dict[str, int] = defaultdict(int)
    for _, host, _ in entries:
        host_count[host] += 1
    similar_hosts = _pairs_one_edit_apart(list(host_count))
    reported: set[tuple[Path, Position]] = set()
    for use, host, _ in entries:
        for other in sorted(similar_hosts.get(host, ())):
            if host_count[other] > host_count[host] or (
                host_count[other] == host_count[host] and other < host
            ):
                reported.add((use.path, use.pos))
                yield problem_at(
                    use.path,
                    use.pos,
                    "similar-domain",
                    f"domein '{host}' lijkt op '{other}' dat elders {host_count[other]} keer "
                    "voorkomt",
                    f"controleer de schrijfwijze; bedoelde je '{other}'?",
                    Severity.WARNING,
                )
    by_url: dict[str, list[UrlUse]] = defaultdict(list)
    for use, _, normalised in entries:
        by_url[normalised].append(use)
    similar_urls = _pairs_one_edit_apart(list(by_url), _last_segment)
    for normalised, others in similar_urls.items():
        for other in sorted(others):
            if other < normalised:
                continue  # report each pair once, on the later spelling
            for use in by_url[normalised]:
                if (use.path, use.pos) in reported:
                    continue
                yield problem_at(
                    use.path,
                    use.pos,
                    "similar-url",
                    f"url '{use.url}' verschilt één teken van '{by_url[other][0].url}' "
                    f"({by_url[other][0].path.name})",
                    "controleer welke schrijfwijze klopt en gebruik overal dezelfde",
                    Severity.WARNING,
                )


def _pairs_one_edit_apart(
    words: list[str], split: Callable[[str], tuple[str, str]] = lambda w: ("", w)
) -> dict[str, set[str]]:
    """Pairs of words one edit apart, found through single-deletion keys.

    ``split`` gives (scope, tail): only words in the same scope are compared and only the tail is
    varied, so for URLs a typo is looked for in the last path segment of the same folder.
    """
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for word in words:
        scope, tail = split(word)
        buckets[(scope, tail)].append(word)
        for i in range(len(tail)):
            buckets[(scope, tail[:i] + tail[i + 1 :])].append(word)
    result: dict[str, set[str]] = defaultdict(set)
    for group in buckets.values():
        if len(group) < 2 or len(group) > 50:
            continue  # very large groups are families of numbered pages, not typos
        for a, b in combinations(sorted(set(group)), 2):
            if b not in result[a] and _is_typo(a, b):
                result[a].add(b)
                result[b].add(a)
    return result


def _last_segment(url: str) -> tuple[str, str]:
    scope, _, tail = url.rpartition("/")
    return scope, tail


def _is_typo(a: str, b: str) -> bool:
    """One edit apart inside a word of four or more characters, and not a digit for a digit.

    "page=1" vs "page=2" or "/o" vs "/r" are different pages, not typos; "buurtten" vs "buurten"
    and a video id with a zero for an O are.
    """
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    long, short = (a, b) if len(a) >= len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] != b[i + 1 :] or (a[i].isdigit() and b[i].isdigit()):
            return False
    elif short[i:] != long[i + 1 :] or long[i].isdigit():
        return False
    return _word_length_at(long, i) >= 4


def _word_length_at(text: str, index: int) -> int:
    start = index
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = index
    while end < len(text) and text[end].isalnum():
        end += 1
    return end - start
