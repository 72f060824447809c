"""Defects a security review found, each reproduced: a value that git reads as an option, an
output folder that is not the build's own, a site swap that a crash leaves half done, and
tracebacks or hangs where a Dutch message belongs. Every test checks the exact message."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult

RunCli = Callable[..., CliResult]


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _commit_all(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")


# -- A ref that git would read as an option ------------------------------------------------------

DASH_REF_MESSAGE = (
    "toolbox: ongeldige git-referentie '--output=gestolen.txt': een referentie begint niet met "
    "'-' (bijvoorbeeld main, origin/main of HEAD~1)\n"
)


def test_check_links_only_new_refuses_a_ref_that_is_an_option(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("check-links", "--only-new=--output=gestolen.txt")
    assert result.exit_code == 2
    assert result.err == DASH_REF_MESSAGE
    assert not (project / "gestolen.txt").exists()


def test_validate_changed_refuses_a_ref_that_is_an_option(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("validate", "--changed=--output=gestolen.txt")
    assert result.exit_code == 2
    assert result.err == DASH_REF_MESSAGE
    assert not (project / "gestolen.txt").exists()


def test_check_links_only_new_refuses_a_ref_that_names_no_commit(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("check-links", "--only-new", "geen-ref")
    assert result.exit_code == 2
    assert result.err == (
        "toolbox: onbekende git-referentie 'geen-ref': geen commit met die naam "
        "(bijvoorbeeld main, origin/main of HEAD~1)\n"
    )
