"""Earlier editions as the model reads them: snapshots, their changes, releases left half-way.

`toolbox release` writes one folder per edition, ``editions/<JJJJ-MM>/``: ``catalog.json`` (the
snapshot of the catalogue as published), ``changes.json`` (what changed since the edition before)
and the edition's PDF. The site, the validator and the release read those files through this
module, so a corrupt file is reported the same way everywhere: as a :class:`SnapshotError` naming
the file and what was expected, never as a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import display_path

EDITIONS_DIR = "editions"
SNAPSHOT_FILE = "catalog.json"
CHANGES_FILE = "changes.json"
# A release in progress: prepared in editions/.release-<id>/ (ignored until committed), and a
# journal that stays in the edition folder from the commit until every file is in place.
STAGING_PREFIX = ".release-"
JOURNAL_FILE = ".release.json"
# Editions redone with `release --force` keep their replaced folder here (tracked by git).
REPLACED_DIR = "replaced"
EDITION_ID = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
# Dutch month names, written in lower case as Dutch does (also inside a title).
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


# The record kinds whose changes an edition lists, and the Dutch names of their fields.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "tools": {
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
    },
    "organisations": {
        "name": "naam",
        "aliases": "andere schrijfwijzen",
        "website": "website",
    },
    "references": {
        "authors": "auteurs",
        "year": "jaar",
        "title": "titel",
        "container": "verschenen in",
        "url": "link",
    },
}
RECORD_KINDS = tuple(FIELD_LABELS)


class SnapshotError(Exception):
    """An edition file that cannot be read or does not have the expected shape."""

    def __init__(self, path: Path, message: str, hint: str):
        super().__init__(f"{path}: {message} — {hint}")
        self.path = path
        self.message = message
        self.hint = hint


def edition_folder(root: Path, edition_id: str) -> Path:
    return root / EDITIONS_DIR / edition_id


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


def _read_json(path: Path) -> Any:
    hint = (
        f"herstel het bestand uit git (git checkout -- {display_path(path)}) of maak de editie "
        "opnieuw met toolbox release --force"
    )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SnapshotError(path, "is geen UTF-8-tekst", hint) from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            path, f"is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})", hint
        ) from None


def read_snapshot(root: Path, edition_id: str) -> dict[str, Any]:
    """The snapshot of ``edition_id``; SnapshotError when it is unreadable or malformed."""
    path = edition_folder(root, edition_id) / SNAPSHOT_FILE
    data = _read_json(path)
    hint = "maak de editie opnieuw met toolbox release --force, of herstel het bestand uit git"
    if not isinstance(data, dict) or not isinstance(data.get("tools"), dict):
        raise SnapshotError(path, "heeft geen object 'tools' met de tools van de editie", hint)
    for tool_id, record in data["tools"].items():
        if not isinstance(record, dict) or not isinstance(record.get("name"), str):
            raise SnapshotError(path, f"tool '{tool_id}' heeft geen naam", hint)
    for kind in ("organisations", "references", "records"):
        if kind in data and not isinstance(data[kind], dict):
            raise SnapshotError(path, f"'{kind}' is geen object", hint)
    return data


def month_label(edition_id: str) -> str:
    """'2025-02' -> 'Februari 2025', the label a release stamps; the id itself when malformed."""
    match = EDITION_ID.fullmatch(edition_id)
    if not match:
        return edition_id
    return f"{MONTHS[int(match.group(2)) - 1].capitalize()} {match.group(1)}"


def edition_label(root: Path, edition_id: str) -> str:
    """The label an edition was published under ('Februari 2024'); for one not published yet,
    the label its release will stamp."""
    try:
        label = read_snapshot(root, edition_id).get("label")
    except (OSError, SnapshotError):
        return month_label(edition_id)
    return label if isinstance(label, str) and label else month_label(edition_id)


def edition_pdfs(root: Path, before: str | None) -> list[tuple[str, Path]]:
    """(edition id, PDF) kept in editions/ for the editions older than ``before``, newest first.

    Only the edition folders count (never a replaced one), and never the edition ``before``
    itself or a later one, so the current edition is never listed as an earlier one.
    """
    folder = root / EDITIONS_DIR
    found = [
        (pdf.parent.name, pdf)
        for pdf in folder.glob("*/*.pdf")
        if EDITION_ID.fullmatch(pdf.parent.name) and (before is None or pdf.parent.name < before)
    ]
    return sorted(found, reverse=True)


@dataclass(frozen=True)
class RecordChange:
    """One record added, removed or changed between two editions."""

    id: str
    name: str
    fields: tuple[str, ...] = ()
    previous_name: str | None = None  # set when the record was renamed (same id, other name)
    kind: str = "tools"

    @property
    def labels(self) -> list[str]:
        """The changed fields as the edition page names them (Dutch)."""
        names = FIELD_LABELS.get(self.kind, {})
        return [names.get(f, f) for f in self.fields]

    def as_json(self) -> dict[str, Any]:
        data = {"id": self.id, "name": self.name, "fields": list(self.fields)}
        if self.previous_name is not None:
            data["previous_name"] = self.previous_name
        return data


@dataclass(frozen=True)
class RecordChanges:
    added: tuple[RecordChange, ...] = ()
    removed: tuple[RecordChange, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": [c.as_json() for c in self.added],
            "removed": [c.as_json() for c in self.removed],
            "changed": [c.as_json() for c in self.changed],
        }


@dataclass(frozen=True)
class Changes:
    """What changed since the edition before; sections absent from older files stay empty."""

    previous: str | None
    tools: RecordChanges = field(default_factory=RecordChanges)
    organisations: RecordChanges = field(default_factory=RecordChanges)
    references: RecordChanges = field(default_factory=RecordChanges)

    # The tools' lists stay at the top level of changes.json, as the first editions wrote them.
    @property
    def added(self) -> tuple[RecordChange, ...]:
        return self.tools.added

    @property
    def removed(self) -> tuple[RecordChange, ...]:
        return self.tools.removed

    @property
    def changed(self) -> tuple[RecordChange, ...]:
        return self.tools.changed

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"previous": self.previous, **self.tools.as_json()}
        for kind in ("organisations", "references"):
            section: RecordChanges = getattr(self, kind)
            if section:
                data[kind] = section.as_json()
        return data


def _record_changes(path: Path, data: Any, kind: str) -> RecordChanges:
    hint = "herstel het bestand uit git, of maak de editie opnieuw met toolbox release --force"
    lists = {}
    for name in ("added", "removed", "changed"):
        items = data.get(name, [])
        if not isinstance(items, list):
            raise SnapshotError(path, f"'{name}' is geen lijst", hint)
        parsed = []
        for item in items:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("id"), str)
                or not isinstance(item.get("name"), str)
            ):
                raise SnapshotError(path, f"een item van '{name}' heeft geen 'id' en 'name'", hint)
            fields = item.get("fields", [])
            previous = item.get("previous_name")
            if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
                raise SnapshotError(path, f"'fields' van '{item['id']}' is geen lijst", hint)
            if previous is not None and not isinstance(previous, str):
                raise SnapshotError(path, f"'previous_name' van '{item['id']}' is geen tekst", hint)
            parsed.append(RecordChange(item["id"], item["name"], tuple(fields), previous, kind))
        lists[name] = tuple(parsed)
    return RecordChanges(**lists)


def changes_from_json(path: Path, data: Any) -> Changes:
    if not isinstance(data, dict):
        raise SnapshotError(path, "is geen object", "herstel het bestand uit git")
    previous = data.get("previous")
    if previous is not None and not (isinstance(previous, str) and EDITION_ID.fullmatch(previous)):
        raise SnapshotError(
            path, "'previous' is geen editie van de vorm JJJJ-MM", "herstel het bestand uit git"
        )
    sections = {"tools": _record_changes(path, data, "tools")}
    for kind in ("organisations", "references"):
        section = data.get(kind, {})
        if not isinstance(section, dict):
            raise SnapshotError(path, f"'{kind}' is geen object", "herstel het bestand uit git")
        sections[kind] = _record_changes(path, section, kind)
    return Changes(previous, **sections)


def read_changes(root: Path, edition_id: str) -> Changes | None:
    """What ``edition_id`` recorded as changed, or None when it recorded nothing."""
    path = edition_folder(root, edition_id) / CHANGES_FILE
    if not path.is_file():
        return None
    return changes_from_json(path, _read_json(path))


def interrupted_releases(root: Path) -> list[tuple[Path, str | None]]:
    """(journal, edition id) of releases committed but not finished; the id is None when the
    journal cannot be read. A staged release that was never committed is not listed: it changed
    nothing, and the next release removes it."""
    folder = root / EDITIONS_DIR
    if not folder.is_dir():
        return []
    found: list[tuple[Path, str | None]] = []
    for path in sorted(folder.glob(f"*/{JOURNAL_FILE}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state, edition_id = data["state"], data["edition_id"]
        except (OSError, ValueError, KeyError, TypeError):
            found.append((path, None))
            continue
        if state != "prepared":
            found.append((path, edition_id if isinstance(edition_id, str) else None))
    return found
