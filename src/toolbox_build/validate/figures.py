"""Every figure shortcode in the prose names a figure of content/figures/."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.figures import shortcodes
from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    """Validator rule: every shortcode in the prose names a figure."""
    figures = catalog.figures  # read (and their files checked) with the project
    known = ", ".join(sorted(figures)) or "(nog geen)"
    for doc in documents:
        for figure_id, line, column in shortcodes(doc.body or ""):
            if figure_id not in figures:
                yield problem_at(
                    doc.path,
                    Position(doc.body_line + line - 1, column),
                    "unknown-figure",
                    f"onbekende figuur '{figure_id}'",
                    f"bestaande figuren: {known}",
                )
