"""Text written in capitals: a description in capitals reads as shouting and is hard to read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Origin
from ..problems import Problem, Severity, problem_at

WORD = re.compile(r"[^\W\d_]{2,}")
MIN_LETTERS = 12  # "VVSG en KBS" is two names, not a sentence in capitals
SHARE = 0.8  # of the letters in capitals: a few names in capitals are fine


def in_capitals(text: str) -> bool:
    """True for a text of a few words whose letters are (nearly) all capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS or len(WORD.findall(text)) < 3:
        return False
    return sum(c.isupper() for c in letters) >= SHARE * len(letters)


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for tool in catalog.tools.values():
        yield from _description(tool.origin, tool.description)
    for org in (catalog.organisations or {}).values():
        yield from _description(org.origin, org.description)


def _description(origin: Origin, text: str | None) -> Iterator[Problem]:
    if text and in_capitals(text):
        yield problem_at(
            origin.path,
            origin.at("description"),
            "description-capitals",
            "de omschrijving staat in hoofdletters",
            "schrijf ze in gewone zinnen: een hoofdletter aan het begin van een zin en bij namen, "
            "de rest in kleine letters",
            Severity.WARNING,
        )
