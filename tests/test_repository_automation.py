"""Workflows and hooks call only commands the CLI really has."""

from __future__ import annotations

import shlex

import pytest
import yaml

from toolbox_build.cli import _parser

from .conftest import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))


def _toolbox_calls(script: str) -> list[list[str]]:
    calls = []
    for line in script.splitlines():
        words = shlex.split(line.replace("${{", "").replace("}}", ""), comments=True)
        for i, word in enumerate(words):
            if word.endswith("toolbox") and word.split("/")[-1] == "toolbox":
                calls.append(words[i + 1 :])
    return calls


def test_there_are_workflows_for_pull_requests_main_and_links():
    names = {p.stem for p in WORKFLOWS}
    assert {"pull-request", "publish", "link-check"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_toolbox_command_in_a_workflow_parses(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data.get("jobs")
    calls = []
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            calls += _toolbox_calls(step.get("run", ""))
    assert calls, "the workflow calls no toolbox command"
    for call in calls:
        _parser().parse_args(call)  # SystemExit (a failure) for an unknown command or flag


def test_pre_commit_hook_runs_the_validator():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    calls = [c for e in entries for c in _toolbox_calls(e)]
    assert ["validate"] in calls
    for call in calls:
        _parser().parse_args(call)
