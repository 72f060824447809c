"""A large catalogue is parsed in worker processes, its rules run in two processes and half of
its tool pages are rendered in a second process; the results must be exactly those of doing
everything in one process.

The thresholds are lowered so the small project takes the parallel paths.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from toolbox_build import forked
from toolbox_build.catalog import load
from toolbox_build.problems import Problem, Severity
from toolbox_build.site import pages
from toolbox_build.site.build import render_docs
from toolbox_build.validate import rule_runner, validate_project

FIXTURES = Path(__file__).parent / "fixtures"
# Records that fail in different places: YAML syntax, the loader's own refusals, the schema,
# the rules after it, and warnings from the parser.
BROKEN = [
    "unclosed_quote",
    "alias_bomb",
    "duplicate_key",
    "not_utf8",
    "missing_required",
    "unknown_field_typo",
    "owner_unknown",
    "mixed_script",
    "near_url",
    "similar_domain",
    "comment_cuts_value",
    "curly_quotes",
    "placeholder",
]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    for name in BROKEN:
        shutil.copyfile(
            FIXTURES / "records" / f"{name}.yaml",
            root / "tools_catalog" / f"{name.replace('_', '-')}.yaml",
        )
    return root


def test_parallel_reading_and_rules_report_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    serial = validate_project(root)

    pools: list[object] = []
    real_pool = load.ProcessPoolExecutor

    def counting_pool(*args: object, **kwargs: object) -> object:
        pool = real_pool(*args, **kwargs)  # type: ignore[arg-type]
        pools.append(pool)
        return pool

    monkeypatch.setattr(load, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load, "CHUNK", 3)
    monkeypatch.setattr(load, "ProcessPoolExecutor", counting_pool)
    monkeypatch.setattr(rule_runner, "PARALLEL_FROM", 1)
    parallel = validate_project(root)

    assert pools, "the files were not parsed in worker processes"
    codes = {p.code for p in serial.problems}
    assert {"yaml-syntax", "yaml-alias", "duplicate-key", "encoding", "missing-field"} <= codes
    assert {"unknown-owner", "mixed-script", "near-url", "comment-in-value"} <= codes
    assert parallel.problems == serial.problems
    assert sorted(parallel.catalog.tools) == sorted(serial.catalog.tools)


def _pid_rule(name: str):  # type: ignore[no-untyped-def]
    def rule(catalog: object, documents: object) -> list[Problem]:
        return [Problem(name, 1, 1, Severity.WARNING, "pid", str(os.getpid()))]

    return rule


def test_rules_for_the_second_process_run_in_a_forked_child(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(rule_runner, "PARALLEL_FROM", 1)
    result = validate_project(_project(tmp_path))
    here, there = _pid_rule("here"), _pid_rule("there")
    problems = rule_runner.run_rules([here, there], [there], result.catalog, [])
    pids = {p.path: p.message for p in problems}
    assert pids["here"] == str(os.getpid())
    assert pids["there"] != str(os.getpid())


def test_a_rule_that_fails_in_the_child_runs_again_here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(rule_runner, "PARALLEL_FROM", 1)
    result = validate_project(_project(tmp_path))
    parent = os.getpid()

    def fails_in_child(catalog: object, documents: object) -> list[Problem]:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return [Problem("again", 1, 1, Severity.WARNING, "pid", str(os.getpid()))]

    problems = rule_runner.run_rules([fails_in_child], [fails_in_child], result.catalog, [])
    assert [p.message for p in problems] == [str(parent)]


def test_tool_pages_rendered_in_two_processes_are_the_pages_of_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = validate_project(project).catalog
    serial, _ = render_docs(catalog, project)

    forks: list[bool] = []

    def spy(here, there, *, worth_it=True):  # type: ignore[no-untyped-def]
        forks.append(worth_it and forked.can_fork())
        return forked.in_two_processes(here, there, worth_it=worth_it)

    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "in_two_processes", spy)
    parallel, _ = render_docs(catalog, project)
    assert forks == [forked.can_fork()] and forks[0] is True
    assert [(f.path, f.text) for f in parallel] == [(f.path, f.text) for f in serial]
