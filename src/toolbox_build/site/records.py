"""records.json: the data behind the catalogue filters (and anyone who wants the catalogue)."""

from __future__ import annotations

import json
from typing import Any, Protocol

from ..catalog.model import Catalog, Organisation, Page, Tool


class RecordSource(Protocol):
    """What records.json needs from the page renderer (a protocol, so no import cycle)."""

    def vocabulary(self, name: str) -> dict[str, str]: ...
    def label(self, page: Page) -> str: ...
    def reader_types(self, axis: str) -> list[Any]: ...
    def sorted_orgs(self) -> list[Organisation]: ...
    def sorted_tools(self) -> list[Tool]: ...
    def org_name(self, org_id: str) -> str: ...
    def link(self, target: str, current: str) -> str: ...
    def page_link(self, page_id: str, current: str) -> str: ...


# Facet key (also the URL parameter) -> label shown above the filter.
FACETS = {
    "fiche": "Fiche",
    "lezer": "Voor wie",
    "stap": "Stap",
    "doelgroep": "Doelgroep",
    "vorm": "Vorm",
    "eigenaar": "Eigenaar",
}


def facet_values(catalog: Catalog, tool_id: str) -> dict[str, list[str]]:
    tool = catalog.tools[tool_id]
    return {
        "fiche": list(dict.fromkeys(p.fiche for p in tool.placements)),
        "lezer": tool.reader_types,
        "stap": tool.steps,
        "doelgroep": tool.target_groups,
        "vorm": tool.formats,
        "eigenaar": [tool.owner],
    }


def records_json(catalog: Catalog, site: RecordSource) -> str:
    vocab = site.vocabulary
    options: dict[str, dict[str, str]] = {
        "fiche": {p.id: site.label(p) for p in catalog.fiches()},
        "lezer": {
            rt.id: rt.label for axis in ("role", "experience") for rt in site.reader_types(axis)
        },
        "stap": vocab("steps"),
        "doelgroep": vocab("target_groups"),
        "vorm": vocab("formats"),
        "eigenaar": {o.id: o.name for o in site.sorted_orgs()},
    }
    tools: list[dict[str, Any]] = []
    for tool in site.sorted_tools():
        tools.append(
            {
                "id": tool.id,
                "name": tool.name,
                "description": tool.description,
                "owner": site.org_name(tool.owner),
                # Addresses relative to the site root (where records.json is), so the catalogue
                # can draw rows it did not get from the server (large catalogues).
                "url": site.link(f"tools/{tool.id}.md", "index.md"),
                "owner_url": site.link(f"organisaties/{tool.owner}.md", "index.md"),
                "links": [{"url": link.url, "label": link.label} for link in tool.links],
                "status": tool.status,
                "language": tool.language,
                **facet_values(catalog, tool.id),
            }
        )
    used = {key: {value for t in tools for value in t[key]} for key in FACETS}
    # A fiche option also carries its page's address and letter (the catalogue's Fiches column).
    pages = {
        p.id: {"url": site.page_link(p.id, "index.md"), "short": p.letter or p.title}
        for p in catalog.fiches()
    }
    payload = {
        "edition": catalog.edition.label if catalog.edition else None,
        "facets": [
            {
                "key": key,
                "label": label,
                # Only options some tool uses, in vocabulary order.
                "options": [
                    {"id": oid, "label": olabel, **pages.get(oid, {})}
                    if key == "fiche"
                    else {"id": oid, "label": olabel}
                    for oid, olabel in options[key].items()
                    if oid in used[key]
                ],
            }
            for key, label in FACETS.items()
        ],
        "tools": tools,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
