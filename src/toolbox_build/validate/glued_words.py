"""Category and heading labels with a word glued together that the page's own text spells apart.

"Zorgzame buurtwerking" in a heading while the fiche writes "zorgzame buurt werking" points at a
label typed differently from its text; the reader searching for the words finds only one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Page
from ..problems import Problem, Severity, display_path

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
MIN_PART = 3  # "de", "en" glued to a word are too common to mean anything


def _pairs(text: str) -> dict[str, str]:
    """Glued form -> the two words as the text writes them, for every pair of adjacent words."""
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        words = WORD.findall(line)
        for first, second in pairwise(words):
            if len(first) >= MIN_PART and len(second) >= MIN_PART:
                pairs.setdefault((first + second).lower(), f"{first} {second}")
    return pairs


def _labels(page: Page) -> Iterator[tuple[str, tuple[str | int, ...] | None, int, str]]:
    """(label, front-matter field or None, body line, text of the page without this label)."""
    for i, category in enumerate(page.categories):
        yield category.title, ("categories", i, "title"), 0, page.body
    lines = page.body.splitlines()
    for n, line in enumerate(lines):
        match = HEADING.match(line)
        if match:
            rest = "\n".join(lines[:n] + lines[n + 1 :])
            yield match.group(2), None, page.body_line + n, rest


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for page in sorted(catalog.pages.values(), key=lambda p: p.id):
        for label, field, body_line, text in _labels(page):
            spelled_apart = _pairs(text)
            for word in WORD.findall(label):
                apart = spelled_apart.get(word.lower())
                if not apart or word.lower() in text.lower().split():
                    continue
                if field is not None:
                    pos = page.origin.at(*field)
                    line, column = pos.line, pos.column
                else:
                    line, column = body_line, 1
                yield Problem(
                    display_path(page.origin.path),
                    line,
                    column,
                    Severity.WARNING,
                    "glued-word",
                    f"'{word}' in het label '{label}' staat aan elkaar, maar de tekst van deze"
                    f" pagina schrijft '{apart}'",
                    "schrijf het label zoals de tekst, of pas de tekst aan als het label klopt",
                )
