"""`toolbox release EDITION`: stamp the edition, snapshot the catalogue, record the changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..catalog.model import Catalog
from .snapshot import (
    CHANGES_FILE,
    EDITIONS_DIR,
    Changes,
    compare,
    editions,
    read_snapshot,
    snapshot,
    write_snapshot,
)

EDITION_ID = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
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


def parse_edition(edition_id: str) -> tuple[str, str, str]:
    """'2025-02' -> ('Februari 2025', '2025-02-01', 'de toestand in februari 2025')."""
    match = EDITION_ID.match(edition_id)
    if not match:
        raise ValueError(f"editie '{edition_id}' heeft niet de vorm JJJJ-MM (bv. 2025-02)")
    year, month = match.group(1), MONTHS[int(match.group(2)) - 1]
    return (
        f"{month.capitalize()} {year}",
        f"{year}-{match.group(2)}-01",
        f"de toestand in {month} {year}",
    )


def stamp_edition(root: Path, edition_id: str) -> None:
    """Rewrite label, date and state_of in content/edition.yaml, keeping everything else."""
    label, date, state_of = parse_edition(edition_id)
    path = root / "content" / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("label", label), ("date", date), ("state_of", state_of)):
        text, count = re.subn(
            rf"^{key}:.*$", f"{key}: {json.dumps(value, ensure_ascii=False)}", text, flags=re.M
        )
        if count != 1:
            raise ValueError(f"content/edition.yaml: veld '{key}' niet gevonden")
    path.write_text(text, encoding="utf-8")


def record_release(root: Path, catalog: Catalog, edition_id: str) -> Changes:
    """Snapshot ``catalog`` as ``edition_id`` and write its changes since the edition before."""
    earlier = [e for e in editions(root) if e < edition_id]
    previous = read_snapshot(root, earlier[-1]) if earlier else None
    current = snapshot(catalog, edition_id)
    write_snapshot(root, current)
    changes = compare(previous, current)
    (root / EDITIONS_DIR / edition_id / CHANGES_FILE).write_text(
        json.dumps(changes.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return changes
