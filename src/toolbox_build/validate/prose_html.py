"""Raw HTML in Markdown prose: only the harmless elements of the prose policy may be used."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.prose_policy import find_disallowed_html
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for doc in documents:
        if not doc.body:
            continue
        for breach in find_disallowed_html(doc.body):
            where = Position(doc.body_line + breach.line - 1, breach.column)
            yield problem_at(doc.path, where, "unsafe-html", breach.message, breach.hint)
