"""Which files changed since a git ref: for `validate --changed` on pull requests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> list[str]:
    run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        message = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "git faalde"
        raise ValueError(f"git {' '.join(args)}: {message}")
    return [line for line in run.stdout.splitlines() if line]


def changed_files(root: Path, ref: str) -> set[Path]:
    """Absolute paths of files that differ from ``ref``: committed since, staged, unstaged, new."""
    top = Path(_git(root, "rev-parse", "--show-toplevel")[0])
    names = set(_git(root, "diff", "--name-only", ref))
    names |= set(_git(root, "ls-files", "--others", "--exclude-standard"))
    return {(top / name).resolve() for name in names}


def added_lines(root: Path, ref: str, *paths: str) -> list[str]:
    """Lines added since ``ref`` in the given folders (committed, staged, unstaged or new)."""
    lines = [
        line[1:]
        for line in _git(root, "diff", "--unified=0", ref, "--", *paths)
        if line.startswith("+") and not line.startswith("+++")
    ]
    for name in _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths):
        lines += (root / name).read_text(encoding="utf-8", errors="replace").splitlines()
    return lines
