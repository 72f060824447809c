"""A release is all or nothing, also when the process is killed.

A release first prepares everything it will add in ``editions/.release-<id>/`` (the snapshot, the
changes, the PDFs), a hidden folder that nothing reads and git ignores: killed while preparing,
the repository is as before, and the next release removes the folder. It then writes a journal
(``.release.json``: the stamped ``content/edition.yaml``, where a replaced edition goes, which PDF
an earlier edition receives) and marks it "committing" with one atomic rename: that is the moment
the release happens. The few renames that follow are each repeatable, so a release killed among
them is finished by ``toolbox release --finish`` (the validator says so); the journal is removed
last. A failure after the commit (the site does not build) is undone step by step from the same
journal; an undo step that fails does not stop the others, and is named.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalog.editions import (
    EDITIONS_DIR,
    JOURNAL_FILE,
    STAGING_PREFIX,
    edition_folder,
    interrupted_releases,
)

EDITION_FILE = "content/edition.yaml"
PREVIOUS_PDF_DIR = ".previous"  # inside the staged folder: the PDF an earlier edition receives
FILE_MODE = 0o644


@dataclass
class Journal:
    """What a release changes besides adding its own edition folder."""

    edition_id: str
    edition_text: str  # content/edition.yaml, stamped
    original_edition_text: str  # content/edition.yaml before the release
    state: str = "prepared"  # "prepared" (may be discarded) or "committing" (must be finished)
    replaced_to: str | None = None  # redo with --force: where the replaced folder goes
    archive: list[str] = field(default_factory=list)  # [edition id, PDF name] given a kept PDF
    archive_existed: bool = False

    @classmethod
    def read(cls, path: Path) -> Journal:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**data)


def write_file(path: Path, data: bytes) -> None:
    """Write next to ``path`` and rename: a reader never sees half a file. Mode 0644."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stage_folder(root: Path, edition_id: str) -> Path:
    """A fresh, empty staging folder for ``edition_id`` (a leftover of a killed run is removed)."""
    folder = root / EDITIONS_DIR / f"{STAGING_PREFIX}{edition_id}"
    discard_staging(folder)
    folder.mkdir(parents=True)
    return folder


def discard_staging(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    with contextlib.suppress(OSError):  # editions/ itself, when the staging folder was all it held
        folder.parent.rmdir()


def _save(journal: Journal, path: Path) -> None:
    write_file(path, (json.dumps(asdict(journal), ensure_ascii=False, indent=1) + "\n").encode())


def commit(root: Path, staging: Path, journal: Journal) -> None:
    """Make the staged release the repository's state (see the module's docstring)."""
    journal.state = "committing"
    _save(journal, staging / JOURNAL_FILE)  # the commit point
    finish(root, journal)


def finish(root: Path, journal: Journal) -> None:
    """Do what a committed release still has to do; every step can be repeated."""
    target = edition_folder(root, journal.edition_id)
    staging = root / EDITIONS_DIR / f"{STAGING_PREFIX}{journal.edition_id}"
    if staging.is_dir():
        if journal.replaced_to and target.exists():
            replaced = root / journal.replaced_to
            replaced.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, replaced)
        os.rename(staging, target)
    if journal.archive:
        previous_id, name = journal.archive
        kept = target / PREVIOUS_PDF_DIR / name
        if kept.is_file():
            destination = edition_folder(root, previous_id) / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(kept, destination)
        with contextlib.suppress(FileNotFoundError):
            (target / PREVIOUS_PDF_DIR).rmdir()
    edition_file = root / EDITION_FILE
    if edition_file.read_text(encoding="utf-8") != journal.edition_text:
        write_file(edition_file, journal.edition_text.encode("utf-8"))
    (target / JOURNAL_FILE).unlink(missing_ok=True)


def pending(root: Path) -> list[tuple[Path, Journal | None]]:
    """Journals of releases that were committed but not finished (None: unreadable journal)."""
    found: list[tuple[Path, Journal | None]] = []
    for path, edition_id in interrupted_releases(root):
        try:
            journal: Journal | None = Journal.read(path) if edition_id else None
        except (OSError, ValueError, TypeError):
            journal = None
        found.append((path, journal))
    return found


def undo(root: Path, journal: Journal) -> list[str]:
    """Put the repository back as it was before ``journal``'s release was committed.

    Every step is tried; what could not be restored is returned (Dutch, one line each), so the
    maintainer knows exactly what to put back by hand.
    """
    failed: list[str] = []
    target = edition_folder(root, journal.edition_id)

    def attempt(what: str, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except OSError as exc:
            failed.append(f"{what}: {exc.strerror or exc}")

    def restore_edition_file() -> None:
        write_file(root / EDITION_FILE, journal.original_edition_text.encode("utf-8"))

    def remove_archived_pdf() -> None:
        if journal.archive and not journal.archive_existed:
            previous_id, name = journal.archive
            (edition_folder(root, previous_id) / name).unlink(missing_ok=True)

    def remove_edition() -> None:
        if target.exists():
            shutil.rmtree(target)

    def bring_back_replaced() -> None:
        if journal.replaced_to and (root / journal.replaced_to).exists():
            os.rename(root / journal.replaced_to, target)
            with contextlib.suppress(OSError):  # the parent folder, when the release made it
                (root / journal.replaced_to).parent.rmdir()

    attempt(EDITION_FILE, restore_edition_file)
    if journal.archive:
        attempt(f"{EDITIONS_DIR}/{journal.archive[0]}/{journal.archive[1]}", remove_archived_pdf)
    attempt(f"{EDITIONS_DIR}/{journal.edition_id}/", remove_edition)
    if journal.replaced_to:
        attempt(f"{journal.replaced_to}/", bring_back_replaced)
    return failed
