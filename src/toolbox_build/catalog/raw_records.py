"""Records as their files hold them: what the corrections log describes and an edition keeps.

The typed model fills in defaults (a tool without ``status`` is "actief"); the corrections log
speaks of the files themselves ("the field is absent"), so it is checked against these raw
records, and each edition's snapshot keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .load import RawDocument
from .model import Catalog

RECORD_KINDS = ("tool", "organisation", "reference", "page")


def record_data(
    catalog: Catalog, raw: Mapping[Path, RawDocument], kind: str, record_id: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """The record's fields as read from its file (None when it is unknown), and the known ids."""
    if kind == "tool":
        tool = catalog.tools.get(record_id)
        doc = raw.get(tool.origin.path) if tool else None
        return (doc.data if doc else None), list(catalog.tools)
    if kind == "page":
        page = catalog.pages.get(record_id)
        doc = raw.get(page.origin.path) if page else None
        data = dict(doc.data, body=doc.body) if doc else None
        return data, list(catalog.pages)
    registry = catalog.organisations if kind == "organisation" else catalog.references
    if registry is None:
        return None, []
    item = registry.get(record_id)
    if item is None:
        return None, list(registry)
    doc = raw.get(item.origin.path)
    if doc is None:
        return None, list(registry)
    list_name, index = item.origin.base
    return doc.data[list_name][index], list(registry)


def raw_records(catalog: Catalog, documents: list[RawDocument]) -> dict[str, dict[str, Any]]:
    """Every tool, organisation, reference and page as its file holds it, by kind and id."""
    raw = {doc.path: doc for doc in documents}
    ids = {
        "tool": catalog.tools,
        "organisation": catalog.organisations or {},
        "reference": catalog.references or {},
        "page": catalog.pages,
    }
    found: dict[str, dict[str, Any]] = {}
    for kind in RECORD_KINDS:
        records = {}
        for record_id in sorted(ids[kind]):
            data, _ = record_data(catalog, raw, kind, record_id)
            if data is not None:
                records[record_id] = data
        found[kind] = records
    return found
