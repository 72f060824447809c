"""A snapshot of the catalogue per edition, and what changed between two snapshots.

The snapshot keeps two views of each edition: the fields a reader of the changelog cares about
(``tools``, ``organisations``, ``references``), compared from edition to edition, and the records
as their files held them (``records``), against which the corrections log of that edition is
checked for as long as the edition exists.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..catalog.editions import FIELD_LABELS, Changes, RecordChange, RecordChanges
from ..catalog.model import Catalog, Organisation, Reference, Tool

# The fields compared per record kind, in the order the edition page lists them.
TOOL_FIELDS = tuple(FIELD_LABELS["tools"])
ORGANISATION_FIELDS = tuple(FIELD_LABELS["organisations"])
REFERENCE_FIELDS = tuple(FIELD_LABELS["references"])


def tool_record(tool: Tool) -> dict[str, Any]:
    data = {name: getattr(tool, name) for name in TOOL_FIELDS}
    data["links"] = [asdict(link) for link in tool.links]
    data["placements"] = [asdict(p) for p in tool.placements]
    return data


def _organisation_record(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


def _reference_record(reference: Reference) -> dict[str, Any]:
    return {name: getattr(reference, name) for name in REFERENCE_FIELDS}


def snapshot(
    catalog: Catalog, edition_id: str, records: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The edition as published; ``records`` are the raw records (catalog.raw_records)."""
    colophon = catalog.edition.colophon if catalog.edition else {}
    organisations = catalog.organisations or {}
    references = catalog.references or {}
    data: dict[str, Any] = {
        "edition": edition_id,
        "label": catalog.edition.label if catalog.edition else edition_id,
        "depot_number": colophon.get("depot_number"),
        "tools": {tid: tool_record(catalog.tools[tid]) for tid in sorted(catalog.tools)},
        "organisations": {
            oid: _organisation_record(organisations[oid]) for oid in sorted(organisations)
        },
        "references": {key: _reference_record(references[key]) for key in sorted(references)},
    }
    if records is not None:
        data["records"] = records
    return data


def _placements_without_rows(value: Any) -> list[tuple[str, str, str]]:
    """Placements compared without their row number: renumbering a fiche is not a change."""
    return sorted(
        (p.get("fiche", ""), p.get("category") or "", p.get("note") or "") for p in value or []
    )


def _differs(field: str, old: Any, new: Any) -> bool:
    if field == "placements":
        return _placements_without_rows(old) != _placements_without_rows(new)
    return bool(old != new)


def _display_name(kind: str, record: dict[str, Any]) -> str:
    return str(record.get("title") if kind == "references" else record.get("name"))


def _compare_section(
    kind: str, old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]
) -> RecordChanges:
    name_field = "title" if kind == "references" else "name"
    added = tuple(
        RecordChange(i, _display_name(kind, new[i]), kind=kind) for i in sorted(set(new) - set(old))
    )
    removed = tuple(
        RecordChange(i, _display_name(kind, old[i]), kind=kind) for i in sorted(set(old) - set(new))
    )
    changed = []
    for rid in sorted(set(old) & set(new)):
        differing = tuple(f for f in fields if _differs(f, old[rid].get(f), new[rid].get(f)))
        if differing:
            renamed = old[rid].get(name_field) if name_field in differing else None
            changed.append(
                RecordChange(rid, _display_name(kind, new[rid]), differing, renamed, kind)
            )
    return RecordChanges(added, removed, tuple(changed))


def compare(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    """The changes from ``previous`` to ``current``.

    A section the previous snapshot did not record (organisations and references before they
    were kept) is not compared: everything in it would otherwise look new.
    """
    sections = {}
    for kind, fields in (
        ("tools", TOOL_FIELDS),
        ("organisations", ORGANISATION_FIELDS),
        ("references", REFERENCE_FIELDS),
    ):
        if previous is not None and kind not in previous:
            sections[kind] = RecordChanges()
            continue
        old = previous[kind] if previous else {}
        sections[kind] = _compare_section(kind, old, current.get(kind, {}), fields)
    return Changes(previous["edition"] if previous else None, **sections)
