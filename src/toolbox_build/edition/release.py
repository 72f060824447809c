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
from typing import Any

from ..catalog.editions import (
    CHANGES_FILE,
    EDITION_ID,
    EDITIONS_DIR,
    MONTHS,
    REPLACED_DIR,
    SNAPSHOT_FILE,
    Changes,
    SnapshotError,
    editions,
    read_snapshot,
)
from ..catalog.model import Catalog, Edition
from ..catalog.schema_check import schema_violations
from ..catalog.yaml_source import YamlLoadError, parse_yaml
from ..problems import Problem, Severity, display_path
from .journal import (
    EDITION_FILE,
    PREVIOUS_PDF_DIR,
    Journal,
    commit,
    discard_staging,
    stage_folder,
    undo,
    write_file,
)
from .snapshot import compare, snapshot

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
            f"bewaard in {EDITIONS_DIR}/{REPLACED_DIR}/)"
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
        try:
            earlier = read_snapshot(plan.root, plan.previous_snapshot).get("depot_number")
        except (OSError, SnapshotError):
            earlier = None  # the validator reports the snapshot
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


def replaced_folder(plan: ReleasePlan, now: dt.datetime | None = None) -> str:
    """Where a folder replaced with --force is kept, relative to the project (tracked by git)."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{EDITIONS_DIR}/{REPLACED_DIR}/{plan.edition_id}-{stamp}"


def needs_archived_pdf(root: Path, edition_id: str | None) -> bool:
    """Whether the recorded edition ``edition_id`` has no PDF kept in its folder yet."""
    if not edition_id:
        return False
    folder = root / EDITIONS_DIR / edition_id
    return (folder / "catalog.json").is_file() and not any(folder.glob("*.pdf"))


@dataclass
class Release:
    """A prepared or committed release: its plan, changes, journal and what it wrote."""

    plan: ReleasePlan
    changes: Changes
    journal: Journal
    staging: Path


def prepare_release(
    plan: ReleasePlan,
    records: dict[str, Any],
    *,
    make_pdf: Callable[[Catalog], Path] | None = None,
    previous_pdf: Path | None = None,
) -> Release:
    """Write everything the release adds into a staging folder; the repository is untouched.

    ``previous_pdf`` is the PDF of the edition being replaced, kept in that edition's folder when
    it has none yet. Raises ReleaseError when an earlier snapshot cannot be read.
    """
    root = plan.root
    try:
        previous = read_snapshot(root, plan.previous_snapshot) if plan.previous_snapshot else None
    except SnapshotError as exc:
        raise ReleaseError(f"{exc.path}: {exc.message} — {exc.hint}") from None
    staging = stage_folder(root, plan.edition_id)
    try:  # killed here, the staging folder is ignored and the next release removes it
        current = snapshot(plan.catalog, plan.edition_id, records)
        write_file(staging / SNAPSHOT_FILE, _json_bytes(current))
        changes = compare(previous, current)
        write_file(staging / CHANGES_FILE, _json_bytes(changes.as_json()))
        if make_pdf is not None:
            pdf = make_pdf(plan.catalog)
            write_file(staging / pdf.name, pdf.read_bytes())
        journal = Journal(
            plan.edition_id,
            plan.edition_text,
            (root / EDITION_FILE).read_text(encoding="utf-8"),
            replaced_to=replaced_folder(plan) if plan.redo else None,
        )
        if (
            previous_pdf is not None
            and previous_pdf.is_file()
            and plan.previous_edition != plan.edition_id
            and needs_archived_pdf(root, plan.previous_edition)
        ):
            write_file(staging / PREVIOUS_PDF_DIR / previous_pdf.name, previous_pdf.read_bytes())
            journal.archive = [str(plan.previous_edition), previous_pdf.name]
    except BaseException:
        discard_staging(staging)  # nothing in the repository was touched
        raise
    return Release(plan, changes, journal, staging)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def commit_release(release: Release) -> None:
    commit(release.plan.root, release.staging, release.journal)


def undo_release(release: Release) -> list[str]:
    """Undo a committed release (a later step failed); returns what could not be restored."""
    return undo(release.plan.root, release.journal)


def git_instructions(release: Release) -> list[str]:
    """What the maintainer commits and tags after the release."""
    plan, journal = release.plan, release.journal
    paths = [EDITION_FILE, f"{EDITIONS_DIR}/{plan.edition_id}"]
    if journal.archive:
        paths.append(f"{EDITIONS_DIR}/{journal.archive[0]}")
    if journal.replaced_to:
        paths.append(journal.replaced_to)
    label = plan.catalog.edition.label_in_sentence if plan.catalog.edition else plan.edition_id
    return [
        "Leg de editie vast in git:",
        f"  git add {' '.join(paths)}",
        f'  git commit -m "Editie {label}"',
        f"  git tag editie-{plan.edition_id}",
        f"  git push origin HEAD editie-{plan.edition_id}",
    ]
