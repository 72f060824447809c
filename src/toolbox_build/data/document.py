"""toolbox.json: every tool with its organisation, the vocabularies and the fiches, by id.

The structure is described by toolbox.schema.json (schema.py). Ids are those of the YAML
records; labels are given next to them once (vocabularies, reader types, fiches), so a program
can show Dutch labels without a second file. ``url`` fields are the pages on the site and are
present only when mkdocs.yml sets site_url.
"""

from __future__ import annotations

from typing import Any

from ..catalog.model import Catalog, Organisation, Tool
from ..settings import ProjectSettings
from ..views.paths import org_path, page_path, tool_path
from .table import tools_in_order

VOCABULARIES = ["formats", "steps", "target_groups", "languages", "statuses"]
FORMAT_VERSION = "1.0"


def _with_url(record: dict[str, Any], url: str | None) -> dict[str, Any]:
    if url:
        record["url"] = url
    return record


def _tool(tool: Tool, settings: ProjectSettings) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": tool.id,
        "name": tool.name,
        "description": tool.description,
        "owner": tool.owner,
        "links": [
            {"url": link.url, **({"label": link.label} if link.label else {})}
            for link in tool.links
        ],
        "references": list(tool.references),
        "formats": list(tool.formats),
        "reader_types": list(tool.reader_types),
        "steps": list(tool.steps),
        "target_groups": list(tool.target_groups),
        "language": tool.language,
        "status": tool.status,
        "placements": [
            {
                "fiche": p.fiche,
                "category": p.category,
                "order": p.order,
                **({"note": p.note} if p.note else {}),
            }
            for p in tool.placements
        ],
        "last_checked": tool.last_checked,
    }
    return _with_url(record, settings.page_url(tool_path(tool.id)))


def _organisation(org: Organisation, settings: ProjectSettings) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": org.id,
        "name": org.name,
        "aliases": list(org.aliases),
        "website": org.website,
        "description": org.description,
    }
    return _with_url(record, settings.page_url(org_path(org.id)))


def open_data_document(catalog: Catalog, settings: ProjectSettings) -> dict[str, Any]:
    edition = catalog.edition
    publisher = edition.publisher if edition else None
    guide = catalog.reading_guide
    vocabularies = catalog.vocabularies
    orgs = sorted((catalog.organisations or {}).values(), key=lambda o: (o.name.casefold(), o.id))
    references = sorted((catalog.references or {}).values(), key=lambda r: r.key)
    return {
        "format_version": FORMAT_VERSION,
        "title": settings.site_name,
        "edition": {"label": edition.label, "date": edition.date} if edition else None,
        "publisher": {"name": publisher.name, "url": publisher.url} if publisher else None,
        "vocabularies": {
            name: [
                {"id": vid, "label": label}
                for vid, label in (vocabularies.ids(name) if vocabularies else {}).items()
            ]
            for name in VOCABULARIES
        },
        "reader_types": [
            {"id": rt.id, "label": rt.label, "axis": rt.axis}
            for rt in (guide.reader_types.values() if guide else [])
        ],
        "fiches": [
            _with_url(
                {
                    "id": page.id,
                    "kind": page.kind,
                    "letter": page.letter,
                    "title": page.title,
                    "categories": [
                        {"id": c.id, "title": c.title, "parent": c.parent} for c in page.categories
                    ],
                },
                settings.page_url(page_path(page)),
            )
            for page in catalog.fiches()
        ],
        "references": [
            {
                "key": ref.key,
                "authors": list(ref.authors),
                "year": ref.year,
                "title": ref.title,
                "container": ref.container,
                "url": ref.url,
            }
            for ref in references
        ],
        "organisations": [_organisation(o, settings) for o in orgs],
        "tools": [_tool(t, settings) for t in tools_in_order(catalog)],
    }
