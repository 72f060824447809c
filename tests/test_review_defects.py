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


# -- An output folder that only looks like the build's own ---------------------------------------


def test_build_refuses_a_folder_git_tracks_even_with_a_committed_marker(
    site_project: Path, run_cli: RunCli
):
    bench = site_project / "bench"
    bench.mkdir()
    (bench / "bench_scale.py").write_text("print('meten')\n")
    (bench / ".toolbox-output").write_text("gemaakt door toolbox build\n")
    _commit_all(site_project)
    result = run_cli("build", "--no-pdf", "--site-dir", "bench")
    assert result.exit_code == 2
    assert result.err == (
        f"toolbox: niets gebouwd: uitvoermap '{bench}' bevat bestanden die git bijhoudt "
        "(bv. .toolbox-output); toolbox vervangt alleen zijn eigen uitvoer — kies een andere "
        "map, zoals site/\n"
    )
    assert (bench / "bench_scale.py").read_text() == "print('meten')\n"


def test_build_refuses_a_folder_whose_marker_is_a_symbolic_link(
    site_project: Path, run_cli: RunCli
):
    mine = site_project.parent / "documenten"
    mine.mkdir()
    (mine / "brief.txt").write_text("belangrijk")
    elsewhere = site_project.parent / "merkteken"
    elsewhere.write_text("gemaakt door toolbox build\n")
    (mine / ".toolbox-output").symlink_to(elsewhere)
    result = run_cli("build", "--no-pdf", "--site-dir", str(mine))
    assert result.exit_code == 2
    assert result.err == (
        f"toolbox: niets gebouwd: uitvoermap '{mine}': het bestand .toolbox-output is een "
        "symbolische link, niet het merkteken van een eerdere build; toolbox vervangt alleen "
        "zijn eigen uitvoer — kies een andere map, of verwijder de link als de map weg mag\n"
    )
    assert (mine / "brief.txt").read_text() == "belangrijk"
