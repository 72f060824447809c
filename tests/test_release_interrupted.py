"""A release killed at any moment leaves the repository as before or as after (SIGKILL).

Each test runs `toolbox release` in a child process that kills itself (SIGKILL, which no handler
sees) at one moment, then compares the repository's files, as git sees them, with a copy that was
never released and with a copy released without interruption.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO_ROOT, run_git

# Runs the CLI with one function replaced by one that kills the process before or after it runs
# (optionally only for a call whose first argument ends with a given text).
KILLER = """
import importlib, os, signal, sys
target, when, suffix = sys.argv[1:4]
module_name, _, attr_path = target.partition(":")
owner = importlib.import_module(module_name)
*parents, attr = attr_path.split(".")
for name in parents:
    owner = getattr(owner, name)
original = getattr(owner, attr)

def killing(*args, **kwargs):
    hit = not suffix or (args and str(args[0]).endswith(suffix))
    if hit and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if hit and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, attr, killing)
from toolbox_build.cli import main
sys.exit(main(sys.argv[4:]))
"""


def _repository(root: Path) -> dict[str, bytes]:
    """Every file git sees (tracked or new, not ignored), with its bytes."""
    names = run_git(root, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    return {n: (root / n).read_bytes() for n in names if n and (root / n).is_file()}


@pytest.fixture
def git_project(site_project: Path) -> Path:
    shutil.copyfile(REPO_ROOT / ".gitignore", site_project / ".gitignore")
    run_git(site_project, "init", "-q")
    run_git(site_project, "add", "-A")
    run_git(site_project, "commit", "-q", "-m", "start")
    return site_project


def _release(root: Path, *args: str, kill: tuple[str, str, str] | None = None):
    script = ["-c", KILLER, *kill] if kill else ["-m", "toolbox_build.cli"]
    return subprocess.run(
        [sys.executable, *script, "release", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _validate(root: Path):
    return subprocess.run(
        [sys.executable, "-m", "toolbox_build.cli", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def released(git_project: Path, tmp_path: Path):
    """The repository after an uninterrupted release of 2025-02, made from a copy."""

    def make(*args: str) -> dict[str, bytes]:
        copy = tmp_path / f"released{'-'.join(args)}"
        shutil.copytree(git_project, copy)
        result = _release(copy, "2025-02", *args)
        assert result.returncode == 0, result.stderr
        return _repository(copy)

    return make


BEFORE_COMMIT = {
    "during the snapshot": ("toolbox_build.edition.release:snapshot", "after", ""),
    "between snapshot and changes": ("toolbox_build.edition.release:compare", "before", ""),
    "while staging a file": ("toolbox_build.edition.journal:write_file", "after", "changes.json"),
}


@pytest.mark.parametrize("moment", list(BEFORE_COMMIT))
def test_killed_before_the_commit_leaves_the_repository_as_before(git_project, moment):
    before = _repository(git_project)
    killed = _release(git_project, "2025-02", "--skip-build", kill=BEFORE_COMMIT[moment])
    assert killed.returncode == -9
    assert _repository(git_project) == before
    assert _validate(git_project).returncode == 0
    # The next release starts afresh: the staged leftovers are removed.
    again = _release(git_project, "2025-02", "--skip-build")
    assert again.returncode == 0, again.stderr
    assert not list((git_project / "editions").glob(".release-*"))


COMMITTING = {
    "at the commit point": ("toolbox_build.edition.journal:_save", "after", ""),
    "after the folder is in place": ("os:rename", "after", "2025-02"),
    "after the stamp": (
        "toolbox_build.edition.journal:write_file",
        "after",
        "content/edition.yaml",
    ),
}


@pytest.mark.parametrize("moment", list(COMMITTING))
def test_killed_while_committing_is_reported_and_finished(git_project, released, moment):
    after = released("--skip-build")
    killed = _release(git_project, "2025-02", "--skip-build", kill=COMMITTING[moment])
    assert killed.returncode == -9
    check = _validate(git_project)
    assert check.returncode == 1
    journal = next((git_project / "editions").glob("*/.release.json"))
    where = journal.relative_to(git_project).as_posix()
    assert check.stdout.splitlines()[0] == (
        f"{where}:1:1: fout [release-interrupted] de release van editie 2025-02 is onderbroken:"
        " niet alle bestanden staan op hun plaats — maak ze af met toolbox release --finish"
    )
    refused = _release(git_project, "2026-02", "--skip-build")
    assert refused.returncode == 1
    finished = _release(git_project, "--finish")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == ["Release van editie 2025-02 afgemaakt."]
    assert _repository(git_project) == after
    assert _validate(git_project).returncode == 0


@pytest.mark.pdf
@pytest.mark.slow
def test_killed_during_the_pdf_or_the_site_is_as_before_or_as_after(git_project, released):
    before = _repository(git_project)
    after = released()
    during_pdf = _release(
        git_project, "2025-02", kill=("toolbox_build.pdf.edition:build_pdf", "before", "")
    )
    assert during_pdf.returncode == -9
    assert _repository(git_project) == before
    during_site = _release(
        git_project, "2025-02", kill=("toolbox_build.site.build:write_docs", "after", "")
    )
    assert during_site.returncode == -9
    assert _repository(git_project) == after
    assert _validate(git_project).returncode == 0


def test_edition_files_are_readable_by_everyone(git_project):
    assert _release(git_project, "2025-02", "--skip-build").returncode == 0
    folder = git_project / "editions" / "2025-02"
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}
    assert modes == {"catalog.json": "0o644", "changes.json": "0o644"}
    assert oct((git_project / "content" / "edition.yaml").stat().st_mode & 0o777) == "0o644"


def _fake_pdf(root: Path) -> Path:
    pdf = root / "build" / "pdf" / "toolbox.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7\n")
    return pdf


def test_a_failed_undo_step_is_named_in_the_message(git_project, monkeypatch, capsys):
    from toolbox_build.edition import journal as journal_module

    original = journal_module.write_file
    monkeypatch.chdir(git_project)

    def edition_file_locked(path, data):
        if str(path).endswith("content/edition.yaml") and b"Testeditie" in data:
            raise OSError(13, "Toegang geweigerd")
        return original(path, data)

    monkeypatch.setattr("toolbox_build.cli._make_site", lambda *a: 1)
    monkeypatch.setattr("toolbox_build.cli._make_pdf", lambda catalog, root: _fake_pdf(root))
    monkeypatch.setattr(journal_module, "write_file", edition_file_locked)
    from toolbox_build.cli import main

    before = _repository(git_project)
    assert main(["release", "2025-02"]) == 1
    assert capsys.readouterr().err.splitlines()[-3:] == [
        "toolbox: editie niet uitgebracht; de wijzigingen zijn teruggezet.",
        "toolbox: niet teruggezet (zet dit met de hand terug, bv. met git checkout):",
        "  content/edition.yaml: Toegang geweigerd",
    ]
    # The other undo steps ran: only the file that could not be restored differs.
    now = _repository(git_project)
    assert sorted(k for k in now.keys() | before.keys() if now.get(k) != before.get(k)) == [
        "content/edition.yaml"
    ]
