"""The bibliography and its use: entries nothing cites, and one work cited by several tools."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..catalog.citation_syntax import CITATION
from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..problems import Problem, Severity, problem_at
from .corrections import settled


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    if not catalog.references:
        return
    cited_by: dict[str, list[str]] = defaultdict(list)
    for tool in sorted(catalog.tools.values(), key=lambda t: t.id):
        for key in dict.fromkeys(tool.references):
            cited_by[key].append(tool.id)
    used = set(cited_by)
    for page in catalog.pages.values():
        used.update(m.group(1) for m in CITATION.finditer(page.body))
    if catalog.edition:
        used.add(str(catalog.edition.colophon.get("report_reference")))
    for correction in catalog.corrections or ():
        for row in correction.rows:
            used.update(row.references)
    for reference in catalog.references.values():
        pos = reference.origin.at("key")
        if reference.key not in used and not settled(
            catalog, "reference", reference.key, kind="other"
        ):
            yield problem_at(
                reference.origin.path,
                pos,
                "unused-reference",
                f"referentie '{reference.key}' wordt nergens geciteerd",
                "citeer ze bij een tool (references) of in een tekst met [@sleutel], of verwijder"
                " ze uit de bibliografie",
                Severity.WARNING,
            )
        tools = cited_by.get(reference.key, [])
        if len(tools) > 1 and not settled(catalog, "reference", reference.key, kind="other"):
            yield problem_at(
                reference.origin.path,
                pos,
                "shared-reference",
                f"referentie '{reference.key}' is de bron van {len(tools)} verschillende tools:"
                f" {', '.join(tools)}",
                "gaat het om dezelfde tool, voeg de records samen; bundelt het werk echt"
                " meerdere tools, leg dat uit in content/corrections.yaml",
                Severity.WARNING,
            )
