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
from ..problems import Problem, Severity
from .corrections import settled
from .report import problem_at

MAX_ENDING = 4  # characters that may differ at the end of the last segment (at least 2)


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


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    uses = [
        (tool, i, link.url)
        for tool in sorted(catalog.tools.values(), key=lambda t: t.id)
        for i, link in enumerate(tool.links)
    ]
    # Only links in the same folder of the same host with the same extension can differ in their
    # ending: compare within those groups, not every pair of the catalogue (quadratic at scale).
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (_, _, url) in enumerate(uses):
        split = _split(url)
        if split is not None:
            groups[(split[0], splitext(split[1])[1].lower())].append(index)
    pairs = sorted(pair for members in groups.values() for pair in combinations(members, 2))
    for first, second in pairs:
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
