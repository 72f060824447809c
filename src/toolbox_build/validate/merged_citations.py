"""A record merged from several rows of the source keeps every citation of those rows.

The corrections log lists, for each merged duplicate, the rows and the references each one cites.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..problems import Problem, Severity, problem_at


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for entry in catalog.corrections or ():
        if entry.kind != "merged-duplicate" or entry.record_kind != "tool":
            continue
        tool = catalog.tools.get(entry.record_id)
        if tool is None:
            continue  # reported by the corrections rule
        wanted = [key for row in entry.rows for key in row.references]
        missing = [key for key in dict.fromkeys(wanted) if key not in tool.references]
        if missing:
            names = ", ".join(f"'{key}'" for key in missing)
            yield problem_at(
                tool.origin.path,
                tool.origin.at("references"),
                "merged-citations",
                f"samengevoegd uit {len(entry.rows)} rijen, maar mist hun referentie(s) {names}",
                "een samengevoegd record citeert alles wat de afzonderlijke rijen citeren",
                Severity.WARNING,
            )
