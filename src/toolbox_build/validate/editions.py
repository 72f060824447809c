"""The published editions in editions/ are whole, readable and agree with content/edition.yaml.

A release that was interrupted (by an older version of this tool, which wrote file after file, or
killed between the commit and the end of the current one) leaves a half edition: stamped without
its snapshot, a snapshot without its changes, a folder without the stamp. Each is an error here,
with the command that finishes it and the one that undoes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..catalog.editions import (
    CHANGES_FILE,
    EDITIONS_DIR,
    SNAPSHOT_FILE,
    SnapshotError,
    edition_folder,
    editions,
    interrupted_releases,
    read_changes,
    read_snapshot,
)
from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at

_START = Position(1, 1)


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    root = catalog.root
    interrupted = interrupted_releases(root)
    for journal, edition_id in interrupted:
        which = f"van editie {edition_id} " if edition_id else ""
        yield problem_at(
            journal,
            _START,
            "release-interrupted",
            f"de release {which}is onderbroken: niet alle bestanden staan op hun plaats",
            "maak ze af met toolbox release --finish",
        )
    published = editions(root)
    for edition_id in published:
        yield from _whole(root, edition_id)
    if not published or catalog.edition is None or interrupted:
        return  # an interrupted release explains the stamp; --finish puts it right
    stamped, latest = catalog.edition.date[:7], published[-1]
    origin = catalog.edition.origin
    if stamped > latest:
        yield problem_at(
            origin.path,
            origin.at("date"),
            "edition-unfinished",
            f"content/edition.yaml beschrijft editie {stamped}, maar {EDITIONS_DIR}/{stamped}/"
            " ontbreekt: die release is niet afgemaakt",
            f"maak ze af met toolbox release {stamped}, of maak ze ongedaan met"
            " git checkout -- content/edition.yaml",
        )
    elif stamped < latest:
        yield problem_at(
            origin.path,
            origin.at("date"),
            "edition-unfinished",
            f"{EDITIONS_DIR}/{latest}/ bestaat, maar content/edition.yaml beschrijft nog editie"
            f" {stamped}: die release is niet afgemaakt",
            f"maak ze af met toolbox release {latest} --force, of maak ze ongedaan door"
            f" {EDITIONS_DIR}/{latest}/ te verwijderen (git rm -r {EDITIONS_DIR}/{latest})",
        )


def unfinished_edition(catalog: Catalog) -> str | None:
    """The edition a release left half-way (stamp and folders disagree), which releasing that
    edition again finishes; None when they agree."""
    published = editions(catalog.root)
    if not published or catalog.edition is None:
        return None
    stamped, latest = catalog.edition.date[:7], published[-1]
    if stamped != latest:
        return max(stamped, latest)
    if not (edition_folder(catalog.root, latest) / CHANGES_FILE).is_file():
        return latest
    return None


def _whole(root: Path, edition_id: str) -> Iterator[Problem]:
    folder = edition_folder(root, edition_id)
    for name, read in ((SNAPSHOT_FILE, read_snapshot), (CHANGES_FILE, read_changes)):
        try:
            read(root, edition_id)
        except SnapshotError as exc:
            yield problem_at(exc.path, _START, "edition-file", exc.message, exc.hint)
        except OSError as exc:
            yield problem_at(
                folder / name,
                _START,
                "edition-file",
                f"kan niet gelezen worden ({exc.strerror or exc})",
                "herstel het bestand uit git",
            )
    if not (folder / CHANGES_FILE).is_file():
        yield problem_at(
            folder,
            _START,
            "edition-unfinished",
            f"editie {edition_id} heeft geen {CHANGES_FILE}: die release is niet afgemaakt",
            f"maak ze opnieuw met toolbox release {edition_id} --force (enkel de laatste editie),"
            f" of verwijder {EDITIONS_DIR}/{edition_id}/ (git rm -r {EDITIONS_DIR}/{edition_id})",
        )
