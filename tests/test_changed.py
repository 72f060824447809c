"""`toolbox validate --changed REF` reports only on files changed since a git ref."""

from __future__ import annotations

import shutil
import subprocess

from .conftest import FIXTURES


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_only_changed_files_are_reported(project, run_cli):
    _git(project, "init", "-q")
    _git(
        project,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "0",
    )
    shutil.copyfile(
        FIXTURES / "records" / "owner_unknown.yaml", project / "tools_catalog" / "a.yaml"
    )
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    shutil.copyfile(
        FIXTURES / "records" / "javascript_link.yaml", project / "tools_catalog" / "b.yaml"
    )
    everything = run_cli("validate")
    assert {line.split(":")[0] for line in everything.lines[:-1]} == {
        "tools_catalog/a.yaml",
        "tools_catalog/b.yaml",
    }
    changed = run_cli("validate", "--changed", "HEAD")
    reported = [
        (line.split(":")[0], line.split("[")[1].split("]")[0]) for line in changed.lines[:-1]
    ]
    # a.yaml's unknown owner was there before the change and stays out; the row number that
    # b.yaml takes from a.yaml is caused by the change and is reported on both.
    assert ("tools_catalog/a.yaml", "unknown-owner") not in reported
    assert ("tools_catalog/a.yaml", "duplicate-order") in reported
    assert ("tools_catalog/b.yaml", "duplicate-order") in reported
    assert {path for path, _ in reported} == {"tools_catalog/a.yaml", "tools_catalog/b.yaml"}
    assert changed.lines[-1].startswith("2 bestanden gecontroleerd:")
    assert changed.exit_code == 1


def test_unknown_ref_is_a_usage_error(project, run_cli):
    _git(project, "init", "-q")
    result = run_cli("validate", "--changed", "geen-ref")
    assert result.exit_code == 2
    assert result.err == (
        "toolbox: onbekende git-referentie 'geen-ref': geen commit met die naam "
        "(bijvoorbeeld main, origin/main of HEAD~1)\n"
    )
