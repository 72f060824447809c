"""All-or-nothing file changes: every write is remembered so that a failure can undo them all.

Commands that touch several files (`toolbox release`, `toolbox new`) write through a
:class:`FileTransaction`. On an error they call :meth:`FileTransaction.rollback`, which puts back
exactly what the command changed: files it created are removed, files it overwrote get their
previous bytes back, folders it created are removed when empty, folders it moved aside return.
Nothing else is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


class FileTransaction:
    def __init__(self) -> None:
        self._originals: dict[Path, bytes | None] = {}
        self._created_dirs: list[Path] = []
        self._moves: list[tuple[Path, Path]] = []

    @property
    def changed(self) -> list[Path]:
        """Files written so far (created or overwritten), in the order they were first written."""
        return list(self._originals)

    def write_text(self, path: Path, text: str) -> None:
        self.write_bytes(path, text.encode("utf-8"))

    def write_bytes(self, path: Path, data: bytes) -> None:
        self._remember(path)
        self._make_parents(path.parent)
        # Write next to the target, then rename: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                # mkstemp makes 0600; a record or edition file is read by everyone (0644), or
                # keeps the mode of the file it replaces.
                os.fchmod(out.fileno(), path.stat().st_mode & 0o777 if path.is_file() else 0o644)
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def copy(self, source: Path, target: Path) -> None:
        self.write_bytes(target, source.read_bytes())

    def move_aside(self, folder: Path, backup: Path) -> None:
        """Move ``folder`` to ``backup`` (kept after success; moved back on rollback)."""
        self._make_parents(backup.parent)
        shutil.move(folder, backup)
        self._moves.append((folder, backup))

    def rollback(self) -> list[Path]:
        """Undo every change; an undo that fails does not stop the others. Returns the paths
        that could not be restored, so the caller can name them."""
        failed: list[Path] = []
        for path, original in reversed(list(self._originals.items())):
            try:
                if original is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(original)
            except OSError:
                failed.append(path)
        for folder in reversed(self._created_dirs):
            with contextlib.suppress(OSError):  # not empty: something else lives there now
                folder.rmdir()
        for folder, backup in reversed(self._moves):
            try:
                if backup.exists() and not folder.exists():
                    shutil.move(backup, folder)
            except OSError:
                failed.append(folder)
        self._originals.clear()
        self._created_dirs.clear()
        self._moves.clear()
        return failed

    def _remember(self, path: Path) -> None:
        if path not in self._originals:
            self._originals[path] = path.read_bytes() if path.is_file() else None

    def _make_parents(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for created in reversed(missing):
            created.mkdir()
            self._created_dirs.append(created)
