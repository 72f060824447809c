"""Where a build may write, and one build at a time.

A build replaces its output folder as a whole. That is only safe for a folder the tool made
itself: ``toolbox build --site-dir .`` must not wipe the project (with its .git), and ``..`` must
not wipe its parent. A marker file inside every output folder says "made by toolbox"; any other
folder is refused unless it is empty. Two builds in one project take turns through a lock file,
so neither leaves a half-swapped site behind.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..problems import safe_text

MARKER = ".toolbox-output"
MARKER_TEXT = "Made by `toolbox build`; the whole folder is replaced on the next build.\n"
# Folders of a project that hold sources: never an output folder, nor inside one.
SOURCE_FOLDERS = (
    ".git",
    "content",
    "tools_catalog",
    "editions",
    "overrides",
    "templates",
    "src",
    "tests",
    ".github",
    "scripts",
)
LOCK_FILE = "build/.toolbox.lock"


class OutputDirError(Exception):
    """The output folder may not be written; the message says why and what to do (Dutch)."""


def check_output_dir(root: Path, target: Path) -> None:
    """Refuse ``target`` unless replacing it can only remove an earlier build's output."""
    root = root.resolve()
    target = target.resolve()
    if target == root or root.is_relative_to(target):
        raise OutputDirError(
            f"uitvoermap '{target}' is het project zelf of een map erboven; kies een aparte map "
            "zoals site/"
        )
    home = Path.home().resolve()
    if target in (Path(target.anchor), home):
        raise OutputDirError(
            f"uitvoermap '{target}' is een systeem- of thuismap; kies een aparte map"
        )
    if target.is_relative_to(root):
        first = target.relative_to(root).parts[0]
        if first in SOURCE_FOLDERS:
            raise OutputDirError(
                f"uitvoermap '{target}' ligt in de bronmap {first}/; kies een map zoals site/"
            )
    if target.is_symlink():
        raise OutputDirError(f"uitvoermap '{target}' is een symbolische link; kies een gewone map")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputDirError(f"uitvoermap '{target}' is een bestand, geen map")
    if (target / MARKER).is_symlink():
        raise OutputDirError(
            f"uitvoermap '{target}': het bestand {MARKER} is een symbolische link, niet het "
            "merkteken van een eerdere build; toolbox vervangt alleen zijn eigen uitvoer — kies "
            "een andere map, of verwijder de link als de map weg mag"
        )
    tracked = _tracked_file(target)
    if tracked is not None:
        raise OutputDirError(
            f"uitvoermap '{target}' bevat bestanden die git bijhoudt (bv. {tracked}); toolbox "
            "vervangt alleen zijn eigen uitvoer — kies een andere map, zoals site/"
        )
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return
    raise OutputDirError(
        f"uitvoermap '{target}' bestaat al en is niet door toolbox gemaakt (het bestand {MARKER} "
        "ontbreekt); toolbox vervangt alleen zijn eigen uitvoer — kies een nieuwe of lege map, of "
        "verwijder deze map zelf als ze weg mag"
    )


def _tracked_file(folder: Path) -> str | None:
    """A file below ``folder`` that git tracks (the folder is part of the sources, even when
    someone committed a marker into it), or None; None too outside a git repository."""
    try:
        found = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z", "--", "."],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git here: nothing it tracks
    if found.returncode != 0 or not found.stdout:
        return None
    first = found.stdout.split(b"\0", 1)[0].decode("utf-8", errors="replace")
    return safe_text(first)


def mark_output(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock; a second build waits until the first is done."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("toolbox: een andere build loopt in dit project; even wachten …", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
