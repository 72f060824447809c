"""Two tools whose links differ only in the ending of the last path segment.

".../zorgzame-buurt.pdf" next to ".../zorgzame-buurten.pdf" is nearly always one file written two
ways; at most one of them works.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from os.path import splitext
from urllib.parse import urlsplit

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..problems import Problem, Severity, problem_at
from .corrections import settled

MAX_ENDING = 4  # characters that may differ at the end of the last segment (at least 2)
MAX_BUCKET = 50


def _split(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if not parts.hostname or parts.query or not parts.path.strip("/"):
        return None
    head, _, last = parts.path.rstrip("/").rpartition("/")
    return f"{parts.hostname.lower().removeprefix('www.')}{head}", last


def _shared_start(first: str, second: str) -> int:
    """How many characters two strings share from the start."""
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def differ_in_ending(first: str, second: str) -> bool:
    a, b = _split(first), _split(second)
    if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
        return False
    (stem_a, ext_a), (stem_b, ext_b) = splitext(a[1]), splitext(b[1])
    if ext_a.lower() != ext_b.lower():
        return False
    shared = _shared_start(stem_a.lower(), stem_b.lower())
    longest = max(len(stem_a), len(stem_b))
    # A one-character difference is the similar-url rule's (links.py) to report.
    return shared >= longest / 2 and 2 <= longest - shared <= MAX_ENDING


def _candidate_pairs(urls: list[str]) -> list[tuple[int, int]]:
    """Index pairs that may differ only in their ending, without comparing every pair.

    Only links in the same folder of the same host with the same extension qualify, and a
    real catalogue keeps hundreds of tools in one folder of its owner's site. Two stems that
    differ in their ending share a prefix of at least m = max(L - MAX_ENDING, ceil(L / 2))
    characters, L the longer stem's length; m lies within both stems' ranges below, so the
    pair meets in the bucket of that prefix. Buckets larger than MAX_BUCKET are families of
    numbered pages, not one file written two ways.
    """
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, url in enumerate(urls):
        split = _split(url)
        if split is None:
            continue
        stem, extension = splitext(split[1])
        stem = stem.lower()
        shortest = max(len(stem) - MAX_ENDING, -(-len(stem) // 2), 1)
        for length in range(shortest, len(stem) + 1):
            buckets[(split[0], extension.lower(), stem[:length])].append(index)
    pairs = {
        pair
        for members in buckets.values()
        if 1 < len(members) <= MAX_BUCKET
        for pair in combinations(members, 2)
    }
    return sorted(pairs)


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    uses = [
        (tool, i, link.url)
        for tool in sorted(catalog.tools.values(), key=lambda t: t.id)
        for i, link in enumerate(tool.links)
    ]
    for first, second in _candidate_pairs([url for _, _, url in uses]):
        (tool_a, i, url_a), (tool_b, j, url_b) = uses[first], uses[second]
        if tool_a.id == tool_b.id or not differ_in_ending(url_a, url_b):
            continue
        for tool, index, url, other_tool, other in (
            (tool_a, i, url_a, tool_b, url_b),
            (tool_b, j, url_b, tool_a, url_a),
        ):
            if settled(catalog, "tool", tool.id, f"links[{index}].url"):
                continue
            yield problem_at(
                tool.origin.path,
                tool.origin.at("links", index, "url"),
                "near-url",
                f"url '{url}' verschilt enkel in het einde van '{other}'"
                f" ({other_tool.origin.path.name})",
                "meestal is dat hetzelfde bestand, twee keer anders geschreven; controleer welke"
                " schrijfwijze werkt en gebruik die overal",
                Severity.WARNING,
            )
