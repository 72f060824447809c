"""Organisations and their use: an organisation that no tool, reference or page uses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog.did_you_mean import same_organisation
from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Organisation
from ..problems import Problem, Severity, problem_at
from .corrections import settled


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    organisations = catalog.organisations
    if not organisations:
        return
    used = {tool.owner for tool in catalog.tools.values()}
    for reference in (catalog.references or {}).values():
        for author in reference.authors:
            org = same_organisation(author, organisations, by_spelling=False)
            if org is not None:
                used.add(org.id)
    if catalog.edition and catalog.edition.publisher:
        org = same_organisation(catalog.edition.publisher.name, organisations, by_spelling=False)
        if org is not None:
            used.add(org.id)
    unused = [o for o in organisations.values() if o.id not in used]
    if unused:
        text = "\n".join(page.body for page in catalog.pages.values())
        unused = [o for o in unused if not _named_in(o, text)]
    for org in unused:
        if settled(catalog, "organisation", org.id):
            continue  # the corrections log says why it stays
        yield problem_at(
            org.origin.path,
            org.origin.at("id"),
            "unused-organisation",
            f"organisatie '{org.id}' wordt door geen tool, referentie of pagina gebruikt",
            "maak ze eigenaar (owner) van een tool, of verwijder ze uit content/organisations.yaml",
            Severity.WARNING,
        )


def _named_in(org: Organisation, text: str) -> bool:
    """The page text names the organisation (its name or an alias, as whole words)."""
    for name in (org.name, *org.aliases):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            return True
    return False
