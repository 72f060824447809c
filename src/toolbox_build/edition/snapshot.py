"""A snapshot of the catalogue per edition, and what changed between two snapshots."""

from __future__ import annotations

import json
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


def tool_record(tool: Tool) -> dict[str, Any]:
    data = {name: getattr(tool, name) for name in TOOL_FIELDS}
    data["links"] = [asdict(link) for link in tool.links]
    data["placements"] = [asdict(p) for p in tool.placements]
    return data


def snapshot(catalog: Catalog, edition_id: str) -> dict[str, Any]:
    return {
        "edition": edition_id,
        "label": catalog.edition.label if catalog.edition else edition_id,
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
    return sorted(p.parent.name for p in folder.glob(f"*/{SNAPSHOT_FILE}"))


def read_snapshot(root: Path, edition_id: str) -> dict[str, Any]:
    path = root / EDITIONS_DIR / edition_id / SNAPSHOT_FILE
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ToolChange:
    id: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changes:
    previous: str | None
    added: tuple[ToolChange, ...]
    removed: tuple[ToolChange, ...]
    changed: tuple[ToolChange, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "added": [asdict(c) for c in self.added],
            "removed": [asdict(c) for c in self.removed],
            "changed": [asdict(c) | {"fields": list(c.fields)} for c in self.changed],
        }


def compare(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    old = previous["tools"] if previous else {}
    new = current["tools"]
    added = tuple(ToolChange(t, new[t]["name"]) for t in sorted(set(new) - set(old)))
    removed = tuple(ToolChange(t, old[t]["name"]) for t in sorted(set(old) - set(new)))
    changed = []
    for tid in sorted(set(old) & set(new)):
        fields = tuple(f for f in TOOL_FIELDS if old[tid].get(f) != new[tid].get(f))
        if fields:
            changed.append(ToolChange(tid, new[tid]["name"], fields))
    return Changes(previous["edition"] if previous else None, added, removed, tuple(changed))
