"""A large catalogue is parsed in worker processes, its rules run in two processes and half of
its tool pages are rendered in a second process; the results must be exactly those of doing
everything in one process.

The thresholds are lowered so the small project takes the parallel paths.
"""

from __future__ import annotations

import logging
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


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_site_built_in_two_processes_is_mkdocs_own_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import importlib.metadata

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from toolbox_build.catalog.layout import ProjectLayout
    from toolbox_build.site import parallel_mkdocs
    from toolbox_build.site.build import write_config, write_docs

    from .conftest import REPO_ROOT

    catalog = validate_project(REPO_ROOT).catalog
    files, nav = render_docs(catalog, REPO_ROOT)
    paths = ProjectLayout(tmp_path)
    write_docs(files, paths.docs_dir)
    write_config(REPO_ROOT, paths, nav, tmp_path / "unused", catalog.settings)

    def config(site: Path):  # type: ignore[no-untyped-def]
        return load_config(config_file=str(paths.config_file), site_dir=str(site))

    forks: list[bool] = []

    def spy(here, there, *, worth_it=True):  # type: ignore[no-untyped-def]
        forks.append(worth_it and forked.can_fork())
        return forked.in_two_processes(here, there, worth_it=worth_it)

    monkeypatch.setattr(parallel_mkdocs, "in_two_processes", spy)
    mkdocs_build.build(config(tmp_path / "one"))
    parallel_mkdocs.build(config(tmp_path / "two"), split=True)

    assert forks == [True]
    one, two = _site_files(tmp_path / "one"), _site_files(tmp_path / "two")
    tool_pages = [p for p in one if p.startswith("tools/") and p.count("/") == 2]
    assert len(tool_pages) == len(catalog.tools)
    assert sorted(two) == sorted(one)
    assert [p for p in one if one[p] != two[p]] == []

    # With another MkDocs version than the one the split repeats, MkDocs' own build runs, even
    # when a split is asked for, and says so in one debug line only.
    real_version, real_build = importlib.metadata.version, mkdocs_build.build
    other = parallel_mkdocs.WRITTEN_FOR + ".post1"

    def version(name: str) -> str:
        return other if name == "mkdocs" else real_version(name)

    own: list[str] = []

    def own_build(config, *args, **kwargs):  # type: ignore[no-untyped-def]
        own.append(config.site_dir)
        return real_build(config, *args, **kwargs)

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setattr(mkdocs_build, "build", own_build)
    with caplog.at_level(logging.DEBUG):
        parallel_mkdocs.build(config(tmp_path / "three"), split=True)
    assert own == [str(tmp_path / "three")]
    assert forks == [True]  # no second split
    ours = [r for r in caplog.records if r.name.startswith("toolbox_build")]
    assert [(r.levelno, r.getMessage()) for r in ours] == [
        (
            logging.DEBUG,
            f"MkDocs {other}, not {parallel_mkdocs.WRITTEN_FOR}: MkDocs' own build (one process)",
        )
    ]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    three = _site_files(tmp_path / "three")
    assert sorted(three) == sorted(two)
    assert [p for p in two if two[p] != three[p]] == []


def _small_site(root: Path, pages: dict[str, str]) -> Path:
    """A minimal MkDocs project (built-in theme, no plugins): the home page in the navigation,
    the other pages outside it, strict, anchors checked as warnings."""
    docs = root / "docs"
    for name, text in {"index.md": "# Start\n", **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: t\ntheme: mkdocs\nplugins: []\nstrict: true\nnav:\n  - index.md\n"
        "not_in_nav: /tools/*.md\nvalidation:\n  anchors: warn\n",
        encoding="utf-8",
    )
    return config


def _split_build(config_file: Path) -> None:
    from mkdocs.config import load_config

    from toolbox_build.site import parallel_mkdocs

    config = load_config(config_file=str(config_file), site_dir=str(config_file.parent / "site"))
    assert parallel_mkdocs.can_split(config)
    parallel_mkdocs.build(config, split=True)


def test_anchors_are_checked_across_the_two_processes(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    # a.md (here) links to an anchor that b.md (the child) has: no warning.
    good = _small_site(
        tmp_path / "good",
        {"tools/a.md": "# A\n\n[daar](b.md#daar)\n", "tools/b.md": "# B\n\n## Daar\n"},
    )
    _split_build(good)
    assert (good.parent / "site" / "tools" / "b" / "index.html").is_file()
    # b.md (the child) links to an anchor that a.md (here) lacks: MkDocs' check, run here,
    # needs the child's links to see it.
    bad = _small_site(
        tmp_path / "bad",
        {"tools/a.md": "# A\n", "tools/b.md": "# B\n\n[nergens](a.md#nergens)\n"},
    )
    with pytest.raises(Abort, match="Aborted with 1 warnings in strict mode"):
        _split_build(bad)


def test_a_warning_on_a_page_the_child_wrote_is_logged_once_and_stops_a_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    # Sorted by path, tools/a.md is written here and tools/b.md in the child.
    config = _small_site(
        tmp_path, {"tools/a.md": "# A\n", "tools/b.md": "# B\n\n[weg](bestaat-niet.md)\n"}
    )
    with (
        caplog.at_level(logging.WARNING, logger="mkdocs"),
        pytest.raises(Abort, match="Aborted with 1 warnings in strict mode"),
    ):
        _split_build(config)
    # caplog sees only this process: the child's message reached it through the parent.
    said = [r.getMessage() for r in caplog.records if "bestaat-niet.md" in r.getMessage()]
    assert said == [
        "Doc file 'tools/b.md' contains a link 'bestaat-niet.md', but the target "
        "'tools/bestaat-niet.md' is not found among documentation files."
    ]


def test_a_page_that_fails_in_the_child_fails_the_build_with_one_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from jinja2 import TemplateNotFound

    config = _small_site(
        tmp_path, {"tools/a.md": "# A\n", "tools/b.md": "---\ntemplate: weg.html\n---\n# B\n"}
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(TemplateNotFound):
        _split_build(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith("Error building page 'tools/b.md': 'weg.html' not found")
