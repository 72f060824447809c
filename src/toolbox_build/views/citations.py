"""Citations: `[@key]` and `[@a; @b]` in Markdown prose, resolved against the bibliography for
every renderer."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..catalog.citation_syntax import CITATION_GROUP, GROUP_KEY
from ..catalog.model import Reference

SHORT_TITLE = 45  # characters of a title-based citation before it is shortened at a word


def display_year(reference: Reference) -> str:
    """The year as printed: undated references read 'z.d.' (zonder datum), 'z.d.-a' for a second."""
    year = reference.year.strip()
    if year.startswith("n.d."):
        return "z.d." + year[4:]
    if year in {"nd", "n.d", "s.d."}:
        return "z.d."
    return year


def short_title(title: str) -> str:
    """A readable stand-in for a missing author: the title up to its site name or subtitle,
    shortened at a word boundary."""
    title = re.split(r"\s+[|~]\s+", title, maxsplit=1)[0].strip()
    head, sep, tail = title.rpartition(" - ")
    if sep and tail[:1].isupper() and len(tail.split()) <= 4:  # "… - YouTube": a site name
        title = head.strip()
    title = re.split(r"(?<=\w)[:.]\s", title, maxsplit=1)[0].strip()
    if len(title) <= SHORT_TITLE:
        return title
    cut = title[: SHORT_TITLE + 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def short_citation(reference: Reference) -> str:
    """'(Bloemen e.a., 2022)'-style text for a reference."""
    year = display_year(reference)
    if not reference.authors:
        return f"{short_title(reference.title)}, {year}"
    first = reference.authors[0].split(",")[0].strip()
    if len(reference.authors) == 2:
        second = reference.authors[1].split(",")[0].strip()
        return f"{first} & {second}, {year}"
    if len(reference.authors) > 2:
        return f"{first} e.a., {year}"
    return f"{first}, {year}"


def citation_keys(group: str) -> list[str]:
    """The keys of one citation group such as '[@a; @b]'."""
    return GROUP_KEY.findall(group)


def replace_citations(
    text: str, references: dict[str, Reference], link: Callable[[str, str], str]
) -> str:
    """Replace each `[@key]` with ``link(key, short citation)``; a group `[@a; @b]` becomes the
    links of its keys separated by '; '. A group with an unknown key stays as written (the
    validator reports it before any renderer runs)."""

    def swap(match: re.Match[str]) -> str:
        keys = citation_keys(match.group(0))
        if any(key not in references for key in keys):
            return match.group(0)
        return "; ".join(link(key, short_citation(references[key])) for key in keys)

    return CITATION_GROUP.sub(swap, text)
