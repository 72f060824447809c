"""Citations: `[@key]` in Markdown prose, resolved against the bibliography for every renderer."""

from __future__ import annotations

import re
from collections.abc import Callable

from .catalog.model import Reference

CITATION = re.compile(r"\[@([^\]\s;]+)\]")


def short_citation(reference: Reference) -> str:
    """'(Bloemen e.a., 2022)'-style text for a reference."""
    year = reference.year.replace("n.d.", "z.d.").replace("nd", "z.d.")
    if not reference.authors:
        title = reference.title if len(reference.title) <= 40 else reference.title[:37] + "…"
        return f"{title}, {year}"
    first = reference.authors[0].split(",")[0].strip()
    if len(reference.authors) == 2:
        second = reference.authors[1].split(",")[0].strip()
        return f"{first} & {second}, {year}"
    if len(reference.authors) > 2:
        return f"{first} e.a., {year}"
    return f"{first}, {year}"


def replace_citations(
    text: str, references: dict[str, Reference], link: Callable[[str, str], str]
) -> str:
    """Replace each `[@key]` with ``link(key, short citation)``; unknown keys stay as written
    (the validator reports them before any renderer runs)."""

    def swap(match: re.Match[str]) -> str:
        reference = references.get(match.group(1))
        if reference is None:
            return match.group(0)
        return link(reference.key, short_citation(reference))

    return CITATION.sub(swap, text)
