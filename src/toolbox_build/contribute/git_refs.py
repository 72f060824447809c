"""Git helpers: which files changed since a ref, and which problems a change caused.

``validate --changed REF`` on a pull request validates the project twice: as it is in REF (the
tree exported with ``git archive`` into a temporary folder) and as it is now. It reports every
problem in a changed file, plus every problem elsewhere that REF did not have: a change can break
a file it did not touch (a copied record repeats a row number of the original; a renamed
organisation id leaves other records pointing nowhere).
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..problems import Problem, display_path, safe_text
from ..validate import validate_project

_LINE_MENTION = re.compile(r"\bregel \d+")


def _run(root: Path, *args: str) -> bytes:
    run = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    if run.returncode != 0:
        stderr = run.stderr.decode("utf-8", errors="replace").strip()
        message = stderr.splitlines()[-1] if stderr else "git faalde"
        raise ValueError(f"git {' '.join(args)}: {message}")
    return run.stdout


def _git(root: Path, *args: str) -> list[str]:
    output = _run(root, *args).decode("utf-8", errors="replace")
    return [line for line in output.splitlines() if line]


def changed_files(root: Path, ref: str) -> set[Path]:
    """Absolute paths of files that differ from ``ref``: committed since, staged, unstaged, new."""
    top = Path(_git(root, "rev-parse", "--show-toplevel")[0])
    verify_ref(root, ref)
    names = set(
        _git(root, "-c", "core.quotePath=false", "diff", "--name-only", "--end-of-options", ref)
    )
    names |= set(
        _git(root, "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard")
    )
    return {(top / name).resolve() for name in names}


def verify_ref(root: Path, ref: str) -> None:
    """Refuse a ref that names no commit, with a message a contributor understands.

    A ref that starts with '-' is refused before git sees it: git would read it as an option
    (``--output=FILE`` makes ``git diff`` write FILE). Every git call below also passes the
    ref after ``--end-of-options``.
    """
    if ref.startswith("-"):
        raise ValueError(
            f"ongeldige git-referentie '{safe_text(ref)}': een referentie begint niet met '-' "
            "(bijvoorbeeld main, origin/main of HEAD~1)"
        )
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        raise ValueError(
            f"onbekende git-referentie '{safe_text(ref)}': geen commit met die naam "
            "(bijvoorbeeld main, origin/main of HEAD~1)"
        )


def added_lines(root: Path, ref: str, *paths: str) -> list[str]:
    """Lines added since ``ref`` in the given folders (committed, staged, unstaged or new)."""
    verify_ref(root, ref)
    lines = [
        line[1:]
        for line in _git(root, "diff", "--unified=0", "--end-of-options", ref, "--", *paths)
        if line.startswith("+") and not line.startswith("+++")
    ]
    for name in _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths):
        lines += (root / name).read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


@contextlib.contextmanager
def exported_tree(root: Path, ref: str) -> Iterator[Path]:
    """The project folder as it is in ``ref``, exported into a temporary folder.

    Yields the project root inside the export (the project may lie below the repository's top).
    Only regular files and folders are extracted (tarfile's ``data`` filter: no links, no paths
    outside the folder).
    """
    top = Path(_git(root, "rev-parse", "--show-toplevel")[0]).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    verify_ref(root, ref)
    treeish = f"{ref}:{prefix}" if prefix != "." else ref
    with tempfile.TemporaryDirectory(prefix="toolbox-base-") as folder:
        base = Path(folder) / "base"
        base.mkdir()
        try:
            archive = _run(top, "archive", "--format=tar", "--end-of-options", treeish)
        except ValueError:
            archive = b""  # the project folder does not exist in ref: nothing to compare with
        if archive:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                regular = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
                tar.extractall(base, members=regular, filter="data")
        yield base


@dataclass
class ChangeReport:
    """Problems a change is responsible for, and the files they were found in."""

    problems: list[Problem]
    files: set[Path]


def _key(problem: Problem, root: Path) -> tuple[str, str, str]:
    path = Path(problem.path)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        where = absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        where = problem.path
    # A message may name a line elsewhere ("eerst op regel 12"): lines move, problems do not.
    return (where, problem.code, _LINE_MENTION.sub("regel …", problem.message))


def caused_problems(root: Path, ref: str) -> ChangeReport:
    """Every problem in a changed file, and every problem elsewhere that ``ref`` did not have.

    Problems are matched on file, code and message (not on line: lines move). Both validations
    run with the project's root as working directory, so messages that name other files use
    the same relative paths in both; the returned problems name files relative to the caller's
    working directory, like a plain ``validate``.
    """

    root = root.resolve()
    changed = changed_files(root, ref)
    before: Counter[tuple[str, str, str]] = Counter()
    with exported_tree(root, ref) as base_root:
        if (base_root / "tools_catalog").is_dir() or (base_root / "content").is_dir():
            with contextlib.chdir(base_root):
                before.update(_key(p, base_root) for p in validate_project(base_root).problems)
    with contextlib.chdir(root):
        now = validate_project(root).problems
        counts = Counter(_key(p, root) for p in now)
        keys = [_key(p, root) for p in now]
    reported: list[Problem] = []
    files = {path for path in changed if _within(path, root)}
    for problem, key in zip(now, keys, strict=True):
        absolute = (root / problem.path).resolve()
        if absolute in changed or counts[key] > before[key]:
            reported.append(replace(problem, path=display_path(absolute)))
            files.add(absolute)
    return ChangeReport(reported, files)


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
