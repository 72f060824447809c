"""`toolbox release EDITION`: stamp the edition, snapshot the catalogue, record the changes.

A release cannot lose a published edition: every check runs before the first file is written
(the id's form, an edition that exists already or is older than the latest one, the stamped
`content/edition.yaml`), and the files are then written through a transaction, so a failure
part-way puts back exactly what the release had changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.model import Catalog, Edition
from ..catalog.schema_check import schema_violations
from ..catalog.yaml_source import YamlLoadError, parse_yaml
from ..problems import Problem, Severity, display_path
from .snapshot import (
    CHANGES_FILE,
    EDITION_ID,
    EDITIONS_DIR,
    Changes,
    compare,
    editions,
    read_snapshot,
    snapshot,
)
from .transaction import FileTransaction

BACKUP_DIR = "backup"  # editions/backup/<id>-<time>/: an edition redone with --force
EDITION_FILE = "content/edition.yaml"
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
DEPOT_YEAR = re.compile(r"D/(\d{4})/")


class ReleaseError(Exception):
    """A release that must not happen; nothing has been written when it is raised."""


def parse_edition(edition_id: str) -> tuple[str, str, str]:
    """'2025-02' -> ('Februari 2025', '2025-02-01', 'de toestand in februari 2025')."""
    match = EDITION_ID.fullmatch(edition_id)
    if not match:
        raise ValueError(f"editie {edition_id!r} heeft niet de vorm JJJJ-MM (bv. 2025-02)")
    year, month = match.group(1), MONTHS[int(match.group(2)) - 1]
    return (
        f"{month.capitalize()} {year}",
        f"{year}-{match.group(2)}-01",
        f"de toestand in {month} {year}",
    )


def stamped_edition_text(text: str, edition_id: str) -> str:
    """content/edition.yaml with label, date and state_of of ``edition_id``, all else kept."""
    label, date, state_of = parse_edition(edition_id)
    for key, value in (("label", label), ("date", date), ("state_of", state_of)):
        text, count = re.subn(
            rf"^{key}:[^\n#]*",
            f"{key}: {json.dumps(value, ensure_ascii=False)}",
            text,
            count=1,
            flags=re.M,
        )
        if count != 1:
            raise ReleaseError(
                f"{EDITION_FILE}: veld '{key}' niet gevonden; zet '{key}:' bovenaan op een "
                "eigen regel, zonder inspringing"
            )
    return text


@dataclass
class ReleasePlan:
    """Everything a release will write, computed and checked before anything is written."""

    root: Path
    edition_id: str
    previous_edition: str | None  # the edition content/edition.yaml describes before the release
    previous_snapshot: str | None  # the latest edition with a snapshot before this one
    edition_text: str
    catalog: Catalog  # the catalogue as it will be after stamping
    redo: bool = False
    warnings: list[Problem] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / EDITIONS_DIR / self.edition_id


def plan_release(root: Path, catalog: Catalog, edition_id: str, *, force: bool) -> ReleasePlan:
    """Check that ``edition_id`` may be released now; raises ReleaseError with the reason."""
    try:
        label, date, state_of = parse_edition(edition_id)
    except ValueError as exc:
        raise ReleaseError(str(exc)) from exc
    existing = editions(root)
    latest = existing[-1] if existing else None
    redo = edition_id in existing
    if redo and not force:
        raise ReleaseError(
            f"editie {edition_id} bestaat al ({EDITIONS_DIR}/{edition_id}/); kies een nieuwe "
            f"editie, of gebruik --force om ze opnieuw uit te brengen (de vorige versie wordt "
            f"bewaard in {EDITIONS_DIR}/{BACKUP_DIR}/)"
        )
    if latest and edition_id < latest:
        raise ReleaseError(
            f"editie {edition_id} is ouder dan de laatste editie {latest}; een nieuwe editie "
            "moet later zijn"
            + (" (enkel de laatste editie kan opnieuw uitgebracht worden)" if redo else "")
        )
    if catalog.edition is None:
        raise ReleaseError(f"{EDITION_FILE} ontbreekt of is ongeldig")
    current = catalog.edition.date[:7]
    if edition_id < current and not redo:
        raise ReleaseError(
            f"editie {edition_id} is ouder dan de huidige editie {current} in {EDITION_FILE}; "
            "een nieuwe editie moet later zijn"
        )
    path = root / EDITION_FILE
    text = stamped_edition_text(path.read_text(encoding="utf-8"), edition_id)
    try:
        data, source = parse_yaml(text)
    except YamlLoadError as exc:
        raise ReleaseError(f"{EDITION_FILE} na het stempelen: {exc.message}") from exc
    for _, _, message, _ in schema_violations("edition", data, source):
        raise ReleaseError(f"{EDITION_FILE} na het stempelen: {message}")
    earlier = [e for e in existing if e < edition_id]
    stamped = dataclasses.replace(catalog.edition, label=label, date=date, state_of=state_of)
    after = dataclasses.replace(catalog, edition=stamped)
    plan = ReleasePlan(
        root,
        edition_id,
        current,
        earlier[-1] if earlier else None,
        text,
        after,
        redo,
    )
    plan.warnings.extend(_unchanged_fields(plan, catalog.edition))
    return plan


def _unchanged_fields(plan: ReleasePlan, edition: Edition) -> list[Problem]:
    """Fields that must differ per edition (the legal deposit number) but were left unchanged."""
    depot = edition.colophon.get("depot_number")
    if not isinstance(depot, str):
        return []
    reason = None
    if plan.previous_snapshot:
        earlier = read_snapshot(plan.root, plan.previous_snapshot).get("depot_number")
        if earlier == depot:
            reason = f"is hetzelfde als in editie {plan.previous_snapshot}"
    year = DEPOT_YEAR.match(depot)
    if reason is None and year and year.group(1) != plan.edition_id[:4]:
        reason = f"hoort bij het jaar {year.group(1)}, niet bij {plan.edition_id[:4]}"
    if reason is None:
        return []
    pos = edition.origin.at("colophon", "depot_number")
    return [
        Problem(
            display_path(edition.origin.path),
            pos.line,
            pos.column,
            Severity.WARNING,
            "depot-number-unchanged",
            f"het depotnummer '{depot}' {reason}",
            "elke editie krijgt een eigen wettelijk depotnummer; vraag het aan en vul het in "
            "bij colophon.depot_number",
        )
    ]


def backup_folder(plan: ReleasePlan, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return plan.root / EDITIONS_DIR / BACKUP_DIR / f"{plan.edition_id}-{stamp}"


def needs_archived_pdf(root: Path, edition_id: str | None) -> bool:
    """Whether the recorded edition ``edition_id`` has no PDF kept in its folder yet."""
    if not edition_id:
        return False
    folder = root / EDITIONS_DIR / edition_id
    return (folder / "catalog.json").is_file() and not any(folder.glob("*.pdf"))


def archive_pdf(
    files: FileTransaction, root: Path, edition_id: str | None, pdf: Path | None
) -> Path | None:
    """Keep ``pdf`` (the current edition's) in its edition folder when it is not there yet."""
    if pdf is None or not pdf.is_file() or not needs_archived_pdf(root, edition_id):
        return None
    target = root / EDITIONS_DIR / str(edition_id) / pdf.name
    files.copy(pdf, target)
    return target


def apply_release(
    plan: ReleasePlan,
    files: FileTransaction,
    *,
    make_pdf: Callable[[Catalog], Path] | None = None,
) -> Changes:
    """Write the stamped edition, its snapshot, its changes and (with ``make_pdf``) its PDF."""
    if plan.redo:
        files.move_aside(plan.folder, backup_folder(plan))
    files.write_text(plan.root / EDITION_FILE, plan.edition_text)
    previous = read_snapshot(plan.root, plan.previous_snapshot) if plan.previous_snapshot else None
    current = snapshot(plan.catalog, plan.edition_id)
    files.write_text(
        plan.folder / "catalog.json", json.dumps(current, ensure_ascii=False, indent=1) + "\n"
    )
    changes = compare(previous, current)
    files.write_text(
        plan.folder / CHANGES_FILE,
        json.dumps(changes.as_json(), ensure_ascii=False, indent=1) + "\n",
    )
    if make_pdf is not None:
        pdf = make_pdf(plan.catalog)
        files.copy(pdf, plan.folder / pdf.name)
    return changes


def git_instructions(plan: ReleasePlan, files: FileTransaction) -> list[str]:
    """What the maintainer commits and tags after the release."""
    root = plan.root
    paths: list[str] = []
    for path in files.changed:
        try:
            relative = path.relative_to(root)
        except ValueError:
            continue
        if relative.parts[0] == EDITIONS_DIR and len(relative.parts) > 2:
            relative = Path(*relative.parts[:2])
        if relative.parts[0] in {EDITIONS_DIR, "content"} and str(relative) not in paths:
            paths.append(str(relative))
    label = plan.catalog.edition.label.lower() if plan.catalog.edition else plan.edition_id
    return [
        "Leg de editie vast in git:",
        f"  git add {' '.join(paths)}",
        f'  git commit -m "Editie {label}"',
        f"  git tag editie-{plan.edition_id}",
        f"  git push origin HEAD editie-{plan.edition_id}",
    ]
