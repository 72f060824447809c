"""Files the tool may read: regular files inside the project, nothing that leads elsewhere.

Every folder the tool reads (records, content, theme overrides, templates, editions) is walked
without following links. A symbolic link that resolves outside the project or into a hidden
folder (``.git``), or a special file (a FIFO would hang the reader, ``/dev/zero`` would fill the
memory), is reported and never read or published.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

READ_FOLDERS = ("tools_catalog", "content", "overrides", "templates", "editions")
READ_FILES = ("mkdocs.yml",)


@dataclass(frozen=True)
class UnsafeEntry:
    path: Path
    message: str
    hint: str


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "een FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaatbestand"
    if stat.S_ISSOCK(mode):
        return "een socket"
    return None


def entry_problem(path: Path, root: Path) -> tuple[str, str] | None:
    """(message, hint) when ``path`` may not be read, else None. ``root`` is resolved."""
    try:
        own = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(own.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return (
                "symbolische link die nergens heen wijst (of een lus)",
                "verwijder de link of vervang ze door het bestand zelf",
            )
        if not target.is_relative_to(root):
            return (
                f"symbolische link naar '{target}', buiten het project; die wordt niet gelezen",
                "zet het bestand zelf in het project in plaats van een link",
            )
        if any(part.startswith(".") for part in target.relative_to(root).parts):
            return (
                "symbolische link naar een verborgen map van het project (zoals .git)",
                "verwijder de link; verborgen mappen worden nooit gepubliceerd",
            )
        try:
            mode = target.stat().st_mode
        except OSError:
            return (
                "symbolische link die nergens heen wijst (of een lus)",
                "verwijder de link of vervang ze door het bestand zelf",
            )
    else:
        mode = own.st_mode
    kind = _special(mode)
    if kind:
        return (f"{kind}, geen gewoon bestand; dat wordt niet gelezen", "verwijder het")
    return None


def unsafe_entries(root: Path) -> Iterator[UnsafeEntry]:
    """Every entry under the folders the tool reads that may not be read, in path order."""
    root = root.resolve()
    for name in READ_FILES:
        problem = entry_problem(root / name, root)
        if problem:
            yield UnsafeEntry(root / name, *problem)
    for folder in READ_FOLDERS:
        top = root / folder
        problem = entry_problem(top, root)
        if problem:
            yield UnsafeEntry(top, *problem)
            continue
        if top.is_dir():
            yield from _unsafe_below(top, root)


def _unsafe_below(folder: Path, root: Path) -> Iterator[UnsafeEntry]:
    """Walk ``folder`` without following links. The directory listing says which entries are
    plain files and folders (no stat() for each of 15,000 records); only the others, links and
    special files, get the careful look of entry_problem."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: (not is_dir_entry(e), e.name))
    for entry in entries:
        plain = not entry.is_symlink() and (
            entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)
        )
        if not plain:
            problem = entry_problem(Path(entry.path), root)
            if problem:
                yield UnsafeEntry(Path(entry.path), *problem)
        elif entry.is_dir(follow_symlinks=False):
            yield from _unsafe_below(Path(entry.path), root)


def is_dir_entry(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder (through a link too); False for a link that loops or
    leads nowhere, which entry_problem then reports."""
    try:
        return entry.is_dir()
    except OSError:
        return False
