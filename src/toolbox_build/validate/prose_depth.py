"""Prose nested so deeply that the Markdown converter cannot follow it.

Python-Markdown parses nested lists and block quotes by recursion; a few hundred levels exhaust
Python's stack and stop the site and the PDF with a RecursionError. No reader needs more than a
handful of levels, so a page whose nesting passes a generous limit is an error here, on its line,
before any output is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at

MAX_DEPTH = 40  # levels of list indentation (two columns each) and block-quote markers together


def nesting_depth(line: str) -> int:
    """How deeply ``line`` is nested: two columns of indentation or one '>' marker per level."""
    depth = columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        elif char == ">":
            depth += 1
        else:
            break
    return depth + columns // 2


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for doc in documents:
        if not doc.body:
            continue
        for number, line in enumerate(doc.body.splitlines(), start=doc.body_line):
            depth = nesting_depth(line)
            if depth > MAX_DEPTH:
                yield problem_at(
                    doc.path,
                    Position(number, 1),
                    "prose-too-deep",
                    f"de tekst is {depth} niveaus diep genest (inspringing en '>' samen); de site"
                    f" en de PDF kunnen hoogstens {MAX_DEPTH} niveaus aan",
                    "maak de lijst of het citaat minder diep, of zet de tekst in een gewone alinea",
                )
                break  # one problem per page: the lines below are as deep
