"""A snapshot of the catalogue per edition, and what changed between two snapshots."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog, Tool

EDITIONS_DIR = "editions"
SNAPSHOT_FILE = "catalog.json"
CHANGES_FILE = "changes.json"
# The fields of a tool that a reader of the changelog cares about, in the order they are listed.
TOOL_FIELDS = (
    "name",
    "description",
    "owner",
    "links",
    "references",
    "formats",
    "reader_types",
    "steps",
    "target_groups",
    "language",
    "status",
    "placements",
)
# How the edition page names each field (Dutch, for readers).
FIELD_LABELS = {
    "name": "naam",
    "description": "omschrijving",
    "owner": "eigenaar",
    "links": "links",
    "references": "referenties",
    "formats": "vormen",
    "reader_types": "lezerstypes",
    "steps": "stappen",
    "target_groups": "doelgroepen",
    "language": "taal",
    "status": "status",
    "placements": "plaats in de fiches",
}
EDITION_ID = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def tool_record(tool: Tool) -> dict[str, Any]:
    data = {name: getattr(tool, name) for name in TOOL_FIELDS}
    data["links"] = [asdict(link) for link in tool.links]
    data["placements"] = [asdict(p) for p in tool.placements]
    return data


def snapshot(catalog: Catalog, edition_id: str) -> dict[str, Any]:
    colophon = catalog.edition.colophon if catalog.edition else {}
    return {
        "edition": edition_id,
        "label": catalog.edition.label if catalog.edition else edition_id,
        "depot_number": colophon.get("depot_number"),
        "tools": {tid: tool_record(catalog.tools[tid]) for tid in sorted(catalog.tools)},
    }


def write_snapshot(root: Path, data: dict[str, Any]) -> Path:
    path = root / EDITIONS_DIR / data["edition"] / SNAPSHOT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def editions(root: Path) -> list[str]:
    """Edition ids with a snapshot, oldest first ('2024-02' sorts before '2025-02')."""
    folder = root / EDITIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p.parent.name
        for p in folder.glob(f"*/{SNAPSHOT_FILE}")
        if EDITION_ID.fullmatch(p.parent.name)
    )


def edition_pdfs(root: Path, before: str | None) -> list[tuple[str, Path]]:
    """(edition id, PDF) kept in editions/ for the editions older than ``before``, newest first.

    Only the edition folders count (never a backup), and never the edition ``before`` itself or a
    later one, so the current edition is never listed as an earlier one.
    """
    folder = root / EDITIONS_DIR
    found = [
        (pdf.parent.name, pdf)
        for pdf in folder.glob("*/*.pdf")
        if EDITION_ID.fullmatch(pdf.parent.name) and (before is None or pdf.parent.name < before)
    ]
    return sorted(found, reverse=True)


def edition_label(root: Path, edition_id: str) -> str:
    """The label an edition was published under ('Februari 2024'), or its id if unknown."""
    try:
        label = read_snapshot(root, edition_id).get("label")
    except (OSError, ValueError):
        return edition_id
    return label if isinstance(label, str) and label else edition_id


def read_snapshot(root: Path, edition_id: str) -> dict[str, Any]:
    path = root / EDITIONS_DIR / edition_id / SNAPSHOT_FILE
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ToolChange:
    id: str
    name: str
    fields: tuple[str, ...] = ()
    previous_name: str | None = None  # set when the tool was renamed (same id, other name)


@dataclass(frozen=True)
class Changes:
    previous: str | None
    added: tuple[ToolChange, ...]
    removed: tuple[ToolChange, ...]
    changed: tuple[ToolChange, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "added": [_changed_json(c) for c in self.added],
            "removed": [_changed_json(c) for c in self.removed],
            "changed": [_changed_json(c) for c in self.changed],
        }


def _changed_json(change: ToolChange) -> dict[str, Any]:
    data = asdict(change) | {"fields": list(change.fields)}
    if change.previous_name is None:
        del data["previous_name"]
    return data


def field_labels(fields: list[str]) -> list[str]:
    return [FIELD_LABELS.get(f, f) for f in fields]


def _placements_without_rows(value: Any) -> list[tuple[str, str, str]]:
    """Placements compared without their row number: renumbering a fiche is not a change."""
    return sorted(
        (p.get("fiche", ""), p.get("category") or "", p.get("note") or "") for p in value or []
    )


def _differs(field: str, old: Any, new: Any) -> bool:
    if field == "placements":
        return _placements_without_rows(old) != _placements_without_rows(new)
    return bool(old != new)


def compare(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    old = previous["tools"] if previous else {}
    new = current["tools"]
    added = tuple(ToolChange(t, new[t]["name"]) for t in sorted(set(new) - set(old)))
    removed = tuple(ToolChange(t, old[t]["name"]) for t in sorted(set(old) - set(new)))
    changed = []
    for tid in sorted(set(old) & set(new)):
        fields = tuple(f for f in TOOL_FIELDS if _differs(f, old[tid].get(f), new[tid].get(f)))
        if fields:
            renamed = old[tid]["name"] if "name" in fields else None
            changed.append(ToolChange(tid, new[tid]["name"], fields, renamed))
    return Changes(previous["edition"] if previous else None, added, removed, tuple(changed))
