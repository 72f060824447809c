"""URLs: allowed schemes, a public host, and near-misses of addresses used elsewhere.

An address that points inside a network (loopback, private ranges, link-local, cloud metadata,
``localhost`` and the like, in any spelling) is refused here and by ``toolbox check-links``, which
uses :func:`host_refusal` and :func:`address_refusal` from this module for every hop it makes.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Origin
from ..catalog.prose_policy import prose_links
from ..catalog.yaml_source import Position
from ..problems import Problem, Severity, problem_at

ALLOWED_SCHEMES = ("http", "https", "mailto")
DEFAULT_PORTS = {"http": 80, "https": 443}
WHITESPACE = re.compile(r"\s")
INTERNAL_HINT = (
    "gebruik het openbare adres van de website; interne en lokale adressen zijn voor lezers "
    "onbereikbaar en worden niet opgevraagd"
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Addresses that cloud platforms answer with instance metadata and credentials.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
METADATA_NAMES = frozenset({"metadata.google.internal", "metadata.goog", "instance-data"})
# Special-use names (RFC 6761, 6762, 8375) and the cloud platforms' internal zone.
LOCAL_SUFFIXES = {
    "localhost": "een lokale naam (deze computer)",
    "local": "een naam in het lokale netwerk",
    "home.arpa": "een naam in het lokale netwerk",
    "internal": "een interne naam",
}
# IPv6 ranges that carry an IPv4 address in their last 32 bits.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


def canonical_host(host: str) -> str:
    """The host as a resolver sees it: compatibility forms folded, lower case, no final dot."""
    host = unicodedata.normalize("NFKC", host).lower()
    for dot in ("\u3002", "\uff0e", "\uff61"):  # full stops that IDNA reads as dots
        host = host.replace(dot, ".")
    return host.rstrip(".") if host.strip(".") else host


def parse_ip(host: str) -> IPAddress | None:
    """The IP address a host stands for, in every spelling resolvers accept, else None.

    Besides the usual forms this reads what inet_aton and browsers read: ``2130706433``,
    ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` all mean 127.0.0.1. A host whose last label is a
    number but which is no valid address raises ValueError.
    """
    host = canonical_host(host)
    if ":" in host:
        return ipaddress.IPv6Address(host)  # raises ValueError on nonsense
    labels = host.split(".")
    if not labels or not _is_number(labels[-1]):
        return None
    if len(labels) > 4:
        raise ValueError(host)
    numbers = [_ipv4_number(label) for label in labels]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise ValueError(host)
    value = last
    for i, n in enumerate(leading):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _is_number(label: str) -> bool:
    if label[:2] in ("0x", "0X"):
        return all(c in "0123456789abcdefABCDEF" for c in label[2:])
    return label.isascii() and label.isdigit()


def _ipv4_number(label: str) -> int:
    if not _is_number(label):
        raise ValueError(label)
    if label[:2] in ("0x", "0X"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)  # raises ValueError on 8 and 9, as resolvers refuse them
    return int(label)


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4, NAT64 or IPv4-compatible IPv6 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    plain = ipaddress.IPv6Address(int(address))  # without a scope id
    if plain in NAT64 or (plain in IPV4_COMPATIBLE and int(plain) > 0xFFFF):
        return ipaddress.IPv4Address(int(plain) & 0xFFFFFFFF)
    return None


def address_refusal(address: IPAddress) -> str | None:
    """Why an address must not be requested (Dutch), or None for a public address."""
    inner = embedded_ipv4(address)
    if inner is not None:
        return address_refusal(inner)
    if address in METADATA_ADDRESSES:
        return "een cloud-metadata-adres"
    if address.is_unspecified or address in THIS_NETWORK:
        return "het niet-gespecificeerde adres"
    if address.is_loopback:
        return "een loopback-adres (deze computer)"
    if address.is_link_local:
        return "een link-local-adres"
    if isinstance(address, ipaddress.IPv6Address) and address in UNIQUE_LOCAL:
        return "een unique-local-adres (privaat IPv6-netwerk)"
    if address.is_private:
        return "een adres in een privaat netwerk"
    if address.is_multicast:
        return "een multicastadres"
    if not address.is_global:
        return "geen openbaar internetadres"
    return None


def host_refusal(host: str) -> str | None:
    """Why a URL's host points inside a network (Dutch, naming the host), or None.

    Raises ValueError for a host that looks like an IP address but is none.
    """
    name = canonical_host(host)
    address = parse_ip(name)
    if address is not None:
        why = address_refusal(address)
        if why is None:
            return None
        shown = str(embedded_ipv4(address) or address)
        return f"{shown}, {why}" if host == shown else f"'{host}' = {shown}, {why}"
    if name in METADATA_NAMES:
        return f"'{host}', een cloud-metadata-adres"
    for suffix, why in LOCAL_SUFFIXES.items():
        if name == suffix or name.endswith("." + suffix):
            return f"'{host}', {why}"
    return None


def redacted(url: str) -> str:
    """The URL with any user name and password replaced by '***', so messages never show them."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()


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
    for page in catalog.pages.values():
        for url, line, column in prose_links(page.body):
            uses.append(UrlUse(url, page.origin.path, Position(page.body_line + line - 1, column)))
    return uses


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    uses = catalog_urls(catalog)
    well_formed: list[tuple[UrlUse, str, str]] = []
    for use in uses:
        problems, host = _shape(use)
        yield from problems
        if host and not any(p.severity is Severity.ERROR for p in problems):
            well_formed.append((use, host, normalise_url(use.url)))
    yield from _near_misses(well_formed)
    yield from _plain_http(well_formed)


def _plain_http(entries: list[tuple[UrlUse, str, str]]) -> Iterator[Problem]:
    """An http:// link to a host that the catalogue reaches with https:// elsewhere."""
    secure: dict[str, UrlUse] = {}
    for use, host, _ in entries:
        if use.url.lower().startswith("https://"):
            secure.setdefault(host, use)
    for use, host, _ in entries:
        other = secure.get(host)
        if other is None or not use.url.lower().startswith("http://"):
            continue
        yield problem_at(
            use.path,
            use.pos,
            "http-link",
            f"link '{redacted_or_raw(use.url)}' begint met http://, maar {host} is elders in de "
            f"toolbox bereikbaar met https:// ({other.path.name})",
            "schrijf https:// in plaats van http://",
            Severity.WARNING,
        )


def _shape(use: UrlUse) -> tuple[list[Problem], str]:
    """Problems with one URL's form, and its host (without www.) for the near-miss search."""

    def error(code: str, message: str, hint: str) -> tuple[list[Problem], str]:
        return [problem_at(use.path, use.pos, code, message, hint)], ""

    url = use.url
    if WHITESPACE.search(url):
        return error(
            "url-whitespace",
            f"url '{url}' bevat witruimte",
            "verwijder spaties en regeleinden uit de url",
        )
    invalid = (
        "url-invalid",
        f"url '{redacted_or_raw(url)}' is ongeldig",
        "kopieer het adres opnieuw uit de adresbalk van je browser",
    )
    try:
        parts = urlsplit(url)
    except ValueError:
        return error(*invalid)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "geen schema"
        return error(
            "url-scheme",
            f"url '{redacted_or_raw(url)}' gebruikt {shown}; enkel http, https en mailto zijn "
            "toegestaan",
            "begin het adres met https://",
        )
    if scheme == "mailto":
        if "@" not in parts.path:
            return error(
                "url-no-host",
                f"mailto-adres '{url}' heeft geen e-mailadres",
                "schrijf mailto:naam@domein.be",
            )
        return [], ""
    if "@" in parts.netloc:
        return error(
            "url-userinfo",
            f"url '{redacted(url)}' bevat een gebruikersnaam of wachtwoord vóór de host",
            "verwijder het deel tot en met '@' uit het adres; publiceer nooit inloggegevens",
        )
    try:
        port = parts.port
    except ValueError:
        return error(*invalid)
    host = canonical_host(parts.hostname or "")
    try:
        refusal = host_refusal(parts.hostname or "") if host else None
    except ValueError:
        return error(
            "url-invalid",
            f"url '{url}' heeft '{parts.hostname}' als host, maar dat is geen geldig IP-adres",
            "schrijf de naam van de website, bv. https://www.voorbeeld.be/…",
        )
    if refusal:
        return error("url-internal-address", f"url '{url}' wijst naar {refusal}", INTERNAL_HINT)
    if not host or ("." not in host and ":" not in host):
        return error(
            "url-no-host",
            f"url '{url}' heeft geen geldige host",
            "schrijf het volledige adres, bv. https://www.voorbeeld.be/…",
        )
    problems = []
    if port is not None and port != DEFAULT_PORTS[scheme]:
        problems.append(
            problem_at(
                use.path,
                use.pos,
                "url-port",
                f"url '{url}' gebruikt poort {port}",
                "openbare websites hebben zelden een poortnummer nodig; controleer of dit het "
                "adres is dat lezers moeten openen",
                Severity.WARNING,
            )
        )
    return problems, host.removeprefix("www.")


def redacted_or_raw(url: str) -> str:
    try:
        return redacted(url)
    except ValueError:
        return url


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
