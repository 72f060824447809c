"""Shared fixtures: a small valid project copied to a temporary folder, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolbox_build.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CliResult:
    exit_code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/project (valid, two tools) as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def add_record(project: Path) -> Callable[[str], str]:
    """Copy tests/fixtures/records/<name>.yaml into the project; returns its relative path."""

    def add(name: str) -> str:
        # Saved under a valid id (hyphens), so only the fixture's own problem is reported.
        record_id = name.replace("_", "-")
        target = project / "tools_catalog" / f"{record_id}.yaml"
        shutil.copyfile(FIXTURES / "records" / f"{name}.yaml", target)
        return f"tools_catalog/{record_id}.yaml"

    return add


@pytest.fixture
def site_project(project: Path) -> Path:
    """The small project plus the repository's theme settings, ready for `toolbox build`."""
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "overrides", project / "overrides")
    return project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current renderer instead of comparing",
    )
